/**
 * tracefs on a remote host, through its runner (an ssh session): the same {@link TraceFs} the drop
 * tracer uses locally, each operation one small constant command (`cat`, `test -e`, `ls`, `mkdir`,
 * `rmdir`, and a `printf` into a file whose path and value are arguments). So drop-reason tracing
 * over ssh is the local tracer unchanged: a private instance, kfree_skb events, the same tally.
 *
 * The instance must not outlive the connection: when pktdrop creates `instances/<name>`, a guard
 * starts on the host (detached with setsid, like the rollback timer) that finds the sshd process of
 * this connection and, once that process is gone (the client was killed, the link dropped and the
 * master ended), disables the event and removes the instance. It exits by itself when pktdrop
 * removed the instance first. Process hooks for the remote session install no signal handler and
 * never remove another instance as "stale" (a local pid says nothing about a remote pktdrop).
 */
import type { DropTracer } from '../diagnose/run.js';
import { makeDropTracer } from '../trace/drop-tracer.js';
import type { ProcessHooks } from '../trace/session.js';
import type { FsOutcome, TraceFs } from '../trace/tracefs.js';
import { mutateCommand, readCommand, type Runner } from '../targets/runner.js';
import { t } from '../i18n/index.js';

/** argv[0] of the guard, as `ps` shows it on the host. */
export const TRACE_GUARD_NAME = 'pktdrop-trace-guard';

const WRITE = 'printf "%s" "$2" >"$1"';

/** `$1` the instance directory, `$2` the pid of this connection's sshd process. */
export const TRACE_GUARD_SCRIPT = [
  'exec </dev/null >/dev/null 2>&1',
  'i=$1; p=$2',
  'while [ -d "$i" ] && kill -0 "$p" 2>/dev/null; do sleep 1; done',
  'if [ -d "$i" ]; then printf 0 >"$i/events/skb/kfree_skb/enable"; rmdir "$i"; fi',
].join('\n');

/** Find this connection's sshd (the nearest ancestor named sshd) and start the guard, detached. */
const START_GUARD = [
  'p=$PPID',
  'while [ "${p:-1}" -gt 1 ]; do',
  '  [ "$(cat "/proc/$p/comm" 2>/dev/null)" = sshd ] && break',
  '  p=$(sed "s/.*) //" "/proc/$p/stat" 2>/dev/null | cut -d" " -f2)',
  'done',
  '[ "${p:-1}" -gt 1 ] || exit 3',
  `setsid -f sh -c "$0" ${TRACE_GUARD_NAME} "$1" "$p"`,
].join('\n');

function outcome(op: string, path: string, r: { ok: boolean; stderr: string; failure?: { hint: string } }): FsOutcome {
  if (r.ok) return { ok: true };
  const text = r.stderr.trim() || r.failure?.hint || 'failed';
  const code = /Permission denied|Operation not permitted/i.test(text) ? 'EACCES'
    : /No such file/i.test(text) ? 'ENOENT'
      : /busy/i.test(text) ? 'EBUSY'
        : /Invalid argument/i.test(text) ? 'EINVAL' : undefined;
  const reason = `${op} ${path}: ${text.split('\n')[0] ?? text}`;
  return code === undefined ? { ok: false, reason } : { ok: false, reason, code };
}

export class RunnerTraceFs implements TraceFs {
  /** Guards started, by instance path (for tests and the report). */
  readonly guards: string[] = [];
  /** Why a guard could not start, if one could not (the instance then relies on pktdrop's own stop). */
  readonly guardProblems: string[] = [];

  constructor(private readonly runner: Runner, readonly root: string = '/sys/kernel/tracing') {}

  private full(path: string): string {
    return `${this.root}/${path}`;
  }

  async read(path: string): Promise<string | undefined> {
    const r = await this.runner.run(readCommand(['cat', '--', this.full(path)], 30_000));
    return r.ok ? r.stdout : undefined;
  }

  async write(path: string, data: string): Promise<FsOutcome> {
    return outcome('write', path, await this.runner.run(mutateCommand(['sh', '-c', WRITE, 'pktdrop-tracefs', this.full(path), data])));
  }

  async mkdir(path: string): Promise<FsOutcome> {
    const made = outcome('mkdir', path, await this.runner.run(mutateCommand(['mkdir', '--', this.full(path)])));
    if (made.ok && path.startsWith('instances/')) {
      const g = await this.runner.run(mutateCommand(['sh', '-c', START_GUARD, TRACE_GUARD_SCRIPT, this.full(path)]));
      if (g.ok) this.guards.push(path);
      else this.guardProblems.push(t('fleet.trace.no-guard', { path, reason: g.stderr.trim() || g.failure?.hint || `exit ${g.exitCode ?? '?'}` }));
    }
    return made;
  }

  async rmdir(path: string): Promise<FsOutcome> {
    return outcome('rmdir', path, await this.runner.run(mutateCommand(['rmdir', '--', this.full(path)])));
  }

  async exists(path: string): Promise<boolean> {
    return (await this.runner.run(readCommand(['test', '-e', this.full(path)]))).ok;
  }

  async list(path: string): Promise<string[] | undefined> {
    const r = await this.runner.run(readCommand(['ls', '-1A', '--', this.full(path)]));
    return r.ok ? r.stdout.split('\n').filter((l) => l !== '') : undefined;
  }
}

/** The remote tracefs, or undefined when the host has none mounted at the usual places. */
export async function locateRemoteTraceFs(runner: Runner): Promise<RunnerTraceFs | undefined> {
  for (const root of ['/sys/kernel/tracing', '/sys/kernel/debug/tracing']) {
    const fs = new RunnerTraceFs(runner, root);
    if (await fs.exists('events/skb/kfree_skb')) return fs;
  }
  return undefined;
}

/**
 * Process hooks for a remote session: no signal handler here (the guard on the host removes the
 * instance when the connection ends), and every other instance counts as alive (never removed).
 */
export const remoteTraceHooks = (pid: number): ProcessHooks => ({
  pid,
  on: () => {},
  off: () => {},
  listenerCount: () => 1,
  kill: () => {},
  isAlive: () => true,
  now: () => performance.now(),
  random: () => Math.random().toString(36).slice(2, 8),
});

/** The engine's drop tracer on the host behind `runner` (an ssh session). */
export function remoteDropTracer(runner: Runner): DropTracer {
  return makeDropTracer(() => locateRemoteTraceFs(runner), { hooks: remoteTraceHooks(process.pid) });
}
