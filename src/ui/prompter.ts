/**
 * The interactive Prompter: the only importer of @inquirer/prompts (loaded lazily, so --help and
 * --version never pay for it).
 *
 * Each question shows, before inquirer's select: the fix's number, its risk and the finding it
 * answers, in one line; the exact commands, each on a line of its own; and what `pktdrop undo` would
 * run to reverse them. The list of fixes above the first question shows titles only, so each command
 * is printed once. The choices keep their English words (apply / skip / apply all remaining / quit)
 * in every language: scripts and people who read the README can find them.
 */
import type { FixDecision, Prompter } from '../core/prompter.js';
import type { Finding, FixProposal } from '../core/types.js';
import { displayArgv } from '../targets/runner.js';
import { say, tr, type Lang } from '../i18n/index.js';
import { wrap } from './wrap.js';

/** The one question asked: inquirer's select, or a test's stand-in. */
export type AskFix = (
  config: { message: string; choices: { name: string; value: FixDecision }[]; theme?: { style: { keysHelpTip: (keys: [key: string, action: string][]) => string } } },
  context: { output: NodeJS.WritableStream },
) => Promise<FixDecision>;

/** The select's key help (`↑↓ navigate • ⏎ select`) in `lang`; undefined keeps inquirer's own (English, styled). */
export function keysHelpTheme(lang: Lang): { style: { keysHelpTip: (keys: [key: string, action: string][]) => string } } | undefined {
  if (lang === 'en') return undefined;
  const action = (a: string): string => (a === 'navigate' ? say(lang, 'ui.ask.key.navigate') : a === 'select' ? say(lang, 'ui.ask.key.select') : a);
  return { style: { keysHelpTip: (keys) => keys.map(([k, a]) => `${k} ${action(a)}`).join(' • ') } };
}

export interface QuestionOptions {
  readonly lang?: Lang;
  /** Columns to wrap the finding's line to (commands are never wrapped). */
  readonly width?: number;
}

/** The lines shown above the select: the fix in one line, its commands, and their inverses. Pure. */
export function questionLines(fix: FixProposal, finding: Finding, index: number, total: number, opts: QuestionOptions = {}): string[] {
  const lang = opts.lang ?? 'en';
  const risk = say(lang, fix.risk === 'safe' ? 'ui.risk.safe' : 'ui.risk.disruptive');
  const head = say(lang, 'ui.ask.header', { i: index + 1, total, risk, id: finding.id, title: tr(lang, finding.title) });
  const undo = say(lang, 'ui.ask.undo');
  return [
    '',
    ...wrap(head, opts.width ?? 80, '', '  '),
    ...fix.commands.map((a) => `  $ ${displayArgv(a)}`),
    ...fix.inverse.map((a) => `  ${undo}${displayArgv(a)}`),
  ];
}

/** The choices, in this order, with their decisions. */
export const fixChoices = (lang: Lang = 'en'): { name: string; value: FixDecision }[] => [
  { name: say(lang, 'ui.ask.apply'), value: 'apply' },
  { name: say(lang, 'ui.ask.skip'), value: 'skip' },
  { name: say(lang, 'ui.ask.apply-all'), value: 'apply-all' },
  { name: say(lang, 'ui.ask.quit'), value: 'quit' },
];

/**
 * `onInterrupt`: Ctrl-C at a prompt. The terminal is in raw mode there, so no SIGINT arrives: the
 * prompt's own exit error is the operator's Ctrl-C, and it interrupts the run like SIGINT does (exit
 * 130, nothing more changed, no further window).
 */
export function inquirerPrompter(output: NodeJS.WritableStream = process.stderr, onInterrupt: () => void = () => {}, ask?: AskFix, opts: QuestionOptions = {}): Prompter {
  const lang = opts.lang ?? 'en';
  return {
    async decideFix(fix, finding, index, total) {
      const select: AskFix = ask ?? (async (config, context) => (await import('@inquirer/prompts')).select<FixDecision>(config, context));
      try {
        output.write(`${questionLines(fix, finding, index, total, opts).join('\n')}\n`);
        const theme = keysHelpTheme(lang);
        return await select({ message: say(lang, 'ui.ask.question', { i: index + 1, total }), choices: fixChoices(lang), ...(theme ? { theme } : {}) }, { output });
      } catch (e) {
        // Ctrl-C (ExitPromptError) or a closed terminal at the prompt: the operator is gone; change nothing more.
        if (e instanceof Error && (e.name === 'ExitPromptError' || e.name === 'AbortPromptError')) onInterrupt();
        return 'quit';
      }
    },
  };
}
