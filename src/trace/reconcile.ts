/**
 * Reading the kernel's drop events and the layers' counters together, over the same window.
 *
 * The two kinds of evidence should tell one story: `NETFILTER_DROP 14 events; filter/INPUT#1 +8,
 * filter/OUTPUT#1 +6`. Where they disagree the disagreement itself is a finding:
 * - counters rose with no event: NIC ring/missed/fifo drops happen before an skb exists and never
 *   reach kfree_skb;
 * - NETFILTER_DROP with no rule whose counter rose: conntrack dropped it (table full, invalid), or
 *   an nft rule without a `counter` statement dropped it;
 * - a real (non-benign) reason no layer explains: a cause the walk does not check yet.
 */
import type { Evidence, Finding, LayerId } from '../core/types.js';
import { describeReason, DROP_LAYERS, locationLayer, type DropLayer } from './reasons.js';
import type { DropTally, ReasonVerdict } from './tally.js';

export interface ReconcileContext {
  /** From {@link classifyBenign}; without it every reason counts as a possible cause. */
  readonly verdicts?: Readonly<Record<string, ReasonVerdict>>;
  /** Where the events were read, for evidence (`/sys/kernel/tracing/instances/.../trace`). */
  readonly source?: string;
}

export interface CounterMove {
  readonly subject: string;
  readonly counter: string;
  readonly delta: number;
}

export type Agreement = 'agree' | 'events-only' | 'counters-only' | 'quiet';

export interface LayerReconciliation {
  readonly layer: DropLayer;
  /** Non-benign drop events of the layer, net of probe noise. */
  readonly events: number;
  readonly reasons: Record<string, number>;
  /** Counter evidence of the layer's findings that rose in the window. */
  readonly counters: CounterMove[];
  readonly counterDelta: number;
  readonly agreement: Agreement;
  readonly note: string;
}

export interface Reconciliation {
  readonly layers: LayerReconciliation[];
  /** Notes that concern the whole window (lost events, no reason field). */
  readonly notes: string[];
  /** `drop-reasons.unexplained` findings, one per reason no layer explains. */
  readonly findings: Finding[];
}

/** Which finding layers explain a drop layer's events. Conntrack drops surface as NETFILTER_DROP. */
const FINDING_LAYERS: Readonly<Record<DropLayer, readonly LayerId[]>> = {
  link: ['link', 'softnet'],
  qdisc: ['qdisc'],
  netfilter: ['netfilter', 'conntrack', 'bridge'],
  // NEIGH_CREATEFAIL and the other NEIGH_* reasons are IP-layer drops the neighbour tables explain.
  ip: ['ip', 'neigh'],
  tcp: ['tcp'],
  udp: ['udp'],
  socket: ['tcp', 'udp'],
  unknown: [],
};

const isCounter = (e: Evidence): e is Extract<Evidence, { kind: 'counter' }> => e.kind === 'counter';

function countersOf(findings: readonly Finding[], layers: readonly LayerId[]): CounterMove[] {
  const out: CounterMove[] = [];
  for (const f of findings) {
    if (!layers.includes(f.layer)) continue;
    for (const e of f.evidence.filter(isCounter)) {
      if (e.delta > 0) out.push({ subject: e.subject, counter: e.counter, delta: e.delta });
    }
  }
  return out;
}

const reasonText = (reasons: Record<string, number>): string =>
  Object.entries(reasons)
    .sort((a, b) => b[1] - a[1])
    .map(([r, n]) => `${r} ${n} event${n === 1 ? '' : 's'}`)
    .join(', ');

const counterText = (c: readonly CounterMove[]): string => c.map((m) => `${m.subject} +${m.delta}`).join(', ');

function unexplainedFinding(reason: string, count: number, noise: number, tally: DropTally, source: string): Finding {
  const info = describeReason(reason);
  const sites = Object.entries(tally.byReasonAtLocation)
    .filter(([k]) => k.startsWith(`${reason}@`))
    .map(([k, n]) => ({ location: k.slice(reason.length + 1), n }));
  const evidence: Evidence[] = sites.map(({ location, n }) => ({
    kind: 'counter',
    counter: `skb:kfree_skb reason=${reason}`,
    subject: location,
    before: 0,
    after: n,
    delta: n,
    source,
  }));
  return {
    id: 'drop-reasons.unexplained',
    layer: 'drop-reasons',
    scope: 'host',
    severity: 'warning',
    basis: 'window',
    role: 'cause',
    subject: reason,
    title: `${count - noise} packets dropped with reason ${reason}, which no layer check explains`,
    explanation: `${info.meaning}. The kfree_skb tracepoint is host-wide: the drops may belong to the target or to other traffic on this host.`,
    evidence,
    action: info.nextCommand,
    details: { kind: 'drop-reason', reason, count, noise, layer: info.layer, locations: sites.map((s) => s.location) },
  };
}

/**
 * Per layer: the drop events against the counter deltas of the layer's findings, with a note
 * saying whether they agree and what a disagreement means; plus findings for the unexplained.
 */
export function reconcileDrops(tally: DropTally, findings: readonly Finding[], ctx: ReconcileContext = {}): Reconciliation {
  const source = ctx.source ?? 'skb:kfree_skb tracepoint (tracefs)';
  const notes: string[] = [];
  if (tally.lost > 0) notes.push(`the trace buffer lost ${tally.lost} events: event counts are a lower bound`);
  if (!tally.reasonField) notes.push('this kernel\'s kfree_skb event has no reason field (before 5.17): layers come from drop locations only');

  const perLayer = new Map<DropLayer, Record<string, number>>();
  const add = (layer: DropLayer, key: string, n: number): void => {
    const r = perLayer.get(layer) ?? {};
    r[key] = (r[key] ?? 0) + n;
    perLayer.set(layer, r);
  };
  if (tally.reasonField) {
    for (const [key, n] of Object.entries(tally.byReasonAtLocation)) {
      const at = key.indexOf('@');
      const reason = key.slice(0, at);
      const location = key.slice(at + 1);
      const v = ctx.verdicts?.[reason];
      if (v?.benign) continue;
      // Probe noise is counted per reason: spread it over the reason's sites in proportion.
      const share = v && v.count > 0 ? Math.round((n * v.net) / v.count) : n;
      if (share > 0) add(describeReason(reason, location).layer, reason, share);
    }
  } else {
    for (const [loc, n] of Object.entries(tally.byLocation)) {
      add(locationLayer(loc), loc, n);
    }
  }

  const layers: LayerReconciliation[] = [];
  const out: Finding[] = [];
  for (const layer of DROP_LAYERS) {
    const reasons = perLayer.get(layer) ?? {};
    const events = Object.values(reasons).reduce((a, b) => a + b, 0);
    const counters = countersOf(findings, FINDING_LAYERS[layer]);
    const counterDelta = counters.reduce((a, c) => a + c.delta, 0);
    const explainedBy = findings.filter((f) => FINDING_LAYERS[layer].includes(f.layer));
    let agreement: Agreement;
    let note: string;
    if (events > 0 && counterDelta > 0) {
      agreement = 'agree';
      note = `${reasonText(reasons)}; ${counterText(counters)}`;
      if (events !== counterDelta) {
        note += ` (${events} events vs ${counterDelta} counted: ${
          events > counterDelta
            ? 'more events than counts: host-wide events include other traffic, or a dropping rule/qdisc has no counter'
            : 'fewer events than counts: the trace lost events, or counters include drops that never reach kfree_skb'
        })`;
      }
    } else if (events > 0) {
      agreement = 'events-only';
      if (layer === 'netfilter' && reasons.NETFILTER_DROP !== undefined) {
        note = `${reasonText(reasons)} but no rule whose counter rose: conntrack dropped them (table full or invalid state: conntrack -S; dmesg | grep conntrack) or an nft rule without a counter did (nft -a list ruleset)`;
      } else {
        note = `${reasonText(reasons)} with no counter of this layer rising`;
      }
    } else if (counterDelta > 0) {
      agreement = 'counters-only';
      note =
        layer === 'link'
          ? `${counterText(counters)} with no drop event: NIC ring/missed/fifo drops happen in the device before an skb exists and are never traced`
          : `${counterText(counters)} with no drop event: the counter counts drops that do not go through kfree_skb_reason, or the window's events were lost`;
    } else {
      agreement = 'quiet';
      note = 'no drop events and no counter rose';
    }
    layers.push({ layer, events, reasons, counters, counterDelta, agreement, note });

    // Reasons no finding explains: with no finding of the layer at all, or NETFILTER_DROP without a rule.
    const unexplained = explainedBy.length === 0 || (layer === 'netfilter' && counterDelta === 0);
    if (events > 0 && unexplained) {
      for (const reason of Object.keys(reasons)) {
        if (!tally.reasonField) continue;
        const v = ctx.verdicts?.[reason];
        out.push(unexplainedFinding(reason, v?.count ?? tally.byReason[reason] ?? 0, v?.noise ?? 0, tally, source));
      }
    }
  }
  if (!tally.reasonField) {
    const unknown = tally.byLayer.unknown ?? 0;
    if (unknown > 0) notes.push(`${unknown} events at locations pktdrop cannot place in a layer`);
  }
  return { layers, notes, findings: out };
}
