/**
 * A runner that stops at the target's loss. Before and after every command it asks the pinned target
 * whether it is still the instance that was resolved ({@link PinnedTarget.lost}: a few reads of /proc,
 * no process). From the first "no" on, it runs nothing more: every later command, read or change, is
 * answered `void` without being started, and a read that was running when the target went is void
 * too. The first loss is kept with the step it was seen at, so the report can say exactly where the
 * run stopped changing anything and which readings are void.
 */
import type { Command, CommandResult } from '../core/types.js';
import type { PinnedTarget } from './pin.js';
import { innerProgram, notRunResult, type Runner } from './runner.js';
import { t } from '../i18n/index.js';

/** The moment the target was found gone. */
export interface TargetLoss {
  /** `container nginx stopped (its init, pid 4242, is gone)`. */
  readonly why: string;
  /** What pktdrop was doing when it noticed: the command (or step) it was about to run or had just run. */
  readonly during: string;
  /** How many changes had run before the loss (they are journaled; `pktdrop undo` can still reverse them). */
  readonly changesBefore: number;
  readonly at: number;
}

export const voidResult = (command: Command, why: string): CommandResult =>
  notRunResult(command, { kind: 'void', hint: t('targets.guard.void', { why, program: innerProgram(command.argv) }) });

export class GuardedRunner implements Runner {
  private loss: TargetLoss | undefined;
  private changes = 0;
  private step = t('targets.guard.step.resolving');

  constructor(private readonly inner: Runner, private readonly pinned: Pick<PinnedTarget, 'lost'>) {}

  /** Name the step now under way (`reading every layer again`), for the report of a loss. */
  setStep(step: string): void {
    this.step = step;
  }

  /** The first loss seen, if any. */
  get lost(): TargetLoss | undefined {
    return this.loss;
  }

  private note(why: string, during: string): TargetLoss {
    this.loss ??= { why, during, changesBefore: this.changes, at: Date.now() };
    return this.loss;
  }

  readonly targetLost = async (): Promise<string | undefined> => {
    if (this.loss) return this.loss.why;
    const why = await this.pinned.lost().catch(() => undefined);
    return why === undefined ? undefined : this.note(why, this.step).why;
  };

  async run(command: Command): Promise<CommandResult> {
    if (this.loss) return voidResult(command, this.loss.why);
    const before = await this.pinned.lost().catch(() => undefined);
    if (before !== undefined) return voidResult(command, this.note(before, this.step).why);
    const r = await this.inner.run(command);
    if (command.mutates && r.executed) this.changes++;
    const after = await this.pinned.lost().catch(() => undefined);
    if (after === undefined) return r;
    this.note(after, this.step);
    // A change that ran has happened (and is journaled); a read taken while the target went is void.
    return command.mutates ? r : voidResult(command, after);
  }
}
