/**
 * `pktdrop undo`: run the journaled inverses of the last run's changes, newest first, and verify
 * by re-reading the state that each changed object is back.
 */
import { isPresent, type Presence } from '../core/types.js';
import { displayArgv, mutateCommand, readCommand, type Runner } from '../targets/runner.js';
import { inScope, type ResolvedTarget } from '../core/target.js';
import { isOpen, type Journal, type JournalEntry } from './journal.js';

export interface UndoStep {
  readonly fixId: string;
  readonly title: string;
  readonly commands: readonly string[];
  readonly status: 'undone' | 'failed' | 'nothing-to-undo';
  /** true: re-reading the state shows the object back; null: no way to check. */
  readonly verified: boolean | null;
  readonly message?: string;
}

export interface UndoReport {
  readonly journals: readonly string[];
  readonly steps: readonly UndoStep[];
}

/** Whether the object a journal entry changed exists now; undefined when it cannot be told. */
async function presentNow(runner: Runner, target: ResolvedTarget, entry: JournalEntry & { presence: Presence }): Promise<boolean | undefined> {
  const r = await runner.run(readCommand(inScope(target, entry.scope, entry.presence.argv)));
  return r.ok ? isPresent(entry.presence, r.stdout) : undefined;
}

export async function undoChanges(runner: Runner, target: ResolvedTarget, journal: Journal, opts: { all?: boolean } = {}): Promise<UndoReport> {
  const runs = await journal.latest(target.spec, opts);
  const steps: UndoStep[] = [];
  for (const run of runs) {
    for (const entry of [...run.doc.entries].reverse()) {
      if (!isOpen(entry)) continue;
      const withPresence = entry.presence ? { ...entry, presence: entry.presence } : undefined;
      // An interrupted change (pending) may have run without being journaled as done: the state
      // decides. Without a presence check, only the commands known to have completed are undone.
      let count = entry.status === 'applied' ? entry.inverse.length : Math.min(entry.completed, entry.inverse.length);
      if (entry.status !== 'applied' && withPresence) {
        const present = await presentNow(runner, target, withPresence);
        if (present === false) count = entry.inverse.length;
        if (present === true) count = 0;
      }
      const inverses = entry.inverse.slice(0, count).reverse();
      if (inverses.length === 0) {
        entry.status = 'undone';
        entry.message = 'the change never took effect: nothing to undo';
        steps.push({ fixId: entry.fixId, title: entry.title, commands: [], status: 'nothing-to-undo', verified: null, message: entry.message });
        continue;
      }
      const failures: string[] = [];
      for (const argv of inverses) {
        const r = await runner.run(mutateCommand(inScope(target, entry.scope, argv)));
        if (!r.ok) failures.push(`${displayArgv(argv)}: ${r.failure?.hint ?? 'failed'}`);
      }
      const back = withPresence ? await presentNow(runner, target, withPresence) : undefined;
      const verified = back === undefined ? null : back;
      if (verified === false) failures.push('re-reading the state does not show it restored');
      entry.status = failures.length === 0 ? 'undone' : 'undo-failed';
      if (failures.length > 0) entry.message = failures.join('; ');
      steps.push({
        fixId: entry.fixId,
        title: entry.title,
        commands: inverses.map(displayArgv),
        status: failures.length === 0 ? 'undone' : 'failed',
        verified,
        ...(failures.length > 0 ? { message: failures.join('; ') } : {}),
      });
    }
    await run.save();
  }
  return { journals: runs.map((r) => r.path), steps };
}
