/**
 * A target lost mid-run (issue 13): the recorded seed run replayed on the strict fake, with a pinner
 * whose target goes away at a chosen moment (the real one reads /proc: src/targets/pin.test.ts and the
 * live safety tests). From that moment nothing runs in the target (the fake would refuse it), the
 * readings of a window that ended after it are void, no further change is made, and the verdict is
 * `target-lost` (exit 3) with a sentence that says where it happened.
 */
import { describe, expect, it } from 'vitest';
import { diagnose, type EngineDeps } from '../../src/diagnose/run.js';
import { yesPrompter } from '../../src/core/prompter.js';
import { LAYERS } from '../../src/layers/index.js';
import { runProbe } from '../../src/probe/probe.js';
import { MemoryJournal } from '../../src/remediation/journal.js';
import { recordedRequest } from '../fakes/replay-run.js';
import type { Pinner } from '../../src/targets/pin.js';
import { loadRecording, phasesOf, replay, type Recording } from '../fakes/scenario.js';

const seed = loadRecording('seed-container-yes');
const request = recordedRequest(seed);
const WHY = `container ${seed.lab.name} stopped (its init, pid ${seed.lab.container.pid}, is gone)`;

/** A pinner that keeps the target as resolved and reports it gone once `gone()` says so. */
function pinnerUntil(gone: () => boolean): Pinner & { released: number } {
  const p = {
    released: 0,
    pin: async (target: Parameters<Pinner['pin']>[0]) => ({
      ok: true as const,
      pinned: { target: { ...target, identity: { containerId: 'x', pid: seed.lab.container.pid } }, lost: async () => (gone() ? WHY : undefined), release: async () => void (p.released += 1) },
    }),
  };
  return p;
}

/** The recording up to and including call `last`. */
const until = (rec: Recording, last: number): Recording => ({ ...rec, calls: rec.calls.slice(0, last + 1) });
const indexOf = (rec: Recording, pred: (argv: readonly string[], mutates: boolean) => boolean): number => rec.calls.findIndex((c) => pred(c.argv, c.mutates));

describe('a target lost mid-run', () => {
  it('during the first window: the second sample is not run, every step is void, nothing is changed, exit 3', async () => {
    const probe = indexOf(seed, (a) => a[0] === 'hping3' && a[1] === '-c');
    const runner = replay(until(seed, probe));
    let gone = false;
    const deps: EngineDeps = {
      runner,
      prompter: yesPrompter,
      journal: new MemoryJournal(),
      layers: LAYERS,
      runProbe: async (s) => {
        const r = await runProbe(runner, s);
        gone = true; // docker kill during the probe
        return r;
      },
      sleep: async () => {},
      pinner: pinnerUntil(() => gone),
    };
    const r = await diagnose(deps, request);
    if (!r.ok) throw new Error(r.message);
    expect(r.report.verdict).toBe('target-lost');
    expect(r.report.exitCode).toBe(3);
    expect(r.report.steps.length).toBeGreaterThan(0);
    expect(new Set(r.report.steps.map((s) => s.outcome.status))).toEqual(new Set(['void']));
    const reasons = r.report.steps.map((s) => (s.outcome.status === 'void' ? s.outcome.reason : ''));
    expect(reasons.every((x) => x.startsWith(`void: ${WHY}`))).toBe(true);
    expect(reasons.join('\n')).not.toMatch(/not found|install/);
    expect(r.report.fixes).toEqual([]);
    expect(runner.mutations).toEqual([]);
    expect(r.report.lost?.message).toBe(`${WHY} during the run, while measuring: reading every layer again: nothing had been changed before that; nothing was changed after that, and the readings after that point are void`);
  });

  it('after the first change: no second change, no verification window; the change made is journaled and named', async () => {
    // The first change is INPUT's rule (safe before disruptive): the first window, then its state read and its deletion.
    const first = indexOf(seed, (a, m) => m && a.includes('INPUT'));
    const { apply } = phasesOf(seed);
    const runner = replay({ ...seed, calls: [...seed.calls.slice(0, apply), ...seed.calls.slice(first - 1, first + 1)] });
    const journal = new MemoryJournal();
    const deps: EngineDeps = {
      runner,
      prompter: yesPrompter,
      journal,
      layers: LAYERS,
      runProbe: (s) => runProbe(runner, s),
      sleep: async () => {},
      // The container is killed while its first fix runs.
      pinner: pinnerUntil(() => runner.mutations.length > 0),
    };
    const r = await diagnose(deps, request);
    if (!r.ok) throw new Error(r.message);
    expect(runner.mutations).toHaveLength(1);
    expect(r.report.verdict).toBe('target-lost');
    expect(r.report.exitCode).toBe(3);
    // INPUT's rule is asked (and applied) first: safe before disruptive. The report keeps the walk's order.
    expect(r.report.fixes.map((f) => f.status)).toEqual(['not-asked', 'applied', 'not-asked']);
    expect([r.report.fixes[0]?.message, r.report.fixes[2]?.message]).toEqual([`not asked: ${WHY}`, `not asked: ${WHY}`]);
    expect(r.report.verifySteps).toBeNull();
    // The first window was measured before the loss: it stands.
    expect(r.report.steps.some((s) => s.outcome.status === 'findings')).toBe(true);
    expect(journal.runs[0]?.entries.map((e) => e.status)).toEqual(['applied']);
    expect(r.report.lost?.changesBefore).toBe(1);
    // The loss names the step under way: the fix that was running, not the last window's step.
    expect(r.report.lost?.during).toBe('applying: Delete filter/INPUT rule #1: -m statistic --mode random --probability 0.29999999981 -j DROP');
    expect(r.report.lost?.message).toMatch(/1 change\(s\) had been made before that and are journaled \(pktdrop undo reverses them\); nothing was changed after that/);
  });

  it('a target that is still there changes nothing in the run: the pinned run replays the whole recording', async () => {
    const runner = replay(seed);
    const pinner = pinnerUntil(() => false);
    const deps: EngineDeps = {
      runner,
      prompter: yesPrompter,
      journal: new MemoryJournal(),
      layers: LAYERS,
      runProbe: (s) => runProbe(runner, s),
      sleep: async () => {},
      pinner,
    };
    const r = await diagnose(deps, request);
    if (!r.ok) throw new Error(r.message);
    expect(r.report.lost).toBeUndefined();
    expect(r.report.verdict).not.toBe('target-lost');
    expect(runner.mutations).toHaveLength(3);
    // The namespace held for the run is let go at its end (an open handle left to the GC was a leak).
    expect(pinner.released).toBe(1);
  });
});
