/** Messages of src/analyze (see ../catalog-types.ts). Keys start with `analyze.`. */
import type { Area } from '../catalog-types.js';

export const analyze = {
  // analyze.ts: the target, steps and reasons.
  'analyze.target.label': { en: 'pasted outputs', zh: '粘贴的输出' },
  'analyze.reason.no-data': { en: 'no data', zh: '没有数据' },
  'analyze.reason.not-in-input': { en: 'not in the input', zh: '输入中没有' },
  'analyze.step.labelled': { en: '{title} ({label})', zh: '{title}（{label}）' },
  'analyze.step.ss': { en: 'TCP: accept queues (ss -ltn)', zh: 'TCP：全连接队列（ss -ltn）' },
  'analyze.step.kernel-log': { en: 'Kernel log: drop messages', zh: '内核日志：丢包消息' },
  // ss -ltn: an accept queue over its backlog.
  'analyze.ss.overflow.title': {
    en: 'The accept queue of {local} is over its backlog ({recvQ} waiting, backlog {sendQ})',
    zh: '{local} 的全连接队列已超过其 backlog（{recvQ} 个等待，backlog 为 {sendQ}）',
  },
  'analyze.ss.overflow.explanation': {
    en: "Recv-Q of a listening socket is the number of connections that finished their handshake and wait for accept(); Send-Q is the queue's size (the listen() backlog, capped by net.core.somaxconn). The kernel admits backlog + 1; beyond that it drops new handshakes (TcpExtListenOverflows/ListenDrops rise) and clients see 1 s, 3 s, 7 s stalls. The application is not accepting fast enough.",
    zh: '监听套接字的 Recv-Q 是已完成握手、等待 accept() 的连接数；Send-Q 是队列大小（listen() 的 backlog，上限为 net.core.somaxconn）。内核最多接纳 backlog + 1 个；超出后丢弃新的握手（TcpExtListenOverflows/ListenDrops 增长），客户端会看到 1 秒、3 秒、7 秒的卡顿。应用程序 accept 得不够快。',
  },
  'analyze.ss.evidence.backlog': { en: 'Send-Q (backlog)', zh: 'Send-Q（即 backlog，队列长度）' },
  'analyze.ss.overflow.action': {
    en: "raise the application's listen() backlog and net.core.somaxconn, or make it accept faster; nstat -az TcpExtListenOverflows to watch the drops",
    zh: '调大应用程序 listen() 的 backlog 和 net.core.somaxconn，或让它更快地 accept；用 `nstat -az TcpExtListenOverflows` 观察丢包',
  },
  'analyze.ss.note.read': { en: '{n} listener(s) read', zh: '读取了 {n} 个监听套接字' },
  'analyze.ss.note.pass': { en: '{n} listener(s); no accept queue over its backlog', zh: '{n} 个监听套接字；没有全连接队列超过其 backlog' },
  // Kernel log drop messages.
  'analyze.klog.evidence.log-line': { en: 'log line', zh: '日志行' },
  'analyze.klog.note.none': { en: 'no drop message', zh: '没有丢包消息' },
  'analyze.klog.conntrack-full.title': {
    en: 'The kernel logged "nf_conntrack: table full, dropping packet" {n} time(s)',
    zh: '内核记录了 {n} 次“nf_conntrack: table full, dropping packet”',
  },
  'analyze.klog.conntrack-full.explanation': {
    en: 'The connection-tracking table reached nf_conntrack_max, so the kernel dropped the first packet of new flows. The log shows it happened; it cannot tell whether the table is still full now.',
    zh: '连接跟踪表达到了 nf_conntrack_max，内核因此丢弃了新连接的第一个包。日志说明这件事发生过，但无法说明现在表是否仍然是满的。',
  },
  'analyze.klog.conntrack-full.explanation-suppressed': {
    en: 'The connection-tracking table reached nf_conntrack_max, so the kernel dropped the first packet of new flows. The log shows it happened; it cannot tell whether the table is still full now (and {suppressed} similar messages were rate-limited away).',
    zh: '连接跟踪表达到了 nf_conntrack_max，内核因此丢弃了新连接的第一个包。日志说明这件事发生过，但无法说明现在表是否仍然是满的（另有 {suppressed} 条同类消息因限速未被打印）。',
  },
  'analyze.klog.conntrack-full.action': {
    en: 'sysctl net.netfilter.nf_conntrack_count net.netfilter.nf_conntrack_max and conntrack -S now; raise nf_conntrack_max (on the host) if the count is near the max',
    zh: '现在运行 `sysctl net.netfilter.nf_conntrack_count net.netfilter.nf_conntrack_max` 和 `conntrack -S`；如果计数接近上限，（在宿主机上）调大 nf_conntrack_max',
  },
  'analyze.klog.neigh-overflow.title': {
    en: 'The kernel logged "neighbor table overflow" for {table} {n} time(s)',
    zh: '内核为 {table} 记录了 {n} 次“neighbor table overflow”',
  },
  'analyze.klog.neigh-overflow.explanation': {
    en: "The host's {table} (one table for every network namespace) held gc_thresh3 entries and a new neighbour could not be created: packets to new destinations were dropped while known ones kept working. Many pods or containers, or a large flat subnet, fill it.",
    zh: '宿主机的 {table}（所有网络命名空间共用一张表）已有 gc_thresh3 个条目，无法再创建新的邻居：发往新目的地址的包被丢弃，已知的目的地址仍然正常。大量 Pod 或容器、或者一个很大的扁平子网，都会把它占满。',
  },
  'analyze.klog.neigh-overflow.action': {
    en: 'ip -s ntable show name {table} (entries against thresh3, table_fulls); sysctl net.{family}.neigh.default.gc_thresh1 gc_thresh2 gc_thresh3; raise them on the host',
    zh: '运行 `ip -s ntable show name {table}`（对比 entries 与 thresh3，看 table_fulls）；`sysctl net.{family}.neigh.default.gc_thresh1 gc_thresh2 gc_thresh3`；在宿主机上调大它们',
  },
  'analyze.klog.syn-flood.title': {
    en: 'The kernel logged "Possible SYN flooding on port {port}" {n} time(s)',
    zh: '内核记录了 {n} 次“Possible SYN flooding on port {port}”',
  },
  'analyze.klog.syn-flood.explanation-drop': {
    en: 'The SYN queue of the listener on port {port} filled up. Without SYN cookies the kernel dropped the new SYNs ("Dropping request").',
    zh: '端口 {port} 上监听套接字的半连接队列满了。由于没有启用 SYN cookies，内核丢弃了新的 SYN（“Dropping request”）。',
  },
  'analyze.klog.syn-flood.explanation-cookies': {
    en: 'The SYN queue of the listener on port {port} filled up. The kernel answered with SYN cookies instead of queueing; connections still work, but the listener is receiving SYNs faster than handshakes complete (a flood, or a backlog too small for the load).',
    zh: '端口 {port} 上监听套接字的半连接队列满了。内核改用 SYN cookies 应答而不再入队；连接仍然可用，但 SYN 到达的速度超过了握手完成的速度（遭受洪泛，或 backlog 相对负载太小）。',
  },
  'analyze.klog.syn-flood.action': {
    en: "ss -ltn sport = :{port} (Recv-Q against Send-Q); nstat -az TcpExtListenOverflows TcpExtListenDrops TcpExtTCPReqQFullDrop; raise net.ipv4.tcp_max_syn_backlog, net.core.somaxconn and the application's backlog if the load is genuine",
    zh: '运行 `ss -ltn sport = :{port}`（对比 Recv-Q 与 Send-Q）；`nstat -az TcpExtListenOverflows TcpExtListenDrops TcpExtTCPReqQFullDrop`；如果负载是真实的，调大 net.ipv4.tcp_max_syn_backlog、net.core.somaxconn 和应用程序的 backlog',
  },
  // bundle.ts: a file that is not a usable bundle; a command the bundle does not hold.
  'analyze.bundle.not-json-object': { en: 'not a JSON object', zh: '不是 JSON 对象' },
  'analyze.bundle.not-bundle': { en: 'not a pktdrop bundle (kind is not "{kind}")', zh: '不是 pktdrop 采集包（kind 不是“{kind}”）' },
  'analyze.bundle.schema': {
    en: 'bundle schemaVersion {version} is not supported (this pktdrop reads {supported})',
    zh: '不支持采集包的 schemaVersion {version}（本版 pktdrop 读取的是 {supported}）',
  },
  'analyze.bundle.no-target': { en: 'bundle has no target', zh: '采集包中没有目标' },
  'analyze.bundle.target-incomplete': { en: 'bundle target lacks label, spec or access', zh: '采集包的目标缺少 label、spec 或 access' },
  'analyze.bundle.sample-not-object': { en: 'a bundle sample is not an object', zh: '采集包中有一个样本不是对象' },
  'analyze.bundle.sample-incomplete': { en: 'a bundle sample lacks label or takenAt', zh: '采集包中有一个样本缺少 label 或 takenAt' },
  'analyze.bundle.command-malformed': { en: 'a command of the {sample} sample is malformed', zh: '{sample} 样本中有一条命令格式不对' },
  'analyze.bundle.no-samples': { en: 'bundle has no samples', zh: '采集包中没有样本' },
  'analyze.bundle.not-collected': {
    en: '{command} is not in the bundle (not collected on that machine)',
    zh: '采集包中没有 {command} 的输出（那台机器上没有采集）',
  },
  // parse-kernel-log.ts and detect.ts: why a section that looked like an output was refused.
  'analyze.klog.empty': { en: 'empty kernel log', zh: '内核日志为空' },
  'analyze.klog.no-message': {
    en: 'no known drop message (nf_conntrack table full, SYN flooding, neighbour table overflow) in the kernel log',
    zh: '内核日志中没有已知的丢包消息（nf_conntrack 表满、SYN 洪泛、邻居表溢出）',
  },
  'analyze.reason.no-sysctl-line': { en: 'no "key = value" line', zh: '没有“key = value”形式的行' },
  'analyze.reason.parser-bug': { en: 'parser failed (a bug): {error}', zh: '解析器出错（这是一个缺陷）：{error}' },
  // Lines not understood inside a section (detect.ts); the report prints "looked like KIND, but REASON".
  'analyze.reason.inside-section': {
    en: 'this text sits inside it and was not understood (the lines around it were read)',
    zh: '这段文字夹在其中，未能识别（其前后的行已读取）',
  },
  'analyze.reason.trim-mark': {
    en: 'a trim mark: lines were removed here by hand',
    zh: '这是删节标记：此处有行被手工删去',
  },
  'analyze.reason.no-counters': {
    en: 'not in the input: {output} holds none of its counters',
    zh: '输入中没有：{output} 不含这一层的任何计数器',
  },
  // A layer whose section was read only in part (analyze.ts): its verdict is "partly read", never pass.
  'analyze.step.partly-read': {
    en: '{title} — partly read',
    zh: '{title}——仅部分读取',
  },
  'analyze.partly-read.title': {
    en: 'The {kind} output ({where}) was only partly read: line(s) {lines} not understood',
    zh: '{kind} 输出（{where}）仅部分读取：第 {lines} 行未能识别',
  },
  'analyze.partly-read.title-trimmed': {
    en: 'The {kind} output ({where}) was trimmed by hand and only partly read: line(s) {lines} not understood',
    zh: '{kind} 输出（{where}）被手工删节，仅部分读取：第 {lines} 行未能识别',
  },
  'analyze.partly-read.title-filtered': {
    en: 'The {kind} output ({where}) went through `{filter}`: only the lines it let through were read',
    zh: '{kind} 输出（{where}）经过了 `{filter}` 过滤：只读取了过滤后留下的行',
  },
  'analyze.partly-read.title-filtered-lines': {
    en: 'The {kind} output ({where}) went through `{filter}`: only the lines it let through were read, and line(s) {lines} not understood',
    zh: '{kind} 输出（{where}）经过了 `{filter}` 过滤：只读取了过滤后留下的行，且第 {lines} 行未能识别',
  },
  'analyze.partly-read.explanation-filtered': {
    en: 'A filtered output shows only the counters the filter kept; the others, which may be the ones rising, were never pasted. So this layer is not reported healthy: its verdict is "partly read".',
    zh: '过滤后的输出只包含过滤条件留下的计数器；其余计数器（可能正是在增长的那些）根本没有贴出来。因此这一层不报告为正常，结论是“仅部分读取”。',
  },
  'analyze.partly-read.evidence-filter': {
    en: 'filter',
    zh: '过滤条件',
  },
  'analyze.partly-read.explanation': {
    en: 'pktdrop read the rest of this output and judged it, but what was on those lines (or what was cut out there) is unknown to it and may be exactly what drops the packets. So this layer is not reported healthy: its verdict is "partly read".',
    zh: 'pktdrop 读取并判断了这段输出的其余部分，但这些行上的内容（或在此处被删去的内容）它无从得知，而丢包的原因可能恰恰就在其中。因此这一层不报告为正常，结论是“仅部分读取”。',
  },
  'analyze.partly-read.evidence': {
    en: 'lines not understood',
    zh: '未能识别的行',
  },
  'analyze.partly-read.action': {
    en: 'run `{command}` again and paste its whole output unchanged (as a file, or in a code block, not quoted or wrapped), then pktdrop analyze it',
    zh: '重新运行 `{command}`，把完整输出原样贴出（作为文件，或放在代码块中，不要引用或折行），再用 pktdrop analyze 分析',
  },
} as const satisfies Area;
