/**
 * Counting drop events over a measurement window, and telling the usual benign drops from causes.
 */
import type { DropEvent } from './parse-trace.js';
import { describeReason, locationLayer, reasonLayer, USUALLY_BENIGN, type DropLayer } from './reasons.js';
import { msg, t } from '../i18n/index.js';

/** The drop events of one window, counted. */
export interface DropTally {
  readonly total: number;
  /** By reason name; empty when the kernel has no reason field. */
  readonly byReason: Record<string, number>;
  /** By freeing function (`nft_do_chain`, `__dev_queue_xmit`, `tcp_v4_rcv`). */
  readonly byLocation: Record<string, number>;
  /** `REASON@location` pairs: `NETFILTER_DROP@nft_do_chain`. */
  readonly byReasonAtLocation: Record<string, number>;
  /** By layer, from the reason, or from the location when the kernel gives no reason. */
  readonly byLayer: Record<string, number>;
  /**
   * By reason (or location, without a reason field), then by the event's `protocol` (the ethertype:
   * 2048 IPv4, 34525 IPv6, 2054 ARP; `?` when absent): which family the dropped packets were.
   */
  readonly byReasonProtocol?: Record<string, Record<string, number>>;
  /** Events the ring buffer lost (overwritten or `[LOST n EVENTS]`): the counts above are a lower bound. */
  readonly lost: number;
  readonly windowMs: number;
  /** Whether the kernel's event carries a reason; false means location-only counts. */
  readonly reasonField: boolean;
}

export interface TallyOptions {
  readonly windowMs: number;
  readonly reasonField: boolean;
  readonly lost?: number;
}

const bump = (r: Record<string, number>, k: string, n = 1): void => {
  r[k] = (r[k] ?? 0) + n;
};

/** The layer of one event: its reason's, or its location's on kernels without reasons. */
export function eventLayer(e: DropEvent): DropLayer {
  return e.reason !== undefined ? reasonLayer(e.reason, e.location) : locationLayer(e.location);
}

export function tallyDrops(events: readonly DropEvent[], opts: TallyOptions): DropTally {
  const byReason: Record<string, number> = {};
  const byLocation: Record<string, number> = {};
  const byReasonAtLocation: Record<string, number> = {};
  const byLayer: Record<string, number> = {};
  const byReasonProtocol: Record<string, Record<string, number>> = {};
  for (const e of events) {
    const loc = e.location ?? 'unknown';
    const key = opts.reasonField && e.reason !== undefined ? e.reason : loc;
    bump((byReasonProtocol[key] ??= {}), e.protocol !== undefined ? String(e.protocol) : '?');
    if (e.reason !== undefined) {
      bump(byReason, e.reason);
      bump(byReasonAtLocation, `${e.reason}@${loc}`);
    }
    bump(byLocation, loc);
    bump(byLayer, eventLayer(e));
  }
  return {
    total: events.length,
    byReason,
    byLocation,
    byReasonAtLocation,
    byLayer,
    byReasonProtocol,
    lost: opts.lost ?? 0,
    windowMs: opts.windowMs,
    reasonField: opts.reasonField,
  };
}

export interface BenignContext {
  /** How the probe sent its traffic: raw SYNs (hping3) make the prober's own kernel drop replies. */
  readonly probeMethod?: 'hping3' | 'connect';
  /**
   * SYN-ACKs (and RSTs) that reached the prober for its raw SYNs: each is dropped by the prober's
   * kernel as NO_SOCKET at tcp_v4_rcv because no socket sent that SYN.
   */
  readonly synAckNoise?: number;
  readonly windowMs: number;
  /** A usually-benign reason becomes suspicious above this rate (events/s) ... */
  readonly maxBenignRatePerSec?: number;
  /** ... and this share of all drop events. Both must be exceeded ... */
  readonly maxBenignShare?: number;
  /** ... by at least this many events: a rate read off a handful of events in a short window says nothing. */
  readonly minFrequentCount?: number;
}

export interface ReasonVerdict {
  readonly count: number;
  /** Events attributed to pktdrop's own probe traffic. */
  readonly noise: number;
  /** `count - noise`. */
  readonly net: number;
  /** True: not a cause. False: a drop the diagnosis must explain. */
  readonly benign: boolean;
  readonly why: string;
}

/**
 * Subtract the probe's own noise and mark the usual benign reasons (NO_SOCKET, OTHERHOST,
 * UNHANDLED_PROTO, NOT_SPECIFIED, QUEUE_PURGE, IPV6DISABLED) as benign unless they are both frequent and a large
 * share of all drops. Every other reason is a real drop (benign: false).
 */
export function classifyBenign(tally: DropTally, ctx: BenignContext): Record<string, ReasonVerdict> {
  const maxRate = ctx.maxBenignRatePerSec ?? 50;
  const maxShare = ctx.maxBenignShare ?? 0.5;
  const minCount = ctx.minFrequentCount ?? 20;
  // The trace's own duration when it is longer than the engine's window (it also spans the samples).
  const seconds = Math.max(ctx.windowMs, tally.windowMs, 1) / 1000;
  const noisePool = ctx.probeMethod === 'hping3' ? Math.max(0, ctx.synAckNoise ?? 0) : 0;
  const out: Record<string, ReasonVerdict> = {};
  for (const [reason, count] of Object.entries(tally.byReason)) {
    const noise = reason === 'NO_SOCKET' ? Math.min(count, noisePool) : 0;
    const net = count - noise;
    if (net === 0) {
      out[reason] = { count, noise, net, benign: true, why: t('trace.why.all-noise', { count }) };
      continue;
    }
    if (!USUALLY_BENIGN.has(reason)) {
      out[reason] = { count, noise, net, benign: false, why: describeReason(reason).meaning };
      continue;
    }
    const rate = net / seconds;
    const share = tally.total > 0 ? net / tally.total : 0;
    const rateText = msg('trace.rate', { rate: rate.toFixed(1), share: (share * 100).toFixed(0) });
    out[reason] =
      rate > maxRate && share > maxShare && net >= minCount
        ? { count, noise, net, benign: false, why: t('trace.why.frequent', { rate: rateText }) }
        : { count, noise, net, benign: true, why: t('trace.why.not-frequent', { rate: rateText, meaning: describeReason(reason).meaningMsg }) };
  }
  return out;
}

/** One reason before and after a fix: the verification "QDISC_DROP 21 → 0". */
export interface ReasonChange {
  readonly reason: string;
  readonly before: number;
  readonly after: number;
  /** `resolved` (fell to 0), `improved`, `unchanged`, `worse`, or `new`. */
  readonly verdict: 'resolved' | 'improved' | 'unchanged' | 'worse' | 'new';
  readonly text: string;
}

/**
 * Compare two windows' tallies by reason (or by location on kernels without reasons). Counts are
 * rates-normalised when the windows differ in length.
 */
export function compareDropTallies(before: DropTally, after: DropTally, reasons?: readonly string[]): ReasonChange[] {
  const pick = (t: DropTally): Record<string, number> => (t.reasonField ? t.byReason : t.byLocation);
  const b = pick(before);
  const a = pick(after);
  const keys = reasons ?? [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
  const scale = before.windowMs > 0 && after.windowMs > 0 ? before.windowMs / after.windowMs : 1;
  return keys.map((reason) => {
    const x = b[reason] ?? 0;
    const y = a[reason] ?? 0;
    const yScaled = y * scale;
    const verdict: ReasonChange['verdict'] =
      x === 0 ? (y === 0 ? 'unchanged' : 'new') : y === 0 ? 'resolved' : yScaled < x * 0.8 ? 'improved' : yScaled > x * 1.2 ? 'worse' : 'unchanged';
    return { reason, before: x, after: y, verdict, text: `${reason} ${x} → ${y}` };
  });
}
