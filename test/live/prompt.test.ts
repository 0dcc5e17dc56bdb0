/**
 * The wizard in a real terminal: the CLI runs in a pseudo-terminal (test/live/pty-drive.py, python3's
 * pty module) against a real lab, as a person would run it. Ctrl-C at the first fix question exits
 * 130, says nothing was changed and changes nothing. Also in a pseudo-terminal that reports no window
 * size (as `script` gives): there the spinner once redrew forever (ora divides by the width) and the
 * run never reached its question; now it runs without a spinner.
 */
import { describe, expect, test } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCommand } from '../../src/targets/runner.js';
import { inLabNamespace, labName, requireLabOrSkip, runner, withLab, type LabInfo } from './lab-fixture.js';

const BIN = new URL('../../bin/pktdrop', import.meta.url).pathname;
const DRIVER = new URL('./pty-drive.py', import.meta.url).pathname;
const DIST = new URL('../../dist/bundle/main.js', import.meta.url).pathname;

async function rules(info: LabInfo): Promise<string> {
  const r = await runner.run(readCommand(inLabNamespace(info, ['iptables-save'])));
  return r.stdout.split('\n').filter((l) => !l.startsWith('#')).map((l) => l.replace(/\[\d+:\d+\]/g, '')).join('\n');
}

async function ctrlCAtFirstQuestion(info: LabInfo, cols: number, stateDir: string): Promise<{ code: number; typed: boolean; screen: string }> {
  const argv = ['python3', DRIVER, String(cols), '30', 'Fix 1/', '\\x03', '150', '--', 'env', `PKTDROP_STATE_DIR=${stateDir}`, process.execPath, BIN, 'diagnose', '--container', info.name];
  const r = await runner.run(readCommand(argv, 180_000));
  const m = /PTY-EXIT=(-?\d+) TYPED=(True|False)\s*$/.exec(r.stdout);
  return { code: m ? Number(m[1]) : -1, typed: m?.[2] === 'True', screen: r.stdout };
}

describe('the wizard in a pseudo-terminal', () => {
  for (const cols of [100, 0]) {
    test(`Ctrl-C at the first fix question: exit 130, "nothing was changed", the rules untouched (${cols ? `${cols} columns` : 'a pty with no size'})`, async (ctx) => {
      await requireLabOrSkip('docker', ctx);
      expect(existsSync(DIST), 'dist/ is built (npm ci / npm run build)').toBe(true);
      const state = await mkdtemp(join(tmpdir(), 'pktdrop-pty-'));
      try {
        await withLab({ name: labName('pdpty'), engine: 'docker', faults: ['iptables-random-drop'] }, async (info) => {
          const before = await rules(info);
          expect(before).toContain('--probability');
          const run = await ctrlCAtFirstQuestion(info, cols, state);
          expect(run.typed, `the question was shown:\n${run.screen.slice(-3000)}`).toBe(true);
          expect(run.code).toBe(130);
          expect(run.screen).toContain('nothing was changed');
          expect(run.screen).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
          expect(await rules(info)).toBe(before);
        });
      } finally {
        await rm(state, { recursive: true, force: true });
      }
    });
  }
});
