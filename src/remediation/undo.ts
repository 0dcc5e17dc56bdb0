/**
 * `pktdrop undo`: run the journaled inverses of the last run's changes, newest first, and verify
 * by re-reading the state that each changed object is back.
 *
 * Two checks come first, and either refuses an entry without running any of it:
 * - **identity**: the journal records which instance it changed (boot id, container id, namespace
 *   inode); a container re-created under the same name, a namespace re-created, or a host rebooted since
 *   is another instance, and nothing is put into it. Such entries are closed as `instance-gone`: their
 *   change went with the instance.
 * - **validity** (validate.ts): only the inverse kinds pktdrop writes run, checked like user input; a
 *   journal edited into anything else is refused and left as it is.
 * Before each inverse runs, the runner checks that the target is still the instance it resolved.
 */
import { isPresent, type Presence } from '../core/types.js';
import { displayArgv, mutateCommand, readCommand, type Runner } from '../targets/runner.js';
import { inScope, type ResolvedTarget, type TargetIdentity } from '../core/target.js';
import { identityMismatch, targetName, type Pinner } from '../targets/pin.js';
import { GuardedRunner } from '../targets/guard.js';
import { isOpen, type Journal, type JournalDoc, type JournalEntry } from './journal.js';
import { invalidEntry } from './validate.js';
import { commandFailure, listOf } from './apply.js';
import { t } from '../i18n/index.js';

export interface UndoStep {
  readonly fixId: string;
  readonly title: string;
  readonly commands: readonly string[];
  /** `refused`: nothing of it ran (another instance of the target, or an entry pktdrop did not write). */
  readonly status: 'undone' | 'failed' | 'nothing-to-undo' | 'refused';
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

/**
 * Why the journal's instance is not `target` now, or undefined when it is (or when pktdrop cannot
 * know the target's identity now: a run without a pinner, as in unit tests). Pure.
 */
export function otherInstance(doc: Pick<JournalDoc, 'identity'>, target: Pick<ResolvedTarget, 'identity' | 'spec' | 'label'>): string | undefined {
  const now: TargetIdentity | undefined = target.identity;
  if (now === undefined) return undefined;
  const name = targetName(target);
  if (doc.identity === undefined) {
    return t('remediation.undo.no-identity', { name });
  }
  return identityMismatch(name, doc.identity, now);
}

export async function undoChanges(runner: Runner, target: ResolvedTarget, journal: Journal, opts: { all?: boolean } = {}): Promise<UndoReport> {
  const runs = await journal.latest(target.spec, opts);
  const steps: UndoStep[] = [];
  for (const run of runs) {
    const other = otherInstance(run.doc, target);
    if (other !== undefined) {
      for (const entry of [...run.doc.entries].reverse()) {
        if (!isOpen(entry)) continue;
        const message = t('remediation.undo.refused-instance', { why: other, target: target.label });
        // A different instance: the change went with the one it was made in. The old journal says so from now on.
        if (run.doc.identity !== undefined) {
          entry.status = 'instance-gone';
          entry.message = message;
        }
        steps.push({ fixId: entry.fixId, title: entry.title, commands: entry.inverse.map(displayArgv), status: 'refused', verified: null, message });
      }
      if (run.doc.identity !== undefined) await run.save();
      continue;
    }
    for (const entry of [...run.doc.entries].reverse()) {
      if (!isOpen(entry)) continue;
      const invalid = invalidEntry(entry);
      if (invalid !== undefined) {
        steps.push({
          fixId: entry.fixId,
          title: entry.title,
          commands: [],
          status: 'refused',
          verified: null,
          message: t('remediation.undo.refused-invalid', { why: invalid, path: run.path }),
        });
        continue;
      }
      const lost = await runner.targetLost?.();
      if (lost !== undefined) {
        steps.push({ fixId: entry.fixId, title: entry.title, commands: [], status: 'refused', verified: null, message: t('remediation.undo.refused-lost', { why: lost }) });
        continue;
      }
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
        entry.message = t('remediation.undo.never-took-effect');
        steps.push({ fixId: entry.fixId, title: entry.title, commands: [], status: 'nothing-to-undo', verified: null, message: entry.message });
        continue;
      }
      const failures: string[] = [];
      for (const argv of inverses) {
        const r = await runner.run(mutateCommand(inScope(target, entry.scope, argv)));
        if (!r.ok) failures.push(commandFailure(displayArgv(argv), r.failure?.hint));
      }
      const back = withPresence ? await presentNow(runner, target, withPresence) : undefined;
      const verified = back === undefined ? null : back;
      if (verified === false) failures.push(t('remediation.undo.not-restored'));
      entry.status = failures.length === 0 ? 'undone' : 'undo-failed';
      if (failures.length > 0) entry.message = listOf(failures);
      steps.push({
        fixId: entry.fixId,
        title: entry.title,
        commands: inverses.map(displayArgv),
        status: failures.length === 0 ? 'undone' : 'failed',
        verified,
        ...(failures.length > 0 ? { message: listOf(failures) } : {}),
      });
    }
    await run.save();
  }
  return { journals: runs.map((r) => r.path), steps };
}

/**
 * Undo with the target held: its namespace pinned and its identity read now (compared with each
 * journal's), every command through a guard that stops at the target's loss. Without a pinner (a
 * remote host, tests) it is {@link undoChanges} as it is. `failed` is set when the target cannot be
 * pinned (it stopped while being resolved).
 */
export async function undoPinned(
  pinner: Pinner | undefined,
  runner: Runner,
  target: ResolvedTarget,
  journal: Journal,
  opts: { all?: boolean } = {},
): Promise<{ ok: true; report: UndoReport; target: ResolvedTarget } | { ok: false; message: string }> {
  if (!pinner) return { ok: true, report: await undoChanges(runner, target, journal, opts), target };
  const p = await pinner.pin(target);
  if (!p.ok) return p;
  try {
    return { ok: true, report: await undoChanges(new GuardedRunner(runner, p.pinned), p.pinned.target, journal, opts), target: p.pinned.target };
  } finally {
    await p.pinned.release();
  }
}
