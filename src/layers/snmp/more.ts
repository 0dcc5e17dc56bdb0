/**
 * The drop map's next causes that the MIB counters alone prove (issue 14, part B, #11-#16), all per
 * network namespace, each convicted only by a counter that rose between the two samples:
 * - `tcp.checksum-errors`, `ip.checksum-errors` (the drop map's `offload.csum-errors`, named in the
 *   project's style next to `udp.checksum-errors`): packets with a bad checksum (`TcpInCsumErrors`;
 *   `IpExtInCsumErrors`, `IcmpInCsumErrors`, `Icmp6InCsumErrors`): corrupted on the way, or a
 *   checksum-offload bug of a NIC, a VM's virtual NIC or a tunnel (reasons TCP_CSUM, IP_CSUM,
 *   ICMP_CSUM), one finding per protocol layer so the drop trace reconciles each with its events.
 * - `tcp.backlog-drops`: segments a socket could not take (socket backlog full while the application
 *   held the socket, receive queue or buffer full, zero window, out-of-order queue pruned).
 * - `tcp.timewait-overflow`: a closing connection got no TIME-WAIT socket (tcp_max_tw_buckets reached);
 *   not a packet drop, a warning: late segments of the old connection can then reach a new one.
 * - `ip.frag-reasm`: fragments that never became a packet (`ReasmFails`, split by `ReasmTimeout`: a
 *   fragment lost on the way or filtered; the rest: overlaps or no memory, ipfrag_high_thresh).
 * - `icmp.ratelimit`: ICMP errors the kernel did not send because of its rate limit (info).
 * - `tcp.mem-pressure`: TCP hit its global memory limit (tcp_mem, host-wide): connections aborted
 *   for lack of memory (error), or memory pressure entered (warning).
 * Verified in a private netns on this VM (test/fixtures/proc/netns-net-*-misc-*.txt).
 */
import { counterBasis, counterEvidence, phraseWindow, type CheckInput } from '../../core/layer.js';
import type { Evidence, Finding } from '../../core/types.js';
import { join, msg, t, tm } from '../../i18n/index.js';
import type { MibCounters } from './model.js';

type Input = CheckInput<{ readonly counters: MibCounters }>;

const SOURCE = 'nstat -az (cat /proc/net/snmp /proc/net/netstat /proc/net/snmp6)';

const rise = (i: Input, name: string): number => {
  const a = i.after.counters[name];
  const b = i.before.counters[name];
  return a === undefined || b === undefined ? 0 : Math.max(0, a - b);
};
const ev = (i: Input, names: readonly string[], subject: string): Evidence[] =>
  names.filter((n) => rise(i, n) > 0).map((n) => counterEvidence(n, subject, i.before.counters[n] ?? 0, i.after.counters[n] ?? 0, SOURCE));
const sum = (i: Input, names: readonly string[]): number => names.reduce((n, c) => n + rise(i, c), 0);

const CSUM: Readonly<Record<'ip' | 'tcp', readonly string[]>> = {
  ip: ['IpExtInCsumErrors', 'IcmpInCsumErrors', 'Icmp6InCsumErrors'],
  tcp: ['TcpInCsumErrors'],
};

/** `tcp.checksum-errors` / `ip.checksum-errors` for one protocol layer's checksum counters. */
export function checkCsum(i: Input, layer: 'ip' | 'tcp'): Finding[] {
  const names = CSUM[layer];
  const n = sum(i, names);
  if (n === 0) return [];
  return [{
    id: `${layer}.checksum-errors`,
    layer,
    scope: i.scope,
    severity: 'error',
    basis: counterBasis(i),
    role: 'cause',
    subject: `${layer} checksums`,
    title: t('snmp.ip.checksum.title', { n, proto: layer.toUpperCase(), window: phraseWindow(i) }),
    explanation: t('snmp.ip.checksum.explanation'),
    evidence: ev(i, names, `${layer} checksums`),
    action: t('snmp.ip.checksum.action'),
  }];
}

const BACKLOG = ['TcpExtTCPBacklogDrop', 'TcpExtTCPRcvQDrop', 'TcpExtTCPZeroWindowDrop', 'TcpExtTCPOFODrop', 'TcpExtRcvPruned', 'TcpExtOfoPruned'] as const;

export function checkTcpMore(i: Input): Finding[] {
  const out: Finding[] = [...checkCsum(i, 'tcp')];
  const backlog = ev(i, BACKLOG, 'tcp sockets');
  if (backlog.length > 0) {
    out.push({
      id: 'tcp.backlog-drops',
      layer: 'tcp',
      scope: i.scope,
      severity: 'error',
      basis: counterBasis(i),
      role: 'cause',
      subject: 'tcp sockets',
      title: t('snmp.tcp.backlog.title', { n: sum(i, BACKLOG), window: phraseWindow(i) }),
      explanation: t('snmp.tcp.backlog.explanation'),
      evidence: backlog,
      action: t('snmp.tcp.backlog.action'),
    });
  }
  const tw = rise(i, 'TcpExtTCPTimeWaitOverflow');
  if (tw > 0) {
    out.push({
      id: 'tcp.timewait-overflow',
      layer: 'tcp',
      scope: i.scope,
      severity: 'warning',
      basis: counterBasis(i),
      role: 'cause',
      subject: 'time-wait buckets',
      title: t('snmp.tcp.timewait.title', { n: tw, window: phraseWindow(i) }),
      explanation: t('snmp.tcp.timewait.explanation'),
      evidence: ev(i, ['TcpExtTCPTimeWaitOverflow', 'TcpExtTW'], 'time-wait buckets'),
      action: t('snmp.tcp.timewait.action'),
    });
  }
  const aborted = rise(i, 'TcpExtTCPAbortOnMemory');
  const pressure = rise(i, 'TcpExtTCPMemoryPressures');
  if (aborted > 0 || pressure > 0) {
    out.push({
      id: 'tcp.mem-pressure',
      layer: 'tcp',
      scope: i.scope,
      severity: aborted > 0 ? 'error' : 'warning',
      basis: counterBasis(i),
      role: 'cause',
      subject: 'tcp memory',
      title: aborted > 0 ? t('snmp.tcp.mem.aborted-title', { n: aborted, window: phraseWindow(i) }) : t('snmp.tcp.mem.pressure-title', { window: phraseWindow(i) }),
      explanation: t('snmp.tcp.mem.explanation'),
      evidence: ev(i, ['TcpExtTCPAbortOnMemory', 'TcpExtTCPMemoryPressures', 'TcpExtTCPMemoryPressuresChrono'], 'tcp memory'),
      action: t('snmp.tcp.mem.action'),
    });
  }
  return out;
}

export function checkIpMore(i: Input): Finding[] {
  const out: Finding[] = [...checkCsum(i, 'ip')];
  for (const fam of [
    { label: 'IPv4', fails: 'IpReasmFails', timeout: 'IpReasmTimeout', extra: ['IpReasmReqds', 'IpReasmOverlaps'] },
    { label: 'IPv6', fails: 'Ip6ReasmFails', timeout: 'Ip6ReasmTimeout', extra: ['Ip6ReasmReqds'] },
  ]) {
    const fails = rise(i, fam.fails);
    if (fails === 0) continue;
    const timeouts = rise(i, fam.timeout);
    out.push({
      id: 'ip.frag-reasm',
      layer: 'ip',
      scope: i.scope,
      severity: 'error',
      basis: counterBasis(i),
      role: 'cause',
      subject: `${fam.label} reassembly`,
      title: t('snmp.ip.frag-reasm.title', { n: fails, family: fam.label, window: phraseWindow(i) }),
      explanation: tm(
        join(
          timeouts > 0 && msg('snmp.ip.frag-reasm.timeouts', { n: timeouts }),
          fails > timeouts && msg('snmp.ip.frag-reasm.others'),
          msg('snmp.ip.frag-reasm.who'),
        ),
      ),
      evidence: ev(i, [fam.fails, fam.timeout, ...fam.extra], `${fam.label} reassembly`),
      action: t('snmp.ip.frag-reasm.action'),
    });
  }
  const limited = ev(i, ['IcmpOutRateLimitHost', 'IcmpOutRateLimitGlobal', 'Icmp6OutRateLimitHost'], 'icmp');
  if (limited.length > 0) {
    out.push({
      id: 'icmp.ratelimit',
      layer: 'ip',
      scope: i.scope,
      severity: 'info',
      basis: counterBasis(i),
      role: 'cause',
      subject: 'icmp',
      title: t('snmp.icmp.ratelimit.title', { n: sum(i, ['IcmpOutRateLimitHost', 'IcmpOutRateLimitGlobal', 'Icmp6OutRateLimitHost']), window: phraseWindow(i) }),
      explanation: t('snmp.icmp.ratelimit.explanation'),
      evidence: limited,
      action: t('snmp.icmp.ratelimit.action'),
    });
  }
  return out;
}
