/**
 * The recordings made for issue 16's text-report snapshots replay: each is fed, command by command, to
 * the strict FakeRunner (test/fakes/scenario.ts: anything not recorded, or one call too many, throws;
 * an answer left unused fails the test) and the whole diagnose pipeline reaches the recorded verdict.
 * - incomplete-container-yes: a healthy container on a host without `tc` (really not found, on the host
 *   and through nsenter): both qdisc steps are skipped with the reason, nothing is convicted, so the
 *   verdict is `incomplete`, exit 1, and nothing is changed.
 * - rounds-container-yes: the masked seed case, `--yes` (the seed lab plus a second random DROP rule on
 *   each chain): the tbf hidden behind the four rules in the first window is convicted by the verification window and fixed in a second round; `fixed`, exit 0.
 * Sources: test/e2e/fixtures/recorded-here.source.txt.
 */
import { describe, expect, it } from 'vitest';
import { diagnose, type DiagnoseResult } from '../../src/diagnose/run.js';
import type { FakeRunner } from '../fakes/fake-runner.js';
import { recordedRequest, replayDeps, reportOf } from '../fakes/replay-run.js';
import { inContainer, loadRecording, replay, type Recording } from '../fakes/scenario.js';

const run = (rec: Recording, runner: FakeRunner, batch: boolean): Promise<DiagnoseResult> => diagnose(replayDeps(runner, { batch }), recordedRequest(rec));

describe.each([
  ['one process per command', false],
  ['one batch per scope', true],
] as const)('recorded runs replay (reads: %s)', (_, batch) => {
  it('incomplete: tc not found on the host nor in the container; both qdisc steps skipped, nothing convicted, incomplete, exit 1, no change', async () => {
    const rec = loadRecording('incomplete-container-yes');
    const runner = replay(rec);
    const report = reportOf(await run(rec, runner, batch));
    expect([report.verdict, report.exitCode]).toEqual(['incomplete', 1]);
    const skipped = report.steps.filter((s) => s.outcome.status === 'skipped' || s.outcome.status === 'crashed');
    expect(skipped.map((s) => [s.layer, s.scope, s.outcome])).toEqual([
      ['qdisc', 'target', { status: 'skipped', reason: 'tc not found (install iproute2)' }],
      ['qdisc', 'host', { status: 'skipped', reason: 'tc not found (install iproute2)' }],
    ]);
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(report.fixes).toEqual([]);
    expect(runner.mutations).toEqual([]);
    // The run's qdisc reads were really refused by the machine: the recorded answers say so.
    expect(rec.calls.filter((c) => JSON.stringify(c.argv) === JSON.stringify(inContainer(rec, ['tc', '-s', 'qdisc', 'show']))).map((c) => c.result.stderr)).toEqual(
      Array.from({ length: 2 }, () => 'nsenter: failed to execute tc: No such file or directory\n'),
    );
  });

  it('rounds: the tbf hidden behind four random DROP rules is convicted by round 1\'s window and deleted in round 2; fixed, exit 0', async () => {
    const rec = loadRecording('rounds-container-yes');
    const runner = replay(rec);
    const report = reportOf(await run(rec, runner, batch));
    expect([report.verdict, report.exitCode]).toEqual(['fixed', 0]);
    expect(report.rounds.length).toBeGreaterThan(1);
    const fixIds = (i: number) => report.rounds[i]?.fixes.map((f) => [f.proposal.id, f.status, f.verified]);
    // Round 1: the rules (two per chain); the shaper dropped nothing while they dropped most packets upstream.
    expect(report.rounds[0]?.fixes.map((f) => f.proposal.findingId)).toEqual(Array.from({ length: 4 }, () => 'netfilter.drop-rule'));
    expect(fixIds(0)?.every(([, status]) => status === 'applied')).toBe(true);
    // Round 2: the tbf, convicted by round 1's verification window.
    expect(report.rounds[1]?.findings.map((f) => [f.id, f.subject])).toEqual([['qdisc.drops', 'qdisc tbf 8253: dev eth0 root']]);
    expect(fixIds(1)).toEqual([['qdisc.drops:target:qdisc tbf 8253: dev eth0 root', 'applied', true]]);
    expect(runner.mutations.at(-1)).toEqual(inContainer(rec, ['tc', 'qdisc', 'del', 'dev', 'eth0', 'root', 'handle', '8253:']));
    expect(report.remaining).toEqual([]);
  });
});
