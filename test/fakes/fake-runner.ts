/**
 * A strict fake of the runner: it answers only the commands it was given and throws on any other,
 * so a test can never fall through to a real process. It records every call, mutating or not.
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

export class UnexpectedCommandError extends Error {
  constructor(argv: readonly string[]) {
    super(`fake runner: unexpected command: ${JSON.stringify(argv)}`);
  }
}

const key = (argv: readonly string[]): string => JSON.stringify(argv);

export class FakeRunner implements Runner {
  readonly calls: Command[] = [];
  /** The batch processes run: the scope's prefix (`[]` on the host) and the argvs of its commands. */
  readonly batches: { readonly prefix: readonly string[]; readonly commands: readonly (readonly string[])[] }[] = [];
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
