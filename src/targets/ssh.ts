/**
 * The OpenSSH transport: run pktdrop's commands on a remote host over the user's own `ssh` (its
 * config, keys, agent, ProxyJump and known_hosts), with nothing installed on the host beyond `sh`,
 * coreutils `timeout` and the tools pktdrop already reads.
 *
 * Safety:
 * - The remote command line is a constant (`timeout -k 1 S sh -s`, with `sudo -n --` in front when the
 *   remote user is not root); S is an integer pktdrop computed. Every argv word travels as DATA on
 *   stdin, in a quoted here-document, one word a line, each byte outside a small safe set written as
 *   a `\0ooo` octal escape and decoded by `printf %b`. No word is ever read by a shell as code.
 * - Host names are validated before any process starts ({@link parseSshDestination}) and always
 *   passed after `--`.
 * - `BatchMode=yes` (no password prompt), `sudo -n` (no sudo prompt), agent and X11 forwarding off,
 *   no local command, no tty; `StrictHostKeyChecking=no` is never set: unknown keys fail unless the
 *   user opts in with `--accept-new-host-keys` (`accept-new`); a changed key always fails.
 * - Connections share one ControlMaster per host, its socket in a private 0700 directory that
 *   {@link SshSession.close} empties with `ssh -O exit` and removes. `ControlPersist=10`: if pktdrop
 *   is killed, its master ends 10 s after the last channel, and with it this connection's sshd on
 *   the host (what the remote trace guard watches).
 *
 * Output framing: the program prints a start marker (with a fresh nonce) on stdout and on stderr
 * before it runs the command, and an end marker with the command's status after it. Whatever an rc
 * file printed before the start marker (a banner) is skipped and kept as `preamble`. No start marker
 * means the command never ran: ssh or sudo failed, and {@link classifySshFailure} says how, with
 * ssh's own line.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command, CommandResult } from '../core/types.js';
import { describeFailure, notRunResult, readCommand, type Runner } from './runner.js';
import { t } from '../i18n/index.js';

/** Where a remote host is, as given on the command line or in an inventory. */
export interface SshDestination {
  /** The name as given (inventory name or `[user@]host[:port]`), for display. */
  readonly label: string;
  /** The host name or address handed to ssh (an alias of ~/.ssh/config is fine). */
  readonly host: string;
  readonly user?: string;
  readonly port?: number;
}

const HOST_CHARS = /^[A-Za-z0-9._:[\]-]+$/;
const USER = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}$/;

/**
 * Why a host name is refused, or undefined when it is fine. Refused before any process starts:
 * a leading `-` (ssh would read `-oProxyCommand=...` as an option) and anything outside
 * `[A-Za-z0-9._:[]-]` (shell syntax such as `$(...)`, spaces, quotes, `;`, `%`, `/`).
 */
export function invalidHostName(host: string): string | undefined {
  if (host === '') return t('targets.ssh.empty-host');
  if (host.startsWith('-')) return t('targets.ssh.host-dash', { host });
  if (!HOST_CHARS.test(host)) return t('targets.ssh.host-invalid', { host });
  if (host.length > 253) return t('targets.ssh.host-too-long', { host: host.slice(0, 40) });
  return undefined;
}

/** `[user@]host[:port]`, `[user@][v6]:port`: the destination, or the reason it is refused. */
export function parseSshDestination(text: string, label: string = text): SshDestination | string {
  if (text.startsWith('-')) return t('targets.ssh.dest-dash', { host: text });
  let rest = text;
  let user: string | undefined;
  const at = rest.lastIndexOf('@');
  if (at >= 0) {
    user = rest.slice(0, at);
    rest = rest.slice(at + 1);
    if (!USER.test(user)) return t('targets.ssh.user-invalid', { user, text });
  }
  let host = rest;
  let port: number | undefined;
  const v6 = /^\[([0-9A-Fa-f:.]+)\](?::(\d+))?$/.exec(rest);
  if (v6?.[1] !== undefined) {
    host = v6[1];
    if (v6[2] !== undefined) port = Number(v6[2]);
  } else {
    const m = /^([^:]+):(\d+)$/.exec(rest);
    if (m?.[1] !== undefined && m[2] !== undefined) {
      host = m[1];
      port = Number(m[2]);
    }
  }
  if (host.includes(':') && !/^[0-9A-Fa-f:.]+$/.test(host)) {
    return t('targets.ssh.colon', { text });
  }
  const bad = invalidHostName(host);
  if (bad !== undefined) return bad;
  if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) return t('targets.ssh.port-range', { port: String(port), text });
  return { label, host, ...(user !== undefined ? { user } : {}), ...(port !== undefined ? { port } : {}) };
}

/** How pktdrop's ssh connections are made, beyond the user's own config. */
export interface SshOptions {
  /** `ssh -F FILE` (default: the user's ~/.ssh/config). */
  readonly configFile?: string;
  /** Trust a host key seen for the first time (`StrictHostKeyChecking=accept-new`). Off by default. */
  readonly acceptNewHostKeys?: boolean;
  /** Seconds; added only when the user's config sets none. */
  readonly connectTimeoutS?: number;
  /** Run the remote program with `sudo -n` even when the remote user is root (default: when not root). */
  readonly become?: boolean;
}

/**
 * What `ssh -G` resolves for a destination: the address, user and port ssh will really use, and
 * the options the user's config sets (so pktdrop adds its defaults only where none is set).
 */
export interface ResolvedSsh {
  readonly hostname: string;
  readonly user: string;
  readonly port: number;
  readonly options: ReadonlyMap<string, string>;
}

/** Pure: `ssh -G` output → the resolved view. Unknown lines are kept as options. */
export function parseSshG(text: string): ResolvedSsh | undefined {
  const options = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^(\S+) (.*)$/.exec(line.trim());
    if (m?.[1] !== undefined && m[2] !== undefined && !options.has(m[1])) options.set(m[1], m[2]);
  }
  const hostname = options.get('hostname');
  const user = options.get('user');
  const port = Number(options.get('port'));
  if (hostname === undefined || user === undefined || !Number.isInteger(port)) return undefined;
  return { hostname, user, port, options };
}

/** Options pktdrop always sets, whatever the user's config says (README: Fleet, security). */
export const FORCED_OPTIONS: readonly string[] = [
  'BatchMode=yes',
  'ForwardAgent=no',
  'ForwardX11=no',
  'ClearAllForwardings=yes',
  'PermitLocalCommand=no',
  'RequestTTY=no',
];

/** The ssh argv up to (not including) `--`: config file, forced options, control socket, defaults. */
export function sshBaseArgv(dest: SshDestination, opts: SshOptions, resolved: ResolvedSsh | undefined, controlDir: string | undefined): string[] {
  const argv = ['ssh'];
  if (opts.configFile !== undefined) argv.push('-F', opts.configFile);
  argv.push('-T');
  for (const o of FORCED_OPTIONS) argv.push('-o', o);
  const strict = resolved?.options.get('stricthostkeychecking');
  // Never "no": a config that says so is overridden with "yes"; the opt-in is "accept-new" only.
  if (opts.acceptNewHostKeys) argv.push('-o', 'StrictHostKeyChecking=accept-new');
  else if (strict === 'false' || strict === 'no' || strict === 'off') argv.push('-o', 'StrictHostKeyChecking=yes');
  if (controlDir !== undefined) argv.push('-o', 'ControlMaster=auto', '-o', `ControlPath=${join(controlDir, '%C')}`, '-o', 'ControlPersist=10');
  const unset = (k: string, empty: string) => resolved === undefined || (resolved.options.get(k) ?? empty) === empty;
  if (unset('connecttimeout', 'none')) argv.push('-o', `ConnectTimeout=${opts.connectTimeoutS ?? 10}`);
  if (unset('serveraliveinterval', '0')) argv.push('-o', 'ServerAliveInterval=5', '-o', 'ServerAliveCountMax=3');
  if (dest.user !== undefined) argv.push('-l', dest.user);
  if (dest.port !== undefined) argv.push('-p', String(dest.port));
  return argv;
}

/** The constant remote command line: only an integer varies. */
export function remoteCommand(seconds: number, sudo: boolean): string {
  if (!Number.isInteger(seconds) || seconds < 1) throw new Error(`remoteCommand: bad seconds ${seconds} (a bug)`);
  return `${sudo ? 'sudo -n -- ' : ''}timeout -k 1 ${seconds} sh -s`;
}

const SAFE_BYTE = /[A-Za-z0-9_./,:=@+%-]/;

/** One word as a here-document line: safe bytes as they are, every other byte as `\0ooo`. */
export function encodeWord(word: string): string {
  let out = '';
  for (const b of Buffer.from(word, 'utf8')) {
    const ch = String.fromCharCode(b);
    out += b < 0x80 && SAFE_BYTE.test(ch) ? ch : `\\0${b.toString(8).padStart(3, '0')}`;
  }
  return out;
}

/**
 * The program sent on stdin: constant code, then the data (nonce, optional input, argv words) in a
 * quoted here-document whose every line starts with a tag letter, so no line can end it early.
 */
export function remoteProgram(nonce: string, argv: readonly string[], input?: string): string {
  if (!/^[A-Za-z0-9]+$/.test(nonce)) throw new Error('remoteProgram: bad nonce (a bug)');
  const data = [`n${nonce}`, ...(input !== undefined ? [`i${encodeWord(input)}`] : []), ...argv.map((w) => `w${encodeWord(w)}`)];
  return [
    'LC_ALL=C; LANG=C; PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin; export LC_ALL LANG PATH',
    'set --; m=; hi=; in=',
    'while IFS= read -r w; do',
    '  t=${w%"${w#?}"}; v=${w#?}',
    '  case $v in *\\\\*) v=$(printf \'%bx\' "$v"); v=${v%x} ;; esac',
    '  case $t in n) m=$v ;; i) in=$v; hi=1 ;; w) set -- "$@" "$v" ;; esac',
    'done <<\'PKTDROP_DATA_END\'',
    ...data,
    'PKTDROP_DATA_END',
    '[ -n "$m" ] || exit 97',
    'printf \'%s S\\n\' "$m"; printf \'%s S\\n\' "$m" >&2',
    'if [ -n "$hi" ]; then printf \'%s\' "$in" | "$@"; else "$@" </dev/null; fi',
    'r=$?',
    'printf \'\\n%s X %d\\n\' "$m" "$r"',
    'exit "$r"',
    '',
  ].join('\n');
}

/** A remote command's output with the framing removed. */
export interface RemoteOutput {
  /** True when the start marker came back: the command ran on the host. */
  readonly started: boolean;
  /** The command's exit status, when its end marker came back. */
  readonly exitCode?: number;
  readonly stdout: string;
  readonly stderr: string;
  /** What an rc file printed before the program (a banner), stdout then stderr. */
  readonly preamble: string;
}

/** Pure: strip the markers and any banner. Never throws. */
export function unframe(stdout: string, stderr: string, nonce: string): RemoteOutput {
  const start = `${nonce} S\n`;
  const o = stdout.indexOf(start);
  const e = stderr.indexOf(start);
  if (o < 0) return { started: false, stdout: '', stderr, preamble: stdout };
  const preamble = stdout.slice(0, o) + (e >= 0 ? stderr.slice(0, e) : '');
  let body = stdout.slice(o + start.length);
  const end = new RegExp(`\\n${nonce} X (\\d+)\\n$`).exec(body);
  const err = e >= 0 ? stderr.slice(e + start.length) : stderr;
  if (!end?.[1]) return { started: true, stdout: body, stderr: err, preamble };
  body = body.slice(0, end.index);
  return { started: true, exitCode: Number(end[1]), stdout: body, stderr: err, preamble };
}

/** Why a host could not be diagnosed (README: Fleet, host status). */
export type SshStatus = 'unreachable' | 'auth' | 'hostkey' | 'sudo' | 'timeout' | 'error';

export interface SshFailure {
  readonly status: SshStatus;
  /** ssh's (or sudo's) own line. */
  readonly line: string;
  /** What to do about it, in one sentence. */
  readonly advice: string;
}

const ADVICE: Record<SshStatus, (host: string) => string> = {
  unreachable: (host) => t('targets.ssh.advice.unreachable', { host }),
  auth: (host) => t('targets.ssh.advice.auth', { host }),
  hostkey: () => t('targets.ssh.advice.hostkey'),
  sudo: () => t('targets.ssh.advice.sudo'),
  timeout: (host) => t('targets.ssh.advice.timeout', { host }),
  error: (host) => t('targets.ssh.advice.error', { host }),
};

/**
 * Pure: classify a command that never started (no start marker) from ssh's exit status and stderr.
 * The messages are OpenSSH 9.2's and sudo 1.9's (test/fixtures/ssh, recorded here).
 */
export function classifySshFailure(host: string, exitCode: number | null, stderr: string, timedOut: boolean): SshFailure {
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !/^Warning: Permanently added/.test(l));
  const find = (re: RegExp) => lines.find((l) => re.test(l));
  const make = (status: SshStatus, line: string | undefined): SshFailure => ({ status, line: line ?? lines[0] ?? (exitCode === null ? t('targets.ssh.exited-signal') : t('targets.ssh.exited', { code: String(exitCode) })), advice: ADVICE[status](host) });
  if (timedOut) return make('timeout', find(/Timeout|timed out/i) ?? t('targets.ssh.no-answer'));
  let l: string | undefined;
  if ((l = find(/REMOTE HOST IDENTIFICATION HAS CHANGED|Host key verification failed|host key is known for .* strict checking|No .* host key is known/))) {
    return make('hostkey', find(/REMOTE HOST IDENTIFICATION HAS CHANGED/) ?? find(/No .* host key is known/) ?? l);
  }
  if ((l = find(/^sudo: |sorry, you must have a tty|is not in the sudoers|not allowed to execute/i))) return make('sudo', l);
  if ((l = find(/Permission denied \(|Too many authentication failures/))) return make('auth', l);
  if ((l = find(/^Timeout, server .* not responding/))) return make('timeout', l);
  if ((l = find(/Could not resolve hostname|Connection refused|Connection timed out|No route to host|Network is unreachable|Connection closed by|Connection reset by|kex_exchange_identification/))) return make('unreachable', l);
  return make('error', find(/^ssh: /) ?? lines[0]);
}

/** The one line a person reads: `unreachable: ssh: connect to host … Connection refused — check …`. */
export const describeSshFailure = (f: SshFailure): string => t('targets.ssh.failure', { status: f.status, line: f.line, advice: f.advice });

/** A short random marker for one remote program. */
const nonceOf = (): string => `pd${randomBytes(8).toString('hex')}`;

/**
 * One remote host: resolves the destination with `ssh -G`, keeps its ControlMaster socket, runs
 * commands there as a {@link Runner}, and closes everything at the end. Wraps a local runner (the
 * ProcessRunner in production), so every process still goes through `targets/runner.ts`.
 */
export class SshSession implements Runner {
  private resolved: ResolvedSsh | undefined;
  private controlDir: string | undefined;
  private sudo = false;
  /** What rc files printed before pktdrop's program, the first time (kept for the report). */
  preamble = '';
  private opened = false;

  constructor(
    readonly dest: SshDestination,
    private readonly local: Runner,
    private readonly opts: SshOptions = {},
    private readonly nonce: () => string = nonceOf,
  ) {}

  /** The address, user and port ssh resolved (after {@link open}). */
  get resolution(): ResolvedSsh | undefined {
    return this.resolved;
  }

  /** True when commands run under `sudo -n`. */
  get usesSudo(): boolean {
    return this.sudo;
  }

  private base(): string[] {
    return sshBaseArgv(this.dest, this.opts, this.resolved, this.controlDir);
  }

  /**
   * Resolve with `ssh -G`, make the control directory, and run a first program (`true`) that opens
   * the master connection. Resolves to undefined when the host answers, or how it failed.
   */
  async open(): Promise<SshFailure | undefined> {
    if (!this.opened) {
      this.opened = true;
      this.controlDir = await mkdtemp(join(tmpdir(), 'pktdrop-ssh-'));
      const g = await this.local.run(readCommand([...sshBaseArgv(this.dest, this.opts, undefined, undefined), '-G', '--', this.dest.host], 5000));
      this.resolved = g.ok ? parseSshG(g.stdout) : undefined;
      if (!this.resolved) {
        return { status: 'error', line: g.stderr.split('\n')[0]?.trim() || (g.failure?.hint ?? t('targets.ssh.g-failed')), advice: ADVICE.error(this.dest.host) };
      }
      this.sudo = this.opts.become === true || this.resolved.user !== 'root';
    }
    const r = await this.exec({ argv: ['true'], mutates: false, timeoutMs: 5000 });
    if (r.kind === 'failed') return r.failure;
    if (r.exitCode !== 0) return { status: 'error', line: r.stderr.trim() || t('targets.ssh.true-exited', { code: String(r.exitCode ?? '?') }), advice: ADVICE.error(this.dest.host) };
    return undefined;
  }

  private async exec(command: Command): Promise<
    | { kind: 'failed'; failure: SshFailure; durationMs: number }
    | { kind: 'ran'; exitCode: number | null; stdout: string; stderr: string; durationMs: number; cut?: string; localTimeout: boolean }
  > {
    const n = this.nonce();
    const seconds = Math.ceil(command.timeoutMs / 1000) + 2;
    const connect = (this.opts.connectTimeoutS ?? 10) * 1000;
    const r = await this.local.run({
      argv: [...this.base(), '--', this.dest.host, remoteCommand(seconds, this.sudo)],
      mutates: command.mutates,
      input: remoteProgram(n, command.argv, command.input),
      // The remote watchdog fires first; this bounds a hung link or a hung sudo (DNS) on our side.
      timeoutMs: seconds * 1000 + connect + 3000,
    });
    const out = unframe(r.stdout, r.stderr, n);
    if (!this.preamble && out.preamble.trim() !== '') this.preamble = out.preamble;
    const localTimeout = r.failure?.kind === 'timeout';
    if (!out.started) {
      return { kind: 'failed', failure: classifySshFailure(this.dest.host, r.exitCode, r.stderr, localTimeout), durationMs: r.durationMs };
    }
    if (out.exitCode === undefined) {
      // It started and was cut: the link dropped, or the remote watchdog stopped it (124/137).
      const f = classifySshFailure(this.dest.host, r.exitCode, out.stderr, localTimeout);
      return { kind: 'ran', exitCode: r.exitCode, stdout: out.stdout, stderr: out.stderr, durationMs: r.durationMs, cut: describeSshFailure(f), localTimeout };
    }
    return { kind: 'ran', exitCode: out.exitCode, stdout: out.stdout, stderr: out.stderr, durationMs: r.durationMs, localTimeout };
  }

  /** Run one command on the host. The result names the command itself, not the ssh wrapper. */
  async run(command: Command): Promise<CommandResult> {
    if (!this.opened) {
      const f = await this.open();
      if (f) return { argv: command.argv, executed: false, exitCode: null, stdout: '', stderr: '', durationMs: 0, ok: false, failure: { kind: 'spawn', hint: t('targets.ssh.hint', { host: this.dest.label, failure: describeSshFailure(f) }) } };
    }
    const r = await this.exec(command);
    if (r.kind === 'failed') {
      return notRunResult(command, { kind: r.failure.status === 'timeout' ? 'timeout' : 'spawn', hint: t('targets.ssh.hint', { host: this.dest.label, failure: describeSshFailure(r.failure) }) }, r.durationMs);
    }
    const base = { argv: command.argv, executed: true, exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr, durationMs: r.durationMs };
    if (r.cut !== undefined && r.exitCode !== 124 && r.exitCode !== 137) {
      return { ...base, ok: false, failure: { kind: r.localTimeout ? 'timeout' : 'nonzero', hint: t('targets.ssh.hint', { host: this.dest.label, failure: r.cut }) } };
    }
    if (r.exitCode === 0) return { ...base, ok: true };
    if (r.exitCode === 127 && /not found/i.test(r.stderr)) {
      return { ...base, executed: false, exitCode: null, ok: false, failure: { kind: 'not-found', hint: t('targets.ssh.not-found', { program: command.argv[0] ?? '', host: this.dest.label }) } };
    }
    const failure = describeFailure(command.argv, { timedOut: false, isTerminated: false, exitCode: r.exitCode ?? undefined, stderr: r.stderr, isCanceled: false }, command.timeoutMs);
    return { ...base, ok: false, failure };
  }

  /** Close the master connection (`ssh -O exit`) and remove the private socket directory. */
  async close(): Promise<void> {
    const dir = this.controlDir;
    this.controlDir = undefined;
    if (dir === undefined) return;
    await this.local.run(readCommand([...sshBaseArgv(this.dest, this.opts, this.resolved, dir), '-O', 'exit', '--', this.dest.host], 5000));
    await rm(dir, { recursive: true, force: true });
  }
}
