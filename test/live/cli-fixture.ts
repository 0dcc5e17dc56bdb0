/**
 * The real CLI run in this process (main with a captured io), for the live tests that read its
 * output: the same wiring as `pktdrop` on a terminal, with a state directory of the test's own.
 */
import { main } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/context.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `pktdrop ARGS` with its journal, locks and labs under `stateDir`. */
export async function runPktdrop(args: readonly string[], stateDir: string): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
    stdoutIsTty: false,
    stderrIsTty: false,
    stdinIsTty: false,
    env: { ...process.env, PKTDROP_STATE_DIR: stateDir },
    isRoot: process.getuid?.() === 0,
  };
  // Labs built without the CLI read the state directory from the process: keep the two in step.
  const saved = process.env['PKTDROP_STATE_DIR'];
  process.env['PKTDROP_STATE_DIR'] = stateDir;
  try {
    const code = await main(['node', 'pktdrop', ...args], io);
    return { code, stdout, stderr };
  } finally {
    if (saved === undefined) delete process.env['PKTDROP_STATE_DIR'];
    else process.env['PKTDROP_STATE_DIR'] = saved;
  }
}

/** The same, with the one JSON document of `--json` parsed (the caller names the fields it reads). */
export async function runPktdropJson<T>(args: readonly string[], stateDir: string): Promise<CliRun & { report?: T }> {
  const run = await runPktdrop(args, stateDir);
  const report: T | undefined = run.stdout.trim().startsWith('{') ? JSON.parse(run.stdout) : undefined;
  return { ...run, ...(report ? { report } : {}) };
}
