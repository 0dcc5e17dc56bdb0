/**
 * A target lost mid-run, and a run interrupted: how the pipeline's results are settled. Pure, except
 * {@link pinForRun}, which holds the target (src/targets/pin.ts) and wraps the runner in a guard.
 *
 * When the target stops being the instance that was resolved (a container stopped or killed, its init
 * replaced, a namespace deleted), the guard runs nothing more; the readings of every window that ended
 * after that point are `void` (never "tool not found", never judged); fixes not applied by then are
 * not applied; the verdict is `target-lost` (exit 3) and the report says when it happened and what had
 * been changed before.
 */
import type { StepReport } from '../core/judge.js';
import type { Prompter } from '../core/prompter.js';
import type { ResolvedTarget } from '../core/target.js';
import type { FixRecord } from '../core/types.js';
import { GuardedRunner, type TargetLoss } from '../targets/guard.js';
import type { Pinner } from '../targets/pin.js';
import type { Runner } from '../targets/runner.js';

/** Every step of a window measured (partly) after the loss: void, with the reason. Pure. */
export function voidSteps(steps: readonly StepReport[], why: string): StepReport[] {
  return steps.map((s) => ({ ...s, outcome: { status: 'void', reason: `void: ${why}; this reading was taken after that point` } }));
}

/** The one sentence a report gives for a lost target. Pure. */
export function lossSentence(loss: TargetLoss): string {
  const before = loss.changesBefore === 0
    ? 'nothing had been changed before that'
    : `${loss.changesBefore} change(s) had been made before that and are journaled (pktdrop undo reverses them)`;
  return `${loss.why} during the run, while ${loss.during}: ${before}; nothing was changed after that, and the readings after that point are void`;
}

/**
 * Fixes the run never asked about because it stopped (Ctrl-C, or the target went): not "skipped" (no
 * one skipped them) but still proposals, with why they were not asked. Pure.
 */
export function unasked(records: readonly FixRecord[], asked: ReadonlySet<string>, why: string): FixRecord[] {
  return records.map((r) => (r.status === 'skipped' && !asked.has(r.proposal.id) ? { ...r, status: 'proposed', message: `not asked: ${why}` } : r));
}

/** A prompter that remembers which fixes it was asked about. */
export function trackingPrompter(inner: Prompter, asked: Set<string>): Prompter {
  return {
    ...inner,
    decideFix: (fix, finding, index, total) => {
      asked.add(fix.id);
      return inner.decideFix(fix, finding, index, total);
    },
  };
}

export type PinForRun =
  | { readonly ok: true; readonly target: ResolvedTarget; readonly runner: Runner; readonly guard?: GuardedRunner; readonly release: () => Promise<void> }
  | { readonly ok: false; readonly message: string };

/** Hold the target for the run and guard the runner; without a pinner, the target and runner as they are. */
export async function pinForRun(pinner: Pinner | undefined, runner: Runner, target: ResolvedTarget): Promise<PinForRun> {
  if (!pinner) return { ok: true, target, runner, release: async () => {} };
  const p = await pinner.pin(target);
  if (!p.ok) return p;
  const guard = new GuardedRunner(runner, p.pinned);
  return { ok: true, target: p.pinned.target, runner: guard, guard, release: () => p.pinned.release() };
}
