/**
 * The drop tracer of a diagnose run, on the recorded kfree_skb trace of a lab window (Debian 12,
 * kernel 6.18: test/fixtures/tracefs/trace-6.18-lab.txt, format-6.18.txt) in a memory tracefs:
 * - only findings whose role is `cause` are reconciled with the drop events (a symptom's counters
 *   are not drops of its layer);
 * - the verification window's comparison with the first window is a typed field of the summary.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MemoryTraceFs } from '../../test/fakes/memory-tracefs.js';
import type { Finding } from '../core/types.js';
import { makeDropTracer } from './drop-tracer.js';

const fixture = (name: string): string => readFileSync(new URL(`../../test/fixtures/tracefs/${name}`, import.meta.url), 'utf8');
const EMPTY_TRACE = '# tracer: nop\n#\n# entries-in-buffer/entries-written: 0/0   #P:2\n#\n';
const NO_TRAFFIC = { method: 'none', sent: 0, received: 0, synAckNoise: 0 } as const;

/** A tracefs whose "kernel" fills each new instance's buffer with the next of `traces`. */
function tracefs(traces: readonly string[]): MemoryTraceFs {
  const instances: string[] = [];
  return new MemoryTraceFs({
    files: {
      'events/skb/kfree_skb/format': fixture('format-6.18.txt'),
      'events/skb/kfree_skb/enable': '0',
      'events/skb/kfree_skb/filter': 'none',
      tracing_on: '1',
      set_event: '',
      buffer_size_kb: '7 (expanded: 1408)',
      current_tracer: 'nop',
    },
    instanceTemplate: { tracing_on: '1', buffer_size_kb: '1410', trace: EMPTY_TRACE, 'events/skb/kfree_skb/enable': '0', 'events/skb/kfree_skb/filter': 'none' },
    onWrite: (fs, p, data) => {
      const m = /^(instances\/[^/]+)\/events\/skb\/kfree_skb\/enable$/.exec(p);
      if (!m?.[1] || data !== '1') return;
      if (!instances.includes(m[1])) instances.push(m[1]);
      fs.files.set(`${m[1]}/trace`, traces[instances.indexOf(m[1])] ?? EMPTY_TRACE);
    },
  });
}

/** A tcp finding carrying a counter that rose: as a cause, or as a symptom (failing handshakes). */
const tcpFinding = (role: Finding['role']): Finding => ({
  id: 'tcp.handshake-failures', layer: 'tcp', scope: 'target', severity: 'error', basis: 'window', role, subject: 'handshakes', title: 't', explanation: 'e', action: 'a',
  evidence: [{ kind: 'counter', counter: 'TcpExtTCPSynRetrans', subject: 'stack', before: 0, after: 5, delta: 5, source: 's' }],
});

async function window(tracer: ReturnType<typeof makeDropTracer>, findings: readonly Finding[]) {
  const started = await tracer.start();
  if (!started.ok) throw new Error(started.reason);
  return started.stop({ findings, traffic: NO_TRAFFIC, windowMs: 2500 });
}

describe('makeDropTracer', () => {
  it('reconciles causes only: a symptom\'s counters are not counted against the socket layer\'s events', async () => {
    const fs = tracefs([fixture('trace-6.18-lab.txt'), fixture('trace-6.18-lab.txt')]);
    const socketOf = (r: Awaited<ReturnType<typeof window>>) => r.summary?.layers.find((l) => l.layer === 'socket');
    const asSymptom = await window(makeDropTracer(async () => fs), [tcpFinding('symptom')]);
    const asCause = await window(makeDropTracer(async () => fs), [tcpFinding('cause')]);
    expect([asSymptom.summary?.total, asCause.summary?.total]).toEqual([67, 67]);
    expect(socketOf(asSymptom)?.counterDelta).toBe(0);
    expect(socketOf(asCause)?.counterDelta).toBe(5);
  });

  it('the verification window carries its comparison with the first window as data', async () => {
    const fs = tracefs([fixture('trace-6.18-lab.txt'), EMPTY_TRACE]);
    const tracer = makeDropTracer(async () => fs);
    const first = await window(tracer, []);
    expect(first.ok).toBe(true);
    expect(first.summary?.comparedWithFirstWindow).toBeUndefined();
    const second = await window(tracer, []);
    expect(second.summary?.comparedWithFirstWindow).toEqual(
      expect.arrayContaining([
        { reason: 'NETFILTER_DROP', before: 14, after: 0, verdict: 'resolved' },
        { reason: 'QDISC_DROP', before: 13, after: 0, verdict: 'resolved' },
      ]),
    );
  });
});
