/**
 * The diagnose pipeline: resolve the target, sample every layer, open a measurement window (probe
 * traffic, kernel drop trace), sample again, judge (pure checks), plan fixes (pure), apply what the
 * Prompter approves (journal first), verify with a fresh window, and report. The pipeline never
 * touches the terminal: it emits events and returns a report.
 */
import type { AnyLayer, ProbeTraffic } from '../core/layer.js';
import type { FixDecision, Prompter } from '../core/prompter.js';
import type { Finding, FixRecord } from '../core/types.js';
import { describeAccess, type ResolvedTarget, type TargetSpec } from '../core/target.js';
import { analyse, findingsOf, planFixes, type Snapshot, type StepReport } from '../core/judge.js';
import type { Runner } from '../targets/runner.js';
import { resolveTarget } from '../targets/resolve.js';
import type { ProbeOutcome, ProbeSpec, ProbeStats } from '../probe/types.js';
import type { DropTraceSummary } from '../trace/drop-tracer.js';
import { applyFix } from '../remediation/apply.js';
import type { Journal, JournalEntry } from '../remediation/journal.js';
import { verifyFixes } from '../remediation/verify.js';
import { revertApplied } from '../remediation/revert.js';
import { collectSnapshot, type CollectOptions } from './collect.js';
import { decideVerdict, type Verdict } from './verdict.js';

export type { Verdict } from './verdict.js';

/** Drop-reason evidence from the kernel, when a tracer was available. */
export interface DropTraceResult {
  readonly ok: boolean;
  readonly reason?: string;
  readonly summary?: DropTraceSummary;
  readonly findings?: readonly Finding[];
  readonly notes?: readonly string[];
}

/** Starts a kernel drop trace for the window; stop() returns its judged result. */
export interface DropTracer {
  start(): Promise<{ ok: true; stop: (ctx: { findings: readonly Finding[]; traffic: ProbeTraffic; windowMs: number }) => Promise<DropTraceResult> } | { ok: false; reason: string }>;
}

export type ProbeTargetChoice =
  | { readonly kind: 'explicit'; readonly host: string; readonly port: number }
  | { readonly kind: 'auto' }
  | { readonly kind: 'none' };

export interface DiagnoseRequest {
  readonly spec: TargetSpec;
  readonly probeTarget: ProbeTargetChoice;
  readonly probe: Omit<ProbeSpec, 'host' | 'port'>;
  /** Length of the window when there is no probe traffic. */
  readonly idleWindowMs: number;
  readonly isRoot: boolean;
  /** Keep raw command output in the snapshots (for bundles). */
  readonly keepOutput?: boolean;
  /** Confirm-or-revert: after applying and verifying, roll everything back unless confirmed in time. */
  readonly confirmTimeoutMs?: number;
}

export interface EngineDeps {
  readonly runner: Runner;
  readonly prompter: Prompter;
  readonly journal: Journal;
  readonly layers: readonly AnyLayer[];
  readonly runProbe: (spec: ProbeSpec) => Promise<ProbeOutcome>;
  readonly dropTracer?: DropTracer;
  readonly sleep: (ms: number) => Promise<void>;
  readonly emit?: (event: EngineEvent) => void;
  /** True once the operator interrupted: no further change is started. */
  readonly shouldStop?: () => boolean;
  /** Read each scope in one process per round (see {@link runBatch}); the CLI always does. */
  readonly batch?: boolean;
}

export type Phase = 'resolve' | 'sample' | 'window' | 'analyse' | 'apply' | 'verify';

export type EngineEvent =
  | { readonly type: 'phase'; readonly phase: Phase; readonly label: string }
  | { readonly type: 'phase-done'; readonly phase: Phase }
  | { readonly type: 'resolved'; readonly target: ResolvedTarget; readonly access: string; readonly probe: ProbePlan }
  | { readonly type: 'symptom'; readonly probe: ProbeOutcome | null }
  | { readonly type: 'walk'; readonly steps: readonly StepReport[]; readonly dropTrace: DropTraceResult | null }
  | { readonly type: 'fix'; readonly record: FixRecord; readonly finding: Finding }
  | { readonly type: 'confirm'; readonly timeoutMs: number }
  | { readonly type: 'reverted'; readonly fixes: readonly FixRecord[]; readonly reason: string }
  | { readonly type: 'verified'; readonly probe: ProbeOutcome | null; readonly fixes: readonly FixRecord[]; readonly dropTrace: DropTraceResult | null };

export interface ProbePlan {
  readonly host?: string;
  readonly port?: number;
  /** Why this address and port, or why there is no probe. */
  readonly why: string;
}

export interface DiagnoseReport {
  readonly target: ResolvedTarget;
  readonly access: string;
  readonly probePlan: ProbePlan;
  readonly probeBefore: ProbeOutcome | null;
  readonly probeAfter: ProbeOutcome | null;
  readonly windowMs: number;
  readonly steps: readonly StepReport[];
  readonly findings: readonly Finding[];
  readonly fixes: readonly FixRecord[];
  readonly dropTrace: DropTraceResult | null;
  readonly verifySteps: readonly StepReport[] | null;
  readonly verifyDropTrace: DropTraceResult | null;
  readonly remaining: readonly Finding[];
  readonly verdict: Verdict;
  readonly exitCode: 0 | 1;
  readonly journal?: string;
  readonly snapshots?: { readonly before: Snapshot; readonly after: Snapshot };
}

export type DiagnoseResult =
  | { readonly ok: true; readonly report: DiagnoseReport }
  | { readonly ok: false; readonly message: string; readonly exitCode: 2 | 130 };

function choosePort(target: ResolvedTarget): { port: number; why: string } | undefined {
  const ports = target.listeningPorts;
  if (ports.length === 0) return undefined;
  const preferred = [80, 443, 8080].find((p) => ports.includes(p)) ?? ports[0];
  if (preferred === undefined) return undefined;
  const others = ports.filter((p) => p !== preferred);
  return { port: preferred, why: `port ${preferred}, which it listens on${others.length > 0 ? ` (also listening: ${others.join(', ')}; pick one with --target)` : ''}` };
}

export function planProbe(target: ResolvedTarget, choice: ProbeTargetChoice): ProbePlan {
  if (choice.kind === 'none') return { why: 'probing disabled (--no-probe)' };
  if (choice.kind === 'explicit') return { host: choice.host, port: choice.port, why: `${choice.host}:${choice.port} as given with --target` };
  if (target.spec.kind === 'host') return { why: 'no probe on the host unless --target host:port is given' };
  const address = target.addresses[0];
  if (!address) return { why: `${target.label} has no IPv4 address to probe; give one with --target` };
  const port = choosePort(target);
  if (!port) return { why: `${target.label} listens on no TCP port; give a service with --target` };
  return { host: address, port: port.port, why: `${address}:${port.port}: the ${target.spec.kind === 'container' ? 'container' : 'namespace'}'s address and ${port.why}` };
}

const NO_TRAFFIC: ProbeTraffic = { method: 'none', sent: 0, received: 0, synAckNoise: 0 };

function trafficOf(p: ProbeOutcome | null): ProbeTraffic {
  if (!p?.ok) return NO_TRAFFIC;
  const s: ProbeStats = p.stats;
  return { method: s.method, sent: s.sent, received: s.received, synAckNoise: s.synAckNoise, port: s.port };
}

interface WindowResult {
  readonly before: Snapshot;
  readonly after: Snapshot;
  readonly probe: ProbeOutcome | null;
  readonly steps: StepReport[];
  readonly dropTrace: DropTraceResult | null;
}

type StartedTracer = Awaited<ReturnType<DropTracer['start']>>;

/** Start the drop tracer, or nothing when there is none. Never rejects. */
function startTracer(deps: EngineDeps): Promise<StartedTracer | null> {
  if (!deps.dropTracer) return Promise.resolve(null);
  return deps.dropTracer.start().catch((e: unknown) => ({ ok: false as const, reason: `drop trace failed: ${String(e)}` }));
}

/**
 * One measurement: sample, open the window (probe + trace), sample again, judge. `opened` is a
 * tracer already started (the first measurement opens it while the target is resolved, to keep its
 * setup off the critical path); otherwise it opens with the first sample.
 */
async function measure(deps: EngineDeps, req: DiagnoseRequest, target: ResolvedTarget, plan: ProbePlan, label: string, opened?: Promise<StartedTracer | null>): Promise<WindowResult> {
  const emit = deps.emit ?? (() => {});
  const collectOptions: CollectOptions = { keepOutput: req.keepOutput === true, batch: deps.batch === true };
  emit({ type: 'phase', phase: 'sample', label: `${label}: reading every layer` });
  // The trace covers the window and both samples, so every counter delta has its events.
  const [before, tracer] = await Promise.all([
    collectSnapshot(deps.runner, target, deps.layers, collectOptions),
    opened ?? startTracer(deps),
  ]);
  emit({ type: 'phase-done', phase: 'sample' });
  emit({
    type: 'phase',
    phase: 'window',
    label: plan.host !== undefined ? `${label}: probing ${plan.host}:${plan.port} (${req.probe.count} probes)` : `${label}: watching for ${req.idleWindowMs} ms`,
  });
  let probe: ProbeOutcome | null = null;
  const t0 = Date.now();
  if (plan.host !== undefined && plan.port !== undefined) {
    probe = await deps.runProbe({ ...req.probe, host: plan.host, port: plan.port });
  } else {
    await deps.sleep(req.idleWindowMs);
  }
  const windowMs = Date.now() - t0;
  emit({ type: 'phase-done', phase: 'window' });
  emit({ type: 'phase', phase: 'sample', label: `${label}: reading every layer again` });
  const after = await collectSnapshot(deps.runner, target, deps.layers, collectOptions);
  emit({ type: 'phase-done', phase: 'sample' });
  const traffic = trafficOf(probe);
  const steps = analyse(target, deps.layers, before, after, traffic);
  let dropTrace: DropTraceResult | null = null;
  if (tracer) {
    dropTrace = tracer.ok
      ? await tracer.stop({ findings: findingsOf(steps), traffic, windowMs }).catch((e: unknown) => ({ ok: false, reason: `drop trace failed: ${String(e)}` }))
      : { ok: false, reason: tracer.reason };
  }
  return { before, after, probe, steps, dropTrace };
}

/** The whole diagnose run. Never throws for system failures; those are values in the report. */
export async function diagnose(deps: EngineDeps, req: DiagnoseRequest): Promise<DiagnoseResult> {
  const emit = deps.emit ?? (() => {});
  emit({ type: 'phase', phase: 'resolve', label: 'finding the target' });
  const tracing = startTracer(deps);
  const resolved = await resolveTarget(deps.runner, req.spec, { isRoot: req.isRoot, batch: deps.batch === true });
  emit({ type: 'phase-done', phase: 'resolve' });
  if (!resolved.ok) {
    // Nothing to measure: close the tracer that opened meanwhile (it removes its tracefs instance).
    const t = await tracing;
    if (t?.ok) await t.stop({ findings: [], traffic: NO_TRAFFIC, windowMs: 0 }).catch(() => undefined);
    return { ok: false, message: resolved.message, exitCode: 2 };
  }
  const target = resolved.target;
  const access = describeAccess(target);
  const probePlan = planProbe(target, req.probeTarget);
  emit({ type: 'resolved', target, access, probe: probePlan });

  const first = await measure(deps, req, target, probePlan, 'measuring', tracing);
  // Interrupted reads are not evidence: judge nothing rather than call a half-read layer healthy.
  if (deps.shouldStop?.()) {
    return { ok: false, message: 'interrupted before the walk finished: nothing was judged and nothing was changed', exitCode: 130 };
  }
  emit({ type: 'symptom', probe: first.probe });
  const findings = [...findingsOf(first.steps), ...(first.dropTrace?.findings ?? [])];
  emit({ type: 'walk', steps: first.steps, dropTrace: first.dropTrace });

  const plans = planFixes(target, deps.layers, findings);
  const records: FixRecord[] = [];
  const entries = new Map<string, JournalEntry>();
  let journalPath: string | undefined;
  let mode: 'ask' | 'all' | 'stop' = 'ask';
  const run = plans.length > 0 && !deps.prompter.neverApplies ? await deps.journal.begin(target.spec) : undefined;
  /** Set when the journal cannot be written: nothing more is changed without a way back. */
  let journalBroken: string | undefined;
  for (const [i, { fix, finding }] of plans.entries()) {
    if (deps.shouldStop?.()) mode = 'stop';
    let decision: FixDecision = mode === 'all' ? 'apply' : mode === 'stop' ? 'skip' : await deps.prompter.decideFix(fix, finding, i, plans.length);
    if (decision === 'apply-all') {
      mode = 'all';
      decision = 'apply';
    }
    if (decision === 'quit') {
      mode = 'stop';
      decision = 'skip';
    }
    let record: FixRecord;
    if (journalBroken !== undefined && decision !== 'propose' && decision !== 'skip') {
      record = { proposal: fix, status: 'proposed', verified: null, message: journalBroken };
    } else if (decision === 'propose' || !run) {
      record = { proposal: fix, status: 'proposed', verified: null, ...(deps.prompter.neverApplies ? { message: deps.prompter.neverApplies } : {}) };
    } else if (decision === 'skip') {
      record = { proposal: fix, status: 'skipped', verified: null };
    } else {
      emit({ type: 'phase', phase: 'apply', label: fix.title });
      const outcome = await applyFix(deps.runner, target, run, fix).catch((e: unknown) => {
        journalBroken = `the journal could not be written (${e instanceof Error ? e.message : String(e)}): pktdrop stopped changing anything, because a change without its recorded inverse could not be undone`;
        return undefined;
      });
      emit({ type: 'phase-done', phase: 'apply' });
      if (!outcome) {
        record = { proposal: fix, status: 'proposed', verified: null, message: journalBroken ?? 'not applied' };
        records.push(record);
        emit({ type: 'fix', record, finding });
        continue;
      }
      journalPath = run.path;
      if (outcome.status === 'applied') entries.set(fix.id, outcome.entry);
      record =
        outcome.status === 'applied'
          ? { proposal: fix, status: 'applied', verified: null }
          : { proposal: fix, status: 'failed', verified: false, message: outcome.message };
    }
    records.push(record);
    emit({ type: 'fix', record, finding });
  }

  const applied = records.filter((r) => r.status === 'applied');
  let second: WindowResult | null = null;
  let finalRecords = records;
  if (applied.length > 0) {
    second = await measure(deps, req, target, probePlan, 'verifying');
    if (deps.shouldStop?.()) second = null;
  }
  if (applied.length > 0 && second) {
    finalRecords = verifyFixes(records, plans, [...findingsOf(second.steps), ...(second.dropTrace?.findings ?? [])]);
    emit({ type: 'verified', probe: second.probe, fixes: finalRecords, dropTrace: second.dropTrace });
    if (req.confirmTimeoutMs !== undefined && deps.prompter.confirmKeep && run) {
      emit({ type: 'confirm', timeoutMs: req.confirmTimeoutMs });
      const keep = await deps.prompter.confirmKeep(req.confirmTimeoutMs);
      if (!keep) {
        const back = await revertApplied(deps.runner, target, run, finalRecords, entries, (r, step) =>
          emit(step === 'start' ? { type: 'phase', phase: 'apply', label: `rolling back: ${r.proposal.title}` } : { type: 'phase-done', phase: 'apply' }),
        );
        finalRecords = back.records;
        emit({ type: 'reverted', fixes: back.reverted, reason: `no confirmation within ${Math.round(req.confirmTimeoutMs / 1000)} s` });
        // The verification window measured the fixed system; after the rollback the first window is the truth again.
        second = null;
      }
    }
  }

  const lastSteps = second?.steps ?? first.steps;
  const lastTrace = second ? second.dropTrace : first.dropTrace;
  const remaining = [...findingsOf(lastSteps), ...(lastTrace?.findings ?? [])].filter((f) => f.severity === 'error');
  const { verdict, exitCode } = decideVerdict({ remaining, lastSteps, lastProbe: second?.probe ?? first.probe, records: finalRecords });

  return {
    ok: true,
    report: {
      target,
      access,
      probePlan,
      probeBefore: first.probe,
      probeAfter: second?.probe ?? null,
      windowMs: first.after.takenAt - first.before.takenAt,
      steps: first.steps,
      findings,
      fixes: finalRecords,
      dropTrace: first.dropTrace,
      verifySteps: second?.steps ?? null,
      verifyDropTrace: second?.dropTrace ?? null,
      remaining,
      verdict,
      exitCode,
      ...(journalPath ? { journal: journalPath } : {}),
      ...(req.keepOutput ? { snapshots: { before: first.before, after: first.after } } : {}),
    },
  };
}
