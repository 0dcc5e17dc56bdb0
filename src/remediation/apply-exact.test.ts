/**
 * Only the exact object measured is changed (issue 13): right before a fix runs, its state is read
 * again; a qdisc replaced by another (another handle) or a rule already gone is left alone, and
 * nothing is journaled. The qdisc lines are tc's own (test/fixtures/tc), the handles as recorded.
 */
import { describe, expect, it } from 'vitest';
import { FakeRunner } from '../../test/fakes/fake-runner.js';
import { HOST_TARGET } from '../../test/fakes/scenario.js';
import type { FixProposal } from '../core/types.js';
import { applyFix } from './apply.js';
import { MemoryJournal } from './journal.js';

const TBF: FixProposal = {
  id: 'qdisc.drops:target:qdisc tbf 800b: dev eth0 root', findingId: 'qdisc.drops', subject: 'qdisc tbf 800b: dev eth0 root', title: 'Delete the tbf qdisc on eth0', risk: 'disruptive', scope: 'target',
  commands: [['tc', 'qdisc', 'del', 'dev', 'eth0', 'root']],
  inverse: [['tc', 'qdisc', 'add', 'dev', 'eth0', 'root', 'handle', '800b:', 'tbf', 'rate', '1Kbit', 'burst', '300b', 'limit', '100b']],
  presence: { argv: ['tc', 'qdisc', 'show', 'dev', 'eth0'], marker: 'qdisc tbf 800b: ', match: 'substring' },
};

describe('applyFix changes only the object it measured', () => {
  it('the tbf was replaced by another qdisc since the window: not applied, nothing journaled, nothing run', async () => {
    const runner = new FakeRunner().on(['tc', 'qdisc', 'show', 'dev', 'eth0'], 'qdisc tbf 8011: root refcnt 2 rate 10Mbit burst 1600b lat 50ms\n');
    const journal = new MemoryJournal();
    const run = await journal.begin({ kind: 'host' });
    const r = await applyFix(runner, HOST_TARGET, run, TBF);
    expect(r).toEqual({ status: 'failed', rolledBack: true, message: 'not applied: qdisc tbf 800b: dev eth0 root is no longer as it was measured (tc qdisc show dev eth0 does not show "qdisc tbf 800b:"): nothing was changed' });
    expect(runner.mutations).toEqual([]);
    expect(journal.runs[0]?.entries).toEqual([]);
  });

  it('the same tbf: journaled, then deleted', async () => {
    const runner = new FakeRunner()
      .on(['tc', 'qdisc', 'show', 'dev', 'eth0'], 'qdisc tbf 800b: root refcnt 2 rate 1Kbit burst 300b lat 0us\n')
      .on(['tc', 'qdisc', 'del', 'dev', 'eth0', 'root'], '');
    const journal = new MemoryJournal();
    const r = await applyFix(runner, HOST_TARGET, await journal.begin({ kind: 'host' }), TBF);
    expect(r.status).toBe('applied');
    expect(runner.mutations).toEqual([['tc', 'qdisc', 'del', 'dev', 'eth0', 'root']]);
  });
});
