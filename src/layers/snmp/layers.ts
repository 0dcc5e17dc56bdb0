/**
 * The IP, TCP and UDP layers: the MIB counters that `netstat -s` and `nstat` print, read from
 * `/proc/net/snmp` and `/proc/net/netstat` (present in every network namespace, so no tool is needed
 * inside a container). All three layers share one reading.
 */
import { counterBasis, counterEvidence, defineLayer, phraseWindow, type CheckInput, type Probe } from '../../core/layer.js';
import { parsed, unparsable, type Evidence, type Finding, type Scope } from '../../core/types.js';
import type { MibCounters } from './model.js';
import { parseProcSnmp } from './parse-proc-snmp.js';
import { parseProcSnmp6 } from './parse-proc-snmp6.js';
import { checkPathMtu } from './mtu.js';
import { checkIpMore, checkTcpMore } from './more.js';
import { checkSynQueue, parseTcpSysctls, planSynQueueFix, synQueueDrops, TCP_SYSCTL_FILES, type TcpListenSysctls } from './syn-queue.js';
import { parseSysctlLines, sysctlInt, sysctlPathToName, type SysctlValues } from '../../core/parse-sysctl.js';
import { join, msg, t, tm } from '../../i18n/index.js';

export interface MibData {
  readonly counters: MibCounters;
  /**
   * Half-open connections (SYN_RECV) at the moment of the sample. Each keeps retransmitting its
   * SYN-ACK (after 1 s, 2 s, 4 s...) until answered, so those present when a window opens add
   * TCPSynRetrans during it without anything new being dropped.
   */
  readonly synRecv?: number;
  /**
   * The namespace's IPv4/IPv6 interface settings that decide what the IP layer may drop, by
   * `/proc/sys` path: `net/ipv4/conf/<all|default|IF>/{rp_filter,forwarding}` and
   * `net/ipv6/conf/<all|default|IF>/forwarding` (per network namespace). Absent when unreadable.
   */
  readonly conf?: SysctlValues;
  /** The listener knobs of the namespace (SYN cookies, SYN backlog, somaxconn): state, kept by {@link zeroMibData}. */
  readonly tcpSysctls?: TcpListenSysctls;
}

/** The since-boot baseline: every counter at 0 and no half-open connection carried over; settings kept. */
export const zeroMibData = (d: MibData): MibData => ({
  counters: Object.fromEntries(Object.keys(d.counters).map((k) => [k, 0])),
  ...(d.conf ? { conf: d.conf } : {}),
  ...(d.tcpSysctls ? { tcpSysctls: d.tcpSysctls } : {}),
});

/** The interface settings the ip checks read: `grep -H -r` prints `path:value`, needs no shell glob and no sysctl binary. */
export const IP_CONF_ARGV: readonly string[] = [
  'grep', '-H', '-r', '--include=rp_filter', '--include=forwarding', '', '/proc/sys/net/ipv4/conf', '/proc/sys/net/ipv6/conf',
];

const SOURCE = 'netstat -s (cat /proc/net/snmp /proc/net/netstat)';

export const snmpProbe = {
  id: 'snmp',
  scopes: ['target'],
  commands: () => [
    { key: 'snmp', argv: ['cat', '/proc/net/snmp'] },
    { key: 'netstat', argv: ['cat', '/proc/net/netstat'], optional: true },
    { key: 'synrecv', argv: ['ss', '-H', '-tn', 'state', 'syn-recv'], optional: true },
    { key: 'snmp6', argv: ['cat', '/proc/net/snmp6'], optional: true },
    { key: 'ipconf', argv: IP_CONF_ARGV, optional: true },
    { key: 'tcp-sysctl', argv: ['cat', ...TCP_SYSCTL_FILES], optional: true },
  ],
  parse(results) {
    const snmp = results.get('snmp');
    if (!snmp?.ok) return unparsable(t('snmp.read.failed', { reason: snmp?.failure?.hint ?? t('snmp.read.no-output') }));
    const a = parseProcSnmp(snmp.stdout);
    if (!a.ok) return unparsable(t('snmp.read.failed', { reason: a.reason }));
    const ext = results.get('netstat');
    const b = ext?.ok ? parseProcSnmp(ext.stdout) : undefined;
    const ss = results.get('synrecv');
    const synRecv = ss?.ok ? ss.stdout.split('\n').filter((l) => l.trim() !== '').length : undefined;
    const six = results.get('snmp6');
    const c = six?.ok ? parseProcSnmp6(six.stdout) : undefined;
    // grep exits 2 when one tree is missing (IPv6 disabled) but still prints the other: read what it printed.
    const confResult = results.get('ipconf');
    const conf = confResult && confResult.failure?.kind !== 'not-found' ? parseSysctlLines(confResult.stdout) : {};
    const sys = results.get('tcp-sysctl');
    const tcpSysctls = sys?.ok ? parseTcpSysctls(sys.stdout) : undefined;
    return parsed({
      counters: { ...a.data, ...(b?.ok ? b.data : {}), ...(c?.ok ? c.data : {}) },
      ...(synRecv !== undefined ? { synRecv } : {}),
      ...(Object.keys(conf).length > 0 ? { conf } : {}),
      ...(tcpSysctls?.ok ? { tcpSysctls: tcpSysctls.data } : {}),
    });
  },
} satisfies Probe<MibData>;

const delta = (i: CheckInput<MibData>, name: string): number | undefined => {
  const a = i.after.counters[name];
  const b = i.before.counters[name];
  return a === undefined || b === undefined ? undefined : a - b;
};

/** Evidence for every listed counter that rose, optionally less the probe's own share. */
function risen(i: CheckInput<MibData>, names: readonly string[], noise: Readonly<Record<string, number>> = {}): Evidence[] {
  const out: Evidence[] = [];
  for (const name of names) {
    const d = delta(i, name);
    if (d === undefined || d <= 0) continue;
    const before = i.before.counters[name] ?? 0;
    const after = i.after.counters[name] ?? 0;
    out.push(counterEvidence(name, 'stack', before, after, SOURCE, noise[name]));
  }
  return out;
}

const history = (i: CheckInput<MibData>, names: readonly string[]): string[] =>
  names
    .filter((n) => (i.after.counters[n] ?? 0) > 0 && (delta(i, n) ?? 0) <= 0)
    .map((n) => `${n} ${i.after.counters[n]}`);

function finding(scope: Scope, f: Omit<Finding, 'scope'>): Finding {
  return { ...f, scope };
}

const IP_DISCARDS = ['IpInDiscards', 'IpOutDiscards', 'IpInHdrErrors', 'IpInAddrErrors', 'IpOutNoRoutes', 'IpReasmFails', 'IpFragFails', 'IpExtInNoRoutes', 'IpExtInCsumErrors'] as const;

/**
 * IpInDiscards/IpOutDiscards: packets the IP layer threw away although they were valid (no buffer,
 * a netfilter verdict on some kernels); IpInHdrErrors: bad headers (TTL, checksum, version);
 * IpInAddrErrors: not for us and not forwardable; IpOutNoRoutes: no route; Reasm/FragFails: MTU.
 */
export function checkIp(i: CheckInput<MibData>): { findings: Finding[]; notes: string[] } {
  const mtu = checkPathMtu(i);
  const named = [...checkRpFilter(i), ...checkForwarding(i), ...mtu.findings, ...checkIpMore(i)];
  // Counters a named cause explains are not repeated as anonymous discards.
  const explained = new Set([...mtu.explained, ...named.flatMap((f) => f.evidence.flatMap((e) => (e.kind === 'counter' ? [e.counter] : [])))]);
  const ev = risen(i, IP_DISCARDS).filter((e) => e.kind !== 'counter' || !explained.has(e.counter));
  const notes = history(i, IP_DISCARDS);
  const findings = ev.length === 0 ? named : [...named, finding(i.scope, {
    id: 'ip.discards',
    layer: 'ip',
    severity: 'error',
    basis: counterBasis(i),
    role: 'cause',
    subject: 'ip',
    title: t('snmp.ip.discards.title', { window: phraseWindow(i) }),
    explanation: t('snmp.ip.discards.explanation'),
    evidence: ev,
    action: t('snmp.ip.discards.action'),
  })];
  return { findings, notes: notes.length > 0 ? [t('snmp.since-boot', { list: notes.join(', ') })] : [t('snmp.ip.no-discards', { window: phraseWindow(i) })] };
}

const CONF_SOURCE = "grep -r . /proc/sys/net/ipv4/conf/*/{rp_filter,forwarding} /proc/sys/net/ipv6/conf/*/forwarding";
/** Interfaces named in the settings, without the `all`/`default` templates and loopback. */
const confInterfaces = (conf: SysctlValues, family: 'ipv4' | 'ipv6', leaf: string): string[] =>
  Object.keys(conf).flatMap((k) => {
    const m = new RegExp(`^net/${family}/conf/([^/]+)/${leaf}$`).exec(k);
    const dev = m?.[1];
    return dev && dev !== 'all' && dev !== 'default' && dev !== 'lo' ? [dev] : [];
  }).sort();
const confState = (conf: SysctlValues, path: string): Evidence => ({
  kind: 'state', name: sysctlPathToName(path), subject: path.split('/')[3] ?? 'all', value: conf[path] ?? '', source: CONF_SOURCE,
});
const RP_MODE = ['off', 'strict', 'loose'] as const;

/**
 * Reverse-path filtering (RFC 3704): for each packet received on IF, the kernel looks up the route
 * back to its source; in strict mode (1) it must leave through IF, in loose mode (2) through any
 * interface. The mode in force on IF is max(conf.all.rp_filter, conf.IF.rp_filter). A failed check
 * drops the packet (reason IP_RPFILTER at ip_rcv_finish_core) and counts `TcpExtIPReversePathFilter`
 * (an IP counter despite its TcpExt prefix). Convicted only by that counter rising; the mode and an
 * asymmetric route alone are state. IPv6 has no such sysctl (netfilter's rpfilter match does it).
 */
export function checkRpFilter(i: CheckInput<MibData>): Finding[] {
  const ev = risen(i, ['TcpExtIPReversePathFilter']);
  if (ev.length === 0) return [];
  const conf = i.after.conf ?? {};
  const all = sysctlInt(conf, 'net/ipv4/conf/all/rp_filter') ?? 0;
  const filtering = confInterfaces(conf, 'ipv4', 'rp_filter').flatMap((dev) => {
    const mode = Math.max(all, sysctlInt(conf, `net/ipv4/conf/${dev}/rp_filter`) ?? 0);
    return mode > 0 ? [{ dev, mode }] : [];
  });
  const strict = filtering.filter((f) => f.mode === 1).map((f) => f.dev);
  const states = ['net/ipv4/conf/all/rp_filter', ...filtering.map((f) => `net/ipv4/conf/${f.dev}/rp_filter`)].filter((k) => conf[k] !== undefined).map((k) => confState(conf, k));
  const where = filtering.length > 0 ? filtering.map((f) => `${f.dev} (${RP_MODE[f.mode] ?? f.mode})`).join(', ') : 'this namespace';
  const loose = (strict.length > 0 ? strict : ['<IF>']).map((d) => `net.ipv4.conf.${d}.rp_filter=2`).join(' ');
  return [finding(i.scope, {
    id: 'ip.rp-filter',
    layer: 'ip',
    severity: 'error',
    basis: counterBasis(i),
    role: 'cause',
    subject: `rp_filter on ${where}`,
    title: t('snmp.ip.rp-filter.title', { window: phraseWindow(i) }),
    explanation: t('snmp.ip.rp-filter.explanation'),
    evidence: [...ev, ...states],
    action: t('snmp.ip.rp-filter.action', { loose }),
  })];
}

/**
 * Forwarding switched off: a packet for an address that is not local, on an interface where
 * forwarding is off (`net.ipv4.ip_forward` = `conf.all.forwarding`, or `conf.IF.forwarding`), is
 * dropped by ip_error with reason IP_INADDRERRORS and counted in `IpInAddrErrors` (IPv6:
 * `Ip6InAddrErrors` at ip6_forward, `net.ipv6.conf.all.forwarding`). The counter convicts; the
 * settings name the cause. The classic case: containers lose their outbound traffic after a reboot
 * reset ip_forward to 0.
 */
export function checkForwarding(i: CheckInput<MibData>): Finding[] {
  const conf = i.after.conf;
  if (!conf) return [];
  const out: Finding[] = [];
  for (const family of ['ipv4', 'ipv6'] as const) {
    const counter = family === 'ipv4' ? 'IpInAddrErrors' : 'Ip6InAddrErrors';
    const ev = risen(i, [counter]);
    if (ev.length === 0) continue;
    const allKey = `net/${family}/conf/all/forwarding`;
    const all = sysctlInt(conf, allKey);
    const off = confInterfaces(conf, family, 'forwarding').filter((d) => sysctlInt(conf, `net/${family}/conf/${d}/forwarding`) === 0);
    if (all !== 0 && off.length === 0) continue;
    const name = family === 'ipv4' ? 'net.ipv4.ip_forward' : 'net.ipv6.conf.all.forwarding';
    const globally = all === 0;
    out.push(finding(i.scope, {
      id: 'ip.forwarding-disabled',
      layer: 'ip',
      severity: 'error',
      basis: counterBasis(i),
      role: 'cause',
      subject: globally ? `${name}=0` : `${family} forwarding off on ${off.join(', ')}`,
      title: t('snmp.ip.forwarding.title', {
        family: family === 'ipv4' ? 'IPv4' : 'IPv6',
        where: globally ? msg('snmp.ip.forwarding.where-namespace') : msg('snmp.ip.forwarding.where-devs', { devs: off.join(', ') }),
      }),
      explanation: t('snmp.ip.forwarding.explanation', { setting: globally ? `${name} = 0` : msg('snmp.ip.forwarding.setting-devs', { devs: off.join(', ') }) }),
      evidence: [...ev, ...[allKey, ...off.map((d) => `net/${family}/conf/${d}/forwarding`)].filter((k) => conf[k] !== undefined).map((k) => confState(conf, k))],
      action: globally
        ? t('snmp.ip.forwarding.action-global', { name })
        : t('snmp.ip.forwarding.action-devs', { settings: off.map((d) => `net.${family}.conf.${d}.forwarding=1`).join(' ') }),
    }));
  }
  return out;
}

const HANDSHAKE = ['TcpAttemptFails', 'TcpExtEmbryonicRsts', 'TcpExtTCPSynRetrans'] as const;
const LISTEN = ['TcpExtListenOverflows', 'TcpExtListenDrops'] as const;
/** Absolute retransmitted data segments worth a finding; fewer is normal jitter. */
const RETRANS_MIN = 5;
const RETRANS_SHARE = 0.02;

/**
 * TCP: the seed's pattern is that handshakes fail: SYN-ACKs are retransmitted (TCPSynRetrans: the
 * answer to a SYN was not acknowledged in time), half-open connections are reset (EmbryonicRsts)
 * and attempts fail (AttemptFails). Raw SYN probes (hping3 -S) cause one embryonic reset and one
 * failed attempt per answered probe, because the prober's kernel resets each SYN-ACK: that share
 * is subtracted. ListenOverflows/ListenDrops count SYNs and ACKs refused because a listener's
 * accept queue was full. TcpRetransSegs less SYN retransmits are data retransmissions.
 */
export function checkTcp(i: CheckInput<MibData>): { findings: Finding[]; notes: string[] } {
  const findings: Finding[] = [];
  const hping3 = i.traffic.method === 'hping3';
  const noise = hping3 ? i.traffic.synAckNoise : 0;
  // Probes answered after hping3 stopped listening (issue 12). hping3 stops once it has counted `-c`
  // replies, and it counts replies that are not its own (the RSTs and ICMP errors other hping3
  // processes of the host get back), so it may leave right after a SYN whose SYN-ACK then arrives
  // unseen: the prober's kernel still resets it, one embryonic reset and one failed attempt at the
  // target. Such a probe counts as unanswered: at most `sent - received` of them, never more resets
  // than that beyond the SYN-ACKs hping3 saw. (A SYN-ACK lost on a lossy path is not reset: it is
  // retransmitted, and TCPSynRetrans says so.)
  const lateUpTo = hping3 ? Math.max(0, i.traffic.sent - i.traffic.received) : 0;
  const lateOf = (name: string): number => Math.min(lateUpTo, Math.max(0, (delta(i, name) ?? 0) - noise));
  const lateRsts = lateOf('TcpExtEmbryonicRsts');
  const lateFails = lateOf('TcpAttemptFails');
  // Half-open connections left from before the window retransmit SYN-ACKs during it (at most
  // twice each in a window of a few seconds): carry-over, not new drops.
  const carryOver = Math.min(delta(i, 'TcpExtTCPSynRetrans') ?? 0, 2 * (i.before.synRecv ?? 0));
  // Each of them is also reset at most once when its retransmitted SYN-ACK reaches a raw prober
  // whose kernel answers RST (the path being open again after a fix): one embryonic reset and one
  // failed attempt each, beyond the probe's own.
  const openBefore = i.before.synRecv ?? 0;
  const resetCarry = (name: string, late: number): number => Math.max(0, Math.min(openBefore, (delta(i, name) ?? 0) - noise - late));
  const carryRsts = resetCarry('TcpExtEmbryonicRsts', lateRsts);
  const carryFails = resetCarry('TcpAttemptFails', lateFails);
  const probeFails = noise + lateFails;
  const probeRsts = noise + lateRsts;
  const noiseBy: Record<string, number> = {
    ...(probeFails + carryFails > 0 ? { TcpAttemptFails: probeFails + carryFails } : {}),
    ...(probeRsts + carryRsts > 0 ? { TcpExtEmbryonicRsts: probeRsts + carryRsts } : {}),
    ...(carryOver > 0 ? { TcpExtTCPSynRetrans: carryOver } : {}),
  };
  const hs = risen(i, HANDSHAKE, noiseBy).filter((e) => e.kind !== 'counter' || e.delta > 0);
  const synRetrans = Math.max(0, (delta(i, 'TcpExtTCPSynRetrans') ?? 0) - carryOver);
  const listen = risen(i, LISTEN);
  // ListenDrops also counts SYNs refused by a full SYN queue (tcp.syn-queue-overflow): the accept
  // queue is named only by ListenOverflows, or by ListenDrops that the SYN queue does not explain.
  // Issue 12: ListenDrops alone is not an overflow. The kernel also counts it for a SYN whose SYN-ACK
  // has no route back, a failed allocation, or a socket that could not be created; only
  // ListenOverflows says that an accept queue was full.
  const overflows = delta(i, 'TcpExtListenOverflows') ?? 0;
  const acceptQueue = overflows > 0;
  const otherListenDrops = Math.max(0, (delta(i, 'TcpExtListenDrops') ?? 0) - synQueueDrops(i.before.counters, i.after.counters));
  findings.push(...checkSynQueue(i), ...checkTcpMore(i));
  if (!acceptQueue && otherListenDrops > 0) findings.push(listenDropsFinding(i, otherListenDrops));
  if (listen.length > 0 && acceptQueue) {
    findings.push(finding(i.scope, {
      id: 'tcp.listen-overflow',
      layer: 'tcp',
      severity: 'error',
      basis: counterBasis(i),
      role: 'cause',
      subject: 'listen queues',
      title: t('snmp.tcp.listen-overflow.title'),
      explanation: t('snmp.tcp.listen-overflow.explanation'),
      evidence: listen,
      action: t('snmp.tcp.listen-overflow.action'),
    }));
  }
  if (synRetrans > 0 || (hs.some((e) => e.kind === 'counter' && e.counter === 'TcpExtEmbryonicRsts') && hs.length >= 2)) {
    findings.push(finding(i.scope, {
      id: 'tcp.handshake-failures',
      layer: 'tcp',
      severity: 'error',
      basis: counterBasis(i),
      role: 'symptom',
      subject: 'handshakes',
      title: t('snmp.tcp.handshake.title'),
      explanation: tm(join(msg('snmp.tcp.handshake.explanation'), noise > 0 && msg('snmp.tcp.handshake.noise', { n: noise }))),
      evidence: [...hs, ...listen],
      action: t('snmp.tcp.handshake.action'),
    }));
  }
  const retrans = delta(i, 'TcpRetransSegs') ?? 0;
  const dataRetrans = retrans - Math.max(0, synRetrans);
  const out = delta(i, 'TcpOutSegs') ?? 0;
  if (dataRetrans >= RETRANS_MIN && out > 0 && dataRetrans / out >= RETRANS_SHARE) {
    findings.push(finding(i.scope, {
      id: 'tcp.retransmits',
      layer: 'tcp',
      severity: 'warning',
      basis: counterBasis(i),
      role: 'symptom',
      subject: 'segments',
      title: t('snmp.tcp.retransmits.title', { pct: Math.round((dataRetrans / out) * 1000) / 10 }),
      explanation: t('snmp.tcp.retransmits.explanation'),
      evidence: risen(i, ['TcpRetransSegs', 'TcpOutSegs', 'TcpExtTCPTimeouts', 'TcpExtTCPLossProbes']),
      action: t('snmp.tcp.retransmits.action'),
    }));
  }
  const notes: string[] = [];
  if (noise > 0) notes.push(t('snmp.tcp.note.probe-noise', { n: noise }));
  const late = Math.max(lateRsts, lateFails);
  if (late > 0) notes.push(t('snmp.tcp.note.late', { n: late, sent: i.traffic.sent, received: i.traffic.received }));
  if (carryOver > 0) notes.push(t('snmp.tcp.note.carry-retrans', { n: carryOver, open: i.before.synRecv ?? 0 }));
  if (carryRsts + carryFails > 0) notes.push(t('snmp.tcp.note.carry-resets', { rsts: carryRsts, fails: carryFails, open: openBefore }));
  const past = history(i, [...HANDSHAKE, ...LISTEN, 'TcpRetransSegs']);
  if (past.length > 0) notes.push(t('snmp.since-boot', { list: past.join(', ') }));
  if (findings.length === 0) notes.push(t('snmp.tcp.note.healthy', { window: phraseWindow(i) }));
  return { findings, notes };
}

/** Buffer overflows only: `InErrors` also counts checksum errors and is never a buffer error by itself. */
const UDP_BUFFER = ['UdpRcvbufErrors', 'UdpSndbufErrors', 'UdpMemErrors', 'Udp6RcvbufErrors', 'Udp6SndbufErrors'] as const;
const UDP_CSUM = ['UdpInCsumErrors', 'Udp6InCsumErrors'] as const;
const UDP_ERRORS = [...UDP_BUFFER, ...UDP_CSUM, 'UdpInErrors'] as const;

/**
 * ListenDrops that neither an accept queue (ListenOverflows) nor a SYN queue explains: the kernel
 * refused SYNs or final ACKs at a listener for another reason. `tcp_v4_syn_recv_sock`/`tcp_conn_request`
 * count it when the SYN-ACK has no route back (`IpOutNoRoutes` rises with it), memory is short, or a
 * child socket cannot be created. A warning, never an overflow.
 */
function listenDropsFinding(i: CheckInput<MibData>, n: number): Finding {
  const noRoute = delta(i, 'IpOutNoRoutes') ?? 0;
  return finding(i.scope, {
    id: 'tcp.listen-drops',
    layer: 'tcp',
    severity: 'warning',
    basis: counterBasis(i),
    role: 'cause',
    subject: 'listen sockets',
    title: t('snmp.tcp.listen-drops.title', { n, window: phraseWindow(i) }),
    explanation: noRoute > 0 ? t('snmp.tcp.listen-drops.explanation-no-route', { n: noRoute }) : t('snmp.tcp.listen-drops.explanation'),
    evidence: risen(i, ['TcpExtListenDrops', 'TcpExtListenOverflows', 'IpOutNoRoutes']),
    action: noRoute > 0 ? t('snmp.tcp.listen-drops.action-no-route') : t('snmp.tcp.listen-drops.action'),
  });
}

/**
 * UDP: RcvbufErrors count datagrams dropped because the socket's receive buffer was full
 * (the application reads too slowly or SO_RCVBUF is small); SndbufErrors the same on send. InErrors
 * includes both and checksum errors, so it convicts nothing by itself: checksum errors
 * (InCsumErrors) are their own finding (a NIC, a driver or a checksum offload corrupting packets).
 */
export function checkUdp(i: CheckInput<MibData>): { findings: Finding[]; notes: string[] } {
  const ev = risen(i, UDP_BUFFER);
  const csum = risen(i, UDP_CSUM);
  const past = history(i, UDP_ERRORS);
  const inErrors = delta(i, 'UdpInErrors') ?? 0;
  // For IPv4, InErrors counts the receive-buffer drops and the checksum errors among others.
  const explained = Math.max(0, delta(i, 'UdpRcvbufErrors') ?? 0) + Math.max(0, delta(i, 'UdpInCsumErrors') ?? 0);
  const notes: string[] = [];
  if (inErrors > explained) notes.push(t('snmp.udp.in-errors', { n: inErrors, m: inErrors - explained }));
  const checksum = csum.length === 0 ? [] : [finding(i.scope, {
    id: 'udp.checksum-errors',
    layer: 'udp',
    severity: 'error',
    basis: counterBasis(i),
    role: 'cause',
    subject: 'udp checksums',
    title: t('snmp.udp.checksum.title', { window: phraseWindow(i) }),
    explanation: t('snmp.udp.checksum.explanation'),
    evidence: [...csum, ...risen(i, ['UdpInErrors'])],
    action: t('snmp.udp.checksum.action'),
  })];
  const findings = ev.length === 0 ? [...checksum] : [...checksum, finding(i.scope, {
    id: 'udp.buffer-errors',
    layer: 'udp',
    severity: 'error',
    basis: counterBasis(i),
    role: 'cause',
    subject: 'udp sockets',
    title: t('snmp.udp.buffer.title'),
    explanation: t('snmp.udp.buffer.explanation'),
    evidence: ev,
    action: t('snmp.udp.buffer.action'),
  })];
  return { findings, notes: [...notes, ...(past.length > 0 ? [t('snmp.since-boot', { list: past.join(', ') })] : [t('snmp.udp.no-errors', { window: phraseWindow(i) })])] };
}

export const ipLayer = defineLayer<MibData>({
  id: 'ip',
  title: t('snmp.layer.ip'),
  lookedAt: () => 'netstat -s (Ip:)',
  probe: snmpProbe,
  zero: zeroMibData,
  check: checkIp,
});

export const tcpLayer = defineLayer<MibData>({
  id: 'tcp',
  title: t('snmp.layer.tcp'),
  lookedAt: () => 'netstat -s (Tcp:, TcpExt:)',
  probe: snmpProbe,
  zero: zeroMibData,
  check: checkTcp,
  planFix: planSynQueueFix,
});

export const udpLayer = defineLayer<MibData>({
  id: 'udp',
  title: t('snmp.layer.udp'),
  lookedAt: () => 'netstat -s (Udp:)',
  probe: snmpProbe,
  zero: zeroMibData,
  check: checkUdp,
});
