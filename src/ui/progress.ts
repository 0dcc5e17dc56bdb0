/**
 * Spinners on stderr while the engine works: the only importer of ora. Off under --json and when
 * stderr is not a terminal.
 */
import type { EngineEvent } from '../diagnose/run.js';

export interface Progress {
  readonly onEvent: (e: EngineEvent) => void;
  /** Stop any spinner before other output goes to the terminal. */
  readonly pause: () => void;
}

export const noProgress: Progress = { onEvent: () => {}, pause: () => {} };

export async function spinnerProgress(): Promise<Progress> {
  const { default: ora } = await import('ora');
  const spinner = ora({ stream: process.stderr, discardStdin: false });
  return {
    onEvent(e) {
      if (e.type === 'phase') spinner.start(e.label);
      else if (e.type === 'phase-done') spinner.stop();
      else spinner.stop();
    },
    pause: () => spinner.stop(),
  };
}
