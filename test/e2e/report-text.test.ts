/**
 * The text report as a person reads it (issue 16): recorded runs replayed through the whole pipeline
 * (test/fakes/text-report.ts) and rendered with colour off, at 80 and 120 columns, in English and in
 * Chinese, compared with reviewed snapshots (test/e2e/__snapshots__/report-*.txt, plain text so they
 * can be read). The recordings: the seed case (test/e2e/fixtures/seed-container-yes.json) as a dry
 * run, with --yes (also with --verbose), asked interactively (apply to each question) and quit at the first question; a
 * healthy container; a host without tc (incomplete); the masked seed case that needs two rounds; the
 * seed case whose container is gone right after its first change (target-lost, exit 3).
 *
 * Besides the snapshots, properties every report must have: no prose line wider than the width (a
 * line starting with `$ ` or `undo:` is a command and is never wrapped); the summary and the list of
 * fixes come before the first question and fit, with it, on one 100×30 screen; each command once.
 */
import { describe, expect, it } from 'vitest';
import { proposeOnlyPrompter, yesPrompter } from '../../src/core/prompter.js';
import { t } from '../../src/i18n/index.js';
import { displayWidth } from '../../src/ui/wrap.js';
import { loadRecording, untilPhase, type Recording } from '../fakes/scenario.js';
import { lostAfterFirstChange, textRun, untilFirstChange, type TextRunOptions } from '../fakes/text-report.js';

const seed = loadRecording('seed-container-yes');
const healthy = loadRecording('healthy-container');
const incomplete = loadRecording('incomplete-container-yes');
const rounds = loadRecording('rounds-container-yes');

type Case = { readonly name: string; readonly rec: Recording; readonly opts: Omit<TextRunOptions, 'lang' | 'width'> };

const CASES: readonly Case[] = [
  { name: 'seed-dry-run', rec: untilPhase(seed, 'apply'), opts: { prompter: proposeOnlyPrompter(t('diagnose.dry-run')), mutations: false } },
  { name: 'seed-yes', rec: seed, opts: { prompter: yesPrompter } },
  { name: 'seed-yes-verbose', rec: seed, opts: { prompter: yesPrompter, verbose: true } },
  { name: 'seed-asked', rec: seed, opts: { answers: ['apply', 'apply', 'apply'] } },
  { name: 'seed-quit', rec: untilPhase(seed, 'apply'), opts: { answers: ['quit'], mutations: false } },
  { name: 'healthy', rec: healthy, opts: { prompter: yesPrompter, mutations: false } },
  { name: 'incomplete', rec: incomplete, opts: { prompter: yesPrompter, mutations: false } },
  { name: 'rounds', rec: rounds, opts: { prompter: yesPrompter } },
  { name: 'target-lost', rec: untilFirstChange(seed, 'INPUT'), opts: { prompter: yesPrompter, pinner: lostAfterFirstChange(seed) } },
];

/** A line that is a command (printed whole, never wrapped). */
const isCommand = (l: string): boolean => /^\s*(\$ |undo: |撤销：)/.test(l);

describe.each(CASES)('the text report: $name', ({ name, rec, opts }) => {
  for (const lang of ['en', 'zh'] as const) {
    for (const width of [80, 120]) {
      it(`${lang}, ${width} columns: matches the reviewed snapshot; no prose line wider than ${width}`, async () => {
        const run = await textRun(rec, { ...opts, lang, width });
        expect(run.result.ok).toBe(true);
        const wide = run.lines.filter((l) => !isCommand(l) && displayWidth(l) > width);
        expect(wide).toEqual([]);
        await expect(run.text).toMatchFileSnapshot(`__snapshots__/report-${name}.${lang}.${width}.txt`);
      });
    }
  }
});

describe('the answer first (issue 16)', () => {
  it('seed case, asked: the summary, every proposed fix and the first question fit one 100×30 screen; the first question is the safest fix', async () => {
    const run = await textRun(seed, { answers: ['apply', 'apply', 'apply'], lang: 'en', width: 100 });
    const firstQuestion = run.lines.findIndex((l) => l.startsWith('? Apply fix 1/3?'));
    const summary = run.lines.indexOf('Summary');
    expect(summary).toBeGreaterThan(0);
    // From the summary heading to the first question's select line, inclusive, plus the four choices inquirer draws below it.
    expect(firstQuestion - summary + 1 + 4).toBeLessThanOrEqual(30);
    const screen = run.lines.slice(summary, firstQuestion + 1);
    expect(screen).toContain('  3 fixes proposed');
    expect(screen.filter((l) => /^\s+\d\. \[(safe|disruptive)\] /.test(l))).toHaveLength(3);
    expect(screen.find((l) => l.startsWith('Fix 1/3'))).toMatch(/^Fix 1\/3 · safe · netfilter\.drop-rule: /);
  });

  it('each command is printed once: in its question when asked, in the list when not', async () => {
    for (const o of [{ answers: ['apply', 'apply', 'apply'] as const }, { prompter: yesPrompter }]) {
      const run = await textRun(seed, { ...o, lang: 'en', width: 100 });
      if (!run.result.ok) throw new Error(run.result.message);
      for (const f of run.result.report.fixes) {
        const cmd = f.proposal.commands.map((a) => a.join(' '))[0]!;
        expect(run.lines.filter((l) => l.trim() === `$ ${cmd}`), cmd).toHaveLength(1);
      }
    }
  });

  it('quit says how many fixes were not applied, and the end says they were not asked', async () => {
    const run = await textRun(untilPhase(seed, 'apply'), { answers: ['quit'], mutations: false, lang: 'en', width: 80 });
    expect(run.lines).toContain('Quit: 3 fixes not applied; nothing more will be changed.');
    expect(run.lines).toContain('  not asked: you quit (2 fixes)');
  });
});
