/**
 * The path model on real readings: a FORWARD policy counter that rose (recorded in a bridge namespace,
 * test/fixtures/iptables/netns-bridge-forward-drop-*.txt) and the seed's random DROP rules in INPUT and
 * OUTPUT (the recorded seed run), judged by the real netfilter check, then scoped to the probe's path.
 */
import { describe, expect, it } from 'vitest';
import { hookOf, onPath, probePath, scopeToPath } from './path.js';
import { checkNetfilter, netfilterProbe } from '../layers/netfilter/layer.js';
import type { StepReport } from '../core/judge.js';
import type { CommandResult } from '../core/types.js';
import { CONTAINER_TARGET, checkInputOf, ctxOf, fixture, inContainer, loadRecording, notFoundResult, readWith, recordedResults } from '../../test/fakes/scenario.js';

const NONE = { nft4: notFoundResult(['iptables-nft-save']), legacy4: notFoundResult(['iptables-legacy-save']), nft6: notFoundResult(['ip6tables-nft-save']), legacy6: notFoundResult(['ip6tables-legacy-save']), save4: notFoundResult(['iptables-save']), nft: notFoundResult(['nft']) };
const read = (scope: 'host' | 'target', over: Partial<Record<keyof typeof NONE, CommandResult | string>>) => readWith(netfilterProbe, ctxOf(CONTAINER_TARGET, scope), { ...NONE, ...over });
const check = (scope: 'host' | 'target', before: string, after: string) =>
  checkNetfilter(checkInputOf(CONTAINER_TARGET, scope, read(scope, { nft4: before, legacy4: '' }), read(scope, { nft4: after, legacy4: '' })));
const step = (scope: 'host' | 'target', r: ReturnType<typeof check>): StepReport => ({
  layer: 'netfilter', scope, title: 'netfilter', lookedAt: 'iptables-save -c',
  outcome: r.findings.length > 0 ? { status: 'findings', findings: r.findings, notes: r.notes } : { status: 'pass', notes: r.notes },
});

const forward = check('host', fixture('fixtures/iptables/netns-bridge-forward-drop-before.txt'), fixture('fixtures/iptables/netns-bridge-forward-drop-after.txt'));
const rec = loadRecording('seed-container-yes');
const [b, a] = recordedResults(rec, inContainer(rec, ['iptables-nft-save', '-c']));
const seed = check('target', b!.stdout, a!.stdout);
const path = probePath(CONTAINER_TARGET, CONTAINER_TARGET.addresses[0]);

describe('the probe\'s path', () => {
  it('from the host to a container: local hooks on both sides, never FORWARD; the host side\'s interfaces', () => {
    expect(path?.scopes.host).toEqual({ hooks: ['OUTPUT', 'POSTROUTING', 'PREROUTING', 'INPUT'], interfaces: CONTAINER_TARGET.hostSide?.interfaces });
    expect(path?.scopes.target?.hooks).not.toContain('FORWARD');
    expect(path?.description).toContain('(FORWARD is on neither side)');
    expect(probePath(CONTAINER_TARGET, undefined)).toBeUndefined();
  });

  it('a FORWARD policy that dropped 5 packets is off the path: a note, not a finding; the step passes', () => {
    expect(forward.findings.map((f) => [f.id, f.subject, hookOf(f)])).toEqual([['netfilter.drop-policy', 'iptables filter/FORWARD policy', 'FORWARD']]);
    if (!path) throw new Error('no path');
    const [scoped] = scopeToPath([step('host', forward)], path);
    expect(scoped?.outcome.status).toBe('pass');
    expect(scoped?.outcome.status === 'pass' && scoped.outcome.notes.at(-1)).toBe(
      'iptables filter/FORWARD policy: dropped +5 packet(s) of other traffic: not on the probe\'s path (the probe never passes FORWARD here)',
    );
  });

  it('the seed\'s DROP rules in INPUT and OUTPUT are on the path and stay findings', () => {
    if (!path) throw new Error('no path');
    expect(seed.findings.map((f) => [f.subject, hookOf(f), onPath(f, path)])).toEqual([
      ['iptables filter/INPUT#1', 'INPUT', true],
      ['iptables filter/OUTPUT#1', 'OUTPUT', true],
    ]);
    expect(scopeToPath([step('target', seed)], path)).toEqual([step('target', seed)]);
  });

  it('bridged frames dropped in FORWARD (bridge.nf-call) are FORWARD\'s: off the path', () => {
    const bridged = { ...forward.findings[0]!, id: 'bridge.nf-call', layer: 'bridge' as const, details: undefined, subject: 'bridge docker0 (net.bridge.bridge-nf-call-iptables=1)' };
    expect(hookOf(bridged)).toBe('FORWARD');
    if (path) expect(onPath(bridged, path)).toBe(false);
  });

  it('without a probe there is no path: FORWARD still convicts', () => {
    expect(scopeToPath([step('host', forward)], undefined)).toEqual([step('host', forward)]);
  });
});

describe('user-defined chains on the path (the routes the netfilter step gives each chain)', () => {
  const NONE_ = { ...NONE };
  const readR = (when: 'before' | 'after') =>
    readWith(netfilterProbe, ctxOf(CONTAINER_TARGET, 'target'), { ...NONE_, nft4: fixture(`fixtures/iptables/router-user-chains-${when}-save-c.txt`), legacy4: '', nft: fixture(`fixtures/nft/router-user-chains-${when}-list-ruleset-a.txt`) });
  const r = checkNetfilter(checkInputOf(CONTAINER_TARGET, 'target', readR('before'), readR('after')));
  const p = probePath(CONTAINER_TARGET, CONTAINER_TARGET.addresses[0]);

  it('a rule reached only from FORWARD is off a probe to the target\'s own address; one reached from INPUT is on it', () => {
    if (!p) throw new Error('no path');
    const bySubject = (part: string) => r.findings.filter((f) => f.subject.includes(part));
    expect(bySubject('MYFWD').length).toBeGreaterThan(0);
    expect(bySubject('MYIN').length).toBeGreaterThan(0);
    for (const f of bySubject('MYFWD')) expect(onPath(f, p), f.subject).toBe(false);
    for (const f of bySubject('MYIN')) expect(onPath(f, p), f.subject).toBe(true);
  });
});
