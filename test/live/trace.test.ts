/**
 * Live: the kfree_skb drop-reason session on this machine's real tracefs, against faults this test
 * injects into a network namespace it creates itself (netns pdtr-<pid>, veth pdtrA<n> / pdtrB<n>,
 * 10.247.<n>.0/30):
 * - `iptables -A INPUT -p tcp --dport 80 -j DROP` inside the namespace (nf_tables backend:
 *   NETFILTER_DROP at nft_do_chain);
 * - `tc qdisc add dev pdtrA<n> root tbf rate 8kbit burst 1600 limit 1600` on the host end of the
 *   veth this test created (QDISC_DROP at __dev_queue_xmit).
 * Traffic is bounded and goes only to the namespace's address: 4 TCP connects to :80 and 8 UDP
 * datagrams of 1200 bytes to :9. The tracepoint is host-wide, so other traffic on the host can add
 * events: the test asserts events >= the counter deltas of the same window, and both > 0.
 *
 * It also checks that tracefs global state (top-level tracing_on, events/skb/kfree_skb/enable and
 * filter, set_event, buffer_size_kb, current_tracer, the list of instances) is identical before and
 * after a stopped session and an aborted one. Everything is removed in finally.
 *
 * Skipped with a printed reason when not root or tracefs/kfree_skb are unavailable; FAILS under CI=true.
 */
import * as dgram from 'node:dgram';
import * as net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutateCommand, ProcessRunner, readCommand } from '../../src/targets/runner.js';
import { locateTraceFs, NodeTraceFs } from '../../src/trace/tracefs.js';
import { readGlobalTraceState, startDropTrace, traceCapability } from '../../src/trace/session.js';
import { classifyBenign, tallyDrops } from '../../src/trace/tally.js';
import { reconcileDrops } from '../../src/trace/reconcile.js';
import type { Finding } from '../../src/core/types.js';

const runner = new ProcessRunner();
const CI = process.env.CI === 'true';
const isRoot = process.getuid?.() === 0;
const tfs = isRoot ? await locateTraceFs() : undefined;
const cap = tfs ? await traceCapability(tfs) : undefined;
const missing = !isRoot
  ? 'not root'
  : tfs === undefined
    ? 'tracefs is not mounted (/sys/kernel/tracing)'
    : !cap?.kfreeSkb
      ? 'no readable skb:kfree_skb event'
      : !cap.reasonField
        ? 'this kernel has no drop reason field'
        : undefined;
if (missing && CI) throw new Error(`live trace test cannot run under CI: ${missing}`);
if (missing) console.warn(`[live trace] skipped: ${missing}`);

const n = process.pid % 250;
const NS = `pdtr-${process.pid}`;
const VA = `pdtrA${n}`;
const VB = `pdtrB${n}`;
const HOST_IP = `10.247.${n}.1`;
const NS_IP = `10.247.${n}.2`;

async function must(argv: string[]): Promise<void> {
  const r = await runner.run(mutateCommand(argv));
  if (!r.ok) throw new Error(`${argv.join(' ')}: ${r.failure?.hint ?? r.stderr}`);
}

async function ruleDrops(): Promise<number> {
  const r = await runner.run(readCommand(['ip', 'netns', 'exec', NS, 'iptables', '-nvxL', 'INPUT']));
  const line = r.stdout.split('\n').find((l) => /\bDROP\b/.test(l) && /dpt:80/.test(l));
  return Number(line?.trim().split(/\s+/)[0] ?? Number.NaN);
}

async function tbfDrops(): Promise<number> {
  const r = await runner.run(readCommand(['tc', '-s', 'qdisc', 'show', 'dev', VA]));
  return Number(/dropped (\d+)/.exec(r.stdout)?.[1] ?? Number.NaN);
}

const sleep = (ms: number): Promise<void> => new Promise((res) => setTimeout(res, ms));

/** 4 TCP connects to the dropped port, then a burst of 8 UDP datagrams that overflows the tbf. */
async function sendTraffic(): Promise<void> {
  const sockets = Array.from({ length: 4 }, () => {
    const s = net.connect({ host: NS_IP, port: 80 });
    s.on('error', () => undefined);
    return s;
  });
  await sleep(300);
  const u = dgram.createSocket('udp4');
  const payload = Buffer.alloc(1200);
  await Promise.all(Array.from({ length: 8 }, () => new Promise<void>((res) => u.send(payload, 9, NS_IP, () => res()))));
  u.close();
  await sleep(700);
  for (const s of sockets) s.destroy();
}

async function cleanup(): Promise<void> {
  await runner.run(mutateCommand(['ip', 'link', 'del', VA]));
  await runner.run(mutateCommand(['ip', 'netns', 'del', NS]));
}

describe.skipIf(missing !== undefined)('live: kfree_skb drop reasons in a private tracing instance', () => {
  // Only reached when tracefs was found (skipIf above); the fallback keeps the type honest.
  const fs: NodeTraceFs = tfs ?? new NodeTraceFs();

  beforeAll(async () => {
    await cleanup();
    try {
      await must(['ip', 'netns', 'add', NS]);
      await must(['ip', 'link', 'add', VA, 'type', 'veth', 'peer', 'name', VB]);
      await must(['ip', 'link', 'set', VB, 'netns', NS]);
      await must(['ip', 'addr', 'add', `${HOST_IP}/30`, 'dev', VA]);
      await must(['ip', 'link', 'set', VA, 'up']);
      await must(['ip', '-n', NS, 'addr', 'add', `${NS_IP}/30`, 'dev', VB]);
      await must(['ip', '-n', NS, 'link', 'set', VB, 'up']);
      await must(['ip', '-n', NS, 'link', 'set', 'lo', 'up']);
      await must(['ip', 'netns', 'exec', NS, 'iptables', '-A', 'INPUT', '-p', 'tcp', '--dport', '80', '-j', 'DROP']);
      await must(['tc', 'qdisc', 'add', 'dev', VA, 'root', 'tbf', 'rate', '8kbit', 'burst', '1600', 'limit', '1600']);
      await sleep(500); // let IPv6 DAD/ND chatter on the new link settle
    } catch (e) {
      await cleanup();
      throw e;
    }
  });

  afterAll(async () => {
    await cleanup();
    const left = await runner.run(readCommand(['ip', 'netns', 'list']));
    expect(left.stdout).not.toContain(NS);
  });

  it('tallies NETFILTER_DROP at nft_do_chain and QDISC_DROP at __dev_queue_xmit, matching the counters, and leaves tracefs as it was', async () => {
    const globalBefore = await readGlobalTraceState(fs);
    const ruleBefore = await ruleDrops();
    const tbfBefore = await tbfDrops();
    const started = await startDropTrace(fs);
    if (!started.ok) throw new Error(started.reason);
    const { session } = started;
    try {
      expect(await fs.exists(session.instance)).toBe(true);
      // The session touched nothing global while it runs.
      expect(await readGlobalTraceState(fs, session.instance)).toEqual(globalBefore);
      await sendTraffic();
      const r = await session.stop();
      if (!r.ok) throw new Error(r.reason);
      const ruleDelta = (await ruleDrops()) - ruleBefore;
      const tbfDelta = (await tbfDrops()) - tbfBefore;
      console.info(
        `[live trace] window ${Math.round(r.tally.windowMs)} ms: ${JSON.stringify(r.tally.byReasonAtLocation)}; ` +
          `rule +${ruleDelta}, tbf dropped +${tbfDelta}, lost ${r.tally.lost}, other tracers: ${JSON.stringify(r.capability.otherTracers)}`,
      );
      expect(ruleDelta).toBeGreaterThanOrEqual(4);
      expect(tbfDelta).toBeGreaterThan(0);
      expect(r.tally.byReasonAtLocation['NETFILTER_DROP@nft_do_chain'] ?? 0).toBeGreaterThanOrEqual(ruleDelta);
      expect(r.tally.byReasonAtLocation['QDISC_DROP@__dev_queue_xmit'] ?? 0).toBeGreaterThanOrEqual(tbfDelta);
      expect(r.globalChanges).toEqual([]);
      expect(r.warnings).toEqual([]);

      // The same window, reconciled with findings carrying the counters just read.
      const finding = (layer: Finding['layer'], subject: string, counter: string, delta: number): Finding => ({
        id: `${layer}.live`, layer, scope: 'target', severity: 'error', basis: 'window', role: 'cause', subject, title: subject, explanation: '', action: '',
        evidence: [{ kind: 'counter', counter, subject, before: 0, after: delta, delta, source: 'live' }],
      });
      const rec = reconcileDrops(r.tally, [finding('netfilter', 'filter/INPUT#1', 'pkts', ruleDelta), finding('qdisc', `qdisc tbf dev ${VA}`, 'dropped', tbfDelta)], {
        verdicts: classifyBenign(r.tally, { probeMethod: 'connect', windowMs: r.tally.windowMs }),
      });
      expect(rec.layers.find((l) => l.layer === 'netfilter')?.agreement).toBe('agree');
      expect(rec.layers.find((l) => l.layer === 'qdisc')?.agreement).toBe('agree');
      expect(tallyDrops(r.events, { windowMs: r.tally.windowMs, reasonField: true }).total).toBe(r.tally.total);
    } finally {
      await session.abort();
    }
    expect(await fs.exists(session.instance)).toBe(false);
    expect(await readGlobalTraceState(fs)).toEqual(globalBefore);
  });

  it('an aborted session leaves no instance and the same global state', async () => {
    const globalBefore = await readGlobalTraceState(fs);
    const started = await startDropTrace(fs);
    if (!started.ok) throw new Error(started.reason);
    try {
      await sendTraffic();
    } finally {
      await started.session.abort();
    }
    expect(await fs.exists(started.session.instance)).toBe(false);
    expect(await readGlobalTraceState(fs)).toEqual(globalBefore);
    expect(await started.session.stop()).toEqual({ ok: false, reason: 'the session was already aborted' });
  });
});
