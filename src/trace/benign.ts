/**
 * `rx_dropped` that is not loss (drop map #4): a frame of a protocol nobody handles here (LLDP, CDP,
 * an unknown EtherType, a tagged trunk on an untagged port) is counted in the receiving device's
 * `rx_dropped` and freed with the reason UNHANDLED_PROTO at `__netif_receive_skb_core`. The device
 * counter alone cannot tell these from real drops (a full backlog also counts in `rx_dropped`, with
 * CPU_BACKLOG); the kernel's drop events over the same window can. When every `link.rx-dropped`
 * finding rests on `rx_dropped` alone, the window holds at least as many UNHANDLED_PROTO events as
 * those counters rose, and no CPU_BACKLOG event, the findings are replaced by
 * `link.rx-dropped-benign` (info). The receiving end of a convicted veth MTU mismatch is left out of
 * the reckoning (its drops have their own cause). The events are host-wide: a lower bound is enough to explain, and
 * any CPU_BACKLOG event keeps the counters suspect.
 */
import type { Evidence, Finding } from '../core/types.js';
import type { StepReport } from '../core/judge.js';
import type { DropTally } from './tally.js';
import { msg, t } from '../i18n/index.js';
import { listOf } from './words.js';

const isCounter = (e: Evidence): e is Extract<Evidence, { kind: 'counter' }> => e.kind === 'counter';

/** The benign replacement of each explained `link.rx-dropped` finding (same scope and subject), or none. */
export function benignRxDrops(tally: DropTally, findings: readonly Finding[], source = 'skb:kfree_skb tracepoint (tracefs)'): Finding[] {
  if (!tally.reasonField) return [];
  const unhandled = tally.byReason['UNHANDLED_PROTO'] ?? 0;
  const backlog = tally.byReason['CPU_BACKLOG'] ?? 0;
  if (unhandled === 0 || backlog > 0) return [];
  // The receiving end of a convicted veth MTU mismatch drops for that reason (NOT_SPECIFIED at
  // __dev_forward_skb2), not for an unknown protocol: it is neither a candidate nor explained here.
  const mismatched = findings.flatMap((f) =>
    f.id === 'link.mtu-mismatch' && f.severity === 'error' && f.details?.kind === 'mtu-mismatch' ? [`${f.details.smaller.scope}:${f.details.smaller.name}`] : []);
  const candidates = findings.filter((f) => f.id === 'link.rx-dropped' && !mismatched.includes(`${f.scope}:${f.subject}`));
  if (candidates.length === 0) return [];
  const onlyRxDropped = candidates.every((f) => {
    const counters = f.evidence.filter(isCounter);
    return counters.length > 0 && counters.every((e) => e.counter === 'rx_dropped');
  });
  if (!onlyRxDropped) return [];
  const rose = candidates.reduce((n, f) => n + f.evidence.filter(isCounter).reduce((m, e) => m + e.delta, 0), 0);
  if (unhandled < rose) return [];
  const sites = Object.entries(tally.byReasonAtLocation)
    .filter(([k]) => k.startsWith('UNHANDLED_PROTO@'))
    .map(([k, n]) => `${k.slice('UNHANDLED_PROTO@'.length)} ${n}`);
  return candidates.map((f) => ({
    id: 'link.rx-dropped-benign',
    layer: 'link',
    scope: f.scope,
    severity: 'info',
    basis: f.basis,
    role: 'cause',
    subject: f.subject,
    title: t('trace.benign.title', { subject: f.subject }),
    explanation: t('trace.benign.explanation', {
      frames: msg(unhandled === 1 ? 'trace.benign.frames.one' : 'trace.benign.frames.other', { n: unhandled }),
      at: sites.length > 0 ? msg('trace.benign.at', { sites: listOf(sites) }) : '',
      rose,
    }),
    evidence: [
      ...f.evidence,
      { kind: 'counter', counter: 'skb:kfree_skb reason=UNHANDLED_PROTO', subject: 'host-wide', before: 0, after: unhandled, delta: unhandled, source },
    ],
    action: t('trace.benign.action', { dev: f.subject }),
  }));
}

/** Steps with each finding that has a replacement (same id-less key: layer, scope, subject) swapped for it. */
export function replaceFindings(steps: readonly StepReport[], replacements: readonly Finding[]): StepReport[] {
  if (replacements.length === 0) return [...steps];
  return steps.map((s) => {
    if (s.outcome.status !== 'findings') return s;
    const findings = s.outcome.findings.map((f) =>
      f.id === 'link.rx-dropped' ? replacements.find((r) => r.layer === f.layer && r.scope === f.scope && r.subject === f.subject) ?? f : f);
    return { ...s, outcome: { ...s.outcome, findings } };
  });
}
