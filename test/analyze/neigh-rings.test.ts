/**
 * pktdrop analyze on `ip -s neigh` and `ethtool -g` (issue 14, deliverable 4), judged by the neigh and
 * link checks. The pastes are concatenations, built here with prompts of our own, of outputs recorded on
 * this machine (test/fixtures/ip/netns-*neigh*.txt, test/fixtures/ethtool/netns-g-veth.txt) and published
 * ones (test/fixtures/ethtool/g-*-published.txt, be2net-published.txt), each with its .source.txt.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { analyzeTexts } from '../../src/analyze/analyze.js';

const fx = (p: string): string => readFileSync(new URL(`../fixtures/${p}`, import.meta.url), 'utf8');
const paste = (...parts: [string, string][]): string => parts.map(([cmd, out]) => `root@host:~# ${cmd}\n${out.trimEnd()}\n`).join('\n');
const notesOf = (r: ReturnType<typeof analyzeTexts>, layer: string): string[] =>
  r.steps.filter((s) => s.layer === layer).flatMap((s) => (s.outcome.status === 'pass' || s.outcome.status === 'findings' ? s.outcome.notes : []));

describe('analyze: ip -s neigh', () => {
  it('the recorded entries alone: FAILED neighbours are a note (no counter rose), no finding', () => {
    const r = analyzeTexts([{ name: 'paste.txt', text: paste(['ip -s neigh show', fx('ip/netns-s-neigh-show.txt')]) }]);
    expect(r.sections.map((s) => [s.kind, s.mode, s.command])).toEqual([['ip-neigh', 'snapshot', 'ip -s neigh show']]);
    expect(r.findings).toEqual([]);
    expect(r.exitCode).toBe(0);
    const notes = notesOf(r, 'neigh');
    expect(notes.some((n) => n.startsWith('arp_cache: ip neigh lists 4 IPv4 neighbour(s), 3 of them counted against gc_thresh3 (gc_thresh3 not in the input)'))).toBe(true);
    expect(notes.find((n) => n.startsWith('2 unresolved'))).toContain('10.200.14.77 dev nv14a FAILED (6 probes unanswered)');
  });

  it('ip neigh (no -s) and the INCOMPLETE/IPv6 recording are recognised too', () => {
    const r = analyzeTexts([{ name: 'paste.txt', text: `$ ip neigh\n${fx('ip/netns-neigh.txt')}\nand later:\n\n${fx('ip/netns-s-neigh-show-v6.txt')}` }]);
    expect(r.sections.map((s) => s.kind)).toEqual(['ip-neigh', 'ip-neigh']);
    expect(r.unrecognised.map((u) => u.firstLine)).toEqual(['and later:']);
    const notes = notesOf(r, 'neigh');
    // The last paste is the state judged: 5 IPv4 and 1 IPv6 entries, 4 of them unresolved.
    expect(notes.some((n) => n.startsWith('ndisc_cache: ip neigh lists 1 IPv6 neighbour(s)'))).toBe(true);
    expect(notes.some((n) => n.startsWith('4 unresolved neighbour(s)') && n.includes('fe80::1 dev nv14a INCOMPLETE'))).toBe(true);
    expect(r.findings).toEqual([]);
  });

  it('with gc_thresh3 pasted and the listed entries at 90 % of it: a state warning neigh.table-overflow, never an error', () => {
    // The thresholds are written here (a host with gc_thresh3 = 3): the recording lists 3 entries that count (PERMANENT does not).
    const text = paste(
      ['sysctl net.ipv4.neigh.default.gc_thresh3', 'net.ipv4.neigh.default.gc_thresh3 = 3'],
      ['ip -s neigh show', fx('ip/netns-s-neigh-show.txt')],
    );
    const r = analyzeTexts([{ name: 'paste.txt', text }]);
    expect(r.sections.map((s) => s.kind)).toEqual(['sysctl', 'ip-neigh']);
    expect(r.findings.map((f) => [f.id, f.layer, f.scope, f.subject, f.basis, f.severity])).toEqual([['neigh.table-overflow', 'neigh', 'target', 'arp_cache', 'state', 'warning']]);
    expect(r.findings[0]?.evidence.map((e) => e.kind === 'state' && [e.name, e.value])).toEqual([
      ['entries listed (not PERMANENT)', 3],
      ['net.ipv4.neigh.default.gc_thresh3', 3],
    ]);
    expect(r.findings[0]?.action).toContain('ip -s ntable show name arp_cache');
    expect(r.proposals).toEqual([]);
    expect(r.exitCode).toBe(0);
    // The default limit (1024) is far: the same entries give no finding.
    const far = analyzeTexts([{ name: 'paste.txt', text: text.replace('gc_thresh3 = 3', 'gc_thresh3 = 1024') }]);
    expect(far.findings).toEqual([]);
    expect(notesOf(far, 'neigh').some((n) => n.includes('3 of them counted against gc_thresh3 (1024)'))).toBe(true);
  });

  it('beside the arp_cache statistics, the entries join the same neigh step', () => {
    const r = analyzeTexts([{ name: 'paste.txt', text: paste(['cat /proc/net/stat/arp_cache', fx('neigh/host-stat-arp-cache.txt')], ['ip -s neigh', fx('ip/netns-s-neigh-show.txt')]) }]);
    expect(r.sections.map((s) => s.kind)).toEqual(['neigh-stat', 'ip-neigh']);
    const steps = r.steps.filter((s) => s.layer === 'neigh');
    expect(steps).toHaveLength(1);
    expect(steps[0]?.lookedAt).toContain('ip -s neigh');
    expect(notesOf(r, 'neigh').some((n) => n.startsWith('2 unresolved'))).toBe(true);
    expect(r.findings).toEqual([]);
  });
});

describe('analyze: ethtool -g', () => {
  const be2net = fx('ethtool/be2net-published.txt');
  /** Documented edit of the published be2net output: rxpp_fifo_overflow_drop 0 → 12 (the NIC's ring overflowed). */
  const overflowed = be2net.replace(/rxpp_fifo_overflow_drop: 0/, 'rxpp_fifo_overflow_drop: 12');

  it('a ring overflow between two ethtool -S snapshots, with the RX ring below its maximum: the action names ethtool -G DEV rx <max>', () => {
    expect(overflowed).not.toBe(be2net);
    const text = paste(['ethtool -S enp7s0', be2net], ['ethtool -S enp7s0', overflowed], ['ethtool -g enp7s0', fx('ethtool/g-enp7s0-published.txt')]);
    const r = analyzeTexts([{ name: 'paste.txt', text }]);
    expect(r.sections.map((s) => [s.kind, s.mode])).toEqual([['ethtool-S', 'delta'], ['ethtool-S', 'delta'], ['ethtool-g', 'snapshot']]);
    const f = r.findings.find((x) => x.id === 'link.ring-overflow');
    expect(f && [f.subject, f.severity, f.basis]).toEqual(['enp7s0', 'error', 'window']);
    expect(f?.evidence.map((e) => (e.kind === 'counter' ? [e.counter, e.delta] : e.kind === 'state' ? [e.name, e.value] : e.kind))).toEqual([
      ['rxpp_fifo_overflow_drop', 12],
      ['RX ring (current)', 256],
      ['RX ring (pre-set maximum)', 4096],
    ]);
    expect(f?.action).toMatch(/^ethtool -G enp7s0 rx 4096 \(the RX ring is 256 of a possible 4096; disruptive/);
  });

  it('the ring at its maximum: the action says so instead of raising it', () => {
    const atMax = fx('ethtool/g-enp7s0-published.txt').replace(/RX:\t\t256/, 'RX:\t\t4096');
    const r = analyzeTexts([{ name: 'paste.txt', text: paste(['ethtool -S enp7s0', be2net], ['ethtool -S enp7s0', overflowed], ['ethtool -g enp7s0', atMax]) }]);
    expect(r.findings.find((x) => x.id === 'link.ring-overflow')?.action).toMatch(/^the RX ring is already at its maximum \(4096, ethtool -g enp7s0\)/);
  });

  it('ethtool -g alone (published, netlink layout): a note, never a finding', () => {
    const r = analyzeTexts([{ name: 'paste.txt', text: paste(['ethtool -g enp9s0u2u1u2', fx('ethtool/g-netlink-enp9s0u2u1u2-published.txt')]) }]);
    expect(r.sections.map((s) => [s.kind, s.startLine, s.endLine])).toEqual([['ethtool-g', 2, 16]]);
    expect(r.unrecognised).toEqual([]);
    expect(r.findings).toEqual([]);
    expect(notesOf(r, 'link').some((n) => n.startsWith('enp9s0u2u1u2: RX ring 100 of a possible 4096 descriptors') && n.includes('ethtool -G enp9s0u2u1u2 rx 4096'))).toBe(true);
  });

  it('the older layout (spaces, 0 for absent rings) without a prompt, after prose: recognised by content', () => {
    const r = analyzeTexts([{ name: 'paste.txt', text: `some prose first\n\n${fx('ethtool/g-eth0-serverfault-published.txt')}` }]);
    expect(r.sections.map((s) => [s.kind, s.command])).toEqual([['ethtool-g', undefined]]);
    expect(notesOf(r, 'link').some((n) => n.startsWith('eth0: RX ring 256 of a possible 4096'))).toBe(true);
  });

  it('the recorded veth answer (no rings) is reported as not recognised, not as sizes', () => {
    const r = analyzeTexts([{ name: 'paste.txt', text: paste(['ethtool -g nv14a', fx('ethtool/netns-g-veth.txt')]) }]);
    expect(r.sections).toEqual([]);
    expect(r.unrecognised.map((u) => u.firstLine)).toEqual(['netlink error: Operation not supported']);
    expect(r.exitCode).toBe(1);
  });
});
