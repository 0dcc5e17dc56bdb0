/**
 * parseTraceOutput on recorded tracing buffers (sources in test/fixtures/tracefs/*.source.txt):
 * - trace-6.18-lab.txt: this VM (kernel 6.18.44), `cat /sys/kernel/tracing/instances/pktdrop-rec-4001/trace`
 *   during an iptables DROP + tbf lab in a netns (plus other engineers' concurrent traffic, kept as recorded)
 * - trace-6.18-overrun.txt: same VM, instance buffer_size_kb=1 and 400 drops: the header shows 132/408
 * - trace-5.18-nettrace-doc.txt: github.com/OpenCloudOS/nettrace docs/droptrace.md (hashed-pointer location)
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseKfreeSkbFormat, type KfreeSkbFormat } from './format.js';
import { locationFunction, parseTraceOutput } from './parse-trace.js';

const fixture = (name: string): string => readFileSync(new URL(`../../test/fixtures/tracefs/${name}`, import.meta.url), 'utf8');
const format618 = ((): KfreeSkbFormat => {
  const r = parseKfreeSkbFormat(fixture('format-6.18.txt'));
  if (!r.ok) throw new Error(r.reason);
  return r.data;
})();

describe('parseTraceOutput on this VM (6.18)', () => {
  const text = fixture('trace-6.18-lab.txt');
  const r = parseTraceOutput(text, format618);

  it('reads every event line and nothing else', () => {
    expect(r.events).toHaveLength(67);
    expect(r.skipped).toBe(0);
    expect(r.lost).toBe(0);
    expect(r.header).toEqual({ entriesInBuffer: 67, entriesWritten: 67, cpus: 2 });
  });

  it('parses the first NETFILTER_DROP line field by field', () => {
    expect(r.events.find((e) => e.reason === 'NETFILTER_DROP')).toEqual({
      ts: 743.739314,
      cpu: 1,
      comm: 'node',
      pid: 6508,
      protocol: 2048,
      location: 'nft_do_chain',
      reason: 'NETFILTER_DROP',
      rxSk: '0000000000000000',
    });
  });

  it('handles comms with a dash and slash, idle, and the flags column variants (b...., bNs2.)', () => {
    const kworker = r.events.find((e) => e.comm === 'kworker/0:2');
    expect(kworker).toMatchObject({ pid: 5657, cpu: 0, protocol: 0, location: 'virtio_transport_recv_pkt', reason: 'NOT_SPECIFIED' });
    expect(r.events.filter((e) => e.comm === '<idle>').every((e) => e.pid === 0)).toBe(true);
    expect(r.events.find((e) => e.ts === 744.750941)).toMatchObject({ reason: 'QDISC_DROP', location: '__dev_queue_xmit' });
  });

  it('keeps non-null rx_sk values', () => {
    expect(r.events.filter((e) => e.rxSk !== '0000000000000000')).toHaveLength(8);
  });

  it('counts reason@location pairs as recorded', () => {
    const pairs: Record<string, number> = {};
    for (const e of r.events) pairs[`${e.reason}@${e.location}`] = (pairs[`${e.reason}@${e.location}`] ?? 0) + 1;
    expect(pairs).toEqual({
      'NETFILTER_DROP@nft_do_chain': 14,
      'NOT_SPECIFIED@ip6_mc_input': 12,
      'NOT_SPECIFIED@tcp_v4_rcv': 8,
      'NOT_SPECIFIED@virtio_transport_recv_pkt': 1,
      'NO_SOCKET@__udp4_lib_rcv': 2,
      'NO_SOCKET@tcp_v4_rcv': 14,
      'QDISC_DROP@__dev_queue_xmit': 13,
      'QUEUE_PURGE@skb_queue_purge_reason': 3,
    });
  });

  it('a buffer cut mid-line keeps the complete lines and counts the cut one as skipped', () => {
    const cut = text.slice(0, text.indexOf('location=tcp_v4_rcv+0x91'));
    const complete = cut.split('\n').filter((l) => l.includes('reason:')).length;
    const c = parseTraceOutput(cut, format618);
    // The cut line still carries skbaddr=, so it is an event without location and reason.
    expect(c.events).toHaveLength(complete + 1);
    expect(c.events.at(-1)).toEqual({ ts: 743.739624, cpu: 1, comm: 'node', pid: 6508, protocol: 2048, rxSk: '0000000000000000' });
    expect(c.skipped).toBe(0);
  });
});

describe('parseTraceOutput: lost events', () => {
  it('ring buffer overrun (6.18, this VM): lost = entries-written - entries-in-buffer', () => {
    const r = parseTraceOutput(fixture('trace-6.18-overrun.txt'), format618);
    expect(r.events).toHaveLength(132);
    expect(r.lost).toBe(276);
    expect(r.events.filter((e) => e.reason === 'NETFILTER_DROP' && e.location === 'nft_do_chain')).toHaveLength(124);
  });

  it('trace_pipe [LOST n EVENTS] markers (synthetic line in the kernel\'s documented form)', () => {
    const line = fixture('trace-6.18-lab.txt').split('\n').find((l) => l.includes('QDISC_DROP')) ?? '';
    const r = parseTraceOutput(`${line}\nCPU:1 [LOST 42 EVENTS]\n${line}\n`, format618);
    expect(r.events).toHaveLength(2);
    expect(r.lost).toBe(42);
  });
});

describe('parseTraceOutput on other kernels', () => {
  it('first reason era (nettrace doc): hashed pointer location, no rx_sk', () => {
    const fmt = parseKfreeSkbFormat(fixture('format-5.18-nettrace-readme.txt'));
    const r = parseTraceOutput(fixture('trace-5.18-nettrace-doc.txt'), fmt.ok ? fmt.data : undefined);
    expect(r.events).toEqual([
      { ts: 176394.89412, cpu: 13, comm: '<idle>', pid: 0, protocol: 2048, location: '00000000751c2330', reason: 'TCP_INVALID_SEQUENCE' },
      { ts: 176398.260716, cpu: 28, comm: '<idle>', pid: 0, protocol: 2048, location: '00000000751c2330', reason: 'TCP_INVALID_SEQUENCE' },
    ]);
    expect(r.lost).toBe(0);
  });

  it('a pre-5.17 line has no reason (synthetic: the 6.18 line reduced to the pre-5.17 print fmt)', () => {
    const r = parseTraceOutput(
      '          <idle>-0       [001] ..s1.   744.462919: kfree_skb: skbaddr=0000000005ad5e1d protocol=2048 location=tcp_v4_rcv+0x91/0x13f0\n',
    );
    expect(r.events).toEqual([{ ts: 744.462919, cpu: 1, comm: '<idle>', pid: 0, protocol: 2048, location: 'tcp_v4_rcv' }]);
  });

  it('a numeric reason is decoded with the running kernel\'s table (synthetic)', () => {
    const r = parseTraceOutput('  node-1 [000] ..s1. 1.000001: kfree_skb: skbaddr=01 protocol=2048 location=nft_do_chain+0x1/0x2 reason: 64\n', format618);
    expect(r.events[0]?.reason).toBe('QDISC_DROP');
  });

  it('the empty reason of the 5.17 %s bug prints as no reason (synthetic, form from the kernel patch discussion)', () => {
    const r = parseTraceOutput('  x-1 [000] ..s1. 1.5: kfree_skb: skbaddr=0xffff9d2851242700 protocol=34525 location=0xffffffffa39346b1 reason:\n');
    expect(r.events[0]).toEqual({ ts: 1.5, cpu: 0, comm: 'x', pid: 1, protocol: 34525, location: '0xffffffffa39346b1' });
  });
});

describe('parseTraceOutput never throws on garbage', () => {
  it.each(['', '\n\n', 'garbage', '# only a comment', 'foo-1 [000] 1.0: sched_switch: prev_comm=a'])('%j', (t) => {
    const r = parseTraceOutput(t);
    expect(r.events).toEqual([]);
  });
  it('other events are skipped (synthetic)', () => {
    expect(parseTraceOutput('foo-1 [000] ..s1. 1.0: consume_skb: skbaddr=01 location=x').skipped).toBe(1);
  });
});

describe('locationFunction', () => {
  it.each([
    ['nft_do_chain+0x3e8/0x610', 'nft_do_chain'],
    ['__dev_queue_xmit+0xd01/0xf30', '__dev_queue_xmit'],
    ['00000000751c2330', '00000000751c2330'],
  ])('%s → %s', (raw, fn) => expect(locationFunction(raw)).toBe(fn));
});
