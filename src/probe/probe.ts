/**
 * The loss/RTT probe: the seed case's `hping3 -c 10 -S -p 80 <addr>`, run through the Runner when
 * hping3 is installed, or the built-in TCP handshake probe otherwise. Bounded in count, rate and
 * time; every failure comes back as `{ ok: false, reason }`.
 */
import { lookup } from 'node:dns/promises';
import { isIP, isIPv6 } from 'node:net';
import type { CommandResult } from '../core/types.js';
import { displayArgv, readCommand, type Runner } from '../targets/runner.js';
import { connectBatch, type AttemptOutcome } from './connect-probe.js';
import { parseHping3 } from './parse-hping3.js';
import type { ProbeOutcome, ProbeSpec, ProbeStats, RttSummary } from './types.js';
import { classifyLoss, wilsonInterval } from './wilson.js';
import { t } from '../i18n/index.js';

export { wilsonInterval, classifyLoss } from './wilson.js';

/** 20 probes at 10 per second, each waiting up to 1 s for its answer. */
export const DEFAULT_PROBE = { count: 20, intervalMs: 100, timeoutMs: 1000 } as const;

/** Hard bounds: no probe run sends more than `maxCount` probes or faster than one per `minIntervalMs`. */
export const PROBE_LIMITS = { maxCount: 1000, minIntervalMs: 10, maxIntervalMs: 10_000, maxTimeoutMs: 30_000 } as const;

/** Probes per batch after the first one in an adaptive run. */
export const ADAPTIVE_BATCH = 10;

/** Extra time hping3 gets beyond `count * interval`: it waits 1 s for late replies, plus start-up. */
const HPING3_SLACK_MS = 5000;

const HOSTNAME =
  /^(?=.{1,253}\.?$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;

/** True for an IPv4/IPv6 literal or a DNS hostname; never for anything an argv parser could take as an option. */
export function isValidProbeHost(host: string): boolean {
  if (host.startsWith('-')) return false;
  return isIP(host) !== 0 || HOSTNAME.test(host);
}

/** Why `spec` cannot be probed, or undefined when it is valid. */
export function validateProbeSpec(spec: ProbeSpec): string | undefined {
  const int = (n: number, lo: number, hi: number): boolean => Number.isInteger(n) && n >= lo && n <= hi;
  if (!isValidProbeHost(spec.host)) return t('probe.invalid.host', { host: JSON.stringify(spec.host) });
  if (!int(spec.port, 1, 65535)) return t('probe.invalid.port', { port: String(spec.port) });
  if (!int(spec.count, 1, PROBE_LIMITS.maxCount)) return t('probe.invalid.count', { count: String(spec.count), max: PROBE_LIMITS.maxCount });
  if (!int(spec.intervalMs, PROBE_LIMITS.minIntervalMs, PROBE_LIMITS.maxIntervalMs)) {
    return t('probe.invalid.interval', { interval: String(spec.intervalMs), min: PROBE_LIMITS.minIntervalMs, max: PROBE_LIMITS.maxIntervalMs });
  }
  if (!int(spec.timeoutMs, 1, PROBE_LIMITS.maxTimeoutMs)) return t('probe.invalid.timeout', { timeout: String(spec.timeoutMs), max: PROBE_LIMITS.maxTimeoutMs });
  if (spec.adaptive) {
    const { maxCount, thresholdPct } = spec.adaptive;
    if (!int(maxCount, spec.count, PROBE_LIMITS.maxCount)) {
      return t('probe.invalid.max-count', { maxCount: String(maxCount), min: String(spec.count), max: PROBE_LIMITS.maxCount });
    }
    if (!(thresholdPct > 0 && thresholdPct < 100)) return t('probe.invalid.threshold', { threshold: String(thresholdPct) });
  }
  return undefined;
}

/** The hping3 argv for one batch: `hping3 -c N -i u<µs> -S -p <port> <host>`. */
export function hping3Argv(host: string, port: number, count: number, intervalMs: number): string[] {
  return ['hping3', '-c', String(count), '-i', `u${intervalMs * 1000}`, '-S', '-p', String(port), host];
}

/** One batch's counts, before they are added up. */
interface BatchCounts {
  sent: number;
  received: number;
  refused: number;
  duplicates: number;
  synAcks: number;
  /** RTT summary of this batch and how many answers it summarises. */
  rtt: RttSummary | null;
  rttCount: number;
}

type BatchOutcome = { ok: true; counts: BatchCounts } | { ok: false; reason: string; permission?: boolean };

type Method = ProbeStats['method'];

async function hping3Installed(runner: Runner): Promise<CommandResult> {
  return runner.run(readCommand(['hping3', '--version'], 5000));
}

async function hping3Batch(runner: Runner, spec: ProbeSpec, count: number): Promise<BatchOutcome> {
  const argv = hping3Argv(spec.host, spec.port, count, spec.intervalMs);
  const result = await runner.run(readCommand(argv, count * spec.intervalMs + HPING3_SLACK_MS));
  const failure = result.failure;
  if (failure && failure.kind !== 'nonzero' && failure.kind !== 'permission') {
    return { ok: false, reason: failure.hint };
  }
  const run = parseHping3(result.stdout, result.stderr);
  if (!run.ok) {
    // hping3 exits 1 when nothing was answered: that is 100% loss, which still has a summary.
    const permission = failure?.kind === 'permission' || /operation not permitted|can't open raw socket/i.test(result.stderr);
    const why = permission ? t('probe.hping3.needs-root') : run.reason;
    return { ok: false, reason: t('probe.hping3.failed', { command: displayArgv(argv), why }), permission };
  }
  const d = run.data;
  if (d.sent === 0) return { ok: false, reason: t('probe.hping3.sent-nothing', { command: displayArgv(argv) }) };
  return {
    ok: true,
    counts: {
      sent: d.sent,
      received: d.received,
      refused: d.refused,
      duplicates: d.duplicates,
      synAcks: d.synAcks,
      rtt: d.rttMs,
      rttCount: d.received,
    },
  };
}

/** Local errors that mean the probe never left this host: nothing about the path is measured. */
const LOCAL_ONLY = new Set(['ENETUNREACH', 'EADDRNOTAVAIL', 'EINVAL', 'EAFNOSUPPORT', 'EMFILE', 'ENFILE', 'ENOBUFS']);

function summariseAttempts(attempts: readonly AttemptOutcome[]): { counts: BatchCounts; errors: Map<string, number> } {
  const rtts: number[] = [];
  let refused = 0;
  const errors = new Map<string, number>();
  for (const a of attempts) {
    if (a.kind === 'connected' || a.kind === 'refused') rtts.push(a.rttMs);
    if (a.kind === 'refused') refused++;
    if (a.kind === 'error') errors.set(a.code, (errors.get(a.code) ?? 0) + 1);
  }
  let rtt: RttSummary | null = null;
  if (rtts.length > 0) {
    const sum = rtts.reduce((s, v) => s + v, 0);
    rtt = { min: Math.min(...rtts), avg: sum / rtts.length, max: Math.max(...rtts) };
  }
  return {
    counts: { sent: attempts.length, received: rtts.length, refused, duplicates: 0, synAcks: 0, rtt, rttCount: rtts.length },
    errors,
  };
}

function addCounts(a: BatchCounts, b: BatchCounts): BatchCounts {
  let rtt: RttSummary | null = a.rtt ?? b.rtt;
  if (a.rtt && b.rtt) {
    const n = a.rttCount + b.rttCount;
    rtt = {
      min: Math.min(a.rtt.min, b.rtt.min),
      max: Math.max(a.rtt.max, b.rtt.max),
      avg: n === 0 ? 0 : (a.rtt.avg * a.rttCount + b.rtt.avg * b.rttCount) / n,
    };
  }
  return {
    sent: a.sent + b.sent,
    received: a.received + b.received,
    refused: a.refused + b.refused,
    duplicates: a.duplicates + b.duplicates,
    synAcks: a.synAcks + b.synAcks,
    rtt,
    rttCount: a.rttCount + b.rttCount,
  };
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

/**
 * The built-in probe runs no external command: it is described with its real arguments, never as an
 * hping3 line it did not run.
 */
export const connectDescription = (address: string, port: number, count: number, intervalMs: number, timeoutMs: number): string =>
  t('probe.connect.description', { count: String(count), address, port: String(port), interval: String(intervalMs), timeout: String(timeoutMs) });

/** The commands of a run, in order; repeated identical batches are counted, not repeated. */
export function joinRuns(ran: readonly string[]): string {
  const out: { text: string; n: number }[] = [];
  for (const r of ran) {
    const last = out.at(-1);
    if (last?.text === r) last.n += 1;
    else out.push({ text: r, n: 1 });
  }
  const said = out.map((x) => (x.n > 1 ? t('probe.runs.repeated', { text: x.text, n: String(x.n) }) : x.text));
  return said.length === 0 ? '' : said.reduce((a, b) => t('probe.runs.then', { a, b }));
}

async function chooseMethod(runner: Runner, spec: ProbeSpec, notes: string[]): Promise<{ ok: true; method: Method } | { ok: false; reason: string }> {
  if (spec.method === 'connect') return { ok: true, method: 'connect' };
  if (isIPv6(spec.host)) {
    if (spec.method === 'hping3') return { ok: false, reason: t('probe.method.ipv6-hping3') };
    notes.push(t('probe.note.ipv6'));
    return { ok: true, method: 'connect' };
  }
  const version = await hping3Installed(runner);
  if (version.ok) return { ok: true, method: 'hping3' };
  const hint = version.failure?.hint ?? t('probe.hping3.version-failed');
  if (spec.method === 'hping3') return { ok: false, reason: hint };
  notes.push(
    version.failure?.kind === 'not-found'
      ? t('probe.note.not-installed')
      : t('probe.note.not-usable', { hint }),
  );
  return { ok: true, method: 'connect' };
}

/**
 * Probe `spec.host:spec.port` and report sent/received/loss/RTT with the loss rate's 95% Wilson
 * interval. With `spec.adaptive`, probing continues in batches of {@link ADAPTIVE_BATCH} until the
 * interval lies clearly below or above the threshold or `maxCount` probes were sent.
 *
 * A run where every probe was lost is a valid measurement (100% loss), not a failure; only an
 * invalid spec, a missing or unusable tool, unparsable output, a timeout or an abort are failures.
 */
export async function runProbe(runner: Runner, spec: ProbeSpec, opts: { signal?: AbortSignal } = {}): Promise<ProbeOutcome> {
  const invalid = validateProbeSpec(spec);
  if (invalid) return { ok: false, reason: invalid };
  const started = performance.now();
  const notes: string[] = [];
  const chosen = await chooseMethod(runner, spec, notes);
  if (!chosen.ok) return chosen;
  let method: Method = chosen.method;

  let address = spec.host;
  const resolveAddress = async (): Promise<string | undefined> => {
    if (isIP(spec.host) !== 0) return undefined;
    try {
      address = (await lookup(spec.host)).address;
      return undefined;
    } catch (e) {
      return t('probe.fail.resolve', { host: spec.host, error: e instanceof Error ? e.message : String(e) });
    }
  };
  if (method === 'connect') {
    const unresolved = await resolveAddress();
    if (unresolved) return { ok: false, reason: unresolved };
  }

  const maxCount = spec.adaptive?.maxCount ?? spec.count;
  let total: BatchCounts | undefined;
  /** What really ran, batch by batch (item: the report shows the probe's exact arguments). */
  const ran: string[] = [];
  const localErrors = new Map<string, number>();
  let batchSize = spec.count;

  while (true) {
    if (opts.signal?.aborted) return { ok: false, reason: t('probe.fail.interrupted') };
    let batch: BatchOutcome;
    if (method === 'hping3') {
      ran.push(displayArgv(hping3Argv(spec.host, spec.port, batchSize, spec.intervalMs)));
      batch = await hping3Batch(runner, spec, batchSize);
      if (!batch.ok && batch.permission && spec.method === 'auto' && total === undefined) {
        notes.push(t('probe.note.not-root'));
        method = 'connect';
        const unresolved = await resolveAddress();
        if (unresolved) return { ok: false, reason: unresolved };
        continue;
      }
    } else {
      ran.push(connectDescription(address, spec.port, batchSize, spec.intervalMs, spec.timeoutMs));
      const r = await connectBatch(address, spec.port, batchSize, spec.intervalMs, spec.timeoutMs, opts.signal);
      if (r.aborted) return { ok: false, reason: t('probe.fail.interrupted') };
      const s = summariseAttempts(r.attempts);
      for (const [code, n] of s.errors) localErrors.set(code, (localErrors.get(code) ?? 0) + n);
      batch = { ok: true, counts: s.counts };
    }
    if (!batch.ok) return { ok: false, reason: batch.reason };
    total = total ? addCounts(total, batch.counts) : batch.counts;

    if (!spec.adaptive || total.sent >= maxCount) break;
    const interval = wilsonInterval(total.sent - total.received, total.sent);
    if (classifyLoss(interval, spec.adaptive.thresholdPct) !== 'undecided') break;
    batchSize = Math.min(ADAPTIVE_BATCH, maxCount - total.sent);
  }

  if (method === 'connect' && total.received === 0 && localErrors.size > 0) {
    const localOnly = [...localErrors.keys()].every((c) => LOCAL_ONLY.has(c));
    const summary = [...localErrors].map(([c, n]) => `${c} ×${n}`).join(', ');
    if (localOnly) return { ok: false, reason: t('probe.fail.local-only', { summary }) };
  }
  for (const [code, n] of localErrors) {
    notes.push(
      code === 'EPERM'
        ? t('probe.note.eperm', { n: String(n) })
        : t('probe.note.local-error', { n: String(n), code }),
    );
  }

  const lost = total.sent - total.received;
  const interval = wilsonInterval(lost, total.sent);
  const rtt = total.rtt ? { min: total.rtt.min, avg: round2(total.rtt.avg), max: total.rtt.max } : null;
  const stats: ProbeStats = {
    method,
    command: joinRuns(ran),
    host: spec.host,
    port: spec.port,
    sent: total.sent,
    received: total.received,
    lossPct: round2((lost / total.sent) * 100),
    rttMs: rtt,
    refused: total.refused,
    duplicates: total.duplicates,
    durationMs: Math.round(performance.now() - started),
    lossInterval: { low: round2(interval.low), high: round2(interval.high) },
    synAckNoise: method === 'hping3' ? total.synAcks : 0,
    notes,
  };
  return { ok: true, stats };
}
