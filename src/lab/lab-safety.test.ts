/**
 * The lab's own exit paths (issue 13): `lab down` keeps the state of what it could not remove (Docker
 * unreachable: the container may still run), and `lab status` exits non-zero when a lab is broken.
 * The daemon-down message is Docker's own, recorded here (test/fixtures/docker/SOURCES.txt).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { FakeRunner } from '../../test/fakes/fake-runner.js';
import { labDown, labStatus } from './lab.js';
import { main } from '../cli/main.js';
import type { CliIo } from '../cli/context.js';

const daemonDown = readFileSync(new URL('../../test/fixtures/docker/inspect-daemon-down.stderr', import.meta.url), 'utf8');
const noSuch = readFileSync(new URL('../../test/fixtures/docker/inspect-no-such.stderr', import.meta.url), 'utf8');
const ID = 'c0ffee0123456789c0ffee0123456789c0ffee0123456789c0ffee0123456789';

/** A state directory holding one finished docker lab `t13` whose container is `ID`. */
function stateWithLab(): { stateDir: string; file: string } {
  const stateDir = mkdtempSync(join(tmpdir(), 'pktdrop-lab13-'));
  mkdirSync(join(stateDir, 'lab', 't13'), { recursive: true });
  const file = join(stateDir, 'lab', 't13.json');
  writeFileSync(file, `${JSON.stringify({ stateVersion: 1, name: 't13', engine: 'docker', createdAt: '2026-11-27T18:00:00Z', complete: true, containerId: ID, dir: join(stateDir, 'lab', 't13') })}\n`);
  return { stateDir, file };
}

describe('lab down with the engine unreachable', () => {
  test('says what it could not remove, removes nothing, and keeps the state for the next lab down', async () => {
    const { stateDir, file } = stateWithLab();
    const runner = new FakeRunner()
      .on(['docker', 'ps', '-a', '-q', '--no-trunc', '--filter', 'label=pktdrop.lab=t13'], { exitCode: 1, stderr: daemonDown })
      .on(['docker', 'rm', '-f', '-v', ID], { exitCode: 1, stderr: daemonDown });
    const r = await labDown(runner, { name: 't13' }, { stateDir });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/Cannot connect to the Docker daemon.*the lab's state is kept/);
    expect(r.removed).toEqual([]);
    expect(existsSync(file)).toBe(true);
    expect(runner.mutations).toEqual([['docker', 'rm', '-f', '-v', ID]]);
  });

  test('once the engine answers, the kept state removes the container and then the state', async () => {
    const { stateDir, file } = stateWithLab();
    const runner = new FakeRunner()
      .on(['docker', 'ps', '-a', '-q', '--no-trunc', '--filter', 'label=pktdrop.lab=t13'], `${ID}\n`)
      .on(['docker', 'rm', '-f', '-v', ID], `${ID}\n`);
    const r = await labDown(runner, { name: 't13' }, { stateDir });
    expect(r).toEqual({ ok: true, removed: [`container t13 (${ID.slice(0, 12)})`] });
    expect(existsSync(file)).toBe(false);
  });
});

describe('lab status of a broken lab', () => {
  const io = (out: string[], env: NodeJS.ProcessEnv): CliIo => ({ stdout: (s) => void out.push(s), stderr: (s) => void out.push(s), stdoutIsTty: false, stderrIsTty: false, stdinIsTty: false, env, isRoot: true });

  test('a container that is gone: BROKEN, exit 1', async () => {
    const { stateDir } = stateWithLab();
    const runner = new FakeRunner().on(['docker', 'container', 'inspect', ID], { exitCode: 1, stdout: '[]\n', stderr: noSuch });
    const out: string[] = [];
    const code = await main(['node', 'pktdrop', 'lab', 'status'], io(out, { PKTDROP_STATE_DIR: stateDir }), { lab: { runner } });
    expect(code).toBe(1);
    expect(out.join('')).toMatch(/^t13 \[docker\] BROKEN: .*container is gone/);
  });

  test('Docker not answering: the lab cannot be checked, which is not "gone" and not "up"', async () => {
    const { stateDir } = stateWithLab();
    const runner = new FakeRunner().on(['docker', 'container', 'inspect', ID], { exitCode: 1, stderr: daemonDown });
    const r = await labStatus(runner, { stateDir });
    if (!r.ok) throw new Error(r.message);
    expect(r.labs.map((l) => l.healthy)).toEqual([false]);
    expect(r.labs[0]?.problems).toContainEqual(expect.stringMatching(/^docker does not answer \(.*\): the lab cannot be checked$/));
    expect(r.labs[0]?.problems).not.toContain('container is gone');
  });
});
