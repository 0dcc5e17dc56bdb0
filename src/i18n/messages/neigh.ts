/** Messages of src/layers/neigh (see ../catalog-types.ts). Keys start with `neigh.`. */
import type { Area } from '../catalog-types.js';

export const neigh = {
  'neigh.title': { en: 'Neighbour tables (ARP/NDISC): host-wide limits', zh: '邻居表（ARP/NDISC）：全主机范围的上限' },
  'neigh.list.semicolon': { en: '{a}; {b}', zh: '{a}；{b}' },
  'neigh.no-output': { en: 'no output', zh: '没有输出' },
  'neigh.probe.unreadable': { en: 'could not read {file}: {reason}', zh: '无法读取 {file}：{reason}' },
  'neigh.note.elsewhere': { en: 'the neighbour tables are host-wide: read on the host side', zh: '邻居表是全主机范围的：在宿主机一侧读取' },
  'neigh.note.entries': { en: '{table}: {n} entries', zh: '{table}：{n} 个表项' },
  'neigh.note.entries-of': { en: '{table}: {n} entries of gc_thresh3 {thresh3}', zh: '{table}：{n} 个表项（gc_thresh3 为 {thresh3}）' },
  'neigh.full.title-arp': {
    en: 'The ARP table was full {n} time(s) {window}: new neighbours could not be created',
    zh: 'ARP 表{window}满了 {n} 次：无法创建新的邻居表项',
  },
  'neigh.full.title-ndisc': {
    en: 'The IPv6 neighbour table was full {n} time(s) {window}: new neighbours could not be created',
    zh: 'IPv6 邻居表{window}满了 {n} 次：无法创建新的邻居表项',
  },
  'neigh.full.explanation': {
    en: 'The host\'s {table} (one table for every network namespace) held gc_thresh3 entries and garbage collection freed none, so new neighbour entries were refused and the packets waiting for them dropped (NEIGH_CREATEFAIL; dmesg: "neighbor table overflow"). Known destinations keep working; new ones are unreachable. Many pods or containers, or a large flat subnet, fill it.',
    zh: '宿主机的 {table}（所有网络命名空间共用一张表）已有 gc_thresh3 个表项，垃圾回收一个也没释放，于是新的邻居表项被拒绝，等待这些表项的包被丢弃（NEIGH_CREATEFAIL；dmesg："neighbor table overflow"）。已知的目的地照常可达，新的目的地不可达。大量 Pod 或容器、或者一个很大的扁平子网，都会把它填满。',
  },
  'neigh.full.action': {
    en: 'ip -s ntable show name {table} (entries against thresh3); ip -{v} neigh show | wc -l; raise the thresholds on the host: sysctl -w net.{fam}.neigh.default.gc_thresh3=<more>',
    zh: '`ip -s ntable show name {table}`（对比表项数与 thresh3）；`ip -{v} neigh show | wc -l`；在宿主机上调高阈值：`sysctl -w net.{fam}.neigh.default.gc_thresh3=<更大的值>`',
  },
  'neigh.note.listed': {
    en: '{table}: ip neigh lists {n} {family} neighbour(s), {counted} of them counted against gc_thresh3 ({thresh3}); only the namespace ip ran in',
    zh: '{table}：ip neigh 列出 {n} 个 {family} 邻居，其中 {counted} 个计入 gc_thresh3（{thresh3}）；只包括 ip 所在的命名空间',
  },
  'neigh.note.listed-no-thresh': {
    en: '{table}: ip neigh lists {n} {family} neighbour(s), {counted} of them counted against gc_thresh3 (gc_thresh3 not in the input); only the namespace ip ran in',
    zh: '{table}：ip neigh 列出 {n} 个 {family} 邻居，其中 {counted} 个计入 gc_thresh3（输入中没有 gc_thresh3）；只包括 ip 所在的命名空间',
  },
  'neigh.near.title-arp': {
    en: 'The ARP table is near its limit: {counted} entries listed, gc_thresh3 is {thresh3}',
    zh: 'ARP 表接近上限：列出了 {counted} 个表项，gc_thresh3 为 {thresh3}',
  },
  'neigh.near.title-ndisc': {
    en: 'The IPv6 neighbour table is near its limit: {counted} entries listed, gc_thresh3 is {thresh3}',
    zh: 'IPv6 邻居表接近上限：列出了 {counted} 个表项，gc_thresh3 为 {thresh3}',
  },
  'neigh.near.explanation': {
    en: "The host's {table} is one table for every network namespace, and the kernel refuses new neighbours once it holds gc_thresh3 entries that garbage collection cannot free (PERMANENT and externally learned ones are not counted). ip neigh shows only the namespace it ran in, so the table holds at least this many. Nothing shows that a packet was dropped yet: table_fulls would.",
    zh: '宿主机的 {table} 是所有网络命名空间共用的一张表；一旦其中垃圾回收无法释放的表项达到 gc_thresh3 个（PERMANENT 和外部学习到的表项不计），内核就会拒绝新的邻居。ip neigh 只显示它所在命名空间的表项，所以表中至少有这么多。目前还没有证据表明有包被丢弃：如果有，table_fulls 会增长。',
  },
  'neigh.near.action': {
    en: 'ip -s ntable show name {table} (entries against thresh3, table_fulls); if table_fulls rises, raise the thresholds on the host: sysctl -w net.{fam}.neigh.default.gc_thresh3={value}',
    zh: '`ip -s ntable show name {table}`（对比表项数与 thresh3，看 table_fulls）；如果 table_fulls 增长，在宿主机上调高阈值：`sysctl -w net.{fam}.neigh.default.gc_thresh3={value}`',
  },
  'neigh.unresolved.item': { en: '{entry}', zh: '{entry}' },
  'neigh.unresolved.item-probes': { en: '{entry} ({probes} probes unanswered)', zh: '{entry}（{probes} 次探测无应答）' },
  'neigh.note.unresolved': {
    en: '{n} unresolved neighbour(s) (no answer to ARP/ND): {shown}. Packets to them are dropped while they stay unresolved (the sender gets "No route to host"); that is state, not proof of a drop: check the address and the route (ip route get ADDRESS) and whether the neighbour is up; cat /proc/net/stat/arp_cache on the host (unresolved_discards, res_failed) counts the drops.',
    zh: '{n} 个邻居未解析（ARP/ND 无应答）：{shown}。在它们保持未解析期间，发往它们的包会被丢弃（发送方会收到 "No route to host"）；这只是状态，不能证明发生了丢包：请检查地址和路由（`ip route get ADDRESS`）以及邻居是否在线；宿主机上的 `cat /proc/net/stat/arp_cache`（unresolved_discards、res_failed）会统计这类丢包。',
  },
  'neigh.note.unresolved-more': {
    en: '{n} unresolved neighbour(s) (no answer to ARP/ND): {shown}; .... Packets to them are dropped while they stay unresolved (the sender gets "No route to host"); that is state, not proof of a drop: check the address and the route (ip route get ADDRESS) and whether the neighbour is up; cat /proc/net/stat/arp_cache on the host (unresolved_discards, res_failed) counts the drops.',
    zh: '{n} 个邻居未解析（ARP/ND 无应答）：{shown}；……。在它们保持未解析期间，发往它们的包会被丢弃（发送方会收到 "No route to host"）；这只是状态，不能证明发生了丢包：请检查地址和路由（`ip route get ADDRESS`）以及邻居是否在线；宿主机上的 `cat /proc/net/stat/arp_cache`（unresolved_discards、res_failed）会统计这类丢包。',
  },
  'neigh.fix.raise': {
    en: "Raise the host's ARP table limits (gc_thresh3 {t3} → {n3}, gc_thresh2 {t2} → {n2}, gc_thresh1 {t1} → {n1})",
    zh: '调高宿主机 ARP 表的上限（gc_thresh3 {t3} → {n3}，gc_thresh2 {t2} → {n2}，gc_thresh1 {t1} → {n1}）',
  },
  'neigh.parse.ip-neigh-none': { en: 'no "ADDRESS dev DEV ... STATE" line: not ip neigh output', zh: '没有 "ADDRESS dev DEV ... STATE" 形式的行：不是 ip neigh 的输出' },
  'neigh.parse.stat-none': { en: 'no "entries allocs ..." header: not /proc/net/stat/arp_cache or ndisc_cache', zh: '没有 "entries allocs ..." 表头：不是 /proc/net/stat/arp_cache 或 ndisc_cache 的内容' },
  'neigh.parse.stat-no-fulls': { en: 'the header has no table_fulls column', zh: '表头中没有 table_fulls 列' },
  'neigh.parse.stat-no-row': { en: 'neighbour stat header found but no complete per-CPU row', zh: '找到了邻居统计的表头，但没有完整的每 CPU 行' },
} as const satisfies Area;
