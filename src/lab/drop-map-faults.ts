/**
 * Lab faults from the drop map (issue 14, part A): a per-CPU backlog that overflows, reverse-path
 * filtering, forwarding switched off, and bridged traffic sent through iptables. Each one is built
 * in the lab's own network namespace (plus, for the routed and bridged ones, one more namespace
 * behind it that the lab creates and records), so nothing host-global is changed: the host gets at
 * most a neighbour entry or a /32 route on the lab's own veth, which disappear with it.
 *
 * The commands are data (pure functions below) run by `lab.ts` through the Runner.
 */

import { msg, t, type Param } from '../i18n/index.js';

/** The faults of this module. */
export const DROP_MAP_A_FAULTS = ['softnet-backlog', 'rp-filter', 'forwarding-off', 'br-nf-call'] as const;
export type DropMapAFault = (typeof DROP_MAP_A_FAULTS)[number];

/** Faults that build their own topology around the lab's eth0: at most one per lab, netns engine only. */
export const TOPOLOGY_FAULTS: readonly (DropMapAFault | 'mtu-blackhole')[] = ['rp-filter', 'forwarding-off', 'br-nf-call', 'mtu-blackhole'];

/** Faults whose traffic must be sent to the namespace behind the lab (`diagnose --target B:80`). */
export const BEHIND_FAULTS: readonly ('forwarding-off' | 'br-nf-call' | 'mtu-blackhole')[] = ['forwarding-off', 'br-nf-call', 'mtu-blackhole'];

/** Filters × mirred actions: one IPv4 packet arriving on eth0 becomes this many backlog entries. */
export const FANOUT_FILTERS = 40;
export const FANOUT_ACTIONS = 32;
/** The most filters the fan-out uses (12,800 copies a packet): enough for a backlog of 10,000. */
export const FANOUT_FILTERS_MAX = 400;

/** Filters that put 1.28 × `backlog` copies of a packet in the backlog (never fewer than {@link FANOUT_FILTERS}). */
export function fanoutFilters(backlog: number): number {
  const wanted = Number.isFinite(backlog) && backlog > 0 ? Math.ceil((backlog * 1.28) / FANOUT_ACTIONS) : FANOUT_FILTERS;
  return Math.min(FANOUT_FILTERS_MAX, Math.max(FANOUT_FILTERS, wanted));
}
/** The veth pair inside the lab that receives the copies (its peer's backlog overflows). */
export const FANOUT_DEVS = ['pdsn0', 'pdsn1'] as const;

/**
 * `softnet-backlog`: a clsact qdisc on eth0 whose u32 filters each mirror every incoming IPv4
 * packet 32 times to pdsn0, so one probe packet puts about 1.28 × net.core.netdev_max_backlog
 * packets into pdsn1's per-CPU backlog at once (40 filters, 1280 copies, at the default 1000; more
 * filters where the host's backlog is larger, up to {@link FANOUT_FILTERS_MAX}); about a fifth of
 * each burst is dropped (softnet_stat column 2, CPU_BACKLOG). The host's knob is read, never
 * changed. Needs act_mirred and cls_u32. The host's backlog on that CPU is shared: other traffic
 * on it can lose packets for a few hundred microseconds per probe.
 */
export function softnetBacklogCommands(backlog = 1000): string[][] {
  const [a, b] = FANOUT_DEVS;
  const cmds: string[][] = [
    ['ip', 'link', 'add', a, 'type', 'veth', 'peer', 'name', b],
    ['ip', 'link', 'set', a, 'up'],
    ['ip', 'link', 'set', b, 'up'],
    ['tc', 'qdisc', 'add', 'dev', 'eth0', 'clsact'],
  ];
  for (let pref = 1; pref <= fanoutFilters(backlog); pref++) {
    const argv = ['tc', 'filter', 'add', 'dev', 'eth0', 'ingress', 'pref', String(pref), 'protocol', 'ip', 'u32', 'match', 'u32', '0', '0'];
    for (let k = 1; k <= FANOUT_ACTIONS; k++) argv.push('action', 'mirred', 'egress', 'mirror', 'dev', a, k < FANOUT_ACTIONS ? 'pipe' : 'continue');
    cmds.push(argv);
  }
  return cmds;
}

/** The veth pair inside the lab that carries the asymmetric route back to the host. */
export const RP_DEVS = ['pdrp0', 'pdrp1'] as const;

/**
 * `rp-filter`, inside the lab: a second veth pair and a /32 route back to the host's address through
 * it (the route back no longer leaves through eth0, where the host's packets arrive), and strict
 * reverse-path filtering. Every probe from the host is then dropped (TcpExtIPReversePathFilter,
 * IP_RPFILTER). rp_filter would also refuse the host's ARP requests, so the host gets a permanent
 * neighbour entry for the lab on the lab's own veth ({@link rpFilterHostCommand}).
 */
export function rpFilterLabCommands(hostAddress: string): string[][] {
  const [a, b] = RP_DEVS;
  return [
    ['ip', 'link', 'add', a, 'type', 'veth', 'peer', 'name', b],
    ['ip', 'link', 'set', a, 'up'],
    ['ip', 'link', 'set', b, 'up'],
    ['ip', 'route', 'add', `${hostAddress}/32`, 'dev', a],
    ['sysctl', '-w', 'net.ipv4.conf.all.rp_filter=1'],
  ];
}

export const rpFilterHostCommand = (labAddress: string, labMac: string, hostVeth: string): string[] =>
  ['ip', 'neigh', 'replace', labAddress, 'lladdr', labMac, 'dev', hostVeth, 'nud', 'permanent'];

/** The namespace behind the lab: `<lab>-b` (a netns name; the lab name is at most 63 characters). */
export const behindName = (lab: string): string => `${lab}-b`;

/** The veth end inside the lab that leads to the namespace behind it. */
export const BEHIND_DEV = 'pdbh0';

/**
 * `forwarding-off`: the lab routes for a namespace behind it (lab `pdbh0` .1 ↔ behind `eth0` .2 of a
 * second /30, behind's default route via the lab), and forwarding is off in the lab
 * (net.ipv4.ip_forward=0, per netns). The host reaches the behind address on-link through the lab's
 * own veth (a /32 route with no gateway, so pktdrop's route check sees the probe stay on the lab's
 * link) and a permanent neighbour entry that names the lab's eth0 (with forwarding off the lab does
 * no proxy ARP). Probes to the behind address are dropped by the lab as address errors
 * (IpInAddrErrors, IP_INADDRERRORS).
 */
export function forwardingOffCommands(second: { readonly hostAddress: string; readonly labAddress: string }, labMac: string, hostVeth: string): {
  lab: string[][];
  behind: string[][];
  host: string[][];
} {
  return {
    lab: [
      ['ip', 'addr', 'add', `${second.hostAddress}/30`, 'dev', BEHIND_DEV],
      ['ip', 'link', 'set', BEHIND_DEV, 'up'],
      ['sysctl', '-w', 'net.ipv4.ip_forward=0'],
    ],
    behind: [
      ['ip', 'link', 'set', 'lo', 'up'],
      ['ip', 'addr', 'add', `${second.labAddress}/30`, 'dev', 'eth0'],
      ['ip', 'link', 'set', 'eth0', 'up'],
      ['ip', 'route', 'add', 'default', 'via', second.hostAddress],
    ],
    host: [
      ['ip', 'route', 'add', `${second.labAddress}/32`, 'dev', hostVeth],
      ['ip', 'neigh', 'replace', second.labAddress, 'lladdr', labMac, 'dev', hostVeth, 'nud', 'permanent'],
    ],
  };
}

/**
 * `br-nf-call`: the lab becomes a bridge: `br0` with eth0 (towards the host) and `pdbh0` (towards the
 * namespace behind) as ports, the lab's address moved from eth0 to br0; the behind namespace holds
 * one /32 and a /32 route back to the host; the host reaches it on-link through the lab's veth. In
 * the lab, bridge-nf-call-iptables=1 and iptables' FORWARD policy DROP (what Docker leaves behind):
 * every bridged probe is dropped by the FORWARD policy (NETFILTER_DROP) although nothing routes.
 */
export function brNfCallCommands(behindAddress: string, labAddress: string, hostAddress: string, hostVeth: string): {
  lab: string[][];
  behind: string[][];
  host: string[][];
} {
  return {
    lab: [
      ['ip', 'link', 'add', 'br0', 'type', 'bridge'],
      ['ip', 'link', 'set', 'eth0', 'master', 'br0'],
      ['ip', 'link', 'set', BEHIND_DEV, 'master', 'br0'],
      ['ip', 'addr', 'del', `${labAddress}/30`, 'dev', 'eth0'],
      ['ip', 'addr', 'add', `${labAddress}/30`, 'dev', 'br0'],
      ['ip', 'link', 'set', BEHIND_DEV, 'up'],
      ['ip', 'link', 'set', 'br0', 'up'],
      ['sysctl', '-w', 'net.bridge.bridge-nf-call-iptables=1'],
      ['iptables', '-P', 'FORWARD', 'DROP'],
    ],
    behind: [
      ['ip', 'link', 'set', 'lo', 'up'],
      ['ip', 'addr', 'add', `${behindAddress}/32`, 'dev', 'eth0'],
      ['ip', 'link', 'set', 'eth0', 'up'],
      ['ip', 'route', 'add', `${hostAddress}/32`, 'dev', 'eth0'],
    ],
    host: [['ip', 'route', 'add', `${behindAddress}/32`, 'dev', hostVeth]],
  };
}

/** Why a fault list cannot be built, or undefined when it can. */
export function dropMapAConflict(faults: readonly string[], engine: string): string | undefined {
  const topo = TOPOLOGY_FAULTS.filter((f) => faults.includes(f));
  if (topo.length > 1) {
    const [first, ...rest] = topo;
    const both = rest.reduce<Param>((a, b) => msg('lab.and', { a, b }), first ?? '');
    return t('lab.conflict.topology', { faults: both });
  }
  if (topo.length > 0 && engine !== 'netns') return t('lab.conflict.needs-netns', { fault: topo[0] ?? '' });
  return undefined;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The MAC address of the single link in `ip -j link show dev X`, or undefined. */
export function macOf(ipJsonLink: string): string | undefined {
  try {
    const data: unknown = JSON.parse(ipJsonLink);
    const first: unknown = Array.isArray(data) ? data[0] : undefined;
    return isRecord(first) && typeof first.address === 'string' && /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i.test(first.address) ? first.address : undefined;
  } catch {
    return undefined;
  }
}
