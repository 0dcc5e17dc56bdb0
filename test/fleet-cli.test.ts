/**
 * Hostile host names and inventory entries are refused with exit 2 before any process starts:
 * the real CLI entry runs with a strict fake runner that has no answer at all, so any process
 * (ssh, ssh -G, sudo, anything) would fail the test; `calls` proves none was asked for.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main, type CliIo } from '../src/cli/main.js';
import { FakeRunner } from './fakes/fake-runner.js';

async function cli(argv: string[], runner: FakeRunner) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), stdoutIsTty: false, stderrIsTty: false, stdinIsTty: false, env: {}, isRoot: true };
  const code = await main(['node', 'pktdrop', ...argv], io, { fleet: { runner }, diagnose: { runner, lock: false }, undo: { runner, lock: false } });
  return { code, stdout, stderr };
}

const HOSTILE = ['-oProxyCommand=touch /tmp/pktdrop-pwned', '-oProxyCommand=sh', '$(reboot)', '`reboot`', 'a;id', 'h|id', 'x y', "h'", 'h%n', 'u$(id)@h', 'h:22x'];

describe('hostile host names: exit 2, no process started', () => {
  it.each(HOSTILE)('diagnose --host %j', async (name) => {
    const runner = new FakeRunner();
    const r = await cli(['diagnose', '--host', name], runner);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^pktdrop: .*(starts with "-"|not a valid|not a number)/);
    expect(runner.calls).toEqual([]);
  });

  it.each(HOSTILE)('undo --host %j', async (name) => {
    const runner = new FakeRunner();
    expect((await cli(['undo', '--host', name], runner)).code).toBe(2);
    expect(runner.calls).toEqual([]);
  });

  it('--probe-from: a hostile name, or --probe-from without --host, exits 2 with no process', async () => {
    const runner = new FakeRunner();
    expect((await cli(['diagnose', '--host', 'web-01', '--probe-from', '-oProxyCommand=x'], runner)).code).toBe(2);
    expect((await cli(['diagnose', '--host', 'web-01', '--probe-from', '$(id)'], runner)).code).toBe(2);
    const r = await cli(['diagnose', '--probe-from', 'web-02'], runner);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--probe-from goes with --host/);
    expect(runner.calls).toEqual([]);
  });

  it('fleet -H with one hostile name among good ones refuses the whole list (JSON: the error document)', async () => {
    const runner = new FakeRunner();
    const r = await cli(['fleet', 'diagnose', '-H', 'web-01 $(reboot) web-02', '--json'], runner);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ error: { kind: 'usage' } });
    expect(runner.calls).toEqual([]);
  });

  it('a hosts file and an ssh config with hostile entries', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pktdrop-fleet-cli-'));
    await writeFile(join(dir, 'hosts'), 'web-01\n-oProxyCommand=touch_/tmp/x\n');
    await writeFile(join(dir, 'ssh_config'), 'Host web-01\nHost $(reboot)\n');
    const runner = new FakeRunner();
    expect((await cli(['fleet', 'diagnose', '--hosts-file', join(dir, 'hosts')], runner)).code).toBe(2);
    expect((await cli(['fleet', 'diagnose', '--ssh-config', '-F', join(dir, 'ssh_config')], runner)).code).toBe(2);
    expect(runner.calls).toEqual([]);
  });

  it('an INI inventory (no Ansible): the only process is the ansible-inventory look-up; then exit 2', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pktdrop-fleet-cli-'));
    const inv = join(dir, 'hosts.ini');
    await writeFile(inv, '[web]\nweb-01\nweb-02 ansible_host=-oProxyCommand=x\n');
    // env's own words when the program is missing (recorded here: coreutils 9.1).
    const runner = new FakeRunner().on(['env', 'LC_ALL=C.UTF-8', 'LANG=C.UTF-8', 'ansible-inventory', '-i', inv, '--list'], { exitCode: 127, stderr: "env: 'ansible-inventory': No such file or directory\n" });
    const r = await cli(['fleet', 'diagnose', '-i', inv], runner);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/refusing the inventory: host web-02: .*starts with "-"/);
    expect(runner.calls.map((c) => c.argv[3])).toEqual(['ansible-inventory']);
  });

  it('usage: no host source, two sources, no host matching --limit', async () => {
    const runner = new FakeRunner();
    expect((await cli(['fleet', 'diagnose'], runner)).code).toBe(2);
    expect((await cli(['fleet', 'diagnose', '-H', 'a', '--ssh-config'], runner)).code).toBe(2);
    const r = await cli(['fleet', 'diagnose', '-H', 'a b', '--limit', 'c*'], runner);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no host matched --limit c\*/);
    expect(runner.calls).toEqual([]);
  });
});
