/**
 * Ctrl-C: reads cut short are not evidence. An interrupt during the first window judges nothing
 * and changes nothing (exit 130); an interrupt during apply stops before the next change.
 * Replays the recorded seed run (test/e2e/fixtures/recorded-here.source.txt) on the strict fake.
 */
import { describe, expect, it } from 'vitest';
import { diagnose, type EngineDeps, type EngineEvent } from '../../src/diagnose/run.js';
import { yesPrompter } from '../../src/core/prompter.js';
import { LAYERS } from '../../src/layers/index.js';
import { runProbe } from '../../src/probe/probe.js';
import { MemoryJournal } from '../../src/remediation/journal.js';
import { recordedRequest } from '../fakes/replay-run.js';
import { inContainer, loadRecording, replay, untilPhase, withoutChange } from '../fakes/scenario.js';

const seed = loadRecording('seed-container-yes');
const request = recordedRequest(seed);

describe('interrupted runs', () => {
  it('Ctrl-C during the first window: no verdict, no walk shown, nothing changed, exit 130', async () => {
    // Resolve, the first sample, the probe and the second sample (cut short reads are not judged): no more.
    const runner = replay(untilPhase(seed, 'apply'));
    const events: EngineEvent['type'][] = [];
    let interrupted = false;
    const deps: EngineDeps = {
      runner,
      prompter: yesPrompter,
      journal: new MemoryJournal(),
      layers: LAYERS,
      runProbe: async (s) => {
        const r = await runProbe(runner, s);
        interrupted = true; // the operator pressed Ctrl-C while the probe ran
        return r;
      },
      sleep: async () => {},
      emit: (e) => events.push(e.type),
      shouldStop: () => interrupted,
    };
    const r = await diagnose(deps, request);
    expect(r).toEqual({ ok: false, exitCode: 130, message: 'interrupted before the walk finished: nothing was judged and nothing was changed' });
    expect(events).not.toContain('walk');
    expect(runner.mutations).toEqual([]);
  });

  it('Ctrl-C during apply: the change under way completes, no further change starts nor any further window, each is journaled', async () => {
    // The recorded run less the tbf's deletion and OUTPUT's rule's (and the state read before each):
    // INPUT's rule, asked first (safe before disruptive), is the change under way; no verification
    // window follows (issue 13).
    const rule = (chain: string) => inContainer(seed, ['iptables-nft', '-t', 'filter', '-D', chain, '-m', 'statistic', '--mode', 'random', '--probability', '0.29999999981', '-j', 'DROP']);
    const tbf = inContainer(seed, ['tc', 'qdisc', 'del', 'dev', 'eth0', 'root', 'handle', '80ad:']);
    const runner = replay(untilPhase(withoutChange(withoutChange(seed, tbf), rule('OUTPUT')), 'verify'));
    const journal = new MemoryJournal();
    let interrupted = false;
    const deps: EngineDeps = {
      runner,
      prompter: { decideFix: async () => { interrupted = true; return 'apply'; } },
      journal,
      layers: LAYERS,
      runProbe: (s) => runProbe(runner, s),
      sleep: async () => {},
      shouldStop: () => interrupted,
    };
    const r = await diagnose(deps, request);
    if (!r.ok) throw new Error(r.message);
    // The two fixes never asked are not "skipped" (no one skipped them): not-asked, with why. The
    // report lists them in the walk's order (tbf, INPUT, OUTPUT).
    expect(r.report.fixes.map((f) => f.status)).toEqual(['not-asked', 'applied', 'not-asked']);
    expect([r.report.fixes[0]?.message, r.report.fixes[2]?.message]).toEqual(['not asked: interrupted (Ctrl-C)', 'not asked: interrupted (Ctrl-C)']);
    expect(r.report.verifySteps).toBeNull();
    expect(runner.mutations).toHaveLength(1);
    expect(journal.runs[0]?.entries.map((e) => e.status)).toEqual(['applied']);
    expect(r.report.exitCode).toBe(1);
  });

  it('Ctrl-C at a question: that fix and the later ones are not-asked (no answer came), no quit line, no further change nor window', async () => {
    const rule = (chain: string) => inContainer(seed, ['iptables-nft', '-t', 'filter', '-D', chain, '-m', 'statistic', '--mode', 'random', '--probability', '0.29999999981', '-j', 'DROP']);
    const tbf = inContainer(seed, ['tc', 'qdisc', 'del', 'dev', 'eth0', 'root', 'handle', '80ad:']);
    const runner = replay(untilPhase(withoutChange(withoutChange(seed, tbf), rule('OUTPUT')), 'verify'));
    let interrupted = false;
    let asked = 0;
    const events: EngineEvent[] = [];
    const deps: EngineDeps = {
      runner,
      // Apply the first (INPUT's rule); at the second question the operator presses Ctrl-C: the
      // prompter reports the interrupt and answers quit (src/ui/prompter.ts).
      prompter: {
        decideFix: async () => {
          asked += 1;
          if (asked === 1) return 'apply';
          interrupted = true;
          return 'quit';
        },
      },
      journal: new MemoryJournal(),
      layers: LAYERS,
      runProbe: (s) => runProbe(runner, s),
      sleep: async () => {},
      shouldStop: () => interrupted,
      emit: (e) => events.push(e),
    };
    const r = await diagnose(deps, request);
    if (!r.ok) throw new Error(r.message);
    expect(asked).toBe(2);
    expect(r.report.fixes.map((f) => [f.status, f.message])).toEqual([
      ['not-asked', 'not asked: interrupted (Ctrl-C)'],
      ['applied', undefined],
      ['not-asked', 'not asked: interrupted (Ctrl-C)'],
    ]);
    expect(events.some((e) => e.type === 'quit')).toBe(false);
    expect(runner.mutations).toHaveLength(1);
    expect(r.report.verifySteps).toBeNull();
  });
});
