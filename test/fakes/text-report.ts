/**
 * The text report of a recorded run, as a person sees it on the terminal (colour off): a recording
 * replayed through the strict FakeRunner (./scenario.ts) and the whole diagnose pipeline, each event
 * rendered by the text renderer, then the end of the report (summaryLines), as the CLI prints them.
 * With `answers`, the interactive prompter asks (src/ui/prompter.ts) and its questions are written
 * into the same transcript, each answered from the script; otherwise the given prompter decides.
 */
import { diagnose, type DiagnoseResult, type EngineDeps, type EngineEvent } from '../../src/diagnose/run.js';
import type { FixDecision, Prompter } from '../../src/core/prompter.js';
import { LAYERS } from '../../src/layers/index.js';
import { runProbe } from '../../src/probe/probe.js';
import { MemoryJournal } from '../../src/remediation/journal.js';
import { makeChalk, summaryLines, textRenderer } from '../../src/ui/render-text.js';
import { inquirerPrompter } from '../../src/ui/prompter.js';
import type { Lang } from '../../src/i18n/index.js';
import type { Pinner } from '../../src/targets/pin.js';
import type { FakeRunner } from './fake-runner.js';
import { t } from '../../src/i18n/index.js';
import { phasesOf, replay, type Recording } from './scenario.js';
import { recordedRequest } from './replay-run.js';

export interface TextRun {
  /** The whole transcript, one string, lines joined by newlines. */
  readonly text: string;
  readonly lines: readonly string[];
  readonly result: DiagnoseResult;
  readonly events: readonly EngineEvent[];
}

export interface TextRunOptions {
  readonly lang: Lang;
  readonly width: number;
  /** The decider, when no questions are asked (--yes, --dry-run). */
  readonly prompter?: Prompter;
  /** Answers to the interactive questions, in order (the transcript shows each question and its answer). */
  readonly answers?: readonly FixDecision[];
  /** Replay the recorded changes too (false: any change throws). */
  readonly mutations?: boolean;
  readonly verbose?: boolean;
  /** Holds the target for the run (a test's pinner can report it lost); made with the replaying runner. */
  readonly pinner?: (runner: FakeRunner) => Pinner;
}

export async function textRun(rec: Recording, o: TextRunOptions): Promise<TextRun> {
  const runner = replay(rec, { mutations: o.mutations !== false });
  const lines: string[] = [];
  const c = makeChalk(false);
  let prompter: Prompter;
  if (o.answers) {
    const answers = [...o.answers];
    const output = { write: (s: string) => void lines.push(...s.replace(/\n$/, '').split('\n')) } as unknown as NodeJS.WritableStream;
    prompter = inquirerPrompter(output, () => {}, async (config) => {
      const answer = answers.shift();
      if (answer === undefined) throw new Error(`unexpected question: ${config.message}`);
      lines.push(`? ${config.message} ${config.choices.find((ch) => ch.value === answer)?.name ?? answer}`);
      return answer;
    }, { lang: o.lang, width: o.width });
  } else {
    if (!o.prompter) throw new Error('textRun: give a prompter or answers');
    prompter = o.prompter;
  }
  const render = textRenderer((l) => lines.push(...l.split('\n')), c, {
    verbose: o.verbose === true,
    lang: o.lang,
    width: o.width,
    asking: o.answers !== undefined,
    ...(prompter.neverApplies !== undefined ? { neverApplies: prompter.neverApplies } : {}),
  });
  const events: EngineEvent[] = [];
  const deps: EngineDeps = {
    runner,
    prompter,
    journal: new MemoryJournal(),
    layers: LAYERS,
    runProbe: (s) => runProbe(runner, s),
    sleep: async () => {},
    batch: true,
    ...(o.pinner ? { pinner: o.pinner(runner) } : {}),
    emit: (e) => {
      events.push(e);
      render(e);
    },
  };
  const result = await diagnose(deps, recordedRequest(rec));
  if (result.ok) {
    const args = ` --container ${rec.lab.name}`;
    for (const l of summaryLines(result.report, c, { rerun: `pktdrop diagnose${args} --yes`, undo: `pktdrop undo${args}`, lang: o.lang, width: o.width })) lines.push(...l.split('\n'));
  }
  return { text: `${lines.join('\n')}\n`, lines, result, events };
}

/** The recorded run up to its first change whose argv names `mark` (the first window, that change's state read, the change). */
export function untilFirstChange(rec: Recording, mark: string): Recording {
  const i = rec.calls.findIndex((c) => c.mutates && c.argv.includes(mark));
  if (i < 1) throw new Error(`recording ${rec.scenario} has no change naming ${mark}`);
  return { ...rec, calls: [...rec.calls.slice(0, phasesOf(rec).apply), ...rec.calls.slice(i - 1, i + 1)] };
}

/** A pinner whose container is gone as soon as the first change has run (src/targets/pin.ts's words for it). */
export const lostAfterFirstChange = (rec: Recording) => (runner: FakeRunner): Pinner => ({
  pin: async (target) => ({
    ok: true as const,
    pinned: {
      target: { ...target, identity: { containerId: rec.lab.container.id, pid: rec.lab.container.pid } },
      lost: async () => (runner.mutations.length > 0 ? t('targets.pin.init-gone', { name: `container ${rec.lab.name}`, pid: rec.lab.container.pid }) : undefined),
      release: async () => {},
    },
  }),
});

