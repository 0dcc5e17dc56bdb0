/**
 * runProbe. The hping3 path runs against the strict FakeRunner replaying hping3 output recorded on
 * this machine (test/fixtures/hping3/, each with its .source.txt); the connect path runs for real
 * against node `net` servers on 127.0.0.1 (nothing leaves loopback).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FakeRunner, times } from '../../test/fakes/fake-runner.js';
import { DEFAULT_PROBE, hping3Argv, isValidProbeHost, runProbe, validateProbeSpec } from './probe.js';
import type { ProbeSpec } from './types.js';
import { loopbackListeners } from '../../test/support/loopback.js';

const dir = new URL('../../test/fixtures/hping3/', import.meta.url);
const recorded = (name: string, exitCode = 0) => ({
  stdout: readFileSync(new URL(`${name}.stdout.txt`, dir), 'utf8'),
  stderr: readFileSync(new URL(`${name}.stderr.txt`, dir), 'utf8'),
  exitCode,
});
const VERSION = { stdout: 'hping3 version 3.0.0-alpha-2 ($Id: release.h,v 1.4 2004/04/09 23:38:56 antirez Exp $)\nThis binary is TCL scripting capable\n' };

const spec = (over: Partial<ProbeSpec> = {}): ProbeSpec => ({
  host: '10.251.0.2', port: 80, ...DEFAULT_PROBE, method: 'hping3', ...over,
});
const SEED_ARGV = ['hping3', '-c', '20', '-i', 'u100000', '-S', '-p', '80', '10.251.0.2'];

const listen = loopbackListeners();

describe('runProbe with hping3 (fake runner, recorded outputs)', () => {
  it('runs exactly the seed\'s command with count and interval, timeout count*interval + 5 s, and recounts DUPs', async () => {
    const runner = new FakeRunner().on(['hping3', '--version'], VERSION).on(SEED_ARGV, recorded('netns-statistic-drop-2'));
    const r = await runProbe(runner, spec());
    expect(runner.calls.map((c) => c.argv)).toEqual([['hping3', '--version'], SEED_ARGV]);
    expect(runner.calls[1]).toMatchObject({ mutates: false, timeoutMs: 20 * 100 + 5000 });
    expect(r).toEqual({
      ok: true,
      stats: {
        method: 'hping3',
        command: 'hping3 -c 20 -i u100000 -S -p 80 10.251.0.2',
        host: '10.251.0.2', port: 80,
        sent: 20, received: 10, lossPct: 50,
        rttMs: { min: 0.1, avg: 101.21, max: 1008 },
        refused: 0, duplicates: 3,
        durationMs: expect.any(Number),
        lossInterval: { low: 29.93, high: 70.07 },
        synAckNoise: 13,
        notes: [],
      },
    });
  });

  it('100% loss (hping3 exits 1) is a measurement, not a failure', async () => {
    const argv = ['hping3', '-c', '5', '-i', 'u100000', '-S', '-p', '80', '10.251.0.2'];
    const runner = new FakeRunner().on(['hping3', '--version'], VERSION).on(argv, recorded('netns-all-dropped', 1));
    const r = await runProbe(runner, spec({ count: 5 }));
    expect(r.ok && r.stats).toMatchObject({ sent: 5, received: 0, lossPct: 100, rttMs: null, lossInterval: { low: 56.55, high: 100 } });
  });

  it('auto picks hping3 when `hping3 --version` works; closed port answers count as refused', async () => {
    const argv = hping3Argv('127.0.0.1', 18081, 10, 100);
    const runner = new FakeRunner().on(['hping3', '--version'], VERSION).on(argv, recorded('loopback-closed-port'));
    const r = await runProbe(runner, spec({ host: '127.0.0.1', port: 18081, count: 10, method: 'auto' }));
    expect(r.ok && r.stats).toMatchObject({ method: 'hping3', sent: 10, received: 10, refused: 10, synAckNoise: 0, lossPct: 0 });
  });

  it('explicit hping3 that is not installed → ok:false with the runner\'s hint', async () => {
    const runner = new FakeRunner().on(['hping3', '--version'], { notFound: true });
    expect(await runProbe(runner, spec())).toEqual({ ok: false, reason: 'hping3 not found: install it or add it to PATH' });
  });

  it('a timed-out hping3 → ok:false', async () => {
    const runner = new FakeRunner().on(['hping3', '--version'], VERSION).on(SEED_ARGV, { timeout: true });
    const r = await runProbe(runner, spec());
    expect(r).toEqual({ ok: false, reason: expect.stringContaining('did not finish within 7000 ms') });
  });

  it('synthetic: garbage output → ok:false naming the command', async () => {
    const runner = new FakeRunner().on(['hping3', '--version'], VERSION).on(SEED_ARGV, { stdout: 'zzz\n', exitCode: 1 });
    const r = await runProbe(runner, spec());
    expect(r).toEqual({ ok: false, reason: 'hping3 -c 20 -i u100000 -S -p 80 10.251.0.2: hping3 printed no statistics summary (first line: zzz)' });
  });

  it('not root (recorded stderr): explicit hping3 → ok:false saying root is needed', async () => {
    const runner = new FakeRunner().on(['hping3', '--version'], VERSION).on(SEED_ARGV, recorded('not-root', 1));
    expect(await runProbe(runner, spec())).toEqual({
      ok: false, reason: 'hping3 -c 20 -i u100000 -S -p 80 10.251.0.2: hping3 needs root to open a raw socket',
    });
  });

  it('not root (recorded stderr) under auto → falls back to the connect probe, with a note', async () => {
    const port = await listen();
    const argv = hping3Argv('127.0.0.1', port, 3, 20);
    const runner = new FakeRunner().on(['hping3', '--version'], VERSION).on(argv, recorded('not-root', 1));
    const r = await runProbe(runner, spec({ host: '127.0.0.1', port, count: 3, intervalMs: 20, method: 'auto' }));
    expect(r.ok && r.stats).toMatchObject({
      method: 'connect', sent: 3, received: 3, notes: ['hping3 needs root to send raw SYNs: used the built-in TCP connect probe'],
      // What ran, in order: the hping3 that failed, then the built-in probe (never an hping3 line it did not run).
      command: `hping3 -c 3 -i u20000 -S -p ${port} 127.0.0.1; then pktdrop built-in TCP connect probe: 3 connect() to 127.0.0.1:${port}, one every 20 ms, 1000 ms timeout each`,
    });
  });

  it('adaptive, lossy target (replayed fixtures): one batch of 20 convicts 50% loss above a 5% threshold', async () => {
    const runner = new FakeRunner().on(['hping3', '--version'], VERSION).on(SEED_ARGV, recorded('netns-statistic-drop-2'));
    const r = await runProbe(runner, spec({ adaptive: { maxCount: 200, thresholdPct: 5 } }));
    expect(runner.calls).toHaveLength(2);
    expect(r.ok && r.stats.sent).toBe(20);
  });

  it('adaptive, undecided (replayed fixtures): batches of 10 until maxCount, counts and RTT added up', async () => {
    const ten = hping3Argv('10.251.0.2', 80, 10, 100);
    const runner = new FakeRunner()
      .on(['hping3', '--version'], VERSION)
      .on(SEED_ARGV, recorded('netns-statistic-drop-2'))
      .on(ten, ...times(2, recorded('loopback-closed-port'))); // two batches of 10, the same recorded answer
    const r = await runProbe(runner, spec({ adaptive: { maxCount: 40, thresholdPct: 30 } }));
    expect(runner.calls.map((c) => c.argv)).toEqual([['hping3', '--version'], SEED_ARGV, ten, ten]);
    expect(r.ok && r.stats).toMatchObject({
      // What ran: the first batch of 20, then two of 10 (never one made-up `-c 40`).
      command: 'hping3 -c 20 -i u100000 -S -p 80 10.251.0.2; then hping3 -c 10 -i u100000 -S -p 80 10.251.0.2 (×2)',
      sent: 40, received: 30, refused: 20, duplicates: 3, lossPct: 25,
      // (10 × 101.21 + 2 × 5.4) / 30: the batch averages weighted by their answers
      rttMs: { min: 0.1, avg: 34.1, max: 1008 },
    });
  });
});

describe('runProbe spec validation (nothing runs: the fake runner knows no command)', () => {
  it.each([
    ['-c', 'an option-looking host'],
    ['10.0.0.1; rm -rf /', 'shell metacharacters'],
    ['', 'empty'],
    ['a..b', 'empty label'],
    ['x'.repeat(64) + '.com', 'label over 63'],
  ])('rejects host %j (%s)', async (host) => {
    expect(isValidProbeHost(host)).toBe(false);
    const r = await runProbe(new FakeRunner(), spec({ host }));
    expect(r).toEqual({ ok: false, reason: expect.stringMatching(/^invalid probe host/) });
  });

  it.each(['127.0.0.1', '::1', 'fe80::1', 'nginx', 'web-1.example.internal', 'example.com.'])('accepts host %j', (host) => {
    expect(isValidProbeHost(host)).toBe(true);
  });

  it('rejects ports, counts, rates and adaptive bounds out of range', () => {
    expect(validateProbeSpec(spec({ port: 0 }))).toMatch(/port/);
    expect(validateProbeSpec(spec({ port: 65536 }))).toMatch(/port/);
    expect(validateProbeSpec(spec({ port: 80.5 }))).toMatch(/port/);
    expect(validateProbeSpec(spec({ count: 0 }))).toMatch(/count/);
    expect(validateProbeSpec(spec({ count: 100_000 }))).toMatch(/count/);
    expect(validateProbeSpec(spec({ intervalMs: 1 }))).toMatch(/interval/);
    expect(validateProbeSpec(spec({ timeoutMs: 0 }))).toMatch(/timeout/);
    expect(validateProbeSpec(spec({ adaptive: { maxCount: 10, thresholdPct: 5 } }))).toMatch(/maxCount/);
    expect(validateProbeSpec(spec({ adaptive: { maxCount: 100, thresholdPct: 0 } }))).toMatch(/threshold/);
    expect(validateProbeSpec(spec())).toBeUndefined();
  });

  it('explicit hping3 to an IPv6 literal → ok:false without running anything; auto uses connect', async () => {
    expect(await runProbe(new FakeRunner(), spec({ host: '::1' }))).toEqual({
      ok: false, reason: 'hping3 cannot probe IPv6 addresses; use the connect method',
    });
  });
});
