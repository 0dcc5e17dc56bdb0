/**
 * The command line's contract, in one place: exit codes, the version, usage errors, the process's
 * I/O as one injected value, each command's options and test seams, the state directory, and the
 * one way a command reports a failure. `main.ts` and the command files import this module and never
 * each other. Only `processIo()` reads the real process (its streams, environment and uid).
 */
import { readFileSync } from 'node:fs';
import { langFrom, t, tr, type Lang } from '../i18n/index.js';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Prompter } from '../core/prompter.js';
import type { TargetSpec } from '../core/target.js';
import type { EngineDeps } from '../diagnose/run.js';
import type { Journal } from '../remediation/journal.js';
import type { Runner } from '../targets/runner.js';
import type { ErrorKind } from '../ui/render-json.js';
import type { RemoteFlags } from './remote.js';

/** Every exit status the CLI uses (README: Exit status). */
export const EXIT = {
  /** nothing found in a complete walk, or every cause fixed and verified */
  ok: 0,
  /** causes remain, or the walk is incomplete */
  causes: 1,
  /** the target was lost mid-run (a container stopped, a namespace deleted): verdict `target-lost` */
  targetLost: 3,
  /** usage or target error: bad option, unknown target, not root, locked */
  usage: 2,
  /** fleet: some host was not diagnosed (unreachable, auth, hostkey, sudo, timeout, error); no causes on the rest */
  notDiagnosed: 4,
  /** fleet: 1 and 4 together (a bit mask, like Ansible's) */
  causesAndNotDiagnosed: 5,
  /** a bug in pktdrop (EX_SOFTWARE) */
  internal: 70,
  /** interrupted (Ctrl-C) */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

function packageVersion(): string {
  try {
    const pkg: unknown = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    return typeof pkg === 'object' && pkg !== null && 'version' in pkg && typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export const VERSION = packageVersion();

/** Thrown by option parsers; becomes one line on stderr (and the error document with --json) and exit 2. */
export class UsageError extends Error {}

/** The process as the commands see it: injected, so tests run the real CLI with no real process. */
export interface CliIo {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
  readonly stdoutIsTty: boolean;
  readonly stderrIsTty: boolean;
  /**
   * stderr's width in columns. A terminal that reports none (0: a pseudo-terminal opened without a
   * window size, as `script` or a bare pty does) gets no spinner: ora divides by the width to count
   * the lines it redraws, and at 0 it redraws forever.
   */
  readonly stderrColumns?: number;
  /** stdout's width in columns when it is a terminal (prose is wrapped to it); absent or 0: unknown. */
  readonly stdoutColumns?: number;
  readonly stdinIsTty: boolean;
  readonly env: NodeJS.ProcessEnv;
  readonly isRoot: boolean;
  /**
   * The language of what is printed for people, when `main` knows it (it reads `--lang` and the
   * locale before building the program); absent: from the locale in {@link env}.
   */
  readonly lang?: Lang;
}

/**
 * A writer that survives a closed reader (`pktdrop ... | head -1`): the stream's `error` event
 * (EPIPE) is handled, later writes are dropped, and the run ends with its usual exit code. Any other
 * write error on stdout is said once on stderr.
 */
function quietWriter(stream: NodeJS.WriteStream, onOtherError: (e: Error) => void): (s: string) => void {
  let closed = false;
  stream.on('error', (e: Error) => {
    if (closed) return;
    closed = true;
    if (!('code' in e && e.code === 'EPIPE')) onOtherError(e);
  });
  return (s) => {
    if (!closed && !stream.destroyed) stream.write(s);
  };
}

let stdio: { readonly stdout: (s: string) => void; readonly stderr: (s: string) => void } | undefined;

/** The real process: the only place under src/ that reads process.env and the uid. */
export const processIo = (): CliIo => {
  if (!stdio) {
    const stderr = quietWriter(process.stderr, () => {});
    const lang = langFrom(undefined, process.env);
    stdio = { stderr, stdout: quietWriter(process.stdout, (e) => stderr(`pktdrop: ${tr(lang === 'zh' ? 'zh' : 'en', t('cli.stdout-write', { message: e.message }))}\n`)) };
  }
  return {
    stdout: stdio.stdout,
    stderr: stdio.stderr,
    stdoutIsTty: process.stdout.isTTY === true,
    stderrIsTty: process.stderr.isTTY === true,
    stderrColumns: process.stderr.columns ?? 0,
    stdoutColumns: process.stdout.columns ?? 0,
    stdinIsTty: process.stdin.isTTY === true,
    env: process.env,
    isRoot: process.getuid?.() === 0,
  };
};

/**
 * Where journals, locks and labs live (README: Undo and the journal): `$PKTDROP_STATE_DIR` when
 * set; `/var/lib/pktdrop` as root; otherwise `$XDG_STATE_HOME/pktdrop` (`~/.local/state/pktdrop`).
 * Computed from the injected environment, never from the process's.
 */
export function stateDirOf(io: Pick<CliIo, 'env' | 'isRoot'>): string {
  const env = io.env;
  const explicit = env['PKTDROP_STATE_DIR'];
  if (explicit) return explicit;
  if (io.isRoot) return '/var/lib/pktdrop';
  return join(env['XDG_STATE_HOME'] || join(env['HOME'] || homedir(), '.local', 'state'), 'pktdrop');
}

/** diagnose's options; the ssh ones (--host, --probe-from, ...) are {@link RemoteFlags} (README: Fleet). */
export interface DiagnoseOptions extends RemoteFlags {
  /** `--lang`: `en` or `zh`; absent: from the locale. */
  lang?: string;
  container?: string;
  netns?: string;
  runtime: 'docker' | 'podman';
  target?: { host: string; port: number };
  yes?: boolean;
  dryRun?: boolean;
  json?: boolean;
  count: number;
  interval: number;
  timeout: number;
  probe: boolean;
  method: 'auto' | 'hping3' | 'connect';
  window: number;
  verbose?: boolean;
  color: boolean;
  trace: boolean;
  save?: string;
  report?: string;
  redact?: boolean;
  confirmTimeout?: number;
}

/** `pktdrop fleet diagnose` (README: Fleet). */
export interface FleetOptions {
  /** `--lang`: `en` or `zh`; absent: from the locale. */
  lang?: string;
  inventory?: string;
  sshConfig?: boolean;
  hosts?: string;
  hostsFile?: string;
  limit?: string;
  forks: number;
  hostTimeout: number;
  connectTimeout: number;
  become?: boolean;
  targetPort?: number;
  count: number;
  interval: number;
  timeout: number;
  method: 'auto' | 'hping3' | 'connect';
  window: number;
  yes?: boolean;
  json?: boolean;
  jsonLines?: boolean;
  saveDir?: string;
  report?: string;
  redact?: boolean;
  acceptNewHostKeys?: boolean;
  sshConfigFile?: string;
  /** Record kernel drop reasons on each host (`--no-trace` turns it off). */
  trace: boolean;
  /** With --yes: keep each host's changes only when a fresh connection reaches it after verification. */
  confirmTimeout?: number;
  /** Where probes run: `operator` (default), `self`, or another host. */
  probeFrom?: string;
  container?: string;
  netns?: string;
  runtime: 'docker' | 'podman';
}

export interface UndoOptions {
  /** `--lang`: `en` or `zh`; absent: from the locale. */
  lang?: string;
  container?: string;
  netns?: string;
  runtime: 'docker' | 'podman';
  all?: boolean;
  json?: boolean;
  host?: string;
  sshConfigFile?: string;
  acceptNewHostKeys?: boolean;
  connectTimeout?: number;
  become?: boolean;
}

export interface AnalyzeOptions {
  lang?: string;
  json?: boolean;
  report?: string;
  redact?: boolean;
  color: boolean;
  verbose?: boolean;
}

/** The target named by --container / --netns (the host when neither); a string is the usage error. */
export function targetSpecOf(opts: Pick<DiagnoseOptions, 'container' | 'netns' | 'runtime'>): TargetSpec | string {
  if (opts.container !== undefined && opts.netns !== undefined) return t('cli.usage.container-netns');
  if (opts.container !== undefined) return { kind: 'container', ref: opts.container, runtime: opts.runtime };
  if (opts.netns !== undefined) return { kind: 'netns', name: opts.netns };
  return { kind: 'host' };
}

/** The options that name a target again, for the commands a report suggests (` --container nginx`). */
export function targetArgs(spec: TargetSpec): string {
  switch (spec.kind) {
    case 'host':
      return '';
    case 'container':
      return ` --container ${spec.ref}${spec.runtime === 'podman' ? ' --runtime podman' : ''}`;
    case 'netns':
      return ` --netns ${spec.name}`;
  }
}

/**
 * Test seams. Each one replaces exactly one thing; none implies another. In particular a fake
 * runner does not skip the root check or the lock: a test asks for that with `skipRootCheck` and
 * `lock: false`.
 */
export interface DiagnoseWiring {
  readonly runner?: Runner;
  readonly prompter?: Prompter;
  readonly journal?: EngineDeps['journal'];
  readonly dropTracer?: EngineDeps['dropTracer'] | null;
  readonly runProbe?: EngineDeps['runProbe'];
  readonly sleep?: (ms: number) => Promise<void>;
  /** Run without root (a fake runner needs none). */
  readonly skipRootCheck?: boolean;
  /** `false`: do not take the per-target lock under the state directory. */
  readonly lock?: boolean;
  /** `false`: do not hold the target by its namespace descriptor (a fake runner's container has no /proc entry here). */
  readonly pin?: boolean;
}

export interface UndoWiring {
  readonly runner?: Runner;
  readonly journal?: Journal;
  readonly skipRootCheck?: boolean;
  readonly lock?: boolean;
  /** `false`: do not hold the target nor read its identity now (journals are then not compared with it). */
  readonly pin?: boolean;
}

export interface AnalyzeWiring {
  /** stdin's whole text (default: fd 0). */
  readonly readStdin?: () => string;
}

export interface FleetWiring {
  /** The operator's runner (ssh, ansible-inventory and probes go through it). */
  readonly runner?: Runner;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface LabWiring {
  readonly runner?: Runner;
  readonly skipRootCheck?: boolean;
}

/** The seams of every command; empty in production. */
export interface Wiring {
  readonly diagnose?: DiagnoseWiring;
  readonly undo?: UndoWiring;
  readonly analyze?: AnalyzeWiring;
  readonly lab?: LabWiring;
  readonly fleet?: FleetWiring;
}

export interface Failure {
  /** The command that failed (`diagnose`, `undo`, `analyze`, `lab`), or null before one was chosen. */
  readonly command: string | null;
  readonly kind: ErrorKind;
  readonly message: string;
  readonly code: ExitCode;
  /** With --json: also the error document on stdout. */
  readonly json?: boolean;
}

/**
 * The one way a command fails: one line on stderr (`pktdrop: <message>`) and, with --json, the
 * error document (README: JSON errors) as the one document on stdout. Resolves to the exit code.
 */
export async function fail(io: CliIo, f: Failure): Promise<ExitCode> {
  // The line in the user's language; the error document below stays English (f.message as built).
  io.stderr(`pktdrop${f.command === 'lab' ? ' lab' : ''}: ${tr(langOfIo(io), f.message)}\n`);
  if (f.json) await writeErrorJson(io, f);
  return f.code;
}

/** The error document alone (for failures whose line commander already wrote on stderr). */
export async function writeErrorJson(io: CliIo, f: Omit<Failure, 'json'>): Promise<void> {
  // Loaded on the error path only: --help and --version stay free of the renderers' imports.
  const { errorJson } = await import('../ui/render-json.js');
  io.stdout(`${JSON.stringify(errorJson({ command: f.command, kind: f.kind, message: f.message, exitCode: f.code, version: VERSION }), null, 2)}\n`);
}

/**
 * The language of what is printed for people: `--lang`, else the one main resolved (io.lang), else
 * the locale (LC_ALL, LC_MESSAGES, LANG). An unknown `--lang` is a usage error. JSON documents are
 * English whatever this says.
 */
export function langOf(option: string | undefined, io: Pick<CliIo, 'env'> & { readonly lang?: Lang }): Lang {
  const l = langFrom(option ?? io.lang, io.env);
  if (typeof l === 'object') throw new UsageError(t('cli.usage.lang', { got: l.unknown }));
  return l;
}

/** The language `io` speaks: the one main resolved, else the locale's (never a usage error). */
export function langOfIo(io: Pick<CliIo, 'env'> & { readonly lang?: Lang }): Lang {
  if (io.lang !== undefined) return io.lang;
  const l = langFrom(undefined, io.env);
  return typeof l === 'object' ? 'en' : l;
}

/** `io` speaking `lang` (so that {@link fail} says its line in it). */
export const withLang = (io: CliIo, lang: Lang): CliIo => (io.lang === lang ? io : { ...io, lang });
