/**
 * Live end-to-end tests of `pktdrop diagnose` against real labs: a real Docker or podman container
 * or network namespace, real iptables rules, real tc qdiscs, real hping3 probes. They need root, a
 * Docker engine, podman and the lab's packages; under CI=true a lab that cannot start fails the suite.
 * Every test builds its own lab and removes it in `finally` (withLab), then checks that nothing of
 * its lab is left. The host is busy on purpose (test/live/noisy-neighbour.ts): assertions are about
 * the test's own lab; the kernel's drop trace is host-wide, so only lower bounds are asserted on it.
 */
import { describe, expect, test } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPktdrop, type CliRun } from './cli-fixture.js';
import { mutateCommand, readCommand } from '../../src/targets/runner.js';
import { diagnose } from '../../src/diagnose/run.js';
import { proposeOnlyPrompter } from '../../src/core/prompter.js';
import { LAYERS } from '../../src/layers/index.js';
import { MemoryJournal } from '../../src/remediation/journal.js';
import { LAB_ENGINES } from '../../src/lab/lab-parts.js';
import { inLabNamespace, labFootprint, labName, ownTraceInstances, requireLabOrSkip, runner, targetArgs, withLab, EMPTY_FOOTPRINT, type LabInfo } from './lab-fixture.js';

const pktdrop = runPktdrop;

interface JsonFinding {
  id: string;
  scope: string;
  severity: string;
  subject: string;
  evidence: { kind: string; counter?: string; delta?: number; value?: unknown }[];
}
interface JsonFix {
  id: string;
  finding: string;
  commands: string[];
  status: string;
  verified: boolean | null;
}
interface JsonReport {
  schemaVersion: number;
  target: { kind: string; access: string; notes: string[] };
  probe: { before: { sent: number; received: number; lossPct: number } | null; after: { lossPct: number } | null };
  steps: { layer: string; scope: string; status: string; reason?: string }[];
  findings: JsonFinding[];
  fixes: JsonFix[];
  verdict: { status: string; exitCode: number };
  dropReasons: {
    before: DropTraceJson;
    after: DropTraceJson | null;
  } | null;
}
interface DropTraceJson {
  ok: boolean;
  reason?: string;
  summary?: { byReason: Record<string, number>; verdicts: Record<string, { benign: boolean; noise: number }>; comparedWithFirstWindow?: { reason: string; before: number; after: number }[] };
  findings?: JsonFinding[];
}

function report(run: CliRun): JsonReport {
  expect(run.stdout.trim().startsWith('{'), `stdout is one JSON document; stderr: ${run.stderr}`).toBe(true);
  return JSON.parse(run.stdout) as JsonReport;
}

/** iptables rules and qdiscs inside the lab, without counters or timestamps. */
async function labFilterState(info: LabInfo): Promise<{ iptables: string; qdiscs: string }> {
  const ipt = await runner.run(readCommand(inLabNamespace(info, ['iptables-save'])));
  const tc = await runner.run(readCommand(inLabNamespace(info, ['tc', 'qdisc', 'show'])));
  return {
    iptables: ipt.stdout.split('\n').filter((l) => !l.startsWith('#')).map((l) => l.replace(/\[\d+:\d+\]/g, '')).join('\n'),
    qdiscs: tc.stdout,
  };
}

const SEED = ['iptables-random-drop', 'qdisc-drop'] as const;

describe.each(LAB_ENGINES)('diagnose on a %s lab', (engine) => {
  test('the seed case: --dry-run changes nothing; --yes removes exactly the two random DROP rules and the dropping qdisc, 0% loss, exit 0; undo brings them back in place', async (ctx) => {
    await requireLabOrSkip(engine, ctx);
    const state = await mkdtemp(join(tmpdir(), 'pktdrop-live-'));
    try {
      await withLab({ name: labName(`pdlive-seed-${engine}`), engine, faults: [...SEED] }, async (info) => {
        const faulty = await labFilterState(info);

        const dry = await pktdrop(['diagnose', ...targetArgs(info), '--dry-run', '--json'], state);
        const d = report(dry);
        expect(dry.code).toBe(1);
        expect(await labFilterState(info)).toEqual(faulty);
        expect(d.fixes.every((f) => f.status === 'proposed')).toBe(true);
        expect(d.probe.before?.lossPct).toBeGreaterThan(0);

        const fixed = await pktdrop(['diagnose', ...targetArgs(info), '--yes', '--json'], state);
        const r = report(fixed);
        // The run's own tracing instances (pktdrop-<this pid>-*) are gone; others are not ours.
        expect(await ownTraceInstances()).toEqual([]);
        // Kernel drop reasons over the same window tell the same story as the counters. The
        // tracepoint is host-wide (other traffic adds events), so the lab's own deltas are lower bounds.
        const trace = r.dropReasons?.before;
        expect(trace?.ok, trace?.reason).toBe(true);
        const ruleDelta = r.findings
          .filter((f) => f.id === 'netfilter.drop-rule' && f.scope === 'target')
          .reduce((n, f) => n + (f.evidence.find((e) => e.counter === 'pkts')?.delta ?? 0), 0);
        const qdiscDelta = r.findings.find((f) => f.id === 'qdisc.drops')?.evidence.find((e) => e.counter === 'dropped')?.delta ?? 0;
        expect(trace?.summary?.byReason['NETFILTER_DROP']).toBeGreaterThanOrEqual(ruleDelta);
        expect(trace?.summary?.byReason['QDISC_DROP']).toBeGreaterThanOrEqual(qdiscDelta);
        // Our own probe's SYN-ACKs, dropped by this host's kernel (NO_SOCKET), are counted as probe noise.
        if ((r.probe.before?.received ?? 0) > 0) expect(trace?.summary?.verdicts['NO_SOCKET']?.noise ?? 0).toBeGreaterThan(0);
        const compared = r.dropReasons?.after?.summary?.comparedWithFirstWindow ?? [];
        expect(compared.find((c) => c.reason === 'NETFILTER_DROP')?.before ?? 0).toBeGreaterThanOrEqual(ruleDelta);
        const rules = r.findings.filter((f) => f.id === 'netfilter.drop-rule' && f.scope === 'target').map((f) => f.subject).sort();
        expect(rules).toEqual(['iptables filter/INPUT#1', 'iptables filter/OUTPUT#1']);
        const qdisc = r.findings.find((f) => f.id === 'qdisc.drops' && f.scope === 'target');
        expect(qdisc?.subject).toMatch(/^qdisc tbf [0-9a-f]+: dev eth0 root$/);
        expect(qdisc?.evidence.find((e) => e.counter === 'dropped')?.delta).toBeGreaterThan(0);
        for (const f of r.findings.filter((x) => x.id === 'netfilter.drop-rule')) {
          expect(f.evidence.find((e) => e.counter === 'pkts')?.delta).toBeGreaterThan(0);
        }
        const applied = r.fixes.filter((f) => f.status === 'applied');
        expect(applied.map((f) => f.commands[0]).sort()).toEqual([
          'iptables-nft -t filter -D INPUT -m statistic --mode random --probability 0.29999999981 -j DROP',
          'iptables-nft -t filter -D OUTPUT -m statistic --mode random --probability 0.29999999981 -j DROP',
          // By the handle the run measured: the kernel refuses it if another qdisc stands there.
          `tc qdisc del dev eth0 root handle ${/^qdisc tbf ([0-9a-f]+:)/.exec(qdisc?.subject ?? '')?.[1] ?? '?'}`,
        ]);
        expect(applied.every((f) => f.verified === true)).toBe(true);
        expect(r.probe.before?.lossPct).toBeGreaterThan(0);
        expect(r.probe.after?.lossPct).toBe(0);
        expect(r.verdict).toEqual(expect.objectContaining({ status: 'fixed', exitCode: 0 }));
        expect(fixed.code).toBe(0);
        const after = await labFilterState(info);
        expect(after.iptables).not.toContain('statistic');
        expect(after.qdiscs).not.toContain('tbf');

        const undo = await pktdrop(['undo', ...targetArgs(info)], state);
        expect(undo.code, undo.stderr).toBe(0);
        expect(await labFilterState(info)).toEqual(faulty);
      });
    } finally {
      await rm(state, { recursive: true, force: true });
    }
  });

  test('a healthy lab: no cause reported from since-boot counters, exit 0', async (ctx) => {
    await requireLabOrSkip(engine, ctx);
    const state = await mkdtemp(join(tmpdir(), 'pktdrop-live-'));
    try {
      await withLab({ name: labName(`pdlive-ok-${engine}`), engine, faults: [] }, async (info) => {
        const run = await pktdrop(['diagnose', ...targetArgs(info), '--json'], state);
        const r = report(run);
        expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
        expect(r.probe.before?.lossPct).toBe(0);
        expect(r.steps.filter((s) => s.status === 'skipped' || s.status === 'crashed')).toEqual([]);
        expect(run.code).toBe(0);
      });
    } finally {
      await rm(state, { recursive: true, force: true });
    }
  });
});

describe.each(['docker', 'netns'] as const)('diagnose on a %s lab', (engine) => {
  test('listen-overflow and nft-drop are found and named; the nft rule is deleted by handle and verified', async (ctx) => {
    await requireLabOrSkip(engine, ctx);
    const state = await mkdtemp(join(tmpdir(), 'pktdrop-live-'));
    try {
      await withLab({ name: labName(`pdlive-lq-${engine}`), engine, faults: ['listen-overflow', 'nft-drop'] }, async (info) => {
        const listen = report(await pktdrop(['diagnose', ...targetArgs(info), '--target', `${info.address}:8080`, '--count', '10', '--json', '--dry-run'], state));
        expect(listen.findings.map((f) => f.id)).toContain('tcp.listen-overflow');
        const overflow = listen.findings.find((f) => f.id === 'tcp.listen-overflow');
        expect(overflow?.evidence.some((e) => (e.counter === 'TcpExtListenDrops' || e.counter === 'TcpExtListenOverflows') && (e.delta ?? 0) > 0)).toBe(true);

        const run = await pktdrop(['diagnose', ...targetArgs(info), '--target', `${info.address}:80`, '--yes', '--json'], state);
        const r = report(run);
        const nft = r.findings.find((f) => f.id === 'netfilter.drop-rule' && f.subject.startsWith('nft inet pktdrop_lab'));
        expect(nft, JSON.stringify(r.findings.map((f) => f.subject))).toBeDefined();
        const fix = r.fixes.find((f) => f.finding === 'netfilter.drop-rule');
        expect(fix?.commands[0]).toMatch(/^nft delete rule inet pktdrop_lab \S+ handle \d+$/);
        expect(fix?.status).toBe('applied');
        expect(fix?.verified).toBe(true);
        expect(r.probe.after?.lossPct).toBe(0);
      });
    } finally {
      await rm(state, { recursive: true, force: true });
    }
  });
});

describe('a container whose image has no iptables, tc or netstat', () => {
  test("the walk still works with the host's tools in its namespace (nsenter), and says so", async (ctx) => {
    await requireLabOrSkip('docker', ctx);
    const state = await mkdtemp(join(tmpdir(), 'pktdrop-live-'));
    const conf = await mkdtemp(join(tmpdir(), 'pktdrop-bare-'));
    const name = labName('pdlive-bare');
    // Reuse the lab's empty image: build a lab (which imports it), then run a second, bare container.
    try {
      await withLab({ name: labName('pdlive-bare-base'), engine: 'docker', faults: [] }, async () => {
        await writeFile(
          join(conf, 'nginx.conf'),
          'daemon off; user root; pid /tmp/nginx.pid; error_log stderr; events {}\n' +
            'http { access_log off; client_body_temp_path /tmp/b; proxy_temp_path /tmp/p; fastcgi_temp_path /tmp/f; uwsgi_temp_path /tmp/u; scgi_temp_path /tmp/s;\n' +
            '  server { listen 80; location / { return 200 "ok\\n"; } } }\n',
        );
        const libs = ['/usr/lib', '/usr/lib64'].flatMap((d) => ['-v', `${d}:${d}:ro`, '-v', `${d}:${d.replace('/usr', '')}:ro`]);
        const started = await runner.run(mutateCommand(['docker', 'run', '-d', '--name', name, '--label', `pktdrop.lab=${name}`, '--cap-add', 'NET_ADMIN',
          ...libs, '-v', '/usr/sbin/nginx:/usr/sbin/nginx:ro', '-v', '/etc/passwd:/etc/passwd:ro', '-v', '/etc/group:/etc/group:ro', '-v', `${conf}:/conf:ro`,
          '--tmpfs', '/tmp', '--tmpfs', '/var/log/nginx', '--tmpfs', '/var/lib/nginx', 'pktdrop-lab:empty', '/usr/sbin/nginx', '-c', '/conf/nginx.conf'], 60_000));
        expect(started.ok, started.stderr).toBe(true);
        try {
          const pid = (await runner.run(readCommand(['docker', 'inspect', '-f', '{{.State.Pid}}', name]))).stdout.trim();
          const inside = await runner.run(readCommand(['docker', 'exec', name, 'iptables', '-L']));
          expect(inside.ok).toBe(false);
          // A real fault, injected with the host's tools in the container's namespace.
          const fault = await runner.run(mutateCommand(['nsenter', '-t', pid, '-n', '--', 'iptables', '-A', 'INPUT', '-p', 'tcp', '--dport', '80', '-m', 'statistic', '--mode', 'random', '--probability', '0.5', '-j', 'DROP']));
          expect(fault.ok, fault.stderr).toBe(true);
          const run = await pktdrop(['diagnose', '--container', name, '--json', '--dry-run'], state);
          const r = report(run);
          expect(r.target.access).toContain('nsenter');
          expect(r.steps.filter((s) => s.status === 'skipped')).toEqual([]);
          expect(r.findings.filter((f) => f.id === 'netfilter.drop-rule').map((f) => f.subject)).toEqual(['iptables filter/INPUT#1']);

          // Not root: docker exec into an image with no shell. The batch cannot start, so each read is
          // tried on its own; with no tools at all, every step inside is skipped with the reason, never passed.
          const asUser = await diagnose(
            { runner, prompter: proposeOnlyPrompter('live'), journal: new MemoryJournal(), layers: LAYERS, runProbe: async () => ({ ok: false, reason: 'no probe' }), sleep: async () => {}, batch: true },
            { spec: { kind: 'container', ref: name, runtime: 'docker' }, probeTarget: { kind: 'none' }, probe: { count: 1, intervalMs: 100, timeoutMs: 1000, method: 'auto' }, idleWindowMs: 0, isRoot: false },
          );
          if (!asUser.ok) throw new Error(asUser.message);
          const insideSteps = asUser.report.steps.filter((s) => s.scope === 'target');
          expect(insideSteps.length).toBeGreaterThan(0);
          for (const s of insideSteps) {
            expect(s.outcome.status, `${s.layer}: ${JSON.stringify(s.outcome)}`).toBe('skipped');
            if (s.outcome.status === 'skipped') expect(s.outcome.reason).toMatch(/not found|installed|unreadable|could not/);
          }
          // Nothing inside could be read: never "healthy".
          expect([asUser.report.verdict, asUser.report.exitCode]).toEqual(['incomplete', 1]);
        } finally {
          await runner.run(mutateCommand(['docker', 'rm', '-f', name], 60_000));
        }
        expect(await labFootprint(name), 'the bare container is removed').toEqual(EMPTY_FOOTPRINT);
      });
    } finally {
      await rm(state, { recursive: true, force: true });
      await rm(conf, { recursive: true, force: true });
    }
  });
});

describe('hostile input reaches no shell', () => {
  test('a container name that starts with "-" is refused before anything runs (exit 2, one line)', async () => {
    const state = await mkdtemp(join(tmpdir(), 'pktdrop-live-'));
    try {
      const run = await pktdrop(['diagnose', '--container=--privileged', '--no-probe'], state);
      expect(run.code).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stdout).toBe('');
    } finally {
      await rm(state, { recursive: true, force: true });
    }
  });
});
