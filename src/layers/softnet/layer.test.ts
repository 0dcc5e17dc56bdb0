/**
 * The softnet layer on real readings: /proc/net/softnet_stat before and after one datagram fanned
 * out 1280 times by tc mirred (test/fixtures/softnet/*.source.txt: CPU 0 dropped 0 -> 279), the
 * netdev knobs as the probe reads them, parsed by the real probe.
 */
import { describe, expect, it } from 'vitest';
import { parseSoftnetStat } from './parse-softnet-stat.js';
import { checkSoftnet, planSoftnetFix, softnetProbe, zeroSoftnetData } from './layer.js';
import { CONTAINER_TARGET, HOST_TARGET, checkInputOf, ctxOf, fixture, readWith } from '../../../test/fakes/scenario.js';
import { activeScopes } from '../../core/judge.js';
import { eraseLayer } from '../../core/layer.js';
import { softnetLayer } from './layer.js';

const before = fixture('fixtures/softnet/host-softnet-stat-before.txt');
const after = fixture('fixtures/softnet/host-softnet-stat-after.txt');
const knobs = fixture('fixtures/softnet/host-grep-netdev-knobs.txt');

describe('parseSoftnetStat', () => {
  it('reads each CPU row by position: dropped, time_squeeze, the CPU id from column 13 (15 columns on 6.18)', () => {
    const p = parseSoftnetStat(after);
    expect(p.ok && p.data.map((c) => [c.cpu, c.dropped, c.timeSqueeze])).toEqual([[0, 279, 0], [1, 0, 0]]);
    expect(p.ok && p.data[0]?.processed).toBe(0x502c);
  });

  it('a netns sees the host-wide file byte for byte (recorded in netns pda-k)', () => {
    expect(fixture('fixtures/softnet/netns-softnet-stat.txt')).toBe(before);
  });

  it('old kernels print 11 columns (documented edit: the recorded rows cut to 11): the row index stands for the CPU id', () => {
    const old = before.trim().split('\n').map((l) => l.trim().split(/\s+/).slice(0, 11).join(' ')).join('\n');
    const p = parseSoftnetStat(old);
    expect(p.ok && p.data.map((c) => [c.cpu, c.dropped])).toEqual([[0, 0], [1, 0]]);
  });

  it('garbage, an empty file and a truncated word are unparsable, never healthy', () => {
    expect(parseSoftnetStat('').ok).toBe(false);
    expect(parseSoftnetStat('Inter-|   Receive\n eth0: 1 2 3').ok).toBe(false);
    expect(parseSoftnetStat(after.replace('00000117', '0000zz17')).ok).toBe(false);
  });
});

describe('checkSoftnet', () => {
  const host = ctxOf(HOST_TARGET, 'target');
  const read = (stat: string, ctx = host) => readWith(softnetProbe, ctx, { stat, knobs });

  it('host target: the backlog overflow is convicted on CPU 0 with netdev_max_backlog as state, and the safe fix doubles it', () => {
    const r = checkSoftnet(checkInputOf(HOST_TARGET, 'target', read(before), read(after)));
    expect(r.findings.map((f) => [f.id, f.scope, f.severity, f.basis, f.role, f.subject])).toEqual([
      ['softnet.backlog-drops', 'target', 'error', 'window', 'cause', 'softnet backlog'],
    ]);
    const f = r.findings[0];
    expect(f?.evidence).toEqual([
      expect.objectContaining({ kind: 'counter', counter: 'dropped', subject: 'cpu0', before: 0, after: 279, delta: 279 }),
      expect.objectContaining({ kind: 'state', name: 'net.core.netdev_max_backlog', value: '1000' }),
    ]);
    expect(f?.details).toEqual({ kind: 'sysctl', key: 'net.core.netdev_max_backlog', value: 1000, proposed: 2000 });
    const fix = f ? planSoftnetFix(f) : undefined;
    expect(fix).toMatchObject({
      risk: 'safe',
      scope: 'target',
      commands: [['sysctl', '-w', 'net.core.netdev_max_backlog=2000']],
      inverse: [['sysctl', '-w', 'net.core.netdev_max_backlog=1000']],
      presence: { argv: ['sysctl', '-n', 'net.core.netdev_max_backlog'], marker: '1000', match: 'line' },
    });
  });

  it('container target: read and judged on the host side (scope host); the container scope runs no command and is never blamed', () => {
    const hostSide = ctxOf(CONTAINER_TARGET, 'host');
    const inside = ctxOf(CONTAINER_TARGET, 'target');
    expect(softnetProbe.commands(inside)).toEqual([]);
    expect(softnetProbe.commands(hostSide).map((c) => c.argv[0])).toEqual(['cat', 'grep']);
    const r = checkSoftnet(checkInputOf(CONTAINER_TARGET, 'host', read(before, hostSide), read(after, hostSide)));
    expect(r.findings.map((f) => [f.id, f.scope])).toEqual([['softnet.backlog-drops', 'host']]);
    expect(r.findings[0]?.title).toContain("host-wide: this is the host's, not the target's");
    const elsewhere = readWith(softnetProbe, inside, {});
    expect(checkSoftnet(checkInputOf(CONTAINER_TARGET, 'target', elsewhere, elsewhere))).toEqual({
      findings: [],
      notes: ['softnet_stat and its knobs are host-wide: read and judged on the host side of this target, never blamed on it'],
    });
  });

  it('host-wide: one step where the host is (the host target\'s own scope, a container\'s host side), never inside a container', () => {
    const layer = eraseLayer(softnetLayer);
    expect([activeScopes(HOST_TARGET, layer), activeScopes(CONTAINER_TARGET, layer)]).toEqual([['target'], ['host']]);
  });

  it('two equal samples: no finding; the since-boot drops of the later reading are history only', () => {
    const r = checkSoftnet(checkInputOf(HOST_TARGET, 'target', read(after), read(after)));
    expect(r.findings).toEqual([]);
    expect(r.notes).toEqual(['no backlog drop and no budget squeeze on 2 CPU(s) during the window', 'since boot: CPU 0 dropped 279 (history)']);
  });

  it('time_squeeze rising is a warning, never an error (documented edit: column 3 of CPU 1 raised by 4)', () => {
    const squeezed = after.split('\n').map((l, i) => (i === 1 ? l.replace(/^(\S+ \S+ )00000000/, '$100000004') : l)).join('\n');
    const r = checkSoftnet(checkInputOf(HOST_TARGET, 'target', read(after), read(squeezed)));
    expect(r.findings.map((f) => [f.id, f.severity, f.evidence[0]])).toEqual([
      ['softnet.budget-squeeze', 'warning', expect.objectContaining({ counter: 'time_squeeze', subject: 'cpu1', delta: 4 })],
    ]);
    const squeeze = r.findings[0];
    expect(squeeze && planSoftnetFix(squeeze)).toBeUndefined();
  });

  it('one pasted snapshot (zero baseline) is history: the finding rests on since-boot totals', () => {
    const d = read(after);
    const r = checkSoftnet({ ...checkInputOf(HOST_TARGET, 'target', zeroSoftnetData(d), d), window: 'since-boot' });
    expect(r.findings.map((f) => [f.id, f.basis])).toEqual([['softnet.backlog-drops', 'history']]);
  });

  it('an unreadable softnet_stat is unparsable (the step is skipped), missing knobs are only missing state', () => {
    expect(softnetProbe.parse(new Map(), host).ok).toBe(false);
    const d = readWith(softnetProbe, host, { stat: after });
    expect(d.sysctls).toEqual({});
  });
});
