/**
 * Rounds until clean. A fault can hide behind another: when random DROP rules drop most packets
 * upstream, a tiny shaper downstream drops nothing in the first window and is only convicted once the
 * rules are gone. So after the fixes of a round are verified, the verification window's new causes
 * (convicted findings whose fix was not tried yet) open the next round: shown, asked (or applied with
 * `--yes`), verified by a fresh window. At most {@link MAX_ROUNDS}; a round that finds nothing new or
 * changes nothing ends the run.
 *
 * This module holds the pure parts (what is new, when to stop) and the apply loop of one round; the
 * pipeline (run.ts) measures.
 */
import type { FixDecision, Prompter } from '../core/prompter.js';
import type { Finding, FixProposal, FixRecord } from '../core/types.js';
import type { ResolvedTarget } from '../core/target.js';
import type { Runner } from '../targets/runner.js';
import { applyFix } from '../remediation/apply.js';
import type { JournalEntry, JournalRun } from '../remediation/journal.js';

/** Rounds of fix + verify in one run, the first included. */
export const MAX_ROUNDS = 3;

export interface PlannedFix {
  readonly fix: FixProposal;
  readonly finding: Finding;
}

/**
 * The plans of a verification window that open a new round: those whose fix id was not tried in an
 * earlier round (applied, skipped, proposed or failed). A fix already tried whose finding is still
 * there is "not verified", not a new cause, and is never tried twice. Pure.
 */
export function newPlans(plans: readonly PlannedFix[], tried: ReadonlySet<string>): PlannedFix[] {
  return plans.filter((p) => !tried.has(p.fix.id));
}

/** Why the rounds stop after round `round` (1-based), or undefined to go on. Pure. */
export function stopReason(round: number, next: readonly PlannedFix[], appliedThisRound: number): string | undefined {
  if (appliedThisRound === 0) return 'nothing was changed in this round';
  if (next.length === 0) return 'the verification window shows no new cause that pktdrop can fix';
  if (round >= MAX_ROUNDS) return `stopped after ${MAX_ROUNDS} rounds; ${next.length} new cause(s) left for the next run`;
  return undefined;
}

/** The decision state that carries over from one round to the next ("apply all", "quit", a broken journal). */
export interface RoundState {
  mode: 'ask' | 'all' | 'stop';
  journalBroken?: string;
  journalPath?: string;
  readonly entries: Map<string, JournalEntry>;
}

export interface ApplyRoundDeps {
  readonly runner: Runner;
  readonly prompter: Prompter;
  readonly shouldStop?: () => boolean;
  readonly onApplyStart?: (fix: FixProposal) => void;
  readonly onApplyDone?: () => void;
  readonly onFix?: (record: FixRecord, finding: Finding) => void;
}

/**
 * Ask about each plan in turn and apply the approved ones through the journal. Never throws for a
 * failed command; a journal that cannot be written stops every later change (a change without its
 * recorded inverse could not be undone).
 */
export async function applyRound(
  deps: ApplyRoundDeps,
  target: ResolvedTarget,
  run: JournalRun | undefined,
  plans: readonly PlannedFix[],
  state: RoundState,
): Promise<FixRecord[]> {
  const records: FixRecord[] = [];
  for (const [i, { fix, finding }] of plans.entries()) {
    if (deps.shouldStop?.()) state.mode = 'stop';
    let decision: FixDecision = state.mode === 'all' ? 'apply' : state.mode === 'stop' ? 'skip' : await deps.prompter.decideFix(fix, finding, i, plans.length);
    if (decision === 'apply-all') {
      state.mode = 'all';
      decision = 'apply';
    }
    if (decision === 'quit') {
      state.mode = 'stop';
      decision = 'skip';
    }
    let record: FixRecord;
    if (state.journalBroken !== undefined && decision !== 'propose' && decision !== 'skip') {
      record = { proposal: fix, status: 'proposed', verified: null, message: state.journalBroken };
    } else if (decision === 'propose' || !run) {
      record = { proposal: fix, status: 'proposed', verified: null, ...(deps.prompter.neverApplies ? { message: deps.prompter.neverApplies } : {}) };
    } else if (decision === 'skip') {
      record = { proposal: fix, status: 'skipped', verified: null };
    } else {
      deps.onApplyStart?.(fix);
      const outcome = await applyFix(deps.runner, target, run, fix).catch((e: unknown) => {
        state.journalBroken = `the journal could not be written (${e instanceof Error ? e.message : String(e)}): pktdrop stopped changing anything, because a change without its recorded inverse could not be undone`;
        return undefined;
      });
      deps.onApplyDone?.();
      if (!outcome) {
        record = { proposal: fix, status: 'proposed', verified: null, message: state.journalBroken ?? 'not applied' };
      } else {
        state.journalPath = run.path;
        if (outcome.status === 'applied') state.entries.set(fix.id, outcome.entry);
        record =
          outcome.status === 'applied'
            ? { proposal: fix, status: 'applied', verified: null }
            : { proposal: fix, status: 'failed', verified: false, message: outcome.message };
      }
    }
    records.push(record);
    deps.onFix?.(record, finding);
  }
  return records;
}
