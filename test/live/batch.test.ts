/**
 * Live: one round trip per scope per sample (issue 6), on a real lab container. The engine runs in
 * process with the real runner wrapped to count processes; nothing is changed (propose-only), no
 * traffic is sent (no probe). Compared with one process per command, the readings must be the same.
 */
import { describe, expect, test } from 'vitest';
import { diagnose, type DiagnoseReport, type EngineDeps } from '../../src/diagnose/run.js';
import { proposeOnlyPrompter } from '../../src/core/prompter.js';
import type { Command, CommandResult } from '../../src/core/types.js';
import { LAYERS } from '../../src/layers/index.js';
import { MemoryJournal } from '../../src/remediation/journal.js';
import { decodeBatch } from '../../src/targets/batch.js';
import { labName, requireLabOrSkip, runner, withLab } from './lab-fixture.js';

/** The real runner, recording every process it starts. */
function counting() {
  const started: (readonly string[])[] = [];
  return {
    started,
    runner: {
      async run(c: Command): Promise<CommandResult> {
        started.push(c.argv);
        return runner.run(c);
      },
    },
  };
}

async function walk(ref: string, batch: boolean, isRoot: boolean) {
  const c = counting();
  const deps: EngineDeps = {
    runner: c.runner,
    prompter: proposeOnlyPrompter('live'),
    journal: new MemoryJournal(),
    layers: LAYERS,
    runProbe: async () => ({ ok: false, reason: 'no probe' }),
    sleep: async () => {},
    batch,
  };
  const r = await diagnose(deps, {
    spec: { kind: 'container', ref, runtime: 'docker' },
    probeTarget: { kind: 'none' },
    probe: { count: 1, intervalMs: 100, timeoutMs: 1000, method: 'auto' },
    idleWindowMs: 0,
    isRoot,
  });
  if (!r.ok) throw new Error(r.message);
  return { report: r.report, started: c.started };
}

const verdicts = (r: DiagnoseReport) => r.steps.map((s) => [s.layer, s.scope, s.outcome.status]);

describe('live: a sample is one process per scope', () => {
  test('as root (nsenter): 2 processes per sample, the same steps and verdict as one process per command', async (ctx) => {
    await requireLabOrSkip('docker', ctx);
    const name = labName('pdlive-batch');
    await withLab({ name, engine: 'docker', faults: [] }, async () => {
      const one = await walk(name, false, true);
      const many = await walk(name, true, true);
      expect(verdicts(many.report)).toEqual(verdicts(one.report));
      expect(many.report.verdict).toBe('healthy');
      const batches = many.started.map((a) => decodeBatch(a)).filter((b) => b !== undefined);
      // resolve: 1 into the container; two samples: 1 into the container + 1 on the host each.
      expect(batches.map((b) => (b.prefix[0] === 'nsenter' ? 'target' : 'host'))).toEqual(['target', 'target', 'host', 'target', 'host']);
      expect(many.started.length).toBeLessThanOrEqual(7);
      expect(one.started.length).toBeGreaterThan(40);
      // Every command of the per-command run ran inside some batch (or on its own, in resolve).
      const inner = new Set(batches.flatMap((b) => b.commands.map((c) => JSON.stringify([...b.prefix, ...c]))));
      for (const a of many.started.filter((x) => !decodeBatch(x))) inner.add(JSON.stringify(a));
      expect(one.started.map((a) => JSON.stringify(a)).filter((a) => !inner.has(a))).toEqual([]);
    });
  });

  test('not root (docker exec): the batch runs in the image\'s own shell, without the watchdog', async (ctx) => {
    await requireLabOrSkip('docker', ctx);
    const name = labName('pdlive-batch-exec');
    await withLab({ name, engine: 'docker', faults: [] }, async () => {
      const r = await walk(name, true, false);
      expect(r.report.target.access).toMatchObject({ via: 'exec' });
      const inContainer = r.started.map((a) => decodeBatch(a)).filter((b) => b !== undefined && b.prefix[0] === 'docker');
      expect(inContainer.length).toBe(3);
      expect(r.started.filter((a) => a[0] === 'docker' && a[1] === 'exec').every((a) => !a.includes('timeout'))).toBe(true);
      expect(r.report.steps.filter((s) => s.scope === 'target').map((s) => s.outcome.status)).not.toContain('skipped');
      expect(r.report.verdict).toBe('healthy');
    });
  });
});
