/**
 * The verdict of a run and its exit code, from the last measurement window and the fixes. Pure.
 */
import type { Finding, FixRecord } from '../core/types.js';
import type { StepReport } from '../core/judge.js';
import type { ProbeOutcome } from '../probe/types.js';

/**
 * `incomplete`: nothing was found, but at least one step could not be read (skipped or crashed), so
 * "healthy" would claim more than pktdrop saw. Exit 1, like every verdict that is not a clean bill.
 */
export type Verdict = 'healthy' | 'fixed' | 'causes-remain' | 'loss-unexplained' | 'proposed' | 'incomplete';

export interface VerdictInput {
  /** Error findings of the last window (the verification window when there was one). */
  readonly remaining: readonly Finding[];
  readonly lastSteps: readonly StepReport[];
  readonly lastProbe: ProbeOutcome | null;
  readonly records: readonly FixRecord[];
}

export function decideVerdict({ remaining, lastSteps, lastProbe, records }: VerdictInput): { verdict: Verdict; exitCode: 0 | 1 } {
  const applied = records.some((r) => r.status === 'applied');
  const rolledBack = records.some((r) => r.status === 'rolled-back');
  const lossRemains = lastProbe?.ok === true && lastProbe.stats.lossPct > 0;
  let verdict: Verdict;
  if (remaining.length > 0) verdict = records.some((r) => r.status === 'proposed') ? 'proposed' : 'causes-remain';
  else if (lossRemains) verdict = 'loss-unexplained';
  else if (applied && !rolledBack) verdict = 'fixed';
  else verdict = lastSteps.some((st) => st.outcome.status === 'skipped' || st.outcome.status === 'crashed') ? 'incomplete' : 'healthy';
  return { verdict, exitCode: verdict === 'healthy' || verdict === 'fixed' ? 0 : 1 };
}
