/**
 * Findings from pasted outputs, with the layers' own checks. The checks judge two samples of a
 * measurement window; a paste has one or two:
 *
 * - ONE snapshot of a command: the check runs with `window: 'since-boot'` against its layer's zero
 *   baseline, so it judges the totals as it would judge a rise and marks what rests on them
 *   `basis: 'history'`; every counter it cites becomes `history` evidence. History never convicts
 *   (core's `historyNeverConvicts`: at most a warning). Findings on state — a netem qdisc, a
 *   `-m statistic --mode random` DROP rule, a link that is down, a conntrack table near its limit —
 *   have `basis: 'state'` and keep their severity.
 * - TWO or more snapshots of the same command (same kind, same subject) in one input: the first and the
 *   last are the check's before/after (`window: 'snapshots'`), and the deltas convict as in `pktdrop diagnose`.
 *
 * The checks word their findings themselves; analyze changes no title and reads no text.
 *
 * Finding ids are the ones diagnose uses (README); analyze adds no judgement of its own except for
 * outputs diagnose does not read: `ss -ltn` accept queues and kernel log drop messages.
 */
import type { Layer, ScopeContext } from '../core/layer.js';
import { outcomeOf, planFixes, type StepReport } from '../core/judge.js';
import type { CheckOutcome, Evidence, Finding, FixProposal, LayerId } from '../core/types.js';
import { conntrackLayer, type ConntrackData } from '../layers/conntrack/layer.js';
import type { ConntrackState } from '../layers/conntrack/model.js';
import { LAYERS } from '../layers/index.js';
import { linkLayer, type LinkData, type LinkReading } from '../layers/link/layer.js';
import { isDropCounterName } from '../layers/link/parse-ethtool-stats.js';
import { netfilterLayer, type IptablesSource, type NetfilterData } from '../layers/netfilter/layer.js';
import { detectIptablesBackend } from '../layers/netfilter/parse-iptables-save.js';
import { qdiscLayer, type QdiscData } from '../layers/qdisc/layer.js';
import { ipLayer, tcpLayer, udpLayer, type MibData } from '../layers/snmp/layers.js';
import { softnetLayer, type SoftnetData } from '../layers/softnet/layer.js';
import { neighLayer, type NeighData } from '../layers/neigh/layer.js';
import { bridgeLayer } from '../layers/bridge/layer.js';
import { parseSysctlLines, type SysctlValues } from '../core/parse-sysctl.js';
import { tcpSysctlsFromSettings } from '../layers/snmp/syn-queue.js';
import type { ResolvedTarget } from '../core/target.js';
import { detectSections, devOf, tableOf, type ParsedSection, type SectionKind, type UnrecognisedRange } from './detect.js';
import type { RingSizes } from '../layers/link/parse-ethtool-rings.js';
import { listingToDump } from './listing-to-dump.js';
import { lineList } from './resync.js';
import { t } from '../i18n/index.js';

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
  /** Input lines inside the section that were not understood: the section was only partly read. */
  readonly notUnderstood?: readonly number[];
  /** Those of them that are trim marks (`...`, `[snip]`). */
  readonly trimmed?: readonly number[];
  /** The filter the output went through (`grep -i listen`): only what it let through was read. */
  readonly filtered?: string;
  /** Input lines that were hard-wrapped tails, joined back to the line before them. */
  readonly unwrapped?: readonly number[];
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
  /**
   * Steps whose evidence was only partly read (a section with lines not understood): their verdict is
   * "partly read" (an `analyze.partly-read` finding), never pass.
   */
  readonly partlyRead?: readonly { readonly layer: LayerId; readonly title: string; readonly sections: readonly string[] }[];
  /** 1 when a finding has severity error, nothing was recognised, or a layer was only partly read; else 0. */
  readonly exitCode: 0 | 1;
}

/** The target pasted outputs are judged as: the machine they came from, seen as a host. */
export const PASTED_TARGET: ResolvedTarget = {
  spec: { kind: 'host' },
  label: t('analyze.target.label'),
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
    'kernel-log': 'dmesg', 'softnet-stat': 'cat /proc/net/softnet_stat', sysctl: 'sysctl -a', 'neigh-stat': 'cat /proc/net/stat/arp_cache',
    'ip-neigh': 'ip -s neigh show', 'ethtool-g': 'ethtool -g',
  };
  return d[s.kind];
}

// ---- judging ---------------------------------------------------------------------------------------

/** Evidence as the paste shows it: its own command, and since-boot totals as history. */
function pastedEvidence(e: Evidence, sinceBoot: boolean, source: string): Evidence {
  if (sinceBoot && e.kind === 'counter') return { kind: 'history', counter: e.counter, subject: e.subject, value: e.after, source };
  return { ...e, source };
}

/**
 * Run a layer's check on the snapshots of one command: one snapshot against the layer's zero
 * baseline (`since-boot`), several as first/last (`snapshots`). Pure; the judgement is the check's.
 */
export function judgeSnapshots<T>(data: readonly T[], source: string, layer: Pick<Layer<T>, 'check' | 'zero'>): CheckOutcome {
  const first = data[0];
  const last = data[data.length - 1];
  if (first === undefined || last === undefined) return { status: 'skipped', reason: t('analyze.reason.no-data') };
  const sinceBoot = data.length === 1;
  try {
    const r = layer.check({
      scope: 'target',
      ctx: CTX,
      before: sinceBoot ? layer.zero(first) : first,
      after: last,
      window: sinceBoot ? 'since-boot' : 'snapshots',
      windowMs: 0,
      traffic: NO_TRAFFIC,
    });
    return outcomeOf(r.findings.map((f) => ({ ...f, evidence: f.evidence.map((e) => pastedEvidence(e, sinceBoot, source)) })), r.notes);
  } catch (e) {
    return { status: 'crashed', error: e instanceof Error ? e.message : String(e) };
  }
}

const judge = <T>(group: Group<T>, layer: Pick<Layer<T>, 'check' | 'zero'>): CheckOutcome => {
  const last = group.sections[group.sections.length - 1];
  return last ? judgeSnapshots(group.data, sourceOf(last), layer) : { status: 'skipped', reason: t('analyze.reason.no-data') };
};

// ---- grouping ------------------------------------------------------------------------------------

function pushGroup<T>(groups: Map<string, Group<T>>, layer: LayerId, key: string, label: string, s: ParsedSection, d: T): void {
  const g = groups.get(key) ?? { layer, key, label, sections: [], data: [] };
  g.sections.push(s);
  g.data.push(d);
  groups.set(key, g);
}

const notLo = (name: string): boolean => name !== 'lo';

/** The rules an output lists, without counters: two outputs pair as snapshots only when these match. */
export function rulesSignature(d: NetfilterData): string {
  const ipt = d.iptables.flatMap((src) => src.dump.rules.map((r) => `${src.family}|${r.table}/${r.chain}|${r.target ?? ''}|${r.specText}`));
  const nft = (d.nft?.rules ?? []).map((r) => `${r.family}|${r.table}/${r.chain}|${r.text.replace(/\bcounter packets \d+ bytes \d+/g, 'counter')}`);
  return [...ipt, ...nft].join('\n');
}

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

function netfilterDataOf(s: ParsedSection): NetfilterData | undefined {
  const p = s.parsed;
  const v6 = /\bip6tables/.test(s.command ?? '') || /^# Generated by ip6tables/m.test(s.text);
  const binary = v6 ? 'ip6tables' : 'iptables';
  let src: IptablesSource | undefined;
  if (p.kind === 'iptables-list') {
    src = { backend: 'unknown', family: v6 ? 'ipv6' : 'ipv4', binary, dump: listingToDump(p.data, tableOf(s.command)) };
  } else if (p.kind === 'iptables-save') {
    const backend = p.data.backend ?? detectIptablesBackend(s.text) ?? 'unknown';
    src = { backend, family: v6 ? 'ipv6' : 'ipv4', binary, dump: p.data };
  } else if (p.kind === 'nft-ruleset') {
    return { iptables: [], nft: p.data, notes: [] };
  }
  if (!src) return undefined;
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
  // net-tools `netstat -s` does not print a TcpExt/IpExt field whose value is 0: a field that appears
  // only in a later snapshot was 0 in the earlier ones (so it can be seen rising between them).
  const netstat = byFamily.get('netstat-s');
  if (netstat && netstat.data.length > 1) {
    const names = new Set(netstat.data.flatMap((d) => Object.keys(d.counters)));
    netstat.data.forEach((d, i) => {
      netstat.data[i] = { ...d, counters: { ...Object.fromEntries([...names].map((n) => [n, 0])), ...d.counters } };
    });
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
      basis: 'state',
      role: 'cause',
      subject: `listener ${l.local}`,
      title: t('analyze.ss.overflow.title', { local: l.local, recvQ: l.recvQ, sendQ: l.sendQ }),
      explanation: t('analyze.ss.overflow.explanation'),
      evidence: [
        { kind: 'state', name: 'Recv-Q', subject: `listener ${l.local}`, value: l.recvQ, source: sourceOf(s) },
        { kind: 'state', name: t('analyze.ss.evidence.backlog'), subject: `listener ${l.local}`, value: l.sendQ, source: sourceOf(s) },
      ],
      action: t('analyze.ss.overflow.action'),
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
      basis: 'history',
      role: 'cause',
      subject: 'nf_conntrack',
      title: t('analyze.klog.conntrack-full.title', { n: full.length }),
      explanation:
        log.suppressed > 0
          ? t('analyze.klog.conntrack-full.explanation-suppressed', { suppressed: log.suppressed })
          : t('analyze.klog.conntrack-full.explanation'),
      evidence: [
        { kind: 'history', counter: 'nf_conntrack: table full, dropping packet', subject: 'nf_conntrack', value: full.length, source },
        { kind: 'state', name: t('analyze.klog.evidence.log-line'), subject: 'nf_conntrack', value: full[full.length - 1]?.line ?? '', source },
      ],
      action: t('analyze.klog.conntrack-full.action'),
    });
  }
  const neigh = log.messages.filter((m) => m.kind === 'neigh-table-overflow');
  for (const table of ['arp_cache', 'ndisc_cache'] as const) {
    const lines = neigh.filter((m) => (table === 'ndisc_cache' ? m.line.includes('ndisc_cache') : !m.line.includes('ndisc_cache')));
    if (lines.length === 0) continue;
    out.push({
      id: 'neigh.table-overflow',
      layer: 'neigh',
      scope: 'host',
      severity: 'warning',
      basis: 'history',
      role: 'cause',
      subject: table,
      title: t('analyze.klog.neigh-overflow.title', { table, n: lines.length }),
      explanation: t('analyze.klog.neigh-overflow.explanation', { table }),
      evidence: [
        { kind: 'history', counter: 'neighbor table overflow', subject: table, value: lines.length, source },
        { kind: 'state', name: t('analyze.klog.evidence.log-line'), subject: table, value: lines[lines.length - 1]?.line ?? '', source },
      ],
      action: t('analyze.klog.neigh-overflow.action', { table, family: table === 'arp_cache' ? 'ipv4' : 'ipv6' }),
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
      // "Dropping request": SYNs dropped by a full SYN queue; "Sending cookies": answered with cookies.
      id: p.drop ? 'tcp.syn-queue-overflow' : 'tcp.syn-cookies',
      layer: 'tcp',
      scope: 'target',
      severity: p.drop ? 'warning' : 'info',
      basis: 'history',
      role: 'cause',
      subject: `port ${port}`,
      title: t('analyze.klog.syn-flood.title', { port, n: p.n }),
      explanation: t(p.drop ? 'analyze.klog.syn-flood.explanation-drop' : 'analyze.klog.syn-flood.explanation-cookies', { port }),
      evidence: [
        { kind: 'history', counter: 'Possible SYN flooding', subject: `port ${port}`, value: p.n, source },
        { kind: 'state', name: t('analyze.klog.evidence.log-line'), subject: `port ${port}`, value: p.line, source },
      ],
      action: t('analyze.klog.syn-flood.action', { port }),
    });
  }
  return out;
}

/** The MIB counters each layer judges, by name: `IpInDiscards` (and rp_filter's `TcpExtIPReversePathFilter`), `TcpExtListenDrops`, `UdpRcvbufErrors`. */
const MIB_FAMILY: Partial<Record<LayerId, RegExp>> = { ip: /^Ip|^TcpExtIPReversePathFilter$/, tcp: /^Tcp/, udp: /^Udp/ };

// ---- sections read only in part -------------------------------------------------------------------

const isPartlyRead = (s: ParsedSection): boolean => (s.notUnderstood?.length ?? 0) > 0 || s.filtered !== undefined;

/**
 * One finding per section of the step that was only partly read: the lines not understood may hold
 * what would have convicted, so the layer is not healthy, only "partly read". A warning: nothing is convicted.
 */
export function partlyReadFindings(layer: LayerId, sections: readonly ParsedSection[]): Finding[] {
  return sections.filter(isPartlyRead).map((s): Finding => {
    const where = range(s);
    const lines = lineList(s.notUnderstood ?? []);
    const trimmed = (s.trimmed?.length ?? 0) > 0;
    const command = sourceOf(s);
    const title =
      s.filtered !== undefined
        ? lines === ''
          ? t('analyze.partly-read.title-filtered', { kind: s.kind, where, filter: s.filtered })
          : t('analyze.partly-read.title-filtered-lines', { kind: s.kind, where, filter: s.filtered, lines })
        : t(trimmed ? 'analyze.partly-read.title-trimmed' : 'analyze.partly-read.title', { kind: s.kind, where, lines });
    return {
      id: 'analyze.partly-read',
      layer,
      scope: 'target',
      severity: 'warning',
      basis: 'state',
      role: 'symptom',
      subject: `${s.kind} ${where}`,
      title,
      explanation: t(s.filtered !== undefined ? 'analyze.partly-read.explanation-filtered' : 'analyze.partly-read.explanation'),
      evidence: [
        ...(lines !== '' ? [{ kind: 'state' as const, name: t('analyze.partly-read.evidence'), subject: where, value: lines, source: command }] : []),
        ...(s.filtered !== undefined ? [{ kind: 'state' as const, name: t('analyze.partly-read.evidence-filter'), subject: where, value: s.filtered, source: command }] : []),
      ],
      action: t('analyze.partly-read.action', { command: s.filtered !== undefined ? command.replace(/\s*\|.*$/, '') : command }),
    };
  });
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
  const partly: { layer: LayerId; title: string; sections: string[] }[] = [];
  const step = (layer: LayerId, title: string, g: { sections: readonly ParsedSection[] }, outcome: CheckOutcome): void => {
    const lookedAt = g.sections.map((s) => `${s.command ?? s.kind} (${range(s)})`).join('; ');
    const unread = partlyReadFindings(layer, g.sections);
    if (unread.length === 0 || (outcome.status !== 'pass' && outcome.status !== 'findings')) {
      steps.push({ layer, scope: 'target', title, lookedAt, outcome });
      return;
    }
    // Partly read: never "pass"; the check's own findings stay, the lines not understood are said.
    const partlyTitle = t('analyze.step.partly-read', { title });
    partly.push({ layer, title: partlyTitle, sections: g.sections.filter(isPartlyRead).map(range) });
    const findings = [...(outcome.status === 'findings' ? outcome.findings : []), ...unread];
    steps.push({ layer, scope: 'target', title: partlyTitle, lookedAt, outcome: { status: 'findings', findings, notes: outcome.notes } });
  };

  // link
  // `ethtool -g DEV` (state): the ring sizes join the readings of the same device (the last paste wins).
  const rings = new Map<string, { section: ParsedSection; data: RingSizes; used: boolean }>();
  for (const s of sections) {
    if (s.parsed.kind !== 'ethtool-g') continue;
    rings.set(devOf(s.command) ?? s.parsed.data.dev ?? 'the interface', { section: s, data: s.parsed.data, used: false });
  }
  const withRings = (d: LinkData): LinkData => ({
    ...d,
    links: d.links.map((l) => {
      const r = rings.get(l.name);
      if (!r) return l;
      r.used = true;
      return { ...l, rings: r.data };
    }),
  });
  const linkGroups = new Map<string, Group<LinkData>>();
  for (const s of sections) {
    const d0 = linkDataOf(s);
    if (!d0) continue;
    const d = withRings(d0);
    // Snapshots of the same command over the same devices only.
    pushGroup(linkGroups, 'link', s.parsed.kind === 'ethtool-S' ? `ethtool|${d.links[0]?.name}` : `link|${s.parsed.kind}|${d.links.map((l) => l.name).sort().join(',')}`, s.parsed.kind, s, d);
  }
  for (const [dev, r] of rings) {
    if (!r.used) {
      // Ring sizes of a device no other output reads: judged alone (a note at most; no counter rose).
      pushGroup(linkGroups, 'link', `rings|${dev}`, 'ethtool -g', r.section, { links: [{ name: dev, counters: {}, rings: r.data }], source: sourceOf(r.section), notes: [] });
      continue;
    }
    for (const g of linkGroups.values()) if (g.data.some((d) => d.links.some((l) => l.name === dev))) g.sections.push(r.section);
  }
  for (const g of linkGroups.values()) {
    mark(g);
    for (const r of rings.values()) modes.set(r.section, 'snapshot');
    step('link', t('analyze.step.labelled', { title: linkLayer.title, label: g.label }), g, judge(g, linkLayer));
  }

  // qdisc
  const qdiscGroups = new Map<string, Group<QdiscData>>();
  for (const s of sections) {
    if (s.parsed.kind !== 'tc-qdisc') continue;
    // Snapshots of one output only when they list the same qdiscs (device, kind, handle, parent): an
    // output cut in two by prose is two parts, never a before and an after.
    const qdiscs = [...new Set(s.parsed.data.map((q) => `${q.dev} ${q.kind} ${q.handle} ${q.parent}`))].sort().join(',');
    pushGroup(qdiscGroups, 'qdisc', `tc|${qdiscs}`, 'tc -s qdisc', s, { qdiscs: s.parsed.data.filter((q) => q.dev !== 'lo') });
  }
  for (const g of qdiscGroups.values()) {
    mark(g);
    step('qdisc', qdiscLayer.title, g, judge(g, qdiscLayer));
  }

  // Settings pasted as sysctl output (state): what the ip, softnet and bridge checks read next to the counters.
  const settings: Record<string, string> = {};
  for (const s of sections) {
    if (s.parsed.kind === 'sysctl') Object.assign(settings, s.parsed.data);
    if (s.parsed.kind === 'sysctl-conntrack') Object.assign(settings, parseSysctlLines(s.text));
  }
  const pick = (re: RegExp): SysctlValues => Object.fromEntries(Object.entries(settings).filter(([k]) => re.test(k)));
  const conf: Record<string, string> = { ...pick(/^net\/ipv[46]\/conf\/[^/]+\/(?:rp_filter|forwarding)$/) };
  const bridgeConf = pick(/^net\/(?:bridge\/bridge-nf-|ipv4\/ip_forward$)/);
  if (settings['net/ipv4/ip_forward'] !== undefined && conf['net/ipv4/conf/all/forwarding'] === undefined) {
    // net.ipv4.ip_forward is conf.all.forwarding under another name.
    conf['net/ipv4/conf/all/forwarding'] = settings['net/ipv4/ip_forward'] ?? '';
  }
  for (const s of sections) if (s.parsed.kind === 'sysctl') modes.set(s, 'snapshot');

  // softnet: host-wide per-CPU counters
  const softnetGroups = new Map<string, Group<SoftnetData>>();
  for (const s of sections) {
    if (s.parsed.kind !== 'softnet-stat') continue;
    pushGroup(softnetGroups, 'softnet', 'softnet', 'softnet_stat', s, { where: 'host', cpus: s.parsed.data, sysctls: pick(/^net\/core\/netdev_/) });
  }
  for (const g of softnetGroups.values()) {
    mark(g);
    step('softnet', softnetLayer.title, g, judge(g, softnetLayer));
  }

  // ip / tcp / udp share the MIB reading
  for (const g0 of mibGroups(sections)) {
    const withConf = Object.keys(conf).length > 0 ? { ...g0, data: g0.data.map((d) => ({ ...d, conf })) } : g0;
    // Pasted tcp_syncookies / tcp_max_syn_backlog / somaxconn: the SYN queue check's state (and its fix).
    const listen = tcpSysctlsFromSettings(settings);
    const g = listen ? { ...withConf, data: withConf.data.map((d) => ({ ...d, tcpSysctls: listen })) } : withConf;
    mark(g);
    for (const layer of [ipLayer, tcpLayer, udpLayer]) {
      // A paste of one MIB section (`TcpExt:` alone, `nstat | grep Tcp`) says nothing about the others:
      // their layers are not in the input, never "pass" for want of counters.
      const family = MIB_FAMILY[layer.id];
      if (family && !g.data.some((d) => Object.keys(d.counters).some((k) => family.test(k)))) {
        const lookedAt = g.sections.map((s) => `${s.command ?? s.kind} (${range(s)})`).join('; ');
        steps.push({ layer: layer.id, scope: 'target', title: layer.title, lookedAt, outcome: { status: 'skipped', reason: t('analyze.reason.no-counters', { output: g.label }) } });
        continue;
      }
      step(layer.id, t('analyze.step.labelled', { title: layer.title, label: g.label }), g, judge(g, layer));
    }
  }
  for (const s of sections) {
    if (s.parsed.kind !== 'ss-ltn') continue;
    modes.set(s, 'snapshot');
    const f = ssFindings(s);
    const n = s.parsed.data.length;
    step('tcp', t('analyze.step.ss'), { sections: [s] }, f.length > 0 ? { status: 'findings', findings: f, notes: [t('analyze.ss.note.read', { n })] } : { status: 'pass', notes: [t('analyze.ss.note.pass', { n })] });
  }

  // neigh: the host's neighbour tables (a pasted arp_cache stat file; IPv4, the one with the fix)
  const neighGroups = new Map<string, Group<NeighData>>();
  for (const s of sections) {
    if (s.parsed.kind !== 'neigh-stat') continue;
    pushGroup(neighGroups, 'neigh', 'neigh', 'arp_cache', s, { where: 'host', arp: s.parsed.data, sysctls: pick(/^net\/ipv[46]\/neigh\/default\/gc_thresh[123]$/) });
  }
  // ip neigh (state): the entries of the namespace it ran in, judged beside the table's counters when pasted too.
  const ipNeigh = sections.filter((s) => s.parsed.kind === 'ip-neigh');
  const lastNeigh = ipNeigh[ipNeigh.length - 1];
  if (lastNeigh && lastNeigh.parsed.kind === 'ip-neigh') {
    const neighbours = lastNeigh.parsed.data;
    if (neighGroups.size === 0) {
      neighGroups.set('neigh', { layer: 'neigh', key: 'neigh', label: 'ip neigh', sections: [], data: [{ where: 'host', neighbours, sysctls: pick(/^net\/ipv[46]\/neigh\/default\/gc_thresh[123]$/) }] });
    }
    for (const g of neighGroups.values()) {
      g.data.forEach((d, k) => {
        g.data[k] = { ...d, neighbours };
      });
    }
  }
  for (const g of neighGroups.values()) {
    g.sections.push(...ipNeigh);
  }
  for (const g of neighGroups.values()) {
    mark(g);
    for (const s of ipNeigh) modes.set(s, 'snapshot');
    step('neigh', neighLayer.title, g, judge(g, neighLayer));
  }
  // conntrack
  for (const g of conntrackGroups(sections)) {
    mark(g);
    step('conntrack', conntrackLayer.title, g, judge(g, conntrackLayer));
  }

  // netfilter
  const nfGroups = new Map<string, Group<NetfilterData>>();
  for (const s of sections) {
    const d = netfilterDataOf(s);
    if (!d) continue;
    const fam = d.iptables[0]?.family ?? 'nft';
    const key = s.parsed.kind === 'iptables-list' ? `ipt-list|${tableOf(s.command)}|${fam}` : `${s.parsed.kind}|${fam}`;
    // Two outputs are snapshots of one thing only when they list the same rules (issue 12): two
    // different rulesets pasted together are judged each on its own, never as before/after.
    pushGroup(nfGroups, 'netfilter', `${key}|${rulesSignature(d)}`, s.command ?? s.parsed.kind, s, d);
  }
  for (const g of nfGroups.values()) {
    mark(g);
    step('netfilter', t('analyze.step.labelled', { title: netfilterLayer.title, label: g.label }), g, judge(g, netfilterLayer));
    if (Object.keys(bridgeConf).some((k) => k.startsWith('net/bridge/'))) {
      const bridged: Group<NetfilterData> = { ...g, data: g.data.map((d): NetfilterData => ({ ...d, bridging: { sysctls: bridgeConf } })) };
      step('bridge', t('analyze.step.labelled', { title: bridgeLayer.title, label: g.label }), g, judge(bridged, bridgeLayer));
    }
  }

  // kernel log
  for (const s of sections) {
    if (s.parsed.kind !== 'kernel-log') continue;
    modes.set(s, 'snapshot');
    const f = kernelLogFindings(s);
    const layer = f[0]?.layer ?? 'conntrack';
    step(layer, t('analyze.step.kernel-log'), { sections: [s] }, f.length > 0 ? { status: 'findings', findings: f, notes: [] } : { status: 'pass', notes: [t('analyze.klog.note.none')] });
  }

  // Layers the input said nothing about.
  const seen = new Set(steps.map((s) => s.layer));
  for (const layer of LAYERS) {
    if (!seen.has(layer.id)) steps.push({ layer: layer.id, scope: 'target', title: layer.title, lookedAt: layer.lookedAt(CTX), outcome: { status: 'skipped', reason: t('analyze.reason.not-in-input') } });
  }
  // The registry's order is the walk's; steps of no registered layer (none today) come last.
  const order = (id: LayerId): number => {
    const i = LAYERS.findIndex((l) => l.id === id);
    return i < 0 ? LAYERS.length : i;
  };
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
      ...(s.notUnderstood && s.notUnderstood.length > 0 ? { notUnderstood: s.notUnderstood } : {}),
      ...(s.trimmed && s.trimmed.length > 0 ? { trimmed: s.trimmed } : {}),
      ...(s.filtered !== undefined ? { filtered: s.filtered } : {}),
      ...(s.unwrapped && s.unwrapped.length > 0 ? { unwrapped: s.unwrapped } : {}),
    })),
    unrecognised,
    steps: sorted,
    findings,
    proposals,
    partlyRead: partly,
    // Nothing recognised, or a layer read only in part, is not "no cause found": like an incomplete
    // diagnose (a step that could not be read is never counted as healthy), it exits 1.
    exitCode: findings.some((f) => f.severity === 'error') || sections.length === 0 || partly.length > 0 ? 1 : 0,
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
