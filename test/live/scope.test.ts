/**
 * Live tests of issue 12: right cause, right scope.
 * - The masked seed case (two random DROP rules + a tiny tbf) on a fresh container, ten times: the shaper
 *   hidden behind the rules in the first window is fixed in a later round; every run ends `fixed`,
 *   exit 0. Again with two CPU-bound processes running (started here, killed after by their pid).
 *
 * - A healthy container next to a neighbour that makes the host's FORWARD policy drop (two namespaces of
 *   this test routed through the host, whose FORWARD policy is DROP): no error or warning finding; the
 *   FORWARD drops are a note, off the probe's path. A counting rule of this test (host FORWARD, matching
 *   only the neighbour's packets) proves the neighbour's traffic met FORWARD during the run.
 * - A down path sends no probe: a netns lab whose host end of the veth is down (its route falls back to the
 *   default gateway, off this machine); a guard rule on the host's OUTPUT chain that counts (and drops)
 *   anything sent to the lab's address stays at 0, and the broken path is the finding.
 *
 * Assertions are on this file's own labs and on the reports of runs against them; the noisy
 * neighbour of the live project runs beside them.
 */
import { describe, expect, test } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPktdrop, type CliRun } from './cli-fixture.js';
import { mutateCommand, readCommand } from '../../src/targets/runner.js';
import { labName, requireLabOrSkip, runner, targetArgs, withLab } from './lab-fixture.js';

const pktdrop = runPktdrop;

interface JsonFinding {
  id: string;
  scope: string;
  severity: string;
  subject: string;
  role: string;
  evidence: unknown[];
}
interface JsonReport {
  probe: { why: string; route: { ok: boolean; dev?: string; gateway?: string } | null; before: { lossPct: number; command: string } | null; after: { lossPct: number } | null };
  findings: JsonFinding[];
  fixes: { finding: string; status: string; verified: boolean | null }[];
  rounds: { round: number; causes: { id: string }[]; verification: { findings: JsonFinding[] } | null; stopped: string | null }[];
  verification: { findings: JsonFinding[] } | null;
  verdict: { status: string; exitCode: number; remaining: { id: string }[] };
}

function report(run: CliRun): JsonReport {
  expect(run.stdout.trim().startsWith('{'), `stdout is one JSON document; stderr: ${run.stderr}`).toBe(true);
  return JSON.parse(run.stdout) as JsonReport;
}

/** A busy loop in its own process, bounded by its own clock (`seconds`) and killed by pid after the test. */
function cpuHog(seconds: number): ChildProcess {
  return spawn(process.execPath, ['-e', `const end = Date.now() + ${seconds * 1000}; while (Date.now() < end) {}`], { stdio: 'ignore' });
}

const RUNS = 10;

async function maskedRuns(tag: string): Promise<{ outcomes: string[]; rounds: number[] }> {
  const state = await mkdtemp(join(tmpdir(), 'pktdrop-scope-'));
  const outcomes: string[] = [];
  const rounds: number[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      await withLab({ name: labName(`pdscope-${tag}${i}`), engine: 'docker', faults: ['iptables-random-drop', 'qdisc-drop'] }, async (info) => {
        const run = await pktdrop(['diagnose', ...targetArgs(info), '--yes', '--json'], state);
        const r = report(run);
        // Every verification finding carries its evidence.
        for (const round of r.rounds) for (const f of round.verification?.findings ?? []) expect(f.evidence.length, f.id).toBeGreaterThan(0);
        rounds.push(r.rounds.length);
        outcomes.push(
          `${r.verdict.status}/${run.code}` +
            (run.code === 0 ? '' : ` remaining=${r.verdict.remaining.map((x) => x.id).join(',')} rounds=${JSON.stringify(r.rounds.map((x) => [x.causes.map((c) => c.id), x.stopped]))}`),
        );
      });
    }
  } finally {
    await rm(state, { recursive: true, force: true });
  }
  return { outcomes, rounds };
}

describe('the masked seed case (random DROP ×2 + tiny tbf), fresh containers', () => {
  test(`${RUNS} of ${RUNS} runs end fixed, exit 0`, async (ctx) => {
    await requireLabOrSkip('docker', ctx);
    const { outcomes, rounds } = await maskedRuns('m');
    console.log(`[scope] masked seed case: rounds per run ${rounds.join(' ')}`);
    expect(outcomes).toEqual(Array.from({ length: RUNS }, () => 'fixed/0'));
  }, 300_000);

  test(`${RUNS} of ${RUNS} with two CPU-bound processes running`, async (ctx) => {
    await requireLabOrSkip('docker', ctx);
    const hogs = [cpuHog(280), cpuHog(280)];
    try {
      const { outcomes, rounds } = await maskedRuns('c');
      console.log(`[scope] masked seed case under CPU load: rounds per run ${rounds.join(' ')}`);
      expect(outcomes).toEqual(Array.from({ length: RUNS }, () => 'fixed/0'));
    } finally {
      for (const h of hogs) if (h.pid !== undefined && h.exitCode === null) process.kill(h.pid, 'SIGKILL');
    }
  }, 300_000);
});

describe('a down path sends no probe', () => {
  test('netns lab, host end of its veth down: no packet toward its address, ip.route-off-path, exit 1', async (ctx) => {
    await requireLabOrSkip('netns', ctx);
    const state = await mkdtemp(join(tmpdir(), 'pktdrop-scope-'));
    try {
      await withLab({ name: labName('pdscope-down'), engine: 'netns', faults: [] }, async (info) => {
        const veth = info.netns?.hostVeth;
        if (!veth) throw new Error('the netns lab has no host veth');
        const comment = `pktdrop-scope-guard-${process.pid}`;
        // Counts, and drops, anything this host sends to the lab's address: nothing may leave toward it.
        const guard = ['-d', `${info.address}/32`, '-m', 'comment', '--comment', comment, '-j', 'DROP'];
        expect((await runner.run(mutateCommand(['iptables', '-w', '-I', 'OUTPUT', '1', ...guard]))).ok).toBe(true);
        try {
          expect((await runner.run(mutateCommand(['ip', 'link', 'set', 'dev', veth, 'down']))).ok).toBe(true);
          const run = await pktdrop(['diagnose', ...targetArgs(info), '--json'], state);
          const r = report(run);
          const counted = await runner.run(readCommand(['iptables', '-w', '-t', 'filter', '-nvxL', 'OUTPUT']));
          const line = counted.stdout.split('\n').find((l) => l.includes(comment));
          expect(line, counted.stdout).toBeDefined();
          expect(Number(line?.trim().split(/\s+/)[0])).toBe(0);
          expect(r.probe.before).toBeNull();
          expect(r.probe.route).toMatchObject({ ok: false });
          expect(r.probe.why).toMatch(/^no probe: /);
          const f = r.findings.find((x) => x.id === 'ip.route-off-path');
          expect(f).toMatchObject({ scope: 'host', severity: 'error' });
          expect(run.code).toBe(1);
          expect(r.verdict.remaining.map((x) => x.id)).toContain('ip.route-off-path');
        } finally {
          await runner.run(mutateCommand(['iptables', '-w', '-D', 'OUTPUT', ...guard]));
        }
      });
    } finally {
      await rm(state, { recursive: true, force: true });
    }
  }, 120_000);
});

/** Two namespaces routed through the host: traffic between them passes the host's FORWARD chain. */
async function forwardNeighbour(): Promise<{ from: string; to: string; ns: string[]; hostLinks: string[]; x: number }> {
  const tag = (process.pid % 46_656).toString(36).padStart(3, '0');
  const x = 100 + (process.pid % 150);
  const ns = [`pdscope-fa-${tag}`, `pdscope-fb-${tag}`];
  const hostLinks = [`pdsfa${tag}`, `pdsfb${tag}`];
  const cmds: string[][] = [];
  for (const [i, n] of ns.entries()) {
    const h = hostLinks[i]!;
    const base = i * 4;
    cmds.push(
      ['ip', 'netns', 'add', n],
      ['ip', 'link', 'add', h, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', n],
      ['ip', 'addr', 'add', `10.214.${x}.${base + 1}/30`, 'dev', h],
      ['ip', 'link', 'set', 'dev', h, 'up'],
      ['ip', 'netns', 'exec', n, 'ip', 'link', 'set', 'dev', 'lo', 'up'],
      ['ip', 'netns', 'exec', n, 'ip', 'addr', 'add', `10.214.${x}.${base + 2}/30`, 'dev', 'eth0'],
      ['ip', 'netns', 'exec', n, 'ip', 'link', 'set', 'dev', 'eth0', 'up'],
      ['ip', 'netns', 'exec', n, 'ip', 'route', 'add', 'default', 'via', `10.214.${x}.${base + 1}`],
    );
  }
  for (const c of cmds) {
    const r = await runner.run(mutateCommand(c));
    if (!r.ok) throw new Error(`${c.join(' ')}: ${r.failure?.hint ?? r.stderr}`);
  }
  return { from: `10.214.${x}.2`, to: `10.214.${x}.6`, ns, hostLinks, x };
}

describe('a healthy target next to a neighbour whose traffic the host FORWARD policy drops', () => {
  test('no error or warning finding; the FORWARD drops are a note off the probe\'s path', async (ctx) => {
    await requireLabOrSkip('docker', ctx);
    const state = await mkdtemp(join(tmpdir(), 'pktdrop-scope-'));
    const fwd = await forwardNeighbour();
    const comment = `pktdrop-scope-fwd-${process.pid}`;
    const counting = ['-s', `${fwd.from}/32`, '-d', `${fwd.to}/32`, '-m', 'comment', '--comment', comment];
    let traffic: Promise<unknown> | undefined;
    try {
      expect((await runner.run(mutateCommand(['iptables', '-w', '-I', 'FORWARD', '1', ...counting]))).ok).toBe(true);
      // Network safety: the neighbour's packets go to the host, and from there to the other namespace only.
      const inside = await runner.run(readCommand(['ip', 'netns', 'exec', fwd.ns[0]!, 'ip', '-j', 'route', 'get', fwd.to]));
      expect(inside.stdout).toContain(`"gateway":"10.214.${fwd.x}.1"`);
      const onHost = await runner.run(readCommand(['ip', '-j', 'route', 'get', fwd.to]));
      expect(onHost.stdout).toContain(`"dev":"${fwd.hostLinks[1]}"`);
      await withLab({ name: labName('pdscope-healthy'), engine: 'docker', faults: [] }, async (info) => {
        // Bounded: 300 SYNs at 25/s (12 s), from one namespace of this test to the other.
        traffic = runner.run(readCommand(['ip', 'netns', 'exec', fwd.ns[0]!, 'hping3', '-q', '-c', '300', '-i', 'u40000', '-S', '-p', '80', fwd.to], 30_000));
        await new Promise((r) => setTimeout(r, 500));
        const run = await pktdrop(['diagnose', ...targetArgs(info), '--json'], state);
        const r = report(run) as JsonReport & { steps: { layer: string; scope: string; notes: string[] }[] };
        const loud = r.findings.filter((f) => f.severity === 'error' || f.severity === 'warning').map((f) => `${f.id} ${f.scope} ${f.subject}`);
        expect(loud).toEqual([]);
        expect([r.verdict.status, run.code]).toEqual(['healthy', 0]);
        const counted = await runner.run(readCommand(['iptables', '-w', '-t', 'filter', '-nvxL', 'FORWARD']));
        const line = counted.stdout.split('\n').find((l) => l.includes(comment));
        expect(Number(line?.trim().split(/\s+/)[0] ?? 0), counted.stdout).toBeGreaterThan(0);
        const notes = r.steps.filter((s) => s.layer === 'netfilter' && s.scope === 'host').flatMap((s) => s.notes);
        console.log(`[scope] host netfilter notes: ${notes.filter((n) => n.includes('FORWARD')).join(' | ')}`);
        expect(notes.some((n) => /FORWARD policy: dropped \+\d+ packet\(s\) of other traffic: not on the probe's path/.test(n)), notes.join('\n')).toBe(true);
      });
    } finally {
      await traffic;
      await runner.run(mutateCommand(['iptables', '-w', '-D', 'FORWARD', ...counting]));
      for (const n of fwd.ns) await runner.run(mutateCommand(['ip', 'netns', 'del', n]));
      await rm(state, { recursive: true, force: true });
    }
  }, 120_000);
});
