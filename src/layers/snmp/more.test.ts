/**
 * Checks tier for the drop map's next MIB causes (issue 14, part B): /proc/net/snmp and
 * /proc/net/netstat of a private netns recorded before and after bad-checksum UDP, unfinished
 * fragments, TIME-WAIT overflow and a burst to a closed port (test/fixtures/proc/netns-net-*-misc-*.txt,
 * see the .source.txt), parsed by the real probe; counters the recording did not move are documented
 * edits made with {@link bump}.
 */
import { describe, expect, it } from 'vitest';
import { checkIp, checkTcp, checkUdp, snmpProbe } from './layers.js';
import { CONTAINER_TARGET, checkInputOf, ctxOf, fixture, readWith } from '../../../test/fakes/scenario.js';

const ctx = ctxOf(CONTAINER_TARGET, 'target');
const read = (snmp: string, netstat: string) => readWith(snmpProbe, ctx, { snmp, netstat });
const before = read(fixture('fixtures/proc/netns-net-snmp-misc-before.txt'), fixture('fixtures/proc/netns-net-netstat-misc-before.txt'));
const after = read(fixture('fixtures/proc/netns-net-snmp-misc-after.txt'), fixture('fixtures/proc/netns-net-netstat-misc-after.txt'));
const input = <T>(b: T, a: T) => checkInputOf(CONTAINER_TARGET, 'target', b, a);
const counters = (f: { evidence: readonly { kind: string }[] } | undefined) =>
  (f?.evidence ?? []).flatMap((e) => (e.kind === 'counter' && 'counter' in e && 'delta' in e ? [[e.counter, e.delta]] : []));

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

describe('ip: reassembly and ICMP rate limit (recorded)', () => {
  const r = checkIp(input(before, after));
  it('20 unfinished fragments: ip.frag-reasm (timeouts), not repeated as ip.discards', () => {
    const f = r.findings.find((x) => x.id === 'ip.frag-reasm');
    expect(f).toMatchObject({ severity: 'error', basis: 'window', role: 'cause', subject: 'IPv4 reassembly' });
    expect(counters(f)).toEqual([['IpReasmFails', 20], ['IpReasmTimeout', 20], ['IpReasmReqds', 20]]);
    expect(f?.explanation).toContain('20 timed out');
    expect(r.findings.map((x) => x.id)).not.toContain('ip.discards');
  });
  it('ICMP errors held back by the per-host limit: icmp.ratelimit, info', () => {
    const f = r.findings.find((x) => x.id === 'icmp.ratelimit');
    expect([f?.severity, counters(f)]).toEqual(['info', [['IcmpOutRateLimitHost', 64]]]);
  });
});

describe('udp and tcp checksums', () => {
  it('10 bad-checksum UDP datagrams (recorded) are udp.checksum-errors, never buffer errors', () => {
    const ids = checkUdp(input(before, after)).findings.map((f) => f.id);
    expect(ids).toEqual(['udp.checksum-errors']);
  });
  it('TcpInCsumErrors rising (documented edit: +4) is tcp.checksum-errors', () => {
    const a = read(bump(fixture('fixtures/proc/netns-net-snmp-misc-after.txt'), 'Tcp', 'InCsumErrors', 4), fixture('fixtures/proc/netns-net-netstat-misc-after.txt'));
    const f = checkTcp(input(before, a)).findings.find((x) => x.id === 'tcp.checksum-errors');
    expect([f?.layer, f?.severity, counters(f)]).toEqual(['tcp', 'error', [['TcpInCsumErrors', 4]]]);
  });
});

describe('tcp: time-wait, socket backlog, memory', () => {
  it('8 connections closed without TIME-WAIT (recorded, tcp_max_tw_buckets=2): tcp.timewait-overflow, a warning', () => {
    const f = checkTcp(input(before, after)).findings.find((x) => x.id === 'tcp.timewait-overflow');
    expect([f?.severity, f?.basis, counters(f)]).toEqual(['warning', 'window', [['TcpExtTCPTimeWaitOverflow', 8], ['TcpExtTW', 2]]]);
  });
  it('TCPBacklogDrop and TCPRcvQDrop rising (documented edits) are tcp.backlog-drops', () => {
    const n = bump(bump(fixture('fixtures/proc/netns-net-netstat-misc-after.txt'), 'TcpExt', 'TCPBacklogDrop', 3), 'TcpExt', 'TCPRcvQDrop', 2);
    const f = checkTcp(input(before, read(fixture('fixtures/proc/netns-net-snmp-misc-after.txt'), n))).findings.find((x) => x.id === 'tcp.backlog-drops');
    expect([f?.severity, counters(f)]).toEqual(['error', [['TcpExtTCPBacklogDrop', 3], ['TcpExtTCPRcvQDrop', 2]]]);
  });
  it('memory pressure alone is a warning; connections aborted on memory are an error (documented edits)', () => {
    const p = bump(fixture('fixtures/proc/netns-net-netstat-misc-after.txt'), 'TcpExt', 'TCPMemoryPressures', 1);
    const snmp = fixture('fixtures/proc/netns-net-snmp-misc-after.txt');
    expect(checkTcp(input(before, read(snmp, p))).findings.filter((x) => x.id === 'tcp.mem-pressure').map((x) => x.severity)).toEqual(['warning']);
    const q = bump(p, 'TcpExt', 'TCPAbortOnMemory', 2);
    expect(checkTcp(input(before, read(snmp, q))).findings.filter((x) => x.id === 'tcp.mem-pressure').map((x) => x.severity)).toEqual(['error']);
  });
  it('a quiet window finds none of them', () => {
    const ids = [...checkTcp(input(after, after)).findings, ...checkIp(input(after, after)).findings].map((f) => f.id);
    expect(ids).toEqual([]);
  });
});
