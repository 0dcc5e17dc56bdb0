/**
 * The `skb:kfree_skb` tracepoint's `format` file, as the running kernel describes it.
 *
 * The field list tells what the event carries on this kernel: `reason` arrived in 5.17 (and was
 * backported to RHEL 9 / Ubuntu 5.15), `rx_sk` in 6.11. The reason names come from the
 * `__print_symbolic(REC->reason, { 2, "NOT_SPECIFIED" }, ...)` table in the `print fmt` line:
 * the numbers drift between kernels (NOT_SPECIFIED is 1 on the first kernels with reasons, 2
 * later; QDISC_DROP is 45, 52 or 64 depending on the kernel), so they are never hard-coded.
 */
import { parsed, unparsable, type ParseResult } from '../core/types.js';
import { lines } from '../core/parse-util.js';
import { t } from '../i18n/index.js';

export interface KfreeSkbFormat {
  /** The event name from the `name:` line (always `kfree_skb` when parsed). */
  readonly name: string;
  /** The event id from the `ID:` line, when present. */
  readonly id?: number;
  /** The event's own fields in order (`skbaddr`, `location`, `rx_sk`, `protocol`, `reason`), without `common_*`. */
  readonly fields: string[];
  readonly hasReason: boolean;
  readonly hasLocation: boolean;
  /** 6.11+: the receiving socket, when the kernel found one. */
  readonly hasRxSk: boolean;
  /**
   * True when the kernel prints `location` with `%pS` (`nft_do_chain+0x3e8/0x610`); false when it
   * prints a (hashed) pointer with `%p`, which cannot be turned into a function name.
   */
  readonly locationSymbolic: boolean;
  /** The kernel's reason table: number → name without the `SKB_DROP_REASON_` prefix. */
  readonly reasons: Record<number, string>;
}

const FIELD = /^\s*field:([^;]+);\s*offset:\s*\d+;/;

/** The identifier a C declaration declares: `void * skbaddr` → `skbaddr`, `char comm[16]` → `comm`. */
function declaredName(decl: string): string | undefined {
  const m = /([A-Za-z_]\w*)\s*(?:\[[^\]]*\])?\s*$/.exec(decl.trim());
  return m?.[1];
}

/** The argument list of `__print_symbolic(REC->reason, ...)`, up to its closing parenthesis. */
function reasonTable(printFmt: string): Record<number, string> | undefined {
  const start = printFmt.search(/__print_symbolic\(\s*REC->reason\s*,/);
  if (start < 0) return undefined;
  const body = printFmt.slice(start);
  const out: Record<number, string> = {};
  const entry = /\{\s*(0x[0-9a-fA-F]+|\d+)\s*,\s*"([^"]*)"\s*\}/g;
  for (let m = entry.exec(body); m !== null; m = entry.exec(body)) {
    const [, num, name] = m;
    if (num === undefined || name === undefined) continue;
    out[num.startsWith('0x') ? Number.parseInt(num.slice(2), 16) : Number(num)] = name.replace(/^SKB_DROP_REASON_/, '');
  }
  return out;
}

/**
 * Parse `/sys/kernel/tracing/events/skb/kfree_skb/format`. Returns `{ok:false}` for empty or
 * foreign text, a file of another event, or a file cut before its `print fmt:` line.
 */
export function parseKfreeSkbFormat(text: string): ParseResult<KfreeSkbFormat> {
  if (text.trim() === '') return unparsable(t('trace.format.empty'));
  const all = lines(text);
  const nameLine = all.find((l) => /^name:\s*\S/.test(l));
  const name = nameLine?.replace(/^name:\s*/, '').trim();
  if (name !== undefined && name !== 'kfree_skb') return unparsable(t('trace.format.other-event', { name }));
  const fields: string[] = [];
  for (const l of all) {
    const m = FIELD.exec(l);
    const decl = m?.[1];
    if (decl === undefined) continue;
    const field = declaredName(decl);
    if (field !== undefined && !field.startsWith('common_')) fields.push(field);
  }
  if (fields.length === 0) return unparsable(t('trace.format.no-fields'));
  if (!fields.includes('skbaddr')) return unparsable(t('trace.format.no-skbaddr', { fields: fields.join(', ') }));
  const printFmt = all.find((l) => l.startsWith('print fmt:'));
  if (printFmt === undefined) return unparsable(t('trace.format.no-print-fmt'));
  const hasReason = fields.includes('reason');
  const reasons = hasReason ? reasonTable(printFmt) : undefined;
  if (hasReason && (reasons === undefined || Object.keys(reasons).length === 0)) {
    return unparsable(t('trace.format.no-reason-table'));
  }
  const idText = all.find((l) => /^ID:\s*\d+/.test(l))?.replace(/^ID:\s*/, '');
  const locationSymbolic = /location=%pS/.test(printFmt);
  return parsed({
    name: 'kfree_skb',
    ...(idText !== undefined ? { id: Number(idText) } : {}),
    fields,
    hasReason,
    hasLocation: fields.includes('location'),
    hasRxSk: fields.includes('rx_sk') || fields.includes('rx_skaddr'),
    locationSymbolic,
    reasons: reasons ?? {},
  });
}
