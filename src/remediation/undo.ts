/**
 * `pktdrop undo`: run the journaled inverses of the last run's changes, newest first.
 */
import { displayArgv, mutateCommand, type Runner } from '../targets/runner.js';
import { inScope, type ResolvedTarget } from '../targets/target.js';
import type { Journal } from './journal.js';

export interface UndoStep {
  readonly fixId: string;
  readonly title: string;
  readonly commands: readonly string[];
  readonly status: 'undone' | 'failed' | 'nothing-to-undo';
  readonly message?: string;
}

export interface UndoReport {
  readonly journals: readonly string[];
  readonly steps: readonly UndoStep[];
}

export async function undoChanges(runner: Runner, target: ResolvedTarget, journal: Journal, opts: { all?: boolean } = {}): Promise<UndoReport> {
  const runs = await journal.latest(target.spec, opts);
  const steps: UndoStep[] = [];
  for (const run of runs) {
    for (const entry of [...run.doc.entries].reverse()) {
      if (entry.status !== 'applied' && entry.status !== 'pending' && entry.status !== 'undo-failed') continue;
      // A pending entry was interrupted: only the inverses of the commands it completed apply.
      const count = entry.status === 'applied' ? entry.inverse.length : Math.min(entry.completed, entry.inverse.length);
      const inverses = entry.inverse.slice(0, count).reverse();
      if (inverses.length === 0) {
        entry.status = 'undone';
        entry.message = 'interrupted before any command ran: nothing to undo';
        steps.push({ fixId: entry.fixId, title: entry.title, commands: [], status: 'nothing-to-undo', message: entry.message });
        continue;
      }
      const failures: string[] = [];
      for (const argv of inverses) {
        const r = await runner.run(mutateCommand(inScope(target, entry.scope, argv)));
        if (!r.ok) failures.push(`${displayArgv(argv)}: ${r.failure?.hint ?? 'failed'}`);
      }
      entry.status = failures.length === 0 ? 'undone' : 'undo-failed';
      if (failures.length > 0) entry.message = failures.join('; ');
      steps.push({
        fixId: entry.fixId,
        title: entry.title,
        commands: inverses.map(displayArgv),
        status: failures.length === 0 ? 'undone' : 'failed',
        ...(failures.length > 0 ? { message: failures.join('; ') } : {}),
      });
    }
    await run.save();
  }
  return { journals: runs.map((r) => r.path), steps };
}
