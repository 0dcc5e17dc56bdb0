/**
 * The diagnose pipeline: resolve the target, sample every layer, open a measurement window (probe
 * traffic, kernel drop trace), sample again, judge (pure checks), plan fixes (pure), apply what the
 * Prompter approves (journal first), verify with a fresh window, and report. The pipeline never
 * touches the terminal: it emits events and returns a report.
 */
import type { AnyLayer, ProbeTraffic } from '../core/layer.js';
import type { Prompter } from '../core/prompter.js';
import type { Finding, FixRecord } from '../core/types.js';
import { describeAccess, type ResolvedTarget, type TargetSpec } from '../core/target.js';
import { analyse, findingsOf, planFixes, type Snapshot, type StepReport } from '../core/judge.js';
import { displayArgv, type Runner } from '../targets/runner.js';
import { checkProbeRoute, offPathFinding } from '../probe/route-check.js';
import { probePath, probeShape, scopeToPath } from './path.js';
import type { ProbeShape } from '../trace/attribute.js';
import { connectDescription, hping3Argv } from '../probe/probe.js';
import { resolveTarget } from '../targets/resolve.js';
import type { ProbeOutcome, ProbeSpec, ProbeStats } from '../probe/types.js';
import type { DropTraceSummary } from '../trace/drop-tracer.js';
import type { Journal, JournalRun } from '../remediation/journal.js';
import { verifyFixes } from '../remediation/verify.js';
import { revertApplied } from '../remediation/revert.js';
import { collectSnapshot, type CollectOptions } from './collect.js';
import { replaceFindings } from '../trace/benign.js';
import { decideVerdict, settleSymptoms, type ExplainedSymptom, type Verdict } from './verdict.js';
import { applyRound, askingOrder, newPlans, stopReason, type PlannedFix, type RoundState } from './rounds.js';
import { t } from '../i18n/index.js';
import type { Pinner } from '../targets/pin.js';
import { lossSentence, pinForRun, trackingPrompter, unasked, voidSteps, type PinForRun } from './lost.js';

export type { Verdict } from './verdict.js';
export type { PlannedFix } from './rounds.js';

/** Drop-reason evidence from the kernel, when a tracer was available. */
export interface DropTraceResult {
  readonly ok: boolean;
  readonly reason?: string;
  readonly summary?: DropTraceSummary;
  readonly findings?: readonly Finding[];
  readonly notes?: readonly string[];
  /**
   * Findings of the window's steps that the drop events explain otherwise: each replaces the step
   * finding of the same layer, scope and subject (`link.rx-dropped` → `link.rx-dropped-benign`).
   */
  readonly replaces?: readonly Finding[];
}

/** Starts a kernel drop trace for the window; stop() returns its judged result. */
export interface DropTracer {
  start(): Promise<{ ok: true; stop: (ctx: { findings: readonly Finding[]; traffic: ProbeTraffic; windowMs: number; probe?: ProbeShape }) => Promise<DropTraceResult> } | { ok: false; reason: string }>;
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
  /**
   * Holds the target for the run (its namespace by descriptor, its identity), and lets every command
   * check first that it is still the same instance (src/diagnose/lost.ts). The CLI always pins.
   */
  readonly pinner?: Pinner;
}

export type Phase = 'resolve' | 'sample' | 'window' | 'analyse' | 'apply' | 'verify';

export type EngineEvent =
  /** `label` names the step (built by t(): a renderer says it in its language); `expectedMs`, how long a window should take. */
  | { readonly type: 'phase'; readonly phase: Phase; readonly label: string; readonly expectedMs?: number }
  | { readonly type: 'phase-done'; readonly phase: Phase }
  | { readonly type: 'resolved'; readonly target: ResolvedTarget; readonly access: string; readonly probe: ProbePlan }
  | { readonly type: 'symptom'; readonly probe: ProbeOutcome | null }
  /** The first window judged; `plans`: the fixes proposed, in the order they will be asked (safest first). */
  | { readonly type: 'walk'; readonly steps: readonly StepReport[]; readonly dropTrace: DropTraceResult | null; readonly path?: readonly Finding[]; readonly plans?: readonly PlannedFix[] }
  | { readonly type: 'fix'; readonly record: FixRecord; readonly finding: Finding }
  | { readonly type: 'confirm'; readonly timeoutMs: number }
  | { readonly type: 'reverted'; readonly fixes: readonly FixRecord[]; readonly reason: string }
  | { readonly type: 'verified'; readonly probe: ProbeOutcome | null; readonly fixes: readonly FixRecord[]; readonly dropTrace: DropTraceResult | null; readonly findings: readonly Finding[]; readonly round: number }
  /** A verification window showed causes that were masked before: round `round` begins with them. */
  | { readonly type: 'round'; readonly round: number; readonly findings: readonly Finding[]; readonly plans?: readonly PlannedFix[] }
  /** The operator chose quit at a question: `notApplied` fixes of the round are left as they are (status not-asked after the first). */
  | { readonly type: 'quit'; readonly notApplied: number };

export interface ProbePlan {
  readonly host?: string;
  readonly port?: number;
  /** Why this address and port, or why there is no probe. */
  readonly why: string;
  /** The route the probe would take, checked before probing a container or namespace (route-check.ts). */
  readonly route?: { readonly command: string; readonly ok: boolean; readonly dev?: string; readonly gateway?: string; readonly reason?: string };
}

/**
 * Pin the probe to the path: for a container or namespace, `ip route get` on the host must show the
 * target's link (its bridge or host veth) and no gateway. Otherwise no probe is planned and the broken
 * path is a finding, which says what the probe would have run. The host target is probed as asked.
 */
async function pinProbe(runner: Runner, target: ResolvedTarget, plan: ProbePlan, probe: DiagnoseRequest['probe']): Promise<{ plan: ProbePlan; finding?: Finding }> {
  if (plan.host === undefined || plan.port === undefined || target.spec.kind === 'host') return { plan };
  const expected = target.hostSide?.interfaces ?? [];
  const v = await checkProbeRoute(runner, plan.host, expected);
  const route = { command: v.command, ok: v.ok, ...(v.route ? { dev: v.route.dev } : {}), ...(v.route?.gateway ? { gateway: v.route.gateway } : {}), ...(!v.ok ? { reason: v.reason } : {}) };
  if (v.ok) return { plan: { ...plan, route } };
  const wouldRun =
    probe.method === 'connect'
      ? connectDescription(plan.host, plan.port, probe.count, probe.intervalMs, probe.timeoutMs)
      : displayArgv(hping3Argv(plan.host, plan.port, probe.count, probe.intervalMs));
  return { plan: { why: t('diagnose.probe.off-path', { reason: v.reason, host: plan.host, port: plan.port, command: wouldRun }), route }, finding: offPathFinding(v, wouldRun) };
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
  /** Symptoms of the last window that no remaining cause explains (see {@link settleSymptoms}); never counted. */
  readonly explainedSymptoms: readonly ExplainedSymptom[];
  /** Each round of fix + verify; empty when nothing was planned. */
  readonly rounds: readonly RoundReport[];
  readonly verdict: Verdict;
  /** 3: the target was lost mid-run (verdict `target-lost`). */
  readonly exitCode: 0 | 1 | 3;
  /** Set when the target stopped being the instance resolved during the run (src/diagnose/lost.ts). */
  readonly lost?: { readonly why: string; readonly during: string; readonly changesBefore: number; readonly message: string };
  readonly journal?: string;
  readonly snapshots?: { readonly before: Snapshot; readonly after: Snapshot };
}

/** One round of fix + verify (see rounds.ts). */
export interface RoundReport {
  /** 1-based. */
  readonly round: number;
  /** The findings this round set out to fix: the first window's for round 1, the new causes after. */
  readonly findings: readonly Finding[];
  readonly fixes: readonly FixRecord[];
  /** The fresh window after this round's changes; null when nothing was applied. */
  readonly verification: {
    readonly probe: ProbeOutcome | null;
    readonly steps: readonly StepReport[];
    /** Every finding of the window, with its evidence. */
    readonly findings: readonly Finding[];
    readonly dropTrace: DropTraceResult | null;
  } | null;
  /** Why no round followed this one. */
  readonly stopped?: string;
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
  return { port: preferred, why: others.length > 0 ? t('diagnose.probe.port-others', { port: preferred, others: others.join(', ') }) : t('diagnose.probe.port', { port: preferred }) };
}

export function planProbe(target: ResolvedTarget, choice: ProbeTargetChoice): ProbePlan {
  if (choice.kind === 'none') return { why: t('diagnose.probe.disabled') };
  if (choice.kind === 'explicit') return { host: choice.host, port: choice.port, why: t('diagnose.probe.explicit', { host: choice.host, port: choice.port }) };
  if (target.spec.kind === 'host') return { why: t('diagnose.probe.host-none') };
  const address = target.addresses[0];
  if (!address) return { why: t('diagnose.probe.no-address', { target: target.label }) };
  const port = choosePort(target);
  if (!port) return { why: t('diagnose.probe.no-port', { target: target.label }) };
  return {
    host: address,
    port: port.port,
    why: t(target.spec.kind === 'container' ? 'diagnose.probe.auto-container' : 'diagnose.probe.auto-netns', { host: address, port: port.port, why: port.why }),
  };
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
  return deps.dropTracer.start().catch((e: unknown) => ({ ok: false as const, reason: t('diagnose.trace-failed', { error: String(e) }) }));
}

/**
 * One measurement: sample, open the window (probe + trace), sample again, judge. `opened` is a
 * tracer already started (the first measurement opens it while the target is resolved, to keep its
 * setup off the critical path); otherwise it opens with the first sample.
 */
async function measure(deps: EngineDeps, req: DiagnoseRequest, target: ResolvedTarget, plan: ProbePlan, label: string, opened?: Promise<StartedTracer | null>): Promise<WindowResult> {
  // `label` (measuring, verifying, verifying round N) is a phrase built by t(): said in the host's language.
  const emit = deps.emit ?? (() => {});
  const collectOptions: CollectOptions = { keepOutput: req.keepOutput === true, batch: deps.batch === true };
  emit({ type: 'phase', phase: 'sample', label: t('diagnose.phase.read', { label }) });
  // The trace covers the window and both samples, so every counter delta has its events.
  const [before, tracer] = await Promise.all([
    collectSnapshot(deps.runner, target, deps.layers, collectOptions),
    opened ?? startTracer(deps),
  ]);
  emit({ type: 'phase-done', phase: 'sample' });
  emit({
    type: 'phase',
    phase: 'window',
    ...(plan.host !== undefined
      ? { label: t('diagnose.phase.probe', { label, host: plan.host, port: plan.port ?? 0, count: req.probe.count }), expectedMs: req.probe.count * req.probe.intervalMs + req.probe.timeoutMs }
      : { label: t('diagnose.phase.watch', { label, ms: req.idleWindowMs }), expectedMs: req.idleWindowMs }),
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
  emit({ type: 'phase', phase: 'sample', label: t('diagnose.phase.read-again', { label }) });
  const after = await collectSnapshot(deps.runner, target, deps.layers, collectOptions);
  emit({ type: 'phase-done', phase: 'sample' });
  const traffic = trafficOf(probe);
  // A window that ended after the target was lost is void: none of it is judged.
  const lost = await deps.runner.targetLost?.();
  const unscoped = lost === undefined ? analyse(target, deps.layers, before, after, traffic) : voidSteps(analyse(target, deps.layers, before, after, traffic), lost);
  // The path model (path.ts): only what lies on the probe's path convicts; the rest becomes notes.
  const path = probePath(target, probe?.ok === true ? plan.host : undefined);
  const steps = scopeToPath(unscoped, path);
  let dropTrace: DropTraceResult | null = null;
  if (tracer) {
    dropTrace = tracer.ok
      ? await tracer.stop({ findings: findingsOf(steps), traffic, windowMs, ...(path ? { probe: probeShape(path, steps, probe) } : {}) }).catch((e: unknown) => ({ ok: false, reason: t('diagnose.trace-failed', { error: String(e) }) }))
      : { ok: false, reason: tracer.reason };
  }
  if (lost !== undefined) dropTrace = { ok: false, reason: t('diagnose.void', { why: lost }) };
  return { before, after, probe, steps: replaceFindings(steps, dropTrace?.replaces ?? []), dropTrace };
}

/** The whole diagnose run. Never throws for system failures; those are values in the report. */
export async function diagnose(deps: EngineDeps, req: DiagnoseRequest): Promise<DiagnoseResult> {
  const emit = deps.emit ?? (() => {});
  const spec = req.spec;
  emit({
    type: 'phase',
    phase: 'resolve',
    label:
      spec.kind === 'container'
        ? t('diagnose.phase.resolve-container', { runtime: spec.runtime, ref: spec.ref })
        : spec.kind === 'netns'
          ? t('diagnose.phase.resolve-netns', { name: spec.name })
          : t('diagnose.phase.resolve'),
  });
  const tracing = startTracer(deps);
  const resolved = await resolveTarget(deps.runner, req.spec, { isRoot: req.isRoot, batch: deps.batch === true });
  emit({ type: 'phase-done', phase: 'resolve' });
  if (!resolved.ok) {
    // Nothing to measure: close the tracer that opened meanwhile (it removes its tracefs instance).
    const t = await tracing;
    if (t?.ok) await t.stop({ findings: [], traffic: NO_TRAFFIC, windowMs: 0 }).catch(() => undefined);
    return { ok: false, message: resolved.message, exitCode: 2 };
  }
  const pin = await pinForRun(deps.pinner, deps.runner, resolved.target);
  if (!pin.ok) {
    const t = await tracing;
    if (t?.ok) await t.stop({ findings: [], traffic: NO_TRAFFIC, windowMs: 0 }).catch(() => undefined);
    return { ok: false, message: pin.message, exitCode: 2 };
  }
  // The namespace is held open for the whole run and let go at its end, whatever the end.
  try {
    return await diagnosePinned(deps, req, pin, tracing);
  } finally {
    await pin.release();
  }
}

async function diagnosePinned(deps: EngineDeps, req: DiagnoseRequest, pin: Extract<PinForRun, { ok: true }>, tracing: Promise<StartedTracer | null>): Promise<DiagnoseResult> {
  const outer = deps.emit ?? (() => {});
  const asked = new Set<string>();
  /** The order fixes were decided (and applied) in, across rounds: a rollback goes newest first by it. */
  const ranOrder = new Map<string, number>();
  const guard = pin.guard;
  deps = {
    ...deps,
    runner: pin.runner,
    prompter: trackingPrompter(deps.prompter, asked),
    // The guard names each step, so a loss can say where it happened.
    emit: (e) => {
      if (e.type === 'phase') guard?.setStep(e.label);
      outer(e);
    },
  };
  // Every event of the run goes through the guard's step names, the apply and rollback phases too
  // (a target lost while a fix runs says so, not the last window's step).
  const emit = deps.emit ?? outer;
  /** Interrupted, or the target is gone: no further change, no further window. */
  const halted = (): boolean => deps.shouldStop?.() === true || guard?.lost !== undefined;
  const target = pin.target;
  const access = describeAccess(target);
  // The pinned probe (probe/route-check.ts): a probe to a container or namespace leaves only by its link.
  const pinned = await pinProbe(deps.runner, target, planProbe(target, req.probeTarget), req.probe);
  const probePlan = pinned.plan;
  const pathFindings = pinned.finding ? [pinned.finding] : [];
  emit({ type: 'resolved', target, access, probe: probePlan });

  const first = await measure(deps, req, target, probePlan, t('diagnose.phase.measuring'), tracing);
  // Interrupted reads are not evidence: judge nothing rather than call a half-read layer healthy.
  if (deps.shouldStop?.()) {
    return { ok: false, message: t('diagnose.interrupted-walk'), exitCode: 130 };
  }
  emit({ type: 'symptom', probe: first.probe });
  const findings = [...pathFindings, ...findingsOf(first.steps), ...(first.dropTrace?.findings ?? [])];
  // Asked (and applied) safest first, what must go together kept together (rounds.ts).
  let plansInLayerOrder: PlannedFix[] = planFixes(target, deps.layers, findings);
  let plans: PlannedFix[] = askingOrder(plansInLayerOrder);
  emit({ type: 'walk', steps: first.steps, dropTrace: first.dropTrace, path: pathFindings, plans });

  // Rounds until clean (rounds.ts): fix, verify; the verification window's new causes open the next round.
  const state: RoundState = { mode: 'ask', entries: new Map() };
  const allPlans: PlannedFix[] = [];
  const tried = new Set<string>();
  const rounds: RoundReport[] = [];
  let records: FixRecord[] = [];
  let run: JournalRun | undefined;
  let second: WindowResult | null = null;
  let roundFindings: readonly Finding[] = findings;
  for (let round = 1; plans.length > 0; round++) {
    if (round > 1) emit({ type: 'round', round, findings: plans.map((p) => p.finding), plans });
    if (!run && !deps.prompter.neverApplies) run = await deps.journal.begin(target.spec, target.identity);
    for (const p of plans) tried.add(p.fix.id);
    allPlans.push(...plans);
    const roundRecords = await applyRound(
      {
        runner: deps.runner,
        prompter: deps.prompter,
        shouldStop: halted,
        onApplyStart: (fix) => emit({ type: 'phase', phase: 'apply', label: t('diagnose.phase.apply', { title: fix.title }) }),
        onApplyDone: () => emit({ type: 'phase-done', phase: 'apply' }),
        onFix: (record, finding) => {
          ranOrder.set(record.proposal.id, ranOrder.size);
          emit({ type: 'fix', record, finding });
        },
        onQuit: (notApplied) => emit({ type: 'quit', notApplied }),
      },
      target,
      run,
      plans,
      state,
    );
    // The report lists fixes in the walk's (layer) order, as the findings are; the journal holds the order they ran in.
    const layerOrder = new Map(plansInLayerOrder.map((p, i) => [p.fix.id, i] as const));
    roundRecords.sort((a, b) => (layerOrder.get(a.proposal.id) ?? 0) - (layerOrder.get(b.proposal.id) ?? 0));
    records = [...records, ...roundRecords];
    const appliedNow = roundRecords.filter((r) => r.status === 'applied').length;
    let verification: WindowResult | null = null;
    if (appliedNow > 0 && !halted()) {
      verification = await measure(deps, req, target, probePlan, round > 1 ? t('diagnose.phase.verifying-round', { round }) : t('diagnose.phase.verifying'));
      if (deps.shouldStop?.()) verification = null;
    }
    if (!verification) {
      rounds.push({ round, findings: roundFindings, fixes: roundRecords, verification: null, stopped: guard?.lost ? lossSentence(guard.lost) : appliedNow === 0 ? t('diagnose.round.nothing-changed') : t('diagnose.round.interrupted') });
      break;
    }
    second = verification;
    const verifyFindings = [...findingsOf(verification.steps), ...(verification.dropTrace?.findings ?? [])];
    // Every applied fix, of this round and the earlier ones, is judged by the newest window.
    records = verifyFixes(records, allPlans, verifyFindings);
    emit({ type: 'verified', probe: verification.probe, fixes: records, dropTrace: verification.dropTrace, findings: verifyFindings, round });
    const nextInLayerOrder = newPlans(planFixes(target, deps.layers, verifyFindings), tried);
    const next = askingOrder(nextInLayerOrder);
    const stopped = stopReason(round, next, appliedNow);
    rounds.push({
      round,
      findings: roundFindings,
      fixes: records.filter((r) => roundRecords.some((x) => x.proposal.id === r.proposal.id)),
      verification: { probe: verification.probe, steps: verification.steps, findings: verifyFindings, dropTrace: verification.dropTrace },
      ...(stopped ? { stopped } : {}),
    });
    if (stopped) break;
    plans = next;
    plansInLayerOrder = nextInLayerOrder;
    roundFindings = next.map((p) => p.finding);
  }

  const held = deps.prompter.held;
  let finalRecords = (halted() ? unasked(records, asked, guard?.lost ? guard.lost.why : t('diagnose.interrupted-ctrl-c')) : records)
    .map((r) => (r.status === 'proposed' && held?.has(r.proposal.id) ? { ...r, message: held.get(r.proposal.id) } : r));
  if (second && !halted() && req.confirmTimeoutMs !== undefined && deps.prompter.confirmKeep && run) {
    emit({ type: 'confirm', timeoutMs: req.confirmTimeoutMs });
    const keep = await deps.prompter.confirmKeep(req.confirmTimeoutMs);
    if (!keep) {
      const inRunOrder = [...finalRecords].sort((a, b) => (ranOrder.get(a.proposal.id) ?? 0) - (ranOrder.get(b.proposal.id) ?? 0));
      const back = await revertApplied(deps.runner, target, run, inRunOrder, state.entries, (r, step) =>
        emit(step === 'start' ? { type: 'phase', phase: 'apply', label: t('diagnose.phase.rollback', { title: r.proposal.title }) } : { type: 'phase-done', phase: 'apply' }),
      );
      finalRecords = finalRecords.map((r) => back.records.find((x) => x.proposal.id === r.proposal.id) ?? r);
      emit({ type: 'reverted', fixes: back.reverted, reason: t('diagnose.no-confirmation', { s: Math.round(req.confirmTimeoutMs / 1000) }) });
      // The verification window measured the fixed system; after the rollback the first window is the truth again.
      second = null;
    }
  }
  const journalPath = state.journalPath;

  const lastSteps = second?.steps ?? first.steps;
  const lastTrace = second ? second.dropTrace : first.dropTrace;
  const lastProbe = second?.probe ?? first.probe;
  const settled = settleSymptoms([...pathFindings, ...findingsOf(lastSteps), ...(lastTrace?.findings ?? [])], lastProbe, second !== null);
  const remaining = settled.remaining;
  const decided = decideVerdict({ remaining, lastSteps, lastProbe, records: finalRecords });
  // A target lost mid-run has its own verdict and exit code: nothing after that point can be judged.
  const loss = guard?.lost;
  const { verdict, exitCode } = loss ? { verdict: 'target-lost' as const, exitCode: 3 as const } : decided;

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
      explainedSymptoms: settled.explained,
      rounds,
      verdict,
      exitCode,
      ...(loss ? { lost: { why: loss.why, during: loss.during, changesBefore: loss.changesBefore, message: lossSentence(loss) } } : {}),
      ...(journalPath ? { journal: journalPath } : {}),
      ...(req.keepOutput ? { snapshots: { before: first.before, after: first.after } } : {}),
    },
  };
}
