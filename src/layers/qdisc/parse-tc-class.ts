/**
 * Parser for `tc [-s] [-d] class show dev X` (iproute2).
 *
 * Each class starts with a line `class <kind> <classid> (root|parent <id>) [leaf <handle>] <options>`; for htb
 * the options are `prio N [quantum N] rate R ceil C [linklayer ...] burst B [mpu M] cburst CB [mpu M] [level N]`
 * (`-d` adds quantum, linklayer, mpu and level, and prints bursts as `1600b/1`). With `-s` the class's counters
 * follow: ` Sent <bytes> bytes <pkts> pkt (dropped <n>, overlimits <n> requeues <n>)`, then `backlog`, htb's
 * `lended: borrowed: giants:` and `tokens: ctokens:` lines, which are skipped here. Classes of other kinds (mq's
 * per-queue classes, tbf's one class) are kept with what their first line says.
 *
 * `rate` is what an htb class is guaranteed, `ceil` the most it may send when its parent has bandwidth to spare
 * (tc makes it equal to `rate` when it is not given). Never throws.
 */
import { t } from '../../i18n/index.js';
import { parsed, unparsable, type ParseResult } from '../../core/types.js';
import { lines, parseCount } from '../../core/parse-util.js';

export interface TcClassStats {
  readonly sentBytes: number;
  readonly sentPackets: number;
  readonly dropped: number;
  readonly overlimits: number;
}

export interface TcClass {
  /** `htb`, `mq`, `tbf`, `hfsc`, ... */
  readonly kind: string;
  /** `1:10` */
  readonly classid: string;
  /** `root`, or the parent class or qdisc id (`1:1`, `1:`). */
  readonly parent: string;
  /** The handle of the qdisc attached to the class, when tc names one (`leaf 20:`). */
  readonly leaf?: string;
  /** htb's guaranteed rate as tc printed it (`8Kbit`). */
  readonly rate?: string;
  /** htb's ceiling as tc printed it (`8Kbit`). */
  readonly ceil?: string;
  readonly burst?: string;
  readonly cburst?: string;
  /** Everything after the parent and leaf, verbatim. */
  readonly options: string;
  /** The class's first line as tc printed it (for evidence). */
  readonly line: string;
  readonly stats?: TcClassStats;
}

const CLASS_LINE = /^class\s+(\S+)\s+([0-9a-fA-F]*:[0-9a-fA-F]*)(.*)$/;
const SENT_LINE = /^Sent\s+(\d+)\s+bytes\s+(\d+)\s+pkts?\b(?:\s*\(dropped\s+(\d+),\s*overlimits\s+(\d+)(?:\s+requeues\s+(\d+))?\))?/;

/** The word after `name` in an option text, without `-d`'s `/cell` suffix on sizes. */
const optionValue = (words: readonly string[], name: string): string | undefined => {
  const i = words.indexOf(name);
  const v = i >= 0 ? words[i + 1] : undefined;
  return v?.split('/')[0];
};

function parseClassLine(line: string): Omit<TcClass, 'stats'> | undefined {
  const m = CLASS_LINE.exec(line);
  if (!m) return undefined;
  let rest = m[3] ?? '';
  let parent = '';
  const parentM = /^\s+(?:(root)\b|parent\s+(\S+))/.exec(rest);
  if (parentM) {
    parent = parentM[1] ?? parentM[2] ?? '';
    rest = rest.slice(parentM[0].length);
  }
  let leaf: string | undefined;
  const leafM = /^\s+leaf\s+(\S+)/.exec(rest);
  if (leafM) {
    leaf = leafM[1];
    rest = rest.slice(leafM[0].length);
  }
  const options = rest.trim();
  const words = options.split(/\s+/);
  const rate = optionValue(words, 'rate');
  const ceil = optionValue(words, 'ceil');
  const burst = optionValue(words, 'burst');
  const cburst = optionValue(words, 'cburst');
  return {
    kind: m[1] ?? '',
    classid: m[2] ?? '',
    parent,
    ...(leaf !== undefined ? { leaf } : {}),
    ...(rate !== undefined ? { rate } : {}),
    ...(ceil !== undefined ? { ceil } : {}),
    ...(burst !== undefined ? { burst } : {}),
    ...(cburst !== undefined ? { cburst } : {}),
    options,
    line,
  };
}

/**
 * Parses `tc [-s] [-d] class show dev X`. Empty output is no class at all (a classless qdisc): an empty list.
 * Output with text but no `class` line is unparsable.
 */
export function parseTcClass(text: string): ParseResult<TcClass[]> {
  if (typeof text !== 'string') return unparsable(t('qdisc.parse.class-no-output'));
  if (text.trim() === '') return parsed([]);
  const out: { head: Omit<TcClass, 'stats'>; stats?: TcClassStats }[] = [];
  let current: (typeof out)[number] | undefined;
  for (const raw of lines(text)) {
    const line = raw.replace(/\t/g, ' ').trim();
    if (line === '') continue;
    const head = parseClassLine(line);
    if (head) {
      current = { head };
      out.push(current);
      continue;
    }
    const sent = current ? SENT_LINE.exec(line) : null;
    if (current && sent) {
      current.stats = { sentBytes: parseCount(sent[1]) ?? 0, sentPackets: parseCount(sent[2]) ?? 0, dropped: parseCount(sent[3]) ?? 0, overlimits: parseCount(sent[4]) ?? 0 };
    }
    // backlog, lended/borrowed, tokens, a rate estimator's line: no field of the model.
  }
  if (out.length === 0) return unparsable(t('qdisc.parse.class-none'));
  return parsed(out.map((c) => ({ ...c.head, ...(c.stats ? { stats: c.stats } : {}) })));
}
