/**
 * A strict fake of the runner. It answers only the commands it was given, each answer exactly once,
 * and fails closed: any other command, or one more call than it has answers for, throws, so a test
 * can never fall through to a real process. It records every call, mutating or not.
 *
 * Strict both ways: an answer that was never used is a test failure too. `assertConsumed()` lists
 * every unused answer (and every command it refused, in case the code under test swallowed the
 * error); test/fakes/setup.ts calls it for every FakeRunner after each test, so a test that leaves
 * answers unused fails even when it forgets to check. A test that needs an answer more than once
 * says so: `times(n, answer)` (exactly n uses) or `repeat(answer)` (one or more; only last).
 * Registering an argv twice throws: give all its answers in one `.on()`, or `.replace()` them.
 *
 * A batch (one shell running a scope's reads, src/targets/batch.ts) is answered the way the real
 * script answers: each inner command is looked up as if it had been run on its own (and throws when
 * unexpected), and the results are framed with the batch's nonce. `calls` records the inner commands;
 * `batches` counts the batch processes.
 */
import type { Command, CommandResult } from '../../src/core/types.js';
import type { Runner } from '../../src/targets/runner.js';
import { decodeBatch, frameSections, type Section } from '../../src/targets/batch.js';

export type FakeAnswer =
  | string
  | { stdout?: string; stderr?: string; exitCode?: number; notFound?: boolean; timeout?: boolean }
  | ((command: Command, callIndex: number) => FakeAnswer);

/** An answer given on every call from its turn on: it must be used at least once. */
export class Repeated {
  constructor(readonly answer: FakeAnswer) {}
}

/** Opt in to repetition: the answer for this call and every later one (at least one use). Only as the last answer. */
export const repeat = (answer: FakeAnswer): Repeated => new Repeated(answer);

/** The same answer exactly `n` times. */
export function times(n: number, answer: FakeAnswer): FakeAnswer[] {
  if (!Number.isInteger(n) || n < 1) throw new Error(`times(${n}): n must be a whole number ≥ 1`);
  return Array.from({ length: n }, () => answer);
}

export class UnexpectedCommandError extends Error {
  constructor(argv: readonly string[], why = 'unexpected command') {
    super(`fake runner: ${why}: ${JSON.stringify(argv)}`);
  }
}

export class UnconsumedAnswersError extends Error {}

const key = (argv: readonly string[]): string => JSON.stringify(argv);

interface Slot {
  readonly argv: readonly string[];
  answers: (FakeAnswer | Repeated)[];
  used: number;
}

/**
 * Fakes not checked yet: those made while a test runs are checked after it; those made outside any
 * test (while a file's tests are collected) after the file. See test/fakes/setup.ts.
 */
const unchecked = { test: new Set<FakeRunner>(), file: new Set<FakeRunner>() };
let testRunning = false;

/** A test starts: fakes made from now on belong to it (test/fakes/setup.ts). */
export function beginFakeScope(): void {
  testRunning = true;
}

/**
 * Check every FakeRunner of the test that just ended (`'test'`), or every one left of the file
 * (`'file'`): throws one error listing each runner's unused answers and refused commands.
 */
export function assertEveryFakeConsumed(scope: 'test' | 'file'): void {
  if (scope === 'test') testRunning = false;
  const set = unchecked[scope];
  const problems: string[] = [];
  for (const fake of [...set]) {
    try {
      fake.assertConsumed();
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  set.clear();
  if (problems.length > 0) throw new UnconsumedAnswersError(problems.join('\n'));
}

export class FakeRunner implements Runner {
  readonly calls: Command[] = [];
  /** The batch processes run: the scope's prefix (`[]` on the host) and the argvs of its commands. */
  readonly batches: { readonly prefix: readonly string[]; readonly commands: readonly (readonly string[])[] }[] = [];
  /** Commands refused (unexpected, or called once more than answered), whether or not the error surfaced. */
  readonly refused: (readonly string[])[] = [];
  private readonly slots = new Map<string, Slot>();

  constructor() {
    (testRunning ? unchecked.test : unchecked.file).add(this);
  }

  /**
   * Answer `argv` with `answers`, one per call, in turn. Each is used exactly once; wrap the last in
   * `repeat()` to answer every later call with it, or spread `times(n, a)` for n identical ones.
   * Throws when `argv` already has answers: give them all in one call, or use `.replace()`.
   */
  on(argv: readonly string[], ...answers: (FakeAnswer | Repeated)[]): this {
    const k = key(argv);
    if (this.slots.has(k)) {
      throw new Error(`FakeRunner.on: ${JSON.stringify(argv)} already has answers; give them all in one .on(), or .replace() them`);
    }
    this.slots.set(k, { argv, answers: checked(answers), used: 0 });
    return this;
  }

  /** Throw away the answers not yet used for an argv registered before, and answer it with `answers` instead. */
  replace(argv: readonly string[], ...answers: (FakeAnswer | Repeated)[]): this {
    const slot = this.slots.get(key(argv));
    if (!slot) throw new Error(`FakeRunner.replace: ${JSON.stringify(argv)} has no answers to replace; use .on()`);
    slot.answers = [...slot.answers.slice(0, slot.used), ...checked(answers)];
    return this;
  }

  /** Every answer not used yet, one line each: `argv: 2 of 4 answers unused`. */
  unused(): string[] {
    const out: string[] = [];
    for (const s of this.slots.values()) {
      const last = s.answers.at(-1);
      const repeating = last instanceof Repeated;
      // A repeated answer is consumed by its first use.
      const left = s.answers.length - s.used;
      if (left > 0) out.push(`${JSON.stringify(s.argv)}: ${left} of ${s.answers.length} answer${s.answers.length === 1 ? '' : 's'} unused${repeating ? ' (the last repeats)' : ''}`);
    }
    return out;
  }

  /**
   * Throw unless every answer was used and no command was refused. Checks this fake once: after it,
   * the check after the test (test/fakes/setup.ts) leaves it alone.
   */
  assertConsumed(): void {
    unchecked.test.delete(this);
    unchecked.file.delete(this);
    const lines = [
      ...this.unused().map((l) => `  unused answer: ${l}`),
      ...this.refused.map((a) => `  refused command: ${JSON.stringify(a)}`),
    ];
    if (lines.length > 0) throw new UnconsumedAnswersError(`fake runner: not every answer was used as recorded:\n${lines.join('\n')}`);
  }

  /** The argv of every mutating command run, in order. */
  get mutations(): (readonly string[])[] {
    return this.calls.filter((c) => c.mutates).map((c) => c.argv);
  }

  async run(command: Command): Promise<CommandResult> {
    const batch = decodeBatch(command.argv);
    if (batch) return this.runBatch(command, batch.prefix, batch.nonce, batch.commands);
    return this.runOne(command);
  }

  private async runBatch(command: Command, prefix: readonly string[], nonce: string, inner: readonly (readonly string[])[]): Promise<CommandResult> {
    this.batches.push({ prefix, commands: inner });
    const sections: Section[] = [];
    for (const argv of inner) {
      const one: Command = { argv: [...prefix, ...argv], mutates: false, timeoutMs: 10_000 };
      const r = await this.runOne(one);
      if (r.failure?.kind === 'timeout') {
        // The watchdog stopped the shell in the middle of this command, after its whole timeout.
        const cut = `${frameSections(nonce, sections)}${nonce} B ${sections.length} -\n`;
        return { argv: command.argv, executed: true, exitCode: 124, stdout: cut, stderr: '', durationMs: one.timeoutMs, ok: false,
          failure: { kind: 'nonzero', hint: 'timeout exited with 124' } };
      }
      const notFound = r.failure?.kind === 'not-found';
      sections.push({
        stdout: r.stdout,
        stderr: notFound ? `sh: 1: ${argv[0] ?? ''}: not found` : r.stderr,
        exitCode: notFound ? 127 : (r.exitCode ?? 1),
      });
    }
    return { argv: command.argv, executed: true, exitCode: 0, stdout: frameSections(nonce, sections), stderr: '', durationMs: 1, ok: true };
  }

  private async runOne(command: Command): Promise<CommandResult> {
    const slot = this.slots.get(key(command.argv));
    if (!slot) {
      this.refused.push(command.argv);
      throw new UnexpectedCommandError(command.argv);
    }
    const n = slot.used;
    const last = slot.answers.at(-1);
    let answer: FakeAnswer;
    if (n < slot.answers.length) {
      const a = slot.answers[n] as FakeAnswer | Repeated;
      answer = a instanceof Repeated ? a.answer : a;
      slot.used = n + 1;
    } else if (last instanceof Repeated) {
      answer = last.answer;
    } else {
      this.refused.push(command.argv);
      throw new UnexpectedCommandError(command.argv, `called ${n + 1} times, answered only ${slot.answers.length} (use repeat() or times() to answer it more often)`);
    }
    this.calls.push(command);
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

function checked(answers: (FakeAnswer | Repeated)[]): (FakeAnswer | Repeated)[] {
  if (answers.length === 0) throw new Error('FakeRunner.on needs at least one answer');
  if (answers.slice(0, -1).some((a) => a instanceof Repeated)) throw new Error('FakeRunner.on: only the last answer can repeat');
  return answers;
}
