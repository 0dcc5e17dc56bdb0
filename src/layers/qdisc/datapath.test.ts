/**
 * Fixes that cannot break a datapath (issue 13): filters read from real `tc -s -j filter show` output
 * (test/fixtures/tc/clsact-u32-*.source.txt), a clsact/ingress qdisc or one carrying filters is never
 * proposed for deletion, and its filters are named. A rising `dropped` on clsact needs a filter action
 * this kernel lacks (no act_gact/act_police), so the second sample of the clsact case is the recorded
 * one with its dropped counter raised (synthetic); everything else is as recorded.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { filterText, parseTcFilterJson } from './parse-tc-filter.js';
import { checkQdisc, planQdiscFix, qdiscProbe, type QdiscData } from './layer.js';
import { checkInputOf, ctxOf, HOST_TARGET, readWith } from '../../../test/fakes/scenario.js';

const fx = (p: string): string => readFileSync(new URL(`../../../test/fixtures/tc/${p}`, import.meta.url), 'utf8');

describe('parseTcFilterJson on real output', () => {
  it('folds tc\'s head and handle objects into one filter each', () => {
    const p = parseTcFilterJson(fx('clsact-u32-ingress-j.json'));
    expect(p).toEqual({ ok: true, data: [{ protocol: 'ip', pref: 10, kind: 'u32', handles: ['800:', '800::800'] }] });
    if (p.ok) expect(filterText(p.data[0]!)).toBe('u32 pref 10 protocol ip handle 800::800');
    const htb = parseTcFilterJson(fx('htb-u32-parent-j.json'));
    expect(htb.ok && htb.data[0]?.flowid).toBe('1:10');
  });
  it('empty output is no filter; garbage is unparsable, never "no filter"', () => {
    expect(parseTcFilterJson('[]\n')).toEqual({ ok: true, data: [] });
    expect(parseTcFilterJson('')).toEqual({ ok: true, data: [] });
    expect(parseTcFilterJson('filter protocol ip pref 10 u32').ok).toBe(false);
  });
});

describe('the qdisc probe reads filters only where a qdisc can carry them', () => {
  it('a clsact qdisc: its ingress and egress filters are read in a follow-up, and kept with it', () => {
    const ctx = ctxOf(HOST_TARGET, 'target');
    const qdisc = fx('clsact-u32-qdisc.txt');
    const tc = { argv: ['tc', '-s', 'qdisc', 'show'], executed: true, exitCode: 0, stdout: qdisc, stderr: '', durationMs: 1, ok: true };
    expect(qdiscProbe.followUp(new Map([['tc', tc]]), ctx).map((c) => c.argv)).toEqual([
      ['tc', '-s', '-j', 'filter', 'show', 'dev', 'v0', 'ingress'],
      ['tc', '-s', '-j', 'filter', 'show', 'dev', 'v0', 'egress'],
    ]);
    const data = readWith(qdiscProbe, ctx, { tc: qdisc, 'filter:v0:ingress': fx('clsact-u32-ingress-j.json'), 'filter:v0:egress': fx('clsact-u32-egress-j.json') });
    expect(data.filters?.map((f) => [f.dev, f.handle, f.attach, f.filters.length])).toEqual([['v0', 'ffff:', 'ingress', 1], ['v0', 'ffff:', 'egress', 1]]);
  });
  it('a host whose qdiscs carry no filters (noqueue, a tbf) reads nothing more', () => {
    const ctx = ctxOf(HOST_TARGET, 'target');
    const tc = { argv: ['tc', '-s', 'qdisc', 'show'], executed: true, exitCode: 0, stdout: fx('host-s-qdisc-show.txt'), stderr: '', durationMs: 1, ok: true };
    expect(qdiscProbe.followUp(new Map([['tc', tc]]), ctx)).toEqual([]);
  });
});

describe('never a deletion that breaks a datapath', () => {
  const ctx = ctxOf(HOST_TARGET, 'target');
  const read = (qdisc: string): QdiscData =>
    readWith(qdiscProbe, ctx, { tc: qdisc, 'filter:v0:ingress': fx('clsact-u32-ingress-j.json'), 'filter:v0:egress': fx('clsact-u32-egress-j.json') });

  it('clsact whose dropped rose: a finding that names its filters, and no fix', () => {
    const before = read(fx('clsact-u32-qdisc.txt'));
    const after = read(fx('clsact-u32-qdisc.txt').replace('Sent 1520 bytes 20 pkt (dropped 0,', 'Sent 1900 bytes 25 pkt (dropped 5,'));
    const { findings } = checkQdisc(checkInputOf(HOST_TARGET, 'target', before, after));
    expect(findings.map((f) => f.id)).toEqual(['qdisc.drops']);
    const f = findings[0]!;
    expect(f.title).toBe('clsact qdisc on v0 dropped packets during the window: a filter on it dropped them');
    expect(f.explanation).toMatch(/a filter's action dropped \(a verdict/);
    expect(f.explanation).toMatch(/Its filters: u32 pref 10 protocol ip handle 800::800; u32 pref 20 protocol ip handle 801::800/);
    expect(f.details).toMatchObject({ kind: 'qdisc', qdisc: 'clsact', protected: 'clsact', filters: ['u32 pref 10 protocol ip handle 800::800', 'u32 pref 20 protocol ip handle 801::800'] });
    expect(f.evidence.filter((e) => e.kind === 'state' && e.name === 'filter')).toHaveLength(2);
    expect(planQdiscFix(f)).toBeUndefined();
  });

  it('the planner alone refuses clsact/ingress, ffff: handles, filters and a network plugin\'s qdisc', () => {
    const base = { kind: 'qdisc' as const, dev: 'eth0', handle: '1:', parent: 'root', options: '', configured: true };
    const f = (details: object) => ({ id: 'qdisc.drops', layer: 'qdisc' as const, scope: 'target' as const, severity: 'error' as const, basis: 'window' as const, role: 'cause' as const, subject: 's', title: 't', explanation: 'e', evidence: [], action: 'a', details: { ...base, qdisc: 'htb', ...details } });
    expect(planQdiscFix(f({}))).toBeDefined();
    expect(planQdiscFix(f({ qdisc: 'ingress', handle: 'ffff:', parent: 'ffff:fff1' }))).toBeUndefined();
    expect(planQdiscFix(f({ filters: ['u32 pref 5 protocol ip handle 800::800 flowid 1:10'] }))).toBeUndefined();
    expect(planQdiscFix(f({ protected: 'cni' }))).toBeUndefined();
    expect(planQdiscFix({ ...f({ qdisc: 'netem' }), id: 'qdisc.netem' })).toBeDefined();
    expect(planQdiscFix({ ...f({ qdisc: 'netem', filters: ['bpf pref 1 protocol all cil_from_netdev handle 0x1'] }), id: 'qdisc.netem' })).toBeUndefined();
  });
});
