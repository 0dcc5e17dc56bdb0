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
import { t } from '../i18n/index.js';

/** Every step of a window measured (partly) after the loss: void, with the reason. Pure. */
export function voidSteps(steps: readonly StepReport[], why: string): StepReport[] {
  return steps.map((s) => ({ ...s, outcome: { status: 'void', reason: t('diagnose.void-step', { why }) } }));
}

/** The one sentence a report gives for a lost target. Pure. */
export function lossSentence(loss: TargetLoss): string {
  const before = loss.changesBefore === 0 ? t('diagnose.lost.nothing-before') : t('diagnose.lost.changes-before', { n: loss.changesBefore });
  return t('diagnose.lost.sentence', { why: loss.why, during: loss.during, before });
}

/**
 * Fixes the run never asked about because it stopped (Ctrl-C, or the target went): not "skipped" (no
 * one skipped them) but `not-asked`, with why. Pure.
 */
export function unasked(records: readonly FixRecord[], asked: ReadonlySet<string>, why: string): FixRecord[] {
  return records.map((r) =>
    (r.status === 'skipped' || r.status === 'not-asked') && !asked.has(r.proposal.id) ? { ...r, status: 'not-asked', message: t('diagnose.not-asked.why', { why }) } : r,
  );
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
