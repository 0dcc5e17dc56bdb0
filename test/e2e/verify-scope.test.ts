/**
 * Regression: verification judges each fix by the finding it was planned for, scope included. In a
 * container the host and the container can both have `iptables filter/INPUT#1`; fixing only the
 * host's rule must be verified against the host's finding, not the container's still-rising twin.
 * (Found by the e2e tier as a failing test; fixed in src/remediation/verify.ts by looking the finding up
 * through the plan.)
 */
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/diagnose/run.js';
import { inContainer, loadRecording, phasesOf, recordedResults, replay } from '../fakes/scenario.js';
import { recordedRequest, replayDeps } from '../fakes/replay-run.js';
import { ScriptedPrompter } from '../fakes/scripted-prompter.js';

describe('verification and scope', () => {
  it('verification of a host-scope fix is judged on the host\'s own finding, not the container\'s twin', async () => {
    const seed = loadRecording('seed-container-yes');
    const healthy = loadRecording('healthy-container');
    const [b, a, gone] = recordedResults(seed, inContainer(seed, ['iptables-nft-save', '-c'])).map((r) => r.stdout);
    // Documented edit: the container's INPUT/OUTPUT rules keep rising in the verification window.
    const more = (t: string, n: number) => t.replace(/\[(\d+):(\d+)\] -A (INPUT|OUTPUT) -m statistic/g, (_m, p: string, by: string, c: string) => `[${Number(p) + n}:${Number(by) + 40 * n}] -A ${c} -m statistic`);
    // The healthy run changed nothing, so it has no verification window: its window (both samples
    // and the probe) is replayed a second time as that window, explicitly.
    const withVerify = { ...healthy, calls: [...healthy.calls, ...healthy.calls.slice(phasesOf(healthy).window)] };
    const runner = replay(withVerify, { mutations: false });
    // The same recorded rules on both sides of the path: container (nsenter) and host, each read
    // before and after the window, and again before and after the verification window.
    runner.replace(inContainer(healthy, ['iptables-nft-save', '-c']), b!, a!, more(a!, 5), more(a!, 10));
    runner.replace(['iptables-nft-save', '-c'], b!, a!, gone!, gone!);
    // Before each change, the state it touches (recorded before the seed run deleted the same rules).
    const [bothRules, outputRule] = recordedResults(seed, inContainer(seed, ['iptables-nft-save', '-t', 'filter'])).map((r) => r.stdout);
    runner.on(['iptables-nft-save', '-t', 'filter'], bothRules!, outputRule!);
    const SPEC = ['-m', 'statistic', '--mode', 'random', '--probability', '0.29999999981', '-j', 'DROP'];
    runner.on(['iptables-nft', '-t', 'filter', '-D', 'INPUT', ...SPEC], '').on(['iptables-nft', '-t', 'filter', '-D', 'OUTPUT', ...SPEC], '');
    const prompter = new ScriptedPrompter([
      { fixId: 'netfilter.drop-rule:target:iptables filter/INPUT#1', answer: 'skip' },
      { fixId: 'netfilter.drop-rule:target:iptables filter/OUTPUT#1', answer: 'skip' },
      { fixId: 'netfilter.drop-rule:host:iptables filter/INPUT#1', answer: 'apply' },
      { fixId: 'netfilter.drop-rule:host:iptables filter/OUTPUT#1', answer: 'apply' },
    ]);
    const r = await diagnose(replayDeps(runner, { prompter }), recordedRequest(healthy));
    if (!r.ok) throw new Error(r.message);
    expect(prompter.finished).toBe(true);
    // The host's rules are gone after the fix (third host reading): both host fixes are verified.
    expect(r.report.fixes.map((f) => [f.proposal.id, f.status, f.verified])).toEqual([
      ['netfilter.drop-rule:target:iptables filter/INPUT#1', 'skipped', null],
      ['netfilter.drop-rule:target:iptables filter/OUTPUT#1', 'skipped', null],
      ['netfilter.drop-rule:host:iptables filter/INPUT#1', 'applied', true],
      ['netfilter.drop-rule:host:iptables filter/OUTPUT#1', 'applied', true],
    ]);
  });
});
