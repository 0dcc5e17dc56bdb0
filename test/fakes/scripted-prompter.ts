/**
 * A Prompter that answers from a script and throws on any question it was not scripted for, so a
 * test proves exactly which fixes the engine asked about, in which order.
 */
import type { FixDecision, Prompter } from '../../src/core/prompter.js';
import type { Finding, FixProposal } from '../../src/core/types.js';

export interface ScriptedAnswer {
  /** When given, the question must be about this fix id. */
  readonly fixId?: string;
  readonly answer: FixDecision;
}

export class UnexpectedQuestionError extends Error {}

export class ScriptedPrompter implements Prompter {
  /** The questions asked so far: fix id, its index and the total. */
  readonly asked: { fixId: string; findingId: string; index: number; total: number }[] = [];

  constructor(private readonly script: readonly ScriptedAnswer[]) {}

  async decideFix(fix: FixProposal, finding: Finding, index: number, total: number): Promise<FixDecision> {
    const next = this.script[this.asked.length];
    if (!next) throw new UnexpectedQuestionError(`scripted prompter: unexpected question #${this.asked.length + 1} about ${fix.id}`);
    if (next.fixId !== undefined && next.fixId !== fix.id) {
      throw new UnexpectedQuestionError(`scripted prompter: expected a question about ${next.fixId}, got ${fix.id}`);
    }
    this.asked.push({ fixId: fix.id, findingId: finding.id, index, total });
    return next.answer;
  }

  /** True when every scripted answer was used. */
  get finished(): boolean {
    return this.asked.length === this.script.length;
  }
}
