/** Messages of src/layers/conntrack (see ../catalog-types.ts). Keys start with `conntrack.`. */
import type { Area } from '../catalog-types.js';

export const conntrack = {
  'conntrack.layer.title': { en: 'Connection tracking: table size and drops', zh: '连接跟踪（conntrack）：表大小与丢包' },
  'conntrack.unreadable': { en: 'conntrack state unreadable: {why}', zh: '无法读取 conntrack 状态：{why}' },
  'conntrack.no-output': { en: 'no output', zh: '没有输出' },
  'conntrack.not-loaded': {
    en: 'nf_conntrack is not loaded: no connection tracking, so no conntrack drops',
    zh: 'nf_conntrack 模块未加载：没有连接跟踪，也就不会有 conntrack 丢包',
  },
  'conntrack.table-full.title': {
    en: 'The conntrack table is {pct}% full ({count} of {max})',
    zh: 'conntrack 表已用 {pct}%（已用 {count} 条，上限 {max} 条）',
  },
  'conntrack.table-full.explanation': {
    en: 'When the table is full the kernel drops the first packet of every new connection ("nf_conntrack: table full, dropping packet" in dmesg).',
    zh: '表满时，内核会丢弃每个新连接的第一个包（dmesg 中可见 "nf_conntrack: table full, dropping packet"）。',
  },
  'conntrack.table-full.action': {
    en: 'sysctl -w net.netfilter.nf_conntrack_max={proposed} (on the host), and find who opens so many flows (conntrack -L | awk ... | sort | uniq -c)',
    zh: '在宿主机上执行 sysctl -w net.netfilter.nf_conntrack_max={proposed}，并找出是谁建立了这么多流（conntrack -L | awk ... | sort | uniq -c）',
  },
  'conntrack.drops.title': { en: 'Connection tracking dropped packets {window}', zh: '连接跟踪{window}丢弃了数据包' },
  'conntrack.drops.explanation': {
    en: 'conntrack refused packets although the table is not full: insert_failed means flows lost an insertion race (typical of parallel UDP/DNS through SNAT); drop/early_drop mean new flows found no room.',
    zh: '表未满，conntrack 仍拒绝了数据包：insert_failed 表示流在插入表项时竞争失败（经 SNAT 的并发 UDP/DNS 请求的典型问题）；drop/early_drop 表示新流在表中找不到空位。',
  },
  'conntrack.drops.action': {
    en: 'conntrack -S per CPU; dmesg | grep conntrack; for insert_failed on DNS, use single-request-reopen or NOTRACK for DNS',
    zh: '按 CPU 查看 conntrack -S；dmesg | grep conntrack；若是 DNS 的 insert_failed，在 resolv.conf 中使用 single-request-reopen，或对 DNS 流量设置 NOTRACK',
  },
  'conntrack.note.fill': {
    en: 'nf_conntrack_count {count} of nf_conntrack_max {max} ({pct}%)',
    zh: 'nf_conntrack_count 为 {count}，nf_conntrack_max 为 {max}（已用 {pct}%）',
  },
  'conntrack.note.size-unknown': {
    en: 'conntrack table size unknown (nf_conntrack_count/max unreadable)',
    zh: 'conntrack 表大小未知（无法读取 nf_conntrack_count/max）',
  },
  'conntrack.note.history': { en: 'since boot: {counters} (history)', zh: '自开机以来：{counters}（历史累计）' },
  'conntrack.list': { en: '{list}, {item}', zh: '{list}，{item}' },
  'conntrack.note.host-invalid': {
    en: "host table: invalid +{delta} {window} (host-wide: every container's and the host's own flows, not the target's)",
    zh: '宿主机的表：invalid {window}增加了 {delta}（全宿主机范围：包含所有容器和宿主机自身的流，不只是目标的）',
  },
  'conntrack.invalid.title': {
    en: 'Connection tracking marked {delta} packets INVALID {window}',
    zh: '连接跟踪{window}将 {delta} 个包标记为 INVALID',
  },
  'conntrack.invalid.explanation': {
    en:
      'conntrack could not match these packets to a connection it tracks (a TCP segment outside the window it expects, ' +
      'an ACK for a connection it never saw, an ICMP error for an unknown flow). A firewall rule with --ctstate INVALID -j DROP ' +
      '(kube-proxy adds one) drops them — the netfilter step names that rule; without such a rule they pass untranslated and ' +
      'the endpoint often answers with a reset ("connection reset by peer" on long transfers through NAT).',
    zh:
      'conntrack 无法把这些包对应到它跟踪的任何连接（TCP 分段落在它预期的窗口之外、某个它从未见过的连接的 ACK、' +
      '未知流的 ICMP 差错报文）。带 --ctstate INVALID -j DROP 的防火墙规则（kube-proxy 会添加一条）会丢弃它们——netfilter 步骤会指出是哪条规则；' +
      '没有这样的规则时，这些包不做地址转换就被放行，对端往往回一个 reset（经 NAT 的长时间传输中出现 "connection reset by peer"）。',
  },
  'conntrack.invalid.strict': {
    en: 'net.netfilter.nf_conntrack_tcp_be_liberal is 0: out-of-window segments are marked INVALID.',
    zh: 'net.netfilter.nf_conntrack_tcp_be_liberal 为 0：窗口外的分段会被标记为 INVALID。',
  },
  'conntrack.invalid.action': {
    en:
      'conntrack -S (invalid per CPU); iptables-save -c | grep -- "--ctstate INVALID" (the rule that drops them, with its counter); ' +
      'if they are out-of-window retransmissions of real connections: sysctl -w net.netfilter.nf_conntrack_tcp_be_liberal=1 ' +
      '(a policy choice pktdrop never makes for you: it loosens state checking)',
    zh:
      'conntrack -S（按 CPU 查看 invalid）；iptables-save -c | grep -- "--ctstate INVALID"（找出丢弃它们的规则及其计数器）；' +
      '如果它们是真实连接在窗口外的重传：sysctl -w net.netfilter.nf_conntrack_tcp_be_liberal=1' +
      '（这是策略选择，pktdrop 不会替你做：它会放宽状态检查）',
  },
  'conntrack.fix.raise-max': {
    en: 'Raise nf_conntrack_max from {max} to {proposed} (host-wide)',
    zh: '将 nf_conntrack_max 从 {max} 调大到 {proposed}（全宿主机生效）',
  },
  'conntrack.parse.no-stat-header': {
    en: 'no "entries ... " header: not /proc/net/stat/nf_conntrack',
    zh: '没有 "entries ... " 表头：不是 /proc/net/stat/nf_conntrack',
  },
  'conntrack.parse.no-stat-row': {
    en: 'nf_conntrack stat header found but no complete per-CPU row',
    zh: '找到了 nf_conntrack 统计表头，但没有一行完整的每 CPU 数据',
  },
  'conntrack.parse.not-conntrack-s': {
    en: 'no "cpu=N name=value ..." line: not conntrack -S output',
    zh: '没有 "cpu=N name=value ..." 行：不是 conntrack -S 的输出',
  },
  'conntrack.parse.no-sysctl': {
    en: 'no net.netfilter.nf_conntrack_count/max line',
    zh: '没有 net.netfilter.nf_conntrack_count/max 行',
  },
} as const satisfies Area;
