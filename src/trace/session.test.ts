/**
 * The tracing session against the in-memory tracefs. The top-level format file and the "kernel's"
 * buffer content are the real recordings from this VM (test/fixtures/tracefs/format-6.18.txt and
 * trace-6.18-lab.txt); the rest of the tracefs tree (tracing_on, set_event, ...) is a minimal
 * synthetic model with the values this VM showed (tracing_on 1, buffer_size_kb 7 (expanded: 1408),
 * current_tracer nop, kfree_skb enable 0, filter none).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MemoryTraceFs, type MemoryTraceFsOptions } from '../../test/fakes/memory-tracefs.js';
import { startDropTrace, traceCapability, type ProcessHooks } from './session.js';

const fixture = (name: string): string => readFileSync(new URL(`../../test/fixtures/tracefs/${name}`, import.meta.url), 'utf8');
const FORMAT = fixture('format-6.18.txt');
const LAB = fixture('trace-6.18-lab.txt');
const EMPTY_TRACE = '# tracer: nop\n#\n# entries-in-buffer/entries-written: 0/0   #P:2\n#\n';

type Ev = 'SIGINT' | 'SIGTERM' | 'exit';
class FakeHooks implements ProcessHooks {
  readonly pid = 4242;
  readonly listeners = new Map<Ev, ((s?: NodeJS.Signals | number) => void)[]>();
  readonly killed: string[] = [];
  clock = 1000;
  constructor(private readonly alive: readonly number[] = [4242]) {}
  on(e: Ev, fn: (s?: NodeJS.Signals | number) => void): void {
    this.listeners.set(e, [...(this.listeners.get(e) ?? []), fn]);
  }
  off(e: Ev, fn: (s?: NodeJS.Signals | number) => void): void {
    this.listeners.set(e, (this.listeners.get(e) ?? []).filter((f) => f !== fn));
  }
  listenerCount(e: Ev): number {
    return this.listeners.get(e)?.length ?? 0;
  }
  kill(pid: number, signal: NodeJS.Signals): void {
    this.killed.push(`${pid} ${signal}`);
  }
  isAlive(pid: number): boolean {
    return this.alive.includes(pid);
  }
  now(): number {
    return this.clock;
  }
  random(): string {
    return 'abc123';
  }
  emit(e: Ev): void {
    for (const fn of [...(this.listeners.get(e) ?? [])]) fn(e === 'exit' ? 0 : e);
  }
}

const INSTANCE = 'instances/pktdrop-4242-abc123';

function makeFs(over: Partial<MemoryTraceFsOptions> = {}, files: Record<string, string> = {}): MemoryTraceFs {
  return new MemoryTraceFs({
    files: {
      'events/skb/kfree_skb/format': FORMAT,
      'events/skb/kfree_skb/enable': '0',
      'events/skb/kfree_skb/filter': 'none',
      tracing_on: '1',
      set_event: '',
      buffer_size_kb: '7 (expanded: 1408)',
      current_tracer: 'nop',
      ...files,
    },
    instanceTemplate: {
      tracing_on: '1',
      buffer_size_kb: '1410',
      trace: EMPTY_TRACE,
      'events/skb/kfree_skb/enable': '0',
      'events/skb/kfree_skb/filter': 'none',
    },
    // The "kernel": while the event is enabled in the instance, the lab's drops land in its buffer.
    onWrite: (fs, p, data) => {
      if (p === `${INSTANCE}/events/skb/kfree_skb/enable` && data === '1') fs.files.set(`${INSTANCE}/trace`, LAB);
    },
    ...over,
  });
}

const topLevel = (fs: MemoryTraceFs): Record<string, string | undefined> =>
  Object.fromEntries(['tracing_on', 'set_event', 'buffer_size_kb', 'current_tracer', 'events/skb/kfree_skb/enable', 'events/skb/kfree_skb/filter'].map((k) => [k, fs.files.get(k)]));

describe('startDropTrace / stop', () => {
  it('records in a private instance, tallies, removes it, and leaves the global state alone', async () => {
    const fs = makeFs();
    const hooks = new FakeHooks();
    const before = topLevel(fs);
    const started = await startDropTrace(fs, { hooks });
    expect(started.ok).toBe(true);
    if (!started.ok) return;
    expect(started.session.instance).toBe(INSTANCE);
    expect(hooks.listenerCount('SIGINT')).toBe(1);
    hooks.clock += 2500;
    const r = await started.session.stop();
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.tally).toMatchObject({ total: 67, windowMs: 2500, reasonField: true, lost: 0 });
    expect(r.tally.byReason.NETFILTER_DROP).toBe(14);
    expect(r.tally.byReason.QDISC_DROP).toBe(13);
    expect(r.globalChanges).toEqual([]);
    expect(r.capability.otherTracers).toEqual([]);
    expect(fs.log).toEqual([
      `mkdir ${INSTANCE}`,
      `write ${INSTANCE}/events/skb/kfree_skb/enable=1`,
      `write ${INSTANCE}/events/skb/kfree_skb/enable=0`,
      `write ${INSTANCE}/tracing_on=0`,
      `rmdir ${INSTANCE}`,
    ]);
    expect(topLevel(fs)).toEqual(before);
    expect(await fs.list('instances')).toEqual([]);
    expect(hooks.listenerCount('SIGINT') + hooks.listenerCount('SIGTERM') + hooks.listenerCount('exit')).toBe(0);
  });

  it('stop is idempotent; abort after stop does nothing more', async () => {
    const fs = makeFs();
    const started = await startDropTrace(fs, { hooks: new FakeHooks() });
    if (!started.ok) throw new Error(started.reason);
    const [a, b] = await Promise.all([started.session.stop(), started.session.stop()]);
    expect(a).toBe(b);
    await started.session.abort();
    expect(fs.log.filter((l) => l.startsWith('rmdir'))).toHaveLength(1);
  });

  it('abort removes the instance without reading, and stop after abort is a value, not a throw', async () => {
    const fs = makeFs();
    const before = topLevel(fs);
    const started = await startDropTrace(fs, { hooks: new FakeHooks() });
    if (!started.ok) throw new Error(started.reason);
    await started.session.abort();
    await started.session.abort();
    expect(fs.log.at(-1)).toBe(`rmdir ${INSTANCE}`);
    expect(fs.log.filter((l) => l.startsWith('rmdir'))).toHaveLength(1);
    expect(await started.session.stop()).toEqual({ ok: false, reason: 'the session was already aborted' });
    expect(topLevel(fs)).toEqual(before);
  });

  it('sizes the instance buffer when asked, never the global one', async () => {
    const fs = makeFs();
    const started = await startDropTrace(fs, { hooks: new FakeHooks(), bufferKb: 4096 });
    if (!started.ok) throw new Error(started.reason);
    expect(fs.files.get(`${INSTANCE}/buffer_size_kb`)).toBe('4096');
    expect(fs.files.get('buffer_size_kb')).toBe('7 (expanded: 1408)');
    await started.session.abort();
  });
});

describe('signals and crashes', () => {
  it('SIGINT removes the instance synchronously and re-raises when nobody else handles it', async () => {
    const fs = makeFs();
    const hooks = new FakeHooks();
    const started = await startDropTrace(fs, { hooks });
    if (!started.ok) throw new Error(started.reason);
    hooks.emit('SIGINT');
    expect(await fs.exists(INSTANCE)).toBe(false);
    expect(hooks.killed).toEqual(['4242 SIGINT']);
    expect(hooks.listenerCount('exit')).toBe(0);
    expect(await started.session.stop()).toEqual({ ok: false, reason: 'the session was already aborted' });
  });

  it('SIGTERM with another handler installed cleans up but leaves termination to that handler', async () => {
    const fs = makeFs();
    const hooks = new FakeHooks();
    hooks.on('SIGTERM', () => undefined);
    const started = await startDropTrace(fs, { hooks });
    if (!started.ok) throw new Error(started.reason);
    hooks.emit('SIGTERM');
    expect(await fs.exists(INSTANCE)).toBe(false);
    expect(hooks.killed).toEqual([]);
  });

  it('process exit (e.g. process.exit in a crashing check) removes the instance', async () => {
    const fs = makeFs();
    const hooks = new FakeHooks();
    const started = await startDropTrace(fs, { hooks });
    if (!started.ok) throw new Error(started.reason);
    hooks.emit('exit');
    expect(await fs.exists(INSTANCE)).toBe(false);
  });

  it('a check that throws between start and stop: try/finally abort leaves no instance', async () => {
    const fs = makeFs();
    const started = await startDropTrace(fs, { hooks: new FakeHooks() });
    if (!started.ok) throw new Error(started.reason);
    await expect(
      (async () => {
        try {
          throw new Error('check crashed');
        } finally {
          await started.session.abort();
        }
      })(),
    ).rejects.toThrow('check crashed');
    expect(await fs.list('instances')).toEqual([]);
  });
});

describe('other tracers and stale instances', () => {
  it('removes a dead pktdrop instance, reports a live one and a foreign one, and a global kfree_skb user', async () => {
    const fs = makeFs(
      { instances: ['pktdrop-999-dead00', 'pktdrop-555-live00', 'perf-session'] },
      { 'events/skb/kfree_skb/enable': '1', set_event: 'skb:kfree_skb\n' },
    );
    const hooks = new FakeHooks([4242, 555]);
    const started = await startDropTrace(fs, { hooks });
    if (!started.ok) throw new Error(started.reason);
    expect(fs.log.slice(0, 2)).toEqual(['write instances/pktdrop-999-dead00/events/skb/kfree_skb/enable=0', 'rmdir instances/pktdrop-999-dead00']);
    expect(started.session.capability.otherTracers).toEqual([
      'skb:kfree_skb is enabled globally (enable=1)',
      'global events enabled: skb:kfree_skb',
      'tracing instance perf-session',
      'another pktdrop (pid 555) is tracing: instance pktdrop-555-live00',
    ]);
    const r = await started.session.stop();
    expect(r.ok && r.globalChanges).toEqual([]);
    expect(fs.files.get('events/skb/kfree_skb/enable')).toBe('1');
    expect(await fs.list('instances')).toEqual(['perf-session', 'pktdrop-555-live00']);
  });

  it('reports a global change made by someone else during the window', async () => {
    const fs = makeFs();
    const started = await startDropTrace(fs, { hooks: new FakeHooks() });
    if (!started.ok) throw new Error(started.reason);
    fs.files.set('tracing_on', '0');
    const r = await started.session.stop();
    expect(r.ok && r.globalChanges).toEqual(['tracingOn: "1" → "0"']);
  });
});

describe('failures are values', () => {
  it('tracefs not mounted', async () => {
    const fs = new MemoryTraceFs({ files: {} });
    fs.dirs.clear();
    const r = await startDropTrace(fs, { hooks: new FakeHooks() });
    expect(r).toEqual({ ok: false, reason: expect.stringContaining('tracefs not mounted') });
  });

  it('no kfree_skb event', async () => {
    const fs = new MemoryTraceFs({ files: { tracing_on: '1', 'events/sched/sched_switch/format': 'x' } });
    expect(await startDropTrace(fs, { hooks: new FakeHooks() })).toEqual({ ok: false, reason: 'no skb:kfree_skb event in this kernel' });
  });

  it('not root: mkdir refused', async () => {
    const fs = makeFs({ failures: { 'mkdir *': { ok: false, reason: 'mkdir x: permission denied', code: 'EACCES' } } });
    const r = await startDropTrace(fs, { hooks: new FakeHooks() });
    expect(r).toEqual({ ok: false, reason: expect.stringMatching(/^not root/) });
  });

  it('enable refused: the instance is removed again and no handler stays installed', async () => {
    const fs = makeFs({ failures: { [`write ${INSTANCE}/events/skb/kfree_skb/enable`]: { ok: false, reason: 'EINVAL', code: 'EINVAL' } } });
    const hooks = new FakeHooks();
    const r = await startDropTrace(fs, { hooks });
    expect(r.ok).toBe(false);
    expect(await fs.exists(INSTANCE)).toBe(false);
    expect(hooks.listenerCount('SIGINT')).toBe(0);
  });

  it('the buffer cannot be read: stop says so and still removes the instance', async () => {
    const fs = makeFs();
    const started = await startDropTrace(fs, { hooks: new FakeHooks() });
    if (!started.ok) throw new Error(started.reason);
    fs.files.delete(`${INSTANCE}/trace`);
    expect(await started.session.stop()).toEqual({ ok: false, reason: expect.stringContaining('cannot read') });
    expect(await fs.exists(INSTANCE)).toBe(false);
  });
});

describe('traceCapability', () => {
  it('reports the reason field and rx_sk from the real 6.18 format', async () => {
    expect(await traceCapability(makeFs(), new FakeHooks())).toEqual({
      tracefs: true,
      kfreeSkb: true,
      reasonField: true,
      rxSkField: true,
      otherTracers: [],
      root: '/memory/tracing',
    });
  });
  it('pre-5.17 format: kfree_skb without reason', async () => {
    const fs = makeFs({}, { 'events/skb/kfree_skb/format': fixture('format-pre-5.17-nettrace-doc.txt') });
    expect(await traceCapability(fs, new FakeHooks())).toMatchObject({ kfreeSkb: true, reasonField: false, rxSkField: false });
  });
  it('no tracefs', async () => {
    const fs = new MemoryTraceFs({ files: {} });
    fs.dirs.clear();
    expect(await traceCapability(fs, new FakeHooks())).toMatchObject({ tracefs: false, kfreeSkb: false });
  });
});
