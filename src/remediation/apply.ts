/**
 * Applying a fix: journal its inverse first, run its commands in order, and roll back the ones
 * already run if a later one fails, so no fix is ever left half-done.
 */
import { isPresent, positionIn, type FixProposal } from '../core/types.js';
import { displayArgv, mutateCommand, readCommand, type Runner } from '../targets/runner.js';
import { inScope, type ResolvedTarget } from '../core/target.js';
import type { JournalEntry, JournalRun } from './journal.js';
import { t } from '../i18n/index.js';

export type ApplyOutcome =
  | { readonly status: 'applied'; readonly entry: JournalEntry }
  | { readonly status: 'failed'; readonly message: string; readonly rolledBack: boolean };

/** Apply one fix in its scope. Never throws for a failing command; journal I/O errors do throw. */
export async function applyFix(runner: Runner, target: ResolvedTarget, journal: JournalRun, fix: FixProposal): Promise<ApplyOutcome> {
  // The target must still be the instance that was measured: otherwise nothing is journaled or run.
  const lost = await runner.targetLost?.();
  if (lost !== undefined) return { status: 'failed', message: t('remediation.apply.target-lost', { why: lost }), rolledBack: true };
  // The state this change touches, as it is now: kept in the journal beside the exact inverse.
  let stateBefore: { command: string; output: string } | undefined;
  if (fix.presence) {
    const r = await runner.run(readCommand(inScope(target, fix.scope, fix.presence.argv)));
    if (r.ok) stateBefore = { command: displayArgv(fix.presence.argv), output: r.stdout };
    // Only the exact object that was measured is changed: a qdisc replaced by another (another handle),
    // a rule already gone or rewritten, is left alone.
    if (r.ok && !isPresent(fix.presence, r.stdout)) {
      return { status: 'failed', message: t('remediation.apply.not-as-measured', { subject: fix.subject, command: displayArgv(fix.presence.argv), marker: fix.presence.marker.trim() }), rolledBack: true };
    }
  }
  fix = withInverseFromState(fix, stateBefore?.output);
  const entry = await journal.record(fix, stateBefore);
  for (const [i, argv] of fix.commands.entries()) {
    const r = await runner.run(mutateCommand(inScope(target, fix.scope, argv)));
    if (r.ok) {
      entry.completed = i + 1;
      await journal.update(entry);
      continue;
    }
    const message = t('remediation.apply.command-failed', { command: displayArgv(argv), hint: r.failure?.hint ?? t('remediation.unknown-error') });
    // Undo what this fix already did, newest first. The inverse list mirrors the command list.
    let rolledBack = true;
    for (const inv of fix.inverse.slice(0, i).reverse()) {
      const u = await runner.run(mutateCommand(inScope(target, fix.scope, inv)));
      if (!u.ok) rolledBack = false;
    }
    entry.status = i === 0 || rolledBack ? 'failed' : 'pending';
    entry.message = rolledBack ? message : t('remediation.apply.rollback-failed', { message, count: String(i) });
    await journal.update(entry);
    return { status: 'failed', message: entry.message, rolledBack };
  }
  entry.status = 'applied';
  await journal.update(entry);
  return { status: 'applied', entry };
}

/** `COMMAND: why it failed`, or `COMMAND: failed` when the runner gave no reason. */
export const commandFailure = (command: string, hint: string | undefined): string =>
  hint === undefined ? t('remediation.command-failed-bare', { command }) : t('remediation.command-failure', { command, hint });

/** Sentences said one after another (`a; b`), each still translatable: what `failures.join('; ')` says in English. */
export const listOf = (items: readonly string[]): string => (items.length === 0 ? '' : items.reduce((a, b) => t('remediation.list', { a, b })));

/** The fix with its positional inverse re-read from the state just before the change (see FixProposal.inversePosition). */
export function withInverseFromState(fix: FixProposal, stateBefore: string | undefined): FixProposal {
  const at = fix.inversePosition;
  if (!at || !fix.presence || stateBefore === undefined) return fix;
  const position = positionIn(fix.presence, at.linePrefix, stateBefore);
  const target = fix.inverse[at.command];
  if (position === undefined || !target || at.word >= target.length) return fix;
  const rebased = target.map((w, i) => (i === at.word ? String(position) : w));
  return { ...fix, inverse: fix.inverse.map((c, i) => (i === at.command ? rebased : c)) };
}

/** Undo an applied fix now (confirm-or-revert), newest command first; journaled as rolled back. */
export async function rollbackFix(runner: Runner, target: ResolvedTarget, journal: JournalRun, entry: JournalEntry): Promise<{ ok: boolean; message?: string }> {
  const failures: string[] = [];
  for (const inv of [...entry.inverse].reverse()) {
    const r = await runner.run(mutateCommand(inScope(target, entry.scope, inv)));
    if (!r.ok) failures.push(commandFailure(displayArgv(inv), r.failure?.hint));
  }
  entry.status = failures.length === 0 ? 'rolled-back' : 'undo-failed';
  if (failures.length > 0) entry.message = listOf(failures);
  await journal.update(entry);
  return failures.length === 0 ? { ok: true } : { ok: false, message: listOf(failures) };
}
