/**
 * Live tests of issue 12, item 1: rules in user-defined chains, placed by the built-in chains that
 * reach them.
 * - A random DROP in a user chain jumped to from INPUT (iptables `-N`, `-j CHAIN`) in a netns lab: the
 *   probe crosses it, so it is convicted, fixed (deleted from its own chain) and verified; exit 0.
 * - A DROP in a user chain reached only from FORWARD, its counter rising from traffic this test routes
 *   through the lab's namespace (two namespaces of its own on either side): the probe never passes
 *   FORWARD there, so the drops are a note, no finding. Once with an nft regular chain (`jump` from a
 *   forward base chain), once with an iptables user chain.
 *
 * Everything asserted on was made here: the lab, the chains and rules inside its namespace, the two
 * side namespaces; traffic goes only between namespaces of this test (checked with `ip route get`
 * first), and all of it is removed after.
 */
import { describe, expect, test } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPktdrop, type CliRun } from './cli-fixture.js';
import { mutateCommand, readCommand } from '../../src/targets/runner.js';
import { inLabNamespace, labName, requireLabOrSkip, runner, targetArgs, withLab, type LabInfo } from './lab-fixture.js';

interface JsonFinding {
  id: string;
  scope: string;
  severity: string;
  subject: string;
  title: string;
  evidence: { kind: string; name?: string; value?: unknown; delta?: number }[];
}
interface JsonReport {
  findings: JsonFinding[];
  fixes: { finding: string; status: string; verified: boolean | null }[];
  steps: { layer: string; scope: string; notes: string[] }[];
  verdict: { status: string; exitCode: number; remaining: { id: string }[] };
}

function report(run: CliRun): JsonReport {
  expect(run.stdout.trim().startsWith('{'), `stdout is one JSON document; stderr: ${run.stderr}`).toBe(true);
  return JSON.parse(run.stdout) as JsonReport;
}

const tag = (process.pid % 46_656).toString(36).padStart(3, '0');

async function must(argv: readonly string[]): Promise<void> {
  const r = await runner.run(mutateCommand(argv));
  if (!r.ok) throw new Error(`${argv.join(' ')}: ${r.failure?.hint ?? r.stderr}`);
}

async function inLab(info: LabInfo, argv: readonly string[]): Promise<string> {
  const r = await runner.run(readCommand(inLabNamespace(info, argv)));
  return r.stdout;
}

describe('a random DROP in a user chain jumped to from INPUT', () => {
  test('is convicted on its path element, fixed and verified; exit 0', async (ctx) => {
    await requireLabOrSkip('netns', ctx);
    const state = await mkdtemp(join(tmpdir(), 'pktdrop-uc-'));
    const chain = `PDUC-IN-${tag}`;
    try {
      await withLab({ name: labName('pduc-in'), engine: 'netns', faults: [] }, async (info) => {
        for (const c of [
          ['iptables', '-w', '-N', chain],
          ['iptables', '-w', '-A', chain, '-p', 'tcp', '--dport', '80', '-m', 'statistic', '--mode', 'random', '--probability', '0.5', '-j', 'DROP'],
          ['iptables', '-w', '-A', 'INPUT', '-p', 'tcp', '--dport', '80', '-j', chain],
        ]) await must(inLabNamespace(info, c));
        const run = await runPktdrop(['diagnose', ...targetArgs(info), '--yes', '--json'], state);
        const r = report(run);
        const f = r.findings.find((x) => x.id === 'netfilter.drop-rule' && x.subject === `iptables filter/${chain}#1`);
        expect(f, JSON.stringify(r.findings.map((x) => [x.id, x.scope, x.subject]))).toBeDefined();
        expect(f).toMatchObject({ scope: 'target', severity: 'error' });
        expect(f?.title).toContain(`(on filter INPUT → ${chain})`);
        expect(f?.evidence).toContainEqual(expect.objectContaining({ kind: 'state', name: 'path', value: `filter INPUT → ${chain}` }));
        const fix = r.fixes.find((x) => x.finding === 'netfilter.drop-rule');
        expect(fix, JSON.stringify(r.fixes)).toMatchObject({ status: 'applied', verified: true });
        expect([r.verdict.status, run.code], JSON.stringify(r.verdict)).toEqual(['fixed', 0]);
        // The rule is gone from its own chain; the chain and the jump (not faults) are left as they were.
        const saved = await inLab(info, ['iptables-save', '-t', 'filter']);
        expect(saved).not.toMatch(new RegExp(`-A ${chain} .*-j DROP`));
        expect(saved).toContain(`-A INPUT -p tcp -m tcp --dport 80 -j ${chain}`);
      });
    } finally {
      await rm(state, { recursive: true, force: true });
    }
  }, 120_000);
});

/** Two namespaces of this test on either side of the lab's namespace, which routes between them. */
async function sides(info: LabInfo, x: number, made: string[]): Promise<{ ns: string[]; from: string; to: string }> {
  const ns = [`pduc-a-${tag}`, `pduc-b-${tag}`];
  made.push(...ns);
  const labNs = info.netns?.name ?? info.name;
  for (const [i, n] of ns.entries()) {
    const inner = `pduc${'ab'[i]}${tag}`;
    const base = i * 4;
    await must(['ip', 'netns', 'add', n]);
    await must(['ip', 'link', 'add', inner, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', n]);
    await must(['ip', 'link', 'set', inner, 'netns', labNs]);
    await must(['ip', '-n', labNs, 'addr', 'add', `10.216.${x}.${base + 1}/30`, 'dev', inner]);
    await must(['ip', '-n', labNs, 'link', 'set', 'dev', inner, 'up']);
    await must(['ip', '-n', n, 'link', 'set', 'dev', 'lo', 'up']);
    await must(['ip', '-n', n, 'addr', 'add', `10.216.${x}.${base + 2}/30`, 'dev', 'eth0']);
    await must(['ip', '-n', n, 'link', 'set', 'dev', 'eth0', 'up']);
    await must(['ip', '-n', n, 'route', 'add', 'default', 'via', `10.216.${x}.${base + 1}`]);
  }
  await must(['ip', 'netns', 'exec', labNs, 'sysctl', '-qw', 'net.ipv4.ip_forward=1']);
  return { ns, from: `10.216.${x}.2`, to: `10.216.${x}.6` };
}

/**
 * SYNs at 25/s from one side namespace to the other, through the lab, after checking the route: bounded
 * by their count (60 s), stopped by pid once the run is over.
 */
async function forwardedTraffic(s: { ns: string[]; from: string; to: string }, port: number, x: number): Promise<ChildProcess> {
  const route = await runner.run(readCommand(['ip', 'netns', 'exec', s.ns[0] ?? '', 'ip', '-j', 'route', 'get', s.to]));
  expect(route.stdout).toContain(`"gateway":"10.216.${x}.1"`);
  expect(route.stdout).toContain('"dev":"eth0"');
  return spawn('ip', ['netns', 'exec', s.ns[0] ?? '', 'hping3', '-q', '-c', '1500', '-i', 'u40000', '-S', '-p', String(port), s.to], { stdio: 'ignore' });
}

async function forwardOnlyCase(
  ctx: { skip: (note?: string) => never },
  kind: 'nft' | 'iptables',
  rules: (info: LabInfo) => readonly (readonly string[])[],
  counted: (info: LabInfo) => Promise<number>,
  subjectPart: string,
  port: number,
): Promise<void> {
  await requireLabOrSkip('netns', ctx);
  const state = await mkdtemp(join(tmpdir(), 'pktdrop-uc-'));
  const x = 100 + ((process.pid + port) % 150);
  let traffic: ChildProcess | undefined;
  const made: string[] = [];
  try {
    await withLab({ name: labName(`pduc-f${kind[0]}`), engine: 'netns', faults: [] }, async (info) => {
      const s = await sides(info, x, made);
      for (const c of rules(info)) await must(inLabNamespace(info, c));
      traffic = await forwardedTraffic(s, port, x);
      await new Promise((r) => setTimeout(r, 1000));
      const run = await runPktdrop(['diagnose', ...targetArgs(info), '--json'], state);
      const r = report(run);
      // The forwarded traffic did meet the user chain's DROP during the run.
      expect(await counted(info)).toBeGreaterThan(0);
      const loud = r.findings.filter((f) => f.severity === 'error' || f.severity === 'warning').map((f) => `${f.id} ${f.scope} ${f.subject}`);
      expect(loud).toEqual([]);
      expect(r.findings.filter((f) => f.subject.includes(subjectPart))).toEqual([]);
      expect([r.verdict.status, run.code]).toEqual(['healthy', 0]);
      const notes = r.steps.filter((st) => st.layer === 'netfilter' && st.scope === 'target').flatMap((st) => st.notes);
      const note = notes.find((n) => n.includes(subjectPart) && /not on the probe's path/.test(n));
      console.log(`[user-chains] ${kind}: ${note ?? notes.join(' | ')}`);
      expect(note, notes.join('\n')).toMatch(/dropped \+\d+ packet\(s\) of other traffic: not on the probe's path \(the probe never passes FORWARD here\)/);
    });
  } finally {
    if (traffic?.pid !== undefined && traffic.exitCode === null) {
      const exited = new Promise((r) => traffic?.once('exit', r));
      process.kill(traffic.pid, 'SIGTERM');
      await exited;
    }
    for (const n of made) await runner.run(mutateCommand(['ip', 'netns', 'del', n]));
    await rm(state, { recursive: true, force: true });
  }
}

describe('a DROP in a user chain reached only from FORWARD, its counter rising from forwarded traffic', () => {
  test('nft regular chain (jump from a forward base chain): a note off the probe\'s path, no finding', async (ctx) => {
    const table = `pduc_${tag}`;
    await forwardOnlyCase(
      ctx,
      'nft',
      () => [
        ['nft', 'add', 'table', 'inet', table],
        ['nft', 'add', 'chain', 'inet', table, 'fwd_user'],
        ['nft', 'add', 'rule', 'inet', table, 'fwd_user', 'counter', 'drop'],
        ['nft', 'add', 'chain', 'inet', table, 'fwdbase', '{ type filter hook forward priority 10 ; policy accept ; }'],
        ['nft', 'add', 'rule', 'inet', table, 'fwdbase', 'tcp', 'dport', '19', 'jump', 'fwd_user'],
      ],
      async (info) => {
        const out = await inLab(info, ['nft', 'list', 'chain', 'inet', table, 'fwd_user']);
        return Number(/counter packets (\d+)/.exec(out)?.[1] ?? 0);
      },
      `nft inet ${table} fwd_user`,
      19,
    );
  }, 120_000);

  test('iptables user chain (-j from FORWARD): a note off the probe\'s path, no finding', async (ctx) => {
    const chain = `PDUC-FWD-${tag}`;
    await forwardOnlyCase(
      ctx,
      'iptables',
      () => [
        ['iptables', '-w', '-N', chain],
        ['iptables', '-w', '-A', chain, '-p', 'tcp', '--dport', '9', '-j', 'DROP'],
        ['iptables', '-w', '-A', 'FORWARD', '-p', 'tcp', '-j', chain],
      ],
      async (info) => {
        const out = await inLab(info, ['iptables', '-w', '-nvxL', chain]);
        const line = out.split('\n').find((l) => /\bDROP\b/.test(l));
        return Number(line?.trim().split(/\s+/)[0] ?? 0);
      },
      `iptables filter/${chain}#1`,
      9,
    );
  }, 120_000);
});
