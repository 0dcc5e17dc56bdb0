/**
 * What a layer is: the commands it reads (collection), a pure parse of their outputs, a pure
 * check of two samples, and a pure planner of fixes. The engine does all I/O.
 */
import { t } from '../i18n/index.js';
import type { Basis, CommandResult, Finding, FixProposal, LayerId, ParseResult, Scope } from './types.js';
import type { ResolvedTarget } from './target.js';

/** One command a probe wants run, in the scope it is collected for. */
export interface ProbeCommand {
  /** A key the parse step uses to find the result. */
  readonly key: string;
  /** The argv as a person would type it inside the scope. */
  readonly argv: readonly string[];
  /** Optional commands may fail (a tool that is absent); the probe still parses what it has. */
  readonly optional?: boolean;
  /**
   * Run only when every command with these keys failed (a fallback: `/proc/net/dev` when `ip` is
   * missing). Fallbacks run after the first round, so a healthy machine never pays for them.
   */
  readonly onlyIfFailed?: readonly string[];
}

export interface ScopeContext {
  readonly scope: Scope;
  readonly target: ResolvedTarget;
  /** Interfaces this scope is about; undefined means every interface. */
  readonly interfaces?: readonly string[];
}

/** Collected and parsed state for one layer in one scope at one moment. */
export interface Probe<T> {
  /** Stable id, shared by layers that read the same data (ip, tcp and udp share `snmp`). */
  readonly id: string;
  readonly scopes: readonly Scope[];
  /**
   * Host-wide data (`/proc/net/softnet_stat` and its knobs: the same in every network namespace, owned
   * by the host): read in one scope only, where the host is: the target scope of a host target, the
   * host scope of a container or netns. Never a step inside a container.
   */
  readonly hostWide?: boolean;
  commands(ctx: ScopeContext): readonly ProbeCommand[];
  /**
   * Reads that depend on what the first ones showed (the filters of a qdisc that can carry them): run
   * in a last round of the same sample, only when this returns any. Their results join `results`.
   */
  followUp?(results: ReadonlyMap<string, CommandResult>, ctx: ScopeContext): readonly ProbeCommand[];
  /** Never throws; `results` holds one entry per command key. */
  parse(results: ReadonlyMap<string, CommandResult>, ctx: ScopeContext): ParseResult<T>;
}

/** What pktdrop knows about its own traffic during the window, so checks can subtract it. */
export interface ProbeTraffic {
  readonly method: 'hping3' | 'connect' | 'none';
  readonly sent: number;
  readonly received: number;
  /** SYN-ACKs the prober's kernel answers with RST (raw SYN probes only). */
  readonly synAckNoise: number;
  readonly port?: number;
}

/**
 * What the two samples of a check span:
 * - `measured`: a window pktdrop opened (diagnose, or a bundle it saved);
 * - `snapshots`: two pasted outputs of the same command, some unknown time apart;
 * - `since-boot`: one pasted output; `before` is the layer's zero baseline, so every counter's
 *   total counts as its rise.
 */
export type WindowKind = 'measured' | 'snapshots' | 'since-boot';

export interface CheckInput<T> {
  readonly scope: Scope;
  readonly ctx: ScopeContext;
  readonly before: T;
  readonly after: T;
  readonly window: WindowKind;
  readonly windowMs: number;
  readonly traffic: ProbeTraffic;
}

/** How a check says when its counters rose: the one place that words the window. */
export function phraseWindow(input: Pick<CheckInput<unknown>, 'window'>): string {
  switch (input.window) {
    case 'measured':
      return t('core.window.measured');
    case 'snapshots':
      return t('core.window.snapshots');
    case 'since-boot':
      return t('core.window.since-boot');
  }
}

/** The basis of a finding that rests on counters that rose between the two samples. */
export const counterBasis = (input: Pick<CheckInput<unknown>, 'window'>): Basis => (input.window === 'since-boot' ? 'history' : 'window');

export interface CheckResult {
  readonly findings: readonly Finding[];
  /** What the layer looked at and concluded, when nothing was found (shown as the step's detail). */
  readonly notes: readonly string[];
}

export interface Layer<T> {
  readonly id: LayerId;
  readonly title: string;
  /** What a person would type to look at this layer by hand, for the step header. */
  readonly lookedAt: (ctx: ScopeContext) => string;
  readonly probe: Probe<T>;
  /** Pure: findings from two samples of the measurement window. */
  check(input: CheckInput<T>): CheckResult;
  /**
   * Pure: the same data with every counter at 0, the `before` of a single since-boot snapshot
   * (`pktdrop analyze`); configuration and state are kept.
   */
  zero(data: T): T;
  /** Pure: the fix for one of this layer's findings, or undefined when it needs a person. */
  planFix?(finding: Finding, ctx: ScopeContext): FixProposal | undefined;
}

/** Helper that keeps the probe's data type tied to its layer without casts. */
export const defineLayer = <T>(layer: Layer<T>): Layer<T> => layer;

/** A layer with its data type erased, as the registry holds it. */
export interface AnyLayer {
  readonly id: LayerId;
  readonly title: string;
  readonly lookedAt: (ctx: ScopeContext) => string;
  readonly probe: Probe<unknown>;
  check(input: CheckInput<unknown>): CheckResult;
  planFix?(finding: Finding, ctx: ScopeContext): FixProposal | undefined;
}

/**
 * Erase a layer's data type for the registry. Sound because the engine only ever passes a
 * layer's check the values its own probe parsed.
 */
export function eraseLayer<T>(layer: Layer<T>): AnyLayer {
  return {
    id: layer.id,
    title: layer.title,
    lookedAt: layer.lookedAt,
    probe: {
      id: layer.probe.id,
      scopes: layer.probe.scopes,
      ...(layer.probe.hostWide ? { hostWide: true } : {}),
      commands: (ctx) => layer.probe.commands(ctx),
      ...(layer.probe.followUp ? { followUp: layer.probe.followUp.bind(layer.probe) } : {}),
      parse: (results, ctx) => layer.probe.parse(results, ctx),
    },
    check: (input) => layer.check(input as CheckInput<T>),
    ...(layer.planFix ? { planFix: layer.planFix.bind(layer) } : {}),
  };
}

/** Counter evidence for a value that rose in the window. */
export function counterEvidence(
  counter: string,
  subject: string,
  before: number,
  after: number,
  source: string,
  probeNoise?: number,
): Finding['evidence'][number] {
  const raw = after - before;
  const delta = probeNoise ? Math.max(0, raw - probeNoise) : raw;
  return { kind: 'counter', counter, subject, before, after, delta, source, ...(probeNoise ? { probeNoise } : {}) };
}
