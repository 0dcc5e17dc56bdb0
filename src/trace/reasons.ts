/**
 * What the kernel's drop reasons mean, by name (never by number: numbers drift between kernels).
 * Names are `SKB_DROP_REASON_*` without the prefix, as the tracepoint prints them.
 * Source: include/net/dropreason-core.h and the project's kernel-drop-reasons.md.
 */
import { msg, t, tm, type MessageKey, type Msg } from '../i18n/index.js';

/** Where in the packet's path a reason belongs. `socket` has no layer check of its own. */
export type DropLayer = 'link' | 'qdisc' | 'netfilter' | 'ip' | 'tcp' | 'udp' | 'socket' | 'unknown';

export const DROP_LAYERS: readonly DropLayer[] = ['link', 'qdisc', 'netfilter', 'ip', 'tcp', 'udp', 'socket', 'unknown'];

export interface ReasonInfo {
  readonly layer: DropLayer;
  /** Plain words: what the kernel did (English, built by t(): a renderer says it in its language). */
  readonly meaning: string;
  /** The same meaning as a message, to be said inside a sentence in the sentence's language. */
  readonly meaningMsg: Msg;
  /** The command a person should run next to see the cause. */
  readonly nextCommand: string;
  /** The command as a message, when it carries words (a `# comment`). */
  readonly nextMsg?: Msg;
}

const info = (layer: DropLayer, meaning: MessageKey, next: string | Msg): ReasonInfo => ({
  layer,
  meaning: t(meaning),
  meaningMsg: msg(meaning),
  ...(typeof next === 'string' ? { nextCommand: next } : { nextCommand: tm(next), nextMsg: next }),
});

/** The reasons pktdrop explains in words. Others still get a layer from {@link reasonLayer}. */
export const REASON_INFO: Readonly<Record<string, ReasonInfo>> = {
  NOT_SPECIFIED: info('socket', 'trace.reason.NOT_SPECIFIED', msg('trace.next.NOT_SPECIFIED')),
  NO_SOCKET: info('tcp', 'trace.reason.NO_SOCKET', 'ss -lntu'),
  SOCKET_CLOSE: info('socket', 'trace.reason.SOCKET_CLOSE', 'ss -tanp'),
  SOCKET_FILTER: info('socket', 'trace.reason.SOCKET_FILTER', 'ss -tanpb'),
  SOCKET_RCVBUFF: info('udp', 'trace.reason.SOCKET_RCVBUFF', 'nstat -az UdpRcvbufErrors Udp6RcvbufErrors; sysctl net.core.rmem_max net.core.rmem_default'),
  SOCKET_BACKLOG: info('tcp', 'trace.reason.SOCKET_BACKLOG', 'nstat -az TcpExtTCPBacklogDrop'),
  PROTO_MEM: info('udp', 'trace.reason.PROTO_MEM', 'sysctl net.ipv4.udp_mem net.ipv4.tcp_mem; cat /proc/net/sockstat'),
  PKT_TOO_SMALL: info('udp', 'trace.reason.PKT_TOO_SMALL', 'nstat -az UdpInErrors'),
  TCP_CSUM: info('tcp', 'trace.reason.TCP_CSUM', 'nstat -az TcpInCsumErrors; ethtool -k <dev>'),
  UDP_CSUM: info('udp', 'trace.reason.UDP_CSUM', 'nstat -az UdpInCsumErrors; ethtool -k <dev>'),
  IP_CSUM: info('ip', 'trace.reason.IP_CSUM', 'nstat -az IpInCsumErrors'),
  NETFILTER_DROP: info('netfilter', 'trace.reason.NETFILTER_DROP', 'iptables-save -c; nft -a list ruleset; conntrack -S'),
  OTHERHOST: info('link', 'trace.reason.OTHERHOST', msg('trace.next.OTHERHOST')),
  IP_INHDR: info('ip', 'trace.reason.IP_INHDR', 'nstat -az IpInHdrErrors'),
  IP_RPFILTER: info('ip', 'trace.reason.IP_RPFILTER', 'sysctl -a 2>/dev/null | grep "\\.rp_filter"; ip route get <source> from <dest> iif <dev>'),
  IP_NOPROTO: info('ip', 'trace.reason.IP_NOPROTO', 'nstat -az IpInUnknownProtos'),
  IP_OUTNOROUTES: info('ip', 'trace.reason.IP_OUTNOROUTES', 'ip route; nstat -az IpOutNoRoutes'),
  IP_INNOROUTES: info('ip', 'trace.reason.IP_INNOROUTES', 'ip route; ip rule'),
  IP_INADDRERRORS: info('ip', 'trace.reason.IP_INADDRERRORS', 'sysctl net.ipv4.ip_forward net.ipv6.conf.all.forwarding; nstat -az IpInAddrErrors Ip6InAddrErrors'),
  PKT_TOO_BIG: info('ip', 'trace.reason.PKT_TOO_BIG', 'ip link show; ip route get <dest>'),
  XFRM_POLICY: info('netfilter', 'trace.reason.XFRM_POLICY', 'ip xfrm policy; ip -s xfrm state'),
  BPF_CGROUP_EGRESS: info('netfilter', 'trace.reason.BPF_CGROUP_EGRESS', 'bpftool cgroup tree'),
  SECURITY_HOOK: info('netfilter', 'trace.reason.SECURITY_HOOK', 'dmesg | grep -i -e selinux -e apparmor'),
  QDISC_DROP: info('qdisc', 'trace.reason.QDISC_DROP', 'tc -s qdisc show'),
  QDISC_OVERLIMIT: info('qdisc', 'trace.reason.QDISC_OVERLIMIT', 'tc -s qdisc show'),
  QDISC_CONGESTED: info('qdisc', 'trace.reason.QDISC_CONGESTED', 'tc -s qdisc show'),
  TC_EGRESS: info('qdisc', 'trace.reason.TC_EGRESS', 'tc -s filter show dev <dev> egress'),
  TC_INGRESS: info('qdisc', 'trace.reason.TC_INGRESS', 'tc -s filter show dev <dev> ingress'),
  CPU_BACKLOG: info('link', 'trace.reason.CPU_BACKLOG', 'cat /proc/net/softnet_stat; sysctl net.core.netdev_max_backlog'),
  XDP: info('link', 'trace.reason.XDP', msg('trace.next.XDP')),
  UNHANDLED_PROTO: info('link', 'trace.reason.UNHANDLED_PROTO', 'ip -s link show'),
  FULL_RING: info('link', 'trace.reason.FULL_RING', 'ethtool -S <dev>; ethtool -g <dev>'),
  NOMEM: info('link', 'trace.reason.NOMEM', 'free -m; cat /proc/net/sockstat'),
  DEV_READY: info('link', 'trace.reason.DEV_READY', 'ip link show'),
  NEIGH_FAILED: info('ip', 'trace.reason.NEIGH_FAILED', 'ip neigh show'),
  NEIGH_QUEUEFULL: info('ip', 'trace.reason.NEIGH_QUEUEFULL', 'ip neigh show; sysctl net.ipv4.neigh.default.unres_qlen_bytes'),
  TCP_LISTEN_OVERFLOW: info('tcp', 'trace.reason.TCP_LISTEN_OVERFLOW', 'ss -lnt; nstat -az TcpExtListenOverflows TcpExtListenDrops'),
  TCP_ZEROWINDOW: info('tcp', 'trace.reason.TCP_ZEROWINDOW', 'nstat -az TcpExtTCPZeroWindowDrop'),
  TCP_OLD_DATA: info('tcp', 'trace.reason.TCP_OLD_DATA', 'nstat -az TcpExtDelayedACKLost'),
  TCP_RFC7323_PAWS: info('tcp', 'trace.reason.TCP_RFC7323_PAWS', 'nstat -az TcpExtPAWSEstab'),
  TCP_INVALID_SEQUENCE: info('tcp', 'trace.reason.TCP_INVALID_SEQUENCE', 'nstat -az TcpExtTCPOFODrop'),
  TCP_RESET: info('tcp', 'trace.reason.TCP_RESET', 'nstat -az TcpEstabResets'),
  TCP_CLOSE: info('tcp', 'trace.reason.TCP_CLOSE', 'ss -tan state time-wait | wc -l'),
  IPV6DISABLED: info('ip', 'trace.reason.IPV6DISABLED', 'sysctl net.ipv6.conf.all.disable_ipv6; ip -6 addr'),
  QUEUE_PURGE: info('socket', 'trace.reason.QUEUE_PURGE', 'ss -tanp'),
};

/** Reasons that usually mean nothing is wrong: they never become a cause unless frequent. */
export const USUALLY_BENIGN: ReadonlySet<string> = new Set(['NO_SOCKET', 'OTHERHOST', 'UNHANDLED_PROTO', 'NOT_SPECIFIED', 'QUEUE_PURGE', 'IPV6DISABLED']);

const PREFIX_LAYERS: readonly (readonly [RegExp, DropLayer])[] = [
  [/^(TCP_|SOCKET_BACKLOG$)/, 'tcp'],
  [/^(QDISC_|TC_|FQ_|CAKE_|DUALPI2_)/, 'qdisc'],
  [/^(NETFILTER_|XFRM_|BPF_CGROUP|SECURITY_)/, 'netfilter'],
  [/^(IP_|IPV6|NEIGH_|FRAG_|DUP_FRAG$|PKT_TOO_BIG$|ICMP_|BLACKHOLE$|UNICAST_IN_L2_MULTICAST$)/, 'ip'],
  [/^(UDP_|PROTO_MEM$|PKT_TOO_SMALL$)/, 'udp'],
  [/^(DEV_|VXLAN_|MAC_|BRIDGE_|TAP_|SKB_|HDR_TRUNC$|FULL_RING$|NOMEM$|XDP$|CPU_BACKLOG$|OTHERHOST$|UNHANDLED_PROTO$|RECURSION_LIMIT$|LOCAL_MAC$|ARP_|CAN|TUNNEL_|IP_TUNNEL|NO_TX_TARGET$|PFMEMALLOC$|INVALID_PROTO$)/, 'link'],
  [/^(SOCKET_|UNIX_|PACKET_SOCK|QUEUE_PURGE$|NOT_SPECIFIED$|PSP_)/, 'socket'],
];

/**
 * The layer a reason belongs to. NO_SOCKET is TCP's closed port unless the event's location is a
 * UDP receive function (`__udp4_lib_rcv`, `__udp6_lib_rcv`), where it is UDP's.
 */
export function reasonLayer(reason: string, location?: string): DropLayer {
  if (reason === 'NO_SOCKET') return location !== undefined && /udp/.test(location) ? 'udp' : 'tcp';
  const info = REASON_INFO[reason];
  if (info) return info.layer;
  for (const [re, layer] of PREFIX_LAYERS) if (re.test(reason)) return layer;
  return 'unknown';
}

/**
 * The layer of a drop site when the kernel gives no reason (before 5.17): from the function that
 * freed the packet. A hashed pointer (`00000000751c2330`) gives nothing.
 */
export function locationLayer(location: string | undefined): DropLayer {
  if (location === undefined || /^(0x)?[0-9a-f]+$/i.test(location)) return 'unknown';
  if (/^(nft_|nf_|ipt_|ip6t_|ebt_|arpt_|xt_)/.test(location)) return 'netfilter';
  if (/(dev_queue_xmit|qdisc|^tcf_|^tc_|netem|tbf_|pfifo|fq_)/.test(location)) return 'qdisc';
  if (/^(tcp_|inet_csk|__tcp)/.test(location)) return 'tcp';
  if (/udp/.test(location)) return 'udp';
  if (/^(ip_|ip6_|__ip|ipv6_|icmp|neigh_|arp_|fib_)/.test(location)) return 'ip';
  if (/^(__netif_|netif_|enqueue_to_backlog|napi_|veth_|virtnet_|e1000|ixgbe|mlx|skb_)/.test(location)) return 'link';
  if (/^(sk_|sock_|unix_|packet_)/.test(location)) return 'socket';
  return 'unknown';
}

/** Plain-words information for any reason, including ones pktdrop has no text for. */
export function describeReason(reason: string, location?: string): ReasonInfo {
  const known = REASON_INFO[reason];
  if (known !== undefined) {
    // Said anew, so that the words stay translatable however long the process runs.
    return { ...known, meaning: tm(known.meaningMsg), ...(known.nextMsg ? { nextCommand: tm(known.nextMsg) } : {}) };
  }
  const meaningMsg = msg('trace.reason.other', { reason });
  const nextMsg = msg('trace.next.other', { reason });
  return { layer: reasonLayer(reason, location), meaning: tm(meaningMsg), meaningMsg, nextCommand: tm(nextMsg), nextMsg };
}
