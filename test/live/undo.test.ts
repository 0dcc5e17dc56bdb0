/**
 * Live tests of the safety net (issue 4): a run killed with SIGKILL in the middle of applying
 * leaves a journal the next `pktdrop undo` can use; two runs on one target do not both change it.
 * They run the real CLI (dist/, built by `npm test`'s prepare step or `npm run build`) as separate
 * processes against a real lab.
 */
import { describe, expect, test } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCommand } from '../../src/targets/runner.js';
import { inLabNamespace, labName, requireLabOrSkip, runner, withLab, type LabInfo } from './lab-fixture.js';

const BIN = new URL('../../bin/pktdrop', import.meta.url).pathname;
const DIST = new URL('../../dist/bundle/main.js', import.meta.url).pathname;

async function filterState(info: LabInfo): Promise<string> {
  const ipt = await runner.run(readCommand(inLabNamespace(info, ['iptables-save'])));
  const tc = await runner.run(readCommand(inLabNamespace(info, ['tc', 'qdisc', 'show', 'dev', 'eth0'])));
  return `${ipt.stdout.split('\n').filter((l) => !l.startsWith('#')).join('\n')}\n${tc.stdout}`;
}

interface Child {
  readonly done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  readonly pid: number | undefined;
  kill(signal: NodeJS.Signals): void;
  /** Close the child's stdin (with openStdin): an operator session that went away. */
  closeStdin(): void;
}

/** The real CLI as a separate process (this test's own helper, not part of pktdrop). */
function cli(args: string[], stateDir: string, openStdin = false): Child {
  const p = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, PKTDROP_STATE_DIR: stateDir }, stdio: [openStdin ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  p.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  p.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    p.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { done, pid: p.pid, kill: (s) => p.kill(s), closeStdin: () => p.stdin?.end() };
}

async function journalFiles(stateDir: string): Promise<string[]> {
  const dir = join(stateDir, 'journal');
  const out: string[] = [];
  for (const t of await readdir(dir).catch(() => [])) {
    for (const f of await readdir(join(dir, t)).catch(() => [])) if (f.endsWith('.json')) out.push(join(dir, t, f));
  }
  return out;
}

describe('undo after a killed run', () => {
  test('SIGKILL mid-apply leaves a journal; the next pktdrop undo restores the rules in place and the qdisc with its parameters', async (ctx) => {
    await requireLabOrSkip('docker', ctx);
    expect(existsSync(DIST), 'dist/ is built (npm ci / npm run build)').toBe(true);
    const state = await mkdtemp(join(tmpdir(), 'pktdrop-kill-'));
    try {
      await withLab({ name: labName('pdlive-kill'), engine: 'docker', faults: ['iptables-random-drop', 'qdisc-drop'] }, async (info) => {
        const faulty = await filterState(info);
        const run = cli(['diagnose', '--container', info.name, '--yes', '--json', '--no-trace'], state);
        // Kill it as soon as the journal shows the first change under way.
        const deadline = Date.now() + 60_000;
        let killedWith = '';
        while (Date.now() < deadline) {
          const files = await journalFiles(state);
          const text = files.length > 0 ? await readFile(files[0] ?? '', 'utf8').catch(() => '') : '';
          if (/"status": "(pending|applied)"/.test(text)) {
            run.kill('SIGKILL');
            killedWith = text;
            break;
          }
          await new Promise((r) => setTimeout(r, 2));
        }
        const result = await run.done;
        expect(killedWith, `the run reached apply; stderr: ${result.stderr}`).not.toBe('');
        expect(result.signal).toBe('SIGKILL');
        // Whatever the kill interrupted, undo brings back the faulty state exactly.
        const undo = cli(['undo', '--container', info.name], state);
        const u = await undo.done;
        expect(u.code, u.stdout + u.stderr).toBe(0);
        expect(await filterState(info)).toBe(faulty);
      });
    } finally {
      await rm(state, { recursive: true, force: true });
    }
  });
});

describe('one pktdrop at a time per target', () => {
  test('a second run that would change the same target waits, then refuses naming the holder (exit 2)', async (ctx) => {
    await requireLabOrSkip('docker', ctx);
    const state = await mkdtemp(join(tmpdir(), 'pktdrop-lock-'));
    try {
      await withLab({ name: labName('pdlive-lock'), engine: 'docker', faults: ['iptables-random-drop'] }, async (info) => {
        // The first run holds the lock for its whole run: with --confirm-timeout it waits for a
        // confirmation on its (open, silent) stdin; closing stdin then means the session was lost.
        const first = cli(['diagnose', '--container', info.name, '--yes', '--confirm-timeout', '60', '--no-trace', '--count', '10'], state, true);
        const lockFile = join(state, 'locks', `container-${info.name}.lock`);
        const deadline = Date.now() + 30_000;
        while (!existsSync(lockFile) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        expect(existsSync(lockFile)).toBe(true);
        const second = await cli(['diagnose', '--container', info.name, '--yes', '--no-trace', '--count', '5'], state).done;
        expect(second.code).toBe(2);
        expect(second.stderr).toMatch(/another pktdrop \(pid \d+/);
        const dry = await cli(['diagnose', '--container', info.name, '--dry-run', '--no-trace', '--count', '5', '--json'], state).done;
        expect([0, 1], 'a dry run changes nothing and needs no lock: never refused').toContain(dry.code);
        first.closeStdin();
        const r = await first.done;
        expect(r.stdout).toContain('Rolled back');
        expect(existsSync(lockFile), 'the lock is released at the end').toBe(false);
      });
    } finally {
      await rm(state, { recursive: true, force: true });
    }
  });
});
