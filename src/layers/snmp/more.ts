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
    title: `${n} ${layer.toUpperCase()} packets arrived with a bad checksum ${phraseWindow(i)}`,
    explanation:
      'The kernel verified these packets\' checksums and they were wrong, so it dropped them. Either they were corrupted on the way ' +
      '(cable, NIC, memory), or a checksum offload is broken: a NIC or virtual NIC that claims to compute checksums and does not, ' +
      'a tunnel or veth path that forwards packets whose checksum was never filled in.',
    evidence: ev(i, names, `${layer} checksums`),
    action:
      'ethtool -k <dev> | grep checksum (offloads of the receiving interface); ethtool -S <dev> | grep -i csum; ' +
      'to test an offload bug: ethtool -K <dev> rx off tx off (disruptive: costs CPU; undo with rx on tx on)',
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
      title: `TCP sockets could not take ${sum(i, BACKLOG)} segments ${phraseWindow(i)}`,
      explanation:
        'Segments reached their socket but were dropped there: the socket backlog was full while the application held the socket ' +
        '(TCPBacklogDrop), the receive queue or buffer was full (TCPRcvQDrop, RcvPruned, OfoPruned), the window was zero ' +
        '(TCPZeroWindowDrop) or the out-of-order queue could not take them (TCPOFODrop). The application reads too slowly, or its ' +
        'receive buffer is too small; the sender retransmits.',
      evidence: backlog,
      action: 'ss -tmi (skmem: rb, r per socket; rcv_space); sysctl net.ipv4.tcp_rmem net.core.rmem_max; make the application read faster or raise its SO_RCVBUF',
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
      title: `${tw} closing connections got no TIME-WAIT socket ${phraseWindow(i)} (net.ipv4.tcp_max_tw_buckets reached)`,
      explanation:
        'The namespace already holds net.ipv4.tcp_max_tw_buckets sockets in TIME-WAIT, so the kernel closed these connections at once ' +
        '("TCP: time wait bucket table overflow"). No packet was dropped, but a late segment of the old connection can now be taken ' +
        'for part of a new one with the same addresses and ports.',
      evidence: ev(i, ['TcpExtTCPTimeWaitOverflow', 'TcpExtTW'], 'time-wait buckets'),
      action: 'ss -Htan state time-wait | wc -l; sysctl net.ipv4.tcp_max_tw_buckets; raise it (sysctl -w net.ipv4.tcp_max_tw_buckets=<2× the count>), or reuse connections',
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
      title: aborted > 0 ? `${aborted} TCP connections were aborted for lack of memory ${phraseWindow(i)}` : `TCP entered memory pressure ${phraseWindow(i)}`,
      explanation:
        'All TCP sockets of the host together reached the limits of net.ipv4.tcp_mem (host-wide, in pages): under pressure the kernel ' +
        'shrinks buffers and drops what does not fit (PROTO_MEM), and over the hard limit it aborts connections.',
      evidence: ev(i, ['TcpExtTCPAbortOnMemory', 'TcpExtTCPMemoryPressures', 'TcpExtTCPMemoryPressuresChrono'], 'tcp memory'),
      action: 'cat /proc/net/sockstat (TCP mem, in pages) against sysctl net.ipv4.tcp_mem (on the host); find the sockets holding memory: ss -tm | sort',
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
      title: `${fails} ${fam.label} packets could not be reassembled from their fragments ${phraseWindow(i)}`,
      explanation:
        (timeouts > 0
          ? `${timeouts} timed out waiting for their missing fragments: a fragment was lost or filtered on the way (firewalls often drop non-first fragments), so the whole packet is lost. `
          : '') +
        (fails > timeouts ? 'The others failed for overlapping fragments or because reassembly memory (ipfrag_high_thresh) was full. ' : '') +
        'Large UDP (DNS with EDNS, NFS, VXLAN) suffers first.',
      evidence: ev(i, [fam.fails, fam.timeout, ...fam.extra], `${fam.label} reassembly`),
      action:
        'tcpdump -ni <dev> "ip[6:2] & 0x3fff != 0" (are all fragments arriving?); sysctl net.ipv4.ipfrag_high_thresh net.ipv4.ipfrag_time; ' +
        'avoid fragmentation: a smaller MTU or payload at the sender',
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
      title: `The kernel held back ${sum(i, ['IcmpOutRateLimitHost', 'IcmpOutRateLimitGlobal', 'Icmp6OutRateLimitHost'])} ICMP errors ${phraseWindow(i)} (rate limit)`,
      explanation:
        'ICMP errors (port unreachable, time exceeded, fragmentation needed) are rate-limited per destination and globally. The ones held ' +
        'back were not sent: traceroute shows stars, and senders learn about unreachable ports or a smaller path MTU later. Usually a scan or a flood.',
      evidence: limited,
      action: 'sysctl net.ipv4.icmp_ratelimit net.ipv4.icmp_ratemask net.ipv4.icmp_msgs_per_sec; nstat -az IcmpOutRateLimitHost IcmpOutRateLimitGlobal',
    });
  }
  return out;
}
