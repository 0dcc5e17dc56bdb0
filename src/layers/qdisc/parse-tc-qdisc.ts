/**
 * Parser for `tc qdisc show` / `tc -s qdisc show [dev X]` (iproute2).
 *
 * Each qdisc starts with a line `qdisc <kind> <handle> [dev <dev>] (root|ingress|parent <id>) [refcnt N] <options>`.
 * With `-s`, tc prints the qdisc's `struct gnet_stats_basic`/`gnet_stats_queue` below it:
 * ` Sent <bytes> bytes <pkts> pkt (dropped <n>, overlimits <n> requeues <n>)` and
 * ` backlog <size> <n>p requeues <n>`, then kind-specific extra lines (fq_codel's `maxpacket ... drop_overlimit`,
 * cake's tin table, ...), which are skipped here.
 *
 * `dropped` is the qdisc's own drop counter (`qstats.drops`): packets the queueing discipline discarded (queue
 * full, tbf/htb policing, netem's emulated loss, AQM drops). `overlimits` counts packets that hit a rate limit
 * (shaped, not necessarily dropped).
 */
import { t } from '../../i18n/index.js';
import { parsed, unparsable, type ParseResult } from '../../core/types.js';
import { lines, parseCount } from '../../core/parse-util.js';
import type { NetemSettings, Qdisc, QdiscStats } from './model.js';

const QDISC_LINE = /^qdisc\s+(\S+)\s+([0-9a-fA-F]*:[0-9a-fA-F]*)(.*)$/;
const SENT_LINE = /^Sent\s+(\d+)\s+bytes\s+(\d+)\s+pkt\b(?:\s*\(dropped\s+(\d+),\s*overlimits\s+(\d+)(?:\s+requeues\s+(\d+))?\))?/;
const BACKLOG = /\bbacklog\s+(\d+(?:\.\d+)?)([KMGT]?)b\s+(\d+)p\b/;

interface Building {
  head: Omit<Qdisc, 'stats' | 'netem'>;
  netem?: NetemSettings;
  stats?: QdiscStats;
}

/**
 * Parses `tc [-s] qdisc show [dev X]`. When tc is asked about one device it omits `dev X` from every line: pass
 * that device as `defaultDev` (otherwise `dev` is the empty string for such lines).
 * Never throws; returns `unparsable` when no `qdisc` line is found.
 */
export function parseTcQdisc(text: string, defaultDev?: string): ParseResult<Qdisc[]> {
  if (typeof text !== 'string' || text.trim() === '') return unparsable(t('qdisc.parse.empty'));
  const out: Building[] = [];
  let current: Building | undefined;
  for (const raw of lines(text)) {
    const line = raw.replace(/\t/g, ' ').trim();
    if (line === '') continue;
    const head = parseQdiscLine(line, defaultDev);
    if (head) {
      current = { head };
      if (head.kind === 'netem') current.netem = parseNetemOptions(head.options);
      out.push(current);
      continue;
    }
    if (!current) continue;
    const sent = SENT_LINE.exec(line);
    if (sent) {
      current.stats = {
        sentBytes: parseCount(sent[1]) ?? 0,
        sentPackets: parseCount(sent[2]) ?? 0,
        dropped: parseCount(sent[3]) ?? 0,
        overlimits: parseCount(sent[4]) ?? 0,
        requeues: parseCount(sent[5]) ?? 0,
      };
      continue;
    }
    const backlog = BACKLOG.exec(line);
    if (backlog && current.stats) {
      const bytes = parseSize(backlog[1], backlog[2]);
      const pkts = parseCount(backlog[3]);
      current.stats = {
        ...current.stats,
        ...(bytes !== undefined ? { backlogBytes: bytes } : {}),
        ...(pkts !== undefined ? { backlogPackets: pkts } : {}),
      };
    }
    // Anything else (fq_codel/cake/htb extra stats, garbage) belongs to no field of the model: skipped.
  }
  if (out.length === 0) return unparsable(t('qdisc.parse.none'));
  return parsed(
    out.map((b) => ({
      ...b.head,
      ...(b.stats ? { stats: b.stats } : {}),
      ...(b.netem ? { netem: b.netem } : {}),
    })),
  );
}

function parseQdiscLine(line: string, defaultDev: string | undefined): Omit<Qdisc, 'stats' | 'netem'> | undefined {
  const m = QDISC_LINE.exec(line);
  if (!m) return undefined;
  const kind = m[1] ?? '';
  const handle = m[2] ?? '';
  let rest = m[3] ?? '';
  let dev = defaultDev ?? '';
  const devM = /^\s+dev\s+(\S+)/.exec(rest);
  if (devM) {
    dev = devM[1] ?? dev;
    rest = rest.slice(devM[0].length);
  }
  let parent = '';
  const parentM = /^\s+(?:(root|ingress)\b|parent\s+(\S+))/.exec(rest);
  if (parentM) {
    parent = parentM[1] ?? parentM[2] ?? '';
    rest = rest.slice(parentM[0].length);
  }
  const refcntM = /^\s+refcnt\s+\d+/.exec(rest);
  if (refcntM) rest = rest.slice(refcntM[0].length);
  return { kind, handle, dev, parent, options: rest.trim(), line };
}

/** A tc size (`1514b`, `2Kb`, `1.5Mb`): tc prints sizes in powers of 1024. */
function parseSize(num: string | undefined, unit: string | undefined): number | undefined {
  if (num === undefined) return undefined;
  const n = Number(num);
  if (!Number.isFinite(n)) return undefined;
  const scale = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 }[unit ?? ''] ?? 1;
  return Math.round(n * scale);
}

/** A tc time (`100ms`, `10.0ms`, `0.1s`, `500us`, `20ns`) in milliseconds. */
export function parseTcTimeMs(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)(ns|nsec|us|usec|µs|ms|msec|s|sec|secs)$/.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]);
  if (!Number.isFinite(n)) return undefined;
  const unit = m[2] ?? 'ms';
  const factor = unit.startsWith('n') ? 1e-6 : unit === 'us' || unit === 'usec' || unit === 'µs' ? 1e-3 : unit.startsWith('m') ? 1 : 1000;
  return n * factor;
}

function parsePct(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)%$/.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * netem's impairments from its option text as tc prints it (`limit 1000 delay 10.0ms  15.0ms 1% loss 10% 6.3%
 * reorder 6% 0.6% corrupt 3.4% gap 1`). Correlations are skipped. `loss state ...` / `loss gemodel ...` set
 * `lossModel` and leave `lossPct` unset: their parameters are transition probabilities, not a loss rate.
 */
export function parseNetemOptions(options: string): NetemSettings {
  const t = options.split(/\s+/).filter((s) => s !== '');
  const s: { -readonly [K in keyof NetemSettings]: NetemSettings[K] } = {};
  for (let i = 0; i < t.length; i++) {
    const tok = t[i];
    switch (tok) {
      case 'limit': {
        const n = parseCount(t[i + 1]);
        if (n !== undefined) {
          s.limit = n;
          i++;
        }
        break;
      }
      case 'delay':
      case 'latency': {
        const d = parseTcTimeMs(t[i + 1]);
        if (d === undefined) break;
        s.delayMs = d;
        i++;
        const j = parseTcTimeMs(t[i + 1]);
        if (j !== undefined) {
          s.jitterMs = j;
          i++;
          if (parsePct(t[i + 1]) !== undefined) i++;
        }
        break;
      }
      case 'loss': {
        const next = t[i + 1];
        if (next === 'state' || next === 'gemodel') {
          s.lossModel = next;
          i++;
          while (parsePct(t[i + 1]) !== undefined) i++;
          break;
        }
        if (next === 'random') i++;
        const p = parsePct(t[i + 1]);
        if (p !== undefined) {
          s.lossPct = p;
          i++;
          if (parsePct(t[i + 1]) !== undefined) i++;
        }
        break;
      }
      case 'duplicate':
      case 'corrupt':
      case 'reorder': {
        const p = parsePct(t[i + 1]);
        if (p === undefined) break;
        if (tok === 'duplicate') s.duplicatePct = p;
        else if (tok === 'corrupt') s.corruptPct = p;
        else s.reorderPct = p;
        i++;
        if (parsePct(t[i + 1]) !== undefined) i++;
        break;
      }
      case 'rate': {
        const r = t[i + 1];
        if (r !== undefined && /^\d/.test(r)) {
          s.ratePerSec = r;
          i++;
        }
        break;
      }
      default:
        break;
    }
  }
  return s;
}
