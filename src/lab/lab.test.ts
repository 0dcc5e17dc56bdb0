import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { FakeRunner, repeat } from '../../test/fakes/fake-runner.js';
import { labDown, labStatus, labUp } from './lab.js';
import { hostVethName } from './lab-parts.js';

// Recorded on this Debian 12 VM (kernel 6.18.44): `ip -j addr` (see __fixtures__/ip-j-addr.host.source.txt).
const hostAddrs = readFileSync(new URL('./__fixtures__/ip-j-addr.host.json', import.meta.url), 'utf8');
const veth = hostVethName('t1');

describe('labUp on a strict fake runner', () => {
  test('a failure half-way rolls back exactly what was created (netns) and leaves no state', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'pktdrop-lab-test-'));
    const runner = new FakeRunner()
      .on(['ip', '-V'], 'ip utility, iproute2-6.1.0, libbpf 1.1.2\n') // recorded on this VM: ip -V
      .on(['nginx', '-v'], { stderr: 'nginx version: nginx/1.22.1\n' })
      .on(['ip', '-j', 'netns', 'list'], '[]\n', '[{"name":"t1"}]\n')
      .on(['ip', '-j', 'link', 'show', 'dev', veth], { exitCode: 1, stderr: `Device "${veth}" does not exist.\n` })
      .on(['ip', '-j', 'addr'], hostAddrs)
      .on(['ip', 'netns', 'add', 't1'], '')
      .on(['ip', 'link', 'add', veth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', 't1'],
        { exitCode: 2, stderr: 'RTNETLINK answers: Operation not permitted\n' }) // synthetic failure
      .on(['ip', 'netns', 'pids', 't1'], '')
      .on(['ip', 'netns', 'del', 't1'], '');
    const r = await labUp(runner, { name: 't1', engine: 'netns', faults: [] }, { stateDir });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/could not create the veth pair: .*Operation not permitted/);
    expect(runner.mutations).toEqual([
      ['ip', 'netns', 'add', 't1'],
      ['ip', 'link', 'add', veth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', 't1'],
      ['ip', 'netns', 'del', 't1'],
    ]);
    expect(readdirSync(join(stateDir, 'lab'))).toEqual([]);
  });

  test('a missing tool is one line naming the package', async () => {
    const runner = new FakeRunner().on(['ip', '-V'], { notFound: true });
    const r = await labUp(runner, { name: 't1', engine: 'netns', faults: [] }, { stateDir: mkdtempSync(join(tmpdir(), 'pktdrop-lab-test-')) });
    expect(r).toEqual({ ok: false, message: 'ip is not installed', hint: 'apt-get install iproute2' });
    expect(runner.mutations).toEqual([]);
  });

  test('Docker not answering says so and suggests --engine netns', async () => {
    const runner = new FakeRunner()
      .on(['ip', '-V'], '')
      .on(['nsenter', '--version'], '')
      .on(['nginx', '-v'], '')
      .on(['docker', 'info', '--format', '{{.ServerVersion}}'], { exitCode: 1, stderr: 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n' })
      .on(['docker', 'ps', '-a', '-q', '--no-trunc', '--filter', 'label=pktdrop.lab=t1'], '');
    const r = await labUp(runner, { name: 't1', engine: 'docker', faults: [] }, { stateDir: mkdtempSync(join(tmpdir(), 'pktdrop-lab-test-')) });
    expect(r).toMatchObject({ ok: false, message: expect.stringMatching(/Docker engine does not answer/), hint: expect.stringMatching(/--engine netns/) });
    expect(runner.mutations).toEqual([]);
  });

  test('a bad name is refused before any command runs', async () => {
    const runner = new FakeRunner();
    expect((await labUp(runner, { name: '-x', engine: 'docker', faults: [] })).ok).toBe(false);
    expect((await labDown(runner, { name: '--all' })).ok).toBe(false);
    expect(runner.calls).toEqual([]);
  });
});

test('labStatus with no state dir lists no lab', async () => {
  const r = await labStatus(new FakeRunner(), { stateDir: mkdtempSync(join(tmpdir(), 'pktdrop-lab-test-')) });
  expect(r).toEqual({ ok: true, labs: [] });
});

describe('netns lab down: the host end of the veth vanishes after ip netns del, asynchronously', () => {
  const veth2 = hostVethName('t2');
  const linkJson = `[{"ifindex":41,"ifname":"${veth2}","flags":["BROADCAST","MULTICAST","UP"],"mtu":1500,"operstate":"UP","link_type":"ether"}]\n`;
  const gone = { exitCode: 1, stderr: `Device "${veth2}" does not exist.\n` };
  async function stateDirWithLab(): Promise<string> {
    const stateDir = mkdtempSync(join(tmpdir(), 'pktdrop-lab-test-'));
    const { mkdir, writeFile } = await import('node:fs/promises');
    await mkdir(join(stateDir, 'lab'), { recursive: true });
    await writeFile(join(stateDir, 'lab', 't2.json'), JSON.stringify({
      stateVersion: 1, name: 't2', engine: 'netns', createdAt: '', complete: true, netns: 't2', hostVeth: veth2, subnet: '10.251.0.0', dir: join(stateDir, 'lab', 't2'),
    }));
    return stateDir;
  }
  const base = (): FakeRunner => new FakeRunner()
    .on(['ip', 'netns', 'pids', 't2'], '')
    .on(['ip', '-j', 'netns', 'list'], '[{"name":"t2"}]\n')
    .on(['ip', 'netns', 'del', 't2'], '');

  test('lab down waits for it (polling ip -j link show) and deletes nothing else', async () => {
    const stateDir = await stateDirWithLab();
    const slept: number[] = [];
    const runner = base().on(['ip', '-j', 'link', 'show', 'dev', veth2], linkJson, linkJson, linkJson, repeat(gone));
    const r = await labDown(runner, { name: 't2' }, { stateDir, sleep: async (ms) => { slept.push(ms); } });
    expect(r).toEqual({ ok: true, removed: ['netns t2', `veth ${veth2}`] });
    expect(runner.mutations).toEqual([['ip', 'netns', 'del', 't2']]);
    expect(slept).toEqual([100, 100, 100]);
    expect(readdirSync(join(stateDir, 'lab'))).toEqual([]);
  });

  test('still there after 5 s: lab down deletes it; "Cannot find device" (the kernel got there first) is gone too', async () => {
    const stateDir = await stateDirWithLab();
    const runner = base()
      .on(['ip', '-j', 'link', 'show', 'dev', veth2], repeat(linkJson)) // still there at every poll
      .on(['ip', 'link', 'del', veth2], { exitCode: 1, stderr: 'Cannot find device "' + veth2 + '"\n' });
    let waited = 0;
    const r = await labDown(runner, { name: 't2' }, { stateDir, sleep: async (ms) => { waited += ms; } });
    expect(r).toEqual({ ok: true, removed: ['netns t2', `veth ${veth2}`] });
    expect(waited).toBe(5000);
    expect(runner.mutations).toEqual([['ip', 'netns', 'del', 't2'], ['ip', 'link', 'del', veth2]]);
  });
});
