/**
 * Lab faults from the drop map (issue 14, part B): a veth whose two ends disagree on the MTU,
 * conntrack marking packets INVALID in front of a drop rule, a SYN queue that overflows, and receive
 * drops that are not loss. Each is built inside the lab's own network namespace (the container's,
 * or the netns lab's) and disappears with it: nothing on the host is changed, no process runs
 * outside the lab, and the traffic that shows each fault is bounded and stays on the lab's links.
 *
 * The commands are data (pure functions below) run by `lab.ts` through the Runner, inside the lab.
 */

import { t } from '../i18n/index.js';
import { BEHIND_DEV } from './drop-map-faults.js';
import { PY_DAEMONIZE } from './lab-parts.js';

/** The faults of this module. */
export const DROP_MAP_B_FAULTS = ['mtu-mismatch', 'conntrack-invalid', 'syn-queue', 'rx-dropped-benign', 'mtu-blackhole', 'timewait-overflow', 'frag-reasm'] as const;
export type DropMapBFault = (typeof DROP_MAP_B_FAULTS)[number];

/** `mtu-mismatch`: the lab's eth0 gets this MTU; the host end of its veth keeps 1500. */
export const MISMATCH_MTU = 1400;

/**
 * `mtu-mismatch`: lower the lab end of its veth to {@link MISMATCH_MTU}. Frames from the host longer
 * than that (and not GSO: UDP or ICMP of 1500 bytes) are dropped as they cross: the host end counts
 * tx_dropped, the lab's eth0 rx_dropped (NOT_SPECIFIED at __dev_forward_skb2).
 */
export const mtuMismatchCommands = (): string[][] => [['ip', 'link', 'set', 'dev', 'eth0', 'mtu', String(MISMATCH_MTU)]];

/**
 * `conntrack-invalid`: an `--ctstate INVALID -j DROP` rule on INPUT (kube-proxy's rule; it also makes
 * conntrack track this namespace) and `nf_conntrack_tcp_loose=0`, so a TCP segment of a connection
 * conntrack never saw (a bare ACK) is INVALID and dropped: `invalid` in /proc/net/stat/nf_conntrack
 * and the rule's counter rise together (NETFILTER_DROP). New connections are unaffected.
 */
export const conntrackInvalidCommands = (): string[][] => [
  ['iptables', '-A', 'INPUT', '-m', 'conntrack', '--ctstate', 'INVALID', '-j', 'DROP'],
  ['sysctl', '-w', 'net.netfilter.nf_conntrack_tcp_loose=0'],
];

/** The never-accepting listener whose SYN queue overflows. */
export const SYN_QUEUE_PORT = 8081;
/** The spoofed source of the lab's SYNs (TEST-NET-1, RFC 5737: never routed anywhere real). */
export const SYN_QUEUE_SOURCE = '192.0.2.7';
export const SYN_QUEUE_NET = '192.0.2.0/24';
/** A MAC nobody has: the SYN-ACKs to the spoofed source die on the lab's own sink veth. */
export const SYN_QUEUE_SINK_MAC = '02:00:00:00:00:99';
export const SYN_QUEUE_DEVS = ['pdsq0', 'pdsq1'] as const;

/**
 * `syn-queue`: SYN cookies off, and a way for SYNs from a spoofed source to stay half-open. The
 * SYN-ACKs to {@link SYN_QUEUE_SOURCE} are routed into a veth pair inside the lab, to a neighbour
 * entry of a MAC nobody has, so they are discarded on the pair's far end (rx_otherhost) and never
 * answered; rp_filter is turned off in the lab because the SYNs arrive on eth0 while their source is
 * routed elsewhere. The listener (port {@link SYN_QUEUE_PORT}, backlog 1) is started by lab.ts.
 * A burst of spoofed SYNs then fills the SYN queue and the rest are dropped (TcpExtTCPReqQFullDrop,
 * TcpExtListenDrops); the kernel records no drop event for them.
 */
export function synQueueCommands(): string[][] {
  const [a, b] = SYN_QUEUE_DEVS;
  return [
    ['sysctl', '-w', 'net.ipv4.tcp_syncookies=0'],
    ['sysctl', '-w', 'net.ipv4.conf.all.rp_filter=0'],
    ['sysctl', '-w', 'net.ipv4.conf.eth0.rp_filter=0'],
    ['ip', 'link', 'add', a, 'type', 'veth', 'peer', 'name', b],
    ['ip', 'link', 'set', a, 'up'],
    ['ip', 'link', 'set', b, 'up'],
    ['ip', 'route', 'add', SYN_QUEUE_NET, 'dev', a],
    ['ip', 'neigh', 'replace', SYN_QUEUE_SOURCE, 'lladdr', SYN_QUEUE_SINK_MAC, 'dev', a, 'nud', 'permanent'],
  ];
}

/** The bounded SYN burst that shows the fault, sent from the host: `hping3 ... <address>`. */
export const synQueueBurst = (address: string, count = 20): string[] =>
  ['hping3', '-q', '-S', '-a', SYN_QUEUE_SOURCE, '-p', String(SYN_QUEUE_PORT), '-c', String(count), '-i', 'u10000', address];

/** The veth pair inside the lab on which frames of an unknown protocol arrive. */
export const BENIGN_DEVS = ['pdlldp0', 'pdlldp1'] as const;
/** EtherType 0x88b5 (IEEE 802 local experimental): no handler on any Linux host. */
export const BENIGN_ETHERTYPE = 0x88b5;
/** Frames per second, and how long the sender runs at most. */
export const BENIGN_RATE = 5;
export const BENIGN_MAX_SECONDS = 3600;

/** `rx-dropped-benign`: the veth pair the sender talks on (the sender itself is started by lab.ts). */
export function rxDroppedBenignCommands(): string[][] {
  const [a, b] = BENIGN_DEVS;
  return [
    ['ip', 'link', 'add', a, 'type', 'veth', 'peer', 'name', b],
    ['ip', 'link', 'set', a, 'up'],
    ['ip', 'link', 'set', b, 'up'],
  ];
}

/**
 * A python3 program (argv: ifname, pidfile or '') that sends {@link BENIGN_RATE} broadcast frames per
 * second with EtherType {@link BENIGN_ETHERTYPE} on `ifname`, for at most {@link BENIGN_MAX_SECONDS}
 * s, like an LLDP agent on a switch: each frame reaches the veth's other end, which has no handler for
 * it and counts it in rx_dropped (UNHANDLED_PROTO). With a pidfile it detaches first and writes its
 * pid there (netns labs); without, it runs in the foreground (`docker exec -d`).
 */
export const UNKNOWN_PROTO_SENDER = [
  'import os, socket, sys, time',
  'ifname = sys.argv[1]',
  "pidfile = sys.argv[2] if len(sys.argv) > 2 else ''",
  's = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)',
  's.bind((ifname, 0))',
  ...PY_DAEMONIZE,
  `frame = b"\\xff" * 6 + b"\\x02\\x00\\x00\\x00\\x00\\x01" + (${BENIGN_ETHERTYPE}).to_bytes(2, "big") + b"\\x00" * 46`,
  `for _ in range(${BENIGN_RATE * BENIGN_MAX_SECONDS}):`,
  '    try:',
  '        s.send(frame)',
  '    except OSError:',
  '        break',
  `    time.sleep(${1 / BENIGN_RATE})`,
  '',
].join('\n');

/** `mtu-blackhole`: the MTU of the link between the lab and the namespace behind it. */
export const BLACKHOLE_MTU = 1400;

/**
 * `mtu-blackhole` (netns engine; the namespace behind the lab is created by lab.ts like forwarding-off's):
 * the lab routes for the namespace behind it (ip_forward=1, in the lab only) over a veth pair whose
 * both ends have MTU {@link BLACKHOLE_MTU}, and its OUTPUT chain drops ICMP "fragmentation needed".
 * The host reaches the behind address on-link through the lab's own veth (a /32 with no gateway and a
 * permanent neighbour entry naming the lab's eth0), so the probe's route check sees it stay on the
 * lab's link. A 1500-byte packet with DF set from the host is refused by the lab (Ip FragFails,
 * PKT_TOO_BIG at ip_forward) and the ICMP error that would make the sender shrink is dropped on the
 * way out (IcmpOutDestUnreachs and Ip OutDiscards rise with it): a path-MTU black hole.
 */
export function mtuBlackholeCommands(
  second: { readonly hostAddress: string; readonly labAddress: string },
  labMac: string,
  hostVeth: string,
): { lab: string[][]; behind: string[][]; host: string[][] } {
  return {
    lab: [
      ['ip', 'addr', 'add', `${second.hostAddress}/30`, 'dev', BEHIND_DEV],
      ['ip', 'link', 'set', 'dev', BEHIND_DEV, 'mtu', String(BLACKHOLE_MTU)],
      ['ip', 'link', 'set', BEHIND_DEV, 'up'],
      ['sysctl', '-w', 'net.ipv4.ip_forward=1'],
      ['iptables', '-A', 'OUTPUT', '-p', 'icmp', '--icmp-type', 'fragmentation-needed', '-j', 'DROP'],
    ],
    behind: [
      ['ip', 'link', 'set', 'lo', 'up'],
      ['ip', 'addr', 'add', `${second.labAddress}/30`, 'dev', 'eth0'],
      ['ip', 'link', 'set', 'dev', 'eth0', 'mtu', String(BLACKHOLE_MTU)],
      ['ip', 'link', 'set', 'eth0', 'up'],
      ['ip', 'route', 'add', 'default', 'via', second.hostAddress],
    ],
    host: [
      ['ip', 'route', 'add', `${second.labAddress}/32`, 'dev', hostVeth],
      ['ip', 'neigh', 'replace', second.labAddress, 'lladdr', labMac, 'dev', hostVeth, 'nud', 'permanent'],
    ],
  };
}

/** The bounded traffic that shows the black hole: 1500-byte UDP with DF set, from the host. */
export const blackholeBurst = (address: string, count = 3): string[] =>
  ['hping3', '-q', '-2', '-y', '-d', '1472', '-p', '9', '-c', String(count), '-i', 'u100000', address];

/**
 * `timewait-overflow`: at most 2 TIME-WAIT sockets in the lab (net.ipv4.tcp_max_tw_buckets, per
 * netns). nginx closes HTTP/1.0 connections first, so each request leaves one on the lab's side; from
 * the third on, closing connections get none (TcpExtTCPTimeWaitOverflow).
 */
export const timewaitOverflowCommands = (): string[][] => [['sysctl', '-w', 'net.ipv4.tcp_max_tw_buckets=2']];

/**
 * `frag-reasm`: fragments wait 1 s for their siblings in the lab (net.ipv4.ipfrag_time, per netns), so
 * a first fragment whose others never come fails reassembly quickly (IpReasmTimeout, IpReasmFails).
 */
export const fragReasmCommands = (): string[][] => [['sysctl', '-w', 'net.ipv4.ipfrag_time=1']];

/**
 * A python3 program (argv: source, destination, count) that sends `count` first fragments (UDP, "more
 * fragments" set, offset 0) whose other fragments never come. It must run inside the lab: a host
 * with connection tracking reassembles its own outgoing fragments (nf_defrag on OUTPUT), so fragments
 * that never complete would never leave the host (verified here: nothing reached the lab).
 */
export const FIRST_FRAGMENTS_SENDER = [
  'import socket, struct, sys',
  'src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])',
  's = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)',
  'for i in range(min(n, 1000)):',
  '    pl = b"A" * 64',
  '    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(pl), 1000 + i, 0x2000, 64, 17, 0, socket.inet_aton(src), socket.inet_aton(dst))',
  '    s.sendto(hdr + pl, (dst, 0))',
  '',
].join('\n');

/** The bounded traffic that shows frag-reasm, to run inside the lab: `count` first fragments to its own address. */
export const firstFragments = (address: string, count = 5): string[] => ['python3', '-c', FIRST_FRAGMENTS_SENDER, address, address, String(count)];

/** Why these faults cannot be combined with others on one lab, or undefined. */
export function dropMapBConflict(faults: readonly string[]): string | undefined {
  if (faults.includes('syn-queue') && faults.includes('rp-filter')) {
    return t('lab.conflict.syn-rp');
  }
  return undefined;
}
