/**
 * `pktdrop diagnose`: turns options into a request, picks the Prompter, renderer and progress, runs
 * the engine, and maps the result to an exit code.
 */
import { setMaxListeners } from 'node:events';
import { writeFile } from 'node:fs/promises';
import { diagnose, type DiagnoseReport, type DiagnoseResult, type EngineDeps, type EngineEvent } from '../diagnose/run.js';
import { proposeOnlyPrompter, yesPrompter, type Prompter } from '../core/prompter.js';
import { LAYERS } from '../layers/index.js';
import { runProbe } from '../probe/probe.js';
import { FileJournal, MemoryJournal } from '../remediation/journal.js';
import { ProcessRunner, type Runner } from '../targets/runner.js';
import { reportJson } from '../ui/render-json.js';
import { colourWanted, confirmText, makeChalk, summaryLines, textRenderer } from '../ui/render-text.js';
import { noProgress, spinnerProgress } from '../ui/progress.js';
import { wrapWidth } from '../ui/wrap.js';
import { say, t, tr, type Lang } from '../i18n/index.js';
import { EXIT, fail, langOf, stateDirOf, targetArgs, targetSpecOf, VERSION, type CliIo, type DiagnoseOptions, type DiagnoseWiring, type ExitCode } from './context.js';
import { makeDropTracer } from '../trace/drop-tracer.js';
import { acquireTargetLock } from '../remediation/lock.js';
import { capabilityLines, collectCapabilities, type Capabilities } from './capabilities.js';
import { locateTraceFs, traceCapability } from '../trace/index.js';
import { ProcPinner } from '../targets/pin.js';
import { holdDefaultRouteFixes } from '../diagnose/default-route.js';
import type { ResolvedTarget, TargetSpec } from '../core/target.js';
import { hostArgs, openProber, openRemote, probeFromOf, remoteConfirmPrompter, remoteDestination } from './remote.js';
import { remoteDropTracer } from '../fleet/remote-tracefs.js';

/** --save (a bundle for pktdrop analyze) and --report (Markdown); failures are reported, never fatal. */
async function writeArtifacts(report: DiagnoseReport, opts: DiagnoseOptions, capabilities: Capabilities | undefined, args: string): Promise<{ errors: string[] }> {
  const errors: string[] = [];
  if (opts.save !== undefined && report.snapshots) {
    const { buildBundle, writeBundle } = await import('../analyze/bundle.js');
    const bundle = buildBundle({ target: report.target, before: report.snapshots.before, after: report.snapshots.after, probe: report.probeBefore, capabilities, version: VERSION });
    await writeFile(opts.save, writeBundle(bundle, { redact: opts.redact === true }), { mode: 0o600 }).catch((e: unknown) => {
      errors.push(t('diagnose.write-bundle-failed', { path: opts.save ?? '', error: e instanceof Error ? e.message : String(e) }));
    });
  }
  if (opts.report !== undefined) {
    const { markdownFromDiagnose, renderMarkdown } = await import('../ui/render-markdown.js');
    let md = renderMarkdown(markdownFromDiagnose(report, { undo: `pktdrop undo${args}`, createdAt: new Date().toISOString(), tool: `pktdrop ${VERSION}` }));
    if (opts.redact) {
      const { createRedactor, learnTarget } = await import('../analyze/redact.js');
      const r = createRedactor();
      // The title and headers name the target: its container name and id are hidden too.
      learnTarget(r, report.target);
      md = r.redact(md);
    }
    await writeFile(opts.report, md).catch((e: unknown) => {
      errors.push(t('diagnose.write-report-failed', { path: opts.report ?? '', error: e instanceof Error ? e.message : String(e) }));
    });
  }
  return { errors };
}

async function capabilitiesOf(runner: Runner, io: CliIo, trace: boolean): Promise<Capabilities> {
  return collectCapabilities(runner, {
    isRoot: io.isRoot,
    ...(trace
      ? {
          trace: async () => {
            const fs = await locateTraceFs();
            if (!fs) return { tracefs: false, kfreeSkb: false, reasonField: false, otherTracers: [] };
            const t = await traceCapability(fs);
            return { tracefs: t.tracefs, kfreeSkb: t.kfreeSkb, reasonField: t.reasonField, otherTracers: t.otherTracers };
          },
        }
      : {}),
  });
}

export type { DiagnoseWiring } from './context.js';

/** A redactor that already knows the target's name (`--redact`); it learns the resolved label and id later. */
async function redactorFor(spec: TargetSpec): Promise<{ redact: (s: string) => string; learnTarget: (t: ResolvedTarget) => void }> {
  const { createRedactor, learnTarget } = await import('../analyze/redact.js');
  const r = createRedactor();
  if (spec.kind === 'container') r.learnName(spec.ref);
  if (spec.kind === 'netns') r.learnName(spec.name);
  return { redact: (s) => r.redact(s), learnTarget: (t) => learnTarget(r, t) };
}

/** The pipeline's own failure codes, mapped through EXIT: a target error or an interrupted walk. */
function failureOf(result: Extract<DiagnoseResult, { ok: false }>): { kind: 'target' | 'interrupted'; code: ExitCode } {
  switch (result.exitCode) {
    case 2:
      return { kind: 'target', code: EXIT.usage };
    case 130:
      return { kind: 'interrupted', code: EXIT.interrupted };
  }
}

/**
 * Confirm-or-revert (the iptables-apply / netplan try pattern): resolves true when a line or a key
 * arrives on stdin in time; false on timeout or when stdin closes (the session was lost). `tick`
 * is told the whole seconds left, once a second (the countdown on a terminal).
 */
export function waitForConfirmation(stdin: NodeJS.ReadStream, timeoutMs: number, tick?: (secondsLeft: number) => void): Promise<boolean> {
  return new Promise((resolve) => {
    const started = Date.now();
    const ticker = tick
      ? setInterval(() => {
          const left = Math.ceil((timeoutMs - (Date.now() - started)) / 1000);
          if (left > 0) tick(left);
        }, 1000)
      : undefined;
    const done = (keep: boolean) => {
      clearTimeout(timer);
      if (ticker) clearInterval(ticker);
      stdin.removeListener('data', onData);
      stdin.removeListener('end', onEnd);
      stdin.removeListener('error', onEnd);
      if (stdin.isTTY) stdin.setRawMode(false);
      stdin.pause();
      resolve(keep);
    };
    const onData = () => done(true);
    const onEnd = () => done(false);
    const timer = setTimeout(() => done(false), timeoutMs);
    if (stdin.isTTY) stdin.setRawMode(true);
    stdin.on('data', onData);
    stdin.once('end', onEnd);
    stdin.once('error', onEnd);
    stdin.resume();
  });
}

/**
 * The confirm-or-revert countdown: on a terminal, the line is rewritten in place each second
 * (carriage return, clear the line); off a terminal the renderer's one line stands. Then `Kept.`
 * when confirmed (a rollback prints its own lines).
 */
function confirmWithCountdown(io: CliIo, lang: Lang, paint: (s: string) => string): (ms: number) => Promise<boolean> {
  return async (ms) => {
    const draw = (s: number) => io.stdout(`\r\u001b[2K${paint(confirmText(lang, s))}`);
    if (io.stdoutIsTty) draw(Math.round(ms / 1000));
    const keep = await waitForConfirmation(process.stdin, ms, io.stdoutIsTty ? draw : undefined);
    if (io.stdoutIsTty) io.stdout('\n');
    if (keep) io.stdout(`${say(lang, 'ui.confirm.kept')}\n`);
    return keep;
  };
}

function choosePrompter(opts: DiagnoseOptions, io: CliIo, onInterrupt: () => void, runner: Runner, spec: TargetSpec, lang: Lang, width: number, paint: (s: string) => string): Prompter {
  if (opts.dryRun) return proposeOnlyPrompter(t('diagnose.dry-run'));
  if (opts.yes && opts.confirmTimeout !== undefined) {
    return { decideFix: async () => 'apply', confirmKeep: confirmWithCountdown(io, lang, paint) };
  }
  // Unattended without a way back: nothing on the interface that carries this host's own route.
  if (opts.yes) return holdDefaultRouteFixes(yesPrompter, runner, spec);
  if (!io.stdinIsTty) return proposeOnlyPrompter(t('diagnose.no-tty'));
  return { decideFix: async (...args) => (await import('../ui/prompter.js')).inquirerPrompter(process.stderr, onInterrupt, undefined, { lang, width }).decideFix(...args) };
}

/** What an interrupted run leaves, in one line: what was applied and the command that undoes it. */
export function interruptedLine(report: Pick<DiagnoseReport, 'fixes' | 'journal'>, undo: string, lang: Lang = 'en'): string {
  const applied = report.fixes.filter((f) => f.status === 'applied');
  if (applied.length === 0) return say(lang, 'ui.interrupted.nothing');
  return say(lang, 'ui.interrupted.applied', { n: applied.length, titles: applied.map((f) => tr(lang, f.proposal.title)).join('; '), undo });
}

export async function runDiagnose(opts: DiagnoseOptions, io: CliIo, wiring: DiagnoseWiring = {}): Promise<ExitCode> {
  const failure = (kind: 'usage' | 'not-root' | 'locked' | 'state' | 'target' | 'interrupted', message: string, code: ExitCode = EXIT.usage) =>
    fail(io, { command: 'diagnose', kind, message, code, json: opts.json === true });
  const spec = targetSpecOf(opts);
  if (typeof spec === 'string') return failure('usage', spec);
  // --host: the name is checked before any process starts (README: Fleet, security).
  const remoteDest = remoteDestination(opts);
  if (typeof remoteDest === 'string') return failure('usage', remoteDest);
  const probeFrom = probeFromOf(opts);
  if (typeof probeFrom === 'string') return failure('usage', probeFrom);
  if (!io.isRoot && wiring.skipRootCheck !== true && remoteDest === undefined) {
    return failure('not-root', t('diagnose.needs-root'));
  }
  if (opts.confirmTimeout !== undefined && !opts.yes) return failure('usage', t('diagnose.confirm-needs-yes'));
  let lang: Lang;
  try {
    lang = langOf(opts.lang, io);
  } catch (e) {
    return failure('usage', e instanceof Error ? e.message : String(e));
  }
  const stateDir = stateDirOf(io);
  const started = Date.now();
  const interrupt = new AbortController();
  // Every command listens to the same signal; there can be dozens at once.
  setMaxListeners(0, interrupt.signal);
  let interrupted = false;
  const onSigint = () => {
    if (interrupted) return;
    interrupted = true;
    interrupt.abort();
    io.stderr(`\n${say(lang, 'ui.interrupted.signal')}\n`);
  };
  const local = wiring.runner ?? new ProcessRunner(interrupt.signal);
  // On a remote host every target command goes through its ssh session; probes stay on this side.
  const remote = remoteDest === undefined ? undefined : await openRemote(remoteDest, opts, local, stateDir);
  if (typeof remote === 'string') return failure('target', remote);
  const runner: Runner = remote?.session ?? local;
  const prober = await openProber(probeFrom, remote, opts, local);
  if (typeof prober === 'string') {
    await remote?.session.close();
    return failure('target', prober);
  }
  const colour = opts.color && colourWanted(io.env, io.stdoutIsTty);
  const c = makeChalk(colour);
  // --redact covers what is printed too: addresses, MACs, host names and the target's own names.
  const redactor = opts.redact ? await redactorFor(spec) : undefined;
  const print = (line: string) => io.stdout(`${redactor ? redactor.redact(line) : line}\n`);
  const progress = opts.json || !io.stderrIsTty || !(io.stderrColumns ?? 0) ? noProgress : await spinnerProgress(lang);
  // Prose is wrapped to stdout's width (at least 80 columns), or to 80 when stdout is not a terminal.
  const width = wrapWidth(io.stdoutIsTty ? process.stdout.columns : undefined, io.stdoutIsTty);
  const chosen = wiring.prompter ?? choosePrompter(opts, io, onSigint, runner, spec, lang, width, (l) => c.yellow(l));
  const render = opts.json
    ? () => {}
    : textRenderer((l) => { progress.pause(); print(l); }, c, {
        verbose: opts.verbose === true,
        lang,
        width,
        // Questions follow the list only from the interactive prompter (each command then shows in its question).
        asking: wiring.prompter === undefined && !opts.dryRun && !opts.yes && io.stdinIsTty,
        ...(chosen.neverApplies !== undefined ? { neverApplies: chosen.neverApplies } : {}),
      });
  // On a terminal the countdown draws the confirm line itself (rewritten each second).
  const countdown = opts.yes === true && opts.confirmTimeout !== undefined && io.stdoutIsTty && wiring.prompter === undefined;
  const emit = (e: EngineEvent) => {
    if (e.type === 'resolved' && redactor) redactor.learnTarget(e.target);
    progress.onEvent(e);
    if (e.type === 'confirm' && countdown) {
      progress.pause();
      print('');
      return;
    }
    render(e);
  };
  // Over ssh, a kept change needs a fresh connection that cancels the host's rollback timer.
  const prompter = remote && remoteDest ? remoteConfirmPrompter(chosen, remote, remoteDest, opts, local) : chosen;
  // One pktdrop at a time may change a target.
  let release: (() => Promise<void>) | undefined;
  if (!prompter.neverApplies && wiring.lock !== false) {
    const lock = await acquireTargetLock(spec, { dir: remote?.lockDir ?? stateDir, command: `pktdrop diagnose${hostArgs(opts)}${targetArgs(spec)}` });
    if (!lock.ok) {
      await prober.close();
      await remote?.session.close();
      return failure('state' in lock ? 'state' : 'locked', lock.message);
    }
    release = lock.release;
  }
  process.once('SIGINT', onSigint);
  const deps: EngineDeps = {
    runner,
    prompter,
    journal: wiring.journal ?? (opts.dryRun ? new MemoryJournal() : remote?.journal ?? new FileJournal(stateDir)),
    layers: LAYERS,
    runProbe: wiring.runProbe ?? ((s) => runProbe(prober.runner, s, { signal: interrupt.signal })),
    sleep: wiring.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
    emit,
    ...(() => {
      if (wiring.dropTracer === null || !opts.trace) return {};
      // Over ssh: the same tracer on the host's tracefs; a guard there removes the instance if the connection ends.
      if (remote !== undefined) return { dropTracer: wiring.dropTracer ?? remoteDropTracer(remote.session) };
      return { dropTracer: wiring.dropTracer ?? makeDropTracer() };
    })(),
    shouldStop: () => interrupted,
    // The target is held for the run (its namespace by descriptor) and checked before every command;
    // not over ssh, where /proc is the other host's.
    ...(remote === undefined && wiring.pin !== false ? { pinner: new ProcPinner() } : {}),
    // One process per scope per sample: a sample of a container is two round trips, not twenty-five.
    batch: true,
  };
  try {
    const result = await diagnose(deps, {
      spec,
      probeTarget: !opts.probe ? { kind: 'none' } : opts.target ? { kind: 'explicit', ...opts.target } : { kind: 'auto' },
      probe: { count: opts.count, intervalMs: opts.interval, timeoutMs: opts.timeout, method: opts.method },
      idleWindowMs: opts.window,
      // Over ssh the commands run as root (a root login, or sudo -n).
      isRoot: remote !== undefined ? true : io.isRoot,
      ...(opts.confirmTimeout !== undefined ? { confirmTimeoutMs: opts.confirmTimeout * 1000 } : {}),
      ...(opts.save !== undefined ? { keepOutput: true } : {}),
    });
    progress.pause();
    if (!result.ok) {
      const f = failureOf(result);
      return await failure(f.kind, result.message, f.code);
    }
    const report: DiagnoseReport = result.report;
    const capabilities = opts.verbose || opts.save !== undefined ? await capabilitiesOf(runner, io, opts.trace) : undefined;
    const written = await writeArtifacts(report, opts, capabilities, `${hostArgs(opts)}${targetArgs(spec)}`);
    for (const w of written.errors) io.stderr(`pktdrop: ${tr(lang, w)}\n`);
    if (opts.json) {
      const doc = JSON.stringify(reportJson(report, { version: VERSION, startedAt: new Date(started).toISOString(), durationMs: Date.now() - started, ...(capabilities ? { capabilities } : {}) }), null, 2);
      io.stdout(`${redactor ? redactor.redact(doc) : doc}\n`);
    } else {
      if (capabilities) {
        print(`\n${c.bold(say(lang, 'ui.end.rests-on'))}`);
        for (const l of capabilityLines(capabilities)) print(c.dim(`  ${tr(lang, l)}`));
      }
      const args = `${hostArgs(opts)}${targetArgs(spec)}`;
      for (const l of summaryLines(report, c, { rerun: `pktdrop diagnose${args} --yes`, undo: `pktdrop undo${args}`, lang, width })) print(l);
    }
    if (interrupted) {
      io.stderr(`${interruptedLine(report, `pktdrop undo${hostArgs(opts)}${targetArgs(spec)}`, lang)}\n`);
      return EXIT.interrupted;
    }
    return report.exitCode;
  } finally {
    process.removeListener('SIGINT', onSigint);
    await release?.();
    await prober.close();
    await remote?.session.close();
  }
}
