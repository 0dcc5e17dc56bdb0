/**
 * `pktdrop fleet diagnose`: today's diagnose() on every host of an inventory, over ssh, with bounded
 * concurrency (`--forks`), staggered connection set-up (at most 10 new ssh connections at a time:
 * sshd's default `MaxStartups 10:30:100` starts refusing beyond that, which matters most through one
 * bastion), a per-host deadline, and one result per host. The engine does not change: each host gets
 * an {@link SshSession} as its runner, a {@link RemoteJournal} on the host, and the operator's own
 * probe. Aggregation and exit codes are pure.
 */
import type { TargetSpec } from '../core/target.js';
import type { Prompter } from '../core/prompter.js';
import type { Journal } from '../remediation/journal.js';
import type { ProbeOutcome, ProbeSpec } from '../probe/types.js';
import { diagnose, type DiagnoseReport, type DropTracer, type EngineDeps } from '../diagnose/run.js';
import type { Verdict } from '../diagnose/verdict.js';
import { LAYERS } from '../layers/index.js';
import type { Runner } from '../targets/runner.js';
import { SshSession, type SshOptions, type SshStatus } from '../targets/ssh.js';
import type { InventoryHost } from './inventory.js';
import { say, t, tr, type Lang, type MessageKey } from '../i18n/index.js';
import { displayWidth, isWide, padEnd } from '../ui/wrap.js';

/** How a host's run ended: `diagnosed`, or why it could not be (README: Fleet, host status). */
export type HostStatus = 'diagnosed' | SshStatus | 'interrupted';

export interface HostResult {
  readonly name: string;
  /** Where ssh went (`ssh -G`'s hostname), when it was resolved. */
  readonly address?: string;
  readonly user?: string;
  readonly status: HostStatus;
  /** ssh's (or sudo's, or the engine's) own line when not diagnosed. */
  readonly error?: string;
  readonly advice?: string;
  readonly durationMs: number;
  /** The host's own exit code: diagnose's 0/1, 2 when not diagnosed, 130 interrupted. */
  readonly exitCode: number;
  readonly report?: DiagnoseReport;
  /** What an rc file printed before pktdrop's program on that host (a banner). */
  readonly preamble?: string;
}

export interface FleetRequest {
  readonly hosts: readonly InventoryHost[];
  readonly spec: TargetSpec;
  readonly forks: number;
  readonly hostTimeoutMs: number;
  /** Probe each host's own address on this port from the operator (`--target-port`); none without. */
  readonly targetPort?: number;
  readonly probe: Omit<ProbeSpec, 'host' | 'port'>;
  readonly idleWindowMs: number;
  readonly ssh: SshOptions;
  /** The state directory on the hosts (journals). */
  readonly remoteStateDir: string;
  /** Keep every command's output (for `--save-dir` bundles). */
  readonly keepOutput?: boolean;
  /** With fixes: confirm-or-revert after verification (the host's rollback timer is armed meanwhile). */
  readonly confirmTimeoutMs?: number;
}

export interface FleetDeps {
  /** The operator's runner: ssh and the probes go through it. */
  readonly local: Runner;
  /** A fresh local runner for one host, cancelled by `signal` at the host's deadline (default: `local`). */
  readonly localFor?: (signal: AbortSignal) => Runner;
  readonly prompter: Prompter;
  /** A host's own prompter (its confirmation goes through a fresh connection to it); default `prompter`. */
  readonly prompterFor?: (session: SshSession, journal: Journal, host: InventoryHost) => Prompter;
  /** Where probes run (`--probe-from`): default the operator's runner of that host. */
  readonly probeRunnerFor?: (session: SshSession, local: Runner) => Runner;
  /** The journal for a host; the remote journal by default, a memory one when nothing may change. */
  readonly journalFor: (session: Runner, host: InventoryHost) => Journal;
  readonly runProbe: (runner: Runner, spec: ProbeSpec, signal: AbortSignal) => Promise<ProbeOutcome>;
  /** The drop tracer on a host (its tracefs over ssh), or none (`--no-trace`). */
  readonly tracerFor?: (session: Runner) => DropTracer | undefined;
  readonly sleep: (ms: number) => Promise<void>;
  readonly onHostDone?: (r: HostResult, done: number, total: number) => void;
  readonly shouldStop?: () => boolean;
  /** The largest number of ssh connection set-ups in flight at once (default 10). */
  readonly setupSlots?: number;
}

/** A counting semaphore. */
function limiter(n: number): <T>(f: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (f) => {
    if (active >= n) await new Promise<void>((r) => waiting.push(r));
    active++;
    try {
      return await f();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

async function oneHost(host: InventoryHost, req: FleetRequest, deps: FleetDeps, setup: <T>(f: () => Promise<T>) => Promise<T>): Promise<HostResult> {
  const started = Date.now();
  const took = () => Date.now() - started;
  if (deps.shouldStop?.()) return { name: host.name, status: 'interrupted', durationMs: 0, exitCode: 130 };
  const abort = new AbortController();
  const local = deps.localFor ? deps.localFor(abort.signal) : deps.local;
  const session = new SshSession(host.dest, local, req.ssh);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<'deadline'>((r) => {
    timer = setTimeout(() => r('deadline'), req.hostTimeoutMs);
  });
  let timedOut = false;
  const work = (async (): Promise<HostResult> => {
    const failed = await setup(() => session.open());
    const who = { address: session.resolution?.hostname, user: session.resolution?.user };
    const ident = { ...(who.address !== undefined ? { address: who.address } : {}), ...(who.user !== undefined ? { user: who.user } : {}) };
    const preamble = session.preamble.trim() !== '' ? { preamble: session.preamble } : {};
    if (failed) return { name: host.name, ...ident, status: failed.status, error: failed.line, advice: failed.advice, durationMs: took(), exitCode: 2, ...preamble };
    const journal = deps.journalFor(session, host);
    const prober = deps.probeRunnerFor ? deps.probeRunnerFor(session, local) : local;
    const engine: EngineDeps = {
      runner: session,
      prompter: deps.prompterFor ? deps.prompterFor(session, journal, host) : deps.prompter,
      journal,
      layers: LAYERS,
      runProbe: (s) => deps.runProbe(prober, s, abort.signal),
      ...(() => {
        const tracer = deps.tracerFor?.(session);
        return tracer ? { dropTracer: tracer } : {};
      })(),
      sleep: deps.sleep,
      shouldStop: () => timedOut || deps.shouldStop?.() === true,
      batch: true,
    };
    const address = session.resolution?.hostname;
    const result = await diagnose(engine, {
      spec: req.spec,
      probeTarget: req.targetPort !== undefined && address !== undefined ? { kind: 'explicit', host: address, port: req.targetPort } : { kind: 'none' },
      probe: req.probe,
      idleWindowMs: req.idleWindowMs,
      isRoot: true,
      ...(req.keepOutput ? { keepOutput: true } : {}),
      ...(req.confirmTimeoutMs !== undefined ? { confirmTimeoutMs: req.confirmTimeoutMs } : {}),
    });
    if (!result.ok) {
      return { name: host.name, ...ident, status: result.exitCode === 130 ? 'interrupted' : 'error', error: result.message, advice: t('fleet.advice.rerun', { host: host.name }), durationMs: took(), exitCode: result.exitCode, ...preamble };
    }
    return { name: host.name, ...ident, status: 'diagnosed', durationMs: took(), exitCode: result.report.exitCode, report: result.report, ...preamble };
  })();
  try {
    const first = await Promise.race([work, deadline]);
    if (first !== 'deadline') return first;
    timedOut = true;
    abort.abort();
    // Reads are cancelled at once; a change in flight is let finish (it is journaled).
    await work.catch(() => undefined);
    return { name: host.name, ...(session.resolution ? { address: session.resolution.hostname, user: session.resolution.user } : {}), status: 'timeout', error: t('fleet.timeout', { host: host.name, s: Math.round(req.hostTimeoutMs / 1000) }), advice: t('fleet.advice.timeout'), durationMs: took(), exitCode: 2 };
  } catch (e) {
    return { name: host.name, status: 'error', error: t('fleet.internal-error', { message: e instanceof Error ? e.message : String(e) }), durationMs: took(), exitCode: 70 };
  } finally {
    clearTimeout(timer);
    await session.close().catch(() => undefined);
  }
}

/** Diagnose every host, at most `forks` at once; results in inventory order. */
export async function runFleet(req: FleetRequest, deps: FleetDeps): Promise<HostResult[]> {
  const pool = limiter(Math.max(1, req.forks));
  const setup = limiter(Math.max(1, Math.min(req.forks, deps.setupSlots ?? 10)));
  let done = 0;
  return Promise.all(req.hosts.map((h) => pool(async () => {
    const r = await oneHost(h, req, deps, setup);
    done++;
    deps.onHostDone?.(r, done, req.hosts.length);
    return r;
  })));
}

/** The verdict of a diagnosed host, or undefined. */
export const verdictOf = (r: HostResult): Verdict | undefined => r.report?.verdict;

/** The finding a person should read first: the worst remaining cause, else the first finding. */
export function topFinding(r: HostResult): string | undefined {
  const rep = r.report;
  if (!rep) return undefined;
  const pick = rep.remaining.find((f) => f.role === 'cause') ?? rep.remaining[0] ?? rep.findings.find((f) => f.role === 'cause' && f.severity === 'error');
  return pick ? `${pick.id} ${pick.subject}` : undefined;
}

/** Loss before → after, in words: `30%→0%`, `20%→—`, or `—` without a probe. */
export function lossOf(r: HostResult): string {
  const pct = (p: ProbeOutcome | null | undefined) => (p?.ok ? `${Math.round(p.stats.lossPct)}%` : undefined);
  const before = pct(r.report?.probeBefore);
  const after = pct(r.report?.probeAfter);
  if (before === undefined) return '—';
  return r.report?.probeAfter ? `${before}→${after ?? '—'}` : before;
}

const SEVERITY: Record<string, number> = {
  'causes-remain': 0, 'loss-unexplained': 1, proposed: 2, incomplete: 3,
  error: 4, timeout: 5, sudo: 6, hostkey: 7, auth: 8, unreachable: 9, interrupted: 10,
  fixed: 11, healthy: 12,
};

/** Sort key: causes first, then hosts that were not diagnosed, then fixed, then healthy. */
export const severityOf = (r: HostResult): number => SEVERITY[r.status === 'diagnosed' ? (verdictOf(r) ?? 'incomplete') : r.status] ?? 99;

export interface FleetSummary {
  readonly total: number;
  readonly byStatus: Record<string, number>;
  readonly byVerdict: Record<string, number>;
  /** Finding id → number of hosts where it remains or was found. */
  readonly findings: Record<string, number>;
}

export function summarize(results: readonly HostResult[]): FleetSummary {
  const byStatus: Record<string, number> = {};
  const byVerdict: Record<string, number> = {};
  const findings: Record<string, number> = {};
  for (const r of results) {
    byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
    const v = verdictOf(r);
    if (v) byVerdict[v] = (byVerdict[v] ?? 0) + 1;
    for (const id of new Set(r.report?.findings.filter((f) => f.role === 'cause' && f.severity === 'error').map((f) => f.id) ?? [])) findings[id] = (findings[id] ?? 0) + 1;
  }
  return { total: results.length, byStatus, byVerdict, findings };
}

/**
 * The fleet's exit code (README: Fleet, exit status): 0 every host diagnosed and healthy or fixed;
 * bit 1 (1) some host has causes remaining / proposed / incomplete / loss-unexplained; bit 4 (4) some
 * host was not diagnosed; 5 both (a bit mask, like Ansible's). 130 when interrupted.
 */
export function fleetExitCode(results: readonly HostResult[]): 0 | 1 | 4 | 5 | 130 {
  if (results.some((r) => r.status === 'interrupted')) return 130;
  const causes = results.some((r) => r.status === 'diagnosed' && r.exitCode !== 0);
  const missing = results.some((r) => r.status !== 'diagnosed');
  return ((causes ? 1 : 0) | (missing ? 4 : 0)) as 0 | 1 | 4 | 5;
}

const secs = (ms: number) => `${(ms / 1000).toFixed(1)}s`;

const STATUS_WORD: Readonly<Record<string, MessageKey>> = {
  diagnosed: 'fleet.status.diagnosed',
  unreachable: 'fleet.status.unreachable',
  auth: 'fleet.status.auth',
  hostkey: 'fleet.status.hostkey',
  sudo: 'fleet.status.sudo',
  timeout: 'fleet.status.timeout',
  error: 'fleet.status.error',
  interrupted: 'fleet.status.interrupted',
};
const VERDICT_WORD: Readonly<Record<string, MessageKey>> = {
  healthy: 'fleet.verdict.healthy',
  fixed: 'fleet.verdict.fixed',
  'causes-remain': 'fleet.verdict.causes-remain',
  'loss-unexplained': 'fleet.verdict.loss-unexplained',
  incomplete: 'fleet.verdict.incomplete',
  proposed: 'fleet.verdict.proposed',
  'target-lost': 'fleet.verdict.target-lost',
};

/** A host status (`unreachable`, `sudo`, ...) as a word of `lang`; in English the status itself, as JSON has it. */
export const statusWord = (lang: Lang, status: string): string => {
  const key = STATUS_WORD[status];
  return key === undefined ? status : say(lang, key);
};

/** A verdict (`causes-remain`, ...) as a word of `lang`; in English the verdict itself. */
export const verdictWord = (lang: Lang, verdict: string): string => {
  const key = VERDICT_WORD[verdict];
  return key === undefined ? verdict : say(lang, key);
};

/** `s` cut to at most `width` terminal columns, ending in `…` when cut. */
function clipWidth(s: string, width: number): string {
  if (displayWidth(s) <= width) return s;
  let out = '';
  let w = 0;
  for (const ch of s) {
    const cw = isWide(ch.codePointAt(0) ?? 0) ? 2 : 1;
    if (w + cw > width - 1) break;
    out += ch;
    w += cw;
  }
  return `${out}…`;
}

/** The fleet table: one line per host, sorted by severity, then the tally line; in `lang`. */
export function fleetTable(results: readonly HostResult[], lang: Lang = 'en'): string[] {
  const rows = [...results].sort((a, b) => severityOf(a) - severityOf(b) || a.name.localeCompare(b.name)).map((r) => {
    const v = verdictOf(r);
    return [
      r.name,
      statusWord(lang, r.status),
      v ? verdictWord(lang, v) : '—',
      r.status === 'diagnosed' ? (topFinding(r) ?? '—') : (r.error !== undefined ? tr(lang, r.error) : '—'),
      lossOf(r),
      secs(r.durationMs),
    ];
  });
  const head = [say(lang, 'fleet.table.host'), say(lang, 'fleet.table.status'), say(lang, 'fleet.table.verdict'), say(lang, 'fleet.table.top-finding'), say(lang, 'fleet.table.loss'), say(lang, 'fleet.table.time')];
  // Columns are counted in terminal cells: a Chinese character takes two.
  const all = [head, ...rows].map((r) => r.map((c, i) => (i === 3 ? clipWidth(c, 60) : c)));
  const widths = head.map((_, i) => Math.max(...all.map((r) => displayWidth(r[i] ?? ''))));
  const lines = all.map((r) => r.map((c, i) => (i === r.length - 1 ? c : padEnd(c, (widths[i] ?? 0) + 2))).join('').trimEnd());
  return [...lines, tally(results, lang)];
}

/** `12 hosts: 8 healthy, 1 fixed, 1 causes-remain, 2 not diagnosed (1 unreachable, 1 sudo)`, in `lang`. */
export function tally(results: readonly HostResult[], lang: Lang = 'en'): string {
  const s = summarize(results);
  const sep = say(lang, 'fleet.tally.separator');
  const parts = Object.entries(s.byVerdict).sort((a, b) => (SEVERITY[b[0]] ?? 0) - (SEVERITY[a[0]] ?? 0)).map(([v, n]) => say(lang, 'fleet.tally.part', { n, what: verdictWord(lang, v) }));
  const not = Object.entries(s.byStatus).filter(([k]) => k !== 'diagnosed');
  const notN = not.reduce((a, [, n]) => a + n, 0);
  if (notN > 0) parts.push(say(lang, 'fleet.tally.not-diagnosed', { n: notN, parts: not.map(([k, n]) => say(lang, 'fleet.tally.part', { n, what: statusWord(lang, k) })).join(sep) }));
  return say(lang, s.total === 1 ? 'fleet.tally.one-host' : 'fleet.tally.hosts', { n: s.total, parts: parts.join(sep) || say(lang, 'fleet.tally.none') });
}

/** What to do for each host that was not diagnosed: one line each, in `lang`. */
export function adviceLines(results: readonly HostResult[], lang: Lang = 'en'): string[] {
  return results.filter((r) => r.status !== 'diagnosed' && r.advice).map((r) => say(lang, 'fleet.advice-line', { host: r.name, status: statusWord(lang, r.status), advice: tr(lang, r.advice ?? '') }));
}
