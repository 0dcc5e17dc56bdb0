/**
 * Netfilter: iptables (both backends, IPv4 and IPv6) and nftables. A DROP or REJECT rule's packet
 * counter counts the packets it discarded; a rule is convicted only when that counter rose during
 * the window. A built-in chain's policy counter counts packets that fell off the end of the chain
 * and got the policy. `-m statistic --mode random --probability p` drops a random share p of what
 * it matches — a fault injector, like netem. nftables rules count only when they carry `counter`.
 */
import { counterBasis, counterEvidence, defineLayer, phraseWindow, type CheckInput, type Probe } from '../../core/layer.js';
import { parsed, unparsable, withoutCounterValues, type Finding, type FixProposal, type IptablesRuleDetails, type NftRuleDetails } from '../../core/types.js';
import type { IptablesBackend, IptablesDump, IptRule, NftRule, NftRuleset } from './model.js';
import { parseIptablesSave } from './parse-iptables-save.js';
import { parseNftRuleset } from './parse-nft.js';
import { parseSysctlLines, type SysctlValues } from '../../core/parse-sysctl.js';
import { parseProcSnmp } from '../snmp/parse-proc-snmp.js';
import { parseBridges, type BridgeInfo } from './parse-bridges.js';

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
        notes.push(`${c.argv.join(' ')} failed: ${r.failure?.hint ?? 'unknown error'}`);
        continue;
      }
      if (r.stdout.trim() === '' || /^(#[^\n]*\n?)*$/.test(r.stdout.trim())) continue;
      const p = parseIptablesSave(r.stdout);
      if (!p.ok) {
        notes.push(`could not read ${c.argv.join(' ')}: ${p.reason}`);
        continue;
      }
      iptables.push({ backend: c.backend, family: c.family, binary: c.binary, dump: p.data });
    }
    if (!variantsFound) {
      const r = results.get('save4');
      if (r?.ok) {
        const p = parseIptablesSave(r.stdout);
        if (p.ok) iptables.push({ backend: 'unknown', family: 'ipv4', binary: 'iptables', dump: p.data });
        else notes.push(`could not read iptables-save -c: ${p.reason}`);
      } else if (r && r.failure?.kind !== 'not-found') {
        notes.push(`iptables-save -c failed: ${r.failure?.hint ?? 'unknown error'}`);
      }
    }
    const nftResult = results.get('nft');
    let nft: NftRuleset | undefined;
    if (nftResult?.ok) {
      const p = parseNftRuleset(nftResult.stdout);
      if (p.ok) nft = p.data;
      else if (nftResult.stdout.trim() !== '') notes.push(`could not read nft -a list ruleset: ${p.reason}`);
      else nft = { tables: [], chains: [], rules: [] };
    } else if (nftResult) {
      notes.push(
        nftResult.failure?.kind === 'not-found'
          ? 'nft not found: nftables rules outside iptables were not read (apt-get install nftables)'
          : `nft -a list ruleset failed: ${nftResult.failure?.hint ?? 'unknown error'}`,
      );
    }
    const anyTool = iptables.length > 0 || nft !== undefined || variantsFound || results.get('save4')?.ok === true;
    if (anyTool && iptables.length === 0 && nft === undefined && notes.some((n) => !n.startsWith('nft not found'))) {
      // Tools exist but nothing could be read (permission, timeout, interrupted): unknown, not healthy.
      return unparsable(notes.filter((n) => !n.startsWith('nft not found')).join('; '));
    }
    if (!anyTool) {
      const failures = notes.filter((n) => !n.startsWith('nft not found'));
      const why = failures.length > 0 ? failures.join('; ') : 'neither iptables nor nft is installed';
      return unparsable(why);
    }
    return parsed({ iptables, ...(nft ? { nft } : {}), notes, ...bridgingOf(results) });
  },
} satisfies Probe<NetfilterData>;

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

function checkIptables(i: CheckInput<NetfilterData>, findings: Finding[], notes: string[]): void {
  const window = phraseWindow(i);
  for (const src of i.after.iptables) {
    const prevSrc = i.before.iptables.find((s) => s.binary === src.binary);
    // Only DROP/REJECT rules are judged: key only those (identical specs share a target, so the
    // occurrence numbering is the same as over all rules).
    const prevRules = ruleKeys((prevSrc?.dump.rules ?? []).filter((r) => isDropTarget(r.target)));
    const idle: string[] = [];
    const source = `${saveCommand(src.binary)} -c`;
    for (const [k, rule] of ruleKeys(src.dump.rules.filter((r) => isDropTarget(r.target)))) {
      const prev = prevRules.get(k);
      const subject = iptRuleSubject(src, rule);
      const cmd = `-t ${rule.table} -A ${rule.chain} ${rule.specText}`;
      if (!prev || rule.pkts <= prev.pkts) {
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
            title: `${rule.chain} rule #${rule.position} would drop a random ${Math.round(rule.randomProbability * 1000) / 10}% of what it matches (it matched nothing ${window})`,
            explanation: `The rule "${cmd}" is a fault injector. Its counter did not rise ${window}, so it is not convicted and pktdrop will not remove it; traffic it matches would be dropped at random.`,
            evidence: [{ kind: 'history', counter: 'pkts', subject, value: rule.pkts, source }, { kind: 'state', name: 'rule', subject, value: `${src.binary} ${cmd}`, source }],
            action: `if nobody needs it: ${src.binary} -t ${rule.table} -D ${rule.chain} ${rule.specText}`,
          });
          continue;
        }
        idle.push(`${subject} (${rule.specText}) is a ${rule.target} rule that did not match ${window} (${rule.pkts} packets since its counters were last reset: history)`);
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
          ? `${rule.chain} rule #${rule.position} drops a random ${Math.round((rule.randomProbability ?? 0) * 1000) / 10}% of packets`
          : `${rule.chain} rule #${rule.position} (${rule.target}) matched ${rule.pkts - prev.pkts} packet(s) ${window}`,
        explanation: random
          ? `The rule "${cmd}" uses the statistic module to ${rule.target === 'REJECT' ? 'reject' : 'drop'} a random share of everything it matches: a fault injector, not a firewall policy.`
          : `The rule "${cmd}" ${rule.target === 'REJECT' ? 'rejects' : 'drops'} the packets it matches, and its counter rose ${window}.`,
        evidence: [
          counterEvidence('pkts', subject, prev.pkts, rule.pkts, source),
          { kind: 'state', name: 'rule', subject, value: `${src.binary} ${cmd}`, source },
        ],
        action: details.exact
          ? `${src.binary} -t ${rule.table} -D ${rule.chain} ${rule.specText}`
          : `${src.binary} -t ${rule.table} -D ${rule.chain} ${rule.position} (its position in the listing; check it first with ${src.binary} -t ${rule.table} -L ${rule.chain} -n --line-numbers)`,
        details,
      });
    }
    notes.push(...idle.slice(0, IDLE_NOTES));
    if (idle.length > IDLE_NOTES) notes.push(`… and ${idle.length - IDLE_NOTES} more DROP/REJECT rules in ${src.binary} that did not match ${window}`);
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
          title: `${chain.table}/${chain.name} has policy DROP and dropped ${chain.pkts - prev.pkts} packet(s) ${window}`,
          explanation: `No rule in ${chain.name} accepted these packets, so the chain's DROP policy discarded them. Either an ACCEPT rule is missing for this traffic or the traffic is unwanted.`,
          evidence: [counterEvidence('policy pkts', subject, prev.pkts, chain.pkts, source)],
          action: `add an ACCEPT rule for the service, e.g. ${src.binary} -t ${chain.table} -I ${chain.name} -p tcp --dport <port> -j ACCEPT (pktdrop does not open firewalls by itself)`,
        });
      } else {
        notes.push(`${subject} is DROP (no packet reached it ${window})`);
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

/**
 * An nft drop rule with no counter: pktdrop cannot see whether it matched. An info finding from state
 * (a warning when it drops a random share: `numgen random`, a fault injector); the drop trace names it
 * as the suspect when the kernel reports NETFILTER_DROP at nft_do_chain that no counter explains.
 */
function uncountedNftDrop(i: CheckInput<NetfilterData>, rule: NftRule, subject: string, random: boolean): Finding {
  const hook = i.after.nft?.chains.find((c) => c.family === rule.family && c.table === rule.table && c.name === rule.chain)?.hook;
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
    : `nft -a list chain ${rule.family} ${rule.table} ${rule.chain}, then nft replace rule ... handle <N> ${withCounter(rule.text)}`;
  return {
    id: 'netfilter.uncounted-drop',
    layer: 'netfilter',
    scope: i.scope,
    severity: random ? 'warning' : 'info',
    basis: 'state',
    role: 'cause',
    subject,
    title: `nft rule in ${rule.family} ${rule.table} ${rule.chain}${hook ? ` (hook ${hook})` : ''} ${rule.verdict}s${random ? ' a random share of packets (numgen random)' : ''} without a counter`,
    explanation:
      `The nftables rule "${rule.text}" ${rule.verdict}s what it matches, but it has no counter, so nothing shows whether it matched.` +
      (random ? ' numgen random makes it drop a random share of everything it matches: a fault injector, not a firewall policy.' : ''),
    evidence: [{ kind: 'state', name: 'rule', subject, value: rule.text, source: 'nft -a list ruleset' }],
    action: `${prove} (adds a counter in place; then rerun pktdrop to see whether it matches)`,
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
    if (!rule.counter) {
      notes.push(`${subject} (${rule.text}) ${rule.verdict}s without a counter: pktdrop cannot tell whether it matched (add "counter" to the rule to see)`);
      // Issue 12: kept as an info finding from state, so the drop trace can name it as the suspect
      // when NETFILTER_DROP events at nft_do_chain have no counter to explain them.
      // A named counter (`counter name "x"`) counts elsewhere: not an uncounted rule.
      if (!/\bcounter\b/.test(rule.text)) findings.push(uncountedNftDrop(i, rule, subject, random));
      continue;
    }
    if (!before?.counter || rule.counter.packets <= before.counter.packets) {
      notes.push(`${subject} (${rule.text}) did not match ${phraseWindow(i)} (${rule.counter.packets} packets since it was created: history)`);
      // A numgen random drop is a fault injector like iptables' statistic module: named even when idle.
      if (random) findings.push({ ...uncountedNftDrop(i, rule, subject, true), id: 'netfilter.drop-rule', severity: 'warning', title: `nft rule in ${rule.family} ${rule.table} ${rule.chain} ${rule.verdict}s a random share of packets (numgen random): a fault injector` });
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
    };
    findings.push({
      id: 'netfilter.drop-rule',
      layer: 'netfilter',
      scope: i.scope,
      severity: 'error',
      basis: counterBasis(i),
      role: 'cause',
      subject,
      title: `nft rule in ${rule.family} ${rule.table} ${rule.chain} (${rule.verdict}) matched ${rule.counter.packets - before.counter.packets} packet(s) ${phraseWindow(i)}`,
      explanation: `The nftables rule "${rule.text}" ${rule.verdict}s what it matches, and its counter rose ${phraseWindow(i)}.`,
      evidence: [
        counterEvidence('packets', subject, before.counter.packets, rule.counter.packets, 'nft -a list ruleset'),
        { kind: 'state', name: 'rule', subject, value: rule.text, source: 'nft -a list ruleset' },
      ],
      action: rule.handle !== undefined ? `nft delete rule ${rule.family} ${rule.table} ${rule.chain} handle ${rule.handle}` : `nft -a list chain ${rule.family} ${rule.table} ${rule.chain}, then delete the rule by its handle`,
      details,
    });
  }
  for (const chain of nft.chains) {
    if (!own(chain) || chain.policy !== 'drop' || !chain.hook) continue;
    notes.push(`nft chain ${chain.family} ${chain.table} ${chain.name} (hook ${chain.hook}) has policy drop: nftables keeps no counter for policies, so pktdrop cannot tell whether it dropped (the drop-reasons step can)`);
  }
}

export function checkNetfilter(i: CheckInput<NetfilterData>): { findings: Finding[]; notes: string[] } {
  const findings: Finding[] = [];
  const notes: string[] = [...i.after.notes];
  checkIptables(i, findings, notes);
  checkNft(i, findings, notes);
  const n = i.after.iptables.reduce((s, x) => s + x.dump.rules.length, 0);
  notes.push(`${n} iptables rule(s) in ${i.after.iptables.map((s) => `${s.binary}`).join(', ') || 'no iptables backend'}; ${i.after.nft ? `${i.after.nft.rules.length} nft rule(s)` : 'nft not read'}`);
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
      title: `Delete ${table}/${chain} rule #${position}: ${spec.join(' ')}`,
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
      title: `Delete nft rule ${family} ${table} ${chain} handle ${handle}: ${text}`,
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
  title: 'Netfilter: iptables and nftables rules',
  lookedAt: () => 'iptables-save -c (nf_tables and legacy, IPv4 and IPv6); nft -a list ruleset (iptables -nvL)',
  probe: netfilterProbe,
  check: checkNetfilter,
  zero: zeroNetfilterData,
  planFix: planNetfilterFix,
});
