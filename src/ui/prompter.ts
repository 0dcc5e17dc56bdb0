/**
 * The interactive Prompter: the only importer of @inquirer/prompts (loaded lazily, so --help and
 * --version never pay for it).
 */
import type { FixDecision, Prompter } from '../core/prompter.js';
import { displayArgv } from '../targets/runner.js';

/**
 * `onInterrupt`: Ctrl-C at a prompt. The terminal is in raw mode there, so no SIGINT arrives: the
 * prompt's own exit error is the operator's Ctrl-C, and it interrupts the run like SIGINT does (exit
 * 130, nothing more changed, no further window).
 */
/** The one question asked: inquirer's select, or a test's stand-in. */
export type AskFix = (config: { message: string; choices: { name: string; value: FixDecision }[] }, context: { output: NodeJS.WritableStream }) => Promise<FixDecision>;

export function inquirerPrompter(output: NodeJS.WritableStream = process.stderr, onInterrupt: () => void = () => {}, ask?: AskFix): Prompter {
  return {
    async decideFix(fix, _finding, index, total) {
      const select: AskFix = ask ?? (async (config, context) => (await import('@inquirer/prompts')).select<FixDecision>(config, context));
      const commands = fix.commands.map((a) => `$ ${displayArgv(a)}`).join('\n    ');
      try {
        return await select(
          {
            message: `Fix ${index + 1}/${total}: ${fix.title}${fix.risk === 'disruptive' ? ' (disruptive)' : ''}\n    ${commands}\n`,
            choices: [
              { name: 'apply', value: 'apply' },
              { name: 'skip', value: 'skip' },
              { name: 'apply all remaining', value: 'apply-all' },
              { name: 'quit (change nothing more)', value: 'quit' },
            ],
          },
          { output },
        );
      } catch (e) {
        // Ctrl-C (ExitPromptError) or a closed terminal at the prompt: the operator is gone; change nothing more.
        if (e instanceof Error && (e.name === 'ExitPromptError' || e.name === 'AbortPromptError')) onInterrupt();
        return 'quit';
      }
    },
  };
}
