/**
 * Verification and confirm-or-revert as modules of their own (they were inline in the pipeline and
 * had only a live test): a fix is verified against the finding it was planned for, scope included;
 * an unconfirmed run rolls back every applied fix newest first, through its journaled inverse.
 * The argv are the seed's real rules and the lab's real tbf.
 */
import { describe, expect, it } from 'vitest';
import type { Finding, FixProposal, FixRecord } from '../core/types.js';
import { applyFix } from './apply.js';
import { MemoryJournal, type JournalEntry } from './journal.js';
import { revertApplied } from './revert.js';
import { verifyFixes } from './verify.js';
import { FakeRunner } from '../../test/fakes/fake-runner.js';
import { CONTAINER_TARGET } from '../../test/fakes/scenario.js';

const ns = (argv: readonly string[]) => ['nsenter', '-t', '4242', '-n', '--', ...argv];
const RULE = ['-m', 'statistic', '--mode', 'random', '--probability', '0.29999999981', '-j', 'DROP'];

const finding = (subject: string, scope: Finding['scope'] = 'target'): Finding => ({
  id: 'netfilter.drop-rule',
  layer: 'netfilter',
  scope,
  severity: 'error',
  basis: 'window',
  role: 'cause',
  subject,
  title: 'a DROP rule dropped packets during the window',
  explanation: '',
  evidence: [],
  action: '',
});

const fix = (id: string, chain: string): FixProposal => ({
  id,
  findingId: 'netfilter.drop-rule',
  subject: `iptables filter/${chain}#1`,
  title: `Delete the random DROP rule in ${chain}`,
  risk: 'safe',
  scope: 'target',
  commands: [['iptables-nft', '-t', 'filter', '-D', chain, ...RULE]],
  inverse: [['iptables-nft', '-t', 'filter', '-I', chain, '1', ...RULE]],
});

const INPUT = fix('netfilter.drop-rule:iptables filter/INPUT#1', 'INPUT');
const OUTPUT = fix('netfilter.drop-rule:iptables filter/OUTPUT#1', 'OUTPUT');
const applied = (proposal: FixProposal): FixRecord => ({ proposal, status: 'applied', verified: null });

describe('verifyFixes', () => {
  const plans = [
    { fix: INPUT, finding: finding('iptables filter/INPUT#1') },
    { fix: OUTPUT, finding: finding('iptables filter/OUTPUT#1') },
  ];

  it('verified when the planned finding is gone; not verified when it is still convicted', () => {
    const after = [finding('iptables filter/OUTPUT#1')];
    expect(verifyFixes([applied(INPUT), applied(OUTPUT)], plans, after).map((r) => [r.proposal.id, r.verified])).toEqual([
      [INPUT.id, true],
      [OUTPUT.id, false],
    ]);
  });

  it('the same subject in another scope, or only a warning, does not un-verify a fix', () => {
    const after = [finding('iptables filter/INPUT#1', 'host'), { ...finding('iptables filter/OUTPUT#1'), severity: 'warning' as const }];
    expect(verifyFixes([applied(INPUT), applied(OUTPUT)], plans, after).map((r) => r.verified)).toEqual([true, true]);
  });

  it('records that were not applied pass through unchanged', () => {
    const skipped: FixRecord = { proposal: INPUT, status: 'skipped', verified: null };
    expect(verifyFixes([skipped], plans, [])).toEqual([skipped]);
  });
});

describe('revertApplied (confirm-or-revert)', () => {
  it('rolls back every applied fix newest first through its inverse and marks it rolled-back', async () => {
    const runner = new FakeRunner()
      .on(ns(INPUT.commands[0]!), '')
      .on(ns(OUTPUT.commands[0]!), '')
      .on(ns(OUTPUT.inverse[0]!), '')
      .on(ns(INPUT.inverse[0]!), '');
    const journal = new MemoryJournal();
    const run = await journal.begin(CONTAINER_TARGET.spec);
    const entries = new Map<string, JournalEntry>();
    for (const f of [INPUT, OUTPUT]) {
      const out = await applyFix(runner, CONTAINER_TARGET, run, f);
      if (out.status !== 'applied') throw new Error(`setup: ${f.id} was not applied`);
      entries.set(f.id, out.entry);
    }
    const skipped: FixRecord = { proposal: fix('other', 'FORWARD'), status: 'skipped', verified: null };
    const seen: string[] = [];
    const back = await revertApplied(runner, CONTAINER_TARGET, run, [applied(INPUT), applied(OUTPUT), skipped], entries, (r, step) =>
      seen.push(`${step} ${r.proposal.id}`),
    );
    expect(runner.mutations.slice(2)).toEqual([ns(OUTPUT.inverse[0]!), ns(INPUT.inverse[0]!)]);
    expect(back.reverted.map((r) => [r.proposal.id, r.status])).toEqual([
      [OUTPUT.id, 'rolled-back'],
      [INPUT.id, 'rolled-back'],
    ]);
    expect(back.records.map((r) => r.status)).toEqual(['rolled-back', 'rolled-back', 'skipped']);
    expect(seen).toEqual([`start ${OUTPUT.id}`, `done ${OUTPUT.id}`, `start ${INPUT.id}`, `done ${INPUT.id}`]);
    expect(journal.runs[0]?.entries.map((e) => e.status)).toEqual(['rolled-back', 'rolled-back']);
  });

  it('a failing inverse is a failed record with the reason, and the journal says undo-failed', async () => {
    const runner = new FakeRunner()
      .on(ns(INPUT.commands[0]!), '')
      .on(ns(INPUT.inverse[0]!), { exitCode: 1, stderr: 'iptables: Index of insertion too big.\n' });
    const journal = new MemoryJournal();
    const run = await journal.begin(CONTAINER_TARGET.spec);
    const out = await applyFix(runner, CONTAINER_TARGET, run, INPUT);
    if (out.status !== 'applied') throw new Error('setup: not applied');
    const back = await revertApplied(runner, CONTAINER_TARGET, run, [applied(INPUT)], new Map([[INPUT.id, out.entry]]));
    expect(back.reverted).toHaveLength(1);
    expect(back.reverted[0]?.status).toBe('failed');
    expect(back.reverted[0]?.message).toContain('Index of insertion too big');
    expect(journal.runs[0]?.entries[0]?.status).toBe('undo-failed');
  });

  it('a journal that cannot be updated during rollback is a failed record, never a throw', async () => {
    const runner = new FakeRunner().on(ns(INPUT.commands[0]!), '').on(ns(INPUT.inverse[0]!), '');
    const journal = new MemoryJournal();
    const run = await journal.begin(CONTAINER_TARGET.spec);
    const out = await applyFix(runner, CONTAINER_TARGET, run, INPUT);
    if (out.status !== 'applied') throw new Error('setup: not applied');
    const broken = { ...run, update: async () => Promise.reject(new Error('EROFS: read-only file system')) };
    const back = await revertApplied(runner, CONTAINER_TARGET, broken, [applied(INPUT)], new Map([[INPUT.id, out.entry]]));
    expect(back.reverted[0]?.status).toBe('failed');
    expect(back.reverted[0]?.message).toContain('EROFS');
  });
});
