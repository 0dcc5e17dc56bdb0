/**
 * Parser for kernel log lines that report dropped packets (`dmesg`, `journalctl -k`, `/var/log/kern.log`,
 * OpenWrt `logread`). The prefixes vary (`[12345.678901]`, `Feb 23 16:44:36 host kernel:`, `kern.info
 * kernel:`); the message is what counts:
 *
 * - `nf_conntrack: table full, dropping packet` (also doubled `nf_conntrack: nf_conntrack:` and the
 *   older `ip_conntrack:`): the conntrack table reached nf_conntrack_max and the first packet of a new
 *   flow was dropped (counted in `/proc/net/stat/nf_conntrack` `drop`).
 * - `TCP: request_sock_TCP: Possible SYN flooding on port N. Sending cookies.` (or `Dropping request`):
 *   a listener's SYN queue overflowed; with cookies the SYN is answered statelessly, without them it is
 *   dropped (TcpExtTCPReqQFullDrop / TCPReqQFullDoCookies).
 * - `neighbour: arp_cache: neighbor table overflow!` (`ndisc_cache` for IPv6; `Neighbour table overflow.` on
 *   old kernels): the host's neighbour table held gc_thresh3 entries and a new one was refused
 *   (`table_fulls` in /proc/net/stat/arp_cache).
 * - `net_ratelimit: N callbacks suppressed`: N more messages of the previous kind were not printed.
 *
 * Terminals and tickets wrap long lines: a line that continues the previous message (`dropping packet`
 * alone) is joined to it.
 */
import { parsed, unparsable, type ParseResult } from '../core/types.js';
import { lines, parseCount } from '../core/parse-util.js';
import { t } from '../i18n/index.js';

export type KernelDropKind = 'conntrack-table-full' | 'conntrack-expect-full' | 'syn-flooding' | 'neigh-table-overflow';

/** One recognised kernel message (wrapped lines joined). */
export interface KernelDropMessage {
  readonly kind: KernelDropKind;
  /** The message as logged, prefixes included, wrapped parts joined with a space. */
  readonly line: string;
  /** 1-based line number of the message's first line in the parsed text. */
  readonly lineNumber: number;
  /** `[38775494.392631]`: seconds since boot, when the line carries it. */
  readonly uptimeS?: number;
  /** SYN flooding: the listening port. */
  readonly port?: number;
  /** SYN flooding: `cookies` when syncookies answered, `drop` when the SYN was dropped. */
  readonly action?: 'cookies' | 'drop';
}

export interface KernelLog {
  readonly messages: readonly KernelDropMessage[];
  /** Sum of `net_ratelimit: N callbacks suppressed`: messages the kernel did not print. */
  readonly suppressed: number;
}

const PATTERNS: readonly { kind: KernelDropKind; re: RegExp }[] = [
  { kind: 'conntrack-table-full', re: /\b(?:nf|ip)_conntrack:\s+(?:(?:nf|ip)_conntrack:\s+)?table full, dropping packet/ },
  { kind: 'conntrack-expect-full', re: /\bnf_conntrack:\s+(?:nf_conntrack:\s+)?expectation table full/ },
  { kind: 'syn-flooding', re: /Possible SYN flooding on port (\d+)\.\s+(Sending cookies|Dropping request)/ },
  // `neighbour: arp_cache: neighbor table overflow!` (ndisc_cache for IPv6); older kernels: `Neighbour table overflow.`
  { kind: 'neigh-table-overflow', re: /\b(arp_cache|ndisc_cache): neighbor table overflow|\bNeighbour table overflow\b/ },
];

/** A wrapped message's first part, and the tails that complete it. */
const WRAPPED: readonly { head: RegExp; tail: RegExp }[] = [
  { head: /(?:nf|ip)_conntrack:\s+(?:(?:nf|ip)_conntrack:\s+)?table full,?\s*$/, tail: /^\s*(?:dropping packet\.?)\s*$/ },
  { head: /Possible SYN flooding on port \d+\.?\s*$/, tail: /^\s*(?:Sending cookies|Dropping request)/ },
];

/** True when a line looks like a kernel log line at all (timestamp or `kernel:` prefix). */
export function isKernelLogLine(line: string): boolean {
  return /^\s*(?:<\d>)?\[\s*\d+\.\d+\]/.test(line) || /\bkernel:\s/.test(line);
}

/** True when the line carries a drop message this parser knows, or the head of a wrapped one. */
export function isKernelDropLine(line: string): boolean {
  return PATTERNS.some((p) => p.re.test(line)) || WRAPPED.some((w) => w.head.test(line));
}

/** True when `line` completes the wrapped message started on `previous`. */
export function continuesKernelLine(previous: string, line: string): boolean {
  return WRAPPED.some((w) => w.head.test(previous) && w.tail.test(line));
}

/**
 * Parses kernel log text into the drop messages it contains. Other log lines are ignored. Never throws;
 * `unparsable` when no known drop message is found.
 */
export function parseKernelLog(text: string): ParseResult<KernelLog> {
  if (typeof text !== 'string' || text.trim() === '') return unparsable(t('analyze.klog.empty'));
  const all = lines(text);
  const messages: KernelDropMessage[] = [];
  let suppressed = 0;
  for (let i = 0; i < all.length; i++) {
    const start = i;
    let line = (all[i] ?? '').trimEnd();
    const next = all[i + 1];
    if (next !== undefined && continuesKernelLine(line, next)) {
      line = `${line} ${next.trim()}`;
      i++;
    }
    const rl = /net_ratelimit:\s+(\d+) callbacks suppressed/.exec(line);
    if (rl) suppressed += parseCount(rl[1]) ?? 0;
    for (const p of PATTERNS) {
      const m = p.re.exec(line);
      if (!m) continue;
      const up = /\[\s*(\d+\.\d+)\]/.exec(line);
      const uptimeS = up ? Number(up[1]) : undefined;
      const port = p.kind === 'syn-flooding' ? parseCount(m[1]) : undefined;
      messages.push({
        kind: p.kind,
        line: line.trim(),
        lineNumber: start + 1,
        ...(uptimeS !== undefined && Number.isFinite(uptimeS) ? { uptimeS } : {}),
        ...(port !== undefined ? { port } : {}),
        ...(p.kind === 'syn-flooding' ? { action: m[2] === 'Dropping request' ? 'drop' : 'cookies' } : {}),
      } satisfies KernelDropMessage);
      break;
    }
  }
  if (messages.length === 0) return unparsable(t('analyze.klog.no-message'));
  return parsed({ messages, suppressed });
}
