/**
 * Netfilter: iptables (both backends, IPv4 and IPv6) and nftables. A DROP or REJECT rule's packet
 * counter counts the packets it discarded; a rule is convicted only when that counter rose during
 * the window. A built-in chain's policy counter counts packets that fell off the end of the chain
 * and got the policy. `-m statistic --mode random --probability p` drops a random share p of what
 * it matches — a fault injector, like netem. nftables rules count only when they carry `counter`.
 */
import { counterBasis, counterEvidence, defineLayer, phraseWindow, type CheckInput, type Probe } from '../../core/layer.js';
import { parsed, unparsable, withoutCounterValues, type Evidence, type Finding, type FixProposal, type IptablesRuleDetails, type NftRuleDetails } from '../../core/types.js';
import type { IptablesBackend, IptablesDump, IptRule, NftRule, NftRuleset } from './model.js';
import { parseIptablesSave } from './parse-iptables-save.js';
import { parseNftRuleset } from './parse-nft.js';
import { parseSysctlLines, type SysctlValues } from '../../core/parse-sysctl.js';
import { parseProcSnmp } from '../snmp/parse-proc-snmp.js';
import { parseBridges, type BridgeInfo } from './parse-bridges.js';
import { iptablesReach, iptChainKey, nftChainKey, nftReach, PATH_EVIDENCE, hooksOf, type ChainRoute, type Reach } from './reach.js';
import { join, msg, t, tm, type Msg } from '../../i18n/index.js';

export type Family = 'ipv4' | 'ipv6';

export interface IptablesSource {
  readonly backend: IptablesBackend | 'unknown';
  readonly family: Family;
  /** The command family used to change these rules: `iptables-nft`, `ip6tables-legacy`, `iptables`. */
  readonly binary: string;
  readonly dump: IptablesDump;
}

export interface NetfilterData {
  readonly iptables: readonly IptablesSource[];
  readonly nft?: NftRuleset;
  readonly notes: readonly string[];
  /**
   * What decides whether bridged frames meet iptables here (br_netfilter; per network namespace
   * since 5.3): `net/bridge/bridge-nf-call-{iptables,ip6tables,arptables}` (absent when br_netfilter
   * is not loaded) and `net/ipv4/ip_forward`; the namespace's bridges with their ports; and
   * `IpInReceives` (bridged frames that iptables drops never reach this namespace's IP layer, so
   * FORWARD drops beyond the IP packets received can only be bridged frames).
   */
  readonly bridging?: {
    readonly sysctls: SysctlValues;
    /** Undefined when unknown (a pasted `sysctl` without `ip -d link`): then bridging is possible, not shown. */
    readonly bridges?: readonly BridgeInfo[];
    readonly ipInReceives?: number;
  };
}

/** The since-boot baseline: every rule and policy counter at 0, the rules themselves kept. */
export const zeroNetfilterData = (d: NetfilterData): NetfilterData => ({
  ...d,
  iptables: d.iptables.map((s) => ({
    ...s,
    dump: { ...s.dump, rules: s.dump.rules.map((r) => ({ ...r, pkts: 0, bytes: 0 })), chains: s.dump.chains.map((c) => ({ ...c, pkts: 0, bytes: 0 })) },
  })),
  ...(d.nft ? { nft: { ...d.nft, rules: d.nft.rules.map((r) => (r.counter ? { ...r, counter: { packets: 0, bytes: 0 } } : r)) } } : {}),
  ...(d.bridging ? { bridging: { ...d.bridging, ...(d.bridging.ipInReceives !== undefined ? { ipInReceives: 0 } : {}) } } : {}),
});

const SAVE_COMMANDS: readonly { key: string; argv: string[]; backend: IptablesBackend; family: Family; binary: string }[] = [
  { key: 'nft4', argv: ['iptables-nft-save', '-c'], backend: 'nf_tables', family: 'ipv4', binary: 'iptables-nft' },
  { key: 'legacy4', argv: ['iptables-legacy-save', '-c'], backend: 'legacy', family: 'ipv4', binary: 'iptables-legacy' },
  { key: 'nft6', argv: ['ip6tables-nft-save', '-c'], backend: 'nf_tables', family: 'ipv6', binary: 'ip6tables-nft' },
  { key: 'legacy6', argv: ['ip6tables-legacy-save', '-c'], backend: 'legacy', family: 'ipv6', binary: 'ip6tables-legacy' },
];

/** Tables that iptables-nft creates in nftables; their rules are read through iptables-nft-save. */
const IPTABLES_NFT_TABLES = new Set(['filter', 'nat', 'mangle', 'raw', 'security']);

export const netfilterProbe = {
  id: 'netfilter',
  scopes: ['target', 'host'],
  commands: () => [
    ...SAVE_COMMANDS.map((c) => ({ key: c.key, argv: c.argv, optional: true })),
    { key: 'save4', argv: ['iptables-save', '-c'], optional: true, onlyIfFailed: SAVE_COMMANDS.map((c) => c.key) },
    { key: 'nft', argv: ['nft', '-a', 'list', 'ruleset'], optional: true },
    { key: 'brconf', argv: ['grep', '-H', '-r', '', '/proc/sys/net/bridge', '/proc/sys/net/ipv4/ip_forward'], optional: true },
    { key: 'brlinks', argv: ['ip', '-j', '-d', 'link', 'show'], optional: true },
    { key: 'brsnmp', argv: ['grep', '^Ip:', '/proc/net/snmp'], optional: true },
  ],
  parse(results) {
    const notes: string[] = [];
    const iptables: IptablesSource[] = [];
    let variantsFound = false;
    for (const c of SAVE_COMMANDS) {
      const r = results.get(c.key);
      if (!r) continue;
      if (r.failure?.kind === 'not-found') continue;
      variantsFound = true;
      if (!r.ok) {
        notes.push(t('netfilter.read.failed', { command: c.argv.join(' '), hint: r.failure?.hint ?? t('netfilter.unknown-error') }));
        continue;
      }
      if (r.stdout.trim() === '' || /^(#[^\n]*\n?)*$/.test(r.stdout.trim())) continue;
      const p = parseIptablesSave(r.stdout);
      if (!p.ok) {
        notes.push(t('netfilter.read.unreadable', { command: c.argv.join(' '), reason: p.reason }));
        continue;
      }
      iptables.push({ backend: c.backend, family: c.family, binary: c.binary, dump: p.data });
    }
    if (!variantsFound) {
      const r = results.get('save4');
      if (r?.ok) {
        const p = parseIptablesSave(r.stdout);
        if (p.ok) iptables.push({ backend: 'unknown', family: 'ipv4', binary: 'iptables', dump: p.data });
        else notes.push(t('netfilter.read.unreadable', { command: 'iptables-save -c', reason: p.reason }));
      } else if (r && r.failure?.kind !== 'not-found') {
        notes.push(t('netfilter.read.failed', { command: 'iptables-save -c', hint: r.failure?.hint ?? t('netfilter.unknown-error') }));
      }
    }
    const nftResult = results.get('nft');
    let nft: NftRuleset | undefined;
    if (nftResult?.ok) {
      const p = parseNftRuleset(nftResult.stdout);
      if (p.ok) nft = p.data;
      else if (nftResult.stdout.trim() !== '') notes.push(t('netfilter.read.unreadable', { command: 'nft -a list ruleset', reason: p.reason }));
      else nft = { tables: [], chains: [], rules: [] };
    } else if (nftResult) {
      notes.push(
        nftResult.failure?.kind === 'not-found'
          ? t('netfilter.read.nft-not-found')
          : t('netfilter.read.failed', { command: 'nft -a list ruleset', hint: nftResult.failure?.hint ?? t('netfilter.unknown-error') }),
      );
    }
    const anyTool = iptables.length > 0 || nft !== undefined || variantsFound || results.get('save4')?.ok === true;
    const nftNotFound = t('netfilter.read.nft-not-found');
    const failures = notes.filter((n) => n !== nftNotFound);
    if (anyTool && iptables.length === 0 && nft === undefined && failures.length > 0) {
      // Tools exist but nothing could be read (permission, timeout, interrupted): unknown, not healthy.
      return unparsable(both(failures));
    }
    if (!anyTool) return unparsable(failures.length > 0 ? both(failures) : t('netfilter.read.no-tool'));
    return parsed({ iptables, ...(nft ? { nft } : {}), notes, ...bridgingOf(results) });
  },
} satisfies Probe<NetfilterData>;

/** Sentences said one after the other, `a; b; c`, each in the reader's language. */
const both = (parts: readonly string[]): string => parts.reduce((a, b) => t('netfilter.read.both', { a, b }));

/** The bridging facts, when the settings could be read (grep exits 2 without br_netfilter but prints ip_forward). */
function bridgingOf(results: ReadonlyMap<string, { ok: boolean; stdout: string; failure?: { kind: string } }>): Pick<NetfilterData, 'bridging'> {
  const conf = results.get('brconf');
  if (!conf || conf.failure?.kind === 'not-found') return {};
  const sysctls = parseSysctlLines(conf.stdout);
  if (Object.keys(sysctls).length === 0) return {};
  const links = results.get('brlinks');
  const bridges = links?.ok ? parseBridges(links.stdout) : undefined;
  const snmp = results.get('brsnmp');
  const mib = snmp?.ok ? parseProcSnmp(snmp.stdout) : undefined;
  const ipInReceives = mib?.ok ? mib.data.IpInReceives : undefined;
  return { bridging: { sysctls, ...(bridges?.ok ? { bridges: bridges.data } : {}), ...(ipInReceives !== undefined ? { ipInReceives } : {}) } };
}

/** The save command of an iptables binary: `iptables-nft` → `iptables-nft-save`. */
export const saveCommand = (binary: string): string => binary.replace(/^(ip6?tables)(-nft|-legacy)?$/, '$1$2-save');

/** Rules are matched across samples by table, chain, spec and occurrence, not by position. */
function ruleKeys(rules: readonly IptRule[]): Map<string, IptRule> {
  const seen = new Map<string, number>();
  const out = new Map<string, IptRule>();
  for (const r of rules) {
    const base = `${r.table}|${r.chain}|${r.specText}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.set(`${base}|${n}`, r);
  }
  return out;
}

const isDropTarget = (t: string | undefined): boolean => t === 'DROP' || t === 'REJECT';

/** Idle DROP rules listed one by one in a step's notes; the rest are counted (kube-proxy has thousands). */
const IDLE_NOTES = 20;

export const iptRuleSubject = (s: Pick<IptablesSource, 'family' | 'backend'>, r: Pick<IptRule, 'table' | 'chain' | 'position'>): string =>
  `${s.family === 'ipv6' ? 'ip6tables' : 'iptables'}${s.backend === 'legacy' ? '-legacy' : ''} ${r.table}/${r.chain}#${r.position}`;

const nftRuleSubject = (r: NftRule): string => `nft ${r.family} ${r.table} ${r.chain} handle ${r.handle ?? '?'}`;

const BUILT_IN_CHAINS = new Set(['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING']);

/**
 * Where a rule of a user-defined chain lies: its chain's routes from the built-in chains, or none.
 * `unreachable` only when the whole ruleset was read in a window pktdrop measured (a paste may hold
 * one chain without the chains that jump to it).
 */
interface Place {
  readonly routes: readonly ChainRoute[];
  readonly unreachable: boolean;
}

function placeOf(reach: Reach, key: string, builtIn: boolean, wholeTable: boolean, i: CheckInput<NetfilterData>): Place | undefined {
  if (builtIn) return undefined;
  const routes = reach.get(key) ?? [];
  return { routes, unreachable: routes.length === 0 && wholeTable && i.window === 'measured' };
}

/** ` (on filter INPUT → MYCHAIN)` after a title or note; '' for a rule of a built-in chain. */
function whereOf(place: Place | undefined, chain: string): string {
  if (!place) return '';
  if (place.routes.length > 0) return t('netfilter.chain.where', { routes: place.routes.map((r) => r.text).join(', ') });
  return place.unreachable ? t('netfilter.chain.unreachable-where', { chain }) : '';
}

/** One `path` evidence per route, so the JSON says which path element a finding belongs to (and diagnose/path.ts can place it). */
function pathEvidence(place: Place | undefined, subject: string, source: string): Evidence[] {
  return (place?.routes ?? []).map((r) => ({ kind: 'state', name: PATH_EVIDENCE, subject, value: r.text, source }));
}

/** The sentence that follows a user chain's finding's explanation: how packets reach it, or that nothing does now. */
function placeSentence(place: Place | undefined, chain: string): Msg | undefined {
  if (!place) return undefined;
  if (place.routes.length > 0) return msg('netfilter.chain.reached-from', { chain, routes: place.routes.map((r) => r.text).join(', ') });
  return place.unreachable ? msg('netfilter.chain.unreachable-rose', { chain }) : undefined;
}

const pctOf = (p: number): number => Math.round(p * 1000) / 10;

function checkIptables(i: CheckInput<NetfilterData>, findings: Finding[], notes: string[]): void {
  const window = phraseWindow(i);
  for (const src of i.after.iptables) {
    const prevSrc = i.before.iptables.find((s) => s.binary === src.binary);
    // Only DROP/REJECT rules are judged: key only those (identical specs share a target, so the
    // occurrence numbering is the same as over all rules).
    const prevRules = ruleKeys((prevSrc?.dump.rules ?? []).filter((r) => isDropTarget(r.target)));
    const idle: string[] = [];
    const source = `${saveCommand(src.binary)} -c`;
    const reach = iptablesReach(src.dump);
    // A table whose built-in chains were read: only there can a user chain be known unreachable.
    const tablesWithBase = new Set(src.dump.chains.filter((c) => BUILT_IN_CHAINS.has(c.name)).map((c) => c.table));
    for (const [k, rule] of ruleKeys(src.dump.rules.filter((r) => isDropTarget(r.target)))) {
      const prev = prevRules.get(k);
      const subject = iptRuleSubject(src, rule);
      const cmd = `-t ${rule.table} -A ${rule.chain} ${rule.specText}`;
      const place = placeOf(reach, iptChainKey(rule.table, rule.chain), BUILT_IN_CHAINS.has(rule.chain), tablesWithBase.has(rule.table), i);
      const where = whereOf(place, rule.chain);
      if (!prev || rule.pkts <= prev.pkts) {
        if (rule.randomProbability !== undefined && place?.unreachable === true) {
          notes.push(t('netfilter.chain.unreachable-random', { subject, spec: rule.specText, pct: pctOf(rule.randomProbability), chain: rule.chain }));
          continue;
        }
        if (rule.randomProbability !== undefined) {
          // A fault injector is worth naming even when idle; it is not convicted, so never removed.
          findings.push({
            id: 'netfilter.drop-rule',
            layer: 'netfilter',
            scope: i.scope,
            severity: 'warning',
            basis: 'state',
            role: 'cause',
            subject,
            title: t('netfilter.ipt.random-idle.title', { chain: rule.chain, position: rule.position, pct: pctOf(rule.randomProbability), window, where }),
            explanation: tm(join(msg('netfilter.ipt.random-idle.explanation', { cmd, window }), placeSentence(place, rule.chain))),
            evidence: [
              { kind: 'history', counter: 'pkts', subject, value: rule.pkts, source },
              { kind: 'state', name: 'rule', subject, value: `${src.binary} ${cmd}`, source },
              ...pathEvidence(place, subject, source),
            ],
            action: t('netfilter.ipt.random-idle.action', { command: `${src.binary} -t ${rule.table} -D ${rule.chain} ${rule.specText}` }),
          });
          continue;
        }
        idle.push(t('netfilter.ipt.idle', { subject, spec: rule.specText, target: rule.target ?? '', window, pkts: rule.pkts, where }));
        continue;
      }
      const random = rule.randomProbability !== undefined;
      const details: IptablesRuleDetails = {
        kind: 'iptables-rule',
        binary: src.binary,
        table: rule.table,
        chain: rule.chain,
        position: rule.position,
        spec: [...rule.spec],
        specText: rule.specText,
        exact: rule.approximate !== true,
      };
      const reject = rule.target === 'REJECT';
      findings.push({
        id: 'netfilter.drop-rule',
        layer: 'netfilter',
        scope: i.scope,
        severity: 'error',
        // A random DROP rule is a fault injector whatever its counter says; any other rule is convicted by its counter.
        basis: random && i.window === 'since-boot' ? 'state' : counterBasis(i),
        role: 'cause',
        subject,
        title: random
          ? t('netfilter.ipt.random.title', { chain: rule.chain, position: rule.position, pct: pctOf(rule.randomProbability ?? 0), where })
          : t('netfilter.ipt.matched.title', { chain: rule.chain, position: rule.position, target: rule.target ?? '', n: rule.pkts - prev.pkts, window, where }),
        explanation: tm(
          join(
            random
              ? msg(reject ? 'netfilter.ipt.random.explanation.reject' : 'netfilter.ipt.random.explanation.drop', { cmd })
              : msg('netfilter.ipt.matched.explanation', { cmd, verb: msg(reject ? 'netfilter.verb.rejects' : 'netfilter.verb.drops'), window }),
            placeSentence(place, rule.chain),
          ),
        ),
        evidence: [
          counterEvidence('pkts', subject, prev.pkts, rule.pkts, source),
          { kind: 'state', name: 'rule', subject, value: `${src.binary} ${cmd}`, source },
          ...pathEvidence(place, subject, source),
        ],
        action: details.exact
          ? `${src.binary} -t ${rule.table} -D ${rule.chain} ${rule.specText}`
          : t('netfilter.ipt.delete-by-position', {
              command: `${src.binary} -t ${rule.table} -D ${rule.chain} ${rule.position}`,
              check: `${src.binary} -t ${rule.table} -L ${rule.chain} -n --line-numbers`,
            }),
        details,
      });
    }
    notes.push(...idle.slice(0, IDLE_NOTES));
    if (idle.length > IDLE_NOTES) notes.push(t('netfilter.ipt.idle-more', { n: idle.length - IDLE_NOTES, binary: src.binary, window }));
    for (const chain of src.dump.chains) {
      if (chain.policy !== 'DROP') continue;
      const prev = prevSrc?.dump.chains.find((c) => c.table === chain.table && c.name === chain.name);
      const subject = `${src.family === 'ipv6' ? 'ip6tables' : 'iptables'}${src.backend === 'legacy' ? '-legacy' : ''} ${chain.table}/${chain.name} policy`;
      if (prev && chain.pkts > prev.pkts) {
        findings.push({
          id: 'netfilter.drop-policy',
          layer: 'netfilter',
          scope: i.scope,
          severity: 'error',
          basis: counterBasis(i),
          role: 'cause',
          subject,
          title: t('netfilter.ipt.policy.title', { table: chain.table, chain: chain.name, n: chain.pkts - prev.pkts, window }),
          explanation: t('netfilter.ipt.policy.explanation', { chain: chain.name }),
          evidence: [counterEvidence('policy pkts', subject, prev.pkts, chain.pkts, source)],
          action: t('netfilter.ipt.policy.action', { command: `${src.binary} -t ${chain.table} -I ${chain.name} -p tcp --dport <port> -j ACCEPT` }),
        });
      } else {
        notes.push(t('netfilter.ipt.policy.idle', { subject, window }));
      }
    }
  }
}

function nftKeys(rules: readonly NftRule[]): Map<string, NftRule> {
  const out = new Map<string, NftRule>();
  const seen = new Map<string, number>();
  for (const r of rules) {
    const base = r.handle !== undefined ? `${r.family}|${r.table}|${r.chain}|h${r.handle}` : `${r.family}|${r.table}|${r.chain}|${r.text}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.set(`${base}|${n}`, r);
  }
  return out;
}

/** `... counter drop`: the rule's text with a counter before its final verdict (nft replace rule keeps its place). */
export function withCounter(text: string): string {
  return /\bcounter\b/.test(text) ? text : text.replace(/\s*\b(drop|reject)\b(?!.*\b(drop|reject)\b)/, ' counter $1').trim();
}

/** The chains of a ruleset by key, built once per ruleset (kube-proxy's rulesets hold thousands). */
const chainMaps = new WeakMap<NftRuleset, ReadonlyMap<string, NftRuleset['chains'][number]>>();
function nftChainsOf(nft: NftRuleset | undefined): ReadonlyMap<string, NftRuleset['chains'][number]> {
  if (!nft) return new Map();
  let m = chainMaps.get(nft);
  if (!m) {
    m = new Map(nft.chains.map((c) => [nftChainKey(c.family, c.table, c.name), c]));
    chainMaps.set(nft, m);
  }
  return m;
}

/**
 * Where an nft rule lies: the hook of its base chain, or, in a regular chain, its routes from the base
 * chains. `hook` goes into the finding's details: a base chain's own hook, or the one hook every route
 * to a regular chain starts from (diagnose/path.ts places the finding by it); a chain reached from
 * several hooks keeps none (it stays on the probe's path, and its routes say why).
 */
function nftPlaceOf(i: CheckInput<NetfilterData>, reach: Reach, rule: NftRule): { base?: string; hook?: string; place?: Place } {
  const chain = nftChainsOf(i.after.nft).get(nftChainKey(rule.family, rule.table, rule.chain));
  if (chain?.hook !== undefined) return { base: chain.hook, hook: chain.hook };
  const place = placeOf(reach, nftChainKey(rule.family, rule.table, rule.chain), false, chain !== undefined, i);
  const hooks = hooksOf(place?.routes ?? []);
  return { ...(hooks.length === 1 && hooks[0] !== undefined ? { hook: hooks[0].toLowerCase() } : {}), ...(place ? { place } : {}) };
}

const verbOf = (verdict: string | undefined): Msg => msg(verdict === 'reject' ? 'netfilter.verb.rejects' : 'netfilter.verb.drops');

/**
 * An nft drop rule with no counter: pktdrop cannot see whether it matched. An info finding from state
 * (a warning when it drops a random share: `numgen random`, a fault injector); the drop trace names it
 * as the suspect when the kernel reports NETFILTER_DROP at nft_do_chain that no counter explains.
 */
function uncountedNftDrop(i: CheckInput<NetfilterData>, rule: NftRule, subject: string, random: boolean, reach: Reach): Finding {
  const { base, hook, place } = nftPlaceOf(i, reach, rule);
  const details: NftRuleDetails = {
    kind: 'nft-rule',
    family: rule.family,
    table: rule.table,
    chain: rule.chain,
    text: rule.text,
    ...(rule.handle !== undefined ? { handle: rule.handle } : {}),
    ...(hook !== undefined ? { hook } : {}),
  };
  const prove = rule.handle !== undefined
    ? `nft replace rule ${rule.family} ${rule.table} ${rule.chain} handle ${rule.handle} ${withCounter(rule.text)}`
    : t('netfilter.nft.prove-without-handle', { family: rule.family, table: rule.table, chain: rule.chain, text: withCounter(rule.text) });
  const where = whereOf(place, rule.chain);
  const hookPart = base !== undefined ? t('netfilter.nft.hook-part', { hook: base }) : '';
  const titleParams = { family: rule.family, table: rule.table, chain: rule.chain, hook: hookPart, verdict: rule.verdict ?? '', where };
  return {
    id: 'netfilter.uncounted-drop',
    layer: 'netfilter',
    scope: i.scope,
    severity: random ? 'warning' : 'info',
    basis: 'state',
    role: 'cause',
    subject,
    title: t(random ? 'netfilter.nft.uncounted-random.title' : 'netfilter.nft.uncounted.title', titleParams),
    explanation: tm(
      join(
        msg('netfilter.nft.uncounted.explanation', { text: rule.text, verb: verbOf(rule.verdict) }),
        random && msg('netfilter.nft.numgen.explanation'),
        placeSentence(place, rule.chain),
      ),
    ),
    evidence: [{ kind: 'state', name: 'rule', subject, value: rule.text, source: 'nft -a list ruleset' }, ...pathEvidence(place, subject, 'nft -a list ruleset')],
    action: t('netfilter.nft.uncounted.action', { command: prove }),
    details,
  };
}

function checkNft(i: CheckInput<NetfilterData>, findings: Finding[], notes: string[]): void {
  const nft = i.after.nft;
  if (!nft) return;
  const viaIptables = new Set(
    i.after.iptables
      .filter((s) => s.backend === 'nf_tables')
      .flatMap((s) => s.dump.chains.map((c) => `${s.family === 'ipv6' ? 'ip6' : 'ip'}|${c.table}`)),
  );
  const own = (r: { family: string; table: string }): boolean => !(viaIptables.has(`${r.family}|${r.table}`) && IPTABLES_NFT_TABLES.has(r.table));
  const prev = nftKeys(i.before.nft?.rules ?? []);
  const reach = nftReach(nft);
  const window = phraseWindow(i);
  // The handle of the rule before each rule in its chain, for restoring a deleted rule in place.
  const previousHandleOf = new Map<NftRule, number | undefined>();
  const lastInChain = new Map<string, NftRule>();
  for (const r of nft.rules) {
    const c = `${r.family}|${r.table}|${r.chain}`;
    previousHandleOf.set(r, lastInChain.get(c)?.handle);
    lastInChain.set(c, r);
  }
  for (const [k, rule] of nftKeys(nft.rules)) {
    if (!own(rule) || (rule.verdict !== 'drop' && rule.verdict !== 'reject')) continue;
    const subject = nftRuleSubject(rule);
    const before = prev.get(k);
    const random = /\bnumgen random\b/.test(rule.text);
    const { hook, place } = nftPlaceOf(i, reach, rule);
    const where = whereOf(place, rule.chain);
    if (!rule.counter) {
      notes.push(t('netfilter.nft.uncounted.note', { subject, text: rule.text, verdict: rule.verdict }));
      // Issue 12: kept as an info finding from state, so the drop trace can name it as the suspect
      // when NETFILTER_DROP events at nft_do_chain have no counter to explain them.
      // A named counter (`counter name "x"`) counts elsewhere: not an uncounted rule.
      // A rule of a chain no base chain reaches cannot drop anything now: a note, said above and here.
      if (place?.unreachable === true) notes.push(t('netfilter.chain.unreachable-nft', { subject, text: rule.text, verb: verbOf(rule.verdict), chain: rule.chain }));
      else if (!/\bcounter\b/.test(rule.text)) findings.push(uncountedNftDrop(i, rule, subject, random, reach));
      continue;
    }
    if (!before?.counter || rule.counter.packets <= before.counter.packets) {
      notes.push(t('netfilter.nft.idle', { subject, text: rule.text, window, n: rule.counter.packets, where }));
      // A numgen random drop is a fault injector like iptables' statistic module: named even when idle
      // (not in a chain nothing reaches: it cannot act there).
      if (random && place?.unreachable !== true) {
        findings.push({
          ...uncountedNftDrop(i, rule, subject, true, reach),
          id: 'netfilter.drop-rule',
          severity: 'warning',
          title: t('netfilter.nft.random-idle.title', { family: rule.family, table: rule.table, chain: rule.chain, verdict: rule.verdict, where }),
        });
      }
      continue;
    }
    const previousHandle = previousHandleOf.get(rule);
    const details: NftRuleDetails = {
      kind: 'nft-rule',
      family: rule.family,
      table: rule.table,
      chain: rule.chain,
      text: rule.text,
      ...(rule.handle !== undefined ? { handle: rule.handle } : {}),
      ...(previousHandle !== undefined ? { previousHandle } : {}),
      ...(hook !== undefined ? { hook } : {}),
    };
    findings.push({
      id: 'netfilter.drop-rule',
      layer: 'netfilter',
      scope: i.scope,
      severity: 'error',
      basis: counterBasis(i),
      role: 'cause',
      subject,
      title: t('netfilter.nft.matched.title', { family: rule.family, table: rule.table, chain: rule.chain, verdict: rule.verdict, n: rule.counter.packets - before.counter.packets, window, where }),
      explanation: tm(join(msg('netfilter.nft.matched.explanation', { text: rule.text, verb: verbOf(rule.verdict), window }), placeSentence(place, rule.chain))),
      evidence: [
        counterEvidence('packets', subject, before.counter.packets, rule.counter.packets, 'nft -a list ruleset'),
        { kind: 'state', name: 'rule', subject, value: rule.text, source: 'nft -a list ruleset' },
        ...pathEvidence(place, subject, 'nft -a list ruleset'),
      ],
      action: rule.handle !== undefined
        ? `nft delete rule ${rule.family} ${rule.table} ${rule.chain} handle ${rule.handle}`
        : t('netfilter.nft.delete-by-handle', { family: rule.family, table: rule.table, chain: rule.chain }),
      details,
    });
  }
  for (const chain of nft.chains) {
    if (!own(chain) || chain.policy !== 'drop' || !chain.hook) continue;
    notes.push(t('netfilter.nft.policy-drop', { family: chain.family, table: chain.table, chain: chain.name, hook: chain.hook }));
  }
}

export function checkNetfilter(i: CheckInput<NetfilterData>): { findings: Finding[]; notes: string[] } {
  const findings: Finding[] = [];
  const notes: string[] = [...i.after.notes];
  checkIptables(i, findings, notes);
  checkNft(i, findings, notes);
  const n = i.after.iptables.reduce((s, x) => s + x.dump.rules.length, 0);
  notes.push(
    t('netfilter.summary', {
      n,
      backends: i.after.iptables.map((s) => `${s.binary}`).join(', ') || t('netfilter.summary.no-backend'),
      nft: i.after.nft ? t('netfilter.summary.nft-rules', { n: i.after.nft.rules.length }) : t('netfilter.summary.nft-not-read'),
    }),
  );
  return { findings, notes };
}

/**
 * Rules that are policy, not faults, named when their counter rises but never deleted by pktdrop:
 * - dropping what conntrack marked INVALID (`-m conntrack --ctstate INVALID`, `ct state invalid`):
 *   kube-proxy and most firewalls add it and re-create it; deleting it would let untracked segments
 *   through untranslated (conntrack.invalid-dropped names the cause);
 * - dropping ICMP "fragmentation needed" / ICMPv6 "packet too big": a security policy that makes a
 *   path-MTU black hole (ip.mtu-blackhole names it); opening it is a person's decision.
 */
const INVALID_STATE_RULE =
  /(?:--ctstate|--state)\s+(?:\S+,)?INVALID\b|\bct state\s+(?:\S+,)?invalid\b|--icmp-type\s+(?:3\/4|fragmentation-needed)\b|--icmpv6-type\s+(?:2|packet-too-big)\b|icmp type destination-unreachable.*code frag-needed|icmpv6 type packet-too-big/;

export function planNetfilterFix(f: Finding): FixProposal | undefined {
  const d = f.details;
  if (f.id !== 'netfilter.drop-rule' || !d) return undefined;
  if ((d.kind === 'iptables-rule' && INVALID_STATE_RULE.test(d.specText)) || (d.kind === 'nft-rule' && INVALID_STATE_RULE.test(d.text))) return undefined;
  if (d.kind === 'iptables-rule' && d.exact) {
    const { binary, table, chain, position, spec, specText } = d;
    return {
      id: `${f.id}:${f.scope}:${f.subject}`,
      findingId: f.id,
      subject: f.subject,
      title: t('netfilter.fix.delete-ipt', { table, chain, position, spec: spec.join(' ') }),
      risk: 'safe',
      scope: f.scope,
      commands: [[binary, '-t', table, '-D', chain, ...spec]],
      inverse: [[binary, '-t', table, '-I', chain, String(position), ...spec]],
      presence: { argv: [saveCommand(binary), '-t', table], marker: `-A ${chain} ${specText}`, match: 'line' },
      // -D removes the first rule that matches: where it stood just before the change is where undo puts it back.
      inversePosition: { command: 0, word: 5, linePrefix: `-A ${chain} ` },
    };
  }
  if (d.kind === 'nft-rule' && d.handle !== undefined) {
    const { family, table, chain, handle, text, previousHandle } = d;
    const tokens = withoutCounterValues(text).split(/\s+/).filter((t) => t !== '');
    const restore = previousHandle !== undefined
      ? ['nft', 'add', 'rule', family, table, chain, 'position', String(previousHandle), ...tokens]
      : ['nft', 'insert', 'rule', family, table, chain, ...tokens];
    return {
      id: `${f.id}:${f.scope}:${f.subject}`,
      findingId: f.id,
      subject: f.subject,
      title: t('netfilter.fix.delete-nft', { family, table, chain, handle, text }),
      risk: 'safe',
      scope: f.scope,
      commands: [['nft', 'delete', 'rule', family, table, chain, 'handle', String(handle)]],
      inverse: [restore],
      presence: { argv: ['nft', 'list', 'chain', family, table, chain], marker: withoutCounterValues(text), match: 'line' },
    };
  }
  return undefined;
}

export const netfilterLayer = defineLayer<NetfilterData>({
  id: 'netfilter',
  title: t('netfilter.layer.title'),
  lookedAt: () => t('netfilter.layer.looked-at'),
  probe: netfilterProbe,
  check: checkNetfilter,
  zero: zeroNetfilterData,
  planFix: planNetfilterFix,
});
