/**
 * Latent limiters: a shaper or queue configured far below what the path carries is a fault even in a
 * window where it dropped nothing (another fault upstream may be dropping the traffic first, or the
 * probe is too light to fill it). Judged from configuration alone (`basis: state`), as a warning, with
 * the real knob to change:
 * - tbf: `rate` under 1 Mbit/s, or a `burst` smaller than one full-size frame (1514 bytes: such a
 *   packet can never be sent), or a `limit` under one frame;
 * - pfifo: a `limit` of fewer than 10 packets; bfifo: a `limit` under 3,000 bytes (two frames).
 * - htb: its rates live on its classes (`tc -s class show dev X`, read only when an htb is there): a leaf
 *   class that carries the default traffic (the qdisc's `default`) or traffic that passed in the window,
 *   whose cap is under 1 Mbit/s: its `ceil`, or a smaller cap of a class above it (no class sends beyond
 *   its parent's), a class at the root being capped by its `rate` (it has no parent to borrow from). The
 *   class that caps is the knob: `tc class change dev X parent P classid C htb rate … ceil …`.
 * Pure.
 */
import { msg, t, type Param } from '../../i18n/index.js';
import type { Qdisc } from './model.js';
import type { TcClass } from './parse-tc-class.js';

/** Bits per second from a tc rate (`1Kbit`, `8kbit`, `100Mbit`, `12bit`; tc prints bits, `bps` is bytes). */
export function rateBits(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)([KkMmGgTt]?)(bit|bps)$/.exec(text);
  if (!m) return undefined;
  const mult = { '': 1, k: 1e3, m: 1e6, g: 1e9, t: 1e12 }[m[2]!.toLowerCase()] ?? 1;
  return Number(m[1]) * mult * (m[3] === 'bps' ? 8 : 1);
}

/** Bytes from a tc size (`300b`, `1600`, `10Kb`, `1Mb`). */
export function sizeBytes(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)([KkMmGg]?)b?$/.exec(text);
  if (!m) return undefined;
  const mult = { '': 1, k: 1024, m: 1024 * 1024, g: 1024 * 1024 * 1024 }[m[2]!.toLowerCase()] ?? 1;
  return Number(m[1]) * mult;
}

const option = (options: string, name: string): string | undefined => {
  const words = options.trim().split(/\s+/);
  const i = words.indexOf(name);
  return i >= 0 ? words[i + 1] : undefined;
};

const FRAME = 1514;
const RATE_FLOOR = 1_000_000;

/** What is too small, and the command that changes that knob. */
export interface LatentLimit {
  readonly knob: string;
  readonly value: string;
  /** Why it is too small: a sentence built by t(). */
  readonly why: string;
  readonly change: string;
}

/** `{bytes} bytes/s`, and how many full-size frames a second that is (one decimal, rounded down). */
export const perSecond = (bits: number): { bytes: number; frames: number } => ({ bytes: Math.round(bits / 8), frames: Math.max(0, Math.floor((bits / 8 / FRAME) * 10) / 10) });

/** Parts said one after another with `; ` between them (`；` in Chinese). */
export const semicolons = (parts: readonly Param[]): Param => parts.slice(1).reduce<Param>((acc, p) => msg('qdisc.list.semicolon', { a: acc, b: p }), parts[0] ?? '');

export function latentLimits(q: Qdisc): LatentLimit[] {
  const where = q.parent === 'root' ? 'root' : `parent ${q.parent} handle ${q.handle}`;
  const out: LatentLimit[] = [];
  if (q.kind === 'tbf') {
    const rate = option(q.options, 'rate');
    const burst = option(q.options, 'burst');
    const limit = option(q.options, 'limit');
    const bits = rate ? rateBits(rate) : undefined;
    const change = `tc qdisc change dev ${q.dev} ${where} tbf rate <rate> burst <bytes> limit <bytes>`;
    if (rate && bits !== undefined && bits < RATE_FLOOR) {
      out.push({ knob: 'rate', value: rate, why: t('qdisc.latent.tbf-rate', { rate, ...perSecond(bits) }), change: change.replace('<rate>', '100mbit') });
    }
    const b = burst ? sizeBytes(burst) : undefined;
    if (burst && b !== undefined && b < FRAME) out.push({ knob: 'burst', value: burst, why: t('qdisc.latent.tbf-burst', { burst, frame: FRAME }), change });
    const l = limit ? sizeBytes(limit) : undefined;
    if (limit && l !== undefined && l < FRAME) out.push({ knob: 'limit', value: limit, why: t('qdisc.latent.tbf-limit', { limit }), change });
  }
  if (q.kind === 'pfifo') {
    const limit = option(q.options, 'limit');
    const n = limit ? Number(limit.replace(/p$/, '')) : NaN;
    if (limit && Number.isFinite(n) && n < 10) out.push({ knob: 'limit', value: limit, why: t('qdisc.latent.pfifo-limit', { n }), change: `tc qdisc change dev ${q.dev} ${where} pfifo limit 1000` });
  }
  if (q.kind === 'bfifo') {
    const limit = option(q.options, 'limit');
    const n = limit ? sizeBytes(limit) : undefined;
    if (limit && n !== undefined && n < 2 * FRAME) out.push({ knob: 'limit', value: limit, why: t('qdisc.latent.bfifo-limit', { limit }), change: `tc qdisc change dev ${q.dev} ${where} bfifo limit 1500000` });
  }
  return out;
}

/** The class htb sends unclassified traffic to (`default 0x10` → `1:10`), or undefined for `default 0` / none. */
export function htbDefaultClass(q: Qdisc): string | undefined {
  if (q.kind !== 'htb') return undefined;
  const d = option(q.options, 'default');
  if (d === undefined || !/^(0x)?[0-9a-f]+$/i.test(d)) return undefined;
  const minor = Number.parseInt(d.replace(/^0x/i, ''), 16);
  const major = q.handle.split(':')[0] ?? '';
  return minor > 0 && major !== '' ? `${major}:${minor.toString(16)}` : undefined;
}

/** A leaf class of an htb that carries traffic, capped far below what the path carries. */
export interface HtbLatent {
  /** The class that caps: the leaf itself, or a class above it. */
  readonly limiter: TcClass;
  /** Its knob that caps: `ceil`, or `rate` for a class at the root (it has no parent to borrow from). */
  readonly knob: 'rate' | 'ceil';
  /** That knob's value as tc printed it (`8Kbit`). */
  readonly value: string;
  readonly bits: number;
  /** The leaf classes it caps that carry traffic (the default one, or one whose Sent rose). */
  readonly leaves: readonly TcClass[];
  /** `tc class change dev X parent P classid C htb rate R ceil C`. */
  readonly change: string;
}

const isRootClass = (c: TcClass): boolean => c.parent === 'root' || c.parent === '';

/**
 * What a class can send at most, by its own settings: its `ceil` (borrowing from its parent up to it), but
 * only its `rate` for a class at the root, which has no parent to borrow from.
 */
function capOf(c: TcClass): { knob: 'rate' | 'ceil'; value: string; bits: number } | undefined {
  const knob = isRootClass(c) || c.ceil === undefined ? 'rate' : 'ceil';
  const value = knob === 'rate' ? c.rate : c.ceil;
  const bits = value !== undefined ? rateBits(value) : undefined;
  return value !== undefined && bits !== undefined ? { knob, value, bits } : undefined;
}

/** The smallest cap from `c` up to the root (no class sends beyond its parent's cap); a cycle cannot loop. */
function smallestCap(c: TcClass | undefined, byId: ReadonlyMap<string, TcClass>): { cls: TcClass; knob: 'rate' | 'ceil'; value: string; bits: number } | undefined {
  let best: { cls: TcClass; knob: 'rate' | 'ceil'; value: string; bits: number } | undefined;
  const seen = new Set<string>();
  for (let x = c; x !== undefined && !seen.has(x.classid); x = byId.get(x.parent)) {
    seen.add(x.classid);
    const cap = capOf(x);
    if (cap && (best === undefined || cap.bits < best.bits)) best = { cls: x, ...cap };
  }
  return best;
}

/**
 * The htb's leaf classes that carry traffic (the default class, and those in `carrying`: their Sent rose),
 * each capped by the smallest cap on its way up; one entry per capping class under 1 Mbit/s. Classes of
 * another qdisc (another major number) are ignored.
 */
export function latentHtbClasses(q: Qdisc, classes: readonly TcClass[], carrying: ReadonlySet<string>): HtbLatent[] {
  if (q.kind !== 'htb') return [];
  const major = q.handle.split(':')[0] ?? '';
  const mine = classes.filter((c) => c.kind === 'htb' && c.classid.split(':')[0] === major);
  const byId = new Map(mine.map((c) => [c.classid, c]));
  const parents = new Set(mine.map((c) => c.parent));
  const def = htbDefaultClass(q);
  const out = new Map<string, { limiter: TcClass; knob: 'rate' | 'ceil'; value: string; bits: number; leaves: TcClass[]; change: string }>();
  for (const leaf of mine.filter((c) => !parents.has(c.classid))) {
    if (leaf.classid !== def && !carrying.has(leaf.classid)) continue;
    const cap = smallestCap(leaf, byId);
    if (cap === undefined || cap.bits >= RATE_FLOOR) continue;
    const known = out.get(cap.cls.classid);
    if (known) known.leaves.push(leaf);
    else out.set(cap.cls.classid, { limiter: cap.cls, knob: cap.knob, value: cap.value, bits: cap.bits, leaves: [leaf], change: htbChange(q, cap.cls, byId) });
  }
  return [...out.values()];
}

/**
 * The command that lifts the cap. A class under another keeps its guaranteed rate and gets a ceiling up
 * to the smallest cap above it when that is at least 1 Mbit/s (what it could borrow up to), else 100mbit;
 * a class at the root (it borrows from nobody) gets that figure as both rate and ceil.
 */
function htbChange(q: Qdisc, c: TcClass, byId: ReadonlyMap<string, TcClass>): string {
  const above = isRootClass(c) ? undefined : smallestCap(byId.get(c.parent), byId);
  const ceil = above !== undefined && above.bits >= RATE_FLOOR ? above.value.toLowerCase() : '100mbit';
  const ceilBits = rateBits(ceil) ?? Infinity;
  const rateNow = c.rate !== undefined ? rateBits(c.rate) : undefined;
  const rate = !isRootClass(c) && c.rate !== undefined && rateNow !== undefined && rateNow <= ceilBits ? c.rate.toLowerCase() : ceil;
  const parent = isRootClass(c) ? q.handle : c.parent;
  return `tc class change dev ${q.dev} parent ${parent} classid ${c.classid} htb rate ${rate} ceil ${ceil}`;
}
