/**
 * The built-in connect probe, for real, on 127.0.0.1 only: a node server that accepts, a port with
 * no listener (the kernel answers RST), and a listener that never completes a handshake (its accept
 * queue is full, so the kernel drops further SYNs).
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeRunner } from '../../test/fakes/fake-runner.js';
import { connectBatch } from './connect-probe.js';
import { runProbe } from './probe.js';
import type { ProbeSpec } from './types.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const portOf = (s: Server): number => {
  const a = s.address();
  if (a === null || typeof a === 'string') throw new Error('no port');
  return a.port;
};

async function acceptingServer(): Promise<number> {
  const s = createServer((c) => c.destroy());
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  cleanups.push(() => new Promise((r) => s.close(() => r())));
  return portOf(s);
}

/** A port on 127.0.0.1 with nothing listening: bind, read the port, close. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = portOf(s);
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/**
 * A listener with backlog 1 whose thread never calls accept(): a worker thread listens, then
 * blocks its own event loop on Atomics.wait. Once two handshakes sit in the accept queue the
 * kernel drops every further SYN (ListenOverflows), so a connect neither succeeds nor is refused.
 */
async function stalledListener(): Promise<number> {
  const gate = new SharedArrayBuffer(4);
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     const s = require('node:net').createServer().listen({ host: '127.0.0.1', port: 0, backlog: 1 }, () => {
       parentPort.postMessage(s.address().port);
       Atomics.wait(new Int32Array(workerData), 0, 0);
       s.close();
     });`,
    { eval: true, workerData: gate },
  );
  const port = await new Promise<number>((resolve) => worker.once('message', resolve));
  const held: Socket[] = [];
  cleanups.push(async () => {
    for (const s of held) s.destroy();
    const g = new Int32Array(gate);
    Atomics.store(g, 0, 1);
    Atomics.notify(g, 0);
    await worker.terminate();
  });
  // Fill the accept queue: connect until a handshake no longer completes (at most 5 tries).
  for (let i = 0; i < 5; i++) {
    const s = connect(port, '127.0.0.1');
    held.push(s);
    const done = await new Promise<boolean>((resolve) => {
      const t = setTimeout(() => resolve(false), 300);
      s.once('connect', () => { clearTimeout(t); resolve(true); });
      s.once('error', () => { clearTimeout(t); resolve(false); });
    });
    if (!done) break;
  }
  return port;
}

const tcpSockets = (): number => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;

const spec = (port: number, over: Partial<ProbeSpec> = {}): ProbeSpec => ({
  host: '127.0.0.1', port, count: 5, intervalMs: 20, timeoutMs: 1000, method: 'connect', ...over,
});

describe('connect probe on loopback', () => {
  it('accepting server: every handshake answered, RTT measured, every socket destroyed', async () => {
    const port = await acceptingServer();
    const before = tcpSockets();
    const r = await runProbe(new FakeRunner(), spec(port));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.stats).toMatchObject({
      method: 'connect', command: `pktdrop built-in TCP connect probe: 5 connect() to 127.0.0.1:${port}, one every 20 ms, 1000 ms timeout each`, host: '127.0.0.1', port,
      sent: 5, received: 5, lossPct: 0, refused: 0, duplicates: 0, synAckNoise: 0, notes: [],
      lossInterval: { low: 0, high: 43.45 },
    });
    expect(r.stats.rttMs).not.toBeNull();
    expect(r.stats.rttMs!.min).toBeGreaterThanOrEqual(0);
    expect(r.stats.rttMs!.max).toBeLessThan(1000);
    expect(r.stats.rttMs!.min).toBeLessThanOrEqual(r.stats.rttMs!.avg);
    expect(r.stats.rttMs!.avg).toBeLessThanOrEqual(r.stats.rttMs!.max);
    await new Promise((res) => setTimeout(res, 20));
    expect(tcpSockets()).toBe(before);
  });

  it('closed port: the RSTs are answers, counted as refused', async () => {
    const port = await closedPort();
    const r = await runProbe(new FakeRunner(), spec(port));
    expect(r.ok && r.stats).toMatchObject({ sent: 5, received: 5, refused: 5, lossPct: 0 });
  });

  it('listener that never completes the handshake: every probe times out, 100% loss within the time bound', async () => {
    const port = await stalledListener();
    const t0 = performance.now();
    const r = await runProbe(new FakeRunner(), spec(port, { count: 4, intervalMs: 50, timeoutMs: 300 }));
    const elapsed = performance.now() - t0;
    expect(r.ok && r.stats).toMatchObject({ sent: 4, received: 0, refused: 0, lossPct: 100, rttMs: null });
    // (count - 1) * interval + timeout = 450 ms, plus scheduling slack
    expect(elapsed).toBeGreaterThanOrEqual(440);
    expect(elapsed).toBeLessThan(1500);
  });

  it('probes overlap on the interval clock: a slow probe does not delay the next one', async () => {
    const port = await stalledListener();
    const t0 = performance.now();
    const b = await connectBatch('127.0.0.1', port, 10, 20, 400);
    const elapsed = performance.now() - t0;
    expect(b.attempts).toHaveLength(10);
    expect(b.attempts.every((a) => a.kind === 'timeout')).toBe(true);
    // sequential would be 10 × 400 ms; overlapping is 9 × 20 + 400
    expect(elapsed).toBeLessThan(1500);
  });

  it('adaptive on a healthy target stops after the first batch when the interval is already below the threshold', async () => {
    const port = await acceptingServer();
    const r = await runProbe(new FakeRunner(), spec(port, { count: 10, intervalMs: 10, adaptive: { maxCount: 200, thresholdPct: 30 } }));
    expect(r.ok && r.stats).toMatchObject({ sent: 10, received: 10, lossInterval: { low: 0, high: 27.75 } });
  });

  it('adaptive with a tighter threshold probes in batches of 10 until decided (0 of 40 lost → high 8.76% < 10%)', async () => {
    const port = await acceptingServer();
    const r = await runProbe(new FakeRunner(), spec(port, { count: 10, intervalMs: 10, adaptive: { maxCount: 200, thresholdPct: 10 } }));
    // 0/10 → 27.75, 0/20 → 16.11, 0/30 → 11.35, 0/40 → 8.76
    expect(r.ok && r.stats).toMatchObject({ sent: 40, received: 40, lossInterval: { low: 0, high: 8.76 } });
  });

  it('auto without hping3 (runner says not found) uses connect and says why', async () => {
    const port = await acceptingServer();
    const runner = new FakeRunner().on(['hping3', '--version'], { notFound: true });
    const r = await runProbe(runner, spec(port, { method: 'auto', count: 3 }));
    expect(r.ok && r.stats).toMatchObject({
      method: 'connect', sent: 3, received: 3, notes: ['hping3 is not installed: used the built-in TCP connect probe'],
    });
  });

  it('auto with an IPv6 literal uses connect without asking for hping3', async () => {
    const s = createServer((c) => c.destroy());
    await new Promise<void>((r) => s.listen(0, '::1', r));
    cleanups.push(() => new Promise((r) => s.close(() => r())));
    const r = await runProbe(new FakeRunner(), { ...spec(portOf(s), { method: 'auto', count: 3 }), host: '::1' });
    expect(r.ok && r.stats).toMatchObject({ method: 'connect', sent: 3, received: 3 });
  });

  it('an abort stops the probe and destroys the sockets in flight', async () => {
    const port = await stalledListener();
    const before = tcpSockets();
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const t0 = performance.now();
    const r = await runProbe(new FakeRunner(), spec(port, { count: 50, intervalMs: 20, timeoutMs: 5000 }), { signal: ac.signal });
    expect(r).toEqual({ ok: false, reason: 'probe interrupted' });
    expect(performance.now() - t0).toBeLessThan(1000);
    await new Promise((res) => setTimeout(res, 20));
    expect(tcpSockets()).toBe(before);
  });

  it('localhost resolves once and is probed by address', async () => {
    const port = await acceptingServer();
    const r = await runProbe(new FakeRunner(), { ...spec(port, { count: 2 }), host: 'localhost' });
    // localhost may resolve to ::1 first where nothing listens: either answers or RSTs, never lost
    expect(r.ok && r.stats).toMatchObject({ host: 'localhost', sent: 2, received: 2 });
  });
});
