/**
 * The queueing layer: `tc -s qdisc show`. A qdisc's `dropped` counter counts packets it refused
 * (queue full, over its rate limit, or on purpose: netem's `loss`). A netem qdisc is an injected
 * fault by definition and convicts itself; any other qdisc is convicted only when its `dropped`
 * counter rose during the window.
 */
import { counterBasis, counterEvidence, defineLayer, phraseWindow, type CheckInput, type Probe, type ScopeContext } from '../../core/layer.js';
import { parsed, unparsable, type Evidence, type Finding, type FixProposal, type QdiscDetails } from '../../core/types.js';
import type { Qdisc } from './model.js';
import { parseTcQdisc } from './parse-tc-qdisc.js';

export interface QdiscData {
  readonly qdiscs: readonly Qdisc[];
}

/** The since-boot baseline: the same qdiscs with their statistics at 0. */
export const zeroQdiscData = (d: QdiscData): QdiscData => ({
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
    return parsed({ qdiscs: p.data.filter((q) => q.dev !== 'lo' && (only === undefined || only.includes(q.dev))) });
  },
} satisfies Probe<QdiscData>;

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
    const details: QdiscDetails = { kind: 'qdisc', dev: q.dev, qdisc: q.kind, handle: q.handle, parent: q.parent, options: q.options, configured: !DEFAULT_QDISC_KINDS.has(q.kind) };
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
    if (q.stats && q.stats.dropped > 0) {
      notes.push(`${qdiscSubject(q)}: dropped ${q.stats.dropped} since it was created (history: not rising ${phraseWindow(input)})`);
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

function deleteArgv(d: QdiscDetails): string[] {
  return d.parent === 'root' ? ['tc', 'qdisc', 'del', 'dev', d.dev, 'root'] : ['tc', 'qdisc', 'del', 'dev', d.dev, 'parent', d.parent, 'handle', d.handle];
}

export function planQdiscFix(finding: Finding): FixProposal | undefined {
  const d = finding.details;
  if (d?.kind !== 'qdisc') return undefined;
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
