/**
 * The human report: printed step by step as the engine emits events. The only module that colours
 * (chalk, disabled by NO_COLOR, a non-TTY stdout or --no-color).
 *
 * The answer first: after the walk (passing layers one line each, failing layers expanded), a summary
 * (the symptom, each cause in one line, how many fixes are proposed) and the list of proposed fixes,
 * safest first, before any question. Each command is printed once: in the list when no question
 * follows (dry run, --yes, no terminal), in its question otherwise (src/ui/prompter.ts).
 *
 * Words: the engine's and the checks' prose goes through tr() (said in the user's language when a
 * message built it), the renderer's own through say('ui.…'). Data (ids, subjects, commands, counters)
 * is never translated. Prose is wrapped to the width (src/ui/wrap.ts) with hanging indents; commands
 * are never wrapped: each stands on a line of its own.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import type { DiagnoseReport, EngineEvent, PlannedFix } from '../diagnose/run.js';
import type { StepReport } from '../core/judge.js';
import type { Evidence, Finding, FixRecord } from '../core/types.js';
import type { ProbeOutcome } from '../probe/types.js';
import type { ReasonComparison } from '../trace/drop-tracer.js';
import { displayArgv } from '../targets/runner.js';
import { say, tr, type Lang } from '../i18n/index.js';
import { displayWidth, padEnd, wrap } from './wrap.js';

export interface TextSink {
  (line: string): void;
}

export function makeChalk(enabled: boolean): ChalkInstance {
  return new Chalk({ level: enabled ? 1 : 0 });
}

export const colourWanted = (env: NodeJS.ProcessEnv, isTty: boolean): boolean =>
  isTty && env['NO_COLOR'] === undefined && env['TERM'] !== 'dumb';

/** How the text report is laid out. */
export interface TextOptions {
  readonly verbose: boolean;
  readonly lang?: Lang;
  /** Columns to wrap prose to (src/ui/wrap.ts wrapWidth: the terminal's, at least 80; 80 off a terminal). */
  readonly width?: number;
  /** Questions follow the list of fixes: each command is shown in its question, not in the list. */
  readonly asking?: boolean;
  /** Why the prompter never applies (dry run, no terminal): said once, at the end, not after each fix. */
  readonly neverApplies?: string;
}

interface Ctx {
  readonly c: ChalkInstance;
  readonly lang: Lang;
  readonly width: number;
  readonly verbose: boolean;
}

const ctxOf = (c: ChalkInstance, o: Partial<TextOptions>): Ctx => ({ c, lang: o.lang ?? 'en', width: o.width ?? 80, verbose: o.verbose === true });

/** Prose wrapped with a hanging indent, each line coloured after wrapping (so no escape code is split). */
function para(x: Ctx, first: string, text: string, hang?: string, colour: (s: string) => string = (s) => s): string[] {
  return wrap(text, x.width, first, hang ?? ' '.repeat(displayWidth(first))).map((l, i) => {
    const prefix = i === 0 ? first : (hang ?? ' '.repeat(displayWidth(first)));
    return l.startsWith(prefix) ? prefix + colour(l.slice(prefix.length)) : colour(l);
  });
}

/** A command on a line of its own, never wrapped (a copy-paste must not carry a line break into a shell). */
const commandLine = (x: Ctx, indent: string, command: string): string => x.c.cyan(`${indent}$ ${command}`);

const fmt = (n: number): string => n.toFixed(1);

function probeText(p: ProbeOutcome | null, x: Ctx): string {
  const { lang } = x;
  if (!p) return say(lang, 'ui.probe.none');
  if (!p.ok) return say(lang, 'ui.probe.failed', { reason: tr(lang, p.reason) });
  const s = p.stats;
  const rtt = s.rttMs ? say(lang, 'ui.probe.rtt', { min: fmt(s.rttMs.min), avg: fmt(s.rttMs.avg), max: fmt(s.rttMs.max) }) : '';
  const extra = [
    s.refused > 0 ? say(lang, 'ui.probe.refused', { n: s.refused }) : '',
    s.duplicates > 0 ? say(lang, 'ui.probe.duplicates', { n: s.duplicates }) : '',
  ].filter(Boolean);
  return say(lang, 'ui.probe.stats', { sent: s.sent, received: s.received, loss: s.lossPct.toFixed(0) }) + rtt + (extra.length > 0 ? say(lang, 'ui.probe.extra', { extra: extra.join(say(lang, 'ui.list-sep')) }) : '');
}

/** The probe's figures, its command on a line of its own, and why it ran as it did (notes). */
function probeLines(p: ProbeOutcome | null, x: Ctx, first: string): string[] {
  const { c } = x;
  const lossColour = p?.ok ? (p.stats.lossPct > 0 ? c.red : c.green) : p ? c.yellow : c.dim;
  const out = para(x, first, probeText(p, x), ' '.repeat(Math.min(displayWidth(first), 11)), lossColour);
  if (p?.ok) {
    out.push(commandLine(x, '    ', p.stats.command));
    for (const n of p.stats.notes) out.push(...para(x, '    ', `(${tr(x.lang, n)})`, undefined, c.dim));
  }
  return out;
}

export function evidenceLine(e: Evidence, lang: Lang = 'en'): string {
  switch (e.kind) {
    case 'counter':
      return e.probeNoise
        ? say(lang, 'ui.evidence.counter-noise', { counter: e.counter, before: e.before, after: e.after, delta: e.delta, noise: e.probeNoise, subject: e.subject, source: e.source })
        : say(lang, 'ui.evidence.counter', { counter: e.counter, before: e.before, after: e.after, delta: e.delta, subject: e.subject, source: e.source });
    case 'history':
      return say(lang, 'ui.evidence.history', { counter: e.counter, value: e.value, subject: e.subject, source: e.source });
    case 'state':
      return `${e.name}: ${e.value}  [${e.source}]`;
  }
}

/** What a finding that rests on since-boot totals is marked with, in English (the catalogue's 'ui.finding.history-mark' without its brackets). */
export const HISTORY_NOTE = say('en', 'ui.finding.history-mark').trim().slice(1, -1);

/** `QDISC_DROP 6 → 0`: one reason's drops in the first window against the verification window. */
export const reasonChangeText = (c: ReasonComparison): string => `${c.reason} ${c.before} → ${c.after}`;

/**
 * A finding: its id and title, the explanation, the evidence, and the next step. `fixNumber`: the
 * finding's fix in the list below; the step then points to it instead of repeating its command.
 */
function findingBlock(f: Finding, x: Ctx, fixNumber?: number): string[] {
  const { c, lang } = x;
  const sev = f.severity === 'error' ? c.red.bold(f.id) : f.severity === 'warning' ? c.yellow.bold(f.id) : c.bold(f.id);
  const history = f.basis === 'history';
  const title = tr(lang, f.title) + (history ? say(lang, 'ui.finding.history-mark') : '');
  const head = wrap(title, x.width, `      ${f.id}  `, '        ');
  const out = [head[0]!.replace(`      ${f.id}  `, `      ${sev}  `), ...head.slice(1)];
  out.push(...para(x, '        ', tr(lang, f.explanation)));
  if (history) out.push(...para(x, '        ', say(lang, 'ui.finding.history-hint'), undefined, c.dim));
  for (const e of f.evidence) out.push(...para(x, '        • ', evidenceLine(e, lang), '          ', c.dim));
  if (fixNumber !== undefined && !x.verbose) out.push(...para(x, `        ${c.cyan('→')} `, say(lang, 'ui.finding.see-fix', { n: fixNumber }), '          '));
  else out.push(...para(x, `        ${c.cyan('→')} `, tr(lang, f.action), '          '));
  return out;
}

/** A finding's lines, with its action (not a pointer to a fix); unwrapped unless a width is given. */
export function findingLines(f: Finding, c: ChalkInstance, lang: Lang = 'en', width = 1_000): string[] {
  return findingBlock(f, { c, lang, width, verbose: true });
}

const scopeLabel = (s: StepReport, multi: boolean, lang: Lang): string => (multi ? say(lang, s.scope === 'host' ? 'ui.scope.host-side' : 'ui.scope.target') : '');

const findingKey = (f: Finding): string => `${f.id}\u0000${f.scope}\u0000${f.subject}`;

/**
 * The walk. Verbose: every step with what it looked at and its notes (as before). Otherwise a layer
 * whose steps all pass is one line; a layer with a finding, a skipped, void or crashed step is
 * expanded, step by step.
 */
export function stepLines(steps: readonly StepReport[], c: ChalkInstance, verbose: boolean, opts: { lang?: Lang; width?: number; fixNumbers?: ReadonlyMap<string, number> } = {}): string[] {
  const x: Ctx = { c, lang: opts.lang ?? 'en', width: opts.width ?? 1_000, verbose };
  const { lang } = x;
  const out: string[] = [];
  const multi = steps.some((s) => s.scope === 'host') && steps.some((s) => s.scope === 'target');
  // Layers in walk order, numbered.
  const layers: { n: number; steps: StepReport[] }[] = [];
  for (const s of steps) {
    const last = layers.at(-1);
    if (last && last.steps[0]?.layer === s.layer) last.steps.push(s);
    else layers.push({ n: layers.length + 1, steps: [s] });
  }
  for (const layer of layers) {
    const num = `${String(layer.n).padStart(2)}.`;
    const allPass = layer.steps.every((s) => s.outcome.status === 'pass');
    if (allPass && !verbose) {
      const first = layer.steps[0]!;
      const scopes = multi ? say(lang, 'ui.walk.scopes', { scopes: layer.steps.map((s) => say(lang, s.scope === 'host' ? 'ui.scope.host-side-bare' : 'ui.scope.target-bare')).join(say(lang, 'ui.list-sep')) }) : '';
      out.push(...para(x, `${c.green('✔')} ${num} `, tr(lang, first.title) + scopes, '      '));
      continue;
    }
    for (const s of layer.steps) {
      const head = `${tr(lang, s.title)}${scopeLabel(s, multi, lang)}`;
      const looked = c.dim(`$ ${s.lookedAt}`);
      const o = s.outcome;
      switch (o.status) {
        case 'pass':
          out.push(...para(x, `${c.green('✔')} ${num} `, head, '      '));
          if (verbose) out.push(`      ${looked}`);
          for (const note of verbose ? o.notes : o.notes.slice(-1)) out.push(...para(x, '      ', tr(lang, note), '        ', c.dim));
          break;
        case 'skipped':
          out.push(...para(x, `${c.yellow('○')} ${num} `, head, '      '));
          out.push(...para(x, '      ', say(lang, 'ui.walk.skipped', { reason: tr(lang, o.reason) }), '        ', c.yellow));
          break;
        case 'void':
          out.push(...para(x, `${c.red('∅')} ${num} `, head, '      '));
          out.push(...para(x, '      ', tr(lang, o.reason), '        ', c.red));
          break;
        case 'crashed':
          out.push(...para(x, `${c.red('!')} ${num} `, head, '      '));
          out.push(...para(x, '      ', say(lang, 'ui.walk.crashed', { error: o.error }), '        ', c.red));
          break;
        case 'findings':
          out.push(...para(x, `${o.findings.some((f) => f.severity === 'error') ? c.red('✘') : c.yellow('▲')} ${num} `, head, '      '));
          if (verbose) out.push(`      ${looked}`);
          for (const f of o.findings) out.push(...findingBlock(f, x, opts.fixNumbers?.get(findingKey(f))));
          if (verbose) for (const note of o.notes) out.push(...para(x, '      ', tr(lang, note), '        ', c.dim));
          break;
      }
    }
  }
  return out;
}

/** A few words of evidence for a cause's summary line: its largest counter rise, or its since-boot total. */
function evidenceInBrief(f: Finding, lang: Lang): string {
  const counters = f.evidence.filter((e): e is Extract<Evidence, { kind: 'counter' }> => e.kind === 'counter' && e.delta > 0);
  const top = [...counters].sort((a, b) => b.delta - a.delta)[0];
  if (top) return say(lang, 'ui.summary.rise', { counter: top.counter, delta: top.delta });
  const h = f.evidence.find((e): e is Extract<Evidence, { kind: 'history' }> => e.kind === 'history');
  if (h) return say(lang, 'ui.summary.since-boot', { counter: h.counter, value: h.value });
  return '';
}

/** Each cause in one line: its layer (and the host's side), what it is, its evidence in a few words. */
function causeLines(x: Ctx, findings: readonly Finding[]): string[] {
  const { c, lang } = x;
  const layerOf = (f: Finding): string => f.layer + (f.scope === 'host' ? say(lang, 'ui.summary.host') : '');
  const layerWidth = Math.max(0, ...findings.map((f) => displayWidth(layerOf(f))));
  return findings.flatMap((f) => {
    const mark = f.severity === 'error' ? c.red('✘') : c.yellow('▲');
    const brief = evidenceInBrief(f, lang);
    const text = tr(lang, f.title) + (brief ? say(lang, 'ui.summary.brief', { brief }) : '') + (f.role === 'symptom' ? say(lang, 'ui.summary.symptom-mark') : '');
    return para(x, `  ${mark} ${padEnd(layerOf(f), layerWidth)}  `, text, ' '.repeat(4 + layerWidth + 2));
  });
}

/** The answer first: the symptom, each cause in one line, the count of fixes. */
function answerLines(x: Ctx, probe: ProbeOutcome | null, probeWhy: string | undefined, findings: readonly Finding[], steps: readonly StepReport[], plans: readonly PlannedFix[]): string[] {
  const { c, lang } = x;
  const out = ['', c.bold(say(lang, 'ui.summary.heading'))];
  const label = padEnd(say(lang, 'ui.summary.symptom'), 9);
  if (probe === null && probeWhy !== undefined) out.push(...para(x, `  ${label}`, say(lang, 'ui.summary.no-probe', { why: tr(lang, probeWhy) }), '           ', c.dim));
  else out.push(...probeLines(probe, x, `  ${label}`));
  const shown = findings.filter((f) => f.severity !== 'info');
  const causes = [...shown.filter((f) => f.role !== 'symptom'), ...shown.filter((f) => f.role === 'symptom')];
  // Beside convicted causes, warnings (host-wide noise on a busy host, a suspicious setting) are one line, detailed above.
  const convicted = causes.some((f) => f.severity === 'error' && f.role !== 'symptom');
  const warnings = convicted ? causes.filter((f) => f.severity === 'warning') : [];
  out.push(...causeLines(x, causes.filter((f) => !warnings.includes(f))));
  if (warnings.length > 0) {
    const layers = [...new Set(warnings.map((f) => f.layer + (f.scope === 'host' ? say(lang, 'ui.summary.host') : '')))].join(say(lang, 'ui.list-sep'));
    out.push(...para(x, `  ${c.yellow('▲')} `, say(lang, warnings.length === 1 ? 'ui.summary.warnings-one' : 'ui.summary.warnings', { n: warnings.length, layers }), '    '));
  }
  const unread = steps.filter((s) => s.outcome.status === 'skipped' || s.outcome.status === 'crashed' || s.outcome.status === 'void').length;
  if (causes.length === 0) out.push(`  ${c.green(say(lang, 'ui.summary.no-cause'))}`);
  if (unread > 0) out.push(...para(x, '  ', say(lang, unread === 1 ? 'ui.summary.unread-one' : 'ui.summary.unread', { n: unread }), '    ', c.yellow));
  if (plans.length > 0) out.push(`  ${c.bold(say(lang, plans.length === 1 ? 'ui.summary.fixes-one' : 'ui.summary.fixes', { n: plans.length }))}`);
  else if (causes.some((f) => f.role !== 'symptom' && f.severity === 'error')) out.push(`  ${say(lang, 'ui.summary.no-fix')}`);
  return out;
}

const riskWord = (lang: Lang, risk: 'safe' | 'disruptive'): string => say(lang, risk === 'safe' ? 'ui.risk.safe' : 'ui.risk.disruptive');

/** The proposed fixes, in the order they are asked; with their commands when no question follows. */
function fixListLines(x: Ctx, plans: readonly PlannedFix[], asking: boolean): string[] {
  const { c, lang } = x;
  if (plans.length === 0) return [];
  const out = ['', c.bold(say(lang, 'ui.fixes.heading'))];
  const numWidth = String(plans.length).length;
  plans.forEach((p, i) => {
    const risk = riskWord(lang, p.fix.risk);
    const tag = p.fix.risk === 'disruptive' ? c.yellow(`[${risk}]`) : c.green(`[${risk}]`);
    const first = `  ${String(i + 1).padStart(numWidth)}. ${tag} `;
    out.push(...para(x, first, tr(lang, p.fix.title), ' '.repeat(4 + numWidth + 1)));
    if (!asking) for (const a of p.fix.commands) out.push(commandLine(x, ' '.repeat(5 + numWidth), displayArgv(a)));
  });
  return out;
}

/** One line per decided fix, as it is decided. Proposals and fixes never asked say nothing here (the list and the end do). */
function fixResultLines(r: FixRecord, x: Ctx, neverApplies: string | undefined): string[] {
  const { c, lang } = x;
  const title = tr(lang, r.proposal.title);
  const msg = r.message ? tr(lang, r.message) : undefined;
  switch (r.status) {
    case 'applied':
      return para(x, `  ${c.green('✔')} ${c.green(say(lang, 'ui.fix.applied'))}  `, title, '      ');
    case 'skipped':
      return para(x, `  ${c.dim('–')} ${c.dim(say(lang, 'ui.fix.skipped'))}  `, title, '      ');
    case 'failed':
      return para(x, `  ${c.red('✘')} ${c.red(say(lang, 'ui.fix.failed'))}  `, msg ? say(lang, 'ui.fix.with-why', { title, why: msg }) : title, '      ');
    case 'rolled-back':
      return para(x, `  ${c.red('↺')} ${c.red(say(lang, 'ui.fix.rolled-back'))}  `, title, '      ');
    case 'proposed':
      return r.message && r.message !== neverApplies ? para(x, `  ${c.yellow('○')} ${c.yellow(say(lang, 'ui.fix.not-applied'))}  `, say(lang, 'ui.fix.with-why', { title, why: msg ?? '' }), '      ') : [];
    case 'not-asked':
      return [];
  }
}

/** A renderer that prints the run as it happens. */
export function textRenderer(print: TextSink, c: ChalkInstance, opts: TextOptions): (e: EngineEvent) => void {
  const x = ctxOf(c, opts);
  const { lang } = x;
  let symptom: ProbeOutcome | null = null;
  let probeWhy: string | undefined;
  /** Fix ids in the order they were decided (the order of the questions): the verification follows it. */
  const decided: string[] = [];
  /** Whether a result line was printed since the last list of fixes (a blank line separates them when no question does). */
  let resultsStarted = false;
  const out = (lines: readonly string[]) => {
    for (const l of lines) print(l);
  };
  return (e) => {
    switch (e.type) {
      case 'resolved':
        print(c.bold(`pktdrop diagnose — ${e.target.label}`));
        out(para(x, '  ', tr(lang, e.access), '    ', c.dim));
        if (opts.verbose) for (const n of e.target.notes) out(para(x, '  ', tr(lang, n), '    ', c.dim));
        out(para(x, '  ', say(lang, 'ui.header.probe', { why: tr(lang, e.probe.why) }), '    '));
        probeWhy = e.probe.host === undefined ? e.probe.why : undefined;
        break;
      case 'symptom':
        symptom = e.probe;
        if (opts.verbose && e.probe) out(['', ...probeLines(e.probe, x, `${c.bold(say(lang, 'ui.symptom.heading'))}  `)]);
        break;
      case 'walk': {
        const plans = e.plans ?? [];
        const fixNumbers = new Map(plans.map((p, i) => [findingKey(p.finding), i + 1] as const));
        if (e.path && e.path.length > 0) {
          out(['', c.bold(say(lang, 'ui.walk.path-heading'))]);
          for (const f of e.path) out(findingBlock(f, x, fixNumbers.get(findingKey(f))));
        }
        out(['', c.bold(say(lang, 'ui.walk.heading'))]);
        out(stepLines(e.steps, c, x.verbose, { lang, width: x.width, fixNumbers }));
        if (e.dropTrace) {
          out(['', `${c.bold(say(lang, 'ui.trace.heading'))} ${c.dim(say(lang, 'ui.trace.window'))}`]);
          if (!e.dropTrace.ok) out(para(x, '  ', say(lang, 'ui.walk.skipped', { reason: tr(lang, e.dropTrace.reason ?? '') }), '    ', c.yellow));
          // The first note is the window's total; the rest (each reason, where it was dropped) are details for --verbose.
          const notes = e.dropTrace.notes ?? [];
          for (const n of x.verbose ? notes : notes.slice(0, 1)) out(para(x, '  ', tr(lang, n), '    '));
          if (!x.verbose && notes.length > 1) out(para(x, '  ', say(lang, 'ui.trace.more', { n: notes.length - 1 }), '    ', c.dim));
          for (const f of e.dropTrace.findings ?? []) out(findingBlock(f, x, fixNumbers.get(findingKey(f))));
        }
        const findings = [...(e.path ?? []), ...e.steps.flatMap((s) => (s.outcome.status === 'findings' ? s.outcome.findings : [])), ...(e.dropTrace?.findings ?? [])];
        out(answerLines(x, symptom, probeWhy, findings, e.steps, plans));
        out(fixListLines(x, plans, opts.asking === true));
        resultsStarted = false;
        break;
      }
      case 'fix': {
        decided.push(e.record.proposal.id);
        const lines = fixResultLines(e.record, x, opts.neverApplies);
        if (lines.length > 0 && !resultsStarted && opts.asking !== true) out(['']);
        if (lines.length > 0) resultsStarted = true;
        out(lines);
        break;
      }
      case 'quit':
        out(['', c.yellow(say(lang, e.notApplied === 1 ? 'ui.quit.one' : 'ui.quit', { n: e.notApplied }))]);
        break;
      case 'round': {
        out(['', ...para(x, `${c.bold(say(lang, 'ui.round.heading', { round: e.round }))}  `, say(lang, 'ui.round.new-causes', { n: e.findings.length }), '  ')]);
        // The causes were shown in full by the verification above: one line each here.
        out(x.verbose ? e.findings.flatMap((f) => findingBlock(f, x)) : causeLines(x, e.findings));
        out(fixListLines(x, e.plans ?? [], opts.asking === true));
        resultsStarted = false;
        break;
      }
      case 'verified': {
        const heading = c.bold(e.round > 1 ? say(lang, 'ui.verify.heading-round', { round: e.round }) : say(lang, 'ui.verify.heading'));
        out(['', ...probeLines(e.probe, x, `${heading}  `)]);
        // Every finding of the fresh window, with the evidence it rests on.
        for (const f of e.findings.filter((y) => y.severity !== 'info')) out(findingBlock(f, x));
        const rank = (id: string): number => (decided.includes(id) ? decided.indexOf(id) : decided.length);
        for (const r of e.fixes.filter((f) => f.status === 'applied').sort((a, b) => rank(a.proposal.id) - rank(b.proposal.id))) {
          out(para(x, `  ${r.verified ? c.green('✔') : c.red('✘')} `, say(lang, r.verified ? 'ui.verify.gone' : 'ui.verify.still', { title: tr(lang, r.proposal.title) }), '    '));
        }
        const changes = e.dropTrace?.ok ? (e.dropTrace.summary?.comparedWithFirstWindow ?? []) : [];
        if (changes.length > 0) out(para(x, '  ', say(lang, 'ui.verify.reasons', { changes: changes.map(reasonChangeText).join('; ') }), '    '));
        break;
      }
      case 'confirm':
        out(['', ...para(x, '', confirmText(lang, Math.round(e.timeoutMs / 1000)), '', c.yellow)]);
        break;
      case 'reverted':
        out(para(x, '', say(lang, 'ui.reverted', { reason: tr(lang, e.reason) }), '  ', c.yellow));
        for (const r of e.fixes) out(para(x, `  [${statusWord(lang, r.status)}] `, tr(lang, r.proposal.title) + (r.message ? ` — ${tr(lang, r.message)}` : ''), '    '));
        break;
      case 'phase':
      case 'phase-done':
        break;
    }
  };
}

/** The confirm-or-revert line, with the seconds left (the countdown rewrites it each second on a terminal). */
export const confirmText = (lang: Lang, seconds: number): string => say(lang, 'ui.confirm', { s: seconds });

const statusWord = (lang: Lang, s: FixRecord['status']): string =>
  say(lang, ({ proposed: 'ui.status.proposed', applied: 'ui.status.applied', skipped: 'ui.status.skipped', 'not-asked': 'ui.status.not-asked', failed: 'ui.status.failed', 'rolled-back': 'ui.status.rolled-back' } as const)[s]);

const LEFT_KEY = {
  proposed: 'ui.end.left.proposed',
  applied: 'ui.end.left.applied',
  skipped: 'ui.end.left.skipped',
  'not-asked': 'ui.end.left.not-asked',
  failed: 'ui.end.left.failed',
  'rolled-back': 'ui.end.left.rolled-back',
} as const satisfies Record<FixRecord['status'], string>;

const VERDICT_KEY = {
  healthy: 'ui.verdict.healthy',
  fixed: 'ui.verdict.fixed',
  'causes-remain': 'ui.verdict.causes-remain',
  'loss-unexplained': 'ui.verdict.loss-unexplained',
  incomplete: 'ui.verdict.incomplete',
  proposed: 'ui.verdict.proposed',
  'target-lost': 'ui.verdict.target-lost',
} as const satisfies Record<DiagnoseReport['verdict'], string>;

/** The end of the report: the loss before and after, the verdict, what is left and how to undo. */
export function summaryLines(report: DiagnoseReport, c: ChalkInstance, opts: { rerun: string; undo: string; lang?: Lang; width?: number }): string[] {
  const x = ctxOf(c, { lang: opts.lang ?? 'en', width: opts.width ?? 1_000 });
  const { lang } = x;
  const out: string[] = [''];
  const before = report.probeBefore?.ok ? report.probeBefore.stats.lossPct : undefined;
  const after = report.probeAfter?.ok ? report.probeAfter.stats.lossPct : undefined;
  if (before !== undefined && after !== undefined) out.push(`${c.bold(say(lang, 'ui.end.loss'))}  ${before.toFixed(0)}% → ${after.toFixed(0)}%`);
  const text = say(lang, VERDICT_KEY[report.verdict]);
  const verdictHead = `${c.bold(say(lang, 'ui.end.verdict'))}  `;
  out.push(...para(x, verdictHead, say(lang, 'ui.end.verdict-text', { text, code: report.exitCode }), '  ', report.exitCode === 0 ? c.green : c.red));
  if (report.lost) out.push(...para(x, '  ', tr(lang, report.lost.message), '    ', c.red));
  if (report.verdict === 'healthy' && report.probeBefore === null) {
    out.push(...para(x, '  ', say(lang, 'ui.end.no-probe', { ms: report.windowMs }), '    ', c.dim));
  }
  const proposed = report.fixes.filter((f) => f.status === 'proposed');
  if (proposed.length > 0) {
    const why = proposed[0]?.message ? tr(lang, proposed[0].message) : undefined;
    out.push(...para(x, '  ', why ? say(lang, 'ui.end.proposed-why', { why }) : say(lang, 'ui.end.proposed'), '    '));
    out.push(commandLine(x, '    ', opts.rerun));
  }
  const notAsked = report.fixes.filter((f) => f.status === 'not-asked');
  if (notAsked.length > 0) {
    const why = notAsked[0]?.message ? tr(lang, notAsked[0].message) : say(lang, 'ui.status.not-asked');
    out.push(...para(x, '  ', say(lang, notAsked.length === 1 ? 'ui.end.not-asked-one' : 'ui.end.not-asked', { n: notAsked.length, why }), '    ', c.yellow));
  }
  if (report.journal && report.fixes.some((f) => f.status === 'applied')) {
    out.push(...para(x, '  ', say(lang, 'ui.end.journal', { journal: report.journal }), '    ', c.dim));
    out.push(commandLine(x, '    ', opts.undo));
  }
  // What is left: a cause with a fix says what became of the fix (its command was shown once, above); others say what to do.
  for (const f of report.remaining) {
    const fix = [...report.fixes].reverse().find((r) => r.proposal.findingId === f.id && r.proposal.subject === f.subject);
    const key = !fix ? 'ui.end.left.action' : fix.status === 'applied' && fix.verified !== false ? 'ui.end.left.applied-unverified' : LEFT_KEY[fix.status];
    const text = say(lang, key, { id: f.id, subject: f.subject, action: tr(lang, f.action) });
    out.push(...para(x, `  ${c.red('•')} `, text, '    '));
  }
  for (const e of report.explainedSymptoms) out.push(...para(x, '  ', say(lang, 'ui.end.symptom-not-counted', { why: tr(lang, e.why) }), '    ', c.dim));
  if (report.rounds.length > 1) {
    const stopped = report.rounds.at(-1)?.stopped;
    out.push(...para(x, '  ', stopped ? say(lang, 'ui.end.rounds-stopped', { n: report.rounds.length, stopped: tr(lang, stopped) }) : say(lang, 'ui.end.rounds', { n: report.rounds.length }), '    ', c.dim));
  }
  return out;
}
