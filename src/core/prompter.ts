/**
 * The engine asks; a Prompter answers. Interactive prompts, `--yes`, `--dry-run` and a
 * non-interactive stdin are different Prompters, not conditions scattered through the engine.
 */
import type { Finding, FixProposal } from './types.js';

/** `propose` leaves the fix as a printed proposal (dry run, or no one to ask). */
export type FixDecision = 'apply' | 'skip' | 'apply-all' | 'quit' | 'propose';

export interface Prompter {
  /** Why fixes are not applied, when this prompter never applies (`dry run`, `stdin is not a terminal`). */
  readonly neverApplies?: string;
  /** Fixes this prompter left proposed on purpose, by fix id, with why (the report shows it). */
  readonly held?: ReadonlyMap<string, string>;
  decideFix(fix: FixProposal, finding: Finding, index: number, total: number): Promise<FixDecision>;
  /** Confirm-or-revert: resolves true when the operator confirms within `timeoutMs`. */
  confirmKeep?(timeoutMs: number): Promise<boolean>;
}

/** `--yes`: apply every proposed fix. */
export const yesPrompter: Prompter = { decideFix: async () => 'apply' };

/** `--dry-run`, or a non-interactive stdin without `--yes`: propose only. */
export const proposeOnlyPrompter = (why: string): Prompter => ({ neverApplies: why, decideFix: async () => 'propose' });
