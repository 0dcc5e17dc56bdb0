/**
 * The rollback timer's script, run by the local sh and setsid (what runs on a remote host over
 * ssh): it fires after its time and runs the inverses newest first as data; a cancel stops it and
 * leaves no process; re-arming replaces the old timer. Over real ssh: test/live/fleet.test.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProcessRunner } from '../targets/runner.js';
import { DeadMan } from './dead-man.js';

const sh = new ProcessRunner();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the rollback timer', () => {
  it('fires after its time: the inverses run newest first, with hostile words as data; it leaves .fired and no pid file', { timeout: 30_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pktdrop-deadman-'));
    const log = join(dir, 'log');
    const timer = new DeadMan(sh, join(dir, 'deadman', 'run1.pid'));
    await timer.arm(1, [['sh', '-c', 'printf "%s\\n" "$1" >>"$2"', 'x', 'second $(touch pwned)', log], ['sh', '-c', 'printf "%s\\n" "$1" >>"$2"', 'x', 'first', log]]);
    expect(existsSync(join(dir, 'deadman', 'run1.pid'))).toBe(true);
    expect(existsSync(log)).toBe(false);
    // Up to 10 s for a 1 s timer: the unit suite runs many files at once on a shared machine.
    // The timer writes .fired, then removes its pid file: wait for both (a loaded machine once read between them).
    const settled = (): boolean => existsSync(join(dir, 'deadman', 'run1.fired')) && !existsSync(join(dir, 'deadman', 'run1.pid'));
    for (let i = 0; i < 100 && !settled(); i++) await sleep(100);
    expect(readFileSync(log, 'utf8')).toBe('second $(touch pwned)\nfirst\n');
    expect(existsSync(join(dir, 'pwned'))).toBe(false);
    expect(existsSync(join(dir, 'deadman', 'run1.pid'))).toBe(false);
  });

  it('a cancel stops it (nothing runs); re-arming replaces the old timer', { timeout: 30_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pktdrop-deadman-'));
    const mark = (name: string) => ['touch', join(dir, name)];
    const timer = new DeadMan(sh, join(dir, 'deadman', 'run2.pid'));
    await timer.arm(1, [mark('old')]);
    await timer.arm(1, [mark('new')]);
    for (let i = 0; i < 100 && !existsSync(join(dir, 'new')); i++) await sleep(100);
    await sleep(500);
    expect(existsSync(join(dir, 'old'))).toBe(false);
    expect(existsSync(join(dir, 'new'))).toBe(true);
    await timer.arm(1, [mark('cancelled')]);
    expect(await timer.cancel()).toBe(true);
    await sleep(1800);
    expect(existsSync(join(dir, 'cancelled'))).toBe(false);
    expect(existsSync(join(dir, 'deadman', 'run2.pid'))).toBe(false);
    const ps = await sh.run({ argv: ['ps', '-eo', 'args='], mutates: false, timeoutMs: 5000 });
    expect(ps.stdout.split('\n').filter((l) => l.includes(dir))).toEqual([]);
  });
});
