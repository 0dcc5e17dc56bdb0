/**
 * Confirm-or-revert: when the operator does not confirm in time, every fix applied in this run is
 * rolled back, newest first, each through its journaled inverse.
 */
import type { FixRecord } from '../core/types.js';
import type { ResolvedTarget } from '../core/target.js';
import type { Runner } from '../targets/runner.js';
import { rollbackFix } from './apply.js';
import type { JournalEntry, JournalRun } from './journal.js';
import { t } from '../i18n/index.js';

export interface RevertResult {
  /** Every record of the run, the reverted ones replaced by their new status. */
  readonly records: FixRecord[];
  /** Only the records that were rolled back (or failed to roll back), newest first. */
  readonly reverted: FixRecord[];
}

/**
 * Roll back every applied record that has a journal entry. Never throws: a rollback whose journal
 * update fails is reported as failed with the reason.
 */
export async function revertApplied(
  runner: Runner,
  target: ResolvedTarget,
  run: JournalRun,
  records: readonly FixRecord[],
  entries: ReadonlyMap<string, JournalEntry>,
  onFix?: (record: FixRecord, phase: 'start' | 'done') => void,
): Promise<RevertResult> {
  const reverted: FixRecord[] = [];
  for (const r of [...records].reverse()) {
    const entry = entries.get(r.proposal.id);
    if (r.status !== 'applied' || !entry) continue;
    onFix?.(r, 'start');
    const back = await rollbackFix(runner, target, run, entry).catch((e: unknown) => ({
      ok: false,
      message: t('remediation.revert.journal-failed', { error: e instanceof Error ? e.message : String(e) }),
    }));
    onFix?.(r, 'done');
    reverted.push({ ...r, status: back.ok ? 'rolled-back' : 'failed', ...(back.message ? { message: back.message } : {}) });
  }
  return { records: records.map((r) => reverted.find((x) => x.proposal.id === r.proposal.id) ?? r), reverted };
}
