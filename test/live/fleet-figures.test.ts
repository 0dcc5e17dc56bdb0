/**
 * Live: the README's fleet figures, measured on the test topology (test/live/fleet-topology.ts)
 * with ten hosts: a fleet sweep at --forks 10 (no probe, no trace: two samples per host), and the cost of one
 * remote sample (every layer's reads of a host, one ssh round trip over the warm ControlMaster).
 * The figures are printed; the assertions are on what was measured being whole (every host
 * diagnosed, healthy; one process per sample), never on wall-clock time (the machine is shared).
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { main, type CliIo } from '../../src/cli/main.js';
import type { Command, CommandResult } from '../../src/core/types.js';
import { collectSnapshot } from '../../src/diagnose/collect.js';
import { LAYERS } from '../../src/layers/index.js';
import { resolveTarget } from '../../src/targets/resolve.js';
import { SshSession } from '../../src/targets/ssh.js';
import { cleanHost, topologyAvailability, topologyDown, topologyLeftovers, topologyUp, type Topology } from './fleet-topology.js';

let topo: Topology | undefined;
let unavailable: string | undefined;

beforeAll(async () => {
  unavailable = await topologyAvailability();
  if (unavailable !== undefined) {
    if (process.env.CI === 'true') throw new Error(`fleet topology unavailable under CI: ${unavailable}`);
    return;
  }
  topo = await topologyUp(10);
});

afterAll(async () => {
  if (!topo) return;
  const t = topo;
  await topologyDown(t);
  expect(await topologyLeftovers(t)).toEqual([]);
});

test('ten hosts at --forks 10: every host diagnosed and clean; hosts per second printed', async (ctx) => {
  if (!topo) return ctx.skip(unavailable);
  const t = topo;
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), stdoutIsTty: false, stderrIsTty: false, stdinIsTty: false, env: {}, isRoot: true };
  const t0 = performance.now();
  // --no-trace: the sweep's own cost. Tracing over ssh adds about 15 small round trips per window
  // (one per tracefs operation); the README gives both figures.
  const code = await main(['node', 'pktdrop', 'fleet', 'diagnose', '-F', t.sshConfig, '-H', t.hosts.map((h) => h.name).join(' '), '--forks', '10', '--no-trace', '--json'], io, { fleet: { runner: t.runner } });
  const s = (performance.now() - t0) / 1000;
  const doc = JSON.parse(stdout) as { hosts: { report?: { verdict: { status: string }; steps: { layer: string; status: string; reason?: string }[] } }[]; summary: { total: number; byStatus: Record<string, number> } };
  expect(doc.summary).toMatchObject({ total: 10, byStatus: { diagnosed: 10 } });
  expect(doc.hosts.every((h) => cleanHost(h.report))).toBe(true);
  expect(code, stderr).toBe(doc.hosts.every((h) => h.report?.verdict.status === 'healthy') ? 0 : 1);
  console.log(`FIGURE fleet: 10 hosts at --forks 10 (no probe, --no-trace) in ${s.toFixed(2)} s = ${(10 / s).toFixed(1)} hosts/s`);
});

test('one remote sample is one ssh round trip; its cost printed', async (ctx) => {
  if (!topo) return ctx.skip(unavailable);
  const t = topo;
  const h = t.hosts[0];
  if (!h) throw new Error('a host expected');
  const started: (readonly string[])[] = [];
  const counting = { run: (c: Command): Promise<CommandResult> => { started.push(c.argv); return t.runner.run(c); } };
  const s = new SshSession({ label: h.name, host: h.name }, counting, { configFile: t.sshConfig });
  try {
    expect(await s.open()).toBeUndefined();
    const resolved = await resolveTarget(s, { kind: 'host' }, { isRoot: true, batch: true });
    if (!resolved.ok) throw new Error(resolved.message);
    const times: number[] = [];
    let commands = 0;
    for (let i = 0; i < 5; i++) {
      const before = started.length;
      const t0 = performance.now();
      const snap = await collectSnapshot(s, resolved.target, LAYERS, { batch: true });
      times.push(performance.now() - t0);
      expect(started.length - before).toBe(1);
      commands = new Set([...snap.readings.values()].flatMap((r) => r.commands.map((c) => c.argv.join(' ')))).size;
    }
    times.sort((a, b) => a - b);
    console.log(`FIGURE one remote sample (${commands} commands, one ssh round trip): median ${times[2]?.toFixed(0)} ms (min ${times[0]?.toFixed(0)}, max ${times[4]?.toFixed(0)})`);
  } finally {
    await s.close();
  }
});
