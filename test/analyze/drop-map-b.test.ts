/**
 * pktdrop analyze on the drop map's inputs (issue 14, part B): `nstat -az` and `netstat -s` with the
 * SYN-queue counters, `conntrack -S` with `invalid`, `sysctl` excerpts with the listener knobs, kernel
 * log lines of SYN flooding, and `/proc/net/snmp` of a path-MTU black hole, judged by the same checks as
 * diagnose. The pastes are concatenations, built here, of outputs recorded on this machine
 * (test/fixtures/analyze/netns-*-synq*, netns-conntrack-S-invalid, proc/router-net-snmp-*, each with its
 * .source.txt) and published kernel log lines (kernel-log-syn-flooding-*.txt), with prompts of our own.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { analyzeTexts } from '../../src/analyze/analyze.js';

const fx = (p: string): string => readFileSync(new URL(`../fixtures/${p}`, import.meta.url), 'utf8');
const paste = (...parts: [string, string][]): string => parts.map(([cmd, out]) => `root@host:~# ${cmd}\n${out.trimEnd()}\n`).join('\n');

describe('analyze: drop map part B inputs', () => {
  it('one nstat -az of a SYN-flooded namespace: tcp.syn-queue-overflow as history (a warning), not an accept-queue overflow', () => {
    const r = analyzeTexts([{ name: 'paste.txt', text: paste(['nstat -az', fx('analyze/netns-nstat-az-synq.txt')]) }]);
    expect(r.sections.map((s) => s.kind)).toEqual(['nstat']);
    const ids = r.findings.map((f) => [f.id, f.basis, f.severity]);
    expect(ids).toContainEqual(['tcp.syn-queue-overflow', 'history', 'warning']);
    expect(r.findings.map((f) => f.id)).not.toContain('tcp.listen-overflow');
    expect(r.proposals).toEqual([]);
  });

  it('the same namespace\'s netstat -s (net-tools prose and its "TCPReqQFullDrop: 18" line) is judged the same way', () => {
    const r = analyzeTexts([{ name: 'paste.txt', text: paste(['netstat -s', fx('analyze/netns-netstat-s-synq.txt')]) }]);
    expect(r.sections.map((s) => s.kind)).toEqual(['netstat-s']);
    const f = r.findings.find((x) => x.id === 'tcp.syn-queue-overflow');
    // One snapshot: since-boot totals, shown as history evidence.
    expect(f?.evidence.flatMap((e) => (e.kind === 'history' ? [[e.counter, e.value]] : []))).toEqual([
      ['TcpExtTCPReqQFullDrop', 18],
      ['TcpExtListenDrops', 18],
    ]);
    expect(f?.basis).toBe('history');
  });

  it('with the listener knobs pasted as sysctl output, the finding carries them as state (history still plans no fix)', () => {
    const text = paste(
      ['sysctl net.ipv4.tcp_syncookies net.ipv4.tcp_max_syn_backlog net.core.somaxconn', 'net.ipv4.tcp_syncookies = 0\nnet.ipv4.tcp_max_syn_backlog = 2048\nnet.core.somaxconn = 4096'],
      ['nstat -az', fx('analyze/netns-nstat-az-synq.txt')],
    );
    const r = analyzeTexts([{ name: 'paste.txt', text }]);
    const f = r.findings.find((x) => x.id === 'tcp.syn-queue-overflow');
    expect(f?.evidence.filter((e) => e.kind === 'state').map((e) => e.kind === 'state' && [e.name, e.value])).toEqual([
      ['net.ipv4.tcp_syncookies', 0],
      ['net.ipv4.tcp_max_syn_backlog', 2048],
      ['net.core.somaxconn', 4096],
    ]);
    expect(f?.details).toEqual({ kind: 'sysctl', key: 'net.ipv4.tcp_syncookies', value: 0, proposed: 1 });
    expect(r.proposals).toEqual([]);
  });

  it('conntrack -S with invalid=10: conntrack.invalid-dropped as history', () => {
    const r = analyzeTexts([{ name: 'paste.txt', text: paste(['conntrack -S', fx('analyze/netns-conntrack-S-invalid.txt')]) }]);
    expect(r.findings.map((f) => [f.id, f.basis, f.severity])).toEqual([['conntrack.invalid-dropped', 'history', 'warning']]);
  });

  it('two /proc/net/snmp snapshots of a netns router whose ICMP frag-needed is dropped: ip.mtu-blackhole (window), no ip.discards', () => {
    const text = paste(['cat /proc/net/snmp', fx('proc/router-net-snmp-blackhole-before.txt')], ['cat /proc/net/snmp', fx('proc/router-net-snmp-blackhole.txt')]);
    const r = analyzeTexts([{ name: 'paste.txt', text }]);
    expect(r.findings.map((f) => [f.id, f.basis, f.severity, f.subject])).toEqual([['ip.mtu-blackhole', 'window', 'error', 'IPv4']]);
  });

  it('kernel log: "Dropping request" is a SYN queue overflow, "Sending cookies" an info finding; both history', () => {
    const dropping = '[ 2104.100000] TCP: request_sock_TCP: Possible SYN flooding on port 8081. Dropping request.  Check SNMP counters.';
    const r = analyzeTexts([{ name: 'dmesg.txt', text: `${dropping}\n${fx('analyze/kernel-log-syn-flooding-lede.txt')}` }]);
    expect(r.findings.map((f) => [f.id, f.subject, f.basis, f.severity])).toEqual([
      ['tcp.syn-queue-overflow', 'port 8081', 'history', 'warning'],
      ['tcp.syn-cookies', 'port 5000', 'history', 'info'],
    ]);
  });
});

describe('analyze: neighbour table overflow in the kernel log (published lines)', () => {
  it('dmesg and logread lines name neigh.table-overflow for arp_cache, host-wide history (one finding for both pastes)', () => {
    const r = analyzeTexts([
      { name: 'dmesg.txt', text: fx('analyze/kernel-log-neigh-overflow-router7.txt') },
      { name: 'logread.txt', text: fx('analyze/kernel-log-neigh-overflow-lede.txt') },
    ]);
    expect(r.findings.map((f) => [f.id, f.layer, f.scope, f.subject, f.basis, f.severity])).toEqual([
      ['neigh.table-overflow', 'neigh', 'host', 'arp_cache', 'history', 'warning'],
    ]);
    const n = r.findings[0]?.evidence.find((e) => e.kind === 'history');
    expect(n?.kind === 'history' && n.value).toBe(2);
  });
});

describe('analyze: /proc/net/stat/arp_cache', () => {
  const arp = fx('neigh/host-stat-arp-cache.txt');
  /** Documented edit: CPU 0's table_fulls set to 5 (the host's table never overflowed). */
  const full = arp.split('\n').map((l, i) => (i === 1 ? l.replace(/00000000\s*$/, '00000005') : l)).join('\n');

  it('two snapshots with the thresholds pasted as sysctl output: neigh.table-overflow (window) and the host-wide fix', () => {
    const text = paste(
      ['sysctl net.ipv4.neigh.default.gc_thresh1 net.ipv4.neigh.default.gc_thresh2 net.ipv4.neigh.default.gc_thresh3', 'net.ipv4.neigh.default.gc_thresh1 = 128\nnet.ipv4.neigh.default.gc_thresh2 = 512\nnet.ipv4.neigh.default.gc_thresh3 = 1024'],
      ['cat /proc/net/stat/arp_cache', arp],
      ['cat /proc/net/stat/arp_cache', full],
    );
    const r = analyzeTexts([{ name: 'paste.txt', text }]);
    expect(r.sections.map((s) => s.kind)).toEqual(['sysctl', 'neigh-stat', 'neigh-stat']);
    expect(r.findings.map((f) => [f.id, f.scope, f.basis, f.severity, f.subject])).toEqual([['neigh.table-overflow', 'target', 'window', 'error', 'arp_cache']]);
    expect(r.proposals.map((p) => p.fix.commands[0])).toEqual([['sysctl', '-w', 'net.ipv4.neigh.default.gc_thresh3=8192']]);
  });

  it('the recorded table alone (table_fulls 0) is not confused with nf_conntrack\'s stat file and finds nothing', () => {
    const r = analyzeTexts([{ name: 'paste.txt', text: paste(['cat /proc/net/stat/arp_cache', arp]) }]);
    expect(r.sections.map((s) => s.kind)).toEqual(['neigh-stat']);
    expect(r.findings).toEqual([]);
  });
});
