/**
 * Undo that checks identity (issue 13): a journal of another instance of the target (a container
 * re-created under its name, a namespace re-created, a host rebooted) is refused and changes nothing;
 * a hand-edited entry is refused; the journal on disk is root-only. The container and its journal
 * are the test's own; the strict fake refuses any command the test did not expect.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeRunner } from '../../test/fakes/fake-runner.js';
import type { ResolvedTarget, TargetIdentity } from '../core/target.js';
import type { FixProposal } from '../core/types.js';
import { FileJournal, MemoryJournal } from './journal.js';
import { otherInstance, undoChanges } from './undo.js';
import { acquireTargetLock } from './lock.js';

const BOOT = 'b1f3c0de-0000-4000-8000-000000000001';
const OLD: TargetIdentity = { bootId: BOOT, containerId: 'aaaaaaaaaaaa0000000000000000000000000000000000000000000000000000', netnsInode: 4026532001, pid: 100, pidStart: 5000 };
const spec = { kind: 'container', ref: 'web', runtime: 'docker' } as const;
const target = (identity?: TargetIdentity): ResolvedTarget => ({
  spec, label: 'container web (bbbbbbbbbbbb)', access: { via: 'nsenter', pid: 200 }, ...(identity ? { identity } : {}), addresses: [], listeningPorts: [], interfaces: ['eth0'], notes: [],
});
const TBF: FixProposal = {
  id: 'qdisc.drops:target:qdisc tbf 800b: dev eth0 root', findingId: 'qdisc.drops', subject: 'qdisc tbf 800b: dev eth0 root', title: 'Delete the tbf qdisc on eth0', risk: 'disruptive', scope: 'target',
  commands: [['tc', 'qdisc', 'del', 'dev', 'eth0', 'root']],
  inverse: [['tc', 'qdisc', 'add', 'dev', 'eth0', 'root', 'handle', '800b:', 'tbf', 'rate', '1Kbit', 'burst', '300b', 'limit', '100b']],
  presence: { argv: ['tc', 'qdisc', 'show', 'dev', 'eth0'], marker: 'qdisc tbf 800b: ', match: 'substring' },
};

async function journalWith(identity: TargetIdentity | undefined, fix: FixProposal = TBF): Promise<MemoryJournal> {
  const j = new MemoryJournal();
  const run = await j.begin(spec, identity);
  const e = await run.record(fix);
  e.status = 'applied';
  e.completed = 1;
  return j;
}

describe('undo refuses another instance', () => {
  it('a container re-created under the same name: nothing is run in the new one, and it says why', async () => {
    const journal = await journalWith(OLD);
    const runner = new FakeRunner();
    const now = { ...OLD, containerId: 'bbbbbbbbbbbb0000000000000000000000000000000000000000000000000000', netnsInode: 4026532999, pid: 200, pidStart: 9000 };
    const r = await undoChanges(runner, target(now), journal);
    expect(r.steps).toEqual([expect.objectContaining({ status: 'refused', message: expect.stringMatching(/^refused: container web is another container now \(id aaaaaaaaaaaa then, bbbbbbbbbbbb now\): it was removed and created again under the same name\. Nothing was run in container web/) })]);
    expect(runner.mutations).toEqual([]);
    // Closed: the change went with the old container; the next undo has nothing to do.
    expect(journal.runs[0]?.entries[0]?.status).toBe('instance-gone');
    expect((await undoChanges(runner, target(now), journal)).steps).toEqual([]);
  });

  it('a reboot since the run: refused as such', () => {
    expect(otherInstance({ identity: OLD }, target({ ...OLD, bootId: 'c2f3c0de-0000-4000-8000-000000000002' }))).toMatch(/^the host has rebooted since/);
  });

  it('a journal that does not record its instance, read by a pinned undo: refused (it cannot tell)', () => {
    expect(otherInstance({}, target(OLD))).toMatch(/does not say which instance of container web it changed/);
  });

  it('the same instance: the inverse runs and the qdisc is back', async () => {
    const journal = await journalWith(OLD);
    const add = TBF.inverse[0]!;
    const runner = new FakeRunner().on(['nsenter', '-t', '200', '-n', '--', ...add], '').on(['nsenter', '-t', '200', '-n', '--', 'tc', 'qdisc', 'show', 'dev', 'eth0'], 'qdisc tbf 800b: root refcnt 2 rate 1Kbit burst 300b lat 0us\n');
    const r = await undoChanges(runner, target(OLD), journal);
    expect(r.steps.map((s) => [s.status, s.verified])).toEqual([['undone', true]]);
  });
});

describe('undo refuses an entry pktdrop did not write', () => {
  it('an inverse edited into "iptables -F" is refused and left as it is; nothing runs', async () => {
    const journal = await journalWith(OLD, { ...TBF, inverse: [['iptables', '-t', 'filter', '-F', 'INPUT']] });
    const runner = new FakeRunner();
    const r = await undoChanges(runner, target(OLD), journal);
    expect(r.steps).toEqual([expect.objectContaining({ status: 'refused', commands: [], message: expect.stringMatching(/^refused: this journal entry is not one pktdrop writes \(only -I .*\); it was edited by hand/) })]);
    expect(runner.mutations).toEqual([]);
    expect(journal.runs[0]?.entries[0]?.status).toBe('applied');
  });

  it('a journal file edited on disk: read back, refused the same way', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pktdrop-journal13-'));
    const fj = new FileJournal(dir);
    const run = await fj.begin(spec, OLD);
    const e = await run.record(TBF);
    e.status = 'applied';
    await run.update(e);
    const text = readFileSync(run.path, 'utf8');
    writeFileSync(run.path, text.replace('"add",', '"change",').replace('"tbf"', '"netem"'));
    const r = await undoChanges(new FakeRunner(), target(OLD), fj);
    expect(r.steps.map((s) => s.status)).toEqual(['refused']);
  });
});

describe('journal and lock files are root-only', () => {
  it('journal dirs 0700, journal files 0600, lock dir 0700 and lock file 0600', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pktdrop-modes-'));
    const run = await new FileJournal(dir).begin(spec, OLD);
    await run.record(TBF);
    const mode = (p: string): number => statSync(p).mode & 0o777;
    expect(mode(join(dir, 'journal'))).toBe(0o700);
    expect(mode(join(dir, 'journal', 'container-web'))).toBe(0o700);
    expect(mode(run.path)).toBe(0o600);
    const lock = await acquireTargetLock(spec, { dir, pid: 4242, isAlive: () => true });
    if (!lock.ok) throw new Error(lock.message);
    expect(mode(join(dir, 'locks'))).toBe(0o700);
    expect(readdirSync(join(dir, 'locks')).map((f) => mode(join(dir, 'locks', f)))).toEqual([0o600]);
    await lock.release();
  });

  it('a state directory that cannot be written: one line, no exception, nothing changed', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'pktdrop-ro13-'));
    const file = join(parent, 'not-a-dir');
    writeFileSync(file, '');
    const lock = await acquireTargetLock(spec, { dir: file });
    expect(lock).toEqual({ ok: false, state: true, message: `the state directory ${file} is not a directory: nothing was changed (journals and locks live there); set PKTDROP_STATE_DIR to a writable directory` });
  });
});
