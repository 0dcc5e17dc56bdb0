/**
 * The human report: printed step by step as the engine emits events. The only module that colours
 * (chalk, disabled by NO_COLOR, a non-TTY stdout or --no-color).
 */
import { Chalk, type ChalkInstance } from 'chalk';
import type { DiagnoseReport, EngineEvent } from '../diagnose/run.js';
import type { StepReport } from '../core/judge.js';
import type { Evidence, Finding, FixRecord } from '../core/types.js';
import type { ProbeOutcome } from '../probe/types.js';
import type { ReasonComparison } from '../trace/drop-tracer.js';
import { displayArgv } from '../targets/runner.js';

export interface TextSink {
  (line: string): void;
}

export function makeChalk(enabled: boolean): ChalkInstance {
  return new Chalk({ level: enabled ? 1 : 0 });
}

export const colourWanted = (env: NodeJS.ProcessEnv, isTty: boolean): boolean =>
  isTty && env['NO_COLOR'] === undefined && env['TERM'] !== 'dumb';

function probeLine(p: ProbeOutcome | null, c: ChalkInstance): string {
  if (!p) return c.dim('no probe');
  if (!p.ok) return c.yellow(`probe failed: ${p.reason}`);
  const s = p.stats;
  const rtt = s.rttMs ? `, rtt min/avg/max ${s.rttMs.min.toFixed(1)}/${s.rttMs.avg.toFixed(1)}/${s.rttMs.max.toFixed(1)} ms` : '';
  const loss = `${s.lossPct.toFixed(0)}% loss`;
  const lossText = s.lossPct > 0 ? c.red(loss) : c.green(loss);
  const extra = [s.refused > 0 ? `${s.refused} refused (port closed)` : '', s.duplicates > 0 ? `${s.duplicates} duplicate replies` : ''].filter(Boolean).join(', ');
  const why = s.notes.length > 0 ? c.dim(`\n  (${s.notes.join('; ')})`) : '';
  return `${s.sent} sent, ${s.received} received, ${lossText}${rtt}${extra ? `; ${extra}` : ''} ${c.dim(`[${s.command}]`)}${why}`;
}

export function evidenceLine(e: Evidence): string {
  switch (e.kind) {
    case 'counter':
      return `${e.counter} ${e.before} → ${e.after} (+${e.delta}${e.probeNoise ? `, after subtracting ${e.probeNoise} from pktdrop's own probes` : ''})  ${e.subject}  [${e.source}]`;
    case 'history':
      return `${e.counter} ${e.value} since boot (history)  ${e.subject}  [${e.source}]`;
    case 'state':
      return `${e.name}: ${e.value}  [${e.source}]`;
  }
}

const scopeLabel = (s: StepReport, multi: boolean): string => (multi ? (s.scope === 'host' ? ' (host side)' : ' (target)') : '');

export function stepLines(steps: readonly StepReport[], c: ChalkInstance, verbose: boolean): string[] {
  const out: string[] = [];
  const multi = steps.some((s) => s.scope === 'host') && steps.some((s) => s.scope === 'target');
  let n = 0;
  let lastLayer = '';
  for (const s of steps) {
    if (s.layer !== lastLayer) {
      n += 1;
      lastLayer = s.layer;
    }
    const head = `${String(n).padStart(2)}. ${s.title}${scopeLabel(s, multi)}`;
    const o = s.outcome;
    switch (o.status) {
      case 'pass':
        out.push(`${c.green('✔')} ${head}  ${c.dim(`$ ${s.lookedAt}`)}`);
        for (const note of verbose ? o.notes : o.notes.slice(-1)) out.push(c.dim(`      ${note}`));
        break;
      case 'skipped':
        out.push(`${c.yellow('○')} ${head}  ${c.yellow(`skipped: ${o.reason}`)}`);
        break;
      case 'void':
        out.push(`${c.red('∅')} ${head}  ${c.red(o.reason)}`);
        break;
      case 'crashed':
        out.push(`${c.red('!')} ${head}  ${c.red(`check crashed: ${o.error}`)}`);
        break;
      case 'findings':
        out.push(`${o.findings.some((f) => f.severity === 'error') ? c.red('✘') : c.yellow('▲')} ${head}  ${c.dim(`$ ${s.lookedAt}`)}`);
        for (const f of o.findings) out.push(...findingLines(f, c));
        if (verbose) for (const note of o.notes) out.push(c.dim(`      ${note}`));
        break;
    }
  }
  return out;
}

/** What a finding that rests on since-boot totals is marked with. */
export const HISTORY_NOTE = 'since boot; cannot tell if still rising';

/** `QDISC_DROP 6 → 0`: one reason's drops in the first window against the verification window. */
export const reasonChangeText = (c: ReasonComparison): string => `${c.reason} ${c.before} → ${c.after}`;

export function findingLines(f: Finding, c: ChalkInstance): string[] {
  const sev = f.severity === 'error' ? c.red.bold(f.id) : f.severity === 'warning' ? c.yellow.bold(f.id) : c.bold(f.id);
  const history = f.basis === 'history';
  return [
    `      ${sev}  ${f.title}${history ? ` (${HISTORY_NOTE})` : ''}`,
    `        ${f.explanation}`,
    ...(history ? [c.dim('        These are totals: take the same reading twice, a few seconds apart, to see whether it is still happening.')] : []),
    ...f.evidence.map((e) => c.dim(`        • ${evidenceLine(e)}`)),
    `        ${c.cyan('→')} ${f.action}`,
  ];
}

function fixLine(r: FixRecord, c: ChalkInstance): string[] {
  const status = {
    proposed: c.yellow('proposed'),
    applied: c.green('applied'),
    skipped: c.dim('skipped'),
    failed: c.red('failed'),
    'rolled-back': c.red('rolled back'),
  }[r.status];
  const verified = r.verified === true ? c.green(' ✔ verified') : r.verified === false ? c.red(' ✘ not verified') : '';
  return [
    `  [${status}${verified}] ${r.proposal.title}${r.proposal.risk === 'disruptive' ? c.yellow(' (disruptive)') : ''}`,
    ...r.proposal.commands.map((a) => c.cyan(`      $ ${displayArgv(a)}`)),
    ...(r.message ? [c.dim(`      ${r.message}`)] : []),
  ];
}

/** A renderer that prints the run as it happens. */
export function textRenderer(print: TextSink, c: ChalkInstance, opts: { verbose: boolean }): (e: EngineEvent) => void {
  let fixHeader = false;
  return (e) => {
    switch (e.type) {
      case 'resolved':
        print(c.bold(`pktdrop diagnose — ${e.target.label}`));
        print(c.dim(`  ${e.access}`));
        if (opts.verbose) for (const n of e.target.notes) print(c.dim(`  ${n}`));
        print(`  probe: ${e.probe.why}`);
        break;
      case 'symptom':
        if (e.probe) print(`\n${c.bold('Symptom')}  ${probeLine(e.probe, c)}`);
        break;
      case 'walk':
        if (e.path && e.path.length > 0) {
          print(`\n${c.bold('The probe\'s path')}`);
          for (const f of e.path) for (const l of findingLines(f, c)) print(l);
        }
        print(`\n${c.bold('The walk, bottom-up')}`);
        for (const l of stepLines(e.steps, c, opts.verbose)) print(l);
        if (e.dropTrace) {
          print(`\n${c.bold('Kernel drop reasons')} ${c.dim('(skb:kfree_skb over the same window)')}`);
          if (!e.dropTrace.ok) print(c.yellow(`  skipped: ${e.dropTrace.reason}`));
          for (const n of e.dropTrace.notes ?? []) print(`  ${n}`);
          for (const f of e.dropTrace.findings ?? []) for (const l of findingLines(f, c)) print(l);
        }
        break;
      case 'fix':
        if (!fixHeader) {
          print(`\n${c.bold('Fixes')}`);
          fixHeader = true;
        }
        for (const l of fixLine(e.record, c)) print(l);
        break;
      case 'round':
        print(`\n${c.bold(`Round ${e.round}`)}  the verification window shows ${e.findings.length} new cause(s) that the first fixes had masked:`);
        for (const f of e.findings) for (const l of findingLines(f, c)) print(l);
        fixHeader = false;
        break;
      case 'verified':
        print(`\n${c.bold(e.round > 1 ? `Verification, round ${e.round}` : 'Verification')}  ${probeLine(e.probe, c)}`);
        // Every finding of the fresh window, with the evidence it rests on.
        for (const f of e.findings.filter((x) => x.severity !== 'info')) for (const l of findingLines(f, c)) print(l);
        for (const r of e.fixes.filter((f) => f.status === 'applied')) {
          print(`  ${r.verified ? c.green('✔') : c.red('✘')} ${r.proposal.title}: ${r.verified ? 'gone from a fresh measurement' : 'still convicted by a fresh measurement'}`);
        }
        {
          const changes = e.dropTrace?.ok ? (e.dropTrace.summary?.comparedWithFirstWindow ?? []) : [];
          if (changes.length > 0) print(`  kernel drop reasons: ${changes.map(reasonChangeText).join('; ')}`);
        }
        break;
      case 'confirm':
        print(c.yellow(`\nKeep these changes? Press Enter within ${Math.round(e.timeoutMs / 1000)} s; otherwise pktdrop rolls them back.`));
        break;
      case 'reverted':
        print(c.yellow(`Rolled back (${e.reason}):`));
        for (const r of e.fixes) print(`  [${r.status}] ${r.proposal.title}${r.message ? ` — ${r.message}` : ''}`);
        break;
      case 'phase':
      case 'phase-done':
        break;
    }
  };
}

const VERDICT_TEXT: Record<DiagnoseReport['verdict'], string> = {
  healthy: 'no cause of packet loss found',
  fixed: 'every cause found was fixed and verified',
  'causes-remain': 'causes of packet loss remain',
  'loss-unexplained': 'the probe still loses packets, but no layer explains it',
  incomplete: 'no cause found in what could be read, but some steps could not be checked (see the skipped steps)',
  proposed: 'causes found; fixes proposed but not applied',
  'target-lost': 'the target was lost during the run: the readings after that point are void',
};

export function summaryLines(report: DiagnoseReport, c: ChalkInstance, opts: { rerun: string; undo: string }): string[] {
  const out: string[] = [''];
  const before = report.probeBefore?.ok ? report.probeBefore.stats.lossPct : undefined;
  const after = report.probeAfter?.ok ? report.probeAfter.stats.lossPct : undefined;
  if (before !== undefined && after !== undefined) out.push(`${c.bold('Loss')}  ${before.toFixed(0)}% → ${after.toFixed(0)}%`);
  const text = VERDICT_TEXT[report.verdict];
  out.push(`${c.bold('Verdict')}  ${report.exitCode === 0 ? c.green(text) : c.red(text)} (exit ${report.exitCode})`);
  if (report.lost) out.push(c.red(`  ${report.lost.message}`));
  if (report.verdict === 'healthy' && report.probeBefore === null) {
    out.push(c.dim(`  no probe: the counters were compared over ${report.windowMs} ms of the target's own traffic; for drops that come and go, watch longer (--window 10000) or probe`));
  }
  const proposed = report.fixes.filter((f) => f.status === 'proposed');
  if (proposed.length > 0) {
    out.push(`  ${proposed[0]?.message ? `${proposed[0].message}: ` : ''}run the commands above, or ${opts.rerun}`);
  }
  if (report.journal && report.fixes.some((f) => f.status === 'applied')) out.push(c.dim(`  changes journaled in ${report.journal}; undo them with: ${opts.undo}`));
  for (const f of report.remaining) out.push(`  ${c.red('•')} ${f.id} ${f.subject}: ${f.action}`);
  for (const x of report.explainedSymptoms) out.push(c.dim(`  symptom not counted: ${x.why}`));
  if (report.rounds.length > 1) out.push(c.dim(`  ${report.rounds.length} rounds of fix and verify${report.rounds.at(-1)?.stopped ? `; then ${report.rounds.at(-1)?.stopped}` : ''}`));
  return out;
}
