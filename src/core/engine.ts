/**
 * The diagnose pipeline: resolve the target, sample every layer, open a measurement window (probe
 * traffic, kernel drop trace), sample again, judge (pure checks), plan fixes (pure), apply what the
 * Prompter approves (journal first), verify with a fresh window, and report. The engine never
 * touches the terminal: it emits events and returns a report.
 */
import type { AnyLayer, ProbeCommand, ProbeTraffic, ScopeContext } from './layer.js';
import type { FixDecision, Prompter } from './prompter.js';
import type { CheckOutcome, CommandResult, Finding, FixProposal, FixRecord, LayerId, Scope } from './types.js';
import type { Runner } from '../targets/runner.js';
import { describeAccess, scopesOf, type ResolvedTarget, type TargetSpec } from '../targets/target.js';
import { resolveTarget } from '../targets/resolve.js';
import { runReads } from '../targets/batch.js';
import type { ProbeOutcome, ProbeSpec, ProbeStats } from '../probe/types.js';
import { applyFix, rollbackFix } from '../remediation/apply.js';
import type { JournalEntry } from '../remediation/journal.js';
import type { Journal } from '../remediation/journal.js';

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

/** Drop-reason evidence from the kernel, when a tracer was available. */
export interface DropTraceResult {
  readonly ok: boolean;
  readonly reason?: string;
  readonly summary?: unknown;
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

/**
 * `incomplete`: nothing was found, but at least one step could not be read (skipped or crashed), so
 * "healthy" would claim more than pktdrop saw. Exit 1, like every verdict that is not a clean bill.
 */
export type Verdict = 'healthy' | 'fixed' | 'causes-remain' | 'loss-unexplained' | 'proposed' | 'incomplete';

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

const readingKey = (probeId: string, scope: Scope): string => `${probeId}@${scope}`;

/** The context of a scope: the host scope of a container looks only at its side of the path. */
export function scopeContext(target: ResolvedTarget, scope: Scope): ScopeContext {
  if (scope === 'host' && target.spec.kind !== 'host') return { scope, target, interfaces: target.hostSide?.interfaces ?? [] };
  return { scope, target };
}

function activeScopes(target: ResolvedTarget, layer: AnyLayer): Scope[] {
  const has = scopesOf(target);
  return layer.probe.scopes.filter((s) => has.includes(s));
}

function trace(r: CommandResult, keep: boolean): CommandTrace {
  return {
    argv: r.argv,
    ok: r.ok,
    durationMs: r.durationMs,
    exitCode: r.exitCode,
    ...(r.failure ? { failure: r.failure.hint } : {}),
    ...(keep ? { stdout: r.stdout } : {}),
  };
}

export interface CollectOptions {
  /** Keep each command's stdout in the snapshot (for --save and bundles). */
  readonly keepOutput?: boolean;
  /** One process per scope per round ({@link runBatch}) instead of one per command. */
  readonly batch?: boolean;
}

/**
 * Run every layer's commands and parse them. The scopes are read concurrently; with `batch`, each
 * scope's commands of a round run in one process (a second round runs only the fallbacks of
 * commands that failed). Never throws.
 */
export async function collectSnapshot(runner: Runner, target: ResolvedTarget, layers: readonly AnyLayer[], opts: CollectOptions = {}): Promise<Snapshot> {
  interface Job {
    readonly layer: AnyLayer;
    readonly ctx: ScopeContext;
    readonly cmds: readonly ProbeCommand[];
    readonly byKey: Map<string, CommandResult>;
    readonly ran: CommandResult[];
  }
  const jobs = new Map<string, Job>();
  for (const layer of layers) {
    for (const scope of activeScopes(target, layer)) {
      const k = readingKey(layer.probe.id, scope);
      if (jobs.has(k)) continue;
      const ctx = scopeContext(target, scope);
      jobs.set(k, { layer, ctx, cmds: layer.probe.commands(ctx), byKey: new Map(), ran: [] });
    }
  }
  /** One round: the chosen commands of every job, grouped by scope, each scope's group run at once. */
  const round = async (pick: (job: Job) => readonly ProbeCommand[]): Promise<void> => {
    const byScope = new Map<Scope, { job: Job; cmd: ProbeCommand }[]>();
    for (const job of jobs.values()) {
      for (const cmd of pick(job)) {
        const list = byScope.get(job.ctx.scope) ?? [];
        list.push({ job, cmd });
        byScope.set(job.ctx.scope, list);
      }
    }
    await Promise.all([...byScope.entries()].map(async ([scope, list]) => {
      const results = await runReads(runner, target, scope, list.map((x) => x.cmd.argv), opts.batch === true);
      list.forEach(({ job, cmd }, i) => {
        const r = results[i] as CommandResult;
        job.byKey.set(cmd.key, r);
        job.ran.push(r);
      });
    }));
  };
  await round((job) => job.cmds.filter((c) => !c.onlyIfFailed));
  await round((job) => job.cmds.filter((c) => c.onlyIfFailed?.every((k) => job.byKey.get(k)?.ok === false)));
  const entries = [...jobs.entries()].map(([k, { layer, ctx, byKey, ran }]): [string, Reading] => {
    const commands = ran.map((r) => trace(r, opts.keepOutput === true));
    try {
      const p = layer.probe.parse(byKey, ctx);
      return [k, p.ok ? { ok: true, data: p.data, commands } : { ok: false, reason: p.reason, commands }];
    } catch (e) {
      return [k, { ok: false, reason: `pktdrop could not read this layer (a bug: ${e instanceof Error ? e.message : String(e)})`, commands }];
    }
  });
  return { takenAt: Date.now(), readings: new Map(entries) };
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
        steps.push({ ...base, outcome: { status: 'skipped', reason: 'not collected' } });
        continue;
      }
      if (!a.ok || !b.ok) {
        steps.push({ ...base, outcome: { status: 'skipped', reason: !b.ok ? b.reason : !a.ok ? a.reason : '' } });
        continue;
      }
      try {
        const r = layer.check({ scope, ctx, before: a.data, after: b.data, windowMs, traffic });
        steps.push({
          ...base,
          outcome: r.findings.length > 0 ? { status: 'findings', findings: r.findings, notes: r.notes } : { status: 'pass', notes: r.notes },
        });
      } catch (e) {
        steps.push({ ...base, outcome: { status: 'crashed', error: e instanceof Error ? e.message : String(e) } });
      }
    }
  }
  return steps;
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

const sameFinding = (a: Finding, b: Finding): boolean => a.id === b.id && a.subject === b.subject && a.scope === b.scope;

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
    const after = [...findingsOf(second.steps), ...(second.dropTrace?.findings ?? [])];
    finalRecords = records.map((r) => {
      if (r.status !== 'applied') return r;
      const finding = plans.find((p) => p.fix.id === r.proposal.id)?.finding;
      const stillThere = finding ? after.some((f) => sameFinding(f, finding) && f.severity === 'error') : false;
      return { ...r, verified: !stillThere };
    });
    emit({ type: 'verified', probe: second.probe, fixes: finalRecords, dropTrace: second.dropTrace });
    if (req.confirmTimeoutMs !== undefined && deps.prompter.confirmKeep && run) {
      emit({ type: 'confirm', timeoutMs: req.confirmTimeoutMs });
      const keep = await deps.prompter.confirmKeep(req.confirmTimeoutMs);
      if (!keep) {
        const reverted: FixRecord[] = [];
        for (const r of [...finalRecords].reverse()) {
          const entry = entries.get(r.proposal.id);
          if (r.status !== 'applied' || !entry) continue;
          emit({ type: 'phase', phase: 'apply', label: `rolling back: ${r.proposal.title}` });
          const back = await rollbackFix(deps.runner, target, run, entry);
          emit({ type: 'phase-done', phase: 'apply' });
          reverted.push({ ...r, status: back.ok ? 'rolled-back' : 'failed', ...(back.message ? { message: back.message } : {}) });
        }
        finalRecords = finalRecords.map((r) => reverted.find((x) => x.proposal.id === r.proposal.id) ?? r);
        emit({ type: 'reverted', fixes: reverted, reason: `no confirmation within ${Math.round(req.confirmTimeoutMs / 1000)} s` });
        second = null;
      }
    }
  }

  const rolledBack = finalRecords.some((r) => r.status === 'rolled-back');
  const lastSteps = second?.steps ?? first.steps;
  const lastTrace = second ? second.dropTrace : first.dropTrace;
  const remaining = [...findingsOf(lastSteps), ...(lastTrace?.findings ?? [])].filter((f) => f.severity === 'error');
  const lastProbe = second?.probe ?? first.probe;
  const lossRemains = lastProbe?.ok === true && lastProbe.stats.lossPct > 0;
  let verdict: Verdict;
  if (remaining.length > 0) verdict = finalRecords.some((r) => r.status === 'proposed') ? 'proposed' : 'causes-remain';
  else if (lossRemains) verdict = 'loss-unexplained';
  else if (applied.length > 0 && !rolledBack) verdict = 'fixed';
  else verdict = lastSteps.some((st) => st.outcome.status === 'skipped' || st.outcome.status === 'crashed') ? 'incomplete' : 'healthy';
  const exitCode: 0 | 1 = verdict === 'healthy' || verdict === 'fixed' ? 0 : 1;

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
