/**
 * Parser for `iptables [-t T] -L [-n] [-v] [-x] [--line-numbers]` listings, the form people paste.
 *
 * Each chain starts with `Chain NAME (policy P N packets, M bytes)` (built-in chains; without -v just
 * `(policy P)`) or `Chain NAME (N references)` (user chains), then a header naming the columns (`num pkts bytes
 * target prot opt in out source destination`), then one line per rule. `pkts`/`bytes` are the rule's match
 * counters, abbreviated with K/M/G/T (powers of 1000) unless `-x` was given. Everything after the destination
 * column is the matches' own text (`statistic mode random probability 0.29999999981`).
 *
 * Columns are found by anchoring on the `opt` column (`--`, `-f`, `!f`) rather than by character positions,
 * so pastes that lost their alignment (single spaces) and rules with an empty target column both parse.
 */
import { parsed, unparsable, type ParseResult } from '../../core/types.js';
import { t } from '../../i18n/index.js';
import { lines, parseCount, parseScaledCount } from '../../core/parse-util.js';
import type { ListedChain, ListedRule } from './model.js';

const CHAIN_LINE = /^Chain\s+(\S+)\s+\((?:policy\s+(\S+)(?:\s+(\S+)\s+packets,\s+(\S+)\s+bytes)?|(\d+)\s+references?)\)/;
const OPT = /^(--|-f|!f|-?-?)$/;

interface Columns {
  num: boolean;
  counters: boolean;
  inOut: boolean;
}

interface Token {
  text: string;
  end: number;
}

interface ChainBuild {
  chain: Omit<ListedChain, 'rules'>;
  rules: ListedRule[];
}

/**
 * Parses an `iptables -L` listing into its chains. Never throws; `unparsable` when no `Chain` line is found.
 * A line that is not a rule is skipped, except that a line following an unparsable line is retried joined to it
 * (a rule wrapped by a terminal) and a line following a rule that parses as nothing else is appended to that
 * rule's `extra` (its match text wrapped).
 */
export function parseIptablesList(text: string): ParseResult<ListedChain[]> {
  if (typeof text !== 'string' || text.trim() === '') return unparsable(t('netfilter.parse.list-empty'));
  const chains: ChainBuild[] = [];
  let current: ChainBuild | undefined;
  let cols: Columns | undefined;
  let pending: string | undefined;
  let lastWasRule = false;
  for (const raw of lines(text)) {
    const line = raw.replace(/\t/g, ' ').trim();
    if (line === '') {
      pending = undefined;
      lastWasRule = false;
      continue;
    }
    const c = CHAIN_LINE.exec(line);
    if (c) {
      const policyPkts = parseScaledCount(c[3]);
      const policyBytes = parseScaledCount(c[4]);
      const references = parseCount(c[5]);
      current = {
        chain: {
          name: c[1] ?? '',
          ...(c[2] !== undefined ? { policy: c[2] } : {}),
          ...(policyPkts !== undefined ? { policyPkts } : {}),
          ...(policyBytes !== undefined ? { policyBytes } : {}),
          ...(references !== undefined ? { references } : {}),
        },
        rules: [],
      };
      chains.push(current);
      pending = undefined;
      lastWasRule = false;
      continue;
    }
    if (!current) continue;
    const header = parseHeader(line);
    if (header) {
      cols = header;
      pending = undefined;
      lastWasRule = false;
      continue;
    }
    const layout = cols ?? guessColumns(line);
    let rule = parseRule(line, layout, current.rules.length + 1);
    if (!rule && pending !== undefined) rule = parseRule(`${pending} ${line}`, layout, current.rules.length + 1);
    if (rule) {
      current.rules.push(rule);
      pending = undefined;
      lastWasRule = true;
      continue;
    }
    const prev = current.rules[current.rules.length - 1];
    if (lastWasRule && prev && pending === undefined) {
      const extra = prev.extra === '' ? line : `${prev.extra} ${line}`;
      current.rules[current.rules.length - 1] = withExtra(prev, extra);
      lastWasRule = false;
      continue;
    }
    pending = line;
    lastWasRule = false;
  }
  if (chains.length === 0) return unparsable(t('netfilter.parse.list-no-chain'));
  return parsed(chains.map((b) => ({ ...b.chain, rules: b.rules })));
}

function parseHeader(line: string): Columns | undefined {
  const t = line.split(/\s+/);
  if (!t.includes('target') || !t.includes('prot') || !t.includes('source')) return undefined;
  return { num: t[0] === 'num', counters: t.includes('pkts'), inOut: t.includes('in') && t.includes('out') };
}

/** Without a header (a partial paste): the opt column's index tells how many columns precede it. */
function guessColumns(line: string): Columns {
  const t = line.split(/\s+/);
  const opt = t.findIndex((x, i) => i > 0 && OPT.test(x) && x !== '');
  const numeric = (i: number): boolean => parseScaledCount(t[i]) !== undefined;
  const lead = t.findIndex((x, i) => !numeric(i));
  const inOut = opt >= 0 && t.length > opt + 4 && /^[!*\w]/.test(t[opt + 1] ?? '') && !/[./:]/.test(t[opt + 1] ?? '');
  return { num: lead === 1 || lead === 3, counters: lead >= 2, inOut };
}

function tokens(line: string): Token[] {
  const out: Token[] = [];
  for (const m of line.matchAll(/\S+/g)) out.push({ text: m[0], end: (m.index ?? 0) + m[0].length });
  return out;
}

function parseRule(line: string, cols: Columns, index: number): ListedRule | undefined {
  const t = tokens(line);
  let i = 0;
  let position = index;
  if (cols.num) {
    const n = parseCount(t[i]?.text);
    if (n === undefined) return undefined;
    position = n;
    i++;
  }
  let pkts: number | undefined;
  let bytes: number | undefined;
  if (cols.counters) {
    pkts = parseScaledCount(t[i]?.text);
    bytes = parseScaledCount(t[i + 1]?.text);
    if (pkts === undefined || bytes === undefined) return undefined;
    i += 2;
  }
  let target: string;
  let prot: string;
  let opt: string;
  if (isOpt(t[i + 2]?.text)) {
    target = t[i]?.text ?? '';
    prot = t[i + 1]?.text ?? '';
    opt = t[i + 2]?.text ?? '';
    i += 3;
  } else if (isOpt(t[i + 1]?.text)) {
    target = '';
    prot = t[i]?.text ?? '';
    opt = t[i + 1]?.text ?? '';
    i += 2;
  } else {
    return undefined;
  }
  let inIf: string | undefined;
  let outIf: string | undefined;
  if (cols.inOut) {
    inIf = t[i]?.text;
    outIf = t[i + 1]?.text;
    i += 2;
  }
  const source = t[i];
  const destination = t[i + 1];
  if (!source || !destination) return undefined;
  const extra = line.slice(destination.end).trim();
  const rule: ListedRule = {
    position,
    ...(pkts !== undefined ? { pkts } : {}),
    ...(bytes !== undefined ? { bytes } : {}),
    target,
    prot,
    opt,
    ...(inIf !== undefined ? { in: inIf } : {}),
    ...(outIf !== undefined ? { out: outIf } : {}),
    source: source.text,
    destination: destination.text,
    extra,
  };
  return withExtra(rule, extra);
}

function isOpt(text: string | undefined): boolean {
  return text !== undefined && text !== '' && OPT.test(text);
}

/** Sets `extra` and the `statistic mode random probability p` share it implies. */
function withExtra(rule: ListedRule, extra: string): ListedRule {
  const { randomProbability: _old, ...rest } = rule;
  const m = /(?:^|\s)statistic mode random probability (\d+(?:\.\d+)?)(?:\s|$)/.exec(extra);
  const p = m ? Number(m[1]) : undefined;
  return { ...rest, extra, ...(p !== undefined && Number.isFinite(p) ? { randomProbability: p } : {}) };
}
