/**
 * Turns a pasted `iptables -L [-n] [-v]` listing into the `iptables-save -c` model the netfilter check
 * judges, so pasted listings and collected dumps share one judgement. A listing prints matches in
 * human words (`tcp dpt:80`, `statistic mode random probability 0.3`); the common ones are turned back
 * into the rule's arguments. When a rule shows anything else (or the listing lacks the in/out columns,
 * or names hosts instead of addresses), its spec is marked approximate: it is shown, but pktdrop will
 * not build a delete command from it.
 */
import type { IptablesDump, IptChain, IptRule, ListedChain, ListedRule } from '../layers/netfilter/model.js';

export interface ListingRuleSpec {
  readonly spec: string[];
  /** False when the listing does not say enough to rebuild the rule exactly. */
  readonly exact: boolean;
}

const ANY = new Set(['0.0.0.0/0', '::/0', 'anywhere']);

function negatable(flag: string, value: string): string[] {
  return value.startsWith('!') ? ['!', flag, value.slice(1)] : [flag, value];
}

/** Rebuild `-p tcp -m tcp --dport 80 -j DROP` from a listed rule. */
export function listedRuleSpec(rule: ListedRule): ListingRuleSpec {
  const spec: string[] = [];
  let exact = rule.in !== undefined && rule.out !== undefined;
  if (rule.source !== '' && !ANY.has(rule.source)) {
    spec.push(...negatable('-s', rule.source));
    if (!/^!?[\d.:a-fA-F]+(?:\/\d+)?$/.test(rule.source)) exact = false;
  }
  if (rule.destination !== '' && !ANY.has(rule.destination)) {
    spec.push(...negatable('-d', rule.destination));
    if (!/^!?[\d.:a-fA-F]+(?:\/\d+)?$/.test(rule.destination)) exact = false;
  }
  if (rule.in !== undefined && rule.in !== '*' && rule.in !== 'any') spec.push(...negatable('-i', rule.in));
  if (rule.out !== undefined && rule.out !== '*' && rule.out !== 'any') spec.push(...negatable('-o', rule.out));
  if (rule.prot !== 'all' && rule.prot !== '0' && rule.prot !== '') spec.push(...negatable('-p', rule.prot));
  if (rule.opt === '-f') spec.push('-f');
  else if (rule.opt === '!f') spec.push('!', '-f');
  const targetOpts: string[] = [];
  let rest = rule.extra.trim();
  const take = (re: RegExp, f: (m: RegExpExecArray) => string[], into: string[] = spec): boolean => {
    const m = re.exec(rest);
    if (!m) return false;
    into.push(...f(m));
    rest = rest.slice(m[0].length).trim();
    return true;
  };
  while (rest !== '') {
    const progressed =
      take(/^\/\*\s*(.*?)\s*\*\/\s*/, (m) => ['-m', 'comment', '--comment', m[1] ?? '']) ||
      take(/^statistic mode random probability (\d+(?:\.\d+)?)/, (m) => ['-m', 'statistic', '--mode', 'random', '--probability', m[1] ?? '']) ||
      take(/^(tcp|udp)((?:\s+(?:dpt|spt|dpts|spts):[\d:]+)+)/, (m) => {
        const out = ['-m', m[1] ?? ''];
        for (const [, k, v] of (m[2] ?? '').matchAll(/(dpts?|spts?):([\d:]+)/g)) out.push(k?.startsWith('d') ? '--dport' : '--sport', v ?? '');
        return out;
      }) ||
      take(/^state\s+(\S+)/, (m) => ['-m', 'state', '--state', m[1] ?? '']) ||
      take(/^ctstate\s+(\S+)/, (m) => ['-m', 'conntrack', '--ctstate', m[1] ?? '']) ||
      take(/^reject-with\s+(\S+)/, (m) => ['--reject-with', m[1] ?? ''], targetOpts);
    if (!progressed) {
      exact = false;
      break;
    }
  }
  if (rule.target !== '') spec.push('-j', rule.target, ...targetOpts);
  return { spec, exact };
}

const quote = (t: string): string => (/^[^\s"\\]+$/.test(t) ? t : `"${t.replace(/(["\\])/g, '\\$1')}"`);

/** The dump of one listing (one table); a rule whose spec is only approximate says so (`approximate`). */
export function listingToDump(chains: readonly ListedChain[], table: string): IptablesDump {
  const rules: IptRule[] = [];
  const dumpChains: IptChain[] = [];
  let counters = false;
  for (const c of chains) {
    const t = c.table ?? table;
    dumpChains.push({ table: t, name: c.name, policy: c.policy ?? '-', pkts: c.policyPkts ?? 0, bytes: c.policyBytes ?? 0 });
    for (const r of c.rules) {
      const { spec, exact } = listedRuleSpec(r);
      if (r.pkts !== undefined) counters = true;
      rules.push({
        table: t,
        chain: c.name,
        position: r.position,
        spec,
        specText: spec.map(quote).join(' '),
        ...(r.target !== '' ? { target: r.target } : {}),
        pkts: r.pkts ?? 0,
        bytes: r.bytes ?? 0,
        ...(r.randomProbability !== undefined ? { randomProbability: r.randomProbability } : {}),
        ...(exact ? {} : { approximate: true }),
      });
    }
  }
  return { chains: dumpChains, rules, hasCounters: counters };
}
