/**
 * Recording `skb:kfree_skb` over a measurement window without disturbing anyone else's tracing.
 *
 * pktdrop never touches the global tracing state (top-level `tracing_on`, `set_event`, the event's
 * `enable`/`filter`, `buffer_size_kb`): it creates a private tracing instance
 * `instances/pktdrop-<pid>-<rand>`, enables the event only there, reads that instance's buffer and
 * removes the instance. Each instance has its own buffer and event switches, so another tracer
 * (perf, trace-cmd, a global `echo 1 > events/skb/kfree_skb/enable`) keeps working unchanged. The
 * session still reports other tracers it sees, and checks that the global state is the same after.
 *
 * The instance is removed on `stop()`, on `abort()`, on SIGINT/SIGTERM and on process `exit`
 * (handlers installed only while a session runs); instances left by a pktdrop that died are
 * removed by the next run.
 */
import { parseKfreeSkbFormat, type KfreeSkbFormat } from './format.js';
import { parseTraceOutput, type DropEvent } from './parse-trace.js';
import { tallyDrops, type DropTally } from './tally.js';
import type { FsOutcome, TraceFs } from './tracefs.js';
import { t } from '../i18n/index.js';

const EVENT_DIR = 'events/skb/kfree_skb';
const INSTANCE_RE = /^pktdrop-(\d+)-[0-9a-z]+$/;

/** What the kernel offers, for the capability report. */
export interface TraceCapability {
  readonly tracefs: boolean;
  readonly kfreeSkb: boolean;
  readonly reasonField: boolean;
  /** Other users of tracefs seen right now, in words (`global skb:kfree_skb enabled`, `instance foo`). */
  readonly otherTracers: string[];
  /** The tracefs mount, for messages. */
  readonly root: string;
  readonly rxSkField?: boolean;
}

/** The global tracefs settings pktdrop promises to leave as they were. */
export interface GlobalTraceState {
  readonly tracingOn?: string;
  readonly kfreeSkbEnable?: string;
  readonly kfreeSkbFilter?: string;
  readonly setEvent?: string;
  readonly bufferSizeKb?: string;
  readonly currentTracer?: string;
  /** Instance names other than the session's own. */
  readonly instances: string[];
}

/** The process hooks a session needs; the default is the real `process`. Tests pass a fake. */
export interface ProcessHooks {
  readonly pid: number;
  on(event: 'SIGINT' | 'SIGTERM' | 'exit', listener: (signal?: NodeJS.Signals | number) => void): void;
  off(event: 'SIGINT' | 'SIGTERM' | 'exit', listener: (signal?: NodeJS.Signals | number) => void): void;
  listenerCount(event: 'SIGINT' | 'SIGTERM' | 'exit'): number;
  /** Re-raise a signal after cleanup so the default action (termination) still happens. */
  kill(pid: number, signal: NodeJS.Signals): void;
  /** Whether a process exists (for stale instance cleanup). */
  isAlive(pid: number): boolean;
  /** Milliseconds, monotonic. */
  now(): number;
  /** A short random suffix for the instance name. */
  random(): string;
}

export const realProcessHooks: ProcessHooks = {
  pid: process.pid,
  on: (event, listener) => {
    process.on(event, listener);
  },
  off: (event, listener) => {
    process.off(event, listener);
  },
  listenerCount: (event) => process.listenerCount(event),
  kill: (pid, signal) => {
    process.kill(pid, signal);
  },
  isAlive: (pid) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch (e) {
      // EPERM: it exists but belongs to someone else.
      return typeof e === 'object' && e !== null && 'code' in e && e.code === 'EPERM';
    }
  },
  now: () => performance.now(),
  random: () => Math.random().toString(36).slice(2, 8),
};

export interface StartOptions {
  /** Per-CPU buffer of the private instance, in KiB; the kernel's instance default when omitted. */
  readonly bufferKb?: number;
  readonly hooks?: ProcessHooks;
}

export interface StopResult {
  readonly ok: true;
  readonly tally: DropTally;
  readonly events: DropEvent[];
  readonly format: KfreeSkbFormat;
  readonly capability: TraceCapability;
  /** Lines of the buffer that were not kfree_skb events. */
  readonly skipped: number;
  /** Global settings that differ from before the session (someone else changed them, or a bug). */
  readonly globalChanges: string[];
  /** Problems that did not spoil the result (e.g. the instance could not be removed). */
  readonly warnings: string[];
  readonly instance: string;
}

export interface DropTraceSession {
  /** `instances/pktdrop-<pid>-<rand>` */
  readonly instance: string;
  readonly format: KfreeSkbFormat;
  readonly capability: TraceCapability;
  /** Disable, read, tally, remove the instance. Idempotent: a second call returns the first result. */
  stop(): Promise<StopResult | { ok: false; reason: string }>;
  /** Disable and remove the instance without reading. Idempotent. */
  abort(): Promise<void>;
}

export type StartResult = { ok: true; session: DropTraceSession } | { ok: false; reason: string };

const trim = (s: string | undefined): string | undefined => s?.trim();

async function otherInstances(fs: TraceFs, own?: string): Promise<string[]> {
  return ((await fs.list('instances')) ?? []).filter((n) => `instances/${n}` !== own).sort();
}

/** Read the global state pktdrop must not change. */
export async function readGlobalTraceState(fs: TraceFs, ownInstance?: string): Promise<GlobalTraceState> {
  const [tracingOn, kfreeSkbEnable, kfreeSkbFilter, setEvent, bufferSizeKb, currentTracer, instances] = await Promise.all([
    fs.read('tracing_on'),
    fs.read(`${EVENT_DIR}/enable`),
    fs.read(`${EVENT_DIR}/filter`),
    fs.read('set_event'),
    fs.read('buffer_size_kb'),
    fs.read('current_tracer'),
    otherInstances(fs, ownInstance),
  ]);
  const s: Record<string, string | undefined> = {
    tracingOn: trim(tracingOn),
    kfreeSkbEnable: trim(kfreeSkbEnable),
    kfreeSkbFilter: trim(kfreeSkbFilter),
    setEvent: trim(setEvent),
    bufferSizeKb: trim(bufferSizeKb),
    currentTracer: trim(currentTracer),
  };
  const defined = Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined));
  return { ...defined, instances };
}

/** The differences between two global states, in words. */
export function diffGlobalTraceState(before: GlobalTraceState, after: GlobalTraceState): string[] {
  const keys = ['tracingOn', 'kfreeSkbEnable', 'kfreeSkbFilter', 'setEvent', 'bufferSizeKb', 'currentTracer'] as const;
  const out: string[] = [];
  for (const k of keys) {
    if (before[k] !== after[k]) out.push(`${k}: ${JSON.stringify(before[k])} → ${JSON.stringify(after[k])}`);
  }
  const b = before.instances.join(',');
  const a = after.instances.join(',');
  if (b !== a) out.push(`instances: [${b}] → [${a}]`);
  return out;
}

/** Other tracers visible in a global state, in words. */
function describeOtherTracers(state: GlobalTraceState, isAlive: (pid: number) => boolean): string[] {
  const out: string[] = [];
  const enable = state.kfreeSkbEnable;
  if (enable !== undefined && enable !== '0') out.push(t('trace.other.enabled', { enable }));
  if (state.kfreeSkbFilter !== undefined && state.kfreeSkbFilter !== 'none') out.push(t('trace.other.filter', { filter: state.kfreeSkbFilter }));
  const events = (state.setEvent ?? '').split('\n').filter((l) => l.trim() !== '');
  if (events.length > 0) out.push(t('trace.other.events', { events: `${events.slice(0, 5).join(' ')}${events.length > 5 ? ` (+${events.length - 5})` : ''}` }));
  if (state.currentTracer !== undefined && state.currentTracer !== 'nop') out.push(t('trace.other.tracer', { tracer: state.currentTracer }));
  for (const name of state.instances) {
    const m = INSTANCE_RE.exec(name);
    if (m && !isAlive(Number(m[1]))) continue; // a stale pktdrop instance, cleaned up separately
    out.push(m ? t('trace.other.pktdrop', { pid: m[1] ?? '', name }) : t('trace.other.instance', { name }));
  }
  return out;
}

/** What tracefs offers here, and who else is using it. Never throws. */
export async function traceCapability(fs: TraceFs, hooks: ProcessHooks = realProcessHooks): Promise<TraceCapability> {
  const tracefs = await fs.exists('events');
  if (!tracefs) return { tracefs: false, kfreeSkb: false, reasonField: false, otherTracers: [], root: fs.root };
  const formatText = await fs.read(`${EVENT_DIR}/format`);
  const format = formatText === undefined ? undefined : parseKfreeSkbFormat(formatText);
  const state = await readGlobalTraceState(fs);
  return {
    tracefs: true,
    kfreeSkb: format?.ok === true,
    reasonField: format?.ok === true && format.data.hasReason,
    ...(format?.ok === true ? { rxSkField: format.data.hasRxSk } : {}),
    otherTracers: describeOtherTracers(state, (pid) => hooks.isAlive(pid)),
    root: fs.root,
  };
}

/**
 * Remove `pktdrop-<pid>-*` instances whose pid no longer exists (left by a pktdrop killed with
 * SIGKILL). Returns the names removed.
 */
export async function removeStaleInstances(fs: TraceFs, hooks: ProcessHooks = realProcessHooks): Promise<string[]> {
  const removed: string[] = [];
  for (const name of (await fs.list('instances')) ?? []) {
    const m = INSTANCE_RE.exec(name);
    if (!m || Number(m[1]) === hooks.pid || hooks.isAlive(Number(m[1]))) continue;
    const dir = `instances/${name}`;
    await fs.write(`${dir}/${EVENT_DIR}/enable`, '0');
    if ((await fs.rmdir(dir)).ok) removed.push(name);
  }
  return removed;
}

const permissionDenied = (r: FsOutcome): boolean => !r.ok && (r.code === 'EACCES' || r.code === 'EPERM');

/**
 * Start recording kfree_skb events in a private tracing instance.
 * Fails, as a value, when tracefs is not mounted, the event does not exist, or pktdrop is not root.
 */
export async function startDropTrace(fs: TraceFs, opts: StartOptions = {}): Promise<StartResult> {
  const hooks = opts.hooks ?? realProcessHooks;
  if (!(await fs.exists('events'))) {
    return { ok: false, reason: t('trace.start.not-mounted-at', { root: fs.root }) };
  }
  const formatText = await fs.read(`${EVENT_DIR}/format`);
  if (formatText === undefined) {
    return (await fs.exists(EVENT_DIR))
      ? { ok: false, reason: t('trace.start.format-not-root', { path: `${fs.root}/${EVENT_DIR}/format` }) }
      : { ok: false, reason: t('trace.start.no-event') };
  }
  const format = parseKfreeSkbFormat(formatText);
  if (!format.ok) return { ok: false, reason: t('trace.start.bad-format', { why: format.reason }) };
  if (!(await fs.exists('instances'))) return { ok: false, reason: t('trace.start.no-instances') };

  await removeStaleInstances(fs, hooks);
  const before = await readGlobalTraceState(fs);
  const capability: TraceCapability = {
    tracefs: true,
    kfreeSkb: true,
    reasonField: format.data.hasReason,
    rxSkField: format.data.hasRxSk,
    otherTracers: describeOtherTracers(before, (pid) => hooks.isAlive(pid)),
    root: fs.root,
  };

  const instance = `instances/pktdrop-${hooks.pid}-${hooks.random()}`;
  const made = await fs.mkdir(instance);
  if (!made.ok) {
    return { ok: false, reason: permissionDenied(made) ? t('trace.start.mkdir-not-root', { why: made.reason }) : made.reason };
  }
  const enablePath = `${instance}/${EVENT_DIR}/enable`;
  let finished = false;

  const listeners: { event: 'SIGINT' | 'SIGTERM' | 'exit'; fn: (s?: NodeJS.Signals | number) => void }[] = [];
  const uninstall = (): void => {
    for (const l of listeners.splice(0)) hooks.off(l.event, l.fn);
  };
  /** Synchronous cleanup for the way out of the process. */
  const cleanupSync = (): void => {
    if (finished) return;
    finished = true;
    uninstall();
    if (fs.writeSync && fs.rmdirSync) {
      fs.writeSync(enablePath, '0');
      fs.rmdirSync(instance);
    } else {
      void fs.write(enablePath, '0').then(() => fs.rmdir(instance));
    }
  };
  const cleanup = async (disable = true): Promise<FsOutcome> => {
    uninstall();
    if (disable) await fs.write(enablePath, '0');
    return fs.rmdir(instance);
  };

  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    const fn = (): void => {
      cleanupSync();
      // Nobody else handles the signal: let its default action (terminate) happen as it would have.
      if (hooks.listenerCount(sig) === 0) hooks.kill(hooks.pid, sig);
    };
    listeners.push({ event: sig, fn });
  }
  listeners.push({ event: 'exit', fn: () => cleanupSync() });
  for (const l of listeners) hooks.on(l.event, l.fn);

  if (opts.bufferKb !== undefined) {
    const b = await fs.write(`${instance}/buffer_size_kb`, String(Math.max(1, Math.round(opts.bufferKb))));
    if (!b.ok) {
      finished = true;
      await cleanup();
      return { ok: false, reason: t('trace.start.buffer', { why: b.reason }) };
    }
  }
  const on = await fs.write(enablePath, '1');
  if (!on.ok) {
    finished = true;
    await cleanup();
    return { ok: false, reason: permissionDenied(on) ? t('trace.start.not-root', { why: on.reason }) : t('trace.start.enable', { why: on.reason }) };
  }
  const startedAt = hooks.now();

  let stopping: Promise<StopResult | { ok: false; reason: string }> | undefined;
  let aborting: Promise<void> | undefined;

  const stopOnce = async (): Promise<StopResult | { ok: false; reason: string }> => {
    if (finished) return { ok: false, reason: t('trace.stop.aborted') };
    finished = true;
    const warnings: string[] = [];
    let disabled = false;
    try {
      const off = await fs.write(enablePath, '0');
      disabled = off.ok;
      const windowMs = Math.max(0, hooks.now() - startedAt);
      if (!off.ok) warnings.push(t('trace.stop.disable', { why: off.reason }));
      // Freeze the instance's buffer so nothing is written while it is read.
      await fs.write(`${instance}/tracing_on`, '0');
      const text = await fs.read(`${instance}/trace`);
      if (text === undefined) return { ok: false, reason: t('trace.stop.read', { path: `${fs.root}/${instance}/trace` }) };
      const parsedTrace = parseTraceOutput(text, format.data);
      const tally = tallyDrops(parsedTrace.events, { windowMs, reasonField: format.data.hasReason, lost: parsedTrace.lost });
      return {
        ok: true,
        tally,
        events: parsedTrace.events,
        format: format.data,
        capability,
        skipped: parsedTrace.skipped,
        globalChanges: [],
        warnings,
        instance,
      };
    } finally {
      const removed = await cleanup(!disabled);
      if (!removed.ok) warnings.push(t('trace.stop.remove', { instance, why: removed.reason }));
    }
  };

  const session: DropTraceSession = {
    instance,
    format: format.data,
    capability,
    stop: () => {
      stopping ??= stopOnce().then(async (r) => {
        if (!r.ok) return r;
        const after = await readGlobalTraceState(fs);
        return { ...r, globalChanges: diffGlobalTraceState(before, after) };
      });
      return stopping;
    },
    abort: () => {
      if (stopping) return stopping.then(() => undefined);
      aborting ??= (async () => {
        if (finished) return;
        finished = true;
        await cleanup();
      })();
      return aborting;
    },
  };
  return { ok: true, session };
}
