/**
 * Messages of src/trace (see ../catalog-types.ts). Keys start with `trace.`. The kernel's drop-reason
 * names (NETFILTER_DROP, QDISC_DROP...) and function names stay as the kernel prints them; the
 * Chinese explains them.
 */
import type { Area } from '../catalog-types.js';

export const trace = {
  // What each drop reason means (src/trace/reasons.ts), by the kernel's name.
  'trace.reason.NOT_SPECIFIED': {
    en: 'dropped by a code path that gives no reason; often benign (multicast not joined, normal teardown)',
    zh: '丢包的代码路径没有给出原因；通常无害（未加入的组播、正常的连接拆除）',
  },
  'trace.next.NOT_SPECIFIED': {
    en: 'cat /sys/kernel/tracing/trace  # look at the location= of these events',
    zh: 'cat /sys/kernel/tracing/trace  # 查看这些事件的 location=',
  },
  'trace.reason.NO_SOCKET': {
    en: 'no socket was listening on the destination port (closed port, scan, or replies to a raw probe)',
    zh: '目的端口上没有 socket 在监听（端口未开放、端口扫描，或对原始套接字探测的回包）',
  },
  'trace.reason.SOCKET_CLOSE': { en: 'the socket was closing when the packet arrived', zh: '包到达时 socket 正在关闭' },
  'trace.reason.SOCKET_FILTER': {
    en: 'a socket filter (SO_ATTACH_FILTER / BPF) rejected the packet',
    zh: 'socket 过滤器（SO_ATTACH_FILTER / BPF）拒绝了这个包',
  },
  'trace.reason.SOCKET_RCVBUFF': {
    en: 'the receiving socket buffer was full: the application reads too slowly',
    zh: '接收端 socket 的缓冲区已满：应用读取太慢',
  },
  'trace.reason.SOCKET_BACKLOG': {
    en: 'the socket backlog was full while the socket was owned by the user',
    zh: 'socket 被用户进程持有期间，它的 backlog 队列已满',
  },
  'trace.reason.PROTO_MEM': { en: 'the protocol hit its global memory limit', zh: '协议达到了全局内存上限' },
  'trace.reason.PKT_TOO_SMALL': { en: 'the packet was shorter than its header says', zh: '包的实际长度比头部声明的短' },
  'trace.reason.TCP_CSUM': { en: 'bad TCP checksum', zh: 'TCP 校验和错误' },
  'trace.reason.UDP_CSUM': { en: 'bad UDP checksum', zh: 'UDP 校验和错误' },
  'trace.reason.IP_CSUM': { en: 'bad IP header checksum', zh: 'IP 头部校验和错误' },
  'trace.reason.NETFILTER_DROP': {
    en: 'netfilter dropped it: an iptables/nft DROP or REJECT rule, a random (statistic) drop, or a full conntrack table',
    zh: '被 netfilter 丢弃：iptables/nft 的 DROP 或 REJECT 规则、随机丢包（statistic 匹配），或 conntrack 表已满',
  },
  'trace.reason.OTHERHOST': {
    en: 'the frame was for another host (seen in promiscuous mode); benign',
    zh: '帧的目的地是其他主机（混杂模式下收到的）；无害',
  },
  'trace.next.OTHERHOST': { en: 'ip -d link show  # look for PROMISC', zh: 'ip -d link show  # 看是否有 PROMISC' },
  'trace.reason.IP_INHDR': { en: 'invalid IP header', zh: 'IP 头部无效' },
  'trace.reason.IP_RPFILTER': {
    en: 'reverse-path filter: the source address is not routed back via the interface it came in on',
    zh: '反向路径过滤（rp_filter）：回到源地址的路由不经过包进来的那个接口',
  },
  'trace.reason.IP_NOPROTO': { en: 'no handler for the IP protocol number', zh: '没有处理该 IP 协议号的协议栈模块' },
  'trace.reason.IP_OUTNOROUTES': { en: 'no route to send the packet out', zh: '没有可以把包发出去的路由' },
  'trace.reason.IP_INNOROUTES': { en: 'no route for a received packet', zh: '收到的包没有可用的路由' },
  'trace.reason.IP_INADDRERRORS': {
    en: 'the destination is not a local address and could not be forwarded (usually forwarding is off on the receiving interface)',
    zh: '目的地址不是本机地址，也无法转发（通常是接收接口上关闭了转发）',
  },
  'trace.reason.PKT_TOO_BIG': { en: 'packet bigger than the MTU with fragmentation not allowed', zh: '包大于 MTU，且不允许分片' },
  'trace.reason.XFRM_POLICY': { en: 'IPsec (xfrm) policy check failed', zh: 'IPsec（xfrm）策略检查未通过' },
  'trace.reason.BPF_CGROUP_EGRESS': { en: 'a cgroup BPF egress program dropped it', zh: '被 cgroup 的 BPF egress 程序丢弃' },
  'trace.reason.SECURITY_HOOK': { en: 'a security module (LSM) hook dropped it', zh: '被安全模块（LSM）的钩子丢弃' },
  'trace.reason.QDISC_DROP': {
    en: 'a queueing discipline dropped it (netem loss, tbf/pfifo over its limit)',
    zh: '被队列规则（qdisc）丢弃（netem 模拟丢包，或 tbf/pfifo 超出 limit）',
  },
  'trace.reason.QDISC_OVERLIMIT': { en: 'a qdisc was over its limit', zh: 'qdisc 超出了它的 limit' },
  'trace.reason.QDISC_CONGESTED': {
    en: 'an AQM qdisc (codel, pie, red) dropped it to signal congestion',
    zh: 'AQM 类 qdisc（codel、pie、red）为了通告拥塞而丢弃',
  },
  'trace.reason.TC_EGRESS': { en: 'a tc egress filter/action dropped it', zh: '被 tc 出方向（egress）的 filter/action 丢弃' },
  'trace.reason.TC_INGRESS': { en: 'a tc ingress filter/action dropped it', zh: '被 tc 入方向（ingress）的 filter/action 丢弃' },
  'trace.reason.CPU_BACKLOG': {
    en: 'the per-CPU input backlog was full (net.core.netdev_max_backlog)',
    zh: '每 CPU 的接收 backlog 队列已满（net.core.netdev_max_backlog）',
  },
  'trace.reason.XDP': { en: 'an XDP program dropped it', zh: '被 XDP 程序丢弃' },
  'trace.next.XDP': { en: 'ip link show  # look for xdp', zh: 'ip link show  # 看是否挂了 xdp 程序' },
  'trace.reason.UNHANDLED_PROTO': {
    en: 'no handler for the frame protocol (LLDP, unknown VLAN); benign, counted in rx_dropped',
    zh: '没有处理该帧协议的模块（LLDP、未知 VLAN）；无害，计入 rx_dropped',
  },
  'trace.reason.FULL_RING': { en: 'the device ring was full', zh: '网卡的环形缓冲区（ring）已满' },
  'trace.reason.NOMEM': { en: 'the kernel could not allocate memory for the packet', zh: '内核无法为该包分配内存' },
  'trace.reason.DEV_READY': { en: 'the device was not up/ready', zh: '设备未 up 或未就绪' },
  'trace.reason.NEIGH_FAILED': { en: 'neighbour (ARP/ND) resolution failed', zh: '邻居（ARP/ND）解析失败' },
  'trace.reason.NEIGH_QUEUEFULL': {
    en: 'too many packets queued waiting for ARP/ND resolution',
    zh: '等待 ARP/ND 解析而排队的包太多',
  },
  'trace.reason.TCP_LISTEN_OVERFLOW': {
    en: 'the listen (accept) queue was full: the server accepts connections too slowly',
    zh: '监听（accept）队列已满：服务端 accept 连接太慢',
  },
  'trace.reason.TCP_ZEROWINDOW': { en: 'data arrived for a zero receive window', zh: '接收窗口为零时仍有数据到达' },
  'trace.reason.TCP_OLD_DATA': { en: 'duplicate data already received (retransmission)', zh: '重复数据，此前已经收到过（重传）' },
  'trace.reason.TCP_RFC7323_PAWS': { en: 'PAWS timestamp check failed', zh: 'PAWS 时间戳检查未通过' },
  'trace.reason.TCP_INVALID_SEQUENCE': { en: 'segment outside the receive window', zh: '分段落在接收窗口之外' },
  'trace.reason.TCP_RESET': { en: 'the segment carried or caused a reset', zh: '该分段带有 RST，或者引发了 reset' },
  'trace.reason.TCP_CLOSE': { en: 'the connection was closed', zh: '连接已关闭' },
  'trace.reason.IPV6DISABLED': {
    en: 'an IPv6 packet arrived on an interface where IPv6 is disabled; usually benign (router/neighbour chatter)',
    zh: 'IPv6 包到达了禁用 IPv6 的接口；通常无害（路由器通告、邻居发现之类的报文）',
  },
  'trace.reason.QUEUE_PURGE': {
    en: 'a queue was purged (socket or device shut down) with packets still in it; usually benign',
    zh: '队列被清空时里面还有包（socket 或设备关闭）；通常无害',
  },
  'trace.reason.other': {
    en: 'the kernel dropped packets with reason SKB_DROP_REASON_{reason} (see include/net/dropreason-core.h)',
    zh: '内核以 SKB_DROP_REASON_{reason} 为原因丢包（见 include/net/dropreason-core.h）',
  },
  'trace.next.other': {
    en: "grep -A3 'SKB_DROP_REASON_{reason}' include/net/dropreason-core.h  # in the kernel source; then trace its location=",
    zh: "grep -A3 'SKB_DROP_REASON_{reason}' include/net/dropreason-core.h  # 在内核源码目录中执行；再跟踪它的 location=",
  },

  // Lists of data inside a sentence.
  'trace.list': { en: '{list}, {item}', zh: '{list}，{item}' },
  'trace.list.semi': { en: '{list}; {item}', zh: '{list}；{item}' },

  // Benign or not (src/trace/tally.ts).
  'trace.rate': { en: '{rate}/s, {share}% of drops', zh: '{rate}/s，占全部丢包的 {share}%' },
  'trace.why.all-noise': {
    en: "all {count} are the probe's own replies dropped by the prober's kernel",
    zh: '这 {count} 个全是探测自己的回包，被探测端的内核丢弃',
  },
  'trace.why.frequent': { en: 'usually benign, but frequent here ({rate})', zh: '通常无害，但这里很频繁（{rate}）' },
  'trace.why.not-frequent': { en: 'usually benign and not frequent ({rate}): {meaning}', zh: '通常无害，且不频繁（{rate}）：{meaning}' },

  // Events against counters (src/trace/reconcile.ts).
  'trace.lost': { en: 'the trace buffer lost {lost} events: event counts are a lower bound', zh: 'trace 缓冲区丢失了 {lost} 个事件：事件计数只是下限' },
  'trace.no-reason-field': {
    en: "this kernel's kfree_skb event has no reason field (before 5.17): layers come from drop locations only",
    zh: '此内核的 kfree_skb 事件没有 reason 字段（5.17 之前）：只能按丢包位置判断属于哪一层',
  },
  'trace.events.one': { en: '{reason} {n} event', zh: '{reason} {n} 个事件' },
  'trace.events.other': { en: '{reason} {n} events', zh: '{reason} {n} 个事件' },
  'trace.layer.agree': { en: '{reasons}; {counters}', zh: '{reasons}；{counters}' },
  'trace.layer.agree-differ': {
    en: '{reasons}; {counters} ({events} events vs {counted} counted: {why})',
    zh: '{reasons}；{counters}（{events} 个事件，计数器计了 {counted}：{why}）',
  },
  'trace.layer.more-events': {
    en: 'more events than counts: host-wide events include other traffic, or a dropping rule/qdisc has no counter',
    zh: '事件多于计数：全宿主机范围的事件包含了其他流量，或者丢包的规则/qdisc 没有计数器',
  },
  'trace.layer.fewer-events': {
    en: 'fewer events than counts: the trace lost events, or counters include drops that never reach kfree_skb',
    zh: '事件少于计数：trace 丢失了事件，或者计数器里包含不经过 kfree_skb 的丢包',
  },
  'trace.layer.netfilter-no-rule': {
    en:
      '{reasons} but no rule whose counter rose: conntrack dropped them (table full or invalid state: conntrack -S; dmesg | grep conntrack) ' +
      'or an nft rule without a counter did (nft -a list ruleset)',
    zh:
      '{reasons}，但没有哪条规则的计数器上涨：要么是 conntrack 丢的（表满或状态 invalid：conntrack -S；dmesg | grep conntrack），' +
      '要么是一条没有 counter 的 nft 规则丢的（nft -a list ruleset）',
  },
  'trace.layer.events-only': { en: '{reasons} with no counter of this layer rising', zh: '{reasons}，但这一层没有计数器上涨' },
  'trace.layer.link-counters-only': {
    en: '{counters} with no drop event: NIC ring/missed/fifo drops happen in the device before an skb exists and are never traced',
    zh: '{counters}，但没有丢包事件：网卡的 ring/missed/fifo 丢包发生在设备里、skb 创建之前，永远不会被 trace 到',
  },
  'trace.layer.counters-only': {
    en: "{counters} with no drop event: the counter counts drops that do not go through kfree_skb_reason, or the window's events were lost",
    zh: '{counters}，但没有丢包事件：该计数器统计的丢包不经过 kfree_skb_reason，或者窗口内的事件丢失了',
  },
  'trace.layer.quiet': { en: 'no drop events and no counter rose', zh: '没有丢包事件，也没有计数器上涨' },
  'trace.unplaced': { en: '{n} events at locations pktdrop cannot place in a layer', zh: '{n} 个事件的丢包位置无法归到任何一层' },
  'trace.unexplained.title': {
    en: '{n} packets dropped with reason {reason}, which no layer check explains',
    zh: '{n} 个包以 {reason} 为原因被丢弃，没有哪一层的检查能解释',
  },
  'trace.unexplained.explanation': {
    en: '{meaning}. The kfree_skb tracepoint is host-wide: the drops may belong to the target or to other traffic on this host.',
    zh: '{meaning}。kfree_skb 跟踪点是全宿主机范围的：这些丢包可能属于目标，也可能属于这台主机上的其他流量。',
  },

  // Events that cannot be the probe's (src/trace/attribute.ts).
  'trace.attr.other-family': {
    en: "{n} of them {families}, another family than the probe's IPv{family}",
    zh: '其中 {n} 个是 {families}，与探测使用的 IPv{family} 不是同一协议族',
  },
  'trace.attr.probe-clean': {
    en: 'the probe got {received} of {sent} answers, so none of its packets was dropped',
    zh: '探测发出 {sent} 个、收到 {received} 个应答，它的包一个也没有丢',
  },
  'trace.attr.other-transport': { en: '{reason} is a {proto} drop and the probe is TCP', zh: '{reason} 是 {proto} 的丢包，而探测用的是 TCP' },
  'trace.attr.qdisc-off-path': {
    en: "no qdisc on the probe's path dropped anything, so these were on devices off the path",
    zh: '探测路径上的 qdisc 都没有丢包，所以这些丢包发生在路径之外的设备上',
  },
  'trace.attr.suspect.title': {
    en: 'Suspect: {title}, while the kernel dropped {n} packet(s) in nftables (NETFILTER_DROP at nft_do_chain) that no counter explains',
    zh: '疑似：{title}；同时内核在 nftables 中丢弃了 {n} 个包（NETFILTER_DROP，位于 nft_do_chain），没有计数器能解释',
  },
  'trace.attr.suspect.explanation': {
    en:
      "{explanation} During the window the kernel dropped {n} packet(s) inside nftables (nft_do_chain) and no rule's counter rose, " +
      'so a rule without a counter dropped them. Add the counter to prove it.',
    zh: '{explanation}窗口内，内核在 nftables（nft_do_chain）中丢弃了 {n} 个包，而没有哪条规则的计数器上涨，所以是一条没有 counter 的规则丢的。给它加上 counter 即可证实。',
  },
  'trace.attr.suspects.explanation': {
    en:
      "{explanation} During the window the kernel dropped {n} packet(s) inside nftables (nft_do_chain) and no rule's counter rose, " +
      'so a rule without a counter dropped them: one of these {k}. Add the counter to prove it.',
    zh: '{explanation}窗口内，内核在 nftables（nft_do_chain）中丢弃了 {n} 个包，而没有哪条规则的计数器上涨，所以是一条没有 counter 的规则丢的：就在这 {k} 条之中。给它加上 counter 即可证实。',
  },
  'trace.attr.not-probe': {
    en: "host-wide: {count} {reason} event(s) that cannot be the probe's ({why}): not on the probe's path, not a finding",
    zh: '全宿主机范围：{count} 个 {reason} 事件不可能属于探测（{why}）：不在探测路径上，不算作问题',
  },

  // rx_dropped that is not loss (src/trace/benign.ts).
  'trace.benign.title': {
    en: "{subject}'s rx_dropped rose, but only with frames of a protocol nobody handles here: not packet loss",
    zh: '{subject} 的 rx_dropped 上涨了，但全是本机没有协议处理的帧：不是丢包',
  },
  'trace.benign.frames.one': { en: '{n} frame', zh: '{n} 个帧' },
  'trace.benign.frames.other': { en: '{n} frames', zh: '{n} 个帧' },
  'trace.benign.at': { en: ' (at {sites})', zh: '（位于 {sites}）' },
  'trace.benign.explanation': {
    en:
      'rx_dropped also counts frames whose protocol has no handler on this host (LLDP or CDP from a switch, an unknown ' +
      'EtherType, a VLAN tag on an untagged port). The kernel freed {frames} with the reason UNHANDLED_PROTO{at} in this window, ' +
      'at least as many as the {rose} the device counters rose by, and none for a full backlog (CPU_BACKLOG). ' +
      'No traffic of this host was lost; monitoring that alarms on rx_dropped raises a false alarm here.',
    zh:
      'rx_dropped 也会统计本机没有协议处理的帧（交换机发来的 LLDP 或 CDP、未知的 EtherType、发到 untagged 端口上的带 VLAN 标签的帧）。' +
      '本窗口内，内核以 UNHANDLED_PROTO 为原因释放了 {frames}{at}，不少于设备计数器上涨的 {rose} 个，且没有一个是因为 backlog 满（CPU_BACKLOG）。' +
      '本机没有流量丢失；按 rx_dropped 告警的监控在这里会误报。',
  },
  'trace.benign.action': {
    en: 'tcpdump -e -c 20 -i {dev} not ip and not ip6 and not arp (which protocol it is); on the switch, stop sending it to this port, or ignore rx_dropped for {dev} in monitoring',
    zh: 'tcpdump -e -c 20 -i {dev} not ip and not ip6 and not arp（看是哪种协议）；在交换机上停止向这个端口发送它，或者在监控中忽略 {dev} 的 rx_dropped',
  },

  // The drop trace's notes in a diagnose run (src/trace/drop-tracer.ts).
  'trace.not-mounted': {
    en: 'tracefs is not mounted (mount -t tracefs nodev /sys/kernel/tracing)',
    zh: '没有挂载 tracefs（mount -t tracefs nodev /sys/kernel/tracing）',
  },
  'trace.total': { en: '{total} drop event(s) host-wide in {ms} ms', zh: '{ms} ms 内全宿主机共有 {total} 个丢包事件' },
  'trace.total-lost': {
    en: '{total} drop event(s) host-wide in {ms} ms ({lost} lost: a lower bound)',
    zh: '{ms} ms 内全宿主机共有 {total} 个丢包事件（丢失 {lost} 个：此数只是下限）',
  },
  'trace.line': { en: '{reason} {count} — {tag}', zh: '{reason} {count} — {tag}' },
  'trace.line-at': { en: '{reason} {count} (at {sites}) — {tag}', zh: '{reason} {count}（位于 {sites}）— {tag}' },
  'trace.tag.benign': { en: 'benign: {why}', zh: '无害：{why}' },
  'trace.tag.noise': { en: "{noise} from pktdrop's own probes; {net} to explain", zh: '{noise} 个来自 pktdrop 自己的探测；{net} 个有待解释' },
  'trace.rx-explained': {
    en: '{subject} ({scope}): rx_dropped explained by UNHANDLED_PROTO events (frames of a protocol nobody handles): not loss',
    zh: '{subject}（{scope}）：rx_dropped 可由 UNHANDLED_PROTO 事件解释（没有协议处理的帧）：不是丢包',
  },
  'trace.global-changed': {
    en: 'tracefs global settings changed during the run (not by pktdrop): {changes}',
    zh: '运行期间 tracefs 的全局设置被改动了（不是 pktdrop 改的）：{changes}',
  },

  // Other users of tracefs (src/trace/session.ts).
  'trace.other.enabled': { en: 'skb:kfree_skb is enabled globally (enable={enable})', zh: 'skb:kfree_skb 已在全局启用（enable={enable}）' },
  'trace.other.filter': { en: 'a global skb:kfree_skb filter is set: {filter}', zh: '设置了全局的 skb:kfree_skb 过滤器：{filter}' },
  'trace.other.events': { en: 'global events enabled: {events}', zh: '全局已启用的事件：{events}' },
  'trace.other.tracer': { en: 'global tracer {tracer} is active', zh: '全局 tracer {tracer} 正在运行' },
  'trace.other.pktdrop': { en: 'another pktdrop (pid {pid}) is tracing: instance {name}', zh: '另一个 pktdrop（pid {pid}）正在跟踪：实例 {name}' },
  'trace.other.instance': { en: 'tracing instance {name}', zh: '跟踪实例 {name}' },

  // Starting and stopping a session (src/trace/session.ts).
  'trace.start.not-mounted-at': {
    en: 'tracefs not mounted at {root} (mount -t tracefs nodev /sys/kernel/tracing)',
    zh: '{root} 上没有挂载 tracefs（mount -t tracefs nodev /sys/kernel/tracing）',
  },
  'trace.start.format-not-root': { en: 'cannot read {path}: not root', zh: '无法读取 {path}：不是 root' },
  'trace.start.no-event': { en: 'no skb:kfree_skb event in this kernel', zh: '此内核没有 skb:kfree_skb 事件' },
  'trace.start.bad-format': { en: 'unreadable kfree_skb format: {why}', zh: '无法解析 kfree_skb 的 format：{why}' },
  'trace.start.no-instances': {
    en: 'this tracefs has no instances/ directory (kernel too old for private instances)',
    zh: '此 tracefs 没有 instances/ 目录（内核太旧，不支持私有跟踪实例）',
  },
  'trace.start.mkdir-not-root': { en: 'not root: cannot create a tracing instance ({why})', zh: '不是 root：无法创建跟踪实例（{why}）' },
  'trace.start.buffer': { en: 'cannot size the trace buffer: {why}', zh: '无法设置 trace 缓冲区大小：{why}' },
  'trace.start.not-root': { en: 'not root: {why}', zh: '不是 root：{why}' },
  'trace.start.enable': { en: 'cannot enable skb:kfree_skb: {why}', zh: '无法启用 skb:kfree_skb：{why}' },
  'trace.stop.aborted': { en: 'the session was already aborted', zh: '该跟踪会话已被中止' },
  'trace.stop.disable': { en: 'could not disable the event: {why}', zh: '无法停用该事件：{why}' },
  'trace.stop.read': { en: 'cannot read {path}', zh: '无法读取 {path}' },
  'trace.stop.remove': { en: 'could not remove {instance}: {why}', zh: '无法删除 {instance}：{why}' },

  // tracefs failures (src/trace/tracefs.ts): `{op}` is the syscall (write, mkdir, rmdir).
  'trace.fs.failure': { en: '{op} {path}: {why}', zh: '{op} {path}：{why}' },
  'trace.fs.denied': { en: 'permission denied (tracefs needs root or CAP_SYS_ADMIN)', zh: '权限不足（tracefs 需要 root 或 CAP_SYS_ADMIN）' },
  'trace.fs.no-file': { en: 'no such file', zh: '文件不存在' },
  'trace.fs.busy': { en: 'busy (a reader still has it open)', zh: '资源忙（仍有读取者打开着它）' },
  'trace.fs.refused': { en: 'the kernel refused the value', zh: '内核拒绝了这个值' },

  // The kfree_skb format file (src/trace/format.ts).
  'trace.format.empty': { en: 'empty kfree_skb format file', zh: 'kfree_skb 的 format 文件为空' },
  'trace.format.other-event': { en: 'format file of event {name}, not kfree_skb', zh: '这是事件 {name} 的 format 文件，不是 kfree_skb 的' },
  'trace.format.no-fields': { en: 'no field lines: not a tracepoint format file', zh: '没有 field 行：不是 tracepoint 的 format 文件' },
  'trace.format.no-skbaddr': { en: 'no skbaddr field (fields: {fields}): not kfree_skb', zh: '没有 skbaddr 字段（现有字段：{fields}）：不是 kfree_skb' },
  'trace.format.no-print-fmt': { en: 'no "print fmt:" line: the format file is truncated', zh: '没有 "print fmt:" 行：format 文件被截断了' },
  'trace.format.no-reason-table': {
    en: 'reason field present but no __print_symbolic(REC->reason, ...) table: truncated or unknown print fmt',
    zh: '有 reason 字段，但没有 __print_symbolic(REC->reason, ...) 表：print fmt 被截断，或者格式未知',
  },
} as const satisfies Area;
