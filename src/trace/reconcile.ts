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
import { msg, t, type Msg, type Param } from '../i18n/index.js';
import { listOf } from './words.js';

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

/** `NETFILTER_DROP 14 events, QDISC_DROP 1 event`: reason names and counts are data, `events` is said. */
const reasonText = (reasons: Record<string, number>): Param =>
  listOf(
    Object.entries(reasons)
      .sort((a, b) => b[1] - a[1])
      .map(([reason, n]): Msg => msg(n === 1 ? 'trace.events.one' : 'trace.events.other', { reason, n })),
  );

/** `filter/INPUT#1 +8, filter/OUTPUT#1 +6`: data only. */
const counterText = (c: readonly CounterMove[]): Param => listOf(c.map((m) => `${m.subject} +${m.delta}`));

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
    title: t('trace.unexplained.title', { n: count - noise, reason }),
    explanation: t('trace.unexplained.explanation', { meaning: info.meaningMsg }),
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
  if (tally.lost > 0) notes.push(t('trace.lost', { lost: tally.lost }));
  if (!tally.reasonField) notes.push(t('trace.no-reason-field'));

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
      note =
        events === counterDelta
          ? t('trace.layer.agree', { reasons: reasonText(reasons), counters: counterText(counters) })
          : t('trace.layer.agree-differ', {
              reasons: reasonText(reasons),
              counters: counterText(counters),
              events,
              counted: counterDelta,
              why: msg(events > counterDelta ? 'trace.layer.more-events' : 'trace.layer.fewer-events'),
            });
    } else if (events > 0) {
      agreement = 'events-only';
      if (layer === 'netfilter' && reasons.NETFILTER_DROP !== undefined) {
        note = t('trace.layer.netfilter-no-rule', { reasons: reasonText(reasons) });
      } else {
        note = t('trace.layer.events-only', { reasons: reasonText(reasons) });
      }
    } else if (counterDelta > 0) {
      agreement = 'counters-only';
      note = t(layer === 'link' ? 'trace.layer.link-counters-only' : 'trace.layer.counters-only', { counters: counterText(counters) });
    } else {
      agreement = 'quiet';
      note = t('trace.layer.quiet');
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
    if (unknown > 0) notes.push(t('trace.unplaced', { n: unknown }));
  }
  return { layers, notes, findings: out };
}
