/** Messages of src/layers/softnet (see ../catalog-types.ts). Keys start with `softnet.`. */
import type { Area } from '../catalog-types.js';

export const softnet = {
  'softnet.title': { en: 'Softnet: per-CPU input backlog and receive budget (host-wide)', zh: 'Softnet：每 CPU 输入积压队列与接收预算（全主机范围）' },
  'softnet.list.comma': { en: '{a}, {b}', zh: '{a}，{b}' },
  'softnet.no-output': { en: 'no output', zh: '没有输出' },
  'softnet.probe.unreadable': { en: 'could not read {file}: {reason}', zh: '无法读取 {file}：{reason}' },
  'softnet.note.elsewhere': {
    en: 'softnet_stat and its knobs are host-wide: read and judged on the host side of this target, never blamed on it',
    zh: 'softnet_stat 及其参数是全主机范围的：在这个目标的宿主机一侧读取和判断，绝不归咎于目标本身',
  },
  'softnet.host-wide': { en: " (host-wide: this is the host's, not the target's)", zh: '（全主机范围：这是宿主机的问题，不是目标的）' },
  'softnet.backlog.title': {
    en: 'The per-CPU input backlog overflowed: {total} packet(s) dropped on {cpus} {window}{hostWide}',
    zh: '每 CPU 输入积压队列溢出：{cpus} {window}丢弃了 {total} 个包{hostWide}',
  },
  'softnet.backlog.explanation': {
    en: "Packets handed to the stack by netif_rx (veth peers, RPS, tunnels) wait in the receiving CPU's backlog queue; it was full ({knob}), so the kernel dropped the next ones. One burst on one CPU is enough: all interrupts or RPS steered to one CPU, or one packet fanned out to many (tc mirred). The receiving device's rx_dropped (and a veth peer's tx_dropped) rise by the same amount.",
    zh: '通过 netif_rx 交给协议栈的包（veth 对端、RPS、隧道）会在接收 CPU 的积压队列里排队；这个队列满了（{knob}），内核就丢弃了后来的包。一个 CPU 上的一次突发就足以造成这种情况：所有中断或 RPS 都被引到同一个 CPU，或者一个包被复制成很多个（tc mirred）。接收设备的 rx_dropped（以及 veth 对端的 tx_dropped）会增长相同的数量。',
  },
  'softnet.backlog.action': {
    en: 'sysctl -w net.core.netdev_max_backlog={value} (host-wide); then spread the load: cat /proc/interrupts; grep . /sys/class/net/*/queues/rx-*/rps_cpus',
    zh: '`sysctl -w net.core.netdev_max_backlog={value}`（全主机范围）；然后分散负载：`cat /proc/interrupts`；`grep . /sys/class/net/*/queues/rx-*/rps_cpus`',
  },
  'softnet.backlog.twice': { en: '<2 x the current value>', zh: '<当前值的 2 倍>' },
  'softnet.squeeze.title': {
    en: 'The receive softirq ran out of budget {total} time(s) {window}{hostWide}',
    zh: '接收软中断{window}有 {total} 次用完了预算{hostWide}',
  },
  'softnet.squeeze.explanation': {
    en: 'net_rx_action stopped with packets still waiting because it had used up net.core.netdev_budget packets or net.core.netdev_budget_usecs microseconds. Not a drop by itself: the rest waits for the next round, but under load the NIC rings and backlogs fill meanwhile and overflow.',
    zh: 'net_rx_action 在还有包等待处理时就停下了，因为它已经用完了 net.core.netdev_budget 个包或 net.core.netdev_budget_usecs 微秒的预算。这本身不是丢包：剩下的包等下一轮处理，但在高负载下，网卡的环形缓冲区和积压队列会在此期间被填满并溢出。',
  },
  'softnet.squeeze.action': {
    en: 'sysctl net.core.netdev_budget net.core.netdev_budget_usecs; watch column 3 of /proc/net/softnet_stat; raising netdev_budget (e.g. to 600) costs softirq CPU time',
    zh: '`sysctl net.core.netdev_budget net.core.netdev_budget_usecs`；观察 /proc/net/softnet_stat 的第 3 列；调高 netdev_budget（例如调到 600）会消耗更多软中断 CPU 时间',
  },
  'softnet.note.clean': { en: 'no backlog drop and no budget squeeze on {n} CPU(s) {window}', zh: '{n} 个 CPU {window}既没有积压队列丢包，也没有预算耗尽' },
  'softnet.note.history': { en: 'since boot: {cpus} (history)', zh: '自开机以来：{cpus}（历史数据）' },
  'softnet.note.cpu-dropped': { en: 'CPU {cpu} dropped {n}', zh: 'CPU {cpu} 丢弃了 {n} 个' },
  'softnet.fix.raise': { en: 'Raise {key} from {value} to {proposed} (host-wide)', zh: '把 {key} 从 {value} 调高到 {proposed}（全主机范围）' },
  'softnet.parse.bad-line': { en: 'not a softnet_stat line (hex words): {line}', zh: '不是 softnet_stat 的行（应为十六进制字段）：{line}' },
  'softnet.parse.empty': { en: 'empty /proc/net/softnet_stat', zh: '/proc/net/softnet_stat 为空' },
} as const satisfies Area;
