/**
 * Parser for the output of `hping3 -S -p <port> <host>` (TCP SYN mode).
 *
 * hping3 prints one line per matching reply on stdout and its summary on stderr:
 *
 * ```
 * len=44 ip=10.251.0.2 ttl=64 DF id=0 sport=80 flags=SA seq=3 win=64240 rtt=0.3 ms
 * DUP! len=44 ip=10.251.0.2 ttl=64 DF id=0 sport=80 flags=SA seq=2 win=64240 rtt=1024.5 ms
 * --- 10.251.0.2 hping statistic ---
 * 20 packets transmitted, 13 packets received, 35% packet loss
 * round-trip min/avg/max = 0.1/314.3/1026.7 ms
 * ```
 *
 * hping3's own `received` counts every matching packet, duplicates and ICMP errors included, so
 * its loss figure understates loss when the server retransmits SYN-ACKs. This parser recounts:
 * `received` is the number of distinct seqs that got a TCP reply, and RTT is taken from the first
 * reply of each seq. Upstream hping3 spells the summary "packets tramitted"; Debian's build says
 * "transmitted". Both are accepted.
 */
import { lines, parseCount } from '../core/parse-util.js';
import { parsed, unparsable, type ParseResult } from '../core/types.js';
import type { RttSummary } from './types.js';
import { t } from '../i18n/index.js';

/** One TCP reply line of hping3. */
export interface Hping3Reply {
  /** The line started with `DUP!`: hping3 had already seen a reply for this seq. */
  readonly dup: boolean;
  readonly len: number;
  readonly ip: string;
  readonly ttl: number;
  readonly df: boolean;
  /** TCP flags as hping3 prints them: `SA` (SYN-ACK: port open), `RA` (RST-ACK: port closed). */
  readonly flags: string;
  readonly sport: number;
  readonly seq: number;
  readonly win: number;
  readonly rttMs: number;
}

/** hping3's own summary lines, as printed. */
export interface Hping3Summary {
  readonly host: string;
  readonly transmitted: number;
  /** Every matching packet: duplicates and ICMP errors included. */
  readonly received: number;
  readonly lossPct: number;
  /** `round-trip min/avg/max`; hping3 prints 0.0/0.0/0.0 when nothing was timed. */
  readonly rttMs: RttSummary | null;
  readonly outOfSequence: number;
}

export interface Hping3Run {
  readonly replies: readonly Hping3Reply[];
  /** ICMP error lines (`ICMP Host Unreachable from ip=...`): an answer, but not from the service. */
  readonly icmpErrors: readonly string[];
  readonly summary: Hping3Summary;
  /** Probes sent: the summary's transmitted count. */
  readonly sent: number;
  /** Distinct seqs that got a TCP reply. */
  readonly received: number;
  /** Distinct seqs whose first reply was a RST. */
  readonly refused: number;
  /** Reply lines for a seq already answered (hping3's `DUP!` and unmarked repeats). */
  readonly duplicates: number;
  /** SYN-ACK lines, duplicates included: each made the prober's kernel send a RST. */
  readonly synAcks: number;
  /** Loss recomputed from distinct seqs, in percent. */
  readonly lossPct: number;
  /** From the first reply of each seq; null when none. */
  readonly rttMs: RttSummary | null;
}

const REPLY =
  /^(DUP! )?len=(\d+) ip=(\S+) ttl=(\d+) (DF )?id=\+?-?\d+ sport=(\d+) flags=([A-Za-z]+) seq=(\d+) win=(\d+) rtt=(\d+(?:\.\d+)?) ms$/;
const HEADER = /^--- (\S+) hping statistic ---$/;
const COUNTS = /^(\d+) packets tra(?:ns)?mitted, (\d+) packets received, (-?\d+)% packet loss$/;
const RTT = /^round-trip min\/avg\/max = (\d+(?:\.\d+)?)\/(\d+(?:\.\d+)?)\/(\d+(?:\.\d+)?) ms$/;
const OUT_OF_SEQ = /^(\d+) out of sequence packets received$/;

const round = (n: number, digits = 2): number => {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
};

/** min/avg/max of a list of RTTs, or null for an empty list. */
export function summariseRtt(values: readonly number[]): RttSummary | null {
  if (values.length === 0) return null;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  return { min, avg: round(sum / values.length), max };
}

/** hping3 prints `get hostname...` then erases it with backspaces: render the line as a terminal would. */
function applyBackspaces(line: string): string {
  const out: string[] = [];
  for (const ch of line) {
    if (ch === '\b') out.pop();
    else out.push(ch);
  }
  return out.join('');
}

function parseReply(line: string): Hping3Reply | undefined {
  const m = REPLY.exec(line);
  if (!m) return undefined;
  const [, dup, len, ip, ttl, df, sport, flags, seq, win, rtt] = m;
  const n = (s: string | undefined): number => parseCount(s) ?? 0;
  return {
    dup: dup !== undefined,
    len: n(len),
    ip: ip ?? '',
    ttl: n(ttl),
    df: df !== undefined,
    flags: flags ?? '',
    sport: n(sport),
    seq: n(seq),
    win: n(win),
    rttMs: Number(rtt),
  };
}

/**
 * Parse hping3's stdout (reply lines) and stderr (summary). Returns `ok:false` when the summary is
 * missing (hping3 did not run to the end: not root, unknown host, killed) or malformed.
 */
export function parseHping3(stdout: string, stderr: string): ParseResult<Hping3Run> {
  const replies: Hping3Reply[] = [];
  const icmpErrors: string[] = [];
  let host: string | undefined;
  let counts: { transmitted: number; received: number; lossPct: number } | undefined;
  let rtt: RttSummary | null | undefined;
  let outOfSequence = 0;

  for (const raw of [...lines(stdout), ...lines(stderr)]) {
    const line = raw.trim();
    if (line === '') continue;
    const reply = parseReply(line);
    if (reply) {
      replies.push(reply);
      continue;
    }
    if (line.startsWith('ICMP ')) {
      icmpErrors.push(applyBackspaces(line).replace(/\s+/g, ' ').trim());
      continue;
    }
    const h = HEADER.exec(line);
    if (h) {
      host = h[1];
      continue;
    }
    const c = COUNTS.exec(line);
    if (c) {
      counts = { transmitted: parseCount(c[1]) ?? 0, received: parseCount(c[2]) ?? 0, lossPct: Number(c[3]) };
      continue;
    }
    const r = RTT.exec(line);
    if (r) {
      const [min, avg, max] = [Number(r[1]), Number(r[2]), Number(r[3])];
      rtt = min === 0 && avg === 0 && max === 0 ? null : { min, avg, max };
      continue;
    }
    const o = OUT_OF_SEQ.exec(line);
    if (o) outOfSequence = parseCount(o[1]) ?? 0;
  }

  if (host === undefined || counts === undefined) {
    const first = [...lines(stderr), ...lines(stdout)].map((l) => l.trim()).find((l) => l !== '');
    return unparsable(
      first === undefined
        ? t('probe.hping3.printed-nothing')
        : t('probe.hping3.no-summary', { line: first.slice(0, 120) }),
    );
  }
  if (rtt === undefined) return unparsable(t('probe.hping3.no-rtt'));

  const firstBySeq = new Map<number, Hping3Reply>();
  for (const r of replies) if (!firstBySeq.has(r.seq)) firstBySeq.set(r.seq, r);
  const firsts = [...firstBySeq.values()];
  const summary: Hping3Summary = { host, ...counts, rttMs: rtt, outOfSequence };

  // hping3 -q prints no reply lines; then its own counts are all there is.
  const useSummary = replies.length === 0 && counts.received > 0 && icmpErrors.length === 0;
  const sent = counts.transmitted;
  const received = Math.min(useSummary ? counts.received : firstBySeq.size, sent);
  return parsed({
    replies,
    icmpErrors,
    summary,
    sent,
    received,
    refused: firsts.filter((r) => r.flags.includes('R')).length,
    duplicates: replies.length - firstBySeq.size,
    synAcks: replies.filter((r) => r.flags.includes('S') && r.flags.includes('A')).length,
    lossPct: sent === 0 ? 0 : round(((sent - received) / sent) * 100),
    rttMs: useSummary ? rtt : summariseRtt(firsts.map((r) => r.rttMs)),
  });
}
