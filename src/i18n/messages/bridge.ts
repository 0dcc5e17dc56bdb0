/** Messages of src/layers/bridge (see ../catalog-types.ts). Keys start with `bridge.`. */
import type { Area } from '../catalog-types.js';

export const bridge = {
  'bridge.title': { en: 'Bridge: bridged traffic sent through iptables (br_netfilter)', zh: '网桥：经 iptables 处理的桥接流量（br_netfilter）' },
  'bridge.note.no-module': {
    en: 'br_netfilter is not loaded here (no /proc/sys/net/bridge): bridged frames do not meet iptables',
    zh: '这里没有加载 br_netfilter（没有 /proc/sys/net/bridge）：桥接的帧不会经过 iptables',
  },
  'bridge.list.comma': { en: '{a}, {b}', zh: '{a}，{b}' },
  'bridge.unreadable': { en: 'unreadable', zh: '无法读取' },
  'bridge.bridges-not-shown': { en: '(bridges not shown)', zh: '（未显示网桥）' },
  'bridge.note.off': { en: '{sysctl} = {value}: bridged {family} frames skip {bin}', zh: '{sysctl} = {value}：桥接的 {family} 帧不经过 {bin}' },
  'bridge.note.no-bridge': { en: '{sysctl} = 1, but no bridge with two ports here: nothing is bridged', zh: '{sysctl} = 1，但这里没有带两个端口的网桥：没有桥接流量' },
  'bridge.note.no-rules': {
    en: '{sysctl} = 1 with bridge {bridges}, but no {bin} rules could be read here',
    zh: '{sysctl} = 1，网桥为 {bridges}，但这里读不到 {bin} 规则',
  },
  'bridge.note.no-drops': { en: '{sysctl} = 1 with bridge {bridges}: FORWARD dropped nothing {window}', zh: '{sysctl} = 1，网桥为 {bridges}：FORWARD 链{window}没有丢包' },
  'bridge.why.routing-off': {
    en: 'Routing is off in this namespace (net.ipv4.ip_forward = 0), so only bridged frames can have reached FORWARD.',
    zh: '这个命名空间关闭了路由（net.ipv4.ip_forward = 0），所以到达 FORWARD 链的只可能是桥接的帧。',
  },
  'bridge.why.counted': {
    en: "FORWARD dropped {total} packet(s) while this namespace's IP layer received {received}: at least {bridged} were bridged frames, which never reach the IP layer.",
    zh: 'FORWARD 链丢弃了 {total} 个包，而这个命名空间的 IP 层只收到 {received} 个：至少有 {bridged} 个是桥接的帧，桥接的帧不会到达 IP 层。',
  },
  'bridge.why.unsure': {
    en: 'These may be routed packets too: pktdrop cannot tell them apart here (count them with iptables -I FORWARD 1 -m physdev --physdev-is-bridged, a rule without a target, and watch its counter).',
    zh: '这些也可能是路由转发的包：pktdrop 在这里无法区分（可以用 `iptables -I FORWARD 1 -m physdev --physdev-is-bridged` 加一条没有目标的规则来计数，观察它的计数器）。',
  },
  'bridge.names': { en: '{name} (ports {ports})', zh: '{name}（端口 {ports}）' },
  'bridge.names-unknown': { en: 'the bridges of this host', zh: '这台主机上的网桥' },
  'bridge.title.certain-ipv4': {
    en: "Bridged IPv4 traffic was dropped by {bin}'s FORWARD chain: {n} packet(s) {window}",
    zh: '桥接的 IPv4 流量被 {bin} 的 FORWARD 链丢弃：{window}共 {n} 个包',
  },
  'bridge.title.certain-ipv6': {
    en: "Bridged IPv6 traffic was dropped by {bin}'s FORWARD chain: {n} packet(s) {window}",
    zh: '桥接的 IPv6 流量被 {bin} 的 FORWARD 链丢弃：{window}共 {n} 个包',
  },
  'bridge.title.maybe': {
    en: "{bin}'s FORWARD chain dropped {n} packet(s) {window} in a namespace that sends bridged traffic through it",
    zh: '{bin} 的 FORWARD 链{window}丢弃了 {n} 个包，而这个命名空间会把桥接流量送进这条链',
  },
  'bridge.explanation': {
    en: "br_netfilter is loaded and {sysctl} = 1, so frames that bridge {names} passes from one port to another also traverse {bin}'s FORWARD chain, and its DROP policy or a DROP rule discarded them (typical after Docker set FORWARD to DROP: VMs and containers on another bridge lose IP connectivity while ARP still works). {why}",
    zh: '已加载 br_netfilter 且 {sysctl} = 1，所以网桥 {names} 在端口之间转发的帧也会经过 {bin} 的 FORWARD 链，并被它的 DROP 策略或某条 DROP 规则丢弃（Docker 把 FORWARD 设为 DROP 之后的典型现象：另一个网桥上的虚拟机和容器失去 IP 连通性，而 ARP 仍然正常）。{why}',
  },
  'bridge.action': {
    en: "{bin} -I FORWARD -m physdev --physdev-is-bridged -j ACCEPT (libvirt's advice; undo with {bin} -D FORWARD -m physdev --physdev-is-bridged -j ACCEPT), or sysctl -w {sysctl}=0 in this namespace (undo: =1; it also bypasses Kubernetes Service NAT and Docker's isolation on that bridge). pktdrop never opens a firewall by itself.",
    zh: '`{bin} -I FORWARD -m physdev --physdev-is-bridged -j ACCEPT`（libvirt 的建议；撤销：`{bin} -D FORWARD -m physdev --physdev-is-bridged -j ACCEPT`），或者在这个命名空间里执行 `sysctl -w {sysctl}=0`（撤销：设回 1；这也会让该网桥上的流量绕过 Kubernetes Service 的 NAT 和 Docker 的隔离）。pktdrop 从不自行打开防火墙。',
  },
} as const satisfies Area;
