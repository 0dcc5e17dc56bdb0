/**
 * `pktdrop analyze [FILE...]`: judge outputs pasted from another machine, or a bundle written by
 * `pktdrop diagnose --save`. Reads files (stdin for none or `-`) and nothing else: it never runs a
 * process. Exit status: 0 nothing convicted, 1 a finding with severity error, 2 usage or unreadable input.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { analyzeTexts, type AnalyzeInput, type AnalyzeReport } from '../analyze/analyze.js';
import { analyzeBundle, looksLikeBundle, readBundle, type BundleSummary } from '../analyze/bundle.js';
import { createRedactor } from '../analyze/redact.js';
import type { StepReport } from '../core/judge.js';
import type { FixRecord } from '../core/types.js';
import { displayArgv } from '../targets/runner.js';
import { findingJson, fixJson, stepJson } from '../ui/render-json.js';
import { markdownFromAnalyze, renderMarkdown } from '../ui/render-markdown.js';
import { colourWanted, findingLines, makeChalk } from '../ui/render-text.js';
import { EXIT, VERSION, type CliIo } from './main.js';

export interface AnalyzeOptions {
  json?: boolean;
  report?: string;
  redact?: boolean;
  color: boolean;
  verbose?: boolean;
}

/** Read every input; the first unreadable one is a usage error. stdin is read once, from fd 0. */
function readInputs(files: readonly string[], readStdin: () => string): { ok: true; inputs: AnalyzeInput[] } | { ok: false; message: string } {
  const names = files.length === 0 ? ['-'] : files;
  const inputs: AnalyzeInput[] = [];
  let stdin: string | undefined;
  for (const name of names) {
    try {
      if (name === '-') {
        stdin ??= readStdin();
        inputs.push({ name: 'stdin', text: stdin });
      } else {
        inputs.push({ name, text: readFileSync(name, 'utf8') });
      }
    } catch (e) {
      const code = typeof e === 'object' && e !== null && 'code' in e ? String(e.code) : '';
      return { ok: false, message: `cannot read ${name === '-' ? 'stdin' : name}${code ? ` (${code})` : ''}: ${e instanceof Error ? e.message : String(e)}` };
    }
  }
  return { ok: true, inputs };
}

type Combined = AnalyzeReport & { readonly bundles: readonly BundleSummary[] };

function combine(text: AnalyzeReport | undefined, bundles: readonly (AnalyzeReport & { bundle: BundleSummary })[]): Combined {
  const all = [...(text ? [text] : []), ...bundles];
  const findings = all.flatMap((r) => r.findings);
  return {
    inputs: all.flatMap((r) => r.inputs),
    sections: all.flatMap((r) => r.sections),
    unrecognised: all.flatMap((r) => r.unrecognised),
    steps: all.flatMap((r) => r.steps),
    findings,
    proposals: all.flatMap((r) => r.proposals),
    exitCode: findings.some((f) => f.severity === 'error') ? 1 : 0,
    bundles: bundles.map((b) => b.bundle),
  };
}

function textLines(r: Combined, colour: boolean, verbose: boolean): string[] {
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
  const shown: StepReport[] = verbose ? [...r.steps] : r.steps.filter((s) => s.outcome.status !== 'skipped');
  for (const s of shown) {
    const o = s.outcome;
    const head = `${s.title}  ${c.dim(s.lookedAt)}`;
    if (o.status === 'pass') out.push(`${c.green('✔')} ${head}`, ...(verbose ? o.notes : o.notes.slice(-1)).map((n) => c.dim(`      ${n}`)));
    else if (o.status === 'skipped') out.push(`${c.yellow('○')} ${s.title}  ${c.yellow(`skipped: ${o.reason}`)}`);
    else if (o.status === 'crashed') out.push(`${c.red('!')} ${head}  ${c.red(`check crashed: ${o.error}`)}`);
    else {
      out.push(`${o.findings.some((f) => f.severity === 'error') ? c.red('✘') : c.yellow('▲')} ${head}`);
      for (const f of o.findings) out.push(...findingLines(f, c));
      if (verbose) out.push(...o.notes.map((n) => c.dim(`      ${n}`)));
    }
  }
  const skipped = r.steps.filter((s) => s.outcome.status === 'skipped').length;
  if (!verbose && skipped > 0) out.push(c.dim(`  (${skipped} layer(s) not in the input; --verbose lists them)`));
  if (r.proposals.length > 0) {
    out.push('', c.bold('Fixes to run on that machine'));
    for (const p of r.proposals) out.push(`  ${p.fix.title}`, ...p.fix.commands.map((a) => c.cyan(`      $ ${displayArgv(a)}`)), ...p.fix.inverse.map((a) => c.dim(`      undo: ${displayArgv(a)}`)));
  }
  const errors = r.findings.filter((f) => f.severity === 'error').length;
  const verdict = errors > 0 ? c.red(`${errors} cause(s) of packet loss found`) : r.findings.length > 0 ? c.yellow('only history or warnings: nothing convicted') : c.green('no cause of packet loss found in the input');
  out.push('', `${c.bold('Verdict')}  ${verdict} (exit ${r.exitCode})`);
  return out;
}

function reportJson(r: Combined): unknown {
  return {
    schemaVersion: 1,
    tool: { name: 'pktdrop', version: VERSION },
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

/** The analyze command. Never runs a process; resolves to the exit status. */
export async function runAnalyze(
  files: string[],
  opts: AnalyzeOptions,
  io: CliIo,
  readStdin: () => string = () => readFileSync(0, 'utf8'),
): Promise<number> {
  if (files.includes('-') && io.stdinIsTty && files.length === 1) io.stderr('pktdrop: reading outputs from the terminal; end with Ctrl-D\n');
  const read = readInputs(files, readStdin);
  if (!read.ok) {
    io.stderr(`pktdrop: ${read.message}\n`);
    return EXIT.usage;
  }
  const texts: AnalyzeInput[] = [];
  const bundles: (AnalyzeReport & { bundle: BundleSummary })[] = [];
  for (const input of read.inputs) {
    if (!looksLikeBundle(input.text)) {
      texts.push(input);
      continue;
    }
    const b = readBundle(input.text);
    if (!b.ok) {
      io.stderr(`pktdrop: ${input.name} is not a usable bundle: ${b.reason}\n`);
      return EXIT.usage;
    }
    bundles.push(await analyzeBundle(b.data, input.name));
  }
  const report = combine(texts.length > 0 ? analyzeTexts(texts) : undefined, bundles);
  const redactor = createRedactor();
  const redact = (s: string): string => (opts.redact ? redactor.redact(s) : s);
  if (opts.redact) for (const i of read.inputs) redactor.learn(i.text);
  if (opts.json) {
    io.stdout(`${redact(JSON.stringify(reportJson(report), null, 2))}\n`);
  } else {
    const colour = opts.color && colourWanted(io.env, io.stdoutIsTty) && !opts.redact;
    for (const l of textLines(report, colour, opts.verbose === true)) io.stdout(`${redact(l)}\n`);
  }
  if (opts.report !== undefined) {
    try {
      writeFileSync(opts.report, redact(renderMarkdown(markdownFromAnalyze(report, { createdAt: new Date().toISOString(), tool: `pktdrop ${VERSION}` }))));
    } catch (e) {
      io.stderr(`pktdrop: cannot write the report to ${opts.report}: ${e instanceof Error ? e.message : String(e)}\n`);
      return EXIT.usage;
    }
    if (!opts.json) io.stderr(`pktdrop: Markdown report written to ${opts.report}\n`);
  }
  return report.exitCode;
}
