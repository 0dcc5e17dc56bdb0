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
import { say, t, tr, type Lang, type MessageKey } from '../i18n/index.js';
import { displayArgv } from '../targets/runner.js';
import { evidenceLine } from './render-text.js';

/** What the Markdown report shows; built from a diagnose or an analyze report. */
export interface MarkdownReport {
  // Prose fields (symptom, verdict, notes, and the titles, explanations and reasons inside steps,
  // findings and fixes) are English strings built by t(): the renderer says them in its language.
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

/** A word of the renderer's, or `fallback` (the value itself) when the catalogue has none for it. */
const word = (lang: Lang, keys: Readonly<Record<string, MessageKey>>, value: string): string => {
  const key = keys[value];
  return key === undefined ? value : say(lang, key);
};

const SEVERITY: Readonly<Record<string, MessageKey>> = { error: 'cli.report.severity.error', warning: 'cli.report.severity.warning', info: 'cli.report.severity.info' };
const SCOPE: Readonly<Record<string, MessageKey>> = { target: 'cli.report.scope.target', host: 'cli.report.scope.host' };
const RISK: Readonly<Record<string, MessageKey>> = { safe: 'cli.report.risk.safe', disruptive: 'cli.report.risk.disruptive' };
/** A fix's status in words (`cli.report.status.*`): the Markdown handoff and the fleet's text say the same. */
export const FIX_STATUS_WORDS: Readonly<Record<string, MessageKey>> = {
  proposed: 'cli.report.status.proposed',
  applied: 'cli.report.status.applied',
  skipped: 'cli.report.status.skipped',
  'not-asked': 'cli.report.status.not-asked',
  failed: 'cli.report.status.failed',
  'rolled-back': 'cli.report.status.rolled-back',
};

function stepVerdict(s: StepReport, lang: Lang): string {
  const o = s.outcome;
  switch (o.status) {
    case 'pass':
      return say(lang, 'cli.report.step.pass');
    case 'skipped':
      return say(lang, 'cli.report.step.skipped', { reason: tr(lang, o.reason) });
    case 'void':
      return tr(lang, o.reason);
    case 'crashed':
      return say(lang, 'cli.report.step.crashed', { error: o.error });
    case 'findings': {
      const ids = o.findings.map((f) => code(f.id)).join(', ');
      return say(lang, o.findings.some((f) => f.severity === 'error') ? 'cli.report.step.drops' : 'cli.report.step.warning', { ids });
    }
  }
}

function findingBlock(f: Finding, lang: Lang): string[] {
  const severity = word(lang, SEVERITY, f.severity);
  return [
    `### ${code(f.id)} — ${say(lang, f.scope === 'host' ? 'cli.report.finding-head-host' : 'cli.report.finding-head', { subject: f.subject, severity })}`,
    '',
    `**${tr(lang, f.title)}**`,
    '',
    tr(lang, f.explanation),
    '',
    say(lang, 'cli.report.evidence'),
    '',
    ...f.evidence.map((e) => `- ${evidenceLine(e, lang)}`),
    '',
    say(lang, 'cli.report.next-step', { action: tr(lang, f.action) }),
    '',
  ];
}

function fixBlock(r: FixRecord, lang: Lang): string[] {
  const p = r.proposal;
  const verified = r.verified === true ? say(lang, 'cli.report.verified') : r.verified === false ? say(lang, 'cli.report.not-verified') : '';
  const status = say(lang, 'cli.report.fix-status', {
    status: word(lang, FIX_STATUS_WORDS, r.status),
    verified,
    risk: word(lang, RISK, p.risk),
    scope: word(lang, SCOPE, p.scope),
    finding: code(p.findingId),
    subject: p.subject,
  });
  return [
    `### ${tr(lang, p.title)}`,
    '',
    r.message ? say(lang, 'cli.report.with-message', { text: status, message: tr(lang, r.message) }) : status,
    '',
    '```sh',
    ...p.commands.map((a) => displayArgv(a)),
    '```',
    '',
    say(lang, 'cli.report.undo'),
    '',
    '```sh',
    ...p.inverse.map((a) => displayArgv(a)),
    '```',
    '',
  ];
}

/** The Markdown document, in `lang` (data, commands and ids as they are). Pure. */
export function renderMarkdown(r: MarkdownReport, lang: Lang = 'en'): string {
  const out: string[] = [`# ${r.command} — ${r.subject}`, ''];
  const meta = [r.createdAt ? say(lang, 'cli.report.created', { at: r.createdAt }) : '', r.tool ?? ''].filter(Boolean).join(' · ');
  if (meta) out.push(`_${meta}_`, '');
  out.push(`## ${say(lang, 'cli.report.h.symptom')}`, '', tr(lang, r.symptom), '');
  out.push(`## ${say(lang, 'cli.report.h.verdict')}`, '', say(lang, 'cli.report.verdict-line', { verdict: tr(lang, r.verdict), code: r.exitCode }), '');
  if (r.notes && r.notes.length > 0) out.push(...r.notes.map((n) => `- ${tr(lang, n)}`), '');
  out.push(`## ${say(lang, 'cli.report.h.per-layer')}`, '', say(lang, 'cli.report.per-layer-head'), '|---|---|---|---|');
  for (const s of r.steps) out.push(`| ${cell(tr(lang, s.title))} | ${word(lang, SCOPE, s.scope)} | ${cell(stepVerdict(s, lang))} | ${cell(code(s.lookedAt))} |`);
  out.push('');
  out.push(`## ${say(lang, 'cli.report.h.findings')}`, '');
  if (r.findings.length === 0) out.push(say(lang, 'cli.report.no-finding'), '');
  for (const f of r.findings) out.push(...findingBlock(f, lang));
  out.push(`## ${say(lang, 'cli.report.h.fixes')}`, '');
  if (r.fixes.length === 0) out.push(say(lang, 'cli.report.no-fix'), '');
  for (const f of r.fixes) out.push(...fixBlock(f, lang));
  out.push(`## ${say(lang, 'cli.report.h.undo')}`, '');
  const applied = r.fixes.filter((f) => f.status === 'applied');
  if (applied.length > 0) {
    out.push(say(lang, 'cli.report.undo-applied', { undo: code(r.undo ?? 'pktdrop undo') }), '');
  } else {
    out.push(say(lang, 'cli.report.undo-nothing'), '');
  }
  if (r.inputs) {
    out.push(`## ${say(lang, 'cli.report.h.input')}`, '', say(lang, 'cli.report.input-head'), '|---|---|---|---|---|');
    for (const s of r.inputs.recognised) {
      out.push(`| ${cell(s.file)} | ${s.startLine}–${s.endLine} | ${s.kind} | ${s.command ? cell(code(s.command)) : ''} | ${say(lang, s.mode === 'delta' ? 'cli.report.mode.delta' : 'cli.report.mode.snapshot')} |`);
    }
    out.push('');
    if (r.inputs.unrecognised.length > 0) {
      out.push(say(lang, 'cli.report.not-recognised'), '');
      for (const u of r.inputs.unrecognised) {
        const where = { file: cell(u.file), from: u.startLine, to: u.endLine, first: code(u.firstLine.slice(0, 80)) };
        out.push(`- ${u.reason ? say(lang, 'cli.report.unrecognised-why', { ...where, reason: tr(lang, u.reason) }) : say(lang, 'cli.report.unrecognised', where)}`);
      }
      out.push('');
    }
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

function probeText(p: ProbeOutcome | null): string | undefined {
  if (!p) return undefined;
  if (!p.ok) return t('cli.report.probe-failed', { reason: p.reason });
  const s = p.stats;
  return t('cli.report.probe', { sent: s.sent, host: s.host, port: s.port, received: s.received, loss: s.lossPct.toFixed(0), command: s.command });
}

const DIAGNOSE_VERDICT: Record<DiagnoseReport['verdict'], MessageKey> = {
  healthy: 'cli.report.verdict.healthy',
  fixed: 'cli.report.verdict.fixed',
  'causes-remain': 'cli.report.verdict.causes-remain',
  'loss-unexplained': 'cli.report.verdict.loss-unexplained',
  incomplete: 'cli.report.verdict.incomplete',
  proposed: 'cli.report.verdict.proposed',
  'target-lost': 'cli.report.verdict.target-lost',
};

/** A diagnose report as Markdown input. `undo` is the exact undo command for this target. */
export function markdownFromDiagnose(report: DiagnoseReport, opts: { undo: string; createdAt?: string; tool?: string }): MarkdownReport {
  const before = probeText(report.probeBefore) ?? t('cli.report.no-probe', { why: report.probePlan.why });
  const after = probeText(report.probeAfter);
  return {
    command: 'pktdrop diagnose',
    subject: report.target.label,
    ...(opts.createdAt ? { createdAt: opts.createdAt } : {}),
    ...(opts.tool ? { tool: opts.tool } : {}),
    symptom: after ? t('cli.report.symptom-after', { before, after }) : before,
    steps: report.steps,
    findings: report.findings,
    fixes: report.fixes,
    verdict: t(DIAGNOSE_VERDICT[report.verdict]),
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
    symptom: opts.symptom ?? t('cli.report.pasted', { sections: report.sections.length, unrecognised: report.unrecognised.length }),
    steps: report.steps,
    findings: report.findings,
    fixes: report.proposals.map((p): FixRecord => ({ proposal: p.fix, status: 'proposed', verified: null, message: t('cli.report.analyze-changes-nothing') })),
    verdict: errors > 0
      ? t('cli.report.verdict.causes-found', { n: errors })
      : report.findings.length > 0 ? t('cli.report.verdict.only-warnings') : t('cli.report.verdict.none-in-input'),
    exitCode: report.exitCode,
    inputs: { recognised: report.sections, unrecognised: report.unrecognised },
  };
}
