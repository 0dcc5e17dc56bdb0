/**
 * The kernel drop trace as the engine sees it: start a private tracefs instance when the window
 * opens; when it closes, tally the skb:kfree_skb events, subtract pktdrop's own probe noise,
 * reconcile them with the counter findings of the same window, and (in the verification window)
 * compare each reason with the first window ("QDISC_DROP 13 → 0").
 */
import type { DropTraceResult, DropTracer } from '../diagnose/run.js';
import {
  classifyBenign,
  compareDropTallies,
  describeReason,
  locateTraceFs,
  reconcileDrops,
  startDropTrace,
  type Agreement,
  type DropLayer,
  type DropTally,
  type ReasonChange,
  type ReasonVerdict,
  type StartOptions,
  type TraceFs,
} from './index.js';
import { benignRxDrops } from './benign.js';
import { attributeDrops } from './attribute.js';
import { msg, t } from '../i18n/index.js';
import { listOf } from './words.js';

/** One reason's drops in the first window against the verification window (`QDISC_DROP 6 → 0`). */
export interface ReasonComparison {
  readonly reason: string;
  /** Events in the first window and in the verification window. */
  readonly before: number;
  readonly after: number;
  /** `resolved`, `improved`, `unchanged`, `worse` or `new`, the windows' lengths taken into account. */
  readonly verdict: ReasonChange['verdict'];
}

/** One layer's drop events against its findings' counters over the same window. */
export interface LayerAgreement {
  readonly layer: DropLayer;
  readonly events: number;
  readonly counterDelta: number;
  readonly agreement: Agreement;
  readonly note: string;
}

/** A window's kernel drop trace, as the JSON report carries it under `dropReasons.*.summary`. */
export interface DropTraceSummary {
  readonly total: number;
  /** Events the trace buffer lost: `total` is then a lower bound. */
  readonly lost: number;
  /** False before Linux 5.17: events are counted by drop location, not reason. */
  readonly reasonField: boolean;
  readonly windowMs: number;
  readonly byReason: Readonly<Record<string, number>>;
  readonly byLocation: Readonly<Record<string, number>>;
  readonly verdicts: Readonly<Record<string, ReasonVerdict>>;
  readonly layers: readonly LayerAgreement[];
  /** In the verification window only: each non-benign reason against the first window. */
  readonly comparedWithFirstWindow?: readonly ReasonComparison[];
  readonly scope: 'host-wide';
}

function reasonLines(tally: DropTally, verdicts: Readonly<Record<string, ReasonVerdict>>): string[] {
  const byReason = tally.reasonField ? tally.byReason : tally.byLocation;
  return Object.entries(byReason)
    .sort((a, b) => b[1] - a[1])
    .map(([reason, count]) => {
      const v = verdicts[reason];
      const at = Object.entries(tally.byReasonAtLocation ?? {})
        .filter(([k]) => k.startsWith(`${reason}@`))
        .map(([k, n]) => `${k.slice(reason.length + 1)} ${n}`);
      const info = describeReason(reason);
      const tag = v?.benign ? msg('trace.tag.benign', { why: v.why }) : v && v.noise > 0 ? msg('trace.tag.noise', { noise: v.noise, net: v.net }) : info.layer;
      return at.length > 0 ? t('trace.line-at', { reason, count, sites: listOf(at), tag }) : t('trace.line', { reason, count, tag });
    });
}

/**
 * A drop tracer for one diagnose run, or undefined when tracefs cannot be found at all. `locate`
 * and `startOptions` let the same tracer run on another host's tracefs (src/fleet/remote-tracefs.ts).
 */
export function makeDropTracer(locate: () => Promise<TraceFs | undefined> = locateTraceFs, startOptions: StartOptions = {}): DropTracer {
  let first: { tally: DropTally; verdicts: Readonly<Record<string, ReasonVerdict>> } | undefined;
  return {
    async start() {
      const fs = await locate();
      if (!fs) return { ok: false, reason: t('trace.not-mounted') };
      const started = await startDropTrace(fs, startOptions);
      if (!started.ok) return { ok: false, reason: started.reason };
      const session = started.session;
      return {
        ok: true,
        async stop(ctx): Promise<DropTraceResult> {
          const r = await session.stop();
          if (!r.ok) return { ok: false, reason: r.reason };
          const tally = r.tally;
          const verdicts = classifyBenign(tally, {
            ...(ctx.traffic.method !== 'none' ? { probeMethod: ctx.traffic.method } : {}),
            synAckNoise: ctx.traffic.synAckNoise,
            windowMs: ctx.windowMs,
          });
          // rx_dropped explained by UNHANDLED_PROTO events is not loss: its findings are replaced.
          const replaces = benignRxDrops(tally, ctx.findings);
          const replaced = (f: { id: string; scope: string; subject: string }): boolean =>
            f.id === 'link.rx-dropped' && replaces.some((r) => r.scope === f.scope && r.subject === f.subject);
          // Symptoms (handshake failures, retransmits) are not drop counters: only causes reconcile.
          const causes = ctx.findings.filter((f) => f.role === 'cause' && !replaced(f));
          const rec = reconcileDrops(tally, causes, { verdicts });
          const notes = [...new Set([
            tally.lost > 0
              ? t('trace.total-lost', { total: tally.total, ms: ctx.windowMs, lost: tally.lost })
              : t('trace.total', { total: tally.total, ms: ctx.windowMs }),
            ...reasonLines(tally, verdicts),
            ...rec.layers.filter((l) => l.agreement !== 'quiet').map((l) => l.note),
            ...rec.notes,
            ...replaces.map((f) => t('trace.rx-explained', { subject: f.subject, scope: f.scope })),
            ...r.warnings,
            ...(r.globalChanges.length > 0 ? [t('trace.global-changed', { changes: listOf(r.globalChanges, true) })] : []),
          ])];
          let compared: ReasonComparison[] | undefined;
          if (first) {
            const benignBefore = first.verdicts;
            const changes = compareDropTallies(first.tally, tally).filter((c) => (c.before > 0 || c.after > 0) && !(benignBefore[c.reason]?.benign ?? verdicts[c.reason]?.benign));
            compared = changes.map((c) => ({ reason: c.reason, before: c.before, after: c.after, verdict: c.verdict }));
            notes.splice(1, 0, ...changes.map((c) => `${c.text}`));
          } else {
            first = { tally, verdicts };
          }
          const summary: DropTraceSummary = {
            total: tally.total,
            lost: tally.lost,
            reasonField: tally.reasonField,
            windowMs: ctx.windowMs,
            byReason: tally.byReason,
            byLocation: tally.byLocation,
            verdicts,
            layers: rec.layers.map((l) => ({ layer: l.layer, events: l.events, counterDelta: l.counterDelta, agreement: l.agreement, note: l.note })),
            ...(compared ? { comparedWithFirstWindow: compared } : {}),
            scope: 'host-wide',
          };
          // Events that cannot be the probe's (another family or transport, a device off the path) are notes.
          const attributed = ctx.probe ? attributeDrops(rec.findings, tally, ctx.probe) : { findings: rec.findings, notes: [] };
          return { ok: true, summary, findings: attributed.findings, notes: [...notes, ...attributed.notes], ...(replaces.length > 0 ? { replaces } : {}) };
        },
      };
    },
  };
}
