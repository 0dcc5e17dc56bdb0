/**
 * Remediation tier on the strict fake runner: apply journals first and rolls back a half-done
 * fix; undo replays inverses newest first and does nothing for a change that never started.
 * The two-command fix is synthetic (no layer plans one yet); the argv are the seed's real rules.
 */
import { describe, expect, it } from 'vitest';
import { applyFix } from './apply.js';
import { MemoryJournal } from './journal.js';
import { undoChanges } from './undo.js';
import type { FixProposal } from '../core/types.js';
import { FakeRunner } from '../../test/fakes/fake-runner.js';
import { CONTAINER_TARGET } from '../../test/fakes/scenario.js';

const ns = (argv: readonly string[]) => ['nsenter', '-t', '4242', '-n', '--', ...argv];
const RULE = ['-m', 'statistic', '--mode', 'random', '--probability', '0.29999999981', '-j', 'DROP'];
const TWO_STEP: FixProposal = {
  id: 'synthetic:two-rules',
  findingId: 'netfilter.drop-rule',
  subject: 'iptables filter/INPUT#1',
  title: 'Delete both random DROP rules (synthetic two-command fix)',
  risk: 'safe',
  scope: 'target',
  commands: [['iptables-nft', '-t', 'filter', '-D', 'INPUT', ...RULE], ['iptables-nft', '-t', 'filter', '-D', 'OUTPUT', ...RULE]],
  inverse: [['iptables-nft', '-t', 'filter', '-I', 'INPUT', '1', ...RULE], ['iptables-nft', '-t', 'filter', '-I', 'OUTPUT', '1', ...RULE]],
};

describe('applyFix', () => {
  it('second command fails: the first is rolled back, the fix is failed, the journal says so', async () => {
    const runner = new FakeRunner()
      .on(ns(TWO_STEP.commands[0]!), '')
      .on(ns(TWO_STEP.commands[1]!), { exitCode: 1, stderr: 'iptables: Bad rule (does a matching rule exist in that chain?).\n' })
      .on(ns(TWO_STEP.inverse[0]!), '');
    const journal = new MemoryJournal();
    const run = await journal.begin(CONTAINER_TARGET.spec);
    const out = await applyFix(runner, CONTAINER_TARGET, run, TWO_STEP);
    expect(out).toEqual({
      status: 'failed',
      rolledBack: true,
      message: 'iptables-nft -t filter -D OUTPUT -m statistic --mode random --probability 0.29999999981 -j DROP failed: nsenter exited with 1: iptables: Bad rule (does a matching rule exist in that chain?).',
    });
    expect(runner.mutations).toEqual([ns(TWO_STEP.commands[0]!), ns(TWO_STEP.commands[1]!), ns(TWO_STEP.inverse[0]!)]);
    expect(journal.runs[0]?.entries.map((e) => [e.status, e.completed])).toEqual([['failed', 1]]);
    // A rolled-back fix leaves nothing to undo.
    expect((await undoChanges(runner, CONTAINER_TARGET, journal)).steps).toEqual([]);
  });

  it('both commands succeed: applied, completed 2, every command run in the container', async () => {
    const runner = new FakeRunner().on(ns(TWO_STEP.commands[0]!), '').on(ns(TWO_STEP.commands[1]!), '');
    const journal = new MemoryJournal();
    const out = await applyFix(runner, CONTAINER_TARGET, await journal.begin(CONTAINER_TARGET.spec), TWO_STEP);
    expect(out.status).toBe('applied');
    expect(journal.runs[0]?.entries.map((e) => [e.status, e.completed])).toEqual([['applied', 2]]);
  });
});

describe('undoChanges', () => {
  it('replays every applied inverse newest first (entries newest first, inverses in reverse)', async () => {
    const runner = new FakeRunner().on(ns(TWO_STEP.commands[0]!), '').on(ns(TWO_STEP.commands[1]!), '');
    const tbf: FixProposal = { ...TWO_STEP, id: 'synthetic:tbf', commands: [['tc', 'qdisc', 'del', 'dev', 'eth0', 'root']], inverse: [['tc', 'qdisc', 'add', 'dev', 'eth0', 'root', 'handle', '8004:', 'tbf', 'rate', '1Kbit', 'burst', '300b', 'limit', '100b']] };
    runner.on(ns(tbf.commands[0]!), '');
    const journal = new MemoryJournal();
    const run = await journal.begin(CONTAINER_TARGET.spec);
    await applyFix(runner, CONTAINER_TARGET, run, tbf);
    await applyFix(runner, CONTAINER_TARGET, run, TWO_STEP);
    for (const inv of [...TWO_STEP.inverse, ...tbf.inverse]) runner.on(ns(inv), '');
    const n = runner.mutations.length;
    const report = await undoChanges(runner, CONTAINER_TARGET, journal);
    expect(runner.mutations.slice(n)).toEqual([ns(TWO_STEP.inverse[1]!), ns(TWO_STEP.inverse[0]!), ns(tbf.inverse[0]!)]);
    expect(report.steps.map((s) => [s.fixId, s.status])).toEqual([['synthetic:two-rules', 'undone'], ['synthetic:tbf', 'undone']]);
  });

  it('a pending entry that completed no command: nothing to undo, nothing run', async () => {
    const runner = new FakeRunner();
    const journal = new MemoryJournal();
    const run = await journal.begin(CONTAINER_TARGET.spec);
    await run.record(TWO_STEP); // journaled, then the run died before the first command
    const report = await undoChanges(runner, CONTAINER_TARGET, journal);
    expect(runner.calls).toEqual([]);
    expect(report.steps.map((s) => [s.fixId, s.status, s.commands])).toEqual([['synthetic:two-rules', 'nothing-to-undo', []]]);
    expect(journal.runs[0]?.entries[0]?.status).toBe('undone');
  });

  it('a pending entry that completed one command of two: only that command is undone', async () => {
    const runner = new FakeRunner().on(ns(TWO_STEP.inverse[0]!), '');
    const journal = new MemoryJournal();
    const run = await journal.begin(CONTAINER_TARGET.spec);
    const entry = await run.record(TWO_STEP);
    entry.completed = 1;
    await undoChanges(runner, CONTAINER_TARGET, journal);
    expect(runner.mutations).toEqual([ns(TWO_STEP.inverse[0]!)]);
  });
});
