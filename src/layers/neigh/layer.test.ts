/**
 * Checks tier for the neighbour tables: `/proc/net/stat/arp_cache` and `ndisc_cache` and the
 * gc_thresh knobs recorded on this host (test/fixtures/neigh/*.source.txt), parsed by the real probe.
 * The host's table never overflowed, so the rising table_fulls is a documented edit of the recording.
 */
import { describe, expect, it } from 'vitest';
import { checkNeigh, neighLayer, neighProbe, zeroNeighData } from './layer.js';
import { parseNeighStat } from './parse-neigh-stat.js';
import { parseIpNeigh, type NeighEntry } from './parse-ip-neigh.js';
import { CONTAINER_TARGET, HOST_TARGET, checkInputOf, ctxOf, fixCore, fixture, readWith } from '../../../test/fakes/scenario.js';

const arp = fixture('fixtures/neigh/host-stat-arp-cache.txt');
const ndisc = fixture('fixtures/neigh/host-stat-ndisc-cache.txt');
const thresh = fixture('fixtures/neigh/host-grep-gc-thresh.txt');

/** Documented edit: set column `name` of CPU row `row` (0-based) to the hex `value`. */
function setCell(text: string, row: number, name: string, value: string): string {
  const lines = text.split('\n');
  const header = (lines[0] ?? '').trim().split(/\s+/);
  const cells = (lines[row + 1] ?? '').trim().split(/\s+/);
  cells[header.indexOf(name)] = value;
  lines[row + 1] = cells.join(' ');
  return lines.join('\n');
}

describe('parseNeighStat', () => {
  it('sums the per-CPU columns and keeps entries once (recorded arp_cache: 23 entries, 2 CPUs)', () => {
    const p = parseNeighStat(arp);
    expect(p.ok && p.data.entries).toBe(0x17);
    expect(p.ok && p.data.counters['allocs']).toBe(0x190 + 0x1a7);
    expect(p.ok && p.data.counters['table_fulls']).toBe(0);
  });
  it('garbage, a truncated row only, or another stat file are unparsable', () => {
    expect(parseNeighStat('').ok).toBe(false);
    expect(parseNeighStat(arp.split('\n')[0] ?? '').ok).toBe(false);
    expect(parseNeighStat(fixture('fixtures/proc/netns-stat-nf-conntrack-invalid.txt')).ok).toBe(false);
  });
});

describe('neigh.table-overflow', () => {
  const hostCtx = ctxOf(HOST_TARGET, 'target');
  const read = (a: string) => readWith(neighProbe, hostCtx, { arp: a, ndisc, thresh });
  const before = read(arp);
  const after = read(setCell(setCell(arp, 0, 'table_fulls', '00000005'), 1, 'forced_gc_runs', '00000002'));

  it('table_fulls rising on the host: an error with the table size and the thresholds, and the safe host-wide fix', () => {
    const { findings } = checkNeigh(checkInputOf(HOST_TARGET, 'target', before, after));
    expect(findings.map((f) => [f.id, f.layer, f.scope, f.severity, f.basis, f.subject])).toEqual([['neigh.table-overflow', 'neigh', 'target', 'error', 'window', 'arp_cache']]);
    expect(findings[0]?.evidence.map((e) => (e.kind === 'counter' ? [e.counter, e.delta] : e.kind === 'state' ? [e.name, e.value] : []))).toEqual([
      ['table_fulls', 5],
      ['forced_gc_runs', 2],
      ['entries', 23],
      ['net.ipv4.neigh.default.gc_thresh1', 128],
      ['net.ipv4.neigh.default.gc_thresh2', 512],
      ['net.ipv4.neigh.default.gc_thresh3', 1024],
    ]);
    const fix = findings[0] ? neighLayer.planFix?.(findings[0], hostCtx) : undefined;
    expect(fixCore(fix)).toEqual({
      id: 'neigh.table-overflow:host:arp_cache',
      findingId: 'neigh.table-overflow',
      subject: 'arp_cache',
      title: "Raise the host's ARP table limits (gc_thresh3 1024 → 8192, gc_thresh2 512 → 4096, gc_thresh1 128 → 1024)",
      risk: 'safe',
      scope: 'host',
      commands: [
        ['sysctl', '-w', 'net.ipv4.neigh.default.gc_thresh3=8192'],
        ['sysctl', '-w', 'net.ipv4.neigh.default.gc_thresh2=4096'],
        ['sysctl', '-w', 'net.ipv4.neigh.default.gc_thresh1=1024'],
      ],
      inverse: [
        ['sysctl', '-w', 'net.ipv4.neigh.default.gc_thresh1=128'],
        ['sysctl', '-w', 'net.ipv4.neigh.default.gc_thresh2=512'],
        ['sysctl', '-w', 'net.ipv4.neigh.default.gc_thresh3=1024'],
      ],
    });
    expect(fix?.presence).toEqual({ argv: ['sysctl', '-n', 'net.ipv4.neigh.default.gc_thresh3'], marker: '1024', match: 'line' });
  });

  it('a container is never blamed: its target scope reads nothing, its host scope judges the host table', () => {
    expect(neighProbe.commands(ctxOf(CONTAINER_TARGET, 'target'))).toEqual([]);
    const inside = readWith(neighProbe, ctxOf(CONTAINER_TARGET, 'target'), {});
    expect(checkNeigh(checkInputOf(CONTAINER_TARGET, 'target', inside, inside)).findings).toEqual([]);
    const hb = readWith(neighProbe, ctxOf(CONTAINER_TARGET, 'host'), { arp, ndisc, thresh });
    const ha = readWith(neighProbe, ctxOf(CONTAINER_TARGET, 'host'), { arp: setCell(arp, 0, 'table_fulls', '00000001'), ndisc, thresh });
    expect(checkNeigh(checkInputOf(CONTAINER_TARGET, 'host', hb, ha)).findings.map((f) => [f.id, f.scope])).toEqual([['neigh.table-overflow', 'host']]);
  });

  it('the recorded, unchanged table: no finding; one since-boot snapshot with table_fulls is history and plans nothing', () => {
    expect(checkNeigh(checkInputOf(HOST_TARGET, 'target', before, before)).findings).toEqual([]);
    const once = neighLayer.check({ ...checkInputOf(HOST_TARGET, 'target', zeroNeighData(after), after), window: 'since-boot' });
    expect(once.findings.map((f) => [f.id, f.basis])).toEqual([['neigh.table-overflow', 'history']]);
  });

  it('without arp_cache (not the init netns, no permission) the step is unparsable, never a pass', () => {
    const r = neighProbe.parse(new Map(), hostCtx);
    expect(r.ok).toBe(false);
  });
});

describe('ip neigh entries (state, from pktdrop analyze)', () => {
  const hostCtx = ctxOf(HOST_TARGET, 'target');
  const read = (a: string) => readWith(neighProbe, hostCtx, { arp: a, ndisc, thresh });
  const entries = (): NeighEntry[] => {
    const p = parseIpNeigh(fixture('fixtures/ip/netns-s-neigh-show-v6.txt'));
    if (!p.ok) throw new Error(p.reason);
    return p.data;
  };
  /** Thresholds written here (gc_thresh3 = 4 for IPv4): the recording's 4 counted IPv4 entries reach it. */
  const low = { 'net/ipv4/neigh/default/gc_thresh1': '1', 'net/ipv4/neigh/default/gc_thresh2': '2', 'net/ipv4/neigh/default/gc_thresh3': '4' };

  it('entries near gc_thresh3 are a state warning; once table_fulls convicted the table, no second finding', () => {
    const before = { ...read(arp), sysctls: low, neighbours: entries() };
    const quiet = checkNeigh(checkInputOf(HOST_TARGET, 'target', before, before));
    expect(quiet.findings.map((f) => [f.id, f.severity, f.basis, f.subject])).toEqual([['neigh.table-overflow', 'warning', 'state', 'arp_cache']]);
    expect(quiet.notes.some((n) => n.startsWith('4 unresolved neighbour(s)'))).toBe(true);
    const after = { ...read(setCell(arp, 0, 'table_fulls', '00000005')), sysctls: low, neighbours: entries() };
    const convicted = checkNeigh(checkInputOf(HOST_TARGET, 'target', before, after));
    expect(convicted.findings.map((f) => [f.id, f.severity, f.basis])).toEqual([['neigh.table-overflow', 'error', 'window']]);
  });

  it('the entries are kept by the since-boot baseline (state), and a container scope judges nothing', () => {
    const d = { where: 'host' as const, sysctls: low, neighbours: entries() };
    expect(zeroNeighData(d).neighbours).toHaveLength(6);
    const elsewhere = { where: 'elsewhere' as const, sysctls: {}, neighbours: entries() };
    expect(checkNeigh(checkInputOf(CONTAINER_TARGET, 'target', elsewhere, elsewhere)).findings).toEqual([]);
  });
});
