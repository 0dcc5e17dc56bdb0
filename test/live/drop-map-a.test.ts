/**
 * Live tests of the drop map's first causes (issue 14, part A), each on its own netns lab:
 * `softnet-backlog` (host-wide backlog drops, never blamed on the target; the safe sysctl fix applied,
 * verified and undone), `rp-filter`, `forwarding-off` and `br-nf-call` (each named in the target's
 * namespace, no fix applied: pktdrop never lowers rp_filter, turns on routing or opens a firewall),
 * and a healthy lab that gets none of these findings.
 *
 * Every lab is built and removed by withLab; the namespace a fault adds behind the lab is checked
 * gone too. Probes go only to the lab's own addresses, after `ip route get` shows them behind the
 * lab's own veth. The drop trace and softnet_stat are host-wide: only lower bounds are asserted.
 */
import { describe, expect, test } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPktdropJson } from './cli-fixture.js';
import { mutateCommand, readCommand } from '../../src/targets/runner.js';
import { behindName } from '../../src/lab/drop-map-faults.js';
import { labName, requireLabOrSkip, runner, targetArgs, withLab, type LabInfo } from './lab-fixture.js';
import type { LabFault } from '../../src/lab/lab-parts.js';

interface JsonFinding {
  id: string;
  scope: string;
  severity: string;
  basis: string;
  role: string;
  subject: string;
  evidence: { kind: string; counter?: string; delta?: number; name?: string; value?: unknown; subject?: string }[];
}
interface JsonReport {
  steps: { layer: string; scope: string; status: string; reason?: string }[];
  findings: JsonFinding[];
  fixes: { id: string; finding: string; commands: string[]; status: string; verified: boolean | null }[];
  probe: { before: { sent: number; received: number; lossPct: number } | null };
  dropReasons: { before: { ok: boolean; reason?: string; summary?: { byReason: Record<string, number> } } } | null;
}

const pktdrop = (args: string[], stateDir: string) => runPktdropJson<JsonReport>(args, stateDir);

/** The probe target of a lab must sit behind the lab's own veth before anything is sent to it. */
async function expectRoutedToLab(info: LabInfo): Promise<void> {
  const target = info.diagnoseArgs.includes('--target') ? (info.diagnoseArgs[info.diagnoseArgs.indexOf('--target') + 1] ?? '').split(':')[0] ?? '' : info.address;
  const r = await runner.run(readCommand(['ip', '-j', 'route', 'get', target]));
  expect(r.ok, r.stderr).toBe(true);
  expect(r.stdout).toContain(`"dev":"${info.netns?.hostVeth}"`);
}

const delta = (f: JsonFinding | undefined, counter: string): number => f?.evidence.find((e) => e.kind === 'counter' && e.counter === counter)?.delta ?? 0;
const COUNT = '10';

async function netnsGone(name: string): Promise<boolean> {
  const r = await runner.run(readCommand(['ip', 'netns', 'list']));
  return !r.stdout.split('\n').some((l) => l.split(/\s+/)[0] === name);
}

/** One faulty netns lab, diagnosed once with --dry-run; returns the report. */
async function diagnoseFault(fault: LabFault, base: string, check: (r: JsonReport, info: LabInfo) => void): Promise<void> {
  const state = await mkdtemp(join(tmpdir(), 'pktdrop-live-'));
  const name = labName(base);
  let behindAddress: string | undefined;
  try {
    await withLab({ name, engine: 'netns', faults: [fault] }, async (info) => {
      expect(info.faults).toEqual([fault]);
      const t = info.diagnoseArgs.indexOf('--target');
      behindAddress = t >= 0 ? (info.diagnoseArgs[t + 1] ?? '').split(':')[0] : undefined;
      await expectRoutedToLab(info);
      const run = await pktdrop(['diagnose', ...targetArgs(info), '--count', COUNT, '--dry-run', '--json'], state);
      expect(run.report, run.stderr).toBeDefined();
      const r = run.report as JsonReport;
      try {
        expect(r.probe.before?.lossPct).toBe(100);
        check(r, info);
      } catch (e) {
        // What the run saw, for whoever reads the failure.
        console.error(JSON.stringify({ probe: r.probe, steps: r.steps, findings: r.findings.map((f) => [f.id, f.scope, f.severity, f.subject]) }, null, 1));
        throw e;
      }
      expect(run.code).toBe(1);
    });
    expect(await netnsGone(behindName(name)), `the namespace behind ${name} is removed`).toBe(true);
    // The host's /32 route to the address behind the lab lived on the lab's veth and went with it.
    if (behindAddress) expect((await runner.run(readCommand(['ip', '-j', 'route', 'show', `${behindAddress}/32`]))).stdout.trim()).toMatch(/^(\[\])?$/);
  } finally {
    await rm(state, { recursive: true, force: true });
  }
}

describe('drop map, part A, on netns labs', () => {
  test('rp-filter: ip.rp-filter in the target, convicted by TcpExtIPReversePathFilter (and IP_RPFILTER events); no fix applied', async (ctx) => {
    await requireLabOrSkip('netns', ctx);
    await diagnoseFault('rp-filter', 'pdlive-rp', (r) => {
      const f = r.findings.find((x) => x.id === 'ip.rp-filter');
      expect(f).toMatchObject({ scope: 'target', severity: 'error', basis: 'window', role: 'cause' });
      expect(delta(f, 'TcpExtIPReversePathFilter')).toBeGreaterThanOrEqual(Number(COUNT));
      expect(f?.evidence).toContainEqual(expect.objectContaining({ kind: 'state', name: 'net.ipv4.conf.all.rp_filter', value: '1' }));
      expect(r.fixes.filter((x) => x.finding === 'ip.rp-filter')).toEqual([]);
      const trace = r.dropReasons?.before;
      if (trace?.ok) expect(trace.summary?.byReason['IP_RPFILTER'] ?? 0).toBeGreaterThanOrEqual(Number(COUNT));
    });
  });

  test('forwarding-off: ip.forwarding-disabled in the target from IpInAddrErrors, not repeated as ip.discards; no fix applied', async (ctx) => {
    await requireLabOrSkip('netns', ctx);
    await diagnoseFault('forwarding-off', 'pdlive-fwd', (r) => {
      const f = r.findings.find((x) => x.id === 'ip.forwarding-disabled');
      expect(f).toMatchObject({ scope: 'target', severity: 'error', basis: 'window', role: 'cause', subject: 'net.ipv4.ip_forward=0' });
      expect(delta(f, 'IpInAddrErrors')).toBeGreaterThanOrEqual(Number(COUNT));
      const discards = r.findings.find((x) => x.id === 'ip.discards' && x.scope === 'target');
      expect(delta(discards, 'IpInAddrErrors')).toBe(0);
      expect(r.fixes.filter((x) => x.finding === 'ip.forwarding-disabled')).toEqual([]);
      const trace = r.dropReasons?.before;
      if (trace?.ok) expect(trace.summary?.byReason['IP_INADDRERRORS'] ?? 0).toBeGreaterThanOrEqual(Number(COUNT));
    });
  });

  test('br-nf-call: bridge.nf-call in the target, the bridged share proven by FORWARD drops beyond IpInReceives; no fix applied', async (ctx) => {
    await requireLabOrSkip('netns', ctx);
    await diagnoseFault('br-nf-call', 'pdlive-brnf', (r) => {
      const f = r.findings.find((x) => x.id === 'bridge.nf-call');
      expect(f).toMatchObject({ scope: 'target', severity: 'error', basis: 'window', role: 'cause', subject: 'bridge br0 (net.bridge.bridge-nf-call-iptables=1)' });
      expect(delta(f, 'policy pkts')).toBeGreaterThanOrEqual(Number(COUNT));
      expect(f?.evidence).toContainEqual(expect.objectContaining({ kind: 'state', name: 'bridge ports', subject: 'br0', value: 'eth0 pdbh0' }));
      expect(r.findings.some((x) => x.id === 'netfilter.drop-policy' && x.scope === 'target')).toBe(true);
      expect(r.fixes.filter((x) => x.finding === 'bridge.nf-call')).toEqual([]);
      const trace = r.dropReasons?.before;
      if (trace?.ok) expect(trace.summary?.byReason['NETFILTER_DROP'] ?? 0).toBeGreaterThanOrEqual(Number(COUNT));
    });
  });

  test('softnet-backlog: softnet.backlog-drops on the host side only; netdev_max_backlog doubled, verified, and undone', async (ctx) => {
    await requireLabOrSkip('netns', ctx);
    const state = await mkdtemp(join(tmpdir(), 'pktdrop-live-'));
    const read = async (): Promise<string> => (await runner.run(readCommand(['sysctl', '-n', 'net.core.netdev_max_backlog']))).stdout.trim();
    const original = await read();
    try {
      await withLab({ name: labName('pdlive-softnet'), engine: 'netns', faults: ['softnet-backlog'] }, async (info) => {
        await expectRoutedToLab(info);
        const run = await pktdrop(['diagnose', ...targetArgs(info), '--count', COUNT, '--yes', '--json'], state);
        expect(run.report, run.stderr).toBeDefined();
        const r = run.report as JsonReport;
        const f = r.findings.filter((x) => x.id === 'softnet.backlog-drops');
        expect(f.map((x) => x.scope)).toEqual(['host']);
        expect(f[0]).toMatchObject({ severity: 'error', basis: 'window', role: 'cause', subject: 'softnet backlog' });
        const dropped = f[0]?.evidence.filter((e) => e.kind === 'counter' && e.counter === 'dropped').reduce((n, e) => n + (e.delta ?? 0), 0) ?? 0;
        // Each probe and each reset of its SYN-ACK is mirrored 1280 times: about 280 of each burst are dropped.
        expect(dropped).toBeGreaterThanOrEqual(Number(COUNT) * 100);
        // Host-wide: one softnet step, on the host side; none inside the target.
        expect(r.steps.filter((s) => s.layer === 'softnet').map((s) => `${s.scope}:${s.status}`)).toEqual(['host:findings']);
        const fix = r.fixes.find((x) => x.finding === 'softnet.backlog-drops');
        expect(fix).toMatchObject({ status: 'applied', verified: true, commands: [`sysctl -w net.core.netdev_max_backlog=${Number(original) * 2}`] });
        expect(await read()).toBe(String(Number(original) * 2));
        const trace = r.dropReasons?.before;
        if (trace?.ok) expect(trace.summary?.byReason['CPU_BACKLOG'] ?? 0).toBeGreaterThan(0);

        const undo = await pktdrop(['undo', ...targetArgs(info)], state);
        expect(undo.code, undo.stderr).toBe(0);
        expect(await read()).toBe(original);
      });
    } finally {
      // The knob is host-wide: never leave it changed, whatever happened above.
      if ((await read()) !== original) await runner.run(mutateCommand(['sysctl', '-w', `net.core.netdev_max_backlog=${original}`]));
      await rm(state, { recursive: true, force: true });
    }
  });

  test('softnet-backlog on a docker lab: the same host-side finding through nsenter, the fix only proposed under --dry-run', async (ctx) => {
    await requireLabOrSkip('docker', ctx);
    const state = await mkdtemp(join(tmpdir(), 'pktdrop-live-'));
    const read = async (): Promise<string> => (await runner.run(readCommand(['sysctl', '-n', 'net.core.netdev_max_backlog']))).stdout.trim();
    const original = await read();
    try {
      await withLab({ name: labName('pdlive-softnet-docker'), engine: 'docker', faults: ['softnet-backlog'] }, async (info) => {
        const run = await pktdrop(['diagnose', ...targetArgs(info), '--count', COUNT, '--dry-run', '--json'], state);
        expect(run.report, run.stderr).toBeDefined();
        const r = run.report as JsonReport;
        // pktdrop's own route check ran before the probe (it refuses a probe that would leave the container's link).
        expect(r.probe.before?.sent).toBe(Number(COUNT));
        const f = r.findings.filter((x) => x.id === 'softnet.backlog-drops');
        expect(f.map((x) => [x.scope, x.severity])).toEqual([['host', 'error']]);
        expect(r.fixes.filter((x) => x.finding === 'softnet.backlog-drops').map((x) => [x.status, x.commands])).toEqual([
          ['proposed', [`sysctl -w net.core.netdev_max_backlog=${Number(original) * 2}`]],
        ]);
        expect(await read()).toBe(original);
      });
    } finally {
      await rm(state, { recursive: true, force: true });
    }
  });

  test('a healthy netns lab gets none of these findings; softnet is judged on the host side only', async (ctx) => {
    await requireLabOrSkip('netns', ctx);
    const state = await mkdtemp(join(tmpdir(), 'pktdrop-live-'));
    try {
      await withLab({ name: labName('pdlive-dm-ok'), engine: 'netns', faults: [] }, async (info) => {
        await expectRoutedToLab(info);
        const run = await pktdrop(['diagnose', ...targetArgs(info), '--count', COUNT, '--json'], state);
        const r = run.report as JsonReport;
        expect(r.findings.filter((x) => ['ip.rp-filter', 'ip.forwarding-disabled', 'bridge.nf-call'].includes(x.id))).toEqual([]);
        // softnet_stat is host-wide: whatever other users of this host do shows on the host side, never in the target.
        expect(r.findings.filter((x) => x.id.startsWith('softnet.') && x.scope === 'target')).toEqual([]);
        expect(r.steps.filter((s) => s.layer === 'softnet').map((s) => s.scope)).toEqual(['host']);
        expect(r.steps.filter((s) => ['softnet', 'bridge'].includes(s.layer)).map((s) => `${s.layer}@${s.scope}:${s.status === 'findings' ? 'findings' : s.status}`).filter((s) => s.endsWith('skipped') || s.endsWith('crashed'))).toEqual([]);
        expect(r.probe.before?.lossPct).toBe(0);
      });
    } finally {
      await rm(state, { recursive: true, force: true });
    }
  });
});
