/**
 * End to end: the whole diagnose pipeline (resolve, sample, probe window, sample, checks, plan,
 * apply, verify, report) on the strict FakeRunner replaying a real run recorded on this machine
 * (test/e2e/fixtures/recorded-here.source.txt): the seed case in a container (iptables-nft random
 * DROP on INPUT and OUTPUT, a tbf that drops) and a healthy container. hping3's argv is answered
 * with its recorded output, so the probe figures are real too.
 */
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { diagnose, type DiagnoseResult, type EngineEvent } from '../../src/diagnose/run.js';
import { proposeOnlyPrompter, yesPrompter, type Prompter } from '../../src/core/prompter.js';
import { MemoryJournal } from '../../src/remediation/journal.js';
import { undoChanges } from '../../src/remediation/undo.js';
import { reportJson } from '../../src/ui/render-json.js';
import { FakeRunner, times } from '../fakes/fake-runner.js';
import { inContainer, loadRecording, recordedResults, replay, untilPhase, withoutChange, type Recording } from '../fakes/scenario.js';
import { ScriptedPrompter } from '../fakes/scripted-prompter.js';
import { recordedRequest, replayDeps, reportOf } from '../fakes/replay-run.js';

const seed = loadRecording('seed-container-yes');
const healthy = loadRecording('healthy-container');
const SPEC = ['-m', 'statistic', '--mode', 'random', '--probability', '0.29999999981', '-j', 'DROP'];
const TBF = 'qdisc tbf 80ad: dev eth0 root';
/** The fixes in the report's (walk, layer) order. */
const FIX_IDS = [`qdisc.drops:target:${TBF}`, 'netfilter.drop-rule:target:iptables filter/INPUT#1', 'netfilter.drop-rule:target:iptables filter/OUTPUT#1'];
/** The order they are asked and applied in: safe (the two rules, one finding, kept together) before disruptive (the tbf). */
const ASKED = [FIX_IDS[1]!, FIX_IDS[2]!, FIX_IDS[0]!];

/** Every test runs twice: reads one process per command, and one batch per scope (what the CLI does). */
let batchMode = false;

function run(rec: Recording, runner: FakeRunner, prompter: Prompter, journal = new MemoryJournal(), ref = rec.lab.name, emit?: (e: EngineEvent) => void): Promise<DiagnoseResult> {
  return diagnose(replayDeps(runner, { prompter, journal, batch: batchMode, ...(emit ? { emit } : {}) }), recordedRequest(rec, ref));
}

/** The JSON report with the clock taken out: durations and timestamps are not part of the contract. */
function normalisedJson(r: DiagnoseResult): unknown {
  const json = JSON.stringify(reportJson(reportOf(r), { version: 'test', startedAt: 'T', durationMs: 0 }), (k, v: unknown) =>
    k === 'durationMs' || (k === 'ms' && typeof v === 'number') ? 0 : v,
  );
  return JSON.parse(json);
}

describe.each([
  ['one process per command', false],
  ['one batch per scope', true],
] as const)('reads: %s', (_, batch) => {
  beforeEach(() => {
    batchMode = batch;
  });

  describe('seed case in a container, --yes', () => {
    it('finds the tbf and both random DROP rules, deletes exactly them in the container, verifies, exit 0', async () => {
      const runner = replay(seed);
      const journal = new MemoryJournal();
      const result = await run(seed, runner, yesPrompter, journal);
      const report = reportOf(result);
      expect(report.exitCode).toBe(0);
      expect(report.verdict).toBe('fixed');
      expect(report.findings.map((f) => [f.id, f.scope, f.subject])).toEqual([
        ['qdisc.drops', 'target', TBF],
        ['tcp.handshake-failures', 'target', 'handshakes'],
        ['netfilter.drop-rule', 'target', 'iptables filter/INPUT#1'],
        ['netfilter.drop-rule', 'target', 'iptables filter/OUTPUT#1'],
      ]);
      expect(report.fixes.map((f) => [f.proposal.id, f.status, f.verified])).toEqual(FIX_IDS.map((id) => [id, 'applied', true]));
      // Safe first: the two rules, then the tbf (issue 16); the journal holds the order they ran in.
      expect(runner.mutations).toEqual([
        inContainer(seed, ['iptables-nft', '-t', 'filter', '-D', 'INPUT', ...SPEC]),
        inContainer(seed, ['iptables-nft', '-t', 'filter', '-D', 'OUTPUT', ...SPEC]),
        inContainer(seed, ['tc', 'qdisc', 'del', 'dev', 'eth0', 'root', 'handle', '80ad:']),
      ]);
      expect(journal.runs.map((d) => d.entries.map((e) => ({ fixId: e.fixId, status: e.status, completed: e.completed, inverse: e.inverse })))).toEqual([
        [
          { fixId: FIX_IDS[1], status: 'applied', completed: 1, inverse: [['iptables-nft', '-t', 'filter', '-I', 'INPUT', '1', ...SPEC]] },
          { fixId: FIX_IDS[2], status: 'applied', completed: 1, inverse: [['iptables-nft', '-t', 'filter', '-I', 'OUTPUT', '1', ...SPEC]] },
          { fixId: FIX_IDS[0], status: 'applied', completed: 1, inverse: [['tc', 'qdisc', 'add', 'dev', 'eth0', 'root', 'handle', '80ad:', 'tbf', 'rate', '1Kbit', 'burst', '300b', 'limit', '100b']] },
        ],
      ]);
      const json = normalisedJson(result);
      expect(json).toMatchObject({
        schemaVersion: 1,
        target: { kind: 'container', ref: 'pdtest-e2e', runtime: 'docker', addresses: [seed.lab.address], listeningPorts: [80], interfaces: ['eth0'] },
        probe: {
          target: { host: seed.lab.address, port: 80 },
          before: { method: 'hping3', sent: 20, received: 10, lossPct: 50, rttMs: { min: 0.4, avg: 286.34, max: 1273.2 } },
          after: { method: 'hping3', sent: 20, received: 20, lossPct: 0, rttMs: { min: 0.2, avg: 0.62, max: 1 } },
        },
        verdict: { status: 'fixed', exitCode: 0, remaining: [] },
      });
      // The whole report, reviewed by hand once and kept as a file snapshot.
      await expect(`${JSON.stringify(json, null, 2)}\n`).toMatchFileSnapshot('__snapshots__/seed-container-yes.report.json');
    });

    it('undo replays the journaled inverses newest first, in the container', async () => {
      const runner = replay(seed);
      const journal = new MemoryJournal();
      const report = reportOf(await run(seed, runner, yesPrompter, journal));
      // Newest first: the tbf (deleted last, being the disruptive one), then OUTPUT's rule, then INPUT's.
      const inverses = [
        ['tc', 'qdisc', 'add', 'dev', 'eth0', 'root', 'handle', '80ad:', 'tbf', 'rate', '1Kbit', 'burst', '300b', 'limit', '100b'],
        ['iptables-nft', '-t', 'filter', '-I', 'OUTPUT', '1', ...SPEC],
        ['iptables-nft', '-t', 'filter', '-I', 'INPUT', '1', ...SPEC],
      ];
      for (const argv of inverses) runner.on(inContainer(seed, argv), '');
      // After each inverse, undo re-reads the state to see the object back. Answered with the state
      // reads the run recorded before each change, newest first: the tbf, then OUTPUT's rule there,
      // then both rules: exactly what each re-read shows once its object is back.
      const stateReads = (argv: readonly string[]) => recordedResults(seed, inContainer(seed, argv)).map((r) => r.stdout);
      const [bothRules, outputRule] = stateReads(['iptables-nft-save', '-t', 'filter']);
      runner.replace(inContainer(seed, ['iptables-nft-save', '-t', 'filter']), outputRule!, bothRules!);
      runner.replace(inContainer(seed, ['tc', 'qdisc', 'show', 'dev', 'eth0']), ...stateReads(['tc', 'qdisc', 'show', 'dev', 'eth0']));
      // The journal holds, beside each inverse, the state the change touched as it was just before.
      const entries = journal.runs[0]?.entries ?? [];
      expect(entries.map((e) => e.stateBefore?.command)).toEqual(['iptables-nft-save -t filter', 'iptables-nft-save -t filter', 'tc qdisc show dev eth0']);
      expect(entries[0]?.stateBefore?.output).toContain('-A INPUT -m statistic --mode random --probability 0.29999999981 -j DROP');
      expect(entries[2]?.stateBefore?.output).toContain('qdisc tbf 80ad:');
      const before = runner.mutations.length;
      const undo = await undoChanges(runner, report.target, journal);
      expect(runner.mutations.slice(before)).toEqual(inverses.map((a) => inContainer(seed, a)));
      expect(undo.steps.map((s) => [s.fixId, s.status, s.verified])).toEqual([...ASKED].reverse().map((id) => [id, 'undone', true]));
      // Nothing left to undo the second time.
      expect((await undoChanges(runner, report.target, journal)).steps).toEqual([]);
    });
  });

  describe('confirm-or-revert (--yes --confirm-timeout)', () => {
    it('no confirmation: every change is rolled back newest first (the order they ran in, not the report\'s), verdict from the first window', async () => {
      const runner = replay(seed);
      const inverses = [
        ['tc', 'qdisc', 'add', 'dev', 'eth0', 'root', 'handle', '80ad:', 'tbf', 'rate', '1Kbit', 'burst', '300b', 'limit', '100b'],
        ['iptables-nft', '-t', 'filter', '-I', 'OUTPUT', '1', ...SPEC],
        ['iptables-nft', '-t', 'filter', '-I', 'INPUT', '1', ...SPEC],
      ];
      for (const argv of inverses) runner.on(inContainer(seed, argv), '');
      const events: EngineEvent[] = [];
      const deps = replayDeps(runner, { prompter: { decideFix: async () => 'apply', confirmKeep: async () => false }, batch: batchMode, emit: (e) => events.push(e) });
      const report = reportOf(await diagnose(deps, { ...recordedRequest(seed), confirmTimeoutMs: 8000 }));
      expect(runner.mutations.slice(3)).toEqual(inverses.map((a) => inContainer(seed, a)));
      const reverted = events.find((e): e is Extract<EngineEvent, { type: 'reverted' }> => e.type === 'reverted');
      expect(reverted?.fixes.map((f) => f.proposal.id)).toEqual([...ASKED].reverse());
      expect(reverted?.reason).toBe('no confirmation within 8 s');
      // The report keeps the walk's order.
      expect(report.fixes.map((f) => [f.proposal.id, f.status])).toEqual(FIX_IDS.map((id) => [id, 'rolled-back']));
      expect([report.verdict, report.exitCode]).toEqual(['causes-remain', 1]);
    });
  });

  describe('prompters decide, the engine obeys', () => {
    it('interactive apply / skip / apply: statuses follow the answers, only the approved changes run', async () => {
      // The recorded run less the skipped change (and its state read).
      const runner = replay(withoutChange(seed, inContainer(seed, ['iptables-nft', '-t', 'filter', '-D', 'INPUT', ...SPEC])));
      // Asked safest first: INPUT's rule, OUTPUT's rule, then the tbf.
      const prompter = new ScriptedPrompter([{ fixId: ASKED[0], answer: 'skip' }, { fixId: ASKED[1], answer: 'apply' }, { fixId: ASKED[2], answer: 'apply' }]);
      const report = reportOf(await run(seed, runner, prompter));
      expect(prompter.finished).toBe(true);
      expect(prompter.asked.map((q) => [q.index, q.total])).toEqual([[0, 3], [1, 3], [2, 3]]);
      // The report keeps the walk's order: tbf, INPUT, OUTPUT.
      expect(report.fixes.map((f) => [f.status, f.verified])).toEqual([['applied', true], ['skipped', null], ['applied', true]]);
      expect(runner.mutations).toEqual([
        inContainer(seed, ['iptables-nft', '-t', 'filter', '-D', 'OUTPUT', ...SPEC]),
        inContainer(seed, ['tc', 'qdisc', 'del', 'dev', 'eth0', 'root', 'handle', '80ad:']),
      ]);
    });

    it('apply-all answers once and applies the rest without asking', async () => {
      const runner = replay(withoutChange(seed, inContainer(seed, ['iptables-nft', '-t', 'filter', '-D', 'INPUT', ...SPEC])));
      // Skip INPUT's rule, then apply-all at OUTPUT's: the tbf is applied without a third question.
      const prompter = new ScriptedPrompter([{ fixId: ASKED[0], answer: 'skip' }, { fixId: ASKED[1], answer: 'apply-all' }]);
      const report = reportOf(await run(seed, runner, prompter));
      expect(prompter.finished).toBe(true);
      expect(report.fixes.map((f) => f.status)).toEqual(['applied', 'skipped', 'applied']);
      expect(runner.mutations).toHaveLength(2);
    });

    it('quit stops asking and changes nothing more; the fixes never asked are not-asked, exit 1', async () => {
      // Only the first walk is answerable: no state read, change or verification window may run.
      const runner = replay(untilPhase(seed, 'apply'));
      const prompter = new ScriptedPrompter([{ answer: 'quit' }]);
      const events: EngineEvent[] = [];
      const report = reportOf(await run(seed, runner, prompter, undefined, undefined, (e) => events.push(e)));
      // The one asked was declined (skipped); the two never asked are not-asked, and say why.
      expect(report.fixes.map((f) => [f.proposal.id, f.status, f.message])).toEqual([
        [FIX_IDS[0], 'not-asked', 'not asked: you quit'],
        [FIX_IDS[1], 'skipped', undefined],
        [FIX_IDS[2], 'not-asked', 'not asked: you quit'],
      ]);
      expect(events.filter((e) => e.type === 'quit')).toEqual([{ type: 'quit', notApplied: 3 }]);
      expect(runner.mutations).toEqual([]);
      expect(report.probeAfter).toBeNull();
      expect([report.verdict, report.exitCode]).toEqual(['proposed', 1]);
    });

    it('--dry-run proposes every fix, changes nothing (recorded changes are not even answerable), exit 1', async () => {
      const runner = replay(untilPhase(seed, 'apply'), { mutations: false });
      const journal = new MemoryJournal();
      const report = reportOf(await run(seed, runner, proposeOnlyPrompter('dry run: nothing was changed'), journal));
      expect(runner.mutations).toEqual([]);
      expect(journal.runs).toEqual([]);
      expect(report.fixes.map((f) => [f.proposal.id, f.status, f.verified, f.message])).toEqual(FIX_IDS.map((id) => [id, 'proposed', null, 'dry run: nothing was changed']));
      expect([report.verdict, report.exitCode]).toEqual(['proposed', 1]);
    });
  });

  describe('healthy container', () => {
    it('no finding, no fix, no change, exit 0', async () => {
      const runner = replay(healthy, { mutations: false });
      const result = await run(healthy, runner, new ScriptedPrompter([]));
      const report = reportOf(result);
      expect(report.findings).toEqual([]);
      expect(report.fixes).toEqual([]);
      expect(runner.mutations).toEqual([]);
      expect([report.verdict, report.exitCode]).toEqual(['healthy', 0]);
      expect(report.steps.map((s) => [s.layer, s.scope, s.outcome.status])).toEqual([
        ['link', 'target', 'pass'], ['link', 'host', 'pass'], ['softnet', 'host', 'pass'],
        ['qdisc', 'target', 'pass'], ['qdisc', 'host', 'pass'],
        ['ip', 'target', 'pass'], ['neigh', 'host', 'pass'], ['tcp', 'target', 'pass'], ['udp', 'target', 'pass'],
        ['conntrack', 'target', 'pass'], ['conntrack', 'host', 'pass'], ['netfilter', 'target', 'pass'], ['netfilter', 'host', 'pass'],
        ['bridge', 'target', 'pass'], ['bridge', 'host', 'pass'],
      ]);
      expect(normalisedJson(result)).toMatchObject({ probe: { before: { sent: 20, received: 20, lossPct: 0 }, after: null }, fixes: [], verdict: { status: 'healthy', exitCode: 0 } });
    });
  });

  describe('target errors are exit 2 with one line; missing tools are skipped steps', () => {
    const dockerOut = (name: string) => readFileSync(new URL(`fixtures/docker/${name}`, import.meta.url), 'utf8');

    it('unknown container (recorded docker stderr)', async () => {
      const runner = new FakeRunner().on(['docker', 'container', 'inspect', 'pdtest-no-such-container'], {
        stdout: dockerOut('no-such-container.stdout.txt'),
        stderr: dockerOut('no-such-container.stderr.txt'),
        exitCode: 1,
      });
      expect(await run(seed, runner, yesPrompter, undefined, 'pdtest-no-such-container')).toEqual({
        ok: false,
        exitCode: 2,
        message: 'no container named "pdtest-no-such-container": docker ps -a lists the containers',
      });
      expect(runner.calls.map((c) => c.argv)).toEqual([['docker', 'container', 'inspect', 'pdtest-no-such-container']]);
    });

    it('docker not installed', async () => {
      const runner = new FakeRunner().on(['docker', 'container', 'inspect', 'pdtest-e2e'], { notFound: true });
      expect(await run(seed, runner, yesPrompter)).toEqual({ ok: false, exitCode: 2, message: 'docker not found: install it (apt-get install docker.io) or use --runtime podman' });
    });

    it('stopped container (recorded inspect of a created, never started container)', async () => {
      const runner = new FakeRunner().on(['docker', 'container', 'inspect', 'pdtest-stopped'], dockerOut('stopped-container.stdout.txt'));
      expect(await run(seed, runner, yesPrompter, undefined, 'pdtest-stopped')).toEqual({
        ok: false,
        exitCode: 2,
        message: 'container "pdtest-stopped" is not running (status: created): start it with docker start pdtest-stopped',
      });
    });

    it('tc and every iptables/nft tool missing inside the target: those steps are skipped with the reason, never pass', async () => {
      const runner = replay(healthy, { mutations: false });
      // Each is read twice (before and after the window): both times not found.
      runner.replace(inContainer(healthy, ['tc', '-s', 'qdisc', 'show']), ...times(2, { notFound: true }));
      for (const argv of [['iptables-nft-save', '-c'], ['iptables-legacy-save', '-c'], ['ip6tables-nft-save', '-c'], ['ip6tables-legacy-save', '-c'], ['nft', '-a', 'list', 'ruleset']]) {
        runner.replace(inContainer(healthy, argv), ...times(2, { notFound: true }));
      }
      // With neither iptables backend's save found, the collector tries the plain iptables-save too.
      runner.on(inContainer(healthy, ['iptables-save', '-c']), ...times(2, { notFound: true }));
      const report = reportOf(await run(healthy, runner, yesPrompter));
      const outcome = (layer: string, scope: string) => report.steps.find((s) => s.layer === layer && s.scope === scope)?.outcome;
      expect(outcome('qdisc', 'target')).toEqual({ status: 'skipped', reason: 'tc not found (install iproute2)' });
      expect(outcome('netfilter', 'target')).toEqual({ status: 'skipped', reason: 'neither iptables nor nft is installed' });
      expect(outcome('qdisc', 'host')?.status).toBe('pass');
      // Nothing convicted, but two steps were not read: not a clean bill of health.
      expect([report.verdict, report.exitCode]).toEqual(['incomplete', 1]);
    });
  });
});

describe('one round trip per scope per sample (issue 6)', () => {
  it('healthy container: each scope is read by one process per sample, and the report is the same as one process per command', async () => {
    batchMode = false;
    const single = replay(healthy, { mutations: false });
    const a = normalisedJson(await run(healthy, single, new ScriptedPrompter([])));
    batchMode = true;
    const batched = replay(healthy, { mutations: false });
    const b = normalisedJson(await run(healthy, batched, new ScriptedPrompter([])));
    expect(b).toEqual(a);
    // Resolve: one into the container (its links and ss -Htln; the host's links are one command, run
    // on their own); each of the two samples: one into the container, one on the host.
    const scopes = batched.batches.map((b) => (b.prefix.length === 0 ? 'host' : b.prefix.join(' ')));
    const inside = inContainer(healthy, []).join(' ');
    expect(scopes).toEqual([inside, inside, 'host', inside, 'host']);
    // The same commands ran, in fewer processes.
    const argvs = (r: FakeRunner) => r.calls.map((c) => JSON.stringify(c.argv)).sort();
    expect(argvs(batched)).toEqual(argvs(single));
    const inner = batched.batches.reduce((n, b) => n + b.commands.length, 0);
    const processes = batched.calls.length - inner + batched.batches.length;
    expect({ single: single.calls.length, batched: processes }).toEqual({ single: 91, batched: 10 });
  });
});
