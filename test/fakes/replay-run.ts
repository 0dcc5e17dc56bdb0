/**
 * A recorded container run replayed through the whole engine: the request the recorder made and the
 * engine's dependencies around a strict FakeRunner (no sleeping, an in-memory journal). Tests override
 * what they vary (prompter, journal, batch, pinner, emit, a wrapped runProbe).
 */
import { yesPrompter } from '../../src/core/prompter.js';
import type { DiagnoseReport, DiagnoseRequest, DiagnoseResult, EngineDeps } from '../../src/diagnose/run.js';
import { LAYERS } from '../../src/layers/index.js';
import { runProbe } from '../../src/probe/probe.js';
import { MemoryJournal } from '../../src/remediation/journal.js';
import type { Runner } from '../../src/targets/runner.js';
import type { Recording } from './scenario.js';

/** What the recorder asked for: the container by name (or `ref`), probed automatically, 20 probes at 10/s. */
export const recordedRequest = (rec: Recording, ref: string = rec.lab.name): DiagnoseRequest => ({
  spec: { kind: 'container', ref, runtime: 'docker' },
  probeTarget: { kind: 'auto' },
  probe: { count: 20, intervalMs: 100, timeoutMs: 1000, method: 'auto' },
  idleWindowMs: 2000,
  isRoot: true,
});

/** The engine around `runner`: --yes, an in-memory journal, every layer, the real probe on the runner, no sleeping. */
export const replayDeps = (runner: Runner, over: Partial<EngineDeps> = {}): EngineDeps => ({
  runner,
  prompter: yesPrompter,
  journal: new MemoryJournal(),
  layers: LAYERS,
  runProbe: (s) => runProbe(runner, s),
  sleep: async () => {},
  ...over,
});

/** The report of a run that must have succeeded. */
export function reportOf(r: DiagnoseResult): DiagnoseReport {
  if (!r.ok) throw new Error(`diagnose failed: ${r.message}`);
  return r.report;
}
