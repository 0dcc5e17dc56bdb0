/**
 * Engine behaviour on the strict fake runner replaying the recorded healthy container run
 * (test/e2e/fixtures/recorded-here.source.txt): a check that throws becomes a `crashed` step and
 * the rest of the walk goes on; a fix that fails mid-way is rolled back and reported failed.
 */
import { describe, expect, it } from 'vitest';
import { diagnose, type DiagnoseResult } from './run.js';
import { eraseLayer, type AnyLayer } from '../core/layer.js';
import { yesPrompter, type Prompter } from '../core/prompter.js';
import { LAYERS } from '../layers/index.js';
import { tcpLayer } from '../layers/snmp/layers.js';
import { runProbe } from '../probe/probe.js';
import { MemoryJournal } from '../remediation/journal.js';
import { FakeRunner } from '../../test/fakes/fake-runner.js';
import { inContainer, loadRecording, replay } from '../../test/fakes/scenario.js';

const healthy = loadRecording('healthy-container');

async function run(runner: FakeRunner, layers: readonly AnyLayer[], prompter: Prompter = yesPrompter, journal = new MemoryJournal()): Promise<DiagnoseResult> {
  return diagnose(
    { runner, prompter, journal, layers, runProbe: (s) => runProbe(runner, s), sleep: async () => {} },
    { spec: { kind: 'container', ref: healthy.lab.name, runtime: 'docker' }, probeTarget: { kind: 'auto' }, probe: { count: 20, intervalMs: 100, timeoutMs: 1000, method: 'auto' }, idleWindowMs: 2000, isRoot: true },
  );
}

describe('diagnose', () => {
  it('a check that throws is a crashed step; every other step still runs', async () => {
    const crashing: AnyLayer = { ...eraseLayer(tcpLayer), check: () => { throw new Error('boom'); } };
    const r = await run(replay(healthy, { mutations: false }), LAYERS.map((l) => (l.id === 'tcp' ? crashing : l)));
    if (!r.ok) throw new Error(r.message);
    expect(r.report.steps.map((s) => [s.layer, s.scope, s.outcome.status])).toEqual([
      ['link', 'target', 'pass'], ['link', 'host', 'pass'], ['softnet', 'host', 'pass'],
      ['qdisc', 'target', 'pass'], ['qdisc', 'host', 'pass'],
      ['ip', 'target', 'pass'], ['neigh', 'host', 'pass'], ['tcp', 'target', 'crashed'], ['udp', 'target', 'pass'],
      ['conntrack', 'target', 'pass'], ['conntrack', 'host', 'pass'], ['netfilter', 'target', 'pass'], ['netfilter', 'host', 'pass'],
      ['bridge', 'target', 'pass'], ['bridge', 'host', 'pass'],
    ]);
    expect(r.report.steps.find((s) => s.layer === 'tcp')?.outcome).toEqual({ status: 'crashed', error: 'boom' });
  });

  it('a fix whose second command fails is rolled back and reported failed; causes remain, exit 1', async () => {
    // Synthetic: the tcp layer convicts a listen queue (a cause) and plans a two-command fix (real seed rules).
    const RULE = ['-m', 'statistic', '--mode', 'random', '--probability', '0.29999999981', '-j', 'DROP'];
    const convicting: AnyLayer = {
      ...eraseLayer(tcpLayer),
      check: () => ({
        findings: [{ id: 'tcp.listen-overflow', layer: 'tcp', scope: 'target', severity: 'error', basis: 'window', role: 'cause', subject: 'listen queues', title: 't', explanation: 'e', evidence: [], action: 'a' }],
        notes: [],
      }),
      planFix: (f) => ({
        id: `${f.id}:target:${f.subject}`, findingId: f.id, subject: f.subject, title: 'two commands', risk: 'safe', scope: 'target',
        commands: [['iptables-nft', '-D', 'INPUT', ...RULE], ['iptables-nft', '-D', 'OUTPUT', ...RULE]],
        inverse: [['iptables-nft', '-I', 'INPUT', '1', ...RULE], ['iptables-nft', '-I', 'OUTPUT', '1', ...RULE]],
      }),
    };
    const runner = replay(healthy, { mutations: false })
      .on(inContainer(healthy, ['iptables-nft', '-D', 'INPUT', ...RULE]), '')
      .on(inContainer(healthy, ['iptables-nft', '-D', 'OUTPUT', ...RULE]), { exitCode: 1, stderr: 'iptables: Bad rule (does a matching rule exist in that chain?).\n' })
      .on(inContainer(healthy, ['iptables-nft', '-I', 'INPUT', '1', ...RULE]), '');
    const journal = new MemoryJournal();
    const r = await run(runner, LAYERS.map((l) => (l.id === 'tcp' ? convicting : l)), yesPrompter, journal);
    if (!r.ok) throw new Error(r.message);
    expect(runner.mutations).toEqual([
      inContainer(healthy, ['iptables-nft', '-D', 'INPUT', ...RULE]),
      inContainer(healthy, ['iptables-nft', '-D', 'OUTPUT', ...RULE]),
      inContainer(healthy, ['iptables-nft', '-I', 'INPUT', '1', ...RULE]),
    ]);
    expect(r.report.fixes.map((f) => [f.status, f.verified])).toEqual([['failed', false]]);
    expect(r.report.fixes[0]?.message).toMatch(/^iptables-nft -D OUTPUT .* failed: /);
    expect(journal.runs[0]?.entries.map((e) => e.status)).toEqual(['failed']);
    expect(r.report.probeAfter).toBeNull();
    expect([r.report.verdict, r.report.exitCode]).toEqual(['causes-remain', 1]);
  });
});

describe('the drop tracer opens while the target is resolved', () => {
  /** A tracer that records when it was started and stopped, relative to the runner's calls. */
  function recordingTracer(runner: FakeRunner) {
    const log: string[] = [];
    const tracer = {
      async start() {
        log.push(`start after ${runner.calls.length} commands`);
        return {
          ok: true as const,
          stop: async () => {
            log.push('stop');
            return { ok: false as const, reason: 'fake tracer: no events' };
          },
        };
      },
    };
    return { log, tracer };
  }

  it('starts before the first command and stops once, after the second sample', async () => {
    // No probe target: the recorded run less its probe (hping3 --version, the route check before it and the window's hping3).
    const probing = (argv: readonly string[]): boolean => argv[0] === 'hping3' || argv.slice(0, 4).join(' ') === 'ip -j route get';
    const runner = replay({ ...healthy, calls: healthy.calls.filter((c) => !probing(c.argv)) }, { mutations: false });
    const { log, tracer } = recordingTracer(runner);
    const r = await diagnose(
      { runner, prompter: yesPrompter, journal: new MemoryJournal(), layers: LAYERS, runProbe: (s) => runProbe(runner, s), sleep: async () => {}, dropTracer: tracer, batch: true },
      { spec: { kind: 'container', ref: healthy.lab.name, runtime: 'docker' }, probeTarget: { kind: 'none' }, probe: { count: 20, intervalMs: 100, timeoutMs: 1000, method: 'auto' }, idleWindowMs: 0, isRoot: true },
    );
    expect(r.ok).toBe(true);
    expect(log).toEqual(['start after 0 commands', 'stop']);
  });

  it('a target that cannot be resolved still closes the tracer (its tracefs instance is removed)', async () => {
    const runner = new FakeRunner().on(['docker', 'container', 'inspect', 'ghost'], { stderr: 'Error response from daemon: No such container: ghost\n', exitCode: 1, stdout: '[]\n' });
    const { log, tracer } = recordingTracer(runner);
    const r = await diagnose(
      { runner, prompter: yesPrompter, journal: new MemoryJournal(), layers: LAYERS, runProbe: (s) => runProbe(runner, s), sleep: async () => {}, dropTracer: tracer },
      { spec: { kind: 'container', ref: 'ghost', runtime: 'docker' }, probeTarget: { kind: 'none' }, probe: { count: 20, intervalMs: 100, timeoutMs: 1000, method: 'auto' }, idleWindowMs: 0, isRoot: true },
    );
    expect(r).toMatchObject({ ok: false, exitCode: 2 });
    expect(log).toEqual(['start after 0 commands', 'stop']);
  });
});
