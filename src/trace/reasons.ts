/**
 * What the kernel's drop reasons mean, by name (never by number: numbers drift between kernels).
 * Names are `SKB_DROP_REASON_*` without the prefix, as the tracepoint prints them.
 * Source: include/net/dropreason-core.h and the project's kernel-drop-reasons.md.
 */

/** Where in the packet's path a reason belongs. `socket` has no layer check of its own. */
export type DropLayer = 'link' | 'qdisc' | 'netfilter' | 'ip' | 'tcp' | 'udp' | 'socket' | 'unknown';

export const DROP_LAYERS: readonly DropLayer[] = ['link', 'qdisc', 'netfilter', 'ip', 'tcp', 'udp', 'socket', 'unknown'];

export interface ReasonInfo {
  readonly layer: DropLayer;
  /** Plain words: what the kernel did. */
  readonly meaning: string;
  /** The command a person should run next to see the cause. */
  readonly nextCommand: string;
}

/** The reasons pktdrop explains in words. Others still get a layer from {@link reasonLayer}. */
export const REASON_INFO: Readonly<Record<string, ReasonInfo>> = {
  NOT_SPECIFIED: {
    layer: 'socket',
    meaning: 'dropped by a code path that gives no reason; often benign (multicast not joined, normal teardown)',
    nextCommand: 'cat /sys/kernel/tracing/trace  # look at the location= of these events',
  },
  NO_SOCKET: {
    layer: 'tcp',
    meaning: 'no socket was listening on the destination port (closed port, scan, or replies to a raw probe)',
    nextCommand: 'ss -lntu',
  },
  SOCKET_CLOSE: { layer: 'socket', meaning: 'the socket was closing when the packet arrived', nextCommand: 'ss -tanp' },
  SOCKET_FILTER: {
    layer: 'socket',
    meaning: 'a socket filter (SO_ATTACH_FILTER / BPF) rejected the packet',
    nextCommand: 'ss -tanpb',
  },
  SOCKET_RCVBUFF: {
    layer: 'udp',
    meaning: 'the receiving socket buffer was full: the application reads too slowly',
    nextCommand: 'nstat -az UdpRcvbufErrors Udp6RcvbufErrors; sysctl net.core.rmem_max net.core.rmem_default',
  },
  SOCKET_BACKLOG: {
    layer: 'tcp',
    meaning: 'the socket backlog was full while the socket was owned by the user',
    nextCommand: 'nstat -az TcpExtTCPBacklogDrop',
  },
  PROTO_MEM: {
    layer: 'udp',
    meaning: 'the protocol hit its global memory limit',
    nextCommand: 'sysctl net.ipv4.udp_mem net.ipv4.tcp_mem; cat /proc/net/sockstat',
  },
  PKT_TOO_SMALL: { layer: 'udp', meaning: 'the packet was shorter than its header says', nextCommand: 'nstat -az UdpInErrors' },
  TCP_CSUM: { layer: 'tcp', meaning: 'bad TCP checksum', nextCommand: 'nstat -az TcpInCsumErrors; ethtool -k <dev>' },
  UDP_CSUM: { layer: 'udp', meaning: 'bad UDP checksum', nextCommand: 'nstat -az UdpInCsumErrors; ethtool -k <dev>' },
  IP_CSUM: { layer: 'ip', meaning: 'bad IP header checksum', nextCommand: 'nstat -az IpInCsumErrors' },
  NETFILTER_DROP: {
    layer: 'netfilter',
    meaning: 'netfilter dropped it: an iptables/nft DROP or REJECT rule, a random (statistic) drop, or a full conntrack table',
    nextCommand: 'iptables-save -c; nft -a list ruleset; conntrack -S',
  },
  OTHERHOST: {
    layer: 'link',
    meaning: 'the frame was for another host (seen in promiscuous mode); benign',
    nextCommand: 'ip -d link show  # look for PROMISC',
  },
  IP_INHDR: { layer: 'ip', meaning: 'invalid IP header', nextCommand: 'nstat -az IpInHdrErrors' },
  IP_RPFILTER: {
    layer: 'ip',
    meaning: 'reverse-path filter: the source address is not routed back via the interface it came in on',
    nextCommand: 'sysctl -a 2>/dev/null | grep "\\.rp_filter"; ip route get <source> from <dest> iif <dev>',
  },
  IP_NOPROTO: { layer: 'ip', meaning: 'no handler for the IP protocol number', nextCommand: 'nstat -az IpInUnknownProtos' },
  IP_OUTNOROUTES: { layer: 'ip', meaning: 'no route to send the packet out', nextCommand: 'ip route; nstat -az IpOutNoRoutes' },
  IP_INNOROUTES: { layer: 'ip', meaning: 'no route for a received packet', nextCommand: 'ip route; ip rule' },
  IP_INADDRERRORS: {
    layer: 'ip',
    meaning: 'the destination is not a local address and could not be forwarded (usually forwarding is off on the receiving interface)',
    nextCommand: 'sysctl net.ipv4.ip_forward net.ipv6.conf.all.forwarding; nstat -az IpInAddrErrors Ip6InAddrErrors',
  },
  PKT_TOO_BIG: {
    layer: 'ip',
    meaning: 'packet bigger than the MTU with fragmentation not allowed',
    nextCommand: 'ip link show; ip route get <dest>',
  },
  XFRM_POLICY: { layer: 'netfilter', meaning: 'IPsec (xfrm) policy check failed', nextCommand: 'ip xfrm policy; ip -s xfrm state' },
  BPF_CGROUP_EGRESS: {
    layer: 'netfilter',
    meaning: 'a cgroup BPF egress program dropped it',
    nextCommand: 'bpftool cgroup tree',
  },
  SECURITY_HOOK: { layer: 'netfilter', meaning: 'a security module (LSM) hook dropped it', nextCommand: 'dmesg | grep -i -e selinux -e apparmor' },
  QDISC_DROP: {
    layer: 'qdisc',
    meaning: 'a queueing discipline dropped it (netem loss, tbf/pfifo over its limit)',
    nextCommand: 'tc -s qdisc show',
  },
  QDISC_OVERLIMIT: { layer: 'qdisc', meaning: 'a qdisc was over its limit', nextCommand: 'tc -s qdisc show' },
  QDISC_CONGESTED: { layer: 'qdisc', meaning: 'an AQM qdisc (codel, pie, red) dropped it to signal congestion', nextCommand: 'tc -s qdisc show' },
  TC_EGRESS: { layer: 'qdisc', meaning: 'a tc egress filter/action dropped it', nextCommand: 'tc -s filter show dev <dev> egress' },
  TC_INGRESS: { layer: 'qdisc', meaning: 'a tc ingress filter/action dropped it', nextCommand: 'tc -s filter show dev <dev> ingress' },
  CPU_BACKLOG: {
    layer: 'link',
    meaning: 'the per-CPU input backlog was full (net.core.netdev_max_backlog)',
    nextCommand: 'cat /proc/net/softnet_stat; sysctl net.core.netdev_max_backlog',
  },
  XDP: { layer: 'link', meaning: 'an XDP program dropped it', nextCommand: 'ip link show  # look for xdp' },
  UNHANDLED_PROTO: {
    layer: 'link',
    meaning: 'no handler for the frame protocol (LLDP, unknown VLAN); benign, counted in rx_dropped',
    nextCommand: 'ip -s link show',
  },
  FULL_RING: { layer: 'link', meaning: 'the device ring was full', nextCommand: 'ethtool -S <dev>; ethtool -g <dev>' },
  NOMEM: { layer: 'link', meaning: 'the kernel could not allocate memory for the packet', nextCommand: 'free -m; cat /proc/net/sockstat' },
  DEV_READY: { layer: 'link', meaning: 'the device was not up/ready', nextCommand: 'ip link show' },
  NEIGH_FAILED: { layer: 'ip', meaning: 'neighbour (ARP/ND) resolution failed', nextCommand: 'ip neigh show' },
  NEIGH_QUEUEFULL: { layer: 'ip', meaning: 'too many packets queued waiting for ARP/ND resolution', nextCommand: 'ip neigh show; sysctl net.ipv4.neigh.default.unres_qlen_bytes' },
  TCP_LISTEN_OVERFLOW: {
    layer: 'tcp',
    meaning: 'the listen (accept) queue was full: the server accepts connections too slowly',
    nextCommand: 'ss -lnt; nstat -az TcpExtListenOverflows TcpExtListenDrops',
  },
  TCP_ZEROWINDOW: { layer: 'tcp', meaning: 'data arrived for a zero receive window', nextCommand: 'nstat -az TcpExtTCPZeroWindowDrop' },
  TCP_OLD_DATA: { layer: 'tcp', meaning: 'duplicate data already received (retransmission)', nextCommand: 'nstat -az TcpExtDelayedACKLost' },
  TCP_RFC7323_PAWS: { layer: 'tcp', meaning: 'PAWS timestamp check failed', nextCommand: 'nstat -az TcpExtPAWSEstab' },
  TCP_INVALID_SEQUENCE: { layer: 'tcp', meaning: 'segment outside the receive window', nextCommand: 'nstat -az TcpExtTCPOFODrop' },
  TCP_RESET: { layer: 'tcp', meaning: 'the segment carried or caused a reset', nextCommand: 'nstat -az TcpEstabResets' },
  TCP_CLOSE: { layer: 'tcp', meaning: 'the connection was closed', nextCommand: 'ss -tan state time-wait | wc -l' },
  IPV6DISABLED: {
    layer: 'ip',
    meaning: 'an IPv6 packet arrived on an interface where IPv6 is disabled; usually benign (router/neighbour chatter)',
    nextCommand: 'sysctl net.ipv6.conf.all.disable_ipv6; ip -6 addr',
  },
  QUEUE_PURGE: {
    layer: 'socket',
    meaning: 'a queue was purged (socket or device shut down) with packets still in it; usually benign',
    nextCommand: 'ss -tanp',
  },
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
  return (
    REASON_INFO[reason] ?? {
      layer: reasonLayer(reason, location),
      meaning: `the kernel dropped packets with reason SKB_DROP_REASON_${reason} (see include/net/dropreason-core.h)`,
      nextCommand: `grep -A3 'SKB_DROP_REASON_${reason}' include/net/dropreason-core.h  # in the kernel source; then trace its location=`,
    }
  );
}
