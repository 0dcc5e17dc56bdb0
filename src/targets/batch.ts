/**
 * One round trip per scope: a sample's read commands for one scope run in one process, a POSIX
 * shell that runs each argv in turn and frames its stdout, exit status and stderr between marker
 * lines. The engine then sees one {@link CommandResult} per command, exactly as if each had been
 * run on its own.
 *
 * Safety: the script is a constant. No argument is ever spliced into it: each command's argv is
 * passed to `sh -c SCRIPT` as positional parameters (a count, then the words), and the script runs
 * them as `"$@"`. The markers carry a random nonce made for each batch, so no command's output can
 * end its own section early by accident. (In `docker exec` mode the shell and tools are the image's
 * own, which could print anything they like anyway: the same trust as running them one by one.)
 *
 * Time: on the host, and in a namespace entered with nsenter or `ip netns exec`, the shell runs
 * under coreutils `timeout` set to the longest timeout of its commands (reads all have the same), which
 * kills the whole process group, so a hung command never outlives pktdrop. Each section records `/proc/uptime` (10 ms resolution) when it starts and ends, so when
 * the batch is stopped the command in flight is blamed only if it ran for its own whole timeout;
 * the commands not yet run are run again in a new batch.
 */
import { randomBytes } from 'node:crypto';
import type { Command, CommandFailure, CommandResult } from '../core/types.js';
import type { Scope } from '../core/types.js';
import { describeFailure, displayArgv, readCommand, type Runner } from './runner.js';
import { inScope, type ResolvedTarget } from '../core/target.js';
import { t } from '../i18n/index.js';

/** argv[0] of the batch shell, as `ps` shows it. */
export const BATCH_NAME = 'pktdrop-batch';

/**
 * The batch script. `$1` is the nonce; then, for each command, the number of its words and the words.
 * `one` keeps the first `n` of its arguments by appending them to the list and shifting the originals
 * away (POSIX sh has no arrays). stderr is captured with fd 3 carrying stdout past the substitution.
 */
export const BATCH_SCRIPT = [
  'm=$1; shift',
  'exec 3>&1',
  'i=0',
  'one() {',
  '  k=0',
  '  for a do',
  '    [ "$k" -lt "$n" ] && set -- "$@" "$a"',
  '    k=$((k+1))',
  '  done',
  '  shift "$k"',
  '  read u _ </proc/uptime 2>/dev/null || u=-',
  '  printf \'%s B %d %s\\n\' "$m" "$i" "$u"',
  '  e=$( { "$@" 3>&-; } 2>&1 1>&3 )',
  '  r=$?',
  '  read u _ </proc/uptime 2>/dev/null || u=-',
  '  printf \'\\n%s E %d %d %s\\n%s\\n%s F %d\\n\' "$m" "$i" "$r" "$u" "$e" "$m" "$i"',
  '}',
  'while [ "$#" -gt 0 ]; do',
  '  n=$1; shift',
  '  one "$@"',
  '  shift "$n"',
  '  i=$((i+1))',
  'done',
  'exit 0',
].join('\n');

/** How a batch reaches its scope. */
export interface BatchScope {
  /** What runs a command in the scope: `[]` on the host, `nsenter -t PID -n --`, `docker exec ID`. */
  readonly prefix: readonly string[];
  /**
   * Run the shell under the scope's coreutils `timeout`, which stops the whole process group. True
   * where the host's tools run (host, nsenter, ip netns exec); false inside an image, which may lack it.
   */
  readonly watchdog: boolean;
}

/** A batch as decoded from its argv (for test fakes and display). */
export interface DecodedBatch {
  readonly prefix: readonly string[];
  readonly nonce: string;
  readonly commands: readonly (readonly string[])[];
}

export const newNonce = (): string => `pd${randomBytes(8).toString('hex')}`;

/** The one command that runs `commands` in `scope`. Their argvs become positional parameters. */
export function batchCommand(scope: BatchScope, commands: readonly Command[], nonce: string): Command {
  const words: string[] = [];
  for (const c of commands) words.push(String(c.argv.length), ...c.argv);
  const timeoutMs = Math.max(1000, ...commands.map((c) => c.timeoutMs));
  const seconds = Math.ceil(timeoutMs / 1000);
  const watchdog = scope.watchdog ? ['timeout', '-k', '1', String(seconds)] : [];
  return {
    argv: [...scope.prefix, ...watchdog, 'sh', '-c', BATCH_SCRIPT, BATCH_NAME, nonce, ...words],
    mutates: false,
    // The watchdog fires first; this only guards a scope without one.
    timeoutMs: seconds * 1000 + (scope.watchdog ? 3000 : 0),
  };
}

/** The commands of a batch argv, or undefined when `argv` is not a batch. */
export function decodeBatch(argv: readonly string[]): DecodedBatch | undefined {
  const s = argv.indexOf(BATCH_SCRIPT);
  if (s < 2 || argv[s - 1] !== '-c' || argv[s - 2] !== 'sh' || argv[s + 1] !== BATCH_NAME) return undefined;
  let prefix = argv.slice(0, s - 2);
  const w = prefix.lastIndexOf('timeout');
  if (w >= 0 && w === prefix.length - 4) prefix = prefix.slice(0, w);
  const nonce = argv[s + 2];
  if (nonce === undefined) return undefined;
  const commands: string[][] = [];
  let i = s + 3;
  while (i < argv.length) {
    const n = Number(argv[i]);
    if (!Number.isInteger(n) || n < 1 || i + 1 + n > argv.length) return undefined;
    commands.push(argv.slice(i + 1, i + 1 + n));
    i += 1 + n;
  }
  return { prefix, nonce, commands };
}

/** One command's section as the script prints it. */
export interface Section {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
  /** `/proc/uptime` at the start and end, in seconds (10 ms resolution), when readable. */
  readonly startedAt?: number;
  readonly endedAt?: number;
}

/** The output the script prints for these sections: what a test fake answers a batch with. */
export function frameSections(nonce: string, sections: readonly Section[]): string {
  const up = (v: number | undefined): string => (v === undefined ? '-' : v.toFixed(2));
  // The shell's $(...) drops trailing newlines of stderr.
  return sections
    .map((s, i) => `${nonce} B ${i} ${up(s.startedAt)}\n${s.stdout}\n${nonce} E ${i} ${s.exitCode} ${up(s.endedAt)}\n${s.stderr.replace(/\n+$/, '')}\n${nonce} F ${i}\n`)
    .join('');
}

export interface SplitOutput {
  /** Sections of the commands that finished, in order. */
  readonly done: readonly Section[];
  /** The command that had started but not finished when the output ended, if any. */
  readonly inFlight?: { readonly stdout: string; readonly startedAt?: number };
  /** Set when the output is not what the script prints. */
  readonly garbled?: string;
}

const uptime = (s: string | undefined): number | undefined => {
  const v = s === undefined || s === '-' ? NaN : Number(s);
  return Number.isFinite(v) ? v : undefined;
};

/** Pure: split a batch's stdout into sections. Never throws. */
export function splitSections(stdout: string, nonce: string, count: number): SplitOutput {
  const done: Section[] = [];
  let pos = 0;
  for (let i = 0; i < count; i++) {
    if (pos === stdout.length) return { done };
    const begin = `${nonce} B ${i} `;
    if (!stdout.startsWith(begin, pos)) return { done, garbled: t('targets.batch.garbled.start', { n: String(i + 1), pos: String(pos) }) };
    const nl = stdout.indexOf('\n', pos);
    if (nl < 0) return { done, inFlight: { stdout: '' } };
    const startedAt = uptime(stdout.slice(pos + begin.length, nl));
    const bodyStart = nl + 1;
    const endTag = `\n${nonce} E ${i} `;
    const e = stdout.indexOf(endTag, bodyStart);
    if (e < 0) return { done, inFlight: { stdout: stdout.slice(bodyStart), ...(startedAt !== undefined ? { startedAt } : {}) } };
    const body = stdout.slice(bodyStart, e);
    const eol = stdout.indexOf('\n', e + endTag.length);
    if (eol < 0) return { done, inFlight: { stdout: body, ...(startedAt !== undefined ? { startedAt } : {}) } };
    const [rc, ended] = stdout.slice(e + endTag.length, eol).split(' ');
    const exitCode = Number(rc);
    if (!Number.isInteger(exitCode)) return { done, garbled: t('targets.batch.garbled.status', { n: String(i + 1) }) };
    const finTag = `\n${nonce} F ${i}\n`;
    const f = stdout.indexOf(finTag, eol);
    if (f < 0) return { done, inFlight: { stdout: body, ...(startedAt !== undefined ? { startedAt } : {}) } };
    const endedAt = uptime(ended);
    done.push({
      stdout: body,
      stderr: stdout.slice(eol + 1, f),
      exitCode,
      ...(startedAt !== undefined ? { startedAt } : {}),
      ...(endedAt !== undefined ? { endedAt } : {}),
    });
    pos = f + finTag.length;
  }
  return pos === stdout.length ? { done } : { done, garbled: t('targets.batch.garbled.trailing', { bytes: String(stdout.length - pos) }) };
}

/** Pure: the result of one command from its section, described as a person would want. */
export function sectionResult(scope: BatchScope, command: Command, s: Section, batchMs: number): CommandResult {
  const argv = [...scope.prefix, ...command.argv];
  const durationMs = s.startedAt !== undefined && s.endedAt !== undefined ? Math.max(0, Math.round((s.endedAt - s.startedAt) * 1000)) : batchMs;
  const base = { argv, stdout: s.stdout, stderr: s.stderr, durationMs, exitCode: s.exitCode };
  if (s.exitCode === 0) return { ...base, executed: true, ok: true };
  const program = command.argv[0] ?? '';
  // The shell says "<program>: not found" with status 127, and 126 for a file it may not execute.
  if (s.exitCode === 127 && /not found/i.test(s.stderr)) {
    const hint = scope.watchdog ? t('targets.batch.not-found-host', { program }) : t('targets.runner.not-found-in-target', { program });
    return { ...base, executed: false, exitCode: null, ok: false, failure: { kind: 'not-found', hint } };
  }
  if (s.exitCode === 126) {
    return { ...base, executed: false, ok: false, failure: { kind: 'permission', hint: t('targets.runner.permission', { program }) } };
  }
  const failure = describeFailure(command.argv, {
    timedOut: false,
    isTerminated: false,
    exitCode: s.exitCode,
    stderr: s.stderr,
    isCanceled: false,
  }, command.timeoutMs);
  return { ...base, executed: true, ok: false, failure };
}

const failedWith = (scope: BatchScope, command: Command, failure: CommandFailure, batch: CommandResult, executed: boolean, stdout = '', stderr = ''): CommandResult => ({
  argv: [...scope.prefix, ...command.argv],
  executed,
  exitCode: null,
  stdout,
  stderr,
  durationMs: batch.durationMs,
  ok: false,
  failure,
});

/**
 * Run read-only `commands` in `scope` in as few processes as it takes: one, unless a command hangs
 * or the scope has no shell. One result per command, in order. Never throws (a fake runner may).
 */
export async function runBatch(runner: Runner, scope: BatchScope, commands: readonly Command[], nonce: () => string = newNonce): Promise<CommandResult[]> {
  if (commands.some((c) => c.mutates || c.input !== undefined)) {
    throw new Error('runBatch: only read-only commands without input are batched (a bug)');
  }
  if (commands.length === 0) return [];
  if (commands.length === 1) return [await runner.run({ ...(commands[0] as Command), argv: [...scope.prefix, ...(commands[0] as Command).argv] })];
  const n = nonce();
  const batch = await runner.run(batchCommand(scope, commands, n));
  const split = splitSections(batch.stdout, n, commands.length);
  const results: CommandResult[] = split.done.map((s, i) => sectionResult(scope, commands[i] as Command, s, batch.durationMs));
  if (results.length === commands.length) return results;

  // Nothing came back: the batch itself could not run.
  if (results.length === 0 && split.inFlight === undefined && !batch.ok) {
    if (!scope.watchdog && batch.exitCode !== null && batch.failure?.kind === 'not-found') {
      // The image has no shell: run the commands one by one (each through the runtime's exec).
      return Promise.all(commands.map((c) => runner.run({ ...c, argv: [...scope.prefix, ...c.argv] })));
    }
    const failure = batch.failure ?? { kind: 'nonzero' as const, hint: t('targets.batch.failed') };
    // The runtime's or nsenter's own words (no such container, no such namespace) stay with every command.
    return commands.map((c) => failedWith(scope, c, failure, batch, batch.executed, '', batch.stderr));
  }

  const rest = commands.slice(results.length);
  const current = rest[0] as Command;
  // coreutils timeout exits 124 when its TERM ended the shell, 137 when it had to KILL.
  const stoppedByTimeout = batch.failure?.kind === 'timeout' || (scope.watchdog && (batch.exitCode === 124 || batch.exitCode === 137));
  if (batch.failure?.kind === 'signal' && !stoppedByTimeout) {
    // Interrupted (Ctrl-C): what did not finish is not evidence.
    return [...results, ...rest.map((c) => failedWith(scope, c, { kind: 'signal', hint: t('targets.runner.interrupted', { command: displayArgv(c.argv) }) }, batch, true))];
  }
  if (split.garbled !== undefined || (!stoppedByTimeout && split.inFlight === undefined)) {
    const why = split.garbled ?? (batch.failure?.hint ?? t('targets.batch.stopped-early'));
    return [...results, ...rest.map((c) => failedWith(scope, c, { kind: 'nonzero', hint: t('targets.batch.unreadable', { command: displayArgv(c.argv), why }) }, batch, true))];
  }
  if (!stoppedByTimeout) {
    // The shell ended in the middle of a command without being stopped: that command's output is cut.
    const why = batch.failure?.hint ?? t('targets.batch.ended-early');
    return [...results, ...rest.map((c) => failedWith(scope, c, { kind: 'nonzero', hint: t('targets.batch.cut', { command: displayArgv(c.argv), why }) }, batch, true))];
  }
  // Stopped by the timeout. The command in flight is to blame only if it ran for its own whole timeout.
  const lastEnd = split.done.at(-1)?.endedAt;
  const firstStart = split.done[0]?.startedAt ?? split.inFlight?.startedAt;
  const inFlightStart = split.inFlight?.startedAt ?? lastEnd;
  const ranMs = inFlightStart !== undefined && firstStart !== undefined
    ? batch.durationMs - (inFlightStart - firstStart) * 1000
    : batch.durationMs;
  const blamed = split.inFlight !== undefined && ranMs >= current.timeoutMs - 1000;
  if (results.length === 0 && !blamed) {
    // No progress and nobody to blame: give up rather than loop.
    return commands.map((c) => failedWith(scope, c, { kind: 'timeout', hint: t('targets.batch.not-run', { command: displayArgv(c.argv), ms: String(batch.durationMs) }) }, batch, false));
  }
  const timedOut: CommandResult[] = blamed
    ? [failedWith(scope, current, { kind: 'timeout', hint: t('targets.runner.timeout', { command: displayArgv(current.argv), ms: String(current.timeoutMs) }) }, batch, true, split.inFlight?.stdout ?? '')]
    : [];
  const again = await runBatch(runner, scope, rest.slice(timedOut.length), nonce);
  return [...results, ...timedOut, ...again];
}

/** How reads reach a scope when they are batched. */
export function batchScopeOf(target: ResolvedTarget, scope: Scope): BatchScope {
  return { prefix: inScope(target, scope, []), watchdog: !(scope === 'target' && target.access.via === 'exec') };
}

/** Run read-only argvs in one scope of the target: batched, or one process each, concurrently. */
export async function runReads(
  runner: Runner,
  target: ResolvedTarget,
  scope: Scope,
  argvs: readonly (readonly string[])[],
  batch: boolean,
): Promise<CommandResult[]> {
  if (batch) return runBatch(runner, batchScopeOf(target, scope), argvs.map((a) => readCommand(a)));
  return Promise.all(argvs.map((a) => runner.run(readCommand(inScope(target, scope, a)))));
}

