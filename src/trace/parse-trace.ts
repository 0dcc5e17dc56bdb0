/**
 * Lines of a tracing buffer (`trace` or `trace_pipe`) holding `kfree_skb` events:
 *
 *     node-6508    [001] ..s1.   743.739314: kfree_skb: skbaddr=00000000f4d06092 rx_sk=0000000000000000
 *       protocol=2048 location=nft_do_chain+0x3e8/0x610 reason: NETFILTER_DROP
 *
 * `location` is `func+off/len` on kernels that print it with `%pS` (optionally followed by
 * `[module]`), and a hashed pointer on the first kernels with reasons; `reason` is absent before
 * 5.17, `rx_sk` before 6.11.
 */
import { lines } from '../core/parse-util.js';
import type { KfreeSkbFormat } from './format.js';

/** One packet the kernel freed as dropped. */
export interface DropEvent {
  /** Seconds, in the buffer's trace clock (boot-relative `local` clock by default). */
  readonly ts: number;
  readonly cpu: number;
  /** The task that was running when the drop happened (often `<idle>` or `ksoftirqd/N` in softirq). */
  readonly comm: string;
  readonly pid: number;
  /** The ethertype, host order: 2048 = IPv4, 34525 = IPv6, 2054 = ARP. */
  readonly protocol?: number;
  /** The freeing function without `+off/len` (`nft_do_chain`), or the raw pointer when unsymbolised. */
  readonly location?: string;
  /** The reason name without `SKB_DROP_REASON_`. */
  readonly reason?: string;
  /** The receiving socket's (hashed) address; all zeroes means none. */
  readonly rxSk?: string;
}

export interface TraceHeader {
  readonly entriesInBuffer: number;
  readonly entriesWritten: number;
  readonly cpus?: number;
}

export interface ParsedTrace {
  readonly events: DropEvent[];
  /** Non-comment lines that were not kfree_skb events (other events, garbage, a cut last line). */
  readonly skipped: number;
  /**
   * Events the ring buffer lost: `entries-written - entries-in-buffer` from the `trace` header
   * (overwritten when the buffer wrapped) plus `[LOST n EVENTS]` markers from `trace_pipe`.
   */
  readonly lost: number;
  readonly header?: TraceHeader;
}

const EVENT =
  /^\s*(.+)-(\d+)\s+(?:\(\s*[-\d]+\)\s+)?\[(\d+)\]\s+(?:[^\s:]{4,6}\s+)?(\d+(?:\.\d+)?):\s+kfree_skb:\s+(.*)$/;
const HEADER = /entries-in-buffer\/entries-written:\s*(\d+)\/(\d+)(?:\s+#P:(\d+))?/;
const LOST = /\[LOST (\d+) EVENTS\]/;

/** `nft_do_chain+0x3e8/0x610` → `nft_do_chain`; a bare pointer stays as it is. */
export function locationFunction(raw: string): string {
  const plus = raw.indexOf('+');
  return plus > 0 ? raw.slice(0, plus) : raw;
}

function parseBody(body: string, format: KfreeSkbFormat | undefined): Omit<DropEvent, 'ts' | 'cpu' | 'comm' | 'pid'> | undefined {
  const reasonAt = body.search(/\breason:/);
  const kv = reasonAt >= 0 ? body.slice(0, reasonAt) : body;
  const values: Record<string, string> = {};
  for (const m of kv.matchAll(/(\w+)=(\S+)/g)) {
    if (m[1] !== undefined && m[2] !== undefined) values[m[1]] = m[2];
  }
  if (values.skbaddr === undefined) return undefined;
  let reason: string | undefined;
  if (reasonAt >= 0) {
    const r = /^reason:\s*(\S*)/.exec(body.slice(reasonAt))?.[1] ?? '';
    if (/^\d+$/.test(r)) reason = format?.reasons[Number(r)] ?? `REASON_${r}`;
    else if (r !== '') reason = r.replace(/^SKB_DROP_REASON_/, '');
  }
  const protocol = values.protocol !== undefined && /^\d+$/.test(values.protocol) ? Number(values.protocol) : undefined;
  const rxSk = values.rx_sk ?? values.rx_skaddr;
  return {
    ...(protocol !== undefined ? { protocol } : {}),
    ...(values.location !== undefined ? { location: locationFunction(values.location) } : {}),
    ...(reason !== undefined ? { reason } : {}),
    ...(rxSk !== undefined ? { rxSk } : {}),
  };
}

/**
 * Parse a tracing buffer's text. Never throws; lines that are not kfree_skb events are counted in
 * `skipped`. `format` decodes numeric reasons (when a tool printed the raw value) with the running
 * kernel's table.
 */
export function parseTraceOutput(text: string, format?: KfreeSkbFormat): ParsedTrace {
  const events: DropEvent[] = [];
  let skipped = 0;
  let lost = 0;
  let header: TraceHeader | undefined;
  for (const line of lines(text)) {
    if (line.trim() === '') continue;
    if (line.startsWith('#')) {
      const h = HEADER.exec(line);
      if (h) {
        header = {
          entriesInBuffer: Number(h[1]),
          entriesWritten: Number(h[2]),
          ...(h[3] !== undefined ? { cpus: Number(h[3]) } : {}),
        };
      }
      continue;
    }
    const l = LOST.exec(line);
    if (l) {
      lost += Number(l[1]);
      continue;
    }
    const m = EVENT.exec(line);
    const body = m?.[5];
    const parsedBody = body === undefined ? undefined : parseBody(body, format);
    if (!m || parsedBody === undefined) {
      skipped++;
      continue;
    }
    events.push({ ts: Number(m[4]), cpu: Number(m[3]), comm: (m[1] ?? '').trim(), pid: Number(m[2]), ...parsedBody });
  }
  if (header) lost += Math.max(0, header.entriesWritten - header.entriesInBuffer);
  return header ? { events, skipped, lost, header } : { events, skipped, lost };
}
