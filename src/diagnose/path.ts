/**
 * The probe's path, both ways. pktdrop probes from the host (its own namespace) to the target:
 *
 *   host OUTPUT → POSTROUTING → (bridge) → host veth → [target] PREROUTING → INPUT → listener
 *   listener → [target] OUTPUT → POSTROUTING → veth → (bridge) → host PREROUTING → INPUT → prober
 *
 * Traffic that is routed or bridged *through* a namespace passes its FORWARD chain; the probe's never
 * does, in either namespace, because it starts on the host and ends in the target (and back). So a
 * counter that rose in a FORWARD chain belongs to other traffic: it is a note, never a conviction.
 * The interfaces on the path are the host side of the target's link (its bridge and veth, which the
 * host scope already reads alone) and the target's own interfaces.
 *
 * Without a probe (`--no-probe`, or a host without `--target`) there is no path: the target's own
 * traffic is judged, every chain counts. Pure.
 */
import type { StepReport } from '../core/judge.js';
import type { Finding, Scope } from '../core/types.js';
import type { ResolvedTarget } from '../core/target.js';
import { isIPv6 } from 'node:net';
import type { ProbeShape } from '../trace/attribute.js';
import type { ProbeOutcome } from '../probe/types.js';
import { reachedHooks } from '../layers/netfilter/reach.js';
import { t } from '../i18n/index.js';

/** The netfilter hooks (built-in chains) a packet of the probe passes in one scope, both ways. */
export type Hook = 'PREROUTING' | 'INPUT' | 'FORWARD' | 'OUTPUT' | 'POSTROUTING';

export interface PathScope {
  /** Built-in chains the probe traverses in this scope (either way). */
  readonly hooks: readonly Hook[];
  /** Interfaces the probe crosses in this scope. */
  readonly interfaces: readonly string[];
}

/** The probe's path: per scope, its hooks and interfaces; the probe's family and protocol. */
export interface ProbePath {
  readonly family: 4 | 6;
  readonly protocol: 'tcp';
  readonly scopes: Partial<Record<Scope, PathScope>>;
  /** One line a person can read: the hops, both ways. */
  readonly description: string;
}

const LOCAL_HOOKS: readonly Hook[] = ['OUTPUT', 'POSTROUTING', 'PREROUTING', 'INPUT'];

/** The path of a probe to `host` from this host's namespace, or undefined when there is no probe. */
export function probePath(target: ResolvedTarget, host: string | undefined): ProbePath | undefined {
  if (host === undefined) return undefined;
  const family = isIPv6(host) ? 6 : 4;
  if (target.spec.kind === 'host') {
    return {
      family,
      protocol: 'tcp',
      scopes: { target: { hooks: LOCAL_HOOKS, interfaces: target.interfaces } },
      description: t('diagnose.path.host', { host }),
    };
  }
  const hostSide = target.hostSide?.interfaces ?? [];
  const inside = target.interfaces;
  const link = [...hostSide].reverse().join(' → ');
  // `--target` naming an address that is not the target's own (a namespace behind it): the probe is
  // routed or bridged *through* the target, so it passes the target's FORWARD chain (both ways).
  if (!target.addresses.includes(host)) {
    return {
      family,
      protocol: 'tcp',
      scopes: {
        host: { hooks: LOCAL_HOOKS, interfaces: hostSide },
        target: { hooks: ['PREROUTING', 'FORWARD', 'POSTROUTING'], interfaces: inside },
      },
      description: t('diagnose.path.through', { link: link || 'link', target: target.label, host }),
    };
  }
  return {
    family,
    protocol: 'tcp',
    scopes: {
      host: { hooks: LOCAL_HOOKS, interfaces: hostSide },
      target: { hooks: LOCAL_HOOKS, interfaces: inside },
    },
    description: t('diagnose.path.into', { link: link || 'link', target: target.label, inside: inside.join(', ') || 'eth0', back: [...hostSide].join(' → ') || 'link' }),
  };
}

const HOOKS: readonly Hook[] = ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'];

/**
 * The built-in chain a netfilter finding is about, when it names one: an iptables rule's chain, a
 * policy's chain (`iptables filter/FORWARD policy`), an nft base chain named after its hook.
 * A bridge finding (`bridge.nf-call`: bridged frames dropped in FORWARD) is FORWARD's. Undefined for
 * user-defined chains (reached by jumps the finding does not carry): those stay on the path.
 */
export function hookOf(f: Finding): Hook | undefined {
  // Frames a bridge passes between its ports meet FORWARD (br_netfilter); the probe is never bridged
  // between two ports of one namespace: it starts on the host and ends in the target.
  if (f.layer === 'bridge') return 'FORWARD';
  if (f.layer !== 'netfilter') return undefined;
  let chain: string | undefined;
  if (f.details?.kind === 'iptables-rule') chain = f.details.chain;
  else if (f.details?.kind === 'nft-rule') chain = (f.details.hook ?? f.details.chain).toUpperCase();
  else chain = /\/([^/\s]+) policy$/.exec(f.subject)?.[1]?.toUpperCase();
  return HOOKS.find((h) => h === chain);
}

/** Whether a finding lies on the probe's path (findings it cannot place stay on it). */
export function onPath(f: Finding, path: ProbePath): boolean {
  const scope = path.scopes[f.scope];
  if (!scope) return true;
  // A rule of a user-defined chain: on the path when a built-in chain that reaches it is.
  const reached = reachedHooks(f);
  if (reached !== undefined) return reached.some((h) => (scope.hooks as readonly string[]).includes(h));
  const hook = hookOf(f);
  if (hook === undefined) return true;
  return scope.hooks.includes(hook);
}

/** The note an off-path finding becomes: what rose, and why it is not the probe's. */
export function offPathNote(f: Finding): string {
  const rose = f.evidence.flatMap((e) => (e.kind === 'counter' && e.delta > 0 ? [`+${e.delta}`] : []));
  const what = rose.length > 0 ? t('diagnose.path.dropped-other', { counts: rose.join(', ') }) : f.title;
  // A rule of a user-defined chain: the built-in chains that reach it.
  const hook = hookOf(f) ?? reachedHooks(f)?.join(', ');
  return hook !== undefined ? t('diagnose.path.off', { subject: f.subject, what, hook }) : t('diagnose.path.off-chain', { subject: f.subject, what });
}

/**
 * Keep on each step only the findings on the probe's path; the others become notes of the step
 * (a step left without findings passes). Without a path, the steps are returned unchanged. Pure.
 */
export function scopeToPath(steps: readonly StepReport[], path: ProbePath | undefined): StepReport[] {
  if (!path) return [...steps];
  return steps.map((s) => {
    const o = s.outcome;
    if (o.status !== 'findings') return s;
    const on = o.findings.filter((f) => onPath(f, path));
    if (on.length === o.findings.length) return s;
    const notes = [...o.notes, ...o.findings.filter((f) => !onPath(f, path)).map(offPathNote)];
    return { ...s, outcome: on.length > 0 ? { status: 'findings', findings: on, notes } : { status: 'pass', notes } };
  });
}

/** What the drop trace needs to tell the probe's drops from other traffic's (trace/attribute.ts). */
export function probeShape(path: ProbePath, steps: readonly StepReport[], probe?: ProbeOutcome | null): ProbeShape {
  const qdisc = steps.filter((s) => s.layer === 'qdisc' && path.scopes[s.scope] !== undefined);
  const clean = probe?.ok === true && probe.stats.sent > 0 && probe.stats.received >= probe.stats.sent;
  return {
    family: path.family,
    protocol: path.protocol,
    qdiscOnPathQuiet: qdisc.length > 0 && qdisc.every((s) => s.outcome.status === 'pass'),
    ...(clean ? { probeClean: { sent: probe.stats.sent, received: probe.stats.received } } : {}),
    uncounted: steps.flatMap((s) => (s.outcome.status === 'findings' ? s.outcome.findings : [])).filter((f) => f.id === 'netfilter.uncounted-drop'),
  };
}
