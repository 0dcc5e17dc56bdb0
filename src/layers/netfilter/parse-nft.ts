/**
 * Parser for `nft [-a] list ruleset`.
 *
 * The ruleset is nested blocks: `table <family> <name> {` holding `chain <name> {` blocks and named objects
 * (sets, maps, flowtables, counters, quotas, ct helpers...) whose contents are skipped. A base chain's first line
 * is `type filter hook input priority filter; policy accept;`: the hook attaches it to a netfilter hook and the
 * policy is the verdict for packets no rule decided. Each other line of a chain is a rule, evaluated in order;
 * with `-a` it ends in `# handle N` (the id `nft delete rule ... handle N` takes). A rule's `counter packets N
 * bytes M` counts the packets that reached that statement, i.e. that matched everything before it.
 */
import { parsed, unparsable, type ParseResult } from '../../core/types.js';
import { t } from '../../i18n/index.js';
import { lines, parseCount } from '../../core/parse-util.js';
import type { NftChain, NftRule, NftRuleset, NftTable } from './model.js';

const FAMILIES = new Set(['ip', 'ip6', 'inet', 'arp', 'bridge', 'netdev']);
const NAME = String.raw`("(?:[^"\\]|\\.)*"|[^\s{]+)`;
const TABLE_LINE = new RegExp(String.raw`^table\s+(?:(\S+)\s+)?${NAME}\s*\{`);
const CHAIN_LINE = new RegExp(String.raw`^chain\s+${NAME}\s*\{`);
const HANDLE = /\s*#\s*handle\s+(\d+)\s*$/;

type Frame =
  | { kind: 'table'; family: string; name: string }
  | { kind: 'chain'; chain: { -readonly [K in keyof NftChain]: NftChain[K] }; rules: number }
  | { kind: 'skip' };

/**
 * Parses `nft -a list ruleset` or `nft list ruleset` (then no handles). Never throws; `unparsable` when no
 * `table` block is found.
 */
export function parseNftRuleset(text: string): ParseResult<NftRuleset> {
  if (typeof text !== 'string' || text.trim() === '') return unparsable(t('netfilter.parse.nft-empty'));
  const tables: NftTable[] = [];
  const chains: NftChain[] = [];
  const rules: NftRule[] = [];
  const stack: Frame[] = [];
  let carry = '';
  for (const raw of lines(text)) {
    let line = raw.replace(/\t/g, ' ').trim();
    if (carry !== '') {
      line = `${carry} ${line}`;
      carry = '';
    }
    if (line === '') continue;
    const top = stack[stack.length - 1];

    if (top?.kind === 'skip') {
      const d = braceDelta(line);
      if (d > 0) for (let k = 0; k < d; k++) stack.push({ kind: 'skip' });
      else for (let k = 0; k < -d && stack.length > 0 && stack[stack.length - 1]?.kind === 'skip'; k++) stack.pop();
      continue;
    }
    if (line.startsWith('}')) {
      stack.pop();
      continue;
    }

    if (top === undefined) {
      const t = TABLE_LINE.exec(line);
      if (!t) continue;
      let family = t[1] ?? 'ip';
      const name = unquote(t[2] ?? '');
      if (!FAMILIES.has(family)) {
        if (t[1] !== undefined) continue;
        family = 'ip';
      }
      const handle = parseCount(HANDLE.exec(line)?.[1]);
      tables.push({ family, name, ...(handle !== undefined ? { handle } : {}) });
      stack.push({ kind: 'table', family, name });
      continue;
    }

    if (top.kind === 'table') {
      const c = CHAIN_LINE.exec(line);
      if (c) {
        const handle = parseCount(HANDLE.exec(line)?.[1]);
        const chain = { family: top.family, table: top.name, name: unquote(c[1] ?? ''), ...(handle !== undefined ? { handle } : {}) };
        stack.push({ kind: 'chain', chain, rules: 0 });
        chains.push(chain);
        continue;
      }
      // set / map / flowtable / counter / quota / ct helper ... blocks: contents skipped.
      const d = braceDelta(stripHandle(line));
      for (let k = 0; k < d; k++) stack.push({ kind: 'skip' });
      continue;
    }

    if (top.kind === 'chain') {
      const body = stripHandle(line);
      if (braceDelta(body) > 0) {
        // A rule or statement spread over several lines (a long anonymous set): read on until it closes.
        // Bounded: a statement that never closes (truncated input) is dropped rather than grown forever.
        carry = line.length < 65_536 ? line : '';
        continue;
      }
      if (/^type\s+\S+/.test(body) && /\bhook\s+\S+/.test(body)) {
        const ch = top.chain;
        ch.type = /^type\s+(\S+)/.exec(body)?.[1];
        ch.hook = /\bhook\s+(\S+)/.exec(body)?.[1];
        const prio = /\bpriority\s+([^;]+?)\s*(?:;|$)/.exec(body)?.[1];
        if (prio !== undefined) ch.priority = prio;
        const pol = /\bpolicy\s+(\w+)\s*;?/.exec(body)?.[1];
        if (pol !== undefined) ch.policy = pol;
        cleanChain(ch);
        continue;
      }
      if (/^policy\s+\w+\s*;?$/.test(body)) {
        top.chain.policy = /^policy\s+(\w+)/.exec(body)?.[1];
        continue;
      }
      if (/^(comment\s+"|devices\s*=|flags\s+\w)/.test(body)) continue;
      top.rules++;
      const handle = parseCount(HANDLE.exec(line)?.[1]);
      const counter = /(?:^|\s)counter\s+packets\s+(\d+)\s+bytes\s+(\d+)/.exec(body);
      const packets = parseCount(counter?.[1]);
      const bytes = parseCount(counter?.[2]);
      const verdict = verdictOf(body);
      rules.push({
        family: top.chain.family,
        table: top.chain.table,
        chain: top.chain.name,
        position: top.rules,
        ...(handle !== undefined ? { handle } : {}),
        text: body,
        ...(verdict !== undefined ? { verdict } : {}),
        ...(packets !== undefined && bytes !== undefined ? { counter: { packets, bytes } } : {}),
      });
    }
  }
  if (tables.length === 0) return unparsable(t('netfilter.parse.nft-no-table'));
  return parsed({ tables, chains, rules });
}

function cleanChain(ch: { -readonly [K in keyof NftChain]: NftChain[K] }): void {
  if (ch.type === undefined) delete ch.type;
  if (ch.hook === undefined) delete ch.hook;
}

function stripHandle(line: string): string {
  return line.replace(HANDLE, '').trim();
}

function unquote(s: string): string {
  return s.length >= 2 && s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1).replace(/\\(.)/g, '$1') : s;
}

/** Opening minus closing braces outside double-quoted strings and outside a trailing `#` comment. */
function braceDelta(line: string): number {
  let d = 0;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '\\') i++;
      else if (ch === '"') quoted = false;
      continue;
    }
    if (ch === '"') quoted = true;
    else if (ch === '#') break;
    else if (ch === '{') d++;
    else if (ch === '}') d--;
  }
  return d;
}

/** Words of a rule, a double-quoted string being one word. */
function words(text: string): string[] {
  return text.match(/"(?:[^"\\]|\\.)*"|\S+/g) ?? [];
}

const REJECT_ARGS = /^(with|icmp|icmpv6|icmpx|tcp|reset|type|[\w-]+)$/;
const QUEUE_ARGS = /^(num|flags|to|bypass|fanout|[\d,-]+|,)$/;

/**
 * The rule's final verdict statement: `accept`, `drop`, `continue`, `return`, `reject` (with its `with ...`
 * arguments), `queue` (with `num`/`flags` arguments), `jump X` or `goto X`. A trailing `comment "..."` is ignored.
 * Undefined for rules that end without a verdict (counters, logs, `vmap`: the verdict then comes from the map).
 */
function verdictOf(body: string): string | undefined {
  const w = words(body);
  if (w.length >= 2 && w[w.length - 2] === 'comment' && (w[w.length - 1] ?? '').startsWith('"')) w.splice(-2, 2);
  const n = w.length;
  const last = w[n - 1];
  if (last === undefined) return undefined;
  if (last === 'accept' || last === 'drop' || last === 'return' || last === 'continue') return last;
  if (n >= 2 && (w[n - 2] === 'jump' || w[n - 2] === 'goto')) return `${w[n - 2]} ${unquote(last)}`;
  for (let i = n - 1; i >= 0 && n - i <= 6; i--) {
    const word = w[i];
    if (word === 'reject') {
      const args = w.slice(i + 1);
      return args.length === 0 || (args[0] === 'with' && args.every((a) => REJECT_ARGS.test(a))) ? 'reject' : undefined;
    }
    if (word === 'queue') return w.slice(i + 1).every((a) => QUEUE_ARGS.test(a)) ? 'queue' : undefined;
  }
  return undefined;
}
