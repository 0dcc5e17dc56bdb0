/**
 * Latent limiters: a shaper or queue configured far below what the path carries is a fault even in a
 * window where it dropped nothing (another fault upstream may be dropping the traffic first, or the
 * probe is too light to fill it). Judged from configuration alone (`basis: state`), as a warning, with
 * the real knob to change:
 * - tbf: `rate` under 1 Mbit/s, or a `burst` smaller than one full-size frame (1514 bytes: such a
 *   packet can never be sent), or a `limit` under one frame;
 * - pfifo: a `limit` of fewer than 10 packets; bfifo: a `limit` under 3,000 bytes (two frames).
 * An htb qdisc's rates live on its classes (`tc class show`), which this reading does not hold.
 * Pure.
 */
import type { Qdisc } from './model.js';

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
  readonly why: string;
  readonly change: string;
}

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
      out.push({ knob: 'rate', value: rate, why: `tbf lets ${rate} through (${Math.round(bits / 8)} bytes/s: about ${Math.max(0, Math.floor(bits / 8 / FRAME * 10) / 10)} full-size frames a second)`, change: change.replace('<rate>', '100mbit') });
    }
    const b = burst ? sizeBytes(burst) : undefined;
    if (burst && b !== undefined && b < FRAME) out.push({ knob: 'burst', value: burst, why: `its burst (${burst}) is smaller than one full-size frame (${FRAME} bytes): such frames can never be sent`, change });
    const l = limit ? sizeBytes(limit) : undefined;
    if (limit && l !== undefined && l < FRAME) out.push({ knob: 'limit', value: limit, why: `its queue limit (${limit}) holds less than one full-size frame`, change });
  }
  if (q.kind === 'pfifo') {
    const limit = option(q.options, 'limit');
    const n = limit ? Number(limit.replace(/p$/, '')) : NaN;
    if (limit && Number.isFinite(n) && n < 10) out.push({ knob: 'limit', value: limit, why: `its queue holds ${n} packet(s): any burst longer than that is dropped`, change: `tc qdisc change dev ${q.dev} ${where} pfifo limit 1000` });
  }
  if (q.kind === 'bfifo') {
    const limit = option(q.options, 'limit');
    const n = limit ? sizeBytes(limit) : undefined;
    if (limit && n !== undefined && n < 2 * FRAME) out.push({ knob: 'limit', value: limit, why: `its queue holds ${limit}: less than two full-size frames`, change: `tc qdisc change dev ${q.dev} ${where} bfifo limit 1500000` });
  }
  return out;
}
