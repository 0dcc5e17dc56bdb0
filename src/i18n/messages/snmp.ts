/** Messages of src/snmp (see ../catalog-types.ts). Keys start with `snmp.`. */
import type { Area } from '../catalog-types.js';

export const snmp = {
  // Reading the counters.
  'snmp.read.failed': { en: 'could not read /proc/net/snmp: {reason}', zh: '无法读取 /proc/net/snmp：{reason}' },
  'snmp.read.no-output': { en: 'no output', zh: '没有输出' },
  'snmp.parse.proc-snmp': {
    en: 'no "Section: names" / "Section: values" line pair: not /proc/net/snmp or /proc/net/netstat',
    zh: '没有 "Section: names" / "Section: values" 成对的行：不是 /proc/net/snmp 或 /proc/net/netstat',
  },
  'snmp.parse.proc-snmp6': { en: 'no "Name value" lines of /proc/net/snmp6', zh: '没有 /proc/net/snmp6 的 "Name value" 行' },
  'snmp.parse.nstat-no-header': { en: 'no "#kernel" header: not nstat output', zh: '没有 "#kernel" 表头：不是 nstat 的输出' },
  'snmp.parse.nstat-no-line': { en: 'nstat header found but no "Name value" line', zh: '找到了 nstat 表头，但没有 "Name value" 行' },
  'snmp.parse.netstat-s': {
    en: 'no "Section:" header with known statistics lines: not netstat -s output',
    zh: '没有带已知统计行的 "Section:" 标题：不是 `netstat -s` 的输出',
  },
  'snmp.parse.tcp-sysctls': { en: 'expected {n} numbers ({files}), got {got}', zh: '应有 {n} 个数字（{files}），实际读到 {got}' },

  // Layers, as the step header shows them.
  'snmp.layer.ip': { en: 'IP: discards, routing and fragmentation', zh: 'IP：丢弃、路由与分片' },
  'snmp.layer.tcp': { en: 'TCP: handshakes, listen queues, retransmits', zh: 'TCP：握手、监听队列、重传' },
  'snmp.layer.udp': { en: 'UDP: socket buffer errors', zh: 'UDP：套接字缓冲区错误' },

  // Common notes.
  'snmp.since-boot': { en: 'since boot: {list} (history)', zh: '自开机以来：{list}（历史数据）' },

  // IP.
  'snmp.ip.no-discards': { en: 'no IP discards {window}', zh: '{window}没有 IP 层丢弃' },
  'snmp.ip.discards.title': { en: 'The IP layer discarded packets {window}', zh: 'IP 层{window}丢弃了数据包' },
  'snmp.ip.discards.explanation': {
    en: 'IP counters rose: packets were discarded for lack of a route, bad headers, a wrong destination, failed fragmentation/reassembly (MTU) or lack of buffers.',
    zh: 'IP 计数器增长了：数据包因没有路由、头部错误、目的地址不对、分片/重组失败（MTU）或缓冲区不足而被丢弃。',
  },
  'snmp.ip.discards.action': {
    en: 'ip route get <destination> to check routing; nstat -az Ip to watch the counters; check the MTU along the path (ip link show, tracepath)',
    zh: '用 `ip route get <destination>` 检查路由；用 `nstat -az Ip` 观察计数器；检查沿途的 MTU（`ip link show`、`tracepath`）',
  },
  'snmp.ip.rp-filter.title': { en: 'Reverse-path filtering dropped packets {window}', zh: '反向路径过滤（rp_filter）{window}丢弃了数据包' },
  'snmp.ip.rp-filter.explanation': {
    en: 'Packets arrived on an interface that is not the one the route back to their source uses, and reverse-path filtering (net.ipv4.conf.*.rp_filter; the mode in force is the larger of conf.all and conf.<interface>) threw them away as possible spoofs. Typical of multi-homed hosts, policy routing, VPNs and asymmetric routes. It also silences ARP for such senders.',
    zh: '数据包到达的网卡不是回程路由所用的网卡，反向路径过滤（net.ipv4.conf.*.rp_filter；生效的模式取 conf.all 与 conf.<interface> 中较大的值）把它们当作可能的伪造包丢弃了。多宿主主机、策略路由、VPN 和非对称路由中常见。它还会让这类发送方的 ARP 得不到应答。',
  },
  'snmp.ip.rp-filter.action': {
    en: 'ip route get <source> from <destination> iif <interface> (shows the failing reverse lookup); if the asymmetric path is intended, switch to loose mode: sysctl -w net.ipv4.conf.all.rp_filter=2 {loose} (both keys: the larger value wins; pktdrop never lowers an anti-spoofing setting by itself)',
    zh: '`ip route get <source> from <destination> iif <interface>`（显示失败的反向查找）；如果非对称路径是有意为之，改为宽松模式：`sysctl -w net.ipv4.conf.all.rp_filter=2 {loose}`（两个键都要改：取较大的值；pktdrop 不会自行降低防伪造设置）',
  },
  'snmp.ip.forwarding.where-namespace': { en: 'in this namespace', zh: '在此命名空间中' },
  'snmp.ip.forwarding.where-devs': { en: 'on {devs}', zh: '在 {devs} 上' },
  'snmp.ip.forwarding.title': {
    en: 'Packets to be routed were dropped: {family} forwarding is off {where}',
    zh: '需要转发的数据包被丢弃：{family} 转发{where}处于关闭状态',
  },
  'snmp.ip.forwarding.setting-devs': { en: 'conf.<interface>.forwarding = 0 on {devs}', zh: '{devs} 上 conf.<interface>.forwarding = 0' },
  'snmp.ip.forwarding.explanation': {
    en: "Packets arrived for addresses that are not this namespace's own, so they had to be forwarded, but forwarding is switched off ({setting}): the kernel dropped them as address errors. Containers and VMs behind this host lose all outbound traffic this way, typically after a reboot or a sysctl reload reset the setting. If this host is not meant to route, the senders have a wrong route instead.",
    zh: '到达的数据包的目的地址不属于此命名空间，需要转发，但转发已关闭（{setting}）：内核把它们当作地址错误丢弃了。这台主机后面的容器和虚拟机会因此丢失全部出向流量，通常发生在重启或重新加载 sysctl 把该设置复位之后。如果这台主机本不该做路由，那就是发送方的路由配错了。',
  },
  'snmp.ip.forwarding.action-global': {
    en: 'sysctl -w {name}=1 (and persist it in /etc/sysctl.d/; it makes this namespace a router, so pktdrop never does it by itself)',
    zh: '`sysctl -w {name}=1`（并写入 /etc/sysctl.d/ 持久化；这会让此命名空间成为路由器，所以 pktdrop 不会自行执行）',
  },
  'snmp.ip.forwarding.action-devs': { en: 'sysctl -w {settings} (pktdrop never does it by itself)', zh: '`sysctl -w {settings}`（pktdrop 不会自行执行）' },
  'snmp.ip.checksum.title': { en: '{n} {proto} packets arrived with a bad checksum {window}', zh: '{window}有 {n} 个 {proto} 数据包校验和错误' },
  'snmp.ip.checksum.explanation': {
    en: "The kernel verified these packets' checksums and they were wrong, so it dropped them. Either they were corrupted on the way (cable, NIC, memory), or a checksum offload is broken: a NIC or virtual NIC that claims to compute checksums and does not, a tunnel or veth path that forwards packets whose checksum was never filled in.",
    zh: '内核校验了这些数据包的校验和，结果不对，于是丢弃了它们。要么它们在途中损坏了（网线、网卡、内存），要么校验和卸载（offload）有问题：网卡或虚拟网卡声称会计算校验和却没有算，或者隧道、veth 路径转发了从未填写校验和的数据包。',
  },
  'snmp.ip.checksum.action': {
    en: 'ethtool -k <dev> | grep checksum (offloads of the receiving interface); ethtool -S <dev> | grep -i csum; to test an offload bug: ethtool -K <dev> rx off tx off (disruptive: costs CPU; undo with rx on tx on)',
    zh: '`ethtool -k <dev> | grep checksum`（接收网卡的卸载设置）；`ethtool -S <dev> | grep -i csum`；要验证是否为卸载缺陷：`ethtool -K <dev> rx off tx off`（有影响：占用 CPU；用 rx on tx on 恢复）',
  },
  'snmp.ip.frag-reasm.title': {
    en: '{n} {family} packets could not be reassembled from their fragments {window}',
    zh: '{window}有 {n} 个 {family} 数据包无法由分片重组',
  },
  'snmp.ip.frag-reasm.timeouts': {
    en: '{n} timed out waiting for their missing fragments: a fragment was lost or filtered on the way (firewalls often drop non-first fragments), so the whole packet is lost.',
    zh: '其中 {n} 个在等待缺失分片时超时：某个分片在途中丢失或被过滤（防火墙常丢弃非首片），于是整个数据包都丢了。',
  },
  'snmp.ip.frag-reasm.others': {
    en: 'The others failed for overlapping fragments or because reassembly memory (ipfrag_high_thresh) was full.',
    zh: '其余的因分片重叠或重组内存（ipfrag_high_thresh）已满而失败。',
  },
  'snmp.ip.frag-reasm.who': { en: 'Large UDP (DNS with EDNS, NFS, VXLAN) suffers first.', zh: '大的 UDP 报文（带 EDNS 的 DNS、NFS、VXLAN）首先受影响。' },
  'snmp.ip.frag-reasm.action': {
    en: 'tcpdump -ni <dev> "ip[6:2] & 0x3fff != 0" (are all fragments arriving?); sysctl net.ipv4.ipfrag_high_thresh net.ipv4.ipfrag_time; avoid fragmentation: a smaller MTU or payload at the sender',
    zh: '`tcpdump -ni <dev> "ip[6:2] & 0x3fff != 0"`（所有分片都到了吗？）；`sysctl net.ipv4.ipfrag_high_thresh net.ipv4.ipfrag_time`；避免分片：在发送端使用更小的 MTU 或载荷',
  },
  'snmp.icmp.ratelimit.title': {
    en: 'The kernel held back {n} ICMP errors {window} (rate limit)',
    zh: '内核{window}扣下了 {n} 个 ICMP 错误报文（速率限制）',
  },
  'snmp.icmp.ratelimit.explanation': {
    en: 'ICMP errors (port unreachable, time exceeded, fragmentation needed) are rate-limited per destination and globally. The ones held back were not sent: traceroute shows stars, and senders learn about unreachable ports or a smaller path MTU later. Usually a scan or a flood.',
    zh: 'ICMP 错误报文（端口不可达、超时、需要分片）按目的地址和全局限速。被扣下的没有发出：traceroute 显示星号，发送方要晚些才知道端口不可达或路径 MTU 更小。通常是扫描或泛洪造成的。',
  },
  'snmp.icmp.ratelimit.action': {
    en: 'sysctl net.ipv4.icmp_ratelimit net.ipv4.icmp_ratemask net.ipv4.icmp_msgs_per_sec; nstat -az IcmpOutRateLimitHost IcmpOutRateLimitGlobal',
    zh: '查看 `sysctl net.ipv4.icmp_ratelimit net.ipv4.icmp_ratemask net.ipv4.icmp_msgs_per_sec`；用 `nstat -az IcmpOutRateLimitHost IcmpOutRateLimitGlobal` 观察',
  },

  // Path MTU.
  'snmp.mtu.icmp4': { en: 'ICMP type 3 code 4 (fragmentation needed)', zh: 'ICMP type 3 code 4（需要分片）' },
  'snmp.mtu.icmp6': { en: 'ICMPv6 type 2 (packet too big)', zh: 'ICMPv6 type 2（数据包过大）' },
  'snmp.word.error': { en: 'error', zh: '错误报文' },
  'snmp.word.errors': { en: 'errors', zh: '错误报文' },
  'snmp.word.packet-was': { en: 'packet was', zh: '个数据包' },
  'snmp.word.packets-were': { en: 'packets were', zh: '个数据包' },
  'snmp.mtu.blackhole.title': {
    en: 'Path-MTU black hole: {refused} {family} packets too big for the next hop were refused {window} and {discarded} outgoing packets discarded',
    zh: '路径 MTU 黑洞：{window}有 {refused} 个超过下一跳 MTU 的 {family} 数据包被拒绝，{discarded} 个出向数据包被丢弃',
  },
  'snmp.mtu.blackhole.explanation': {
    en: 'This host forwards packets larger than the next hop\'s MTU with "don\'t fragment" set. It refused {refused} of them and generated {told} {icmp} {errors}, but {discarded} outgoing {packetsWere} discarded in the same window: the ICMP errors are being dropped on the way out (a firewall rule dropping ICMP, usually), so senders never learn to send smaller packets. Small exchanges work, large transfers (TLS, git, apt) hang and retransmit.',
    zh: '这台主机要转发超过下一跳 MTU 且设置了“不分片”（DF）的数据包。它拒绝了其中 {refused} 个，并生成了 {told} 个 {icmp}{errors}，但同一窗口内有 {discarded} {packetsWere}在出方向被丢弃：这些 ICMP 错误报文在发出途中被丢了（通常是一条丢弃 ICMP 的防火墙规则），所以发送方永远学不会发更小的包。小的交互正常，大的传输（TLS、git、apt）会卡住并不断重传。',
  },
  'snmp.mtu.blackhole.action': {
    en: '{save} | grep -i icmp (a rule dropping {icmp} is the hole: allow it); ip -d link show (the smaller MTU on the path); clamp TCP MSS on this forwarder: {clamp}',
    zh: '`{save} | grep -i icmp`（丢弃 {icmp} 的规则就是黑洞：放行它）；`ip -d link show`（找出路径上较小的 MTU）；在这台转发主机上钳制 TCP MSS：`{clamp}`',
  },
  'snmp.mtu.frag-needed.title': {
    en: '{refused} {family} packets were too big for the next hop {window}; senders were told to shrink',
    zh: '{window}有 {refused} 个 {family} 数据包超过下一跳 MTU；已通知发送方减小包长',
  },
  'snmp.mtu.frag-needed.explanation': {
    en: 'This host forwards packets larger than the next hop\'s MTU with "don\'t fragment" set: it refused {refused} and sent {told} {icmp} {errors}, so path-MTU discovery is working, but each new flow loses its first full-size packets. The MTU on the path is smaller than the senders assume (an overlay, a VPN, a veth or a bridge set lower).',
    zh: '这台主机要转发超过下一跳 MTU 且设置了“不分片”（DF）的数据包：它拒绝了 {refused} 个，并发出了 {told} 个 {icmp}{errors}，所以路径 MTU 发现是正常的，但每条新连接都会丢掉最初的满长数据包。路径上的 MTU 比发送方以为的小（overlay、VPN、veth 或网桥设得更低）。',
  },
  'snmp.mtu.frag-needed.action': {
    en: 'ip -d link show (find the smaller MTU); clamp TCP MSS on this forwarder: {clamp}',
    zh: '`ip -d link show`（找出较小的 MTU）；在这台转发主机上钳制 TCP MSS：`{clamp}`',
  },

  // TCP.
  'snmp.tcp.listen-overflow.title': {
    en: "A listening socket's accept queue overflowed: SYNs were dropped",
    zh: '监听套接字的全连接队列（accept 队列）溢出：SYN 被丢弃',
  },
  'snmp.tcp.listen-overflow.explanation': {
    en: 'The kernel completed handshakes faster than the application called accept(), the accept queue (its size is the listen() backlog, capped by net.core.somaxconn) filled up, and new SYNs were dropped. Clients see 1 s, 3 s, 7 s stalls.',
    zh: '内核完成握手的速度超过了应用调用 accept() 的速度，accept 队列（大小为 listen() 的 backlog，上限为 net.core.somaxconn）满了，新的 SYN 被丢弃。客户端会看到 1 秒、3 秒、7 秒的卡顿。',
  },
  'snmp.tcp.listen-overflow.action': {
    en: "ss -ltn shows Recv-Q (queued) against Send-Q (backlog) per listener: raise the application's backlog and net.core.somaxconn, or make it accept faster",
    zh: '`ss -ltn` 按监听套接字显示 Recv-Q（排队数）与 Send-Q（backlog）：调大应用的 backlog 和 net.core.somaxconn，或让应用更快地 accept',
  },
  'snmp.tcp.handshake.title': { en: 'TCP handshakes are failing', zh: 'TCP 握手失败' },
  'snmp.tcp.handshake.explanation': {
    en: 'SYN-ACKs had to be retransmitted and half-open connections were reset: the three-way handshake is not completing. Something on the path drops SYNs, SYN-ACKs or the final ACKs — look at the layers below and at netfilter for the cause.',
    zh: 'SYN-ACK 不得不重传，半连接被重置：三次握手没有完成。路径上有东西丢弃了 SYN、SYN-ACK 或最后的 ACK——到下面各层和 netfilter 中找原因。',
  },
  'snmp.tcp.handshake.noise': {
    en: "({n} embryonic resets and failed attempts were pktdrop's own raw SYN probes and are not counted.)",
    zh: '（其中 {n} 次半连接重置和失败的连接尝试来自 pktdrop 自己的原始 SYN 探测，未计入。）',
  },
  'snmp.tcp.handshake.action': {
    en: 'find what drops the handshake packets: the qdisc and netfilter steps of this report; nstat -az TcpExt to watch it',
    zh: '找出丢弃握手报文的地方：看本报告的 qdisc 和 netfilter 步骤；用 `nstat -az TcpExt` 观察',
  },
  'snmp.tcp.retransmits.title': { en: 'TCP retransmitted {pct}% of its segments', zh: 'TCP 重传了 {pct}% 的报文段' },
  'snmp.tcp.retransmits.explanation': {
    en: 'Data segments were sent again because they (or their ACKs) were lost: a symptom of drops somewhere on the path.',
    zh: '数据报文段因为自身（或其 ACK）丢失而被重发：这是路径上某处丢包的症状。',
  },
  'snmp.tcp.retransmits.action': {
    en: 'ss -ti shows retransmits per connection; find the dropping layer in this report',
    zh: '`ss -ti` 按连接显示重传；在本报告中找出丢包的那一层',
  },
  'snmp.tcp.note.probe-noise': {
    en: "{n} embryonic resets expected from pktdrop's own raw SYN probes were subtracted",
    zh: '已减去 pktdrop 自己的原始 SYN 探测预期造成的 {n} 次半连接重置',
  },
  'snmp.tcp.note.late': {
    en: "{n} more came from probes answered after hping3 stopped listening ({sent} sent, {received} answered in time): reset by the prober's kernel, not counted",
    zh: '另有 {n} 次来自 hping3 停止接收之后才得到应答的探测（发出 {sent} 个，及时应答 {received} 个）：由探测端内核重置，未计入',
  },
  'snmp.tcp.note.carry-retrans': {
    en: '{n} SYN-ACK retransmits came from {open} half-open connection(s) that predate the window and were not counted',
    zh: '{n} 次 SYN-ACK 重传来自测量窗口之前就存在的 {open} 个半连接，未计入',
  },
  'snmp.tcp.note.carry-resets': {
    en: '{rsts} embryonic resets and {fails} failed attempts came from the {open} half-open connection(s) that predate the window being reset, and were not counted',
    zh: '{rsts} 次半连接重置和 {fails} 次失败的连接尝试来自测量窗口之前就存在、随后被重置的 {open} 个半连接，未计入',
  },
  'snmp.tcp.note.healthy': {
    en: 'handshakes completed; no listen-queue overflow {window}',
    zh: '握手正常完成；{window}没有监听队列溢出',
  },
  'snmp.tcp.listen-drops.title': {
    en: 'Listeners refused {n} SYN(s) or ACK(s) {window}, but no accept queue overflowed',
    zh: '监听套接字{window}拒绝了 {n} 个 SYN 或 ACK，但没有 accept 队列溢出',
  },
  'snmp.tcp.listen-drops.explanation': {
    en: 'TcpExtListenDrops rose while TcpExtListenOverflows did not: no accept queue was full. The kernel also counts ListenDrops when the SYN-ACK has no route back to the client, when memory is short, or when the new socket cannot be created.',
    zh: 'TcpExtListenDrops 增长了，而 TcpExtListenOverflows 没有：没有 accept 队列满。SYN-ACK 没有回到客户端的路由、内存不足或新套接字无法创建时，内核也会计入 ListenDrops。',
  },
  'snmp.tcp.listen-drops.explanation-no-route': {
    en: 'TcpExtListenDrops rose while TcpExtListenOverflows did not: no accept queue was full. The kernel also counts ListenDrops when the SYN-ACK has no route back to the client, when memory is short, or when the new socket cannot be created; IpOutNoRoutes rose by {n} in the same window, so the answers had no route back.',
    zh: 'TcpExtListenDrops 增长了，而 TcpExtListenOverflows 没有：没有 accept 队列满。SYN-ACK 没有回到客户端的路由、内存不足或新套接字无法创建时，内核也会计入 ListenDrops；同一窗口内 IpOutNoRoutes 增长了 {n}，所以应答没有回程路由。',
  },
  'snmp.tcp.listen-drops.action-no-route': {
    en: 'ip route get <client address> inside the target: add the missing route back',
    zh: '在目标内执行 `ip route get <client address>`：补上缺失的回程路由',
  },
  'snmp.tcp.listen-drops.action': {
    en: 'nstat -az TcpExtListenDrops IpOutNoRoutes; ip route get <client address>; dmesg for memory errors',
    zh: '`nstat -az TcpExtListenDrops IpOutNoRoutes`；`ip route get <client address>`；用 dmesg 查看内存错误',
  },
  'snmp.tcp.backlog.title': { en: 'TCP sockets could not take {n} segments {window}', zh: 'TCP 套接字{window}有 {n} 个报文段无法接收' },
  'snmp.tcp.backlog.explanation': {
    en: 'Segments reached their socket but were dropped there: the socket backlog was full while the application held the socket (TCPBacklogDrop), the receive queue or buffer was full (TCPRcvQDrop, RcvPruned, OfoPruned), the window was zero (TCPZeroWindowDrop) or the out-of-order queue could not take them (TCPOFODrop). The application reads too slowly, or its receive buffer is too small; the sender retransmits.',
    zh: '报文段到达了套接字，却在那里被丢弃：应用持有套接字时 backlog 满了（TCPBacklogDrop），接收队列或缓冲区满了（TCPRcvQDrop、RcvPruned、OfoPruned），窗口为零（TCPZeroWindowDrop），或乱序队列放不下（TCPOFODrop）。应用读得太慢，或接收缓冲区太小；发送方会重传。',
  },
  'snmp.tcp.backlog.action': {
    en: 'ss -tmi (skmem: rb, r per socket; rcv_space); sysctl net.ipv4.tcp_rmem net.core.rmem_max; make the application read faster or raise its SO_RCVBUF',
    zh: '`ss -tmi`（每个套接字的 skmem：rb、r；rcv_space）；`sysctl net.ipv4.tcp_rmem net.core.rmem_max`；让应用读得更快，或调大它的 SO_RCVBUF',
  },
  'snmp.tcp.timewait.title': {
    en: '{n} closing connections got no TIME-WAIT socket {window} (net.ipv4.tcp_max_tw_buckets reached)',
    zh: '{window}有 {n} 个正在关闭的连接没有得到 TIME-WAIT 套接字（达到 net.ipv4.tcp_max_tw_buckets 上限）',
  },
  'snmp.tcp.timewait.explanation': {
    en: 'The namespace already holds net.ipv4.tcp_max_tw_buckets sockets in TIME-WAIT, so the kernel closed these connections at once ("TCP: time wait bucket table overflow"). No packet was dropped, but a late segment of the old connection can now be taken for part of a new one with the same addresses and ports.',
    zh: '该命名空间中处于 TIME-WAIT 的套接字已达 net.ipv4.tcp_max_tw_buckets 个，所以内核立即关闭了这些连接（"TCP: time wait bucket table overflow"）。没有丢包，但旧连接迟到的报文段现在可能被当作地址和端口相同的新连接的一部分。',
  },
  'snmp.tcp.timewait.action': {
    en: 'ss -Htan state time-wait | wc -l; sysctl net.ipv4.tcp_max_tw_buckets; raise it (sysctl -w net.ipv4.tcp_max_tw_buckets=<2× the count>), or reuse connections',
    zh: '`ss -Htan state time-wait | wc -l`；`sysctl net.ipv4.tcp_max_tw_buckets`；调大它（`sysctl -w net.ipv4.tcp_max_tw_buckets=<2× the count>`），或复用连接',
  },
  'snmp.tcp.mem.aborted-title': { en: '{n} TCP connections were aborted for lack of memory {window}', zh: '{window}有 {n} 个 TCP 连接因内存不足被中止' },
  'snmp.tcp.mem.pressure-title': { en: 'TCP entered memory pressure {window}', zh: 'TCP {window}进入了内存压力状态' },
  'snmp.tcp.mem.explanation': {
    en: 'All TCP sockets of the host together reached the limits of net.ipv4.tcp_mem (host-wide, in pages): under pressure the kernel shrinks buffers and drops what does not fit (PROTO_MEM), and over the hard limit it aborts connections.',
    zh: '主机上所有 TCP 套接字加起来达到了 net.ipv4.tcp_mem 的限制（整机范围，以页为单位）：处于压力时内核会收缩缓冲区并丢弃放不下的数据（PROTO_MEM），超过硬上限时会中止连接。',
  },
  'snmp.tcp.mem.action': {
    en: 'cat /proc/net/sockstat (TCP mem, in pages) against sysctl net.ipv4.tcp_mem (on the host); find the sockets holding memory: ss -tm | sort',
    zh: '对比 `cat /proc/net/sockstat`（TCP mem，以页为单位）与宿主机上的 `sysctl net.ipv4.tcp_mem`；找出占用内存的套接字：`ss -tm | sort`',
  },
  'snmp.tcp.syn-queue.title': {
    en: "{n} SYNs were dropped {window}: a listener's SYN queue was full",
    zh: '{window}有 {n} 个 SYN 被丢弃：监听套接字的半连接队列（SYN 队列）满了',
  },
  'snmp.tcp.syn-queue.explanation-off': {
    en: 'A listening socket had as many half-open connections (SYN received, SYN-ACK sent, final ACK not yet back) as its listen() backlog allows, and SYN cookies were off (net.ipv4.tcp_syncookies=0), so the kernel dropped new SYNs. Clients retry after 1 s, 3 s, 7 s. Typical of a SYN flood, of clients whose final ACK is lost, or of a backlog too small for the connection rate. The kernel records no drop event for these SYNs: only this counter proves them.',
    zh: '某个监听套接字的半连接（已收到 SYN、已发出 SYN-ACK、最后的 ACK 尚未到达）数已达 listen() backlog 允许的上限，而 SYN cookies 是关闭的（net.ipv4.tcp_syncookies=0），所以内核丢弃了新的 SYN。客户端会在 1 秒、3 秒、7 秒后重试。常见于 SYN 泛洪、客户端最后的 ACK 丢失，或 backlog 对连接速率来说太小。内核不会为这些 SYN 记录丢包事件：只有这个计数器能证明它们。',
  },
  'snmp.tcp.syn-queue.explanation-unused': {
    en: 'A listening socket had as many half-open connections (SYN received, SYN-ACK sent, final ACK not yet back) as its listen() backlog allows, and SYN cookies were not used, so the kernel dropped new SYNs. Clients retry after 1 s, 3 s, 7 s. Typical of a SYN flood, of clients whose final ACK is lost, or of a backlog too small for the connection rate. The kernel records no drop event for these SYNs: only this counter proves them.',
    zh: '某个监听套接字的半连接（已收到 SYN、已发出 SYN-ACK、最后的 ACK 尚未到达）数已达 listen() backlog 允许的上限，而且没有使用 SYN cookies，所以内核丢弃了新的 SYN。客户端会在 1 秒、3 秒、7 秒后重试。常见于 SYN 泛洪、客户端最后的 ACK 丢失，或 backlog 对连接速率来说太小。内核不会为这些 SYN 记录丢包事件：只有这个计数器能证明它们。',
  },
  'snmp.tcp.syn-queue.action': {
    en: "ss -Htn state syn-recv (half-open connections, by port) and ss -ltn (Send-Q is each backlog); sysctl -w net.ipv4.tcp_syncookies=1 keeps accepting under a flood; raise the application's listen() backlog and net.core.somaxconn for genuine load",
    zh: '`ss -Htn state syn-recv`（按端口列出半连接）和 `ss -ltn`（Send-Q 就是各自的 backlog）；`sysctl -w net.ipv4.tcp_syncookies=1` 可在泛洪下继续接受连接；若负载是真实的，调大应用的 listen() backlog 和 net.core.somaxconn',
  },
  'snmp.tcp.syn-cookies.title': {
    en: "A listener's SYN queue overflowed {window}; the kernel answered {n} SYNs with cookies",
    zh: '监听套接字的 SYN 队列{window}溢出；内核用 cookie 应答了 {n} 个 SYN',
  },
  'snmp.tcp.syn-cookies.explanation': {
    en: 'The SYN queue was full, so the kernel sent SYN cookies instead of queueing: no SYN was dropped, but those connections lose the TCP options a cookie cannot carry (window scaling and SACK without timestamps). A flood, or a backlog too small.',
    zh: 'SYN 队列满了，内核改为发送 SYN cookie 而不入队：没有 SYN 被丢弃，但这些连接会失去 cookie 无法携带的 TCP 选项（没有时间戳时的窗口缩放和 SACK）。可能是泛洪，或 backlog 太小。',
  },
  'snmp.tcp.syn-cookies.action': {
    en: "ss -Htn state syn-recv; ss -ltn (Send-Q is the backlog): raise the application's listen() backlog and net.core.somaxconn if the load is genuine",
    zh: '`ss -Htn state syn-recv`；`ss -ltn`（Send-Q 就是 backlog）：若负载是真实的，调大应用的 listen() backlog 和 net.core.somaxconn',
  },
  'snmp.tcp.syn-cookies.fix': {
    en: 'Turn SYN cookies on (net.ipv4.tcp_syncookies {from} → {to}) in this network namespace',
    zh: '在此网络命名空间中打开 SYN cookies（net.ipv4.tcp_syncookies {from} → {to}）',
  },

  // UDP.
  'snmp.udp.in-errors': {
    en: 'UdpInErrors rose by {n} ({m} not explained by buffer or checksum counters): not a buffer error by itself',
    zh: 'UdpInErrors 增长了 {n}（其中 {m} 个无法用缓冲区或校验和计数器解释）：它本身不代表缓冲区错误',
  },
  'snmp.udp.no-errors': { en: 'no UDP buffer errors {window}', zh: '{window}没有 UDP 缓冲区错误' },
  'snmp.udp.checksum.title': { en: 'UDP datagrams with a bad checksum were dropped {window}', zh: '校验和错误的 UDP 数据报{window}被丢弃' },
  'snmp.udp.checksum.explanation': {
    en: 'The kernel dropped UDP datagrams whose checksum did not match: something between the sender and this stack corrupted them (a NIC, a driver, a checksum offload, a middlebox). Not a buffer problem.',
    zh: '内核丢弃了校验和不匹配的 UDP 数据报：发送方与本协议栈之间的某处损坏了它们（网卡、驱动、校验和卸载、中间设备）。不是缓冲区问题。',
  },
  'snmp.udp.checksum.action': {
    en: 'ethtool -S <dev> for CRC/checksum errors; ethtool -k <dev> (try ethtool -K <dev> rx off tx off on the sender); capture with tcpdump -vv udp to see the bad checksums',
    zh: '用 `ethtool -S <dev>` 查看 CRC/校验和错误；`ethtool -k <dev>`（在发送端试试 `ethtool -K <dev> rx off tx off`）；用 `tcpdump -vv udp` 抓包查看错误的校验和',
  },
  'snmp.udp.buffer.title': { en: 'UDP datagrams were dropped for lack of socket buffer space', zh: 'UDP 数据报因套接字缓冲区空间不足被丢弃' },
  'snmp.udp.buffer.explanation': {
    en: "A UDP socket's buffer was full, so the kernel discarded datagrams: the application does not read fast enough, or its buffer is too small.",
    zh: 'UDP 套接字的缓冲区满了，内核丢弃了数据报：应用读得不够快，或它的缓冲区太小。',
  },
  'snmp.udp.buffer.action': {
    en: "ss -uam shows each socket's buffer use (skmem); raise net.core.rmem_max / the application's SO_RCVBUF, or read faster",
    zh: '`ss -uam` 显示每个套接字的缓冲区使用（skmem）；调大 net.core.rmem_max 或应用的 SO_RCVBUF，或读得更快',
  },
} as const satisfies Area;
