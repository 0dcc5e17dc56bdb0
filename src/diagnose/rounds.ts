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
import { t } from '../i18n/index.js';

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

/**
 * The chain a netfilter fix's subject names (`iptables filter/INPUT#1`, `iptables filter/FORWARD
 * policy`, `nft inet t input handle 8`), or undefined. Rules of one chain are renumbered when one is
 * deleted, so their fixes (and positional inverses) belong together. Pure.
 */
export function chainOf(subject: string): string | undefined {
  const ipt = /^(\S+) ([^/\s]+)\/([^#\s]+)(?:#\d+| policy)$/.exec(subject);
  if (ipt) return `${ipt[1]} ${ipt[2]}/${ipt[3]}`;
  const nft = /^nft (\S+) (\S+) (\S+) handle \d+$/.exec(subject);
  return nft ? `nft ${nft[1]} ${nft[2]} ${nft[3]}` : undefined;
}

/**
 * The order in which fixes are asked (and applied): safe before disruptive, and what must go together
 * stays together. Fixes of one finding id in one scope, and fixes of rules of one chain in one scope
 * (deleting one renumbers the others, whose positional inverses depend on it), form a group; a group
 * is as risky as its riskiest fix; groups keep the walk's (layer) order within the same risk, and
 * fixes keep their order within a group. Pure.
 */
export function askingOrder(plans: readonly PlannedFix[]): PlannedFix[] {
  // Union-find over the plans: joined by finding id and scope, and by chain and scope.
  const parent = plans.map((_, i) => i);
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i]!)));
  const firstByKey = new Map<string, number>();
  plans.forEach((p, i) => {
    const chain = chainOf(p.fix.subject);
    for (const key of [`finding\u0000${p.fix.findingId}\u0000${p.fix.scope}`, ...(chain ? [`chain\u0000${chain}\u0000${p.fix.scope}`] : [])]) {
      const j = firstByKey.get(key);
      if (j === undefined) firstByKey.set(key, i);
      else parent[root(i)] = root(j);
    }
  });
  const groups = new Map<number, PlannedFix[]>();
  plans.forEach((p, i) => {
    const r = root(i);
    const g = groups.get(r) ?? [];
    g.push(p);
    groups.set(r, g);
  });
  const rank = (g: readonly PlannedFix[]): number => (g.some((p) => p.fix.risk === 'disruptive') ? 1 : 0);
  // Groups in the order of their first plan (Map keeps insertion order, by each group's first member).
  return [...groups.values()]
    .map((g, i) => ({ g, i }))
    .sort((a, b) => rank(a.g) - rank(b.g) || a.i - b.i)
    .flatMap((x) => x.g);
}

/** Why the rounds stop after round `round` (1-based), or undefined to go on. Pure. */
export function stopReason(round: number, next: readonly PlannedFix[], appliedThisRound: number): string | undefined {
  if (appliedThisRound === 0) return t('diagnose.round.nothing-changed');
  if (next.length === 0) return t('diagnose.round.no-new-cause');
  if (round >= MAX_ROUNDS) return t('diagnose.round.max', { rounds: MAX_ROUNDS, left: next.length });
  return undefined;
}

/** The decision state that carries over from one round to the next ("apply all", "quit", a broken journal). */
export interface RoundState {
  mode: 'ask' | 'all' | 'stop';
  /** Why no more questions are asked once `mode` is `stop` (the operator quit); the pipeline fills in an interrupt or a lost target. */
  stopWhy?: string;
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
  /** The operator chose quit: `notApplied` fixes of this round (that one and those after it) are left as they are. */
  readonly onQuit?: (notApplied: number) => void;
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
  let quitAt: number | undefined;
  for (const [i, { fix, finding }] of plans.entries()) {
    if (deps.shouldStop?.()) state.mode = 'stop';
    // Never asked: the run stopped before this question (quit, Ctrl-C, a lost target).
    if (state.mode === 'stop') {
      const record: FixRecord = { proposal: fix, status: 'not-asked', verified: null, ...(state.stopWhy ? { message: state.stopWhy } : {}) };
      records.push(record);
      deps.onFix?.(record, finding);
      continue;
    }
    let decision: FixDecision = state.mode === 'all' ? 'apply' : await deps.prompter.decideFix(fix, finding, i, plans.length);
    if (decision === 'apply-all') {
      state.mode = 'all';
      decision = 'apply';
    }
    if (decision === 'quit') {
      state.mode = 'stop';
      // Ctrl-C at a question also answers quit: that question got no answer (not-asked, like the rest),
      // and the interrupt says its own line.
      if (deps.shouldStop?.()) {
        state.stopWhy = t('diagnose.not-asked.why', { why: t('diagnose.interrupted-ctrl-c') });
        const record: FixRecord = { proposal: fix, status: 'not-asked', verified: null, message: state.stopWhy };
        records.push(record);
        deps.onFix?.(record, finding);
        continue;
      }
      state.stopWhy = t('diagnose.not-asked.quit');
      decision = 'skip';
      quitAt = i;
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
        state.journalBroken = t('diagnose.journal-broken', { error: e instanceof Error ? e.message : String(e) });
        return undefined;
      });
      deps.onApplyDone?.();
      if (!outcome) {
        record = { proposal: fix, status: 'proposed', verified: null, message: state.journalBroken ?? t('diagnose.not-applied') };
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
    if (quitAt === i) deps.onQuit?.(plans.length - i);
  }
  return records;
}
