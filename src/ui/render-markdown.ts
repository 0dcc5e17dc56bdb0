/**
 * The Markdown handoff (`--report <file.md>`) for a ticket: symptom, verdict per layer, evidence, the
 * fixes applied or proposed with their exact commands, and how to undo them. One renderer for both
 * `pktdrop diagnose` and `pktdrop analyze`: each is first turned into a {@link MarkdownReport}.
 */
import type { DiagnoseReport } from '../diagnose/run.js';
import type { StepReport } from '../core/judge.js';
import type { Finding, FixRecord } from '../core/types.js';
import type { ProbeOutcome } from '../probe/types.js';
import type { AnalyzeReport } from '../analyze/analyze.js';
import { displayArgv } from '../targets/runner.js';
import { evidenceLine } from './render-text.js';

/** What the Markdown report shows; built from a diagnose or an analyze report. */
export interface MarkdownReport {
  /** `pktdrop diagnose`, `pktdrop analyze`. */
  readonly command: string;
  /** What was examined: a target label or the input files. */
  readonly subject: string;
  readonly createdAt?: string;
  readonly tool?: string;
  /** One line: the probe's loss, or what the input was. */
  readonly symptom: string;
  readonly steps: readonly StepReport[];
  readonly findings: readonly Finding[];
  readonly fixes: readonly FixRecord[];
  /** The verdict in words, and the exit status it maps to. */
  readonly verdict: string;
  readonly exitCode: number;
  /** The command that undoes applied fixes (`pktdrop undo --container nginx`), when there are any. */
  readonly undo?: string;
  /** analyze: what was recognised in the input and what was not. */
  readonly inputs?: {
    readonly recognised: readonly { readonly file: string; readonly kind: string; readonly startLine: number; readonly endLine: number; readonly command?: string; readonly mode: string }[];
    readonly unrecognised: readonly { readonly file: string; readonly startLine: number; readonly endLine: number; readonly reason?: string; readonly firstLine: string }[];
  };
  readonly notes?: readonly string[];
}

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (s: string): string => `\`${s.replace(/`/g, "'")}\``;

function stepVerdict(s: StepReport): string {
  const o = s.outcome;
  switch (o.status) {
    case 'pass':
      return 'pass';
    case 'skipped':
      return `skipped: ${o.reason}`;
    case 'void':
      return o.reason;
    case 'crashed':
      return `check crashed: ${o.error}`;
    case 'findings': {
      const sev = o.findings.some((f) => f.severity === 'error') ? '**drops**' : 'warning';
      return `${sev}: ${o.findings.map((f) => code(f.id)).join(', ')}`;
    }
  }
}

function findingBlock(f: Finding): string[] {
  return [
    `### ${code(f.id)} — ${f.subject} (${f.severity}${f.scope === 'host' ? ', host side' : ''})`,
    '',
    `**${f.title}**`,
    '',
    f.explanation,
    '',
    'Evidence:',
    '',
    ...f.evidence.map((e) => `- ${evidenceLine(e)}`),
    '',
    `Next step: ${f.action}`,
    '',
  ];
}

function fixBlock(r: FixRecord): string[] {
  const p = r.proposal;
  const verified = r.verified === true ? ', verified by a fresh measurement' : r.verified === false ? ', NOT verified' : '';
  return [
    `### ${p.title}`,
    '',
    `Status: **${r.status}**${verified}; risk: ${p.risk}; scope: ${p.scope}; for ${code(p.findingId)} ${p.subject}${r.message ? ` — ${r.message}` : ''}`,
    '',
    '```sh',
    ...p.commands.map((a) => displayArgv(a)),
    '```',
    '',
    'Undo:',
    '',
    '```sh',
    ...p.inverse.map((a) => displayArgv(a)),
    '```',
    '',
  ];
}

/** The Markdown document. Pure. */
export function renderMarkdown(r: MarkdownReport): string {
  const out: string[] = [`# ${r.command} — ${r.subject}`, ''];
  const meta = [r.createdAt ? `created ${r.createdAt}` : '', r.tool ?? ''].filter(Boolean).join(' · ');
  if (meta) out.push(`_${meta}_`, '');
  out.push('## Symptom', '', r.symptom, '');
  out.push('## Verdict', '', `**${r.verdict}** (exit ${r.exitCode})`, '');
  if (r.notes && r.notes.length > 0) out.push(...r.notes.map((n) => `- ${n}`), '');
  out.push('## Verdict per layer', '', '| Layer | Scope | Verdict | Looked at |', '|---|---|---|---|');
  for (const s of r.steps) out.push(`| ${cell(s.title)} | ${s.scope} | ${cell(stepVerdict(s))} | ${cell(code(s.lookedAt))} |`);
  out.push('');
  out.push('## Findings', '');
  if (r.findings.length === 0) out.push('No finding.', '');
  for (const f of r.findings) out.push(...findingBlock(f));
  out.push('## Fixes', '');
  if (r.fixes.length === 0) out.push('No fix applied or proposed.', '');
  for (const f of r.fixes) out.push(...fixBlock(f));
  out.push('## How to undo', '');
  const applied = r.fixes.filter((f) => f.status === 'applied');
  if (applied.length > 0) {
    out.push(`Every applied change was journaled first. Undo them all with ${code(r.undo ?? 'pktdrop undo')}, or run the "Undo" commands above, newest first.`, '');
  } else {
    out.push('Nothing was changed, so there is nothing to undo. Each proposed fix above lists the command that would reverse it.', '');
  }
  if (r.inputs) {
    out.push('## Input', '', '| File | Lines | Recognised as | Command | Judged |', '|---|---|---|---|---|');
    for (const s of r.inputs.recognised) out.push(`| ${cell(s.file)} | ${s.startLine}–${s.endLine} | ${s.kind} | ${s.command ? cell(code(s.command)) : ''} | ${s.mode === 'delta' ? 'deltas between snapshots' : 'one snapshot (totals)'} |`);
    out.push('');
    if (r.inputs.unrecognised.length > 0) {
      out.push('Not recognised:', '');
      for (const u of r.inputs.unrecognised) out.push(`- ${cell(u.file)} lines ${u.startLine}–${u.endLine}${u.reason ? ` (${u.reason})` : ''}: ${code(u.firstLine.slice(0, 80))}`);
      out.push('');
    }
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

function probeText(p: ProbeOutcome | null): string | undefined {
  if (!p) return undefined;
  if (!p.ok) return `probe failed: ${p.reason}`;
  const s = p.stats;
  return `${s.sent} probes to ${s.host}:${s.port}, ${s.received} answered: ${s.lossPct.toFixed(0)}% loss (${s.command})`;
}

const DIAGNOSE_VERDICT: Record<DiagnoseReport['verdict'], string> = {
  healthy: 'no cause of packet loss found',
  fixed: 'every cause found was fixed and verified',
  'causes-remain': 'causes of packet loss remain',
  'loss-unexplained': 'the probe still loses packets, but no layer explains it',
  incomplete: 'no cause found in what could be read, but some steps could not be checked (see the skipped steps)',
  proposed: 'causes found; fixes proposed but not applied',
  'target-lost': 'the target was lost during the run: the readings after that point are void',
};

/** A diagnose report as Markdown input. `undo` is the exact undo command for this target. */
export function markdownFromDiagnose(report: DiagnoseReport, opts: { undo: string; createdAt?: string; tool?: string }): MarkdownReport {
  const before = probeText(report.probeBefore);
  const after = probeText(report.probeAfter);
  return {
    command: 'pktdrop diagnose',
    subject: report.target.label,
    ...(opts.createdAt ? { createdAt: opts.createdAt } : {}),
    ...(opts.tool ? { tool: opts.tool } : {}),
    symptom: [before ?? `no probe (${report.probePlan.why})`, after ? `after the fixes: ${after}` : ''].filter(Boolean).join('; '),
    steps: report.steps,
    findings: report.findings,
    fixes: report.fixes,
    verdict: DIAGNOSE_VERDICT[report.verdict],
    exitCode: report.exitCode,
    undo: opts.undo,
    notes: [report.access],
  };
}

/** An analyze report as Markdown input: its proposals are listed as proposed fixes (analyze changes nothing). */
export function markdownFromAnalyze(report: AnalyzeReport, opts: { createdAt?: string; tool?: string; symptom?: string } = {}): MarkdownReport {
  const errors = report.findings.filter((f) => f.severity === 'error').length;
  return {
    command: 'pktdrop analyze',
    subject: report.inputs.join(', ') || 'stdin',
    ...(opts.createdAt ? { createdAt: opts.createdAt } : {}),
    ...(opts.tool ? { tool: opts.tool } : {}),
    symptom: opts.symptom ?? `outputs pasted from another machine: ${report.sections.length} recognised section(s), ${report.unrecognised.length} unrecognised range(s)`,
    steps: report.steps,
    findings: report.findings,
    fixes: report.proposals.map((p): FixRecord => ({ proposal: p.fix, status: 'proposed', verified: null, message: 'analyze changes nothing: run it on the machine the outputs came from' })),
    verdict: errors > 0 ? `${errors} cause(s) of packet loss found` : report.findings.length > 0 ? 'only history or warnings: nothing convicted' : 'no cause of packet loss found in the input',
    exitCode: report.exitCode,
    inputs: { recognised: report.sections, unrecognised: report.unrecognised },
  };
}
