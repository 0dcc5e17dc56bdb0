import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isIpNeighLine, parseIpNeigh, parseIpNeighLine } from './parse-ip-neigh.js';
import { binaryGarbage, findBadNumber, mutations } from '../../../test/support/parse-mutations.js';

// Fixtures: test/fixtures/ip/netns-*neigh*.txt — recorded on this VM in namespaces made for it (see each .source.txt).
const fixture = (p: string): string => readFileSync(new URL(`../../../test/fixtures/${p}`, import.meta.url), 'utf8');

describe('parseIpNeigh', () => {
  it('reads the recorded ip -s neigh show whole: FAILED, REACHABLE and PERMANENT with ref/used/probes', () => {
    expect(parseIpNeigh(fixture('ip/netns-s-neigh-show.txt'))).toEqual({
      ok: true,
      data: [
        { address: '10.200.14.77', family: 'ipv4', dev: 'nv14a', states: ['FAILED'], router: false, used: { used: 7, confirmed: 68, updated: 4 }, probes: 6 },
        { address: '10.200.14.2', family: 'ipv4', dev: 'nv14a', lladdr: '82:2c:8c:cd:ac:d8', states: ['REACHABLE'], router: false, ref: 1, used: { used: 8, confirmed: 8, updated: 8 }, probes: 4 },
        { address: '10.200.14.9', family: 'ipv4', dev: 'nv14a', lladdr: '02:00:00:00:00:09', states: ['PERMANENT'], router: false, used: { used: 10, confirmed: 10, updated: 10 }, probes: 0 },
        { address: '10.200.14.78', family: 'ipv4', dev: 'nv14a', states: ['FAILED'], router: false, used: { used: 7, confirmed: 68, updated: 4 }, probes: 6 },
      ],
    });
  });

  it('reads plain ip neigh (no statistics)', () => {
    const r = parseIpNeigh(fixture('ip/netns-neigh.txt'));
    if (!r.ok) throw new Error(r.reason);
    expect(r.data.map((e) => [e.address, e.states.join(','), e.lladdr ?? '-'])).toEqual([
      ['10.200.14.77', 'FAILED', '-'],
      ['10.200.14.2', 'REACHABLE', '82:2c:8c:cd:ac:d8'],
      ['10.200.14.9', 'PERMANENT', '02:00:00:00:00:09'],
      ['10.200.14.78', 'FAILED', '-'],
    ]);
    expect(r.data.every((e) => e.used === undefined && e.probes === undefined && e.ref === undefined)).toBe(true);
  });

  it('reads INCOMPLETE, STALE and IPv6 entries, and output filtered by device (no dev on the lines)', () => {
    const inc = parseIpNeigh(fixture('ip/netns-s-neigh-show-incomplete.txt'));
    if (!inc.ok) throw new Error(inc.reason);
    expect(inc.data[0]).toEqual({ address: '10.200.14.79', family: 'ipv4', dev: 'nv14a', states: ['INCOMPLETE'], router: false, ref: 1, used: { used: 0, confirmed: 60, updated: 0 }, probes: 4 });
    const v6 = parseIpNeigh(fixture('ip/netns-s-neigh-show-v6.txt'));
    if (!v6.ok) throw new Error(v6.reason);
    expect(v6.data.filter((e) => e.family === 'ipv6').map((e) => [e.address, e.states[0]])).toEqual([['fe80::1', 'INCOMPLETE']]);
    expect(v6.data).toHaveLength(6);
    const dev = parseIpNeigh(fixture('ip/netns-s-neigh-show-dev.txt'));
    if (!dev.ok) throw new Error(dev.reason);
    expect(dev.data).toHaveLength(6);
    expect(dev.data.every((e) => e.dev === undefined)).toBe(true);
    expect(dev.data.find((e) => e.address === '10.200.14.2')?.lladdr).toBe('82:2c:8c:cd:ac:d8');
    const stale = parseIpNeigh(fixture('ip/netns-s-neigh-show-stale.txt'));
    if (!stale.ok) throw new Error(stale.reason);
    expect(stale.data.map((e) => e.states[0])).toEqual(['FAILED', 'FAILED', 'STALE', 'PERMANENT', 'FAILED', 'FAILED']);
  });

  it('tells neighbour lines from other lines', () => {
    expect(isIpNeighLine('10.0.0.1 dev eth0 lladdr 52:54:00:12:34:56 router STALE')).toBe(true);
    expect(parseIpNeighLine('fe80::1 dev eth0 lladdr 52:54:00:12:34:56 router REACHABLE')?.router).toBe(true);
    // Flags come between lladdr and the state (iproute2 ipneigh.c print_neigh order).
    expect(parseIpNeighLine('10.0.0.5 dev sw0p1 lladdr 00:11:22:33:44:55 extern_learn REACHABLE')?.externLearned).toBe(true);
    for (const l of ['10.0.0.1 dev eth0 proto kernel scope link src 10.0.0.2', 'Ip: Forwarding', 'cpu=0 found=1', '', 'STALE', '::1 dev lo']) {
      expect(isIpNeighLine(l)).toBe(false);
    }
  });

  it('refuses what is not ip neigh output', () => {
    expect(parseIpNeigh('')).toMatchObject({ ok: false });
    expect(parseIpNeigh('default via 10.0.0.1 dev eth0\n')).toMatchObject({ ok: false });
    expect(parseIpNeigh(binaryGarbage())).toMatchObject({ ok: false });
  });

  it('survives truncated and damaged input without throwing or a bad number', () => {
    for (const name of ['ip/netns-s-neigh-show.txt', 'ip/netns-s-neigh-show-v6.txt', 'ip/netns-neigh.txt']) {
      for (const m of mutations(fixture(name))) {
        const r = parseIpNeigh(m.text);
        if (r.ok) {
          expect(findBadNumber(r.data), `${name} ${m.name}`).toBeUndefined();
          expect(r.data.every((e) => e.states.length > 0), `${name} ${m.name}`).toBe(true);
        } else {
          expect(r.reason, `${name} ${m.name}`).toMatch(/not ip neigh/);
        }
      }
    }
  });
});
