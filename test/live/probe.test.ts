/**
 * Live: real hping3 through the real ProcessRunner, from one network namespace to another that this
 * test creates (veth pair, 10.251.<n>.0/30), with a real node TCP server on port 80 in the server
 * namespace and real iptables DROP rules inside that namespace only. Bounded: at most 20 SYNs per
 * run at 10/s. Everything is deleted in afterAll (deleting a namespace removes its veth end, its
 * rules and its server's sockets).
 *
 * Skipped with a printed reason when not root or hping3 is missing; FAILS instead when CI=true.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Command, CommandResult } from '../../src/core/types.js';
import { mutateCommand, ProcessRunner, readCommand, type Runner } from '../../src/targets/runner.js';
import { runProbe } from '../../src/probe/probe.js';
import type { ProbeSpec } from '../../src/probe/types.js';

const host = new ProcessRunner();
const isRoot = process.getuid?.() === 0;
const hping3 = await host.run(readCommand(['hping3', '--version'], 5000));
const missing = !isRoot ? 'not root' : !hping3.ok ? `hping3 unavailable (${hping3.failure?.hint ?? 'unknown'})` : undefined;
const CI = process.env.CI === 'true';
if (missing && !CI) console.warn(`[live probe] skipped: ${missing}`);

/** Runs every command inside a network namespace (`ip netns exec <ns> ...`). */
class NetnsRunner implements Runner {
  constructor(private readonly inner: Runner, private readonly ns: string) {}
  run(command: Command): Promise<CommandResult> {
    return this.inner.run({ ...command, argv: ['ip', 'netns', 'exec', this.ns, ...command.argv] });
  }
}

const id = process.pid % 100_000;
const CLIENT = `pdprobe-${id}-c`;
const SERVER = `pdprobe-${id}-s`;
const VETH_C = `pdp${id}c`;
const VETH_S = `pdp${id}s`;
const octet = 100 + (id % 150);
const CLIENT_IP = `10.251.${octet}.1`;
const SERVER_IP = `10.251.${octet}.2`;

async function must(argv: string[]): Promise<void> {
  const r = await host.run(mutateCommand(argv));
  if (!r.ok) throw new Error(`${argv.join(' ')}: ${r.failure?.hint ?? r.stderr}`);
}
const inServer = (argv: string[]): string[] => ['ip', 'netns', 'exec', SERVER, ...argv];

describe.skipIf(missing !== undefined && !CI)('live: hping3 probe into a namespace with real DROP rules', () => {
  const serverStop = new AbortController();
  let serverDone: Promise<CommandResult> | undefined;

  beforeAll(async () => {
    if (missing) throw new Error(`live probe lab cannot start under CI: ${missing}`);
    await must(['ip', 'netns', 'add', CLIENT]);
    await must(['ip', 'netns', 'add', SERVER]);
    await must(['ip', 'link', 'add', VETH_C, 'type', 'veth', 'peer', 'name', VETH_S]);
    await must(['ip', 'link', 'set', VETH_C, 'netns', CLIENT]);
    await must(['ip', 'link', 'set', VETH_S, 'netns', SERVER]);
    await must(['ip', '-n', CLIENT, 'addr', 'add', `${CLIENT_IP}/30`, 'dev', VETH_C]);
    await must(['ip', '-n', SERVER, 'addr', 'add', `${SERVER_IP}/30`, 'dev', VETH_S]);
    for (const [ns, dev] of [[CLIENT, VETH_C], [SERVER, VETH_S]] as const) {
      await must(['ip', '-n', ns, 'link', 'set', 'lo', 'up']);
      await must(['ip', '-n', ns, 'link', 'set', dev, 'up']);
    }
    // A TCP server on :80 inside the server namespace; it exits by itself after 120 s at the latest.
    const script = "const s=require('net').createServer(c=>c.destroy()).listen(80,'0.0.0.0');setTimeout(()=>process.exit(0),120000)";
    serverDone = new ProcessRunner(serverStop.signal).run(readCommand(inServer([process.execPath, '-e', script]), 130_000));
    for (let i = 0; i < 50; i++) {
      const ss = await host.run(readCommand(inServer(['ss', '-Hltn', 'sport', '=', ':80'])));
      if (ss.ok && ss.stdout.includes(':80')) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the test server in the namespace did not start listening on :80');
  });

  afterAll(async () => {
    serverStop.abort();
    await serverDone;
    await host.run(mutateCommand(['ip', 'netns', 'del', CLIENT]));
    await host.run(mutateCommand(['ip', 'netns', 'del', SERVER]));
    // Only left in the host namespace if setup failed between creating the pair and moving it.
    await host.run(mutateCommand(['ip', 'link', 'del', VETH_C]));
    const left = await host.run(readCommand(['ip', 'netns', 'list']));
    expect(left.stdout).not.toContain(`pdprobe-${id}-`);
  });

  const client = new NetnsRunner(host, CLIENT);
  const spec = { host: SERVER_IP, port: 80, count: 20, intervalMs: 100, timeoutMs: 1000, method: 'hping3' } satisfies ProbeSpec;

  it('healthy path: 20 of 20 SYNs answered with SYN-ACK', async () => {
    const r = await runProbe(client, spec);
    expect(r.ok && r.stats).toMatchObject({
      method: 'hping3', command: `hping3 -c 20 -i u100000 -S -p 80 ${SERVER_IP}`,
      sent: 20, received: 20, lossPct: 0, refused: 0, duplicates: 0, synAckNoise: 20,
    });
  });

  it('every second SYN dropped (iptables statistic nth): exactly 50% loss, matching the rule\'s own counter', async () => {
    await must(inServer(['iptables', '-A', 'INPUT', '-p', 'tcp', '--dport', '80', '--syn',
      '-m', 'statistic', '--mode', 'nth', '--every', '2', '--packet', '0', '-j', 'DROP']));
    try {
      const r = await runProbe(client, spec);
      const rule = await host.run(readCommand(inServer(['iptables', '-nvxL', 'INPUT'])));
      const dropped = Number(/^\s*(\d+)\s+\d+\s+DROP/m.exec(rule.stdout)?.[1]);
      expect(dropped).toBe(10);
      expect(r.ok && r.stats).toMatchObject({ sent: 20, received: 10, lossPct: 50, lossInterval: { low: 29.93, high: 70.07 } });
    } finally {
      await must(inServer(['iptables', '-F', 'INPUT']));
    }
  });

  it('the seed\'s 30% random DROP on INPUT and OUTPUT: loss seen, DUPs not counted as answers', async () => {
    for (const chain of ['INPUT', 'OUTPUT']) {
      await must(inServer(['iptables', '-A', chain, '-m', 'statistic', '--mode', 'random', '--probability', '0.30', '-j', 'DROP']));
    }
    try {
      const r = await runProbe(client, spec);
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      const s = r.stats;
      expect(s.sent).toBe(20);
      expect(s.received).toBeLessThanOrEqual(20);
      expect(s.lossPct).toBeCloseTo(((s.sent - s.received) / s.sent) * 100, 5);
      expect(s.synAckNoise).toBe(s.received + s.duplicates);
      // P(no SYN or SYN-ACK lost among 20, each dropped with p ≈ 0.51) < 1e-6
      expect(s.received).toBeLessThan(20);
      console.info(`[live probe] seed fault: ${s.received}/${s.sent} answered, ${s.duplicates} DUPs, rtt ${JSON.stringify(s.rttMs)}`);
    } finally {
      await must(inServer(['iptables', '-F', 'INPUT']));
      await must(inServer(['iptables', '-F', 'OUTPUT']));
    }
  });

  it('closed port: RST+ACK answers, counted as refused', async () => {
    const r = await runProbe(client, { ...spec, port: 81, count: 5 });
    expect(r.ok && r.stats).toMatchObject({ sent: 5, received: 5, refused: 5, synAckNoise: 0 });
  });
});
