/**
 * `pktdrop analyze`'s report: the text for a terminal (the walk drawn by render-text's step lines,
 * like diagnose) and the JSON document (schemaVersion 1, the same step, finding and fix shapes as
 * diagnose's report).
 */
import type { AnalyzeReport } from '../analyze/analyze.js';
import type { BundleSummary } from '../analyze/bundle.js';
import type { FixRecord } from '../core/types.js';
import { displayArgv } from '../targets/runner.js';
import { findingJson, fixJson, SCHEMA_VERSION, stepJson } from './render-json.js';
import { makeChalk, stepLines } from './render-text.js';

/** What analyze judged: pasted texts and bundles together. */
export type AnalyzeView = AnalyzeReport & { readonly bundles: readonly BundleSummary[] };

export function analyzeTextLines(r: AnalyzeView, colour: boolean, verbose: boolean): string[] {
  const c = makeChalk(colour);
  const out: string[] = [c.bold(`pktdrop analyze — ${r.inputs.join(', ')}`)];
  for (const b of r.bundles) out.push(`  bundle from ${b.target}, ${b.tool}, ${b.createdAt}: ${b.commands} command outputs, window ${b.windowMs} ms${b.redacted ? ' (redacted)' : ''}`);
  if (r.sections.length > 0 || r.unrecognised.length > 0) {
    out.push('', c.bold('Recognised'));
    for (const s of r.sections) out.push(`  ${s.file}:${s.startLine}-${s.endLine}  ${s.kind}${s.command ? c.dim(`  $ ${s.command}`) : ''}  ${c.dim(s.mode === 'delta' ? '(deltas)' : '(one snapshot: totals)')}`);
    if (r.sections.length === 0) out.push(c.yellow('  nothing: no known command output in the input'));
    if (r.unrecognised.length > 0) {
      out.push('', c.bold('Not recognised'));
      for (const u of r.unrecognised) out.push(c.dim(`  ${u.file}:${u.startLine}-${u.endLine}${u.reason ? `  looked like ${u.lookedLike}, but ${u.reason}` : ''}  ${u.firstLine.slice(0, 60)}`));
    }
  }
  out.push('', c.bold('The walk, bottom-up'));
  // A layer the input says nothing about is skipped; listed only with --verbose.
  out.push(...stepLines(verbose ? r.steps : r.steps.filter((s) => s.outcome.status !== 'skipped'), c, verbose));
  const skipped = r.steps.filter((s) => s.outcome.status === 'skipped').length;
  if (!verbose && skipped > 0) out.push(c.dim(`  (${skipped} layer(s) not in the input; --verbose lists them)`));
  if (r.proposals.length > 0) {
    out.push('', c.bold('Fixes to run on that machine'));
    for (const p of r.proposals) out.push(`  ${p.fix.title}`, ...p.fix.commands.map((a) => c.cyan(`      $ ${displayArgv(a)}`)), ...p.fix.inverse.map((a) => c.dim(`      undo: ${displayArgv(a)}`)));
  }
  const errors = r.findings.filter((f) => f.severity === 'error').length;
  const verdict = r.sections.length === 0
    ? c.red('nothing recognised: the input holds no command output pktdrop knows, so nothing was judged')
    : errors > 0 ? c.red(`${errors} cause(s) of packet loss found`) : r.findings.length > 0 ? c.yellow('only history or warnings: nothing convicted') : c.green('no cause of packet loss found in the input');
  out.push('', `${c.bold('Verdict')}  ${verdict} (exit ${r.exitCode})`);
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
