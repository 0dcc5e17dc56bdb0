/** `pktdrop undo`: restore what the last run changed on a target, from its journal. */
import { FileJournal } from '../remediation/journal.js';
import { undoPinned } from '../remediation/undo.js';
import { ProcPinner, type Pinner } from '../targets/pin.js';
import { resolveTarget } from '../targets/resolve.js';
import { ProcessRunner, type Runner } from '../targets/runner.js';
import { undoReportJson } from '../ui/render-json.js';
import { EXIT, fail, langOf, stateDirOf, targetArgs, targetSpecOf, UsageError, VERSION, withLang, type CliIo, type ExitCode, type UndoOptions, type UndoWiring } from './context.js';
import { say, t, tr, type Lang, type MessageKey } from '../i18n/index.js';
import type { Journal } from '../remediation/journal.js';
import { acquireTargetLock } from '../remediation/lock.js';
import type { ResolvedTarget } from '../core/target.js';
import { hostArgs, openRemote, remoteDestination } from './remote.js';

export async function runUndo(opts: UndoOptions, io: CliIo, wiring: UndoWiring = {}): Promise<ExitCode> {
  let lang: Lang;
  try {
    lang = langOf(opts.lang, io);
  } catch (e) {
    if (e instanceof UsageError) return fail(io, { command: 'undo', kind: 'usage', message: e.message, code: EXIT.usage, json: opts.json === true });
    throw e;
  }
  io = withLang(io, lang);
  const failure = (kind: 'usage' | 'not-root' | 'locked' | 'state' | 'target', message: string) =>
    fail(io, { command: 'undo', kind, message, code: EXIT.usage, json: opts.json === true });
  const spec = targetSpecOf(opts);
  if (typeof spec === 'string') return failure('usage', spec);
  // --host: checked before any process starts; the journal read and written is the one on that host.
  const remoteDest = remoteDestination(opts);
  if (typeof remoteDest === 'string') return failure('usage', remoteDest);
  if (!io.isRoot && wiring.skipRootCheck !== true && remoteDest === undefined) return failure('not-root', t('cli.undo.not-root'));
  const stateDir = stateDirOf(io);
  const local = wiring.runner ?? new ProcessRunner();
  const remote = remoteDest === undefined ? undefined : await openRemote(remoteDest, opts, local, stateDir);
  if (typeof remote === 'string') return failure('target', remote);
  const runner: Runner = remote?.session ?? local;
  let release: (() => Promise<void>) | undefined;
  if (wiring.lock !== false) {
    const lock = await acquireTargetLock(spec, { dir: remote?.lockDir ?? stateDir, command: `pktdrop undo${hostArgs(opts)}${targetArgs(spec)}` });
    if (!lock.ok) {
      await remote?.session.close();
      return failure('state' in lock ? 'state' : 'locked', lock.message);
    }
    release = lock.release;
  }
  try {
    const resolved = await resolveTarget(runner, spec, { isRoot: remote !== undefined ? true : io.isRoot });
    if (!resolved.ok) return await failure('target', resolved.message);
    // Held and identified like a diagnose target: a journal of another instance is refused (not over ssh: /proc is the other host's).
    const pinner = remote === undefined && wiring.pin !== false ? new ProcPinner() : undefined;
    return await undoWith(runner, resolved.target, opts, io, wiring.journal ?? remote?.journal ?? new FileJournal(stateDir), pinner, failure, lang);
  } finally {
    await release?.();
    await remote?.session.close();
  }
}

async function undoWith(
  runner: Runner,
  target: ResolvedTarget,
  opts: { all?: boolean; json?: boolean },
  io: CliIo,
  journal: Journal,
  pinner: Pinner | undefined,
  failure: (kind: 'target', message: string) => Promise<ExitCode>,
  lang: Lang,
): Promise<ExitCode> {
  const undone = await undoPinned(pinner, runner, target, journal, { all: opts.all === true });
  if (!undone.ok) return failure('target', undone.message);
  const report = undone.report;
  // A refused entry (another instance, or an entry pktdrop did not write) ran nothing: not a success.
  const failed = report.steps.filter((s) => s.status === 'failed' || s.status === 'refused');
  if (opts.json) {
    io.stdout(`${JSON.stringify(undoReportJson(report, { version: VERSION, target: target.label }), null, 2)}\n`);
  } else if (report.steps.length === 0) {
    io.stdout(`${say(lang, 'cli.undo.nothing', { target: target.label })}\n`);
  } else {
    io.stdout(`${say(lang, 'cli.undo.header', { target: target.label, journals: report.journals.join(', ') })}\n`);
    for (const s of report.steps) {
      const status = statusWord(lang, s.status);
      io.stdout(`  [${s.verified === true ? say(lang, 'cli.undo.status-verified', { status }) : status}] ${tr(lang, s.title)}\n`);
      for (const c of s.commands) io.stdout(`      $ ${c}\n`);
      if (s.message) io.stdout(`      ${tr(lang, s.message)}\n`);
    }
  }
  return failed.length > 0 ? EXIT.causes : EXIT.ok;
}

const STATUS: Readonly<Record<string, MessageKey>> = {
  undone: 'cli.undo.status.undone',
  failed: 'cli.undo.status.failed',
  'nothing-to-undo': 'cli.undo.status.nothing-to-undo',
  refused: 'cli.undo.status.refused',
};

/** A step's status as a word of `lang` (English: the status itself, as JSON has it). */
function statusWord(lang: Lang, status: string): string {
  const key = STATUS[status];
  return key === undefined ? status : say(lang, key);
}
