/** `pktdrop undo`: restore what the last run changed on a target, from its journal. */
import { FileJournal } from '../remediation/journal.js';
import { undoChanges } from '../remediation/undo.js';
import { resolveTarget } from '../targets/resolve.js';
import { ProcessRunner, type Runner } from '../targets/runner.js';
import { EXIT, VERSION, type CliIo } from './main.js';
import { targetSpecOf } from './diagnose-command.js';
import type { Journal } from '../remediation/journal.js';
import { acquireTargetLock } from '../remediation/lock.js';
import type { TargetSpec } from '../core/target.js';

export async function runUndo(
  opts: { container?: string; netns?: string; runtime: 'docker' | 'podman'; all?: boolean; json?: boolean },
  io: CliIo,
  wiring: { runner?: Runner; journal?: Journal } = {},
): Promise<number> {
  const spec = targetSpecOf(opts);
  if (typeof spec === 'string') {
    io.stderr(`pktdrop: ${spec}\n`);
    return EXIT.usage;
  }
  if (!io.isRoot && !wiring.runner) {
    io.stderr('pktdrop: undo needs root to change iptables, nftables and qdiscs: rerun it with sudo\n');
    return EXIT.usage;
  }
  const runner = wiring.runner ?? new ProcessRunner();
  let release: (() => Promise<void>) | undefined;
  if (!wiring.runner) {
    const lock = await acquireTargetLock(spec, { command: 'pktdrop undo' });
    if (!lock.ok) {
      io.stderr(`pktdrop: ${lock.message}\n`);
      return EXIT.usage;
    }
    release = lock.release;
  }
  try {
    return await undoWith(runner, spec, opts, io, wiring.journal);
  } finally {
    await release?.();
  }
}

async function undoWith(
  runner: Runner,
  spec: TargetSpec,
  opts: { all?: boolean; json?: boolean },
  io: CliIo,
  journal: Journal | undefined,
): Promise<number> {
  const resolved = await resolveTarget(runner, spec, { isRoot: io.isRoot });
  if (!resolved.ok) {
    io.stderr(`pktdrop: ${resolved.message}\n`);
    return EXIT.usage;
  }
  const report = await undoChanges(runner, resolved.target, journal ?? new FileJournal(), { all: opts.all === true });
  const failed = report.steps.filter((s) => s.status === 'failed');
  if (opts.json) {
    io.stdout(`${JSON.stringify({ schemaVersion: 1, tool: { name: 'pktdrop', version: VERSION }, command: 'undo', target: resolved.target.label, journals: report.journals, steps: report.steps }, null, 2)}\n`);
  } else if (report.steps.length === 0) {
    io.stdout(`nothing to undo for ${resolved.target.label}: no journaled change that is not already undone\n`);
  } else {
    io.stdout(`undo on ${resolved.target.label} (${report.journals.join(', ')}):\n`);
    for (const s of report.steps) {
      io.stdout(`  [${s.status}${s.verified === true ? ', verified' : ''}] ${s.title}\n`);
      for (const c of s.commands) io.stdout(`      $ ${c}\n`);
      if (s.message) io.stdout(`      ${s.message}\n`);
    }
  }
  return failed.length > 0 ? EXIT.causes : EXIT.ok;
}
