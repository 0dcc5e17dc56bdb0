/**
 * Findings from pasted outputs, with the layers' own checks. The checks judge two samples of a
 * measurement window; a paste has one or two:
 *
 * - ONE snapshot of a command: the check is run against a zero baseline (the same data with every
 *   counter at 0), so it judges the totals exactly as it would judge a rise. Every counter it cites is
 *   then turned into `history` evidence and the finding is marked "since boot; cannot tell if still
 *   rising"; a finding that rests only on such history is at most a warning (history never convicts).
 *   Static findings — a netem qdisc, a `-m statistic --mode random` DROP rule, a link that is down, a
 *   conntrack table near its limit — do not depend on counters and keep their severity.
 * - TWO or more snapshots of the same command (same kind, same subject) in one input: the first and the
 *   last are the check's before/after, and the deltas convict as in `pktdrop diagnose`.
 *
 * Finding ids are the ones diagnose uses (README); analyze adds no judgement of its own except for
 * outputs diagnose does not read: `ss -ltn` accept queues and kernel log drop messages.
 */
import type { CheckInput, CheckResult, ScopeContext } from '../core/layer.js';
import { planFixes, type StepReport } from '../core/judge.js';
import { LAYER_IDS, type CheckOutcome, type Evidence, type Finding, type FixProposal, type LayerId } from '../core/types.js';
import { conntrackLayer, type ConntrackData } from '../layers/conntrack/layer.js';
import type { ConntrackState } from '../layers/conntrack/model.js';
import { LAYERS } from '../layers/index.js';
import { linkLayer, type LinkData, type LinkReading } from '../layers/link/layer.js';
import { isDropCounterName } from '../layers/link/parse-ethtool-stats.js';
import { iptRuleSubject, netfilterLayer, type IptablesSource, type NetfilterData } from '../layers/netfilter/layer.js';
import { detectIptablesBackend } from '../layers/netfilter/parse-iptables-save.js';
import { qdiscLayer, type QdiscData } from '../layers/qdisc/layer.js';
import { ipLayer, tcpLayer, udpLayer, type MibData } from '../layers/snmp/layers.js';
import type { ResolvedTarget } from '../core/target.js';
import { detectSections, tableOf, type ParsedSection, type SectionKind, type UnrecognisedRange } from './detect.js';
import { listingToDump } from './listing-to-dump.js';

/** What a finding judged from one snapshot is marked with. */
export const HISTORY_NOTE = 'since boot; cannot tell if still rising';

/** One input: a file's text and the name to report it by (`-` for stdin). */
export interface AnalyzeInput {
  readonly name: string;
  readonly text: string;
}

/** A recognised section as the report lists it. */
export interface SectionSummary {
  readonly file: string;
  readonly kind: SectionKind;
  readonly startLine: number;
  readonly endLine: number;
  readonly command?: string;
  /** How the section was judged: alone (totals) or as one of several snapshots (deltas). */
  readonly mode: 'snapshot' | 'delta';
}

/** The result of `pktdrop analyze`. Steps and findings have the shapes diagnose reports. */
export interface AnalyzeReport {
  readonly inputs: readonly string[];
  readonly sections: readonly SectionSummary[];
  readonly unrecognised: readonly UnrecognisedRange[];
  readonly steps: readonly StepReport[];
  readonly findings: readonly Finding[];
  /** Fixes the layers would propose for the error findings (nothing is applied by analyze). */
  readonly proposals: readonly { readonly fix: FixProposal; readonly finding: Finding }[];
  /** 1 when a finding has severity error, else 0. */
  readonly exitCode: 0 | 1;
}

/** The target pasted outputs are judged as: the machine they came from, seen as a host. */
export const PASTED_TARGET: ResolvedTarget = {
  spec: { kind: 'host' },
  label: 'pasted outputs',
  access: { via: 'host' },
  addresses: [],
  listeningPorts: [],
  interfaces: [],
  notes: [],
};
const CTX: ScopeContext = { scope: 'target', target: PASTED_TARGET };
const NO_TRAFFIC = { method: 'none', sent: 0, received: 0, synAckNoise: 0 } as const;

/** Snapshots of one command about one subject, in input order. */
interface Group<T> {
  readonly layer: LayerId;
  readonly key: string;
  readonly label: string;
  readonly sections: ParsedSection[];
  readonly data: T[];
}

const range = (s: ParsedSection): string => `${s.file}:${s.startLine}-${s.endLine}`;

/** What a person would type to see the section's counters. */
function sourceOf(s: ParsedSection): string {
  if (s.command) return s.command;
  const d: Record<SectionKind, string> = {
    'netstat-i': 'netstat -i', 'netstat-s': 'netstat -s', nstat: 'nstat -az', 'tc-qdisc': 'tc -s qdisc show',
    'iptables-list': 'iptables -nvL', 'iptables-save': 'iptables-save -c', 'nft-ruleset': 'nft -a list ruleset',
    'ethtool-S': 'ethtool -S', 'conntrack-S': 'conntrack -S', 'proc-nf-conntrack': 'cat /proc/net/stat/nf_conntrack',
    'sysctl-conntrack': 'sysctl net.netfilter.nf_conntrack_count net.netfilter.nf_conntrack_max', 'ss-ltn': 'ss -ltn',
    'ip-s-link': 'ip -s -s link show', 'ip-link-json': 'ip -j -s -s link show', ifconfig: 'ifconfig',
    'proc-snmp': 'cat /proc/net/snmp', 'proc-netstat': 'cat /proc/net/netstat', 'proc-net-dev': 'cat /proc/net/dev',
    'kernel-log': 'dmesg',
  };
  return d[s.kind];
}

// ---- zero baselines: the same data with every counter at 0 -------------------------------------

const zeroRecord = (r: Readonly<Record<string, number>>): Record<string, number> => Object.fromEntries(Object.keys(r).map((k) => [k, 0]));

const zeroLink = (d: LinkData): LinkData => ({
  ...d,
  links: d.links.map((l) => ({ ...l, counters: zeroRecord(l.counters), ...(l.driver ? { driver: zeroRecord(l.driver) } : {}) })),
});
const zeroQdisc = (d: QdiscData): QdiscData => ({
  qdiscs: d.qdiscs.map((q) => (q.stats ? { ...q, stats: { ...q.stats, sentBytes: 0, sentPackets: 0, dropped: 0, overlimits: 0, requeues: 0 } } : q)),
});
const zeroMib = (d: MibData): MibData => ({ counters: zeroRecord(d.counters) });
const zeroNetfilter = (d: NetfilterData): NetfilterData => ({
  ...d,
  iptables: d.iptables.map((s) => ({
    ...s,
    dump: { ...s.dump, rules: s.dump.rules.map((r) => ({ ...r, pkts: 0, bytes: 0 })), chains: s.dump.chains.map((c) => ({ ...c, pkts: 0, bytes: 0 })) },
  })),
  ...(d.nft ? { nft: { ...d.nft, rules: d.nft.rules.map((r) => (r.counter ? { ...r, counter: { packets: 0, bytes: 0 } } : r)) } } : {}),
});
const zeroConntrack = (d: ConntrackData): ConntrackData => ({
  ...d,
  state: { ...d.state, ...(d.state.stats ? { stats: zeroRecord(d.state.stats) } : {}) },
});

// ---- rewording for pasted input ------------------------------------------------------------------

function reword(text: string, mode: 'snapshot' | 'delta'): string {
  const instead = mode === 'delta' ? 'between the two snapshots' : '';
  return text
    .replace(/ (?:rose )?while pktdrop (?:watched|was probing)/g, mode === 'delta' ? ' rose between the two snapshots' : ' counted since boot')
    .replace(/ during the window/g, instead ? ` ${instead}` : '')
    .replace(/ in the window/g, instead ? ` ${instead}` : '');
}

/** A since-boot reading: counter evidence becomes history, and only static findings keep error. */
function asHistory(f: Finding, isStatic: boolean, source: string): Finding {
  let converted = false;
  const evidence = f.evidence.map((e): Evidence => {
    if (e.kind !== 'counter') return { ...e, source };
    converted = true;
    return { kind: 'history', counter: e.counter, subject: e.subject, value: e.after, source };
  });
  const severity = !isStatic && converted && f.severity === 'error' ? 'warning' : f.severity;
  return {
    ...f,
    severity,
    title: isStatic ? reword(f.title, 'snapshot') : `${reword(f.title, 'snapshot')} (${HISTORY_NOTE})`,
    explanation:
      `${reword(f.explanation, 'snapshot')}` +
      (converted ? ` From one pasted snapshot these counters are totals (${HISTORY_NOTE}): paste the same command twice, a few seconds apart, to see whether it is still happening.` : ''),
    evidence,
  };
}

function asDelta(f: Finding, source: string): Finding {
  return {
    ...f,
    title: reword(f.title, 'delta'),
    explanation: reword(f.explanation, 'delta'),
    evidence: f.evidence.map((e) => ({ ...e, source })),
  };
}

interface Judged {
  readonly outcome: CheckOutcome;
  readonly findings: Finding[];
}

/** Run a layer's check on a group: zero baseline for one snapshot, first/last for several. */
function judge<T>(
  group: Group<T>,
  check: (i: CheckInput<T>) => CheckResult,
  zero: (d: T) => T,
  isStatic: (f: Finding) => boolean,
): Judged {
  const first = group.data[0];
  const last = group.data[group.data.length - 1];
  const lastSection = group.sections[group.sections.length - 1];
  if (first === undefined || last === undefined || !lastSection) return { outcome: { status: 'skipped', reason: 'no data' }, findings: [] };
  const single = group.data.length === 1;
  try {
    const r = check({ scope: 'target', ctx: CTX, before: single ? zero(first) : first, after: last, windowMs: 0, traffic: NO_TRAFFIC });
    const source = sourceOf(lastSection);
    const findings = r.findings.map((f) => (single ? asHistory(f, isStatic(f), source) : asDelta(f, source)));
    const notes = r.notes.map((n) => reword(n, single ? 'snapshot' : 'delta'));
    return {
      outcome: findings.length > 0 ? { status: 'findings', findings, notes } : { status: 'pass', notes },
      findings,
    };
  } catch (e) {
    return { outcome: { status: 'crashed', error: e instanceof Error ? e.message : String(e) }, findings: [] };
  }
}

// ---- grouping ------------------------------------------------------------------------------------

function pushGroup<T>(groups: Map<string, Group<T>>, layer: LayerId, key: string, label: string, s: ParsedSection, d: T): void {
  const g = groups.get(key) ?? { layer, key, label, sections: [], data: [] };
  g.sections.push(s);
  g.data.push(d);
  groups.set(key, g);
}

const notLo = (name: string): boolean => name !== 'lo';

function linkDataOf(s: ParsedSection): LinkData | undefined {
  const p = s.parsed;
  switch (p.kind) {
    case 'netstat-i':
    case 'ifconfig':
    case 'proc-net-dev':
      return { links: p.data.filter((l) => notLo(l.name)).map((l): LinkReading => ({ name: l.name, counters: l.counters })), source: sourceOf(s), notes: [] };
    case 'ip-s-link':
    case 'ip-link-json':
      return {
        links: p.data.filter((l) => notLo(l.name)).map((l): LinkReading => ({ name: l.name, operstate: l.operstate, flags: l.flags, counters: l.counters ?? {} })),
        source: sourceOf(s),
        notes: [],
      };
    case 'ethtool-S': {
      const drops = Object.fromEntries(Object.entries(p.data.counters).filter(([k]) => isDropCounterName(k)));
      const dev = /ethtool\s+(?:-S|--statistics)\s+(\S+)/.exec(s.command ?? '')?.[1] ?? 'the interface';
      return { links: [{ name: dev, counters: {}, driver: drops }], source: sourceOf(s), notes: [] };
    }
    default:
      return undefined;
  }
}

function netfilterDataOf(s: ParsedSection, randomSubjects: Set<string>, approximateSubjects: Set<string>): NetfilterData | undefined {
  const p = s.parsed;
  const v6 = /\bip6tables/.test(s.command ?? '') || /^# Generated by ip6tables/m.test(s.text);
  const binary = v6 ? 'ip6tables' : 'iptables';
  let src: IptablesSource | undefined;
  if (p.kind === 'iptables-list') {
    const { dump, approximate } = listingToDump(p.data, tableOf(s.command));
    src = { backend: 'unknown', family: v6 ? 'ipv6' : 'ipv4', binary, dump };
    for (const r of dump.rules) if (approximate.has(`${r.table}/${r.chain}#${r.position}`)) approximateSubjects.add(iptRuleSubject(src, r));
  } else if (p.kind === 'iptables-save') {
    const backend = p.data.backend ?? detectIptablesBackend(s.text) ?? 'unknown';
    src = { backend, family: v6 ? 'ipv6' : 'ipv4', binary, dump: p.data };
  } else if (p.kind === 'nft-ruleset') {
    return { iptables: [], nft: p.data, notes: [] };
  }
  if (!src) return undefined;
  for (const r of src.dump.rules) if (r.randomProbability !== undefined) randomSubjects.add(iptRuleSubject(src, r));
  return { iptables: [src], notes: [] };
}

/**
 * MIB outputs: `cat /proc/net/snmp /proc/net/netstat` read together are one snapshot, so pieces whose
 * counters do not overlap are merged; a piece that repeats counters already read starts the next snapshot.
 */
function mibGroups(sections: readonly ParsedSection[]): Group<MibData>[] {
  const byFamily = new Map<string, Group<MibData>>();
  for (const s of sections) {
    const p = s.parsed;
    if (p.kind !== 'netstat-s' && p.kind !== 'nstat' && p.kind !== 'proc-snmp' && p.kind !== 'proc-netstat') continue;
    const family = p.kind === 'proc-snmp' || p.kind === 'proc-netstat' ? 'proc' : p.kind;
    const g = byFamily.get(family) ?? { layer: 'tcp', key: `mib|${family}`, label: family === 'proc' ? '/proc/net/snmp + /proc/net/netstat' : p.kind, sections: [], data: [] };
    byFamily.set(family, g);
    const cur = g.data[g.data.length - 1];
    const overlaps = cur !== undefined && Object.keys(p.data).some((k) => k in cur.counters);
    if (cur === undefined || overlaps) g.data.push({ counters: { ...p.data } });
    else g.data[g.data.length - 1] = { counters: { ...cur.counters, ...p.data } };
    g.sections.push(s);
  }
  return [...byFamily.values()];
}

function conntrackGroups(sections: readonly ParsedSection[]): Group<ConntrackData>[] {
  let count: number | undefined;
  let max: number | undefined;
  for (const s of sections) {
    const p = s.parsed;
    if (p.kind === 'sysctl-conntrack' || p.kind === 'proc-nf-conntrack') {
      count = p.data.count ?? count;
      if (p.kind === 'sysctl-conntrack') max = p.data.max ?? max;
    }
  }
  const groups = new Map<string, Group<ConntrackData>>();
  const sysctl: ParsedSection[] = [];
  for (const s of sections) {
    const p = s.parsed;
    if (p.kind === 'sysctl-conntrack') sysctl.push(s);
    if (p.kind !== 'conntrack-S' && p.kind !== 'proc-nf-conntrack') continue;
    const state: ConntrackState = { ...(p.data.stats ? { stats: p.data.stats } : {}), ...(count !== undefined ? { count } : {}), ...(max !== undefined ? { max } : {}) };
    pushGroup(groups, 'conntrack', `conntrack|${p.kind}`, p.kind, s, { loaded: true, state });
  }
  const first = sysctl[0];
  if (groups.size === 0 && first) {
    const g: Group<ConntrackData> = { layer: 'conntrack', key: 'conntrack|sysctl', label: 'sysctl', sections: sysctl, data: [{ loaded: true, state: { ...(count !== undefined ? { count } : {}), ...(max !== undefined ? { max } : {}) } }] };
    groups.set(g.key, g);
  } else {
    for (const g of groups.values()) g.sections.push(...sysctl);
  }
  return [...groups.values()];
}

// ---- findings analyze adds for outputs diagnose does not read --------------------------------------

function ssFindings(s: ParsedSection): Finding[] {
  if (s.parsed.kind !== 'ss-ltn') return [];
  return s.parsed.data
    .filter((l) => l.sendQ > 0 && l.recvQ > l.sendQ)
    .map((l): Finding => ({
      id: 'tcp.listen-overflow',
      layer: 'tcp',
      scope: 'target',
      severity: 'error',
      subject: `listener ${l.local}`,
      title: `The accept queue of ${l.local} is over its backlog (${l.recvQ} waiting, backlog ${l.sendQ})`,
      explanation:
        'Recv-Q of a listening socket is the number of connections that finished their handshake and wait for accept(); Send-Q is the ' +
        'queue\'s size (the listen() backlog, capped by net.core.somaxconn). The kernel admits backlog + 1; beyond that it drops new ' +
        'handshakes (TcpExtListenOverflows/ListenDrops rise) and clients see 1 s, 3 s, 7 s stalls. The application is not accepting fast enough.',
      evidence: [
        { kind: 'state', name: 'Recv-Q', subject: `listener ${l.local}`, value: l.recvQ, source: sourceOf(s) },
        { kind: 'state', name: 'Send-Q (backlog)', subject: `listener ${l.local}`, value: l.sendQ, source: sourceOf(s) },
      ],
      action: 'raise the application\'s listen() backlog and net.core.somaxconn, or make it accept faster; nstat -az TcpExtListenOverflows to watch the drops',
    }));
}

function kernelLogFindings(s: ParsedSection): Finding[] {
  if (s.parsed.kind !== 'kernel-log') return [];
  const log = s.parsed.data;
  const out: Finding[] = [];
  const source = sourceOf(s);
  const full = log.messages.filter((m) => m.kind === 'conntrack-table-full');
  if (full.length > 0) {
    out.push({
      id: 'conntrack.table-full',
      layer: 'conntrack',
      scope: 'target',
      severity: 'warning',
      subject: 'nf_conntrack',
      title: `The kernel logged "nf_conntrack: table full, dropping packet" ${full.length} time(s) (${HISTORY_NOTE})`,
      explanation:
        'The connection-tracking table reached nf_conntrack_max, so the kernel dropped the first packet of new flows. The log shows it happened; ' +
        'it cannot tell whether the table is still full now' + (log.suppressed > 0 ? ` (and ${log.suppressed} similar messages were rate-limited away)` : '') + '.',
      evidence: [
        { kind: 'history', counter: 'nf_conntrack: table full, dropping packet', subject: 'nf_conntrack', value: full.length, source },
        { kind: 'state', name: 'log line', subject: 'nf_conntrack', value: full[full.length - 1]?.line ?? '', source },
      ],
      action: 'sysctl net.netfilter.nf_conntrack_count net.netfilter.nf_conntrack_max and conntrack -S now; raise nf_conntrack_max (on the host) if the count is near the max',
    });
  }
  const ports = new Map<number, { n: number; drop: boolean; line: string }>();
  for (const m of log.messages) {
    if (m.kind !== 'syn-flooding' || m.port === undefined) continue;
    const p = ports.get(m.port) ?? { n: 0, drop: false, line: m.line };
    ports.set(m.port, { n: p.n + 1, drop: p.drop || m.action === 'drop', line: m.line });
  }
  for (const [port, p] of ports) {
    out.push({
      id: 'tcp.listen-overflow',
      layer: 'tcp',
      scope: 'target',
      severity: 'warning',
      subject: `port ${port}`,
      title: `The kernel logged "Possible SYN flooding on port ${port}" ${p.n} time(s) (${HISTORY_NOTE})`,
      explanation:
        `The SYN queue of the listener on port ${port} filled up. ` +
        (p.drop
          ? 'Without SYN cookies the kernel dropped the new SYNs ("Dropping request").'
          : 'The kernel answered with SYN cookies instead of queueing; connections still work, but the listener is receiving SYNs faster than handshakes complete (a flood, or a backlog too small for the load).'),
      evidence: [
        { kind: 'history', counter: 'Possible SYN flooding', subject: `port ${port}`, value: p.n, source },
        { kind: 'state', name: 'log line', subject: `port ${port}`, value: p.line, source },
      ],
      action: `ss -ltn sport = :${port} (Recv-Q against Send-Q); nstat -az TcpExtListenOverflows TcpExtListenDrops TcpExtTCPReqQFullDrop; raise net.ipv4.tcp_max_syn_backlog, net.core.somaxconn and the application's backlog if the load is genuine`,
    });
  }
  return out;
}

// ---- the analysis --------------------------------------------------------------------------------

const sameFinding = (a: Finding, b: Finding): boolean => a.id === b.id && a.subject === b.subject && a.scope === b.scope;

/** Judge already-detected sections. Pure. */
export function analyzeSections(sections: readonly ParsedSection[], unrecognised: readonly UnrecognisedRange[] = [], inputs: readonly string[] = []): AnalyzeReport {
  const steps: StepReport[] = [];
  const modes = new Map<ParsedSection, 'snapshot' | 'delta'>();
  const mark = (g: { sections: readonly ParsedSection[]; data: readonly unknown[] }): void => {
    for (const s of g.sections) modes.set(s, g.data.length > 1 ? 'delta' : 'snapshot');
  };
  const step = (layer: LayerId, title: string, g: { sections: readonly ParsedSection[] }, outcome: CheckOutcome): void => {
    steps.push({ layer, scope: 'target', title, lookedAt: g.sections.map((s) => `${s.command ?? s.kind} (${range(s)})`).join('; '), outcome });
  };

  // link
  const linkGroups = new Map<string, Group<LinkData>>();
  for (const s of sections) {
    const d = linkDataOf(s);
    if (d) pushGroup(linkGroups, 'link', s.parsed.kind === 'ethtool-S' ? `ethtool|${d.links[0]?.name}` : `link|${s.parsed.kind}`, s.parsed.kind, s, d);
  }
  for (const g of linkGroups.values()) {
    mark(g);
    const j = judge(g, linkLayer.check, zeroLink, (f) => f.id === 'link.down');
    step('link', `${linkLayer.title} (${g.label})`, g, j.outcome);
  }

  // qdisc
  const qdiscGroups = new Map<string, Group<QdiscData>>();
  for (const s of sections) {
    if (s.parsed.kind !== 'tc-qdisc') continue;
    const devs = [...new Set(s.parsed.data.map((q) => q.dev))].sort().join(',');
    pushGroup(qdiscGroups, 'qdisc', `tc|${devs}`, 'tc -s qdisc', s, { qdiscs: s.parsed.data.filter((q) => q.dev !== 'lo') });
  }
  for (const g of qdiscGroups.values()) {
    mark(g);
    step('qdisc', qdiscLayer.title, g, judge(g, qdiscLayer.check, zeroQdisc, (f) => f.id === 'qdisc.netem').outcome);
  }

  // ip / tcp / udp share the MIB reading
  for (const g of mibGroups(sections)) {
    mark(g);
    for (const layer of [ipLayer, tcpLayer, udpLayer]) {
      step(layer.id, `${layer.title} (${g.label})`, g, judge(g, layer.check, zeroMib, () => false).outcome);
    }
  }
  for (const s of sections) {
    if (s.parsed.kind !== 'ss-ltn') continue;
    modes.set(s, 'snapshot');
    const f = ssFindings(s);
    const n = s.parsed.data.length;
    step('tcp', 'TCP: accept queues (ss -ltn)', { sections: [s] }, f.length > 0 ? { status: 'findings', findings: f, notes: [`${n} listener(s) read`] } : { status: 'pass', notes: [`${n} listener(s); no accept queue over its backlog`] });
  }

  // conntrack
  for (const g of conntrackGroups(sections)) {
    mark(g);
    step('conntrack', conntrackLayer.title, g, judge(g, conntrackLayer.check, zeroConntrack, (f) => f.id === 'conntrack.table-full' && f.evidence.every((e) => e.kind === 'state')).outcome);
  }

  // netfilter
  const nfGroups = new Map<string, Group<NetfilterData>>();
  const randomSubjects = new Set<string>();
  const approximateSubjects = new Set<string>();
  for (const s of sections) {
    const d = netfilterDataOf(s, randomSubjects, approximateSubjects);
    if (!d) continue;
    const fam = d.iptables[0]?.family ?? 'nft';
    const key = s.parsed.kind === 'iptables-list' ? `ipt-list|${tableOf(s.command)}|${fam}` : `${s.parsed.kind}|${fam}`;
    pushGroup(nfGroups, 'netfilter', key, s.command ?? s.parsed.kind, s, d);
  }
  for (const g of nfGroups.values()) {
    mark(g);
    const j = judge(g, netfilterLayer.check, zeroNetfilter, (f) => randomSubjects.has(f.subject));
    const last = g.data[g.data.length - 1];
    const lastSection = g.sections[g.sections.length - 1];
    let outcome = j.outcome;
    if (last && lastSection && (outcome.status === 'pass' || outcome.status === 'findings')) {
      // Random DROP rules need nothing extra here: the netfilter check itself names every one
      // (an error when its counter rose, a warning when it matched nothing).
      const findings = j.findings.map((f) => {
        if (!approximateSubjects.has(f.subject) || !f.details) return f;
        // The listing does not say enough to rebuild the rule: delete it by its position instead.
        const { spec: _spec, ...details } = f.details;
        const d = f.details;
        return { ...f, details, action: `${String(d['binary'])} -t ${String(d['table'])} -D ${String(d['chain'])} ${String(d['position'])} (its position in the listing; check it first with ${String(d['binary'])} -t ${String(d['table'])} -L ${String(d['chain'])} -n --line-numbers)` };
      });
      outcome = findings.length > 0 ? { status: 'findings', findings, notes: outcome.notes } : outcome;
    }
    step('netfilter', `${netfilterLayer.title} (${g.label})`, g, outcome);
  }

  // kernel log
  for (const s of sections) {
    if (s.parsed.kind !== 'kernel-log') continue;
    modes.set(s, 'snapshot');
    const f = kernelLogFindings(s);
    const layer = f[0]?.layer ?? 'conntrack';
    step(layer, 'Kernel log: drop messages', { sections: [s] }, f.length > 0 ? { status: 'findings', findings: f, notes: [] } : { status: 'pass', notes: ['no drop message'] });
  }

  // Layers the input said nothing about.
  const seen = new Set(steps.map((s) => s.layer));
  for (const layer of LAYERS) {
    if (!seen.has(layer.id)) steps.push({ layer: layer.id, scope: 'target', title: layer.title, lookedAt: layer.lookedAt(CTX), outcome: { status: 'skipped', reason: 'not in the input' } });
  }
  const order = (id: LayerId): number => LAYER_IDS.indexOf(id);
  const sorted = steps.map((s, i) => ({ s, i })).sort((a, b) => order(a.s.layer) - order(b.s.layer) || a.i - b.i).map((x) => x.s);

  const findings: Finding[] = [];
  for (const s of sorted) {
    if (s.outcome.status !== 'findings') continue;
    for (const f of s.outcome.findings) if (!findings.some((g) => sameFinding(g, f))) findings.push(f);
  }
  const proposals = planFixes(PASTED_TARGET, LAYERS, findings);
  return {
    inputs,
    sections: sections.map((s) => ({
      file: s.file,
      kind: s.kind,
      startLine: s.startLine,
      endLine: s.endLine,
      ...(s.command ? { command: s.command } : {}),
      mode: modes.get(s) ?? 'snapshot',
    })),
    unrecognised,
    steps: sorted,
    findings,
    proposals,
    exitCode: findings.some((f) => f.severity === 'error') ? 1 : 0,
  };
}

/** Detect and judge pasted texts (several files are one input, in order). Pure; never throws. */
export function analyzeTexts(inputs: readonly AnalyzeInput[]): AnalyzeReport {
  const detections = inputs.map((i) => detectSections(i.text, i.name));
  return analyzeSections(
    detections.flatMap((d) => d.sections),
    detections.flatMap((d) => d.unrecognised),
    inputs.map((i) => i.name),
  );
}
