import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileJournal } from './journal.js';
import type { FixProposal } from '../core/types.js';

const fix: FixProposal = {
  id: 'qdisc.drops:target:qdisc tbf 8001: dev eth0 root',
  findingId: 'qdisc.drops',
  subject: 'qdisc tbf 8001: dev eth0 root',
  title: 'Delete the tbf qdisc on eth0',
  risk: 'disruptive',
  scope: 'target',
  commands: [['tc', 'qdisc', 'del', 'dev', 'eth0', 'root']],
  inverse: [['tc', 'qdisc', 'add', 'dev', 'eth0', 'root', 'handle', '8001:', 'tbf', 'rate', '1Kbit', 'burst', '300b', 'limit', '100b']],
  presence: { argv: ['tc', 'qdisc', 'show', 'dev', 'eth0'], marker: 'qdisc tbf 8001: ', match: 'substring' },
};
const target = { kind: 'container', ref: 'nginx', runtime: 'docker' } as const;

describe('FileJournal on disk', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pktdrop-journal-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads back everything it wrote, and saving it again (as undo does) loses nothing', async () => {
    const journal = new FileJournal(dir);
    const run = await journal.begin(target);
    const state = { command: 'tc qdisc show dev eth0', output: 'qdisc tbf 8001: root refcnt 3 rate 1Kbit burst 300b limit 100b \n' };
    const entry = await run.record(fix, state);
    entry.status = 'applied';
    entry.completed = 1;
    await run.update(entry);
    const written = JSON.parse(await readFile(run.path, 'utf8'));

    const [handle] = await journal.latest(target);
    expect(handle?.doc.entries[0]).toEqual(expect.objectContaining({ stateBefore: state, presence: fix.presence, inverse: fix.inverse, status: 'applied', completed: 1 }));
    await handle?.save();
    expect(JSON.parse(await readFile(run.path, 'utf8'))).toEqual(written);
  });
});
