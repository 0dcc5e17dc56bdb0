/**
 * Checks tier for the IP, TCP and UDP layers: real /proc/net/snmp + /proc/net/netstat readings
 * (test/fixtures/proc/*.source.txt, and the before/after pairs of two recorded diagnose runs in
 * test/e2e/fixtures/recorded-here.source.txt), parsed by the real probe. Rising counters that
 * the recordings do not hold are documented edits made with {@link bump}.
 */
import { describe, expect, it } from 'vitest';
import { checkIp, checkTcp, checkUdp, snmpProbe } from './layers.js';
import type { ProbeTraffic } from '../../core/layer.js';
import { CONTAINER_TARGET, checkInputOf, ctxOf, fixture, inContainer, loadRecording, readWith, recordedResults, type Recording } from '../../../test/fakes/scenario.js';

const ctx = ctxOf(CONTAINER_TARGET, 'target');
const SOURCE = 'netstat -s (cat /proc/net/snmp /proc/net/netstat)';

/** Documented edit: add `n` to column `name` of the `prefix:` table (header line + value line). */
function bump(text: string, prefix: string, name: string, n: number): string {
  const lines = text.split('\n');
  const h = lines.findIndex((l) => l.startsWith(`${prefix}: `) && l.split(/\s+/).includes(name));
  const header = lines[h]?.trim().split(/\s+/) ?? [];
  const values = lines[h + 1]?.trim().split(/\s+/) ?? [];
  const i = header.indexOf(name);
  if (h < 0 || i < 0) throw new Error(`no ${prefix} ${name}`);
  values[i] = String(Number(values[i]) + n);
  lines[h + 1] = values.join(' ');
  return lines.join('\n');
}

const snmp = fixture('fixtures/proc/host-net-snmp.txt');
const netstat = fixture('fixtures/proc/host-net-netstat.txt');
const read = (s: string, n: string, synrecv = '') => readWith(snmpProbe, ctx, { snmp: s, netstat: n, synrecv });
const input = (b: ReturnType<typeof read>, a: ReturnType<typeof read>, traffic?: ProbeTraffic) => checkInputOf(CONTAINER_TARGET, 'target', b, a, traffic);
const hping = (synAckNoise: number): ProbeTraffic => ({ method: 'hping3', sent: 20, received: synAckNoise, synAckNoise, port: 80 });

function recordedPair(rec: Recording) {
  const [sb, sa] = recordedResults(rec, inContainer(rec, ['cat', '/proc/net/snmp']));
  const [nb, na] = recordedResults(rec, inContainer(rec, ['cat', '/proc/net/netstat']));
  return { before: read(sb!.stdout, nb!.stdout), after: read(sa!.stdout, na!.stdout) };
}

describe('checkTcp', () => {
  it('healthy run (recorded): EmbryonicRsts and AttemptFails rose exactly by hping3\'s SYN-ACK noise: no finding', () => {
    const { before, after } = recordedPair(loadRecording('healthy-container'));
    const d = (n: string) => (after.counters[n] ?? 0) - (before.counters[n] ?? 0);
    expect([d('TcpExtEmbryonicRsts'), d('TcpAttemptFails'), d('TcpExtTCPSynRetrans')]).toEqual([20, 20, 0]);
    const r = checkTcp(input(before, after, hping(20)));
    expect(r.findings).toEqual([]);
    expect(r.notes[0]).toBe("20 embryonic resets expected from pktdrop's own raw SYN probes were subtracted");
  });

  it('the same deltas without the probe to explain them convict: handshake-failures from EmbryonicRsts + AttemptFails', () => {
    const { before, after } = recordedPair(loadRecording('healthy-container'));
    const r = checkTcp(input(before, after));
    expect(r.findings.map((f) => [f.id, f.subject, f.evidence.map((e) => e.kind === 'counter' && [e.counter, e.delta])])).toEqual([
      ['tcp.handshake-failures', 'handshakes', [['TcpAttemptFails', 20], ['TcpExtEmbryonicRsts', 20]]],
    ]);
  });

  it('seed run (recorded): SYN-ACK retransmits rose; the probe\'s 10 resets are subtracted and drop out of the evidence', () => {
    const { before, after } = recordedPair(loadRecording('seed-container-yes'));
    const r = checkTcp(input(before, after, hping(10)));
    expect(r.findings.map((f) => ({ id: f.id, scope: f.scope, severity: f.severity, subject: f.subject, evidence: f.evidence }))).toEqual([
      {
        id: 'tcp.handshake-failures',
        scope: 'target',
        severity: 'error',
        subject: 'handshakes',
        evidence: [{ kind: 'counter', counter: 'TcpExtTCPSynRetrans', subject: 'stack', before: 0, after: 3, delta: 3, source: SOURCE }],
      },
    ]);
  });

  it('SYN_RECV carry-over: SYN-ACK retransmits of half-open connections that predate the window are not counted (synthetic ss line)', () => {
    const { before, after } = recordedPair(loadRecording('seed-container-yes'));
    // Synthetic: two half-open connections present when the window opened (ss -H -tn state syn-recv lines).
    const withSynRecv = { ...before, synRecv: 2 };
    const r = checkTcp(input(withSynRecv, after, hping(10)));
    expect(r.findings).toEqual([]);
    expect(r.notes).toContain('3 SYN-ACK retransmits came from 2 half-open connection(s) that predate the window and were not counted');
  });

  it('ListenOverflows/ListenDrops rising: tcp.listen-overflow (documented edit: +3 each on the host reading)', () => {
    const before = read(snmp, netstat);
    const after = read(snmp, bump(bump(netstat, 'TcpExt', 'ListenOverflows', 3), 'TcpExt', 'ListenDrops', 3));
    const r = checkTcp(input(before, after));
    expect(r.findings.map((f) => ({ id: f.id, severity: f.severity, subject: f.subject, evidence: f.evidence }))).toEqual([
      {
        id: 'tcp.listen-overflow',
        severity: 'error',
        subject: 'listen queues',
        evidence: [
          { kind: 'counter', counter: 'TcpExtListenOverflows', subject: 'stack', before: before.counters['TcpExtListenOverflows'], after: (before.counters['TcpExtListenOverflows'] ?? 0) + 3, delta: 3, source: SOURCE },
          { kind: 'counter', counter: 'TcpExtListenDrops', subject: 'stack', before: before.counters['TcpExtListenDrops'], after: (before.counters['TcpExtListenDrops'] ?? 0) + 3, delta: 3, source: SOURCE },
        ],
      },
    ]);
  });

  it('since-boot totals with nothing rising are history in the notes only (host reading twice)', () => {
    const r = read(snmp, netstat);
    const out = checkTcp(input(r, r));
    expect(out.findings).toEqual([]);
    expect(out.notes).toEqual(['since boot: TcpAttemptFails 5, TcpExtEmbryonicRsts 5 (history)', 'handshakes completed; no listen-queue overflow during the window']);
  });
});

describe('checkUdp and checkIp', () => {
  it('UdpRcvbufErrors rising: udp.buffer-errors (documented edit: +5)', () => {
    const before = read(snmp, netstat);
    const after = read(bump(snmp, 'Udp', 'RcvbufErrors', 5), netstat);
    expect(checkUdp(input(before, after)).findings.map((f) => [f.id, f.subject, f.evidence])).toEqual([
      ['udp.buffer-errors', 'udp sockets', [{ kind: 'counter', counter: 'UdpRcvbufErrors', subject: 'stack', before: 0, after: 5, delta: 5, source: SOURCE }]],
    ]);
    expect(checkUdp(input(before, before))).toEqual({ findings: [], notes: ['no UDP buffer errors during the window'] });
  });

  it('ListenDrops alone (documented edit: +4, with IpOutNoRoutes +4): not an overflow; tcp.listen-drops says the answers had no route back', () => {
    const before = read(snmp, netstat);
    const after = read(bump(snmp, 'Ip', 'OutNoRoutes', 4), bump(netstat, 'TcpExt', 'ListenDrops', 4));
    const r = checkTcp(input(before, after));
    expect(r.findings.map((f) => [f.id, f.severity, f.title])).toEqual([
      ['tcp.listen-drops', 'warning', 'Listeners refused 4 SYN(s) or ACK(s) during the window, but no accept queue overflowed'],
    ]);
    expect(r.findings[0]?.explanation).toContain('IpOutNoRoutes rose by 4 in the same window, so the answers had no route back.');
    expect(r.findings[0]?.evidence.map((e) => e.kind === 'counter' && [e.counter, e.delta])).toEqual([['TcpExtListenDrops', 4], ['IpOutNoRoutes', 4]]);
  });

  it('UdpInErrors with InCsumErrors (documented edit: +3 each): udp.checksum-errors, never udp.buffer-errors', () => {
    const before = read(snmp, netstat);
    const after = read(bump(bump(snmp, 'Udp', 'InErrors', 3), 'Udp', 'InCsumErrors', 3), netstat);
    const r = checkUdp(input(before, after));
    expect(r.findings.map((f) => [f.id, f.evidence.map((e) => e.kind === 'counter' && [e.counter, e.delta])])).toEqual([
      ['udp.checksum-errors', [['UdpInCsumErrors', 3], ['UdpInErrors', 3]]],
    ]);
  });

  it('UdpInErrors alone (documented edit: +2): no finding, a note that it is not a buffer error by itself', () => {
    const before = read(snmp, netstat);
    const r = checkUdp(input(before, read(bump(snmp, 'Udp', 'InErrors', 2), netstat)));
    expect(r.findings).toEqual([]);
    expect(r.notes[0]).toBe('UdpInErrors rose by 2 (2 not explained by buffer or checksum counters): not a buffer error by itself');
  });

  it('IpInDiscards rising: ip.discards (documented edit: +2); nothing rising: no finding', () => {
    const before = read(snmp, netstat);
    const after = read(bump(snmp, 'Ip', 'InDiscards', 2), netstat);
    expect(checkIp(input(before, after)).findings.map((f) => [f.id, f.scope, f.subject, f.evidence])).toEqual([
      ['ip.discards', 'target', 'ip', [{ kind: 'counter', counter: 'IpInDiscards', subject: 'stack', before: 0, after: 2, delta: 2, source: SOURCE }]],
    ]);
    expect(checkIp(input(before, before))).toEqual({ findings: [], notes: ['no IP discards during the window'] });
  });

  it('an unreadable /proc/net/snmp makes the probe unparsable', () => {
    expect(snmpProbe.parse(new Map([['snmp', { argv: [], executed: true, exitCode: 0, stdout: 'garbage', stderr: '', durationMs: 1, ok: true }]])).ok).toBe(false);
  });
});
