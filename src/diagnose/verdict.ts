/**
 * The verdict of a run and its exit code, from the last measurement window and the fixes. Pure.
 */
import type { Finding, FixRecord } from '../core/types.js';
import type { StepReport } from '../core/judge.js';
import type { ProbeOutcome } from '../probe/types.js';
import { t } from '../i18n/index.js';

/**
 * `incomplete`: nothing was found, but at least one step could not be read (skipped or crashed), so
 * "healthy" would claim more than pktdrop saw. Exit 1, like every verdict that is not a clean bill.
 * `target-lost`: the container stopped or the namespace went during the run; set by the pipeline
 * (src/diagnose/lost.ts), never here. Exit 3.
 */
export type Verdict = 'healthy' | 'fixed' | 'causes-remain' | 'loss-unexplained' | 'proposed' | 'incomplete' | 'target-lost';

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
  if (remaining.length > 0) verdict = records.some((r) => r.status === 'proposed' || r.status === 'not-asked') ? 'proposed' : 'causes-remain';
  else if (lossRemains) verdict = 'loss-unexplained';
  else if (applied && !rolledBack) verdict = 'fixed';
  else verdict = lastSteps.some((st) => st.outcome.status === 'skipped' || st.outcome.status === 'crashed') ? 'incomplete' : 'healthy';
  return { verdict, exitCode: verdict === 'healthy' || verdict === 'fixed' ? 0 : 1 };
}

/** A symptom of the last window that no remaining cause explains, with why it does not count. */
export interface ExplainedSymptom {
  readonly finding: Finding;
  /** Plain words with the numbers: what the counters show and why it is not a drop now. */
  readonly why: string;
}

/**
 * Symptoms stay symptoms. A symptom (failing handshakes, retransmits) says that something drops
 * packets; it is never itself the reason a run fails. When no cause is left in the last window and the
 * probe there got every answer, the symptom's counters come from connections older than the window:
 * half-open connections left from before the fix keep retransmitting their SYN-ACKs (1 s, 3 s, 7 s …)
 * and are reset when the now-open path carries the prober's RST. Such a symptom is explained, with its
 * numbers, and not counted. Without a clean probe (no probe, or loss) a symptom stays. Pure.
 */
export function settleSymptoms(
  lastFindings: readonly Finding[],
  lastProbe: ProbeOutcome | null,
  afterFixes: boolean,
): { remaining: Finding[]; explained: ExplainedSymptom[] } {
  const errors = lastFindings.filter((f) => f.severity === 'error');
  const causes = errors.filter((f) => f.role === 'cause');
  const symptoms = errors.filter((f) => f.role === 'symptom');
  const clean = lastProbe?.ok === true && lastProbe.stats.sent > 0 && lastProbe.stats.lossPct === 0;
  if (causes.length > 0 || !clean || symptoms.length === 0) return { remaining: errors, explained: [] };
  const s = lastProbe.stats;
  const explained = symptoms.map((finding) => {
    const counters = finding.evidence.flatMap((e) => (e.kind === 'counter' ? [`${e.counter} +${e.delta}`] : []));
    const origin = afterFixes ? t('diagnose.symptom.origin-after-fix') : t('diagnose.symptom.origin-before');
    return {
      finding,
      why: t('diagnose.symptom.carry-over', { id: finding.id, counters: counters.length > 0 ? counters.join(', ') : t('diagnose.symptom.counters-rose'), received: s.received, sent: s.sent, origin }),
    };
  });
  return { remaining: causes, explained };
}
