/**
 * Rounds until clean, through the whole pipeline on the strict fake runner: a cause masked in the
 * first window (the shaper drops nothing while random DROP rules drop most packets upstream) is
 * convicted by the verification window, fixed in round 2 and verified by a third window. The two
 * layers are synthetic (their readings are counter values the fake runner answers in turn); the
 * engine, planner loop, journal and verdict are the real ones.
 */
import { describe, expect, it } from 'vitest';
import { diagnose } from './run.js';
import { askingOrder, chainOf, MAX_ROUNDS, newPlans, stopReason, type PlannedFix } from './rounds.js';
import { eraseLayer, defineLayer, type AnyLayer } from '../core/layer.js';
import { yesPrompter, proposeOnlyPrompter } from '../core/prompter.js';
import { parsed, unparsable, type Finding, type FixProposal } from '../core/types.js';
import type { ProbeOutcome } from '../probe/types.js';
import { MemoryJournal } from '../remediation/journal.js';
import { FakeRunner } from '../../test/fakes/fake-runner.js';

/** A layer that reads one number (`cat <file>`) and convicts `id` when it rose; its fix runs `fixArgv`. */
function counterLayer(layer: 'netfilter' | 'qdisc', file: string, id: string, fixArgv: readonly string[]): AnyLayer {
  return eraseLayer(
    defineLayer<number>({
      id: layer,
      title: `synthetic ${layer}`,
      lookedAt: () => `cat ${file}`,
      probe: {
        id: `synthetic-${layer}`,
        scopes: ['target'],
        commands: () => [{ key: 'n', argv: ['cat', file] }],
        parse: (r) => {
          const n = Number(r.get('n')?.stdout.trim());
          return Number.isFinite(n) ? parsed(n) : unparsable('not a number');
        },
      },
      zero: () => 0,
      check: (i) =>
        i.after > i.before
          ? {
              findings: [{
                id, layer, scope: i.scope, severity: 'error', basis: 'window', role: 'cause', subject: file, title: `${file} rose`, explanation: 'synthetic',
                evidence: [{ kind: 'counter', counter: 'n', subject: file, before: i.before, after: i.after, delta: i.after - i.before, source: `cat ${file}` }],
                action: 'fix it',
              }],
              notes: [],
            }
          : { findings: [], notes: ['quiet'] },
      planFix: (f: Finding): FixProposal => ({
        id: `${f.id}:${f.scope}:${f.subject}`, findingId: f.id, subject: f.subject, title: `fix ${f.subject}`, risk: 'safe', scope: f.scope,
        commands: [fixArgv], inverse: [['true']],
      }),
    }),
  );
}

const probeWith = (lossPct: number): ProbeOutcome => ({
  ok: true,
  stats: {
    method: 'connect', command: 'connect 127.0.0.1:80', host: '127.0.0.1', port: 80, sent: 20, received: 20 - lossPct / 5, lossPct,
    rttMs: null, refused: 0, duplicates: 0, durationMs: 1, lossInterval: { low: 0, high: 0 }, synAckNoise: 0, notes: [],
  },
});

const RULES = '/fake/rule-drops';
const SHAPER = '/fake/shaper-drops';
const layers = [counterLayer('qdisc', SHAPER, 'qdisc.drops', ['tc', 'qdisc', 'del', 'dev', 'eth0', 'root']), counterLayer('netfilter', RULES, 'netfilter.drop-rule', ['iptables', '-D', 'INPUT', '1'])];

function engine(runner: FakeRunner, losses: number[], prompter = yesPrompter) {
  const events: string[] = [];
  const result = diagnose(
    {
      runner, prompter, journal: new MemoryJournal(), layers, sleep: async () => {},
      runProbe: async () => probeWith(losses.shift() ?? 0),
      emit: (e) => { if (e.type === 'round' || e.type === 'verified') events.push(`${e.type} ${e.round}`); },
    },
    { spec: { kind: 'host' }, probeTarget: { kind: 'explicit', host: '127.0.0.1', port: 80 }, probe: { count: 20, intervalMs: 100, timeoutMs: 1000, method: 'connect' }, idleWindowMs: 0, isRoot: true },
  );
  return { result, events };
}

describe('rounds until clean', () => {
  it('the masked seed case: round 1 removes the rules, its window convicts the shaper, round 2 removes it; fixed, exit 0', async () => {
    const runner = new FakeRunner()
      .on(['ip', '-j', 'link', 'show'], '[{"ifindex":1,"ifname":"lo","flags":["UP"],"operstate":"UNKNOWN"}]')
      // three windows, two samples each: the rules drop in window 1 only, the shaper in window 2 only.
      .on(['cat', RULES], '0', '14', '14', '14', '14', '14')
      .on(['cat', SHAPER], '0', '0', '0', '6', '6', '6')
      .on(['iptables', '-D', 'INPUT', '1'], '')
      .on(['tc', 'qdisc', 'del', 'dev', 'eth0', 'root'], '');
    const { result, events } = engine(runner, [55, 20, 0]);
    const r = await result;
    if (!r.ok) throw new Error(r.message);
    expect(events).toEqual(['verified 1', 'round 2', 'verified 2']);
    expect(r.report.rounds.map((x) => [x.round, x.findings.map((f) => f.id), x.fixes.map((f) => [f.status, f.verified])])).toEqual([
      [1, ['netfilter.drop-rule'], [['applied', true]]],
      [2, ['qdisc.drops'], [['applied', true]]],
    ]);
    expect(r.report.rounds[0]?.verification?.findings.map((f) => [f.id, f.evidence[0]])).toEqual([
      ['qdisc.drops', { kind: 'counter', counter: 'n', subject: SHAPER, before: 0, after: 6, delta: 6, source: `cat ${SHAPER}` }],
    ]);
    expect(r.report.rounds[1]?.stopped).toBe('the verification window shows no new cause that pktdrop can fix');
    expect(r.report.fixes.map((f) => [f.proposal.findingId, f.status, f.verified])).toEqual([
      ['netfilter.drop-rule', 'applied', true],
      ['qdisc.drops', 'applied', true],
    ]);
    expect(r.report.probeAfter?.ok && r.report.probeAfter.stats.lossPct).toBe(0);
    expect([r.report.verdict, r.report.exitCode]).toEqual(['fixed', 0]);
  });

  it('a fix that does not hold is not tried again: one round, causes remain, exit 1', async () => {
    const runner = new FakeRunner()
      .on(['ip', '-j', 'link', 'show'], '[]')
      .on(['cat', RULES], '0', '14', '14', '20')
      .on(['cat', SHAPER], '0', '0', '0', '0')
      .on(['iptables', '-D', 'INPUT', '1'], '');
    const { result, events } = engine(runner, [55, 30]);
    const r = await result;
    if (!r.ok) throw new Error(r.message);
    expect(events).toEqual(['verified 1']);
    expect(r.report.rounds.map((x) => x.stopped)).toEqual(['the verification window shows no new cause that pktdrop can fix']);
    expect(r.report.fixes.map((f) => f.verified)).toEqual([false]);
    expect([r.report.verdict, r.report.exitCode]).toEqual(['causes-remain', 1]);
  });

  it('nothing applied (dry run): one round, no verification window', async () => {
    const runner = new FakeRunner()
      .on(['ip', '-j', 'link', 'show'], '[]')
      .on(['cat', RULES], '0', '14')
      .on(['cat', SHAPER], '0', '0');
    const { result, events } = engine(runner, [55], proposeOnlyPrompter('dry run'));
    const r = await result;
    if (!r.ok) throw new Error(r.message);
    expect(events).toEqual([]);
    expect(r.report.rounds).toMatchObject([{ round: 1, verification: null, stopped: 'nothing was changed in this round' }]);
    expect([r.report.verdict, r.report.exitCode]).toEqual(['proposed', 1]);
  });
});

describe('newPlans and stopReason', () => {
  const finding = (id: string): Finding => ({ id, layer: 'qdisc', scope: 'target', severity: 'error', basis: 'window', role: 'cause', subject: id, title: id, explanation: '', evidence: [], action: '' });
  const plan = (id: string) => ({ fix: { id, findingId: id, subject: id, title: id, risk: 'safe' as const, scope: 'target' as const, commands: [], inverse: [] }, finding: finding(id) });
  it('a fix already tried is never new', () => {
    expect(newPlans([plan('a'), plan('b')], new Set(['a'])).map((p) => p.fix.id)).toEqual(['b']);
  });
  it('stops when nothing changed, nothing is new, or after the last round', () => {
    expect(stopReason(1, [plan('b')], 0)).toBe('nothing was changed in this round');
    expect(stopReason(1, [], 2)).toBe('the verification window shows no new cause that pktdrop can fix');
    expect(stopReason(MAX_ROUNDS, [plan('b')], 1)).toBe(`stopped after ${MAX_ROUNDS} rounds; 1 new cause(s) left for the next run`);
    expect(stopReason(1, [plan('b')], 1)).toBeUndefined();
  });
});

describe('askingOrder: safe before disruptive, what goes together stays together', () => {
  const plan = (findingId: string, subject: string, risk: FixProposal['risk'], scope: FixProposal['scope'] = 'target'): PlannedFix => ({
    fix: { id: `${findingId}:${scope}:${subject}`, findingId, subject, title: subject, risk, scope, commands: [], inverse: [] },
    finding: { id: findingId, layer: 'netfilter', scope, severity: 'error', basis: 'window', role: 'cause', subject, title: subject, explanation: '', evidence: [], action: '' },
  });
  const ids = (ps: readonly PlannedFix[]) => ps.map((p) => p.fix.subject);

  it('the seed case: the two rules (safe) before the tbf (disruptive), the rules in their order', () => {
    expect(ids(askingOrder([plan('qdisc.drops', 'tbf', 'disruptive'), plan('netfilter.drop-rule', 'INPUT#1', 'safe'), plan('netfilter.drop-rule', 'OUTPUT#1', 'safe')]))).toEqual(['INPUT#1', 'OUTPUT#1', 'tbf']);
  });

  it('fixes of one finding in one scope stay adjacent, as risky as the riskiest of them; equal risks keep the walk\'s order', () => {
    const ps = [
      plan('a', 'a1', 'safe'),
      plan('b', 'b1', 'safe'),
      plan('a', 'a2', 'disruptive'),
      plan('c', 'c1', 'safe', 'host'),
      plan('b', 'b2', 'safe'),
      plan('c', 'c2', 'safe', 'target'),
    ];
    // a is disruptive as a group (a2), so it goes last, with a1; b's two fixes are adjacent; c in two scopes are two groups.
    expect(ids(askingOrder(ps))).toEqual(['b1', 'b2', 'c1', 'c2', 'a1', 'a2']);
  });

  it('keeps every plan, once', () => {
    const ps = [plan('x', '1', 'disruptive'), plan('y', '2', 'safe'), plan('x', '3', 'safe')];
    expect([...askingOrder(ps)].sort((p, q) => p.fix.id.localeCompare(q.fix.id))).toEqual([...ps].sort((p, q) => p.fix.id.localeCompare(q.fix.id)));
    expect(askingOrder([])).toEqual([]);
  });

  it('rules of one chain stay together across finding ids (a delete renumbers the chain), and the group takes the riskier rank', () => {
    const ps = [
      plan('netfilter.drop-rule', 'iptables filter/INPUT#1', 'safe'),
      plan('conntrack.table-full', 'nf_conntrack_max', 'safe'),
      plan('netfilter.reject-rule', 'iptables filter/INPUT#3', 'disruptive'),
      plan('qdisc.drops', 'qdisc tbf 8001: dev eth0 root', 'safe'),
    ];
    expect(ids(askingOrder(ps))).toEqual(['nf_conntrack_max', 'qdisc tbf 8001: dev eth0 root', 'iptables filter/INPUT#1', 'iptables filter/INPUT#3']);
  });
});

describe('chainOf', () => {
  it('names the chain of an iptables rule or policy and of an nft rule; nothing else', () => {
    expect(chainOf('iptables filter/INPUT#1')).toBe('iptables filter/INPUT');
    expect(chainOf('ip6tables-legacy filter/FORWARD policy')).toBe('ip6tables-legacy filter/FORWARD');
    expect(chainOf('nft inet pktdrop_lab input handle 8')).toBe('nft inet pktdrop_lab input');
    expect(chainOf('qdisc tbf 80ad: dev eth0 root')).toBeUndefined();
    expect(chainOf('net.core.netdev_max_backlog')).toBeUndefined();
  });
});
