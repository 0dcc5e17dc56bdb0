/**
 * `pktdrop analyze`'s report: the text for a terminal (the walk drawn by render-text's step lines,
 * like diagnose) and the JSON document (schemaVersion 1, the same step, finding and fix shapes as
 * diagnose's report).
 */
import type { AnalyzeReport } from '../analyze/analyze.js';
import type { BundleSummary } from '../analyze/bundle.js';
import type { FixRecord } from '../core/types.js';
import { say, tr, type Lang } from '../i18n/index.js';
import { displayArgv } from '../targets/runner.js';
import { findingJson, fixJson, SCHEMA_VERSION, stepJson } from './render-json.js';
import { makeChalk, stepLines } from './render-text.js';
import { wrap } from './wrap.js';

/** What analyze judged: pasted texts and bundles together. */
export type AnalyzeView = AnalyzeReport & { readonly bundles: readonly BundleSummary[] };

/**
 * The text report, in `lang` (data, commands and ids as they are). With `width`, prose (the walk,
 * fix titles, the verdict) is wrapped to it with hanging indents; without, lines are left whole.
 */
export function analyzeTextLines(r: AnalyzeView, colour: boolean, verbose: boolean, lang: Lang = 'en', width?: number): string[] {
  const c = makeChalk(colour);
  const para = (first: string, text: string, hang: string): string[] => (width === undefined ? [`${first}${text}`] : wrap(text, width, first, hang));
  const out: string[] = [c.bold(`pktdrop analyze — ${r.inputs.join(', ')}`)];
  for (const b of r.bundles) {
    const p = { target: b.target, tool: b.tool, created: b.createdAt, commands: b.commands, ms: b.windowMs };
    out.push(`  ${say(lang, b.redacted ? 'cli.analyze.bundle-redacted' : 'cli.analyze.bundle', p)}`);
  }
  if (r.sections.length > 0 || r.unrecognised.length > 0) {
    out.push('', c.bold(say(lang, 'cli.analyze.recognised')));
    for (const s of r.sections) {
      out.push(`  ${s.file}:${s.startLine}-${s.endLine}  ${s.kind}${s.command ? c.dim(`  $ ${s.command}`) : ''}  ${c.dim(say(lang, s.mode === 'delta' ? 'cli.analyze.deltas' : 'cli.analyze.snapshot'))}`);
    }
    if (r.sections.length === 0) out.push(c.yellow(`  ${say(lang, 'cli.analyze.nothing-known')}`));
    if (r.unrecognised.length > 0) {
      out.push('', c.bold(say(lang, 'cli.analyze.not-recognised')));
      for (const u of r.unrecognised) {
        const why = u.reason ? `  ${say(lang, 'cli.analyze.looked-like', { kind: u.lookedLike ?? '', reason: tr(lang, u.reason) })}` : '';
        out.push(c.dim(`  ${u.file}:${u.startLine}-${u.endLine}${why}  ${u.firstLine.slice(0, 60)}`));
      }
    }
  }
  out.push('', c.bold(say(lang, 'cli.analyze.walk')));
  // A layer the input says nothing about is skipped; listed only with --verbose.
  out.push(...stepLines(verbose ? r.steps : r.steps.filter((s) => s.outcome.status !== 'skipped'), c, verbose, { lang, ...(width !== undefined ? { width } : {}) }));
  const skipped = r.steps.filter((s) => s.outcome.status === 'skipped').length;
  if (!verbose && skipped > 0) out.push(c.dim(`  ${say(lang, 'cli.analyze.skipped-layers', { n: skipped })}`));
  if (r.proposals.length > 0) {
    out.push('', c.bold(say(lang, 'cli.analyze.fixes')));
    for (const p of r.proposals) {
      out.push(
        ...para('  ', tr(lang, p.fix.title), '    '),
        ...p.fix.commands.map((a) => c.cyan(`      $ ${displayArgv(a)}`)),
        ...p.fix.inverse.map((a) => c.dim(`      ${say(lang, 'cli.analyze.undo', { command: displayArgv(a) })}`)),
      );
    }
  }
  const errors = r.findings.filter((f) => f.severity === 'error').length;
  const verdict = r.sections.length === 0
    ? c.red(say(lang, 'cli.analyze.nothing-judged'))
    : errors > 0
      ? c.red(say(lang, 'cli.report.verdict.causes-found', { n: errors }))
      : (r.partlyRead?.length ?? 0) > 0
        ? c.yellow(say(lang, 'cli.analyze.partly-read', { layers: (r.partlyRead ?? []).map((p) => p.layer).join(', ') }))
        : r.findings.length > 0 ? c.yellow(say(lang, 'cli.report.verdict.only-warnings')) : c.green(say(lang, 'cli.report.verdict.none-in-input'));
  out.push('', `${c.bold(say(lang, 'cli.analyze.verdict'))}  ${say(lang, 'cli.analyze.verdict-exit', { verdict, code: r.exitCode })}`);
  return out;
}

export function analyzeReportJson(r: AnalyzeView, meta: { version: string }): unknown {
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'pktdrop', version: meta.version },
    command: 'analyze',
    inputs: r.inputs,
    sections: r.sections,
    unrecognised: r.unrecognised,
    bundles: r.bundles,
    steps: r.steps.map(stepJson),
    findings: r.findings.map(findingJson),
    fixes: r.proposals.map((p) => fixJson({ proposal: p.fix, status: 'proposed', verified: null } satisfies FixRecord)),
    verdict: { exitCode: r.exitCode, errors: r.findings.filter((f) => f.severity === 'error').length },
  };
}
