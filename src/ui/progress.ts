/**
 * Spinners on stderr while the engine works: the only importer of ora. Off under --json, when stderr
 * is not a terminal, and in a terminal that reports no width (src/cli/diagnose-command.ts decides).
 *
 * Each spinner names the step (the engine's label, in the user's language) and the scope (the
 * target's label). A measurement window also shows its elapsed time against the time it should take
 * (probes × interval + the last probe's timeout, or the idle window), updated each second: the probe
 * module reports its figures only at the end, so the count of answers is not shown while it runs.
 */
import type { EngineEvent } from '../diagnose/run.js';
import { say, tr, type Lang } from '../i18n/index.js';

export interface Progress {
  readonly onEvent: (e: EngineEvent) => void;
  /** Stop any spinner before other output goes to the terminal. */
  readonly pause: () => void;
}

export const noProgress: Progress = { onEvent: () => {}, pause: () => {} };

/** The spinner's text for a phase. Pure. */
export function phaseText(lang: Lang, label: string, target: string | undefined, elapsedMs?: number, expectedMs?: number): string {
  const l = tr(lang, label);
  if (target === undefined) return l;
  if (elapsedMs !== undefined && expectedMs !== undefined) {
    return say(lang, 'ui.progress.window', { label: l, target, elapsed: Math.floor(elapsedMs / 1000), expected: Math.max(1, Math.round(expectedMs / 1000)) });
  }
  return say(lang, 'ui.progress.scope', { label: l, target });
}

export async function spinnerProgress(lang: Lang = 'en', now: () => number = Date.now): Promise<Progress> {
  const { default: ora } = await import('ora');
  const spinner = ora({ stream: process.stderr, discardStdin: false });
  let target: string | undefined;
  let ticker: NodeJS.Timeout | undefined;
  const stopTicker = () => {
    if (ticker) clearInterval(ticker);
    ticker = undefined;
  };
  const stop = () => {
    stopTicker();
    spinner.stop();
  };
  return {
    onEvent(e) {
      if (e.type === 'resolved') target = e.target.label;
      if (e.type === 'phase') {
        stopTicker();
        if (e.phase === 'window' && e.expectedMs !== undefined) {
          const started = now();
          const expected = e.expectedMs;
          spinner.start(phaseText(lang, e.label, target, 0, expected));
          ticker = setInterval(() => {
            spinner.text = phaseText(lang, e.label, target, now() - started, expected);
          }, 1000);
          ticker.unref();
        } else {
          spinner.start(phaseText(lang, e.label, target));
        }
      } else stop();
    },
    pause: stop,
  };
}
