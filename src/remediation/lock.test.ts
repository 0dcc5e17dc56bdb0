import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireTargetLock } from './lock.js';

const target = { kind: 'container', ref: 'nginx', runtime: 'docker' } as const;

describe('acquireTargetLock', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pktdrop-lock-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('gives the lock to one holder and refuses a second live one, naming the holder', async () => {
    const first = await acquireTargetLock(target, { dir, pid: 111, command: 'pktdrop diagnose --container nginx', isAlive: () => true });
    expect(first.ok).toBe(true);
    const second = await acquireTargetLock(target, { dir, pid: 222, waitMs: 50, pollMs: 10, isAlive: () => true });
    expect(second.ok).toBe(false);
    if (!second.ok) {
      expect(second.holder?.pid).toBe(111);
      expect(second.message).toContain('pid 111');
      expect(second.message).toContain('pktdrop diagnose --container nginx');
    }
  });

  it('waits briefly and gets the lock once the holder releases it', async () => {
    const first = await acquireTargetLock(target, { dir, pid: 111, isAlive: () => true });
    if (!first.ok) throw new Error('first lock refused');
    setTimeout(() => void first.release(), 30);
    const second = await acquireTargetLock(target, { dir, pid: 222, waitMs: 2000, pollMs: 10, isAlive: () => true });
    expect(second.ok).toBe(true);
  });

  it('takes over a stale lock whose owner died (a killed run)', async () => {
    const first = await acquireTargetLock(target, { dir, pid: 111, isAlive: () => true });
    expect(first.ok).toBe(true);
    const second = await acquireTargetLock(target, { dir, pid: 222, waitMs: 0, isAlive: (pid) => pid !== 111 });
    expect(second.ok).toBe(true);
    if (second.ok) expect(second.tookOverStale?.pid).toBe(111);
  });

  it('treats an unreadable lock file as stale rather than blocking forever', async () => {
    await mkdir(join(dir, 'locks'), { recursive: true });
    await writeFile(join(dir, 'locks', 'container-nginx.lock'), 'garbage');
    const r = await acquireTargetLock(target, { dir, pid: 333, waitMs: 0 });
    expect(r.ok).toBe(true);
    expect(JSON.parse(await readFile(join(dir, 'locks', 'container-nginx.lock'), 'utf8')).pid).toBe(333);
  });

  it('locks per target: another target is not blocked', async () => {
    await acquireTargetLock(target, { dir, pid: 111, isAlive: () => true });
    const other = await acquireTargetLock({ kind: 'netns', name: 'lab' }, { dir, pid: 222, waitMs: 0, isAlive: () => true });
    expect(other.ok).toBe(true);
  });

  it('release only removes its own lock', async () => {
    const first = await acquireTargetLock(target, { dir, pid: 111, isAlive: () => false });
    if (!first.ok) throw new Error('refused');
    const second = await acquireTargetLock(target, { dir, pid: 222, waitMs: 0, isAlive: () => false });
    expect(second.ok).toBe(true);
    await first.release();
    expect(JSON.parse(await readFile(join(dir, 'locks', 'container-nginx.lock'), 'utf8')).pid).toBe(222);
  });
});
