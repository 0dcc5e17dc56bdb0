/** Messages of src/layers/link (see ../catalog-types.ts). Keys start with `link.`. */
import type { Area } from '../catalog-types.js';

export const link = {
  'link.title': { en: 'Link: interface state and counters', zh: '链路：网卡状态与计数器' },
  'link.no-output': { en: 'no output', zh: '没有输出' },
  'link.probe.ip-unreadable': { en: 'could not read ip -j -s -s link show: {reason}', zh: '无法解析 `ip -j -s -s link show` 的输出：{reason}' },
  'link.probe.procdev-unreadable': { en: 'could not read /proc/net/dev: {reason}', zh: '无法解析 /proc/net/dev：{reason}' },
  'link.probe.unreadable': { en: 'could not read interface counters: {reason}', zh: '无法读取网卡计数器：{reason}' },
  'link.note.procdev': {
    en: 'interface state unknown (ip not available): counters from /proc/net/dev',
    zh: '网卡状态未知（没有 ip 命令）：计数器取自 /proc/net/dev',
  },
  'link.state.down': { en: 'down', zh: '关闭（down）' },
  'link.state.not-up': { en: 'not UP', zh: '不是 UP' },
  'link.note.down': { en: '{name} is {state} (not on a probed path)', zh: '{name} 的状态是 {state}（不在探测路径上）' },
  'link.down.title': { en: '{name} is down', zh: '{name} 处于关闭（down）状态' },
  'link.down.explanation': {
    en: "The interface's state is {state}: every packet routed through it is dropped.",
    zh: '这个网卡的状态是 {state}：经它路由的每个包都会被丢弃。',
  },
  'link.down.action': {
    en: 'ip link set dev {name} up (and check the cable, the peer or the driver if it stays down)',
    zh: '`ip link set dev {name} up`（如果仍然是 down，检查网线、对端或驱动）',
  },
  'link.ring.title': {
    en: "{name}'s receive ring overflowed {window}: the NIC dropped frames before the kernel saw them",
    zh: '{name} 的接收环形缓冲区{window}溢出：网卡在内核看到这些帧之前就把它们丢了',
  },
  'link.ring.explanation': {
    en: 'The network card had no free receive buffer for arriving frames (its ring was full, or its FIFO overran), so it discarded them itself: no drop event is ever traced for these. The CPU that services the interface did not drain the ring fast enough (a burst, interrupt moderation, one queue for all traffic, a busy CPU), or the ring is small. On cloud NICs an "allowance exceeded" counter means the provider\'s per-instance packet or bandwidth budget was hit.',
    zh: '网卡没有空闲的接收缓冲区来存放到达的帧（环形缓冲区满了，或 FIFO 溢出），于是由网卡自己丢弃了它们：这类丢包永远追踪不到丢包事件。负责这个网卡的 CPU 没能及时取空环形缓冲区（突发流量、中断合并、所有流量只用一个队列、CPU 太忙），或者环形缓冲区太小。在云主机网卡上，"allowance exceeded" 计数器表示触及了云厂商对每个实例的包量或带宽配额。',
  },
  'link.ring.spread': { en: 'spread the load: ethtool -l {name} (queues), RSS/RPS, irqbalance', zh: '分散负载：`ethtool -l {name}`（队列）、RSS/RPS、irqbalance' },
  'link.ring.action-raise': {
    en: 'ethtool -G {name} rx {max} (the RX ring is {current} of a possible {max}; disruptive: the link resets, so pktdrop does not do it for you); {spread}',
    zh: '`ethtool -G {name} rx {max}`（RX 环形缓冲区当前为 {current}，最大可到 {max}；会中断业务：链路会重置，所以 pktdrop 不替你执行）；{spread}',
  },
  'link.ring.action-at-max': {
    en: 'the RX ring is already at its maximum ({current}, ethtool -g {name}): {spread}',
    zh: 'RX 环形缓冲区已经是最大值（{current}，`ethtool -g {name}`）：{spread}',
  },
  'link.ring.action-unknown': {
    en: 'ethtool -g {name} (current against maximum ring size); ethtool -G {name} rx <maximum> (disruptive: the link resets, so pktdrop does not do it for you); {spread}',
    zh: '`ethtool -g {name}`（对比当前与最大的环形缓冲区大小）；`ethtool -G {name} rx <最大值>`（会中断业务：链路会重置，所以 pktdrop 不替你执行）；{spread}',
  },
  'link.ring.note-small': {
    en: '{name}: RX ring {current} of a possible {max} descriptors (ethtool -g; state, no overflow counter rose): if ring overflows appear, ethtool -G {name} rx {max}',
    zh: '{name}：RX 环形缓冲区为 {current} 个描述符，最大可到 {max}（ethtool -g；状态信息，没有溢出计数器增长）：如果出现环形缓冲区溢出，执行 `ethtool -G {name} rx {max}`',
  },
  'link.rx-dropped.title': { en: '{name} dropped packets {window}', zh: '{name} {window}丢了包' },
  'link.rx-dropped.explanation': {
    en: 'The device counters rose {window}: rx_missed/fifo/over errors mean the NIC ring overflowed (the CPU did not drain it fast enough); rx_dropped/tx_dropped mean the stack discarded frames (no memory, a full backlog, or a protocol nobody handles).',
    zh: '设备计数器{window}增长了：rx_missed/fifo/over 错误表示网卡的环形缓冲区溢出（CPU 没能及时取空）；rx_dropped/tx_dropped 表示协议栈丢弃了帧（内存不足、积压队列已满，或者是没有任何模块处理的协议）。',
  },
  'link.rx-dropped.action': {
    en: "ethtool -S {name} for the driver's detail; for ring overflows raise the ring (ethtool -G {name} rx 4096) or spread interrupts (RSS/RPS); for backlog drops raise net.core.netdev_max_backlog",
    zh: '用 `ethtool -S {name}` 查看驱动的详细计数；环形缓冲区溢出时调大环形缓冲区（`ethtool -G {name} rx 4096`）或分散中断（RSS/RPS）；积压队列丢包时调高 net.core.netdev_max_backlog',
  },
  'link.errors.title': { en: '{name} saw damaged or unsendable frames {window}', zh: '{name} {window}出现了损坏或无法发送的帧' },
  'link.errors.explanation': {
    en: 'Error counters rose: frames arrived with bad CRC, framing or length, or could not be transmitted (carrier lost). This is usually the cable, the optics, the switch port or a duplex mismatch.',
    zh: '错误计数器增长了：收到的帧 CRC、帧格式或长度有误，或者帧无法发送（载波丢失）。通常是网线、光模块、交换机端口或双工不匹配的问题。',
  },
  'link.errors.action': {
    en: 'ethtool {name} (speed/duplex) and ethtool -S {name}; check the cable and the switch port',
    zh: '`ethtool {name}`（速率/双工）和 `ethtool -S {name}`；检查网线和交换机端口',
  },
  'link.note.history': { en: '{name}: {counters} since boot (history: not rising {window})', zh: '{name}：自开机以来 {counters}（历史数据：{window}没有增长）' },
  'link.note.no-host-side': { en: 'no host-side interface to check', zh: '宿主机一侧没有要检查的网卡' },
  'link.note.none': { en: 'no interface to check', zh: '没有要检查的网卡' },
  'link.note.checked': { en: '{n} interface(s) checked: {names}', zh: '检查了 {n} 个网卡：{names}' },

  'link.mtu.inside-target': { en: ' (inside the target: nsenter / docker exec)', zh: '（在目标内部执行：nsenter / docker exec）' },
  'link.mtu.action': {
    en: 'set the larger end to the smaller MTU: ip link set dev {large} mtu {mtu}{where} (or both ends to the path MTU; it changes every flow on the link, so pktdrop does not do it for you); ip -s -s link show {small} to watch rx_dropped',
    zh: '把 MTU 较大的一端设成较小的 MTU：`ip link set dev {large} mtu {mtu}`{where}（或者把两端都设成路径 MTU；这会影响链路上的所有流，所以 pktdrop 不替你执行）；用 `ip -s -s link show {small}` 观察 rx_dropped',
  },
  'link.mtu.title-drops': {
    en: '{large} (MTU {largeMtu}) sends frames its peer {small} (MTU {smallMtu}) drops: {n} {window}',
    zh: '{large}（MTU {largeMtu}）发出的帧被对端 {small}（MTU {smallMtu}）丢弃：{window}共 {n} 个',
  },
  'link.mtu.explanation-drops': {
    en: 'The two ends of this veth pair have different MTUs. Frames longer than {smallMtu} bytes that are not GSO (UDP, ICMP, some TCP segments) are dropped as they cross to {small}: {large} counts them in tx_dropped and {small} in rx_dropped, in step. Large GSO transfers still pass, so the loss is partial and looks random.',
    zh: '这对 veth 两端的 MTU 不同。长度超过 {smallMtu} 字节且不是 GSO 的帧（UDP、ICMP、部分 TCP 分段）在传到 {small} 时被丢弃：{large} 把它们计入 tx_dropped，{small} 计入 rx_dropped，两者同步增长。大的 GSO 传输仍然能通过，所以丢包是部分的，看起来像随机丢包。',
  },
  'link.mtu.title-state': {
    en: 'The ends of {subject} have different MTUs ({large} {largeMtu}, {small} {smallMtu})',
    zh: '{subject} 两端的 MTU 不同（{large} {largeMtu}，{small} {smallMtu}）',
  },
  'link.mtu.explanation-state': {
    en: 'Frames longer than {smallMtu} bytes sent by {large} that are not GSO will be dropped when they reach {small} (tx_dropped on one end, rx_dropped on the other). Nothing was dropped this way {window}.',
    zh: '{large} 发出的、长度超过 {smallMtu} 字节且不是 GSO 的帧，到达 {small} 时会被丢弃（一端计 tx_dropped，另一端计 rx_dropped）。{window}没有发生这样的丢包。',
  },
  'link.benign.note': {
    en: '{name}: {counters} {window}: frames for another host, VLAN or inactive slave, discarded apart from rx_dropped (not loss)',
    zh: '{name}：{window} {counters}：发给其他主机、其他 VLAN 或非活动从设备的帧，在 rx_dropped 之外单独丢弃（不算丢包）',
  },
  'link.parse.rings-error': { en: 'ethtool could not read the rings: {error} (a virtual device such as a veth has none)', zh: 'ethtool 读不到环形缓冲区：{error}（veth 这类虚拟设备没有环形缓冲区）' },
  'link.parse.rings-none': { en: 'no "Pre-set maximums" and "Current hardware settings" with an RX line: not ethtool -g output', zh: '没有带 RX 行的 "Pre-set maximums" 和 "Current hardware settings"：不是 ethtool -g 的输出' },
  'link.parse.stats-none': { en: 'the driver reports no statistics ("no stats available")', zh: '驱动没有提供统计数据（"no stats available"）' },
  'link.parse.stats-no-header': { en: 'no "NIC statistics:" header: not ethtool -S output', zh: '没有 "NIC statistics:" 表头：不是 ethtool -S 的输出' },
  'link.parse.stats-no-counter': { en: 'ethtool -S header found but no "name: value" counter', zh: '找到了 ethtool -S 的表头，但没有 "name: value" 形式的计数器' },
  'link.parse.ifconfig-bsd': { en: 'interfaces listed but none has RX/TX counter lines (BSD/macOS ifconfig prints no packet or drop counters: use netstat -i)', zh: '列出了网卡，但没有一个带 RX/TX 计数器行（BSD/macOS 的 ifconfig 不输出包或丢包计数器：请用 netstat -i）' },
  'link.parse.ifconfig-none': { en: 'no interface with RX/TX counter lines: not Linux ifconfig output', zh: '没有带 RX/TX 计数器行的网卡：不是 Linux ifconfig 的输出' },
  'link.parse.empty': { en: 'empty output', zh: '输出为空' },
  'link.parse.not-json': { en: 'not JSON: {error}', zh: '不是 JSON：{error}' },
  'link.parse.json-not-array': { en: 'JSON is not an array of links', zh: 'JSON 不是网卡列表数组' },
  'link.parse.json-no-entry': { en: 'JSON array has no entry with ifindex and ifname', zh: 'JSON 数组中没有带 ifindex 和 ifname 的条目' },
  'link.parse.ip-link-none': { en: 'no "N: name: <FLAGS> ..." link line: not ip link output', zh: '没有 "N: name: <FLAGS> ..." 形式的网卡行：不是 ip link 的输出' },
  'link.parse.netstat-no-row': { en: 'netstat -i header found but no interface row', zh: '找到了 netstat -i 的表头，但没有网卡行' },
  'link.parse.netstat-bsd-no-row': { en: 'BSD netstat -i header found but no <Link#N> row', zh: '找到了 BSD netstat -i 的表头，但没有 <Link#N> 行' },
  'link.parse.netstat-none': { en: 'no "Iface ... RX-OK" (Linux) or "Name Mtu Network Address Ipkts" (BSD) header: not netstat -i output', zh: '没有 "Iface ... RX-OK"（Linux）或 "Name Mtu Network Address Ipkts"（BSD）表头：不是 netstat -i 的输出' },
  'link.parse.procdev-none': { en: 'no "face |bytes packets ..." header: not /proc/net/dev output', zh: '没有 "face |bytes packets ..." 表头：不是 /proc/net/dev 的内容' },
  'link.parse.procdev-no-row': { en: '/proc/net/dev header found but no complete interface row', zh: '找到了 /proc/net/dev 的表头，但没有完整的网卡行' },
} as const satisfies Area;
