/**
 * Checks tier for the link layer: real `ip -j -s -s link show` readings (test/fixtures/ip/*.source.txt);
 * rising counters are documented edits of the parsed JSON.
 */
import { describe, expect, it } from 'vitest';
import { checkLink, linkProbe, smallRxRing, type LinkData } from './layer.js';
import { parseEthtoolRings } from './parse-ethtool-rings.js';
import { CONTAINER_TARGET, HOST_TARGET, checkInputOf, ctxOf, fixture, notFoundResult, readWith } from '../../../test/fakes/scenario.js';
import type { ResolvedTarget } from '../../core/target.js';

const netns = fixture('fixtures/ip/netns-j-s-s-link.json');
const peerDown = fixture('fixtures/ip/veth-peer-down-j-s-s-link.json');

/** Documented edit: add `n` to stats64[dir][name] of interface `ifname`. */
function bump(json: string, ifname: string, dir: 'rx' | 'tx', name: string, n: number): string {
  const doc: unknown = JSON.parse(json);
  if (!Array.isArray(doc)) throw new Error('not a list');
  for (const l of doc) {
    if (l?.ifname === ifname) l.stats64[dir][name] += n;
  }
  return JSON.stringify(doc);
}
const read = (target: ResolvedTarget, json: string) =>
  readWith(linkProbe, ctxOf(target, 'target'), { ip: json, procdev: notFoundResult(['cat']), 'ethtool:eth0': notFoundResult(['ethtool']) });

describe('checkLink', () => {
  it('rx_missed_errors rising on eth0: link.ring-overflow (the NIC dropped them) with the kernel counter name', () => {
    const before = read(CONTAINER_TARGET, netns);
    const after = read(CONTAINER_TARGET, bump(netns, 'eth0', 'rx', 'missed_errors', 7));
    const { findings } = checkLink(checkInputOf(CONTAINER_TARGET, 'target', before, after));
    expect(findings.map((f) => ({ id: f.id, scope: f.scope, severity: f.severity, subject: f.subject, evidence: f.evidence }))).toEqual([
      { id: 'link.ring-overflow', scope: 'target', severity: 'error', subject: 'eth0', evidence: [{ kind: 'counter', counter: 'rx_missed_errors', subject: 'eth0', before: 0, after: 7, delta: 7, source: 'ip -s -s link show' }] },
    ]);
  });

  it('rx_crc_errors rising: link.errors', () => {
    const before = read(CONTAINER_TARGET, netns);
    const after = read(CONTAINER_TARGET, bump(netns, 'eth0', 'rx', 'crc_errors', 2));
    const { findings } = checkLink(checkInputOf(CONTAINER_TARGET, 'target', before, after));
    expect(findings.map((f) => [f.id, f.evidence.map((e) => e.kind === 'counter' && e.counter)])).toEqual([['link.errors', ['rx_crc_errors']]]);
  });

  it('interfaces down inside a container are link.down errors; the since-boot tx_dropped 3 of va is not a drop finding', () => {
    const r = read(CONTAINER_TARGET, peerDown);
    const { findings, notes } = checkLink(checkInputOf(CONTAINER_TARGET, 'target', r, r));
    expect(findings.map((f) => ({ id: f.id, severity: f.severity, subject: f.subject, evidence: f.evidence }))).toEqual([
      { id: 'link.down', severity: 'error', subject: 'vb', evidence: [{ kind: 'state', name: 'operstate', subject: 'vb', value: 'DOWN', source: 'ip link show' }] },
      { id: 'link.down', severity: 'error', subject: 'va', evidence: [{ kind: 'state', name: 'operstate', subject: 'va', value: 'LOWERLAYERDOWN', source: 'ip link show' }] },
    ]);
    expect(notes).toContain('va: tx_dropped 3 since boot (history: not rising during the window)');
  });

  it('the same interfaces down on the host are notes only', () => {
    const r = read(HOST_TARGET, peerDown);
    const { findings, notes } = checkLink(checkInputOf(HOST_TARGET, 'target', r, r));
    expect(findings).toEqual([]);
    expect(notes).toEqual([
      'vb is DOWN (not on a probed path)',
      'va is LOWERLAYERDOWN (not on a probed path)',
      'va: tx_dropped 3 since boot (history: not rising during the window)',
      '2 interface(s) checked: vb, va',
    ]);
  });

  it('healthy: no finding, lo left out', () => {
    const r = read(CONTAINER_TARGET, netns);
    expect(checkLink(checkInputOf(CONTAINER_TARGET, 'target', r, r))).toEqual({ findings: [], notes: ['1 interface(s) checked: eth0'] });
  });
});

describe('ring sizes (ethtool -g, state from pktdrop analyze)', () => {
  const rings = (() => {
    const p = parseEthtoolRings(fixture('fixtures/ethtool/g-enp7s0-published.txt'));
    if (!p.ok) throw new Error(p.reason);
    return p.data;
  })();
  const withRings = (d: LinkData): LinkData => ({ ...d, links: d.links.map((l) => (l.name === 'eth0' ? { ...l, rings } : l)) });

  it('a ring below its maximum sharpens link.ring-overflow: its sizes as state evidence, and the exact ethtool -G', () => {
    const before = withRings(read(CONTAINER_TARGET, netns));
    const after = withRings(read(CONTAINER_TARGET, bump(netns, 'eth0', 'rx', 'missed_errors', 7)));
    const { findings } = checkLink(checkInputOf(CONTAINER_TARGET, 'target', before, after));
    expect(findings.map((f) => [f.id, f.severity, f.evidence.map((e) => (e.kind === 'state' ? `${e.name}=${e.value}` : e.kind))])).toEqual([
      ['link.ring-overflow', 'error', ['counter', 'RX ring (current)=256', 'RX ring (pre-set maximum)=4096']],
    ]);
    expect(findings[0]?.action).toMatch(/^ethtool -G eth0 rx 4096 /);
  });

  it('alone (no overflow counter rose) it is a note, never a finding', () => {
    const r = withRings(read(CONTAINER_TARGET, netns));
    const { findings, notes } = checkLink(checkInputOf(CONTAINER_TARGET, 'target', r, r));
    expect(findings).toEqual([]);
    expect(notes).toContain('eth0: RX ring 256 of a possible 4096 descriptors (ethtool -g; state, no overflow counter rose): if ring overflows appear, ethtool -G eth0 rx 4096');
    expect(smallRxRing({ name: 'x', counters: {}, rings: { max: { rx: 256 }, current: { rx: 256 } } })).toBeUndefined();
  });
});
