/**
 * The command line through `main(argv, io)` (usage errors, help, version, root) and
 * `runDiagnose(opts, io, wiring)` with the strict fake runner replaying the recorded seed run
 * (test/e2e/fixtures/recorded-here.source.txt) for `--json`.
 */
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { CliIo, DiagnoseOptions } from '../../src/cli/context.js';
import { runDiagnose } from '../../src/cli/diagnose-command.js';
import { runProbe } from '../../src/probe/probe.js';
import { MemoryJournal } from '../../src/remediation/journal.js';
import { FakeRunner } from '../fakes/fake-runner.js';
import { loadRecording, replay } from '../fakes/scenario.js';

function io(isRoot: boolean) {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = { stdout: (s) => void out.push(s), stderr: (s) => void err.push(s), stdoutIsTty: false, stderrIsTty: false, stdinIsTty: false, env: { NO_COLOR: '1' }, isRoot };
  return { io: value, out, err };
}

const cli = async (args: string[], isRoot = false) => {
  const t = io(isRoot);
  const code = await main(['node', 'pktdrop', ...args], t.io);
  return { code, out: t.out.join(''), err: t.err.join('') };
};

describe('main: usage', () => {
  it('--help and --version exit 0 and write to stdout', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('diagnose');
    const diagHelp = await cli(['diagnose', '--help']);
    expect([diagHelp.code, diagHelp.out.includes('Exit status: 0 no cause found')]).toEqual([0, true]);
    const v = await cli(['--version']);
    expect(v.code).toBe(0);
    expect(v.out.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it.each([
    [['diagnose', '--container', 'a', '--netns', 'b'], 'pktdrop: --container and --netns cannot be used together: pick one target\n'],
    [['diagnose', '--count', '0'], 'pktdrop: --count must be a whole number from 1 to 1000 (got "0")\n'],
    [['diagnose', '--target', 'nohostport'], 'pktdrop: --target must be host:port, e.g. 172.17.0.2:80 or [::1]:80 (got "nohostport")\n'],
  ])('%j exits 2 with one line', async (args, line) => {
    const r = await cli(args, true);
    expect(r).toEqual({ code: 2, out: '', err: line });
  });

  it('--container -x (a name starting with "-") exits 2 with one line, before any command runs', async () => {
    const r = await cli(['diagnose', '--container', '-x', '--no-trace'], true);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toBe('pktdrop: container name "-x" starts with "-"; refusing it (it would be read as an option)\n');
  });

  it('not root and nothing injected: exit 2 with the sudo message', async () => {
    const r = await cli(['diagnose', '--container', 'nginx']);
    expect(r).toEqual({ code: 2, out: '', err: 'pktdrop: diagnose needs root to read iptables, nftables, qdiscs and other namespaces: rerun it with sudo\n' });
  });
});

describe('runDiagnose --json', () => {
  const seed = loadRecording('seed-container-yes');
  const opts: DiagnoseOptions = { container: seed.lab.name, runtime: 'docker', json: true, yes: true, count: 20, interval: 100, timeout: 1000, probe: true, method: 'auto', window: 2000, color: false, trace: false };

  it('writes exactly one JSON document on stdout (schemaVersion 1 and the documented fields), exit 0', async () => {
    const t = io(true);
    const runner = replay(seed);
    const code = await runDiagnose(opts, t.io, { runner, journal: new MemoryJournal(), dropTracer: null, runProbe: (s) => runProbe(runner, s), sleep: async () => {}, lock: false, pin: false });
    expect(code).toBe(0);
    expect(t.out).toHaveLength(1);
    const doc: unknown = JSON.parse(t.out[0] ?? '');
    expect(doc).toMatchObject({
      schemaVersion: 1,
      tool: { name: 'pktdrop' },
      command: 'diagnose',
      target: { kind: 'container', ref: 'pdtest-e2e' },
      probe: { before: { sent: 20, received: 10, lossPct: 50, rttMs: { min: 0.4, avg: 286.34, max: 1273.2 } }, after: { sent: 20, received: 20, lossPct: 0 } },
      findings: expect.arrayContaining([expect.objectContaining({ id: 'netfilter.drop-rule', layer: 'netfilter', severity: 'error', subject: 'iptables filter/INPUT#1' })]),
      fixes: [
        expect.objectContaining({ finding: 'qdisc.drops', commands: ['tc qdisc del dev eth0 root handle 80ad:'], status: 'applied', verified: true }),
        expect.objectContaining({ finding: 'netfilter.drop-rule', status: 'applied', verified: true }),
        expect.objectContaining({ finding: 'netfilter.drop-rule', status: 'applied', verified: true }),
      ],
      verdict: { status: 'fixed', exitCode: 0 },
    });
    expect(t.err).toEqual([]);
  });

  it('--lang zh (or a Chinese locale) changes nothing in the JSON document: the same bytes, timings aside', async () => {
    const run = async (o: DiagnoseOptions, env: NodeJS.ProcessEnv = { NO_COLOR: '1' }) => {
      const t = io(true);
      const runner = replay(seed);
      const code = await runDiagnose(o, { ...t.io, env }, { runner, journal: new MemoryJournal(), dropTracer: null, runProbe: (s) => runProbe(runner, s), sleep: async () => {}, lock: false, pin: false });
      // Timings differ from run to run; everything else must not.
      const untimed = t.out.join('').replace(/"(startedAt|durationMs|ms)": ("[^"]*"|\d+)/g, '"$1": 0');
      return { code, untimed };
    };
    const en = await run(opts);
    const zh = await run({ ...opts, lang: 'zh' });
    const locale = await run(opts, { NO_COLOR: '1', LANG: 'zh_CN.UTF-8' });
    expect(en.code).toBe(0);
    expect(zh).toEqual(en);
    expect(locale).toEqual(en);
    expect(en.untimed).not.toMatch(/[\u3400-\u9fff]/);
  });

  it('unknown container under --json: one JSON error document, exit 2', async () => {
    const t = io(true);
    const runner = new FakeRunner().on(['docker', 'container', 'inspect', 'ghost'], { stderr: 'Error response from daemon: No such container: ghost\n', exitCode: 1, stdout: '[]\n' });
    const code = await runDiagnose({ ...opts, container: 'ghost' }, t.io, { runner, journal: new MemoryJournal(), dropTracer: null, lock: false });
    expect(code).toBe(2);
    expect(t.out).toHaveLength(1);
    expect(JSON.parse(t.out[0] ?? '')).toEqual({
      schemaVersion: 1,
      tool: { name: 'pktdrop', version: expect.any(String) },
      command: 'diagnose',
      ok: false,
      error: { kind: 'target', message: 'no container named "ghost": docker ps -a lists the containers' },
      exitCode: 2,
    });
    expect(t.err).toEqual(['pktdrop: no container named "ghost": docker ps -a lists the containers\n']);
  });
});
