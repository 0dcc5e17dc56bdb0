/**
 * The queueing layer: `tc -s qdisc show`. A qdisc's `dropped` counter counts packets it refused
 * (queue full, over its rate limit, or on purpose: netem's `loss`). A netem qdisc is an injected
 * fault by definition and convicts itself; any other qdisc is convicted only when its `dropped`
 * counter rose during the window.
 */
import { latentLimits } from './latent.js';
import { counterBasis, counterEvidence, defineLayer, phraseWindow, type CheckInput, type Probe, type ScopeContext } from '../../core/layer.js';
import { parsed, unparsable, type Evidence, type Finding, type FixProposal, type QdiscDetails } from '../../core/types.js';
import type { CommandResult } from '../../core/types.js';
import type { Qdisc } from './model.js';
import { parseTcQdisc } from './parse-tc-qdisc.js';
import { filterText, parseTcFilterJson, type TcFilter } from './parse-tc-filter.js';

/** The filters attached to one qdisc (`tc -s -j filter show dev DEV ingress|egress|parent H:`). */
export interface QdiscFilters {
  readonly dev: string;
  /** The qdisc's handle (`ffff:` for clsact/ingress, `1:`). */
  readonly handle: string;
  /** `ingress`, `egress` or `parent 1:`. */
  readonly attach: string;
  readonly filters: readonly TcFilter[];
}

export interface QdiscData {
  readonly qdiscs: readonly Qdisc[];
  /**
   * Filters on the qdiscs that can carry them and could otherwise be convicted (clsact, ingress, a
   * classful qdisc with drops); absent when none was read.
   */
  readonly filters?: readonly QdiscFilters[];
}

/** Qdiscs whose job is to carry filters: their `dropped` is what the filters' actions dropped. */
export const FILTER_HOOK_KINDS: ReadonlySet<string> = new Set(['clsact', 'ingress']);
/** Classful qdiscs: filters on them steer packets into classes. */
const CLASSFUL_KINDS: ReadonlySet<string> = new Set(['htb', 'hfsc', 'cbq', 'prio', 'drr', 'qfq', 'ets', 'multiq', 'mqprio', 'taprio']);
/** bpf program names of network plugins (Cilium, Calico, Antrea, flannel's and kube-router's tc hooks). */
const CNI_BPF_NAME = /^(cil_|cilium|calico|cali_|antrea|flannel|kube|from-container|to-container|from-netdev|to-netdev|bpf_host|bpf_lxc|bpf_overlay)/i;

/** Where the filters of a qdisc are listed: `ingress`/`egress` for clsact, `ingress` for ingress, `parent H` otherwise. */
function filterAttachments(q: Qdisc): string[][] {
  if (q.kind === 'clsact') return [['ingress'], ['egress']];
  if (q.kind === 'ingress') return [['ingress']];
  return [['parent', q.handle]];
}

const filterKey = (dev: string, attach: readonly string[]): string => `filter:${dev}:${attach.join(' ')}`;

/** The since-boot baseline: the same qdiscs with their statistics at 0. */
export const zeroQdiscData = (d: QdiscData): QdiscData => ({
  ...d,
  qdiscs: d.qdiscs.map((q) => (q.stats ? { ...q, stats: { ...q.stats, sentBytes: 0, sentPackets: 0, dropped: 0, overlimits: 0, requeues: 0 } } : q)),
});

/**
 * Qdiscs the kernel attaches by itself. Their drops mean congestion, not a configuration someone
 * added, so pktdrop never proposes deleting them.
 */
export const DEFAULT_QDISC_KINDS: ReadonlySet<string> = new Set(['noqueue', 'pfifo_fast', 'fq_codel', 'mq', 'pfifo', 'bfifo', 'fq', 'ingress', 'clsact', 'multiq']);

const key = (q: Qdisc): string => `${q.dev}|${q.parent}|${q.handle}|${q.kind}`;
export const qdiscSubject = (q: Qdisc): string => `qdisc ${q.kind} ${q.handle} dev ${q.dev} ${q.parent === 'root' ? 'root' : `parent ${q.parent}`}`;

export const qdiscProbe = {
  id: 'qdisc',
  scopes: ['target', 'host'],
  commands: () => [{ key: 'tc', argv: ['tc', '-s', 'qdisc', 'show'] }],
  parse(results, ctx: ScopeContext) {
    const r = results.get('tc');
    if (!r?.ok) return unparsable(r?.failure?.kind === 'not-found' ? 'tc not found (install iproute2)' : `tc -s qdisc show failed: ${r?.failure?.hint ?? 'no output'}`);
    const p = parseTcQdisc(r.stdout);
    if (!p.ok) {
      if (r.stdout.trim() === '') return parsed({ qdiscs: [] });
      return unparsable(`could not read tc -s qdisc show: ${p.reason}`);
    }
    const only = ctx.interfaces;
    const qdiscs = p.data.filter((q) => q.dev !== 'lo' && (only === undefined || only.includes(q.dev)));
    const filters: QdiscFilters[] = [];
    for (const q of qdiscs.filter(carriesFiltersMaybe)) {
      for (const attach of filterAttachments(q)) {
        const fr = results.get(filterKey(q.dev, attach));
        if (!fr?.ok) continue;
        const fp = parseTcFilterJson(fr.stdout);
        if (fp.ok) filters.push({ dev: q.dev, handle: q.handle, attach: attach.join(' '), filters: fp.data });
      }
    }
    return parsed(filters.length > 0 ? { qdiscs, filters } : { qdiscs });
  },
  // The filters of each qdisc that may carry them: read only when there is such a qdisc.
  followUp(results: ReadonlyMap<string, CommandResult>, ctx: ScopeContext) {
    const r = results.get('tc');
    if (!r?.ok) return [];
    const p = parseTcQdisc(r.stdout);
    if (!p.ok) return [];
    const only = ctx.interfaces;
    return p.data
      .filter((q) => q.dev !== 'lo' && (only === undefined || only.includes(q.dev)) && carriesFiltersMaybe(q))
      .flatMap((q) => filterAttachments(q).map((attach) => ({ key: filterKey(q.dev, attach), argv: ['tc', '-s', '-j', 'filter', 'show', 'dev', q.dev, ...attach], optional: true })));
  },
} satisfies Probe<QdiscData>;

/** clsact and ingress always; a classful qdisc someone configured when it has dropped anything (it could be convicted). */
function carriesFiltersMaybe(q: Qdisc): boolean {
  if (FILTER_HOOK_KINDS.has(q.kind)) return true;
  return CLASSFUL_KINDS.has(q.kind) && q.handle !== '0:' && (q.stats?.dropped ?? 0) > 0;
}

/** The filters read on this qdisc, and why pktdrop must not delete it (undefined when nothing forbids it). Pure. */
export function protectionOf(q: Qdisc, data: QdiscData): { filters: TcFilter[]; protected?: 'clsact' | 'filters' | 'cni' } {
  const filters = (data.filters ?? []).filter((f) => f.dev === q.dev && f.handle === q.handle).flatMap((f) => f.filters);
  if (filters.some((f) => f.kind === 'bpf' || (f.name !== undefined && CNI_BPF_NAME.test(f.name)))) return { filters, protected: 'cni' };
  if (FILTER_HOOK_KINDS.has(q.kind) || q.parent.startsWith('ffff:')) return { filters, protected: 'clsact' };
  if (filters.length > 0) return { filters, protected: 'filters' };
  return { filters };
}

function netemSummary(q: Qdisc): string {
  const n = q.netem;
  if (!n) return q.options;
  const parts: string[] = [];
  if (n.lossPct !== undefined) parts.push(`loss ${n.lossPct}%`);
  if (n.delayMs !== undefined) parts.push(`delay ${n.delayMs} ms${n.jitterMs ? ` ± ${n.jitterMs} ms` : ''}`);
  if (n.duplicatePct !== undefined) parts.push(`duplicate ${n.duplicatePct}%`);
  if (n.corruptPct !== undefined) parts.push(`corrupt ${n.corruptPct}%`);
  if (n.reorderPct !== undefined) parts.push(`reorder ${n.reorderPct}%`);
  if (n.ratePerSec !== undefined) parts.push(`rate ${n.ratePerSec}`);
  return parts.length > 0 ? parts.join(', ') : q.options;
}

export function checkQdisc(input: CheckInput<QdiscData>): { findings: Finding[]; notes: string[] } {
  const { before, after, scope } = input;
  const findings: Finding[] = [];
  const notes: string[] = [];
  const prevByKey = new Map(before.qdiscs.map((q) => [key(q), q]));
  for (const q of after.qdiscs) {
    const prev = prevByKey.get(key(q));
    const dropEvidence: Evidence[] =
      prev?.stats && q.stats && q.stats.dropped > prev.stats.dropped
        ? [counterEvidence('dropped', qdiscSubject(q), prev.stats.dropped, q.stats.dropped, `tc -s qdisc show dev ${q.dev}`)]
        : [];
    const state: Evidence = { kind: 'state', name: 'qdisc', subject: qdiscSubject(q), value: q.line, source: `tc -s qdisc show dev ${q.dev}` };
    const guard = protectionOf(q, after);
    const details: QdiscDetails = {
      kind: 'qdisc',
      dev: q.dev,
      qdisc: q.kind,
      handle: q.handle,
      parent: q.parent,
      options: q.options,
      configured: !DEFAULT_QDISC_KINDS.has(q.kind),
      ...(guard.filters.length > 0 ? { filters: guard.filters.map(filterText) } : {}),
      ...(guard.protected ? { protected: guard.protected } : {}),
    };
    if (q.kind === 'netem') {
      findings.push({
        id: 'qdisc.netem',
        layer: 'qdisc',
        scope,
        severity: 'error',
        basis: 'state',
        role: 'cause',
        subject: qdiscSubject(q),
        title: `netem on ${q.dev} injects faults: ${netemSummary(q)}`,
        explanation:
          'netem is a network emulator: it drops, delays, duplicates or corrupts packets on purpose. It has no place on a ' +
          'production path; someone added it to simulate a bad network and left it there.' +
          (q.netem?.lossPct !== undefined ? ` It discards ${q.netem.lossPct}% of the packets leaving ${q.dev}.` : ''),
        evidence: [state, ...dropEvidence],
        action: `tc qdisc del dev ${q.dev} ${q.parent === 'root' ? 'root' : `parent ${q.parent} handle ${q.handle}`}`,
        details: { ...details, netem: q.netem ?? {} },
      });
      continue;
    }
    if (dropEvidence.length > 0 && guard.protected !== undefined) {
      // A filter's verdict, not a full queue: deleting this qdisc would remove every filter on it.
      const named = guard.filters.length > 0 ? guard.filters.map(filterText).join('; ') : 'none could be read';
      const where = q.kind === 'clsact' ? 'ingress' : q.kind === 'ingress' ? 'ingress' : `parent ${q.handle}`;
      findings.push({
        id: 'qdisc.drops',
        layer: 'qdisc',
        scope,
        severity: 'error',
        basis: counterBasis(input),
        role: 'cause',
        subject: qdiscSubject(q),
        title: `${q.kind} qdisc on ${q.dev} dropped packets ${phraseWindow(input)}: a filter on it dropped them`,
        explanation:
          (FILTER_HOOK_KINDS.has(q.kind)
            ? `A ${q.kind} qdisc has no queue to overflow: its "dropped" counter counts packets a filter's action dropped (a verdict, such as a policy of a network plugin), not congestion. `
            : `This ${q.kind} qdisc carries filters that steer or drop traffic. `) +
          `Its filters: ${named}. Deleting the qdisc would remove every filter on it` +
          (guard.protected === 'cni' ? ', and these belong to a network plugin (Cilium, Calico or Kubernetes): its datapath would stop.' : '.') +
          ' pktdrop changes nothing here: find which filter drops, and change that filter or the policy behind it.',
        evidence: [
          state,
          ...dropEvidence,
          ...guard.filters.map((f): Evidence => ({ kind: 'state', name: 'filter', subject: `${qdiscSubject(q)} ${f.kind} pref ${f.pref}`, value: filterText(f), source: `tc -s filter show dev ${q.dev} ${where}` })),
        ],
        action: `tc -s filter show dev ${q.dev} ${where}${q.kind === 'clsact' ? ` (and egress)` : ''}: see which filter's counters rise; pktdrop proposes no change to a qdisc that carries filters`,
        details,
      });
      continue;
    }
    if (dropEvidence.length > 0) {
      findings.push({
        id: 'qdisc.drops',
        layer: 'qdisc',
        scope,
        severity: 'error',
        basis: counterBasis(input),
        role: 'cause',
        subject: qdiscSubject(q),
        title: `${q.kind} qdisc on ${q.dev} dropped packets ${phraseWindow(input)}`,
        explanation: details.configured
          ? `The ${q.kind} qdisc someone configured on ${q.dev} (${q.options.trim() || 'no options'}) refused packets: its queue or rate limit is too small for this traffic.`
          : `The default ${q.kind} queue on ${q.dev} overflowed: the interface could not send as fast as packets arrived.`,
        evidence: [state, ...dropEvidence],
        action: details.configured
          ? `tc qdisc del dev ${q.dev} ${q.parent === 'root' ? 'root' : `parent ${q.parent} handle ${q.handle}`} (or raise its rate/limit: tc qdisc change dev ${q.dev} ...)`
          : `raise the queue (ip link set dev ${q.dev} txqueuelen 10000) or find what floods ${q.dev}`,
        details,
      });
      continue;
    }
    if (guard.protected !== undefined) {
      notes.push(`${qdiscSubject(q)} is part of a datapath (${guard.protected === 'cni' ? 'a network plugin\'s filters' : guard.protected === 'clsact' ? 'a filter hook' : 'it carries filters'}${guard.filters.length > 0 ? `: ${guard.filters.map(filterText).join('; ')}` : ''}): pktdrop never deletes it`);
    }
    if (q.stats && q.stats.dropped > 0) {
      notes.push(`${qdiscSubject(q)}: dropped ${q.stats.dropped} since it was created (history: not rising ${phraseWindow(input)})`);
    }
    // Issue 12: a limiter configured far below what the path carries is a warning from state alone.
    const latent = latentLimits(q);
    if (latent.length > 0) {
      findings.push({
        id: 'qdisc.latent-limiter',
        layer: 'qdisc',
        scope,
        severity: 'warning',
        basis: 'state',
        role: 'cause',
        subject: qdiscSubject(q),
        title: `${q.kind} on ${q.dev} is configured far below what the path carries (${latent.map((x) => `${x.knob} ${x.value}`).join(', ')})`,
        explanation:
          `${latent.map((x) => x.why).join('; ')}. It dropped nothing ${phraseWindow(input)}, but it will as soon as more than a trickle reaches it ` +
          '(another fault upstream may be dropping the traffic first, or the probe was too light to fill it).',
        evidence: [state],
        action: `${[...new Set(latent.map((x) => x.change))].join('; ')} (or tc qdisc del dev ${q.dev} ${q.parent === 'root' ? 'root' : `parent ${q.parent} handle ${q.handle}`} if no limit is wanted)`,
        details,
      });
    }
  }
  notes.push(`${after.qdiscs.length} qdisc(s) read`);
  return { findings, notes };
}

/** Tokens that re-create a qdisc as tc printed it (`tc qdisc add dev X root handle H kind options`). */
function recreateArgv(d: QdiscDetails): string[] {
  const where = d.parent === 'root' ? ['root'] : ['parent', d.parent];
  const handle = d.handle && d.handle !== '0:' ? ['handle', d.handle] : [];
  return ['tc', 'qdisc', 'add', 'dev', d.dev, ...where, ...handle, d.qdisc, ...d.options.trim().split(/\s+/).filter((t) => t !== '')];
}

/**
 * Deleted by handle: the kernel refuses the delete ("Invalid handle", EINVAL) when the qdisc now at
 * that place has another handle, so only the exact shaper that was measured can go.
 */
function deleteArgv(d: QdiscDetails): string[] {
  const handle = d.handle && d.handle !== '0:' ? ['handle', d.handle] : [];
  return d.parent === 'root' ? ['tc', 'qdisc', 'del', 'dev', d.dev, 'root', ...handle] : ['tc', 'qdisc', 'del', 'dev', d.dev, 'parent', d.parent, 'handle', d.handle];
}

export function planQdiscFix(finding: Finding): FixProposal | undefined {
  const d = finding.details;
  if (d?.kind !== 'qdisc') return undefined;
  // Never a qdisc that carries filters or actions, a clsact/ingress hook, or a network plugin's.
  if (d.protected !== undefined || (d.filters !== undefined && d.filters.length > 0)) return undefined;
  if (FILTER_HOOK_KINDS.has(d.qdisc) || d.handle.startsWith('ffff:') || d.parent.startsWith('ffff:')) return undefined;
  if (finding.id === 'qdisc.drops' && !d.configured) return undefined;
  if (finding.id !== 'qdisc.netem' && finding.id !== 'qdisc.drops') return undefined;
  return {
    id: `${finding.id}:${finding.scope}:${finding.subject}`,
    findingId: finding.id,
    subject: finding.subject,
    title: finding.id === 'qdisc.netem' ? `Delete the netem qdisc on ${d.dev}` : `Delete the ${d.qdisc} qdisc on ${d.dev} (it removes its rate limit)`,
    risk: finding.id === 'qdisc.netem' ? 'safe' : 'disruptive',
    scope: finding.scope,
    commands: [deleteArgv(d)],
    inverse: [recreateArgv(d)],
    presence: { argv: ['tc', 'qdisc', 'show', 'dev', d.dev], marker: `qdisc ${d.qdisc} ${d.handle} `, match: 'substring' },
  };
}

export const qdiscLayer = defineLayer<QdiscData>({
  id: 'qdisc',
  title: 'Queueing: tc qdiscs',
  lookedAt: (ctx) => (ctx.interfaces ? `tc -s qdisc show (${ctx.interfaces.join(', ')})` : 'tc -s qdisc show'),
  probe: qdiscProbe,
  check: checkQdisc,
  zero: zeroQdiscData,
  planFix: planQdiscFix,
});
