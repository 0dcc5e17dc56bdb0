/**
 * Pinning (issue 13): the start time read from a real `/proc/PID/stat`, identity comparisons, and the
 * real ProcPinner on this machine's /proc: a child process of this test plays the container's init
 * (same network namespace as the test; no root needed), a file in a scratch directory plays
 * /run/netns/NAME (a name whose inode is compared, as nsfs inodes are).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { identityMismatch, parseStartTime, ProcPinner, readBootId } from './pin.js';
import type { ResolvedTarget } from '../core/target.js';

const STAT = readFileSync(new URL('../../test/fixtures/proc/pid-stat.txt', import.meta.url), 'utf8');

const container = (pid: number): ResolvedTarget => ({
  spec: { kind: 'container', ref: 'web', runtime: 'docker' },
  label: 'container web (3f2a1b9c0d1e)',
  access: { via: 'nsenter', pid },
  identity: { containerId: '3f2a1b9c0d1e', pid },
  addresses: [],
  listeningPorts: [],
  interfaces: [],
  notes: [],
});

describe('parseStartTime', () => {
  it('reads field 22 of a real /proc/PID/stat', () => {
    expect(parseStartTime(STAT)).toBe(272447);
  });
  it('a command name with spaces and parentheses does not shift the fields (synthetic name in the real line)', () => {
    expect(parseStartTime(STAT.replace('(cat)', '(a) b (c)'))).toBe(272447);
  });
  it('garbage and cut lines are undefined, never a number', () => {
    expect(parseStartTime('')).toBeUndefined();
    expect(parseStartTime('123 (x) S 1 2')).toBeUndefined();
    expect(parseStartTime(STAT.replace('272447', 'x'))).toBeUndefined();
  });
});

describe('identityMismatch', () => {
  const then = { bootId: 'b1f3c0de-0000-4000-8000-000000000001', containerId: 'aaaaaaaaaaaa1111', netnsInode: 4026532001, pid: 100, pidStart: 5000 };
  it('the same instance: nothing', () => {
    expect(identityMismatch('container web', then, { ...then })).toBeUndefined();
  });
  it('a reboot, a re-created container, a re-created namespace, a restarted init: each said as such', () => {
    expect(identityMismatch('container web', then, { ...then, bootId: 'c2f3c0de-0000-4000-8000-000000000002' })).toMatch(/^the host has rebooted since \(boot id b1f3c0de then, c2f3c0de now\)/);
    expect(identityMismatch('container web', then, { ...then, containerId: 'bbbbbbbbbbbb2222' })).toMatch(/^container web is another container now \(id aaaaaaaaaaaa then, bbbbbbbbbbbb now\): it was removed and created again/);
    expect(identityMismatch('network namespace lab', { netnsInode: 1 }, { netnsInode: 2 })).toMatch(/^network namespace lab is in another network namespace now \(inode 1 then, 2 now\)/);
    expect(identityMismatch('container web', then, { ...then, pid: 101, pidStart: 6000 })).toMatch(/was restarted \(init pid 100 then, 101 now\)/);
  });
  it('what one side does not know is not compared', () => {
    expect(identityMismatch('container web', { containerId: 'a' }, { bootId: 'x' })).toBeUndefined();
  });
});

describe('ProcPinner on this machine', () => {
  it('reads the boot id', async () => {
    expect(await readBootId()).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('holds a process\'s network namespace by descriptor and sees the process go', async () => {
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    const exited = new Promise((r) => child.once('exit', r));
    const pid = child.pid ?? 0;
    try {
      const p = await new ProcPinner().pin(container(pid));
      if (!p.ok) throw new Error(p.message);
      const a = p.pinned.target.access;
      expect(a).toMatchObject({ via: 'nsenter', pid, pinned: expect.stringMatching(new RegExp(`^/proc/${process.pid}/fd/\\d+$`)) });
      expect(p.pinned.target.identity).toMatchObject({ containerId: '3f2a1b9c0d1e', pid, netnsInode: statSync('/proc/self/ns/net').ino, pidStart: expect.any(Number) });
      // The held descriptor is the namespace itself.
      if (a.via === 'nsenter' && a.pinned) expect(statSync(a.pinned).ino).toBe(statSync('/proc/self/ns/net').ino);
      expect(await p.pinned.lost()).toBeUndefined();
      child.kill('SIGKILL');
      await exited;
      expect(await p.pinned.lost()).toBe(`container web stopped (its init, pid ${pid}, is gone)`);
      await p.pinned.release();
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('a process gone before it is pinned: one line, nothing held', async () => {
    const child = spawn('true', [], { stdio: 'ignore' });
    const pid = child.pid ?? 0;
    await new Promise((r) => child.once('exit', r));
    const p = await new ProcPinner().pin(container(pid));
    expect(p).toEqual({ ok: false, message: 'container web stopped while it was being resolved: nothing was read or changed' });
  });

  it('a named namespace deleted, then created again under the same name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pktdrop-netns-'));
    writeFileSync(join(dir, 'lab1'), '');
    const target: ResolvedTarget = { ...container(1), spec: { kind: 'netns', name: 'lab1' }, label: 'netns lab1', access: { via: 'netns', name: 'lab1' }, identity: {} };
    const p = await new ProcPinner({ netnsDir: dir }).pin(target);
    if (!p.ok) throw new Error(p.message);
    expect(p.pinned.target.access).toMatchObject({ via: 'netns', name: 'lab1', pinned: expect.stringMatching(/^\/proc\/\d+\/fd\/\d+$/) });
    expect(await p.pinned.lost()).toBeUndefined();
    rmSync(join(dir, 'lab1'));
    expect(await p.pinned.lost()).toBe('network namespace lab1 was deleted');
    // A new file under the name: the held one is still open, so the new one cannot reuse its inode.
    writeFileSync(join(dir, 'lab1'), '');
    expect(await p.pinned.lost()).toBe('network namespace lab1 was deleted and created again (another namespace under the same name)');
    await p.pinned.release();
    expect(await new ProcPinner({ netnsDir: dir }).pin({ ...target, spec: { kind: 'netns', name: 'nosuch' }, access: { via: 'netns', name: 'nosuch' } })).toEqual({
      ok: false,
      message: 'no network namespace named "nosuch": ip netns list shows them',
    });
  });
});
