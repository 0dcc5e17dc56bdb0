/**
 * A strict fake of the runner: it answers only the commands it was given and throws on any other,
 * so a test can never fall through to a real process. It records every call, mutating or not.
 */
import type { Command, CommandResult } from '../../src/core/types.js';
import type { Runner } from '../../src/targets/runner.js';

export type FakeAnswer =
  | string
  | { stdout?: string; stderr?: string; exitCode?: number; notFound?: boolean; timeout?: boolean }
  | ((command: Command, callIndex: number) => FakeAnswer);

export class UnexpectedCommandError extends Error {
  constructor(argv: readonly string[]) {
    super(`fake runner: unexpected command: ${JSON.stringify(argv)}`);
  }
}

const key = (argv: readonly string[]): string => JSON.stringify(argv);

export class FakeRunner implements Runner {
  readonly calls: Command[] = [];
  private readonly answers = new Map<string, FakeAnswer[]>();
  private readonly counts = new Map<string, number>();

  /** Answer `argv` with `answers` in turn; the last answer repeats. */
  on(argv: readonly string[], ...answers: FakeAnswer[]): this {
    if (answers.length === 0) throw new Error('FakeRunner.on needs at least one answer');
    this.answers.set(key(argv), answers);
    return this;
  }

  /** The argv of every mutating command run, in order. */
  get mutations(): (readonly string[])[] {
    return this.calls.filter((c) => c.mutates).map((c) => c.argv);
  }

  async run(command: Command): Promise<CommandResult> {
    const k = key(command.argv);
    const list = this.answers.get(k);
    if (!list) throw new UnexpectedCommandError(command.argv);
    const n = this.counts.get(k) ?? 0;
    this.counts.set(k, n + 1);
    this.calls.push(command);
    let answer: FakeAnswer = list[Math.min(n, list.length - 1)] as FakeAnswer;
    while (typeof answer === 'function') answer = answer(command, n);
    const a = typeof answer === 'string' ? { stdout: answer } : answer;
    const base = { argv: command.argv, stdout: a.stdout ?? '', stderr: a.stderr ?? '', durationMs: 1 };
    if (a.notFound) {
      return { ...base, executed: false, exitCode: null, ok: false,
        failure: { kind: 'not-found', hint: `${command.argv[0]} not found: install it or add it to PATH` } };
    }
    if (a.timeout) {
      return { ...base, executed: true, exitCode: null, ok: false,
        failure: { kind: 'timeout', hint: `${command.argv.join(' ')} did not finish within ${command.timeoutMs} ms and was stopped` } };
    }
    const exitCode = a.exitCode ?? 0;
    if (exitCode !== 0) {
      const first = (a.stderr ?? '').split('\n')[0] ?? '';
      return { ...base, executed: true, exitCode, ok: false,
        failure: { kind: 'nonzero', hint: `${command.argv[0]} exited with ${exitCode}${first ? `: ${first}` : ''}` } };
    }
    return { ...base, executed: true, exitCode: 0, ok: true };
  }
}
