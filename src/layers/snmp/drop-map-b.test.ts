/**
 * Checks tier for issue 14's IP/TCP checks: the SYN queue (tcp.syn-queue-overflow, tcp.syn-cookies)
 * and the path MTU (ip.mtu-blackhole, ip.frag-needed), on real readings recorded in private
 * namespaces on this VM (test/fixtures/proc/*-synq*, router-net-snmp-*, each with its .source.txt),
 * parsed by the real probe.
 */
import { describe, expect, it } from 'vitest';
import { checkIp, checkTcp, ipLayer, snmpProbe, tcpLayer, zeroMibData } from './layers.js';
import { parseTcpSysctls } from './syn-queue.js';
import { CONTAINER_TARGET, checkInputOf, ctxOf, fixCore, fixture, readWith } from '../../../test/fakes/scenario.js';

const ctx = ctxOf(CONTAINER_TARGET, 'target');
const snmp = fixture('fixtures/proc/netns-net-snmp.txt');
const cookiesOff = fixture('fixtures/sysctl/netns-cat-tcp-listen-syncookies-off.txt');
const read = (files: Record<string, string>) => readWith(snmpProbe, ctx, files);
const input = <T>(b: T, a: T) => checkInputOf(CONTAINER_TARGET, 'target', b, a);

/** Documented edit: rename a TcpExt column (header line only), to turn one recorded counter into another. */
function renameTcpExt(text: string, from: string, to: string): string {
  return text.split('\n').map((l) => (l.startsWith('TcpExt: ') && /[A-Za-z]/.test(l.slice(8, 9)) ? l.replace(` ${from} `, ` ${to} `) : l)).join('\n');
}

describe('parseTcpSysctls', () => {
  it('reads the three recorded values in order', () => {
    expect(parseTcpSysctls(cookiesOff)).toEqual({ ok: true, data: { syncookies: 0, maxSynBacklog: 2048, somaxconn: 4096 } });
  });
  it('a missing file or garbage is unparsable, never a guess', () => {
    expect(parseTcpSysctls('0\n2048\n').ok).toBe(false);
    expect(parseTcpSysctls('cat: /proc/sys/net/ipv4/tcp_syncookies: No such file or directory\n2048\n4096\n').ok).toBe(false);
    expect(parseTcpSysctls('').ok).toBe(false);
  });
});

describe('tcp.syn-queue-overflow', () => {
  const before = read({ snmp, netstat: fixture('fixtures/proc/netns-net-netstat-synq-before.txt'), 'tcp-sysctl': cookiesOff });
  const after = read({ snmp, netstat: fixture('fixtures/proc/netns-net-netstat-synq.txt'), 'tcp-sysctl': cookiesOff });

  it('recorded SYN flood on a listen(8) listener with cookies off: convicted on TCPReqQFullDrop, not called an accept-queue overflow', () => {
    const r = checkTcp(input(before, after));
    const ids = r.findings.map((f) => f.id);
    expect(ids).toContain('tcp.syn-queue-overflow');
    expect(ids).not.toContain('tcp.listen-overflow');
    const f = r.findings.find((x) => x.id === 'tcp.syn-queue-overflow');
    expect(f).toMatchObject({ severity: 'error', basis: 'window', role: 'cause', scope: 'target', subject: 'syn queues' });
    expect(f?.evidence.flatMap((e) => (e.kind === 'counter' ? [[e.counter, e.delta]] : []))).toEqual([
      ['TcpExtTCPReqQFullDrop', 31],
      ['TcpExtListenDrops', 31],
    ]);
    expect(f?.evidence.filter((e) => e.kind === 'state').map((e) => e.kind === 'state' && [e.name, e.value])).toEqual([
      ['net.ipv4.tcp_syncookies', 0],
      ['net.ipv4.tcp_max_syn_backlog', 2048],
      ['net.core.somaxconn', 4096],
    ]);
    expect(f?.details).toEqual({ kind: 'sysctl', key: 'net.ipv4.tcp_syncookies', value: 0, proposed: 1 });
  });

  it('the planned fix turns SYN cookies on in the namespace, with the exact inverse and a presence check on the old value', () => {
    const f = checkTcp(input(before, after)).findings.find((x) => x.id === 'tcp.syn-queue-overflow');
    const fix = f ? tcpLayer.planFix?.(f, ctx) : undefined;
    expect(fixCore(fix)).toEqual({
      id: 'tcp.syn-queue-overflow:target:syn queues',
      findingId: 'tcp.syn-queue-overflow',
      subject: 'syn queues',
      title: 'Turn SYN cookies on (net.ipv4.tcp_syncookies 0 → 1) in this network namespace',
      risk: 'safe',
      scope: 'target',
      commands: [['sysctl', '-w', 'net.ipv4.tcp_syncookies=1']],
      inverse: [['sysctl', '-w', 'net.ipv4.tcp_syncookies=0']],
    });
    expect(fix?.presence).toEqual({ argv: ['sysctl', '-n', 'net.ipv4.tcp_syncookies'], marker: '0', match: 'line' });
  });

  it('without the sysctl read there is still a conviction, but no fix (the old value is unknown)', () => {
    const b = read({ snmp, netstat: fixture('fixtures/proc/netns-net-netstat-synq-before.txt') });
    const a = read({ snmp, netstat: fixture('fixtures/proc/netns-net-netstat-synq.txt') });
    const f = checkTcp(input(b, a)).findings.find((x) => x.id === 'tcp.syn-queue-overflow');
    expect(f?.severity).toBe('error');
    expect(f?.details).toBeUndefined();
    expect(f && tcpLayer.planFix?.(f, ctx)).toBeUndefined();
  });

  it('the same counters as one since-boot snapshot are history: a warning, never a fix', () => {
    const r = tcpLayer.check({ ...input(zeroMibData(after), after), window: 'since-boot' });
    const f = r.findings.find((x) => x.id === 'tcp.syn-queue-overflow');
    expect(f?.basis).toBe('history');
  });

  it('with cookies on the queue overflow is an info finding (tcp.syn-cookies), not a drop (documented edit: the recorded drops renamed to DoCookies)', () => {
    const b = read({ snmp, netstat: renameTcpExt(fixture('fixtures/proc/netns-net-netstat-synq-before.txt'), 'TCPReqQFullDrop', 'TCPReqQFullDoCookies') });
    const a = read({ snmp, netstat: renameTcpExt(fixture('fixtures/proc/netns-net-netstat-synq.txt'), 'TCPReqQFullDrop', 'TCPReqQFullDoCookies') });
    const r = checkTcp(input(b, a));
    expect(r.findings.map((f) => [f.id, f.severity])).toContainEqual(['tcp.syn-cookies', 'info']);
    expect(r.findings.map((f) => f.id)).not.toContain('tcp.syn-queue-overflow');
  });

  it('a quiet window (the same reading twice) finds nothing', () => {
    expect(checkTcp(input(after, after)).findings).toEqual([]);
  });
});

describe('ip.mtu-blackhole and ip.frag-needed (recorded netns router, rb mtu 1400)', () => {
  const router = (name: string) => read({ snmp: fixture(`fixtures/proc/${name}.txt`), snmp6: fixture('fixtures/proc/router-net-snmp6.txt') });

  it('ICMP "fragmentation needed" dropped on the way out: a black hole, convicted on FragFails with OutDiscards in step; no anonymous ip.discards', () => {
    const r = checkIp(input(router('router-net-snmp-blackhole-before'), router('router-net-snmp-blackhole')));
    expect(r.findings.map((f) => [f.id, f.severity, f.basis, f.role, f.subject])).toEqual([['ip.mtu-blackhole', 'error', 'window', 'cause', 'IPv4']]);
    expect(r.findings[0]?.evidence.map((e) => e.kind === 'counter' && [e.counter, e.delta])).toEqual([
      ['IpFragFails', 7],
      ['IcmpOutDestUnreachs', 7],
      ['IpOutDiscards', 7],
    ]);
    expect(r.findings[0]?.action).toContain('iptables -t mangle -A FORWARD -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu');
  });

  it('ICMP allowed: path-MTU discovery works; a warning (frag-needed), not a black hole', () => {
    const r = checkIp(input(router('router-net-snmp-pmtud-before'), router('router-net-snmp-pmtud')));
    expect(r.findings.map((f) => [f.id, f.severity, f.subject])).toEqual([['ip.frag-needed', 'warning', 'IPv4']]);
    expect(r.findings[0]?.evidence.map((e) => e.kind === 'counter' && [e.counter, e.delta])).toEqual([
      ['IpFragFails', 2],
      ['IcmpOutDestUnreachs', 2],
    ]);
  });

  it('the recorded snmp6 is read (per-netns IPv6 counters) and, all zero, convicts nothing', () => {
    const a = router('router-net-snmp-blackhole');
    expect(a.counters['Ip6InTooBigErrors']).toBe(0);
    expect(a.counters['Icmp6OutPktTooBigs']).toBe(0);
    expect(ipLayer.check(input(a, a)).findings).toEqual([]);
  });
});
