/**
 * The pure stages of a run: what a snapshot is, every layer's verdict from two snapshots, and the
 * fixes the evidence justifies. No I/O; the diagnose pipeline (src/diagnose/) and analyze's replay
 * both call these.
 */
import { t } from '../i18n/index.js';
import type { AnyLayer, ProbeTraffic, ScopeContext } from './layer.js';
import type { CheckOutcome, Finding, FixProposal, LayerId, Scope } from './types.js';
import { scopesOf, type ResolvedTarget } from './target.js';

/** A reading of one layer's probe in one scope: parsed data, or why there is none. */
export type Reading =
  | { readonly ok: true; readonly data: unknown; readonly commands: readonly CommandTrace[] }
  | { readonly ok: false; readonly reason: string; readonly commands: readonly CommandTrace[] };

export interface CommandTrace {
  readonly argv: readonly string[];
  readonly ok: boolean;
  readonly durationMs: number;
  readonly exitCode: number | null;
  readonly failure?: string;
  /** Raw output, kept only when the caller asks for it (bundles). */
  readonly stdout?: string;
}

export interface Snapshot {
  readonly takenAt: number;
  readonly readings: ReadonlyMap<string, Reading>;
}

/** One visible step of the walk: one layer in one scope. */
export interface StepReport {
  readonly layer: LayerId;
  readonly scope: Scope;
  readonly title: string;
  /** What a person would type to look at this layer by hand. */
  readonly lookedAt: string;
  readonly outcome: CheckOutcome;
}

export const readingKey = (probeId: string, scope: Scope): string => `${probeId}@${scope}`;

/** The context of a scope: the host scope of a container looks only at its side of the path. */
export function scopeContext(target: ResolvedTarget, scope: Scope): ScopeContext {
  if (scope === 'host' && target.spec.kind !== 'host') return { scope, target, interfaces: target.hostSide?.interfaces ?? [] };
  return { scope, target };
}

export function activeScopes(target: ResolvedTarget, layer: AnyLayer): Scope[] {
  const has = scopesOf(target);
  if (layer.probe.hostWide) return has.includes('host') ? ['host'] : ['target'];
  return layer.probe.scopes.filter((s) => has.includes(s));
}

/** Pure: every layer's verdict for every scope, from two snapshots. */
export function analyse(
  target: ResolvedTarget,
  layers: readonly AnyLayer[],
  before: Snapshot,
  after: Snapshot,
  traffic: ProbeTraffic,
): StepReport[] {
  const steps: StepReport[] = [];
  const windowMs = Math.max(0, after.takenAt - before.takenAt);
  for (const layer of layers) {
    for (const scope of activeScopes(target, layer)) {
      const ctx = scopeContext(target, scope);
      const k = readingKey(layer.probe.id, scope);
      const a = before.readings.get(k);
      const b = after.readings.get(k);
      const base = { layer: layer.id, scope, title: layer.title, lookedAt: layer.lookedAt(ctx) };
      if (!a || !b) {
        steps.push({ ...base, outcome: { status: 'skipped', reason: t('core.step.not-collected') } });
        continue;
      }
      if (!a.ok || !b.ok) {
        steps.push({ ...base, outcome: { status: 'skipped', reason: !b.ok ? b.reason : !a.ok ? a.reason : '' } });
        continue;
      }
      try {
        const r = layer.check({ scope, ctx, before: a.data, after: b.data, window: 'measured', windowMs, traffic });
        steps.push({ ...base, outcome: outcomeOf(r.findings, r.notes) });
      } catch (e) {
        steps.push({ ...base, outcome: { status: 'crashed', error: e instanceof Error ? e.message : String(e) } });
      }
    }
  }
  return steps;
}

/** History never convicts: a finding that rests on since-boot totals is at most a warning. */
export const historyNeverConvicts = (f: Finding): Finding => (f.basis === 'history' && f.severity === 'error' ? { ...f, severity: 'warning' } : f);

/** A check's result as a step outcome, with {@link historyNeverConvicts} applied. */
export function outcomeOf(findings: readonly Finding[], notes: readonly string[]): CheckOutcome {
  return findings.length > 0 ? { status: 'findings', findings: findings.map(historyNeverConvicts), notes } : { status: 'pass', notes };
}

export const findingsOf = (steps: readonly StepReport[]): Finding[] =>
  steps.flatMap((s) => (s.outcome.status === 'findings' ? s.outcome.findings : []));

/** Pure: the fixes the evidence justifies, one per convicted finding that a layer knows how to fix. */
export function planFixes(target: ResolvedTarget, layers: readonly AnyLayer[], findings: readonly Finding[]): { fix: FixProposal; finding: Finding }[] {
  const out: { fix: FixProposal; finding: Finding }[] = [];
  const seen = new Set<string>();
  for (const f of findings) {
    if (f.severity !== 'error') continue;
    const layer = layers.find((l) => l.id === f.layer && l.planFix);
    const fix = layer?.planFix?.(f, scopeContext(target, f.scope));
    if (!fix || seen.has(fix.id)) continue;
    seen.add(fix.id);
    out.push({ fix, finding: f });
  }
  return out;
}

