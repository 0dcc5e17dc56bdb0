/**
 * The queueing layer: `tc -s qdisc show`. A qdisc's `dropped` counter counts packets it refused
 * (queue full, over its rate limit, or on purpose: netem's `loss`). A netem qdisc is an injected
 * fault by definition and convicts itself; any other qdisc is convicted only when its `dropped`
 * counter rose during the window.
 */
import { join, msg, t, tm } from '../../i18n/index.js';
import { latentHtbClasses, latentLimits, perSecond, semicolons, htbDefaultClass, type HtbLatent } from './latent.js';
import { counterBasis, counterEvidence, defineLayer, phraseWindow, type CheckInput, type Probe, type ScopeContext } from '../../core/layer.js';
import { parsed, unparsable, type Evidence, type Finding, type FixProposal, type QdiscDetails } from '../../core/types.js';
import type { CommandResult } from '../../core/types.js';
import type { Qdisc } from './model.js';
import { parseTcQdisc } from './parse-tc-qdisc.js';
import { filterText, parseTcFilterJson, type TcFilter } from './parse-tc-filter.js';
import { parseTcClass, type TcClass } from './parse-tc-class.js';

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
  /**
   * The classes of each device that has an htb qdisc (`tc -s class show dev DEV`, read only then), or why
   * they could not be read; absent when none was read (no htb, or a pasted qdisc listing alone).
   */
  readonly classes?: readonly QdiscClasses[];
}

/** One device's classes, or why they could not be read. */
export type QdiscClasses = { readonly dev: string; readonly classes: readonly TcClass[] } | { readonly dev: string; readonly error: string };

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
const classKey = (dev: string): string => `class:${dev}`;
const classArgv = (dev: string): string[] => ['tc', '-s', 'class', 'show', 'dev', dev];
/** Devices with an htb qdisc: their classes hold the rates. */
const htbDevs = (qdiscs: readonly Qdisc[]): string[] => [...new Set(qdiscs.filter((q) => q.kind === 'htb').map((q) => q.dev))];

/** The since-boot baseline: the same qdiscs with their statistics at 0. */
export const zeroQdiscData = (d: QdiscData): QdiscData => ({
  ...d,
  qdiscs: d.qdiscs.map((q) => (q.stats ? { ...q, stats: { ...q.stats, sentBytes: 0, sentPackets: 0, dropped: 0, overlimits: 0, requeues: 0 } } : q)),
  ...(d.classes
    ? { classes: d.classes.map((c) => ('classes' in c ? { dev: c.dev, classes: c.classes.map((x) => (x.stats ? { ...x, stats: { sentBytes: 0, sentPackets: 0, dropped: 0, overlimits: 0 } } : x)) } : c)) }
    : {}),
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
    if (!r?.ok) return unparsable(r?.failure?.kind === 'not-found' ? t('qdisc.probe.no-tc') : t('qdisc.probe.failed', { hint: r?.failure?.hint ?? t('qdisc.no-output') }));
    const p = parseTcQdisc(r.stdout);
    if (!p.ok) {
      if (r.stdout.trim() === '') return parsed({ qdiscs: [] });
      return unparsable(t('qdisc.probe.unreadable', { reason: p.reason }));
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
    const classes: QdiscClasses[] = [];
    for (const dev of htbDevs(qdiscs)) {
      const cr = results.get(classKey(dev));
      if (cr === undefined) continue;
      if (!cr.ok) {
        classes.push({ dev, error: cr.failure?.hint ?? (cr.stderr.trim() || t('qdisc.no-output')) });
        continue;
      }
      const cp = parseTcClass(cr.stdout);
      classes.push(cp.ok ? { dev, classes: cp.data } : { dev, error: cp.reason });
    }
    return parsed({ qdiscs, ...(filters.length > 0 ? { filters } : {}), ...(classes.length > 0 ? { classes } : {}) });
  },
  // The filters of each qdisc that may carry them, and the classes of each device with an htb (its rates
  // live there): read only when there is such a qdisc, never in the fixed batch.
  followUp(results: ReadonlyMap<string, CommandResult>, ctx: ScopeContext) {
    const r = results.get('tc');
    if (!r?.ok) return [];
    const p = parseTcQdisc(r.stdout);
    if (!p.ok) return [];
    const only = ctx.interfaces;
    const mine = p.data.filter((q) => q.dev !== 'lo' && (only === undefined || only.includes(q.dev)));
    return [
      ...mine
        .filter(carriesFiltersMaybe)
        .flatMap((q) => filterAttachments(q).map((attach) => ({ key: filterKey(q.dev, attach), argv: ['tc', '-s', '-j', 'filter', 'show', 'dev', q.dev, ...attach], optional: true }))),
      ...htbDevs(mine).map((dev) => ({ key: classKey(dev), argv: classArgv(dev), optional: true })),
    ];
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

const delWhere = (q: { parent: string; handle: string }): string => (q.parent === 'root' ? 'root' : `parent ${q.parent} handle ${q.handle}`);
export const classSubject = (dev: string, c: TcClass): string => `class ${c.kind} ${c.classid} dev ${dev} ${c.parent === 'root' ? 'root' : `parent ${c.parent}`}`;

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
    // Issue 12: an htb's rates live on its classes; a class that carries traffic capped at a few kbit/s.
    if (q.kind === 'htb') {
      const htb = checkHtbClasses(input, q, state, details);
      findings.push(...htb.findings);
      notes.push(...htb.notes);
    }
    if (q.kind === 'netem') {
      findings.push({
        id: 'qdisc.netem',
        layer: 'qdisc',
        scope,
        severity: 'error',
        basis: 'state',
        role: 'cause',
        subject: qdiscSubject(q),
        title: t('qdisc.netem.title', { dev: q.dev, summary: netemSummary(q) }),
        explanation: tm(join(msg('qdisc.netem.explanation'), q.netem?.lossPct !== undefined && msg('qdisc.netem.explanation-loss', { pct: q.netem.lossPct, dev: q.dev }))),
        evidence: [state, ...dropEvidence],
        action: `tc qdisc del dev ${q.dev} ${delWhere(q)}`,
        details: { ...details, netem: q.netem ?? {} },
      });
      continue;
    }
    if (dropEvidence.length > 0 && guard.protected !== undefined) {
      // A filter's verdict, not a full queue: deleting this qdisc would remove every filter on it.
      const named = guard.filters.length > 0 ? guard.filters.map(filterText).join('; ') : msg('qdisc.drops.filter-none-read');
      const where = q.kind === 'clsact' ? 'ingress' : q.kind === 'ingress' ? 'ingress' : `parent ${q.handle}`;
      findings.push({
        id: 'qdisc.drops',
        layer: 'qdisc',
        scope,
        severity: 'error',
        basis: counterBasis(input),
        role: 'cause',
        subject: qdiscSubject(q),
        title: t('qdisc.drops.filter-title', { kind: q.kind, dev: q.dev, window: phraseWindow(input) }),
        explanation: tm(
          join(
            msg(FILTER_HOOK_KINDS.has(q.kind) ? 'qdisc.drops.filter-hook' : 'qdisc.drops.filter-classful', { kind: q.kind }),
            msg(guard.protected === 'cni' ? 'qdisc.drops.filter-list-cni' : 'qdisc.drops.filter-list', { filters: named }),
            msg('qdisc.drops.filter-nothing'),
          ),
        ),
        evidence: [
          state,
          ...dropEvidence,
          ...guard.filters.map((f): Evidence => ({ kind: 'state', name: 'filter', subject: `${qdiscSubject(q)} ${f.kind} pref ${f.pref}`, value: filterText(f), source: `tc -s filter show dev ${q.dev} ${where}` })),
        ],
        action: t(q.kind === 'clsact' ? 'qdisc.drops.filter-action-egress' : 'qdisc.drops.filter-action', { cmd: `tc -s filter show dev ${q.dev} ${where}` }),
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
        title: t('qdisc.drops.title', { kind: q.kind, dev: q.dev, window: phraseWindow(input) }),
        explanation: details.configured
          ? t('qdisc.drops.explanation-configured', { kind: q.kind, dev: q.dev, options: q.options.trim() || msg('qdisc.drops.no-options') })
          : t('qdisc.drops.explanation-default', { kind: q.kind, dev: q.dev }),
        evidence: [state, ...dropEvidence],
        action: details.configured
          ? t('qdisc.drops.action-configured', { del: `tc qdisc del dev ${q.dev} ${delWhere(q)}`, dev: q.dev })
          : t('qdisc.drops.action-default', { dev: q.dev }),
        details,
      });
      continue;
    }
    if (guard.protected !== undefined) {
      const why = msg(guard.protected === 'cni' ? 'qdisc.datapath.cni' : guard.protected === 'clsact' ? 'qdisc.datapath.clsact' : 'qdisc.datapath.filters');
      notes.push(
        guard.filters.length > 0
          ? t('qdisc.note.datapath-filters', { subject: qdiscSubject(q), why, filters: guard.filters.map(filterText).join('; ') })
          : t('qdisc.note.datapath', { subject: qdiscSubject(q), why }),
      );
    }
    if (q.stats && q.stats.dropped > 0) {
      notes.push(t('qdisc.note.history', { subject: qdiscSubject(q), n: q.stats.dropped, window: phraseWindow(input) }));
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
        title: t('qdisc.latent.title', { kind: q.kind, dev: q.dev, knobs: latent.map((x) => `${x.knob} ${x.value}`).join(', ') }),
        explanation: t('qdisc.latent.explanation', { whys: semicolons(latent.map((x) => x.why)), window: phraseWindow(input) }),
        evidence: [state],
        action: t('qdisc.latent.action', { changes: [...new Set(latent.map((x) => x.change))].join('; '), del: `tc qdisc del dev ${q.dev} ${delWhere(q)}` }),
        details,
      });
    }
  }
  notes.push(t('qdisc.note.count', { n: after.qdiscs.length }));
  return { findings, notes };
}

/**
 * The classes of an htb qdisc: a leaf class that carries the default traffic or traffic of the window,
 * capped under 1 Mbit/s, is a latent-limiter warning naming the class that caps it and the `tc class
 * change` that raises it. Classes that could not be read are a note saying so, never a pass.
 */
function checkHtbClasses(input: CheckInput<QdiscData>, q: Qdisc, state: Evidence, details: QdiscDetails): { findings: Finding[]; notes: string[] } {
  const cmd = classArgv(q.dev).join(' ');
  const reading = input.after.classes?.find((c) => c.dev === q.dev);
  if (reading === undefined) return { findings: [], notes: [t('qdisc.htb.not-read', { subject: qdiscSubject(q), cmd })] };
  if ('error' in reading) return { findings: [], notes: [t('qdisc.htb.unread', { subject: qdiscSubject(q), cmd, reason: reading.error })] };
  const earlier = input.before.classes?.find((c) => c.dev === q.dev);
  const beforeById = new Map(earlier && 'classes' in earlier ? earlier.classes.map((c) => [c.classid, c]) : []);
  const rose = (c: TcClass, field: 'sentPackets' | 'dropped'): { before: number; after: number } | undefined => {
    const b = beforeById.get(c.classid)?.stats?.[field];
    const a = c.stats?.[field];
    return a !== undefined && b !== undefined && a > b ? { before: b, after: a } : undefined;
  };
  const carrying = new Set(reading.classes.filter((c) => rose(c, 'sentPackets') !== undefined).map((c) => c.classid));
  const latent = latentHtbClasses(q, reading.classes, carrying);
  if (latent.length === 0) return { findings: [], notes: [t('qdisc.htb.classes-ok', { subject: qdiscSubject(q), n: reading.classes.length, cmd })] };
  const def = htbDefaultClass(q);
  const source = `tc -s class show dev ${q.dev}`;
  const findings = latent.map((l: HtbLatent): Finding => {
    const self = l.leaves.length === 1 && l.leaves[0]?.classid === l.limiter.classid;
    const leafWhy = l.leaves.map((leaf) => {
      const sent = rose(leaf, 'sentPackets');
      const base = { leaf: leaf.classid, handle: q.handle, default: def ?? '', window: phraseWindow(input), before: sent?.before ?? 0, after: sent?.after ?? 0 };
      return msg(leaf.classid === def && sent ? 'qdisc.htb.leaf-both' : leaf.classid === def ? 'qdisc.htb.leaf-default' : 'qdisc.htb.leaf-carried', base);
    });
    const cap = self
      ? msg('qdisc.htb.cap-self', { knob: l.knob, value: l.value, ...perSecond(l.bits) })
      : msg('qdisc.htb.cap-above', { limiter: l.limiter.classid, knob: l.knob, value: l.value, ...perSecond(l.bits) });
    const dropped = l.leaves.reduce((n, leaf) => {
      const d = rose(leaf, 'dropped');
      return n + (d ? d.after - d.before : 0);
    }, 0);
    const classState = (c: TcClass): Evidence => ({ kind: 'state', name: 'class', subject: classSubject(q.dev, c), value: c.line, source });
    const sentState = l.leaves.flatMap((leaf): Evidence[] =>
      rose(leaf, 'sentPackets') && leaf.stats ? [{ kind: 'state', name: 'Sent pkt', subject: classSubject(q.dev, leaf), value: leaf.stats.sentPackets, source }] : [],
    );
    return {
      id: 'qdisc.latent-limiter',
      layer: 'qdisc',
      scope: input.scope,
      severity: 'warning',
      basis: 'state',
      role: 'cause',
      subject: classSubject(q.dev, l.limiter),
      title: self
        ? t('qdisc.htb.title', { classid: l.limiter.classid, dev: q.dev, rate: l.limiter.rate ?? '?', ceil: l.limiter.ceil ?? l.limiter.rate ?? '?' })
        : t('qdisc.htb.title-above', { classid: l.limiter.classid, dev: q.dev, leaves: l.leaves.map((x) => x.classid).join(', '), knob: l.knob, value: l.value }),
      explanation: dropped > 0
        ? t('qdisc.htb.explanation-dropped', { leaves: semicolons(leafWhy), cap, n: dropped, window: phraseWindow(input) })
        : t('qdisc.htb.explanation', { leaves: semicolons(leafWhy), cap, window: phraseWindow(input) }),
      evidence: [classState(l.limiter), ...l.leaves.filter((x) => x.classid !== l.limiter.classid).map(classState), ...sentState, state],
      action: t('qdisc.htb.action', { change: l.change, del: `tc qdisc del dev ${q.dev} ${delWhere(q)}` }),
      details,
    };
  });
  return { findings, notes: [] };
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
    title: finding.id === 'qdisc.netem' ? t('qdisc.fix.delete-netem', { dev: d.dev }) : t('qdisc.fix.delete-configured', { kind: d.qdisc, dev: d.dev }),
    risk: finding.id === 'qdisc.netem' ? 'safe' : 'disruptive',
    scope: finding.scope,
    commands: [deleteArgv(d)],
    inverse: [recreateArgv(d)],
    presence: { argv: ['tc', 'qdisc', 'show', 'dev', d.dev], marker: `qdisc ${d.qdisc} ${d.handle} `, match: 'substring' },
  };
}

export const qdiscLayer = defineLayer<QdiscData>({
  id: 'qdisc',
  title: t('qdisc.title'),
  lookedAt: (ctx) => (ctx.interfaces ? `tc -s qdisc show (${ctx.interfaces.join(', ')})` : 'tc -s qdisc show'),
  probe: qdiscProbe,
  check: checkQdisc,
  zero: zeroQdiscData,
  planFix: planQdiscFix,
});
