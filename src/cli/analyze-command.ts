/**
 * `pktdrop analyze [FILE...]`: judge outputs pasted from another machine, or a bundle written by
 * `pktdrop diagnose --save`. Reads files (stdin for none or `-`) and nothing else: it never runs a
 * process. Exit status: 0 nothing convicted, 1 a finding with severity error, 2 usage or unreadable input.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { analyzeTexts, type AnalyzeInput, type AnalyzeReport } from '../analyze/analyze.js';
import { analyzeBundle, looksLikeBundle, readBundle, type BundleSummary } from '../analyze/bundle.js';
import { createRedactor, learnTarget } from '../analyze/redact.js';
import { analyzeReportJson, analyzeTextLines, type AnalyzeView } from '../ui/render-analyze.js';
import { markdownFromAnalyze, renderMarkdown } from '../ui/render-markdown.js';
import { colourWanted } from '../ui/render-text.js';
import { wrapWidth } from '../ui/wrap.js';
import { say, t, type Lang } from '../i18n/index.js';
import { EXIT, fail, langOf, UsageError, VERSION, withLang, type AnalyzeOptions, type AnalyzeWiring, type CliIo, type ExitCode } from './context.js';

export type { AnalyzeOptions } from './context.js';

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
      const what = { name: name === '-' ? 'stdin' : name, message: e instanceof Error ? e.message : String(e) };
      return { ok: false, message: code ? t('cli.analyze.cannot-read-code', { ...what, code }) : t('cli.analyze.cannot-read', what) };
    }
  }
  return { ok: true, inputs };
}

function combine(text: AnalyzeReport | undefined, bundles: readonly (AnalyzeReport & { bundle: BundleSummary })[]): AnalyzeView {
  const all = [...(text ? [text] : []), ...bundles];
  const findings = all.flatMap((r) => r.findings);
  return {
    inputs: all.flatMap((r) => r.inputs),
    sections: all.flatMap((r) => r.sections),
    unrecognised: all.flatMap((r) => r.unrecognised),
    steps: all.flatMap((r) => r.steps),
    findings,
    proposals: all.flatMap((r) => r.proposals),
    // Each report's own exit (an error finding, nothing recognised, a layer read only in part), not a
    // recount of errors alone, which would turn "nothing recognised" and "partly read" into 0.
    exitCode: all.some((r) => r.exitCode === 1) || findings.some((f) => f.severity === 'error') ? 1 : 0,
    partlyRead: all.flatMap((r) => r.partlyRead ?? []),
    bundles: bundles.map((b) => b.bundle),
  };
}

/**
 * The analyze command. Never runs a process; resolves to the exit status. Unreadable input is a
 * failure (exit 2, kind "input"); with --json it is the error document.
 */
export async function runAnalyze(
  files: string[],
  opts: AnalyzeOptions,
  io: CliIo,
  readStdin: AnalyzeWiring['readStdin'] = () => readFileSync(0, 'utf8'),
): Promise<ExitCode> {
  let lang: Lang;
  try {
    lang = langOf(opts.lang, io);
  } catch (e) {
    if (e instanceof UsageError) return fail(io, { command: 'analyze', kind: 'usage', message: e.message, code: EXIT.usage, json: opts.json === true });
    throw e;
  }
  io = withLang(io, lang);
  const failure = (kind: 'input' | 'output', message: string, json = opts.json === true) => fail(io, { command: 'analyze', kind, message, code: EXIT.usage, json });
  if (files.includes('-') && io.stdinIsTty && files.length === 1) io.stderr(`pktdrop: ${say(lang, 'cli.analyze.reading-terminal')}\n`);
  const read = readInputs(files, readStdin);
  if (!read.ok) return failure('input', read.message);
  const texts: AnalyzeInput[] = [];
  const bundles: (AnalyzeReport & { bundle: BundleSummary })[] = [];
  const bundleTargets: Parameters<typeof learnTarget>[1][] = [];
  for (const input of read.inputs) {
    if (!looksLikeBundle(input.text)) {
      texts.push(input);
      continue;
    }
    const b = readBundle(input.text);
    if (!b.ok) return failure('input', t('cli.analyze.bad-bundle', { name: input.name, reason: b.reason }));
    bundleTargets.push(b.data.target);
    bundles.push(await analyzeBundle(b.data, input.name));
  }
  const report = combine(texts.length > 0 ? analyzeTexts(texts) : undefined, bundles);
  const redactor = createRedactor();
  const redact = (s: string): string => (opts.redact ? redactor.redact(s) : s);
  if (opts.redact) for (const i of read.inputs) redactor.learn(i.text);
  // A bundle names its target (container name and id, namespace) in analyze's own titles and headers.
  if (opts.redact) for (const b of bundleTargets) learnTarget(redactor, b);
  // The Markdown handoff first: under --json a failure to write it is the one document.
  let reportError: string | undefined;
  if (opts.report !== undefined) {
    try {
      writeFileSync(opts.report, redact(renderMarkdown(markdownFromAnalyze(report, { createdAt: new Date().toISOString(), tool: `pktdrop ${VERSION}` }), lang)));
    } catch (e) {
      reportError = t('cli.report.cannot-write', { file: opts.report, message: e instanceof Error ? e.message : String(e) });
      if (opts.json) return failure('output', reportError);
    }
  }
  if (opts.json) {
    io.stdout(`${redact(JSON.stringify(analyzeReportJson(report, { version: VERSION }), null, 2))}\n`);
  } else {
    const colour = opts.color && colourWanted(io.env, io.stdoutIsTty) && !opts.redact;
    // Wrapped to the terminal (at least 80 columns); whole lines into a pipe or a file.
    const width = io.stdoutIsTty && (io.stdoutColumns ?? 0) > 0 ? wrapWidth(io.stdoutColumns, true) : undefined;
    for (const l of analyzeTextLines(report, colour, opts.verbose === true, lang, width)) io.stdout(`${redact(l)}\n`);
  }
  if (reportError !== undefined) return failure('output', reportError, false);
  if (opts.report !== undefined && !opts.json) io.stderr(`pktdrop: ${say(lang, 'cli.report.written', { file: opts.report })}\n`);
  return report.exitCode;
}
