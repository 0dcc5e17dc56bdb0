/**
 * The one door to the shell. Every process pktdrop starts goes through a {@link Runner}; this file
 * is the only importer of execa. Commands are argv arrays with a timeout; no shell is ever used.
 */
import { execa } from 'execa';
import type { Command, CommandFailure, CommandResult } from '../core/types.js';
import { t } from '../i18n/index.js';

export interface Runner {
  run(command: Command): Promise<CommandResult>;
  /**
   * Set on a runner pinned to a target (src/targets/guard.ts): resolves to why the target is no longer
   * the instance that was resolved (stopped, re-created, its namespace deleted), or undefined while it
   * still is. Checked before every change is journaled.
   */
  readonly targetLost?: () => Promise<string | undefined>;
}

/** Default timeouts: a read is quick; a change or a probe may take longer. */
export const TIMEOUTS = { read: 10_000, mutate: 15_000, probe: 60_000 } as const;

export const readCommand = (argv: readonly string[], timeoutMs: number = TIMEOUTS.read): Command => ({
  argv,
  mutates: false,
  timeoutMs,
});

export const mutateCommand = (argv: readonly string[], timeoutMs: number = TIMEOUTS.mutate): Command => ({
  argv,
  mutates: true,
  timeoutMs,
});

/** The argv rendered the way a person would type it, quoting only where needed. For display only. */
export function displayArgv(argv: readonly string[]): string {
  return argv
    .map((a) => (a === '' ? "''" : /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", `'\\''`)}'`))
    .join(' ');
}

/** The program a wrapped command runs: `nsenter -t 1 -n -- tc ...` → `tc`. */
export function innerProgram(argv: readonly string[]): string {
  const dd = argv.indexOf('--');
  if (argv[0] === 'nsenter' && dd >= 0) return argv[dd + 1] ?? 'nsenter';
  if ((argv[0] === 'docker' || argv[0] === 'podman') && argv[1] === 'exec') return argv[3] ?? argv[0];
  if (argv[0] === 'ip' && argv[1] === 'netns' && argv[2] === 'exec') return argv[4] ?? 'ip';
  return argv[0] ?? '';
}

/** A failed process described in one line a person can act on. */
export function describeFailure(argv: readonly string[], r: {
  code?: string | undefined;
  timedOut: boolean;
  isTerminated: boolean;
  signal?: string | undefined;
  exitCode?: number | undefined;
  stderr: string;
  /** Looked at only for the wrappers' own "not found" messages, and only when short. */
  stdout?: string;
  isCanceled: boolean;
}, timeoutMs: number): CommandFailure {
  const program = argv[0] ?? '';
  if (r.code === 'ENOENT') {
    return { kind: 'not-found', hint: t('targets.runner.not-found', { program }) };
  }
  if (r.code === 'EACCES' || r.code === 'EPERM') {
    return { kind: 'permission', hint: t('targets.runner.permission', { program }) };
  }
  if (r.timedOut) {
    return { kind: 'timeout', hint: t('targets.runner.timeout', { command: displayArgv(argv), ms: String(timeoutMs) }) };
  }
  if (r.isCanceled) {
    return { kind: 'signal', hint: t('targets.runner.interrupted', { command: displayArgv(argv) }) };
  }
  if (r.isTerminated) {
    return { kind: 'signal', hint: r.signal !== undefined ? t('targets.runner.killed-by', { command: displayArgv(argv), signal: r.signal }) : t('targets.runner.killed', { command: displayArgv(argv) }) };
  }
  if (r.code !== undefined && r.exitCode === undefined) {
    return { kind: 'spawn', hint: t('targets.runner.spawn', { program, code: r.code }) };
  }
  const firstLine = r.stderr.split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
  // The namespace itself is gone (a stopped container's /proc/PID, a deleted netns): not a missing tool.
  if (/^(nsenter: cannot open|nsenter: reassociate to namespace|Cannot open network namespace)/im.test(r.stderr) && /nsenter|netns/.test(argv.join(' '))) {
    return { kind: 'nonzero', hint: t('targets.runner.netns-gone', { line: firstLine }) };
  }
  // `docker exec` / `podman exec` / `nsenter` / `ip netns exec` report a missing program this way;
  // docker 20.10 prints its "OCI runtime exec failed ... executable file not found" on stdout.
  const said = r.stdout !== undefined && r.stdout.length < 4096 ? `${r.stderr}\n${r.stdout}` : r.stderr;
  if ((r.exitCode === 126 || r.exitCode === 127 || r.exitCode === 1 || r.exitCode === 255) &&
      /executable file not found|failed to execute|exec: "?[^"]*"?: not found|no such file or directory/i.test(said) &&
      /exec|nsenter/.test(argv.join(' '))) {
    const inner = innerProgram(argv);
    // nsenter and `ip netns exec` run the host's own program in the namespace: the host lacks it (as
    // root, nothing inside the target would help); `docker exec` runs the target's.
    const hostTools = argv[0] === 'nsenter' || (argv[0] === 'ip' && argv[1] === 'netns');
    return { kind: 'not-found', hint: t(hostTools ? 'targets.batch.not-found-host' : 'targets.runner.not-found-in-target', { program: inner }) };
  }
  const permission = /permission denied|operation not permitted|must be root|you must be root/i.test(r.stderr);
  return {
    kind: permission ? 'permission' : 'nonzero',
    hint: firstLine
      ? t('targets.runner.exited-said', { program: innerProgram(argv), code: String(r.exitCode ?? '?'), line: firstLine })
      : t('targets.runner.exited', { program: innerProgram(argv), code: String(r.exitCode ?? '?') }),
  };
}

/** The result of a command that was never started, with the reason as its failure. */
export function notRunResult(command: Command, failure: CommandFailure, durationMs = 0): CommandResult {
  return { argv: command.argv, executed: false, exitCode: null, stdout: '', stderr: '', durationMs, ok: false, failure };
}

/** The real runner: execa with a timeout, no shell, output captured, never rejecting. */
export class ProcessRunner implements Runner {
  constructor(private readonly cancelSignal?: AbortSignal) {}

  async run(command: Command): Promise<CommandResult> {
    const [file, ...args] = command.argv;
    const started = performance.now();
    if (file === undefined) return notRunResult(command, { kind: 'spawn', hint: t('targets.runner.empty') });
    const r = await execa(file, args, {
      reject: false,
      timeout: command.timeoutMs,
      killSignal: 'SIGKILL',
      stripFinalNewline: false,
      shell: false,
      ...(command.input !== undefined ? { input: command.input } : { stdin: 'ignore' as const }),
      // Ctrl-C stops reads at once; a change already started is let finish, so nothing is half-done.
      ...(this.cancelSignal && !command.mutates ? { cancelSignal: this.cancelSignal } : {}),
      env: { LC_ALL: 'C', LANG: 'C' },
      extendEnv: true,
      maxBuffer: 256 * 1024 * 1024,
    });
    const durationMs = Math.round((performance.now() - started) * 10) / 10;
    const stdout = typeof r.stdout === 'string' ? r.stdout : '';
    const stderr = typeof r.stderr === 'string' ? r.stderr : '';
    if (!r.failed) {
      return { argv: command.argv, executed: true, exitCode: r.exitCode ?? 0, stdout, stderr, durationMs, ok: true };
    }
    const failure = describeFailure(command.argv, {
      code: r.code,
      timedOut: r.timedOut,
      isTerminated: r.isTerminated,
      signal: r.signal,
      exitCode: r.exitCode,
      stderr,
      stdout,
      isCanceled: r.isCanceled,
    }, command.timeoutMs);
    return {
      argv: command.argv,
      executed: failure.kind !== 'not-found' && failure.kind !== 'spawn',
      exitCode: r.exitCode ?? null,
      stdout,
      stderr,
      durationMs,
      ok: false,
      failure,
    };
  }
}
