/**
 * The JSON report (schemaVersion 1), documented in the README. Exactly one document on stdout.
 */
import type { DiagnoseReport } from '../diagnose/run.js';
import type { StepReport } from '../core/judge.js';
import type { Finding, FixRecord, FixStatus } from '../core/types.js';
import type { ProbeOutcome } from '../probe/types.js';
import type { UndoReport } from '../remediation/undo.js';
import { displayArgv } from '../targets/runner.js';
import { probePath } from '../diagnose/path.js';

export const SCHEMA_VERSION = 1;

function probeJson(p: ProbeOutcome | null): unknown {
  if (!p) return null;
  if (!p.ok) return { error: p.reason };
  const s = p.stats;
  return {
    method: s.method,
    command: s.command,
    host: s.host,
    port: s.port,
    sent: s.sent,
    received: s.received,
    lossPct: s.lossPct,
    lossInterval: s.lossInterval,
    rttMs: s.rttMs,
    refused: s.refused,
    duplicates: s.duplicates,
    durationMs: s.durationMs,
    notes: s.notes,
  };
}

function pathJson(report: DiagnoseReport): unknown {
  const p = probePath(report.target, report.probeBefore?.ok === true ? report.probePlan.host : undefined);
  return p ? { description: p.description, family: p.family, protocol: p.protocol, scopes: p.scopes } : null;
}

export function stepJson(s: StepReport): unknown {
  const o = s.outcome;
  return {
    layer: s.layer,
    scope: s.scope,
    title: s.title,
    lookedAt: s.lookedAt,
    status: o.status,
    ...(o.status === 'skipped' || o.status === 'void' ? { reason: o.reason } : {}),
    ...(o.status === 'crashed' ? { error: o.error } : {}),
    notes: o.status === 'pass' || o.status === 'findings' ? o.notes : [],
    findings: o.status === 'findings' ? o.findings.map((f) => f.id) : [],
  };
}

export function findingJson(f: Finding): unknown {
  return {
    id: f.id,
    layer: f.layer,
    scope: f.scope,
    severity: f.severity,
    basis: f.basis,
    role: f.role,
    subject: f.subject,
    title: f.title,
    explanation: f.explanation,
    evidence: f.evidence,
    action: f.action,
    ...(f.details ? { details: f.details } : {}),
  };
}

/**
 * A fix's status in the JSON report: always these English words, whatever the language of the text
 * report. `skipped`: the operator was asked and declined; `not-asked`: never asked, because the run
 * stopped first (quit, Ctrl-C, a lost target; `message` says which).
 */
export const FIX_STATUS_JSON = {
  proposed: 'proposed',
  applied: 'applied',
  skipped: 'skipped',
  'not-asked': 'not-asked',
  failed: 'failed',
  'rolled-back': 'rolled-back',
} as const satisfies Record<FixStatus, string>;

export function fixJson(r: FixRecord): unknown {
  const p = r.proposal;
  return {
    id: p.id,
    finding: p.findingId,
    subject: p.subject,
    title: p.title,
    risk: p.risk,
    scope: p.scope,
    commands: p.commands.map(displayArgv),
    argv: p.commands,
    inverse: p.inverse.map(displayArgv),
    status: FIX_STATUS_JSON[r.status],
    verified: r.verified,
    ...(r.message ? { message: r.message } : {}),
  };
}

export function reportJson(report: DiagnoseReport, meta: { version: string; startedAt: string; durationMs: number; capabilities?: unknown }): unknown {
  const t = report.target;
  const spec = t.spec;
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'pktdrop', version: meta.version },
    command: 'diagnose',
    startedAt: meta.startedAt,
    durationMs: meta.durationMs,
    target: {
      kind: spec.kind,
      ...(spec.kind === 'container' ? { ref: spec.ref, runtime: spec.runtime } : {}),
      ...(spec.kind === 'netns' ? { name: spec.name } : {}),
      label: t.label,
      access: report.access,
      addresses: t.addresses,
      listeningPorts: t.listeningPorts,
      interfaces: t.interfaces,
      hostSide: t.hostSide?.interfaces ?? [],
      notes: t.notes,
    },
    probe: {
      target: report.probePlan.host !== undefined ? { host: report.probePlan.host, port: report.probePlan.port } : null,
      why: report.probePlan.why,
      route: report.probePlan.route ?? null,
      // The probe's path both ways (src/diagnose/path.ts): what can convict; null without a probe.
      path: pathJson(report),
      before: probeJson(report.probeBefore),
      after: probeJson(report.probeAfter),
    },
    window: { ms: report.windowMs },
    steps: report.steps.map(stepJson),
    findings: report.findings.map(findingJson),
    dropReasons: report.dropTrace
      ? { before: report.dropTrace, after: report.verifyDropTrace }
      : null,
    fixes: report.fixes.map(fixJson),
    verification: report.verifySteps
      ? { steps: report.verifySteps.map(stepJson), findings: (report.rounds.at(-1)?.verification?.findings ?? []).map(findingJson) }
      : null,
    rounds: report.rounds.map((r) => ({
      round: r.round,
      // What the round set out to fix; their full text is in `findings` (round 1) or the previous round's verification.
      causes: r.findings.map((f) => ({ id: f.id, scope: f.scope, subject: f.subject })),
      fixes: r.fixes.map((f) => ({ id: f.proposal.id, status: FIX_STATUS_JSON[f.status], verified: f.verified })),
      verification: r.verification
        ? {
            probe: probeJson(r.verification.probe),
            steps: r.verification.steps.map(stepJson),
            findings: r.verification.findings.map(findingJson),
            dropReasons: r.verification.dropTrace,
          }
        : null,
      stopped: r.stopped ?? null,
    })),
    verdict: {
      status: report.verdict,
      exitCode: report.exitCode,
      remaining: report.remaining.map((f) => ({ id: f.id, scope: f.scope, subject: f.subject })),
      explainedSymptoms: report.explainedSymptoms.map((x) => ({ id: x.finding.id, scope: x.finding.scope, subject: x.finding.subject, why: x.why })),
      ...(report.lost ? { lost: report.lost } : {}),
    },
    journal: report.journal ?? null,
    ...(meta.capabilities !== undefined ? { capabilities: meta.capabilities } : {}),
  };
}

/** `pktdrop undo --json`: the journals read and each change's undo step. */
export function undoReportJson(report: UndoReport, meta: { version: string; target: string }): unknown {
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'pktdrop', version: meta.version },
    command: 'undo',
    target: meta.target,
    journals: report.journals,
    steps: report.steps,
  };
}

/** What failed, in an error document: a script can branch on it (README: JSON errors). */
export type ErrorKind =
  /** a bad option or argument */
  | 'usage'
  /** the command needs root */
  | 'not-root'
  /** the target could not be found or reached (unknown or stopped container, Docker down, unknown netns) */
  | 'target'
  /** another pktdrop is changing the same target */
  | 'locked'
  /** the state directory (journals, locks) cannot be created or written: nothing was changed */
  | 'state'
  /** an input file or stdin could not be read or is not a usable bundle (analyze) */
  | 'input'
  /** an output file could not be written */
  | 'output'
  /** the lab could not be built, read or removed */
  | 'lab'
  /** Ctrl-C before there was anything to report */
  | 'interrupted'
  /** a bug in pktdrop */
  | 'internal';

/**
 * The one error document of every command under --json (schemaVersion 1), written instead of a
 * report when there is none: `{ schemaVersion, tool, command, ok: false, error: { kind, message }, exitCode }`.
 */
export function errorJson(e: { command: string | null; kind: ErrorKind; message: string; exitCode: number; version: string }): unknown {
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'pktdrop', version: e.version },
    command: e.command,
    ok: false,
    error: { kind: e.kind, message: e.message },
    exitCode: e.exitCode,
  };
}
