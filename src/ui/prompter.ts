/**
 * The interactive Prompter: the only importer of @inquirer/prompts (loaded lazily, so --help and
 * --version never pay for it).
 */
import type { FixDecision, Prompter } from '../core/prompter.js';
import { displayArgv } from '../targets/runner.js';

export function inquirerPrompter(output: NodeJS.WritableStream = process.stderr): Prompter {
  return {
    async decideFix(fix, _finding, index, total) {
      const { select } = await import('@inquirer/prompts');
      const commands = fix.commands.map((a) => `$ ${displayArgv(a)}`).join('\n    ');
      try {
        return await select<FixDecision>(
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
      } catch {
        // Ctrl-C or a closed terminal at the prompt: change nothing more.
        return 'quit';
      }
    },
  };
}
