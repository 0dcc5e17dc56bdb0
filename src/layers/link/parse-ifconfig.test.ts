import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseIfconfig } from './parse-ifconfig.js';
import { binaryGarbage, findBadNumber, mutations } from '../../../test/support/parse-mutations.js';

// Fixtures: test/fixtures/ifconfig/*.txt recorded on this VM (net-tools 2.10, see *.source.txt);
// jc corpus (MIT): ubuntu-16.04 (old net-tools 1.60 layout), centos-7.7 and ubuntu-18.04 (new layout),
// freebsd12 and osx ifconfig (no counters), each with jc's parse.
const fixture = (p: string): string => readFileSync(new URL(`../../../test/fixtures/${p}`, import.meta.url), 'utf8');
const corpus = (p: string): string => readFileSync(new URL(`../../../test/fixtures/jc/${p}`, import.meta.url), 'utf8');

describe('parseIfconfig', () => {
  it('reads the recorded netns output whole (new layout)', () => {
    const zero = { rx_errors: 0, rx_dropped: 0, rx_fifo_errors: 0, rx_frame_errors: 0, tx_errors: 0, tx_dropped: 0, tx_fifo_errors: 0, tx_carrier_errors: 0, collisions: 0 };
    expect(parseIfconfig(fixture('ifconfig/netns-ifconfig.txt'))).toEqual({
      ok: true,
      data: [
        { name: 'eth0', counters: { ...zero, rx_packets: 14, rx_bytes: 1220, tx_packets: 6, tx_bytes: 516 } },
        { name: 'lo', counters: { ...zero, rx_packets: 6, rx_bytes: 300, tx_packets: 6, tx_bytes: 300 } },
      ],
    });
  });

  it('reads the old net-tools 1.60 layout (ubuntu-16.04) whole', () => {
    const zero = { rx_errors: 0, rx_dropped: 0, rx_fifo_errors: 0, rx_frame_errors: 0, tx_errors: 0, tx_dropped: 0, tx_fifo_errors: 0, tx_carrier_errors: 0, collisions: 0 };
    expect(parseIfconfig(corpus('ubuntu-16.04/ifconfig.out'))).toEqual({
      ok: true,
      data: [
        { name: 'ens33', counters: { ...zero, rx_packets: 36, tx_packets: 152, rx_bytes: 5602, tx_bytes: 13935 } },
        { name: 'lo', counters: { ...zero, rx_packets: 208, tx_packets: 208, rx_bytes: 17363, tx_bytes: 17363 } },
      ],
    });
  });

  it.each(['centos-7.7/ifconfig', 'ubuntu-18.04/ifconfig', 'ubuntu-16.04/ifconfig'])('agrees with jc on %s', (base) => {
    const jc: Record<string, unknown>[] = JSON.parse(corpus(`${base}.json`));
    const r = parseIfconfig(corpus(`${base}.out`));
    if (!r.ok) throw new Error(r.reason);
    expect(r.data.map((i) => i.name)).toEqual(jc.map((j) => j['name']));
    r.data.forEach((iface, n) => {
      const j = jc[n] ?? {};
      expect(iface.counters).toMatchObject({
        rx_packets: j['rx_packets'], rx_errors: j['rx_errors'], rx_dropped: j['rx_dropped'], rx_fifo_errors: j['rx_overruns'],
        rx_frame_errors: j['rx_frame'], tx_packets: j['tx_packets'], tx_errors: j['tx_errors'], tx_dropped: j['tx_dropped'],
        tx_fifo_errors: j['tx_overruns'], tx_carrier_errors: j['tx_carrier'], rx_bytes: j['rx_bytes'], tx_bytes: j['tx_bytes'],
      });
    });
  });

  it('sees the docker0 tx drop in the recorded host output', () => {
    const r = parseIfconfig(fixture('ifconfig/host-ifconfig-a.txt'));
    expect(r.ok && r.data.find((i) => i.name === 'docker0')?.counters['tx_dropped']).toBe(2);
  });

  it.each(['freebsd12/ifconfig-extra-fields.out', 'osx-10.14.6/ifconfig.out', 'osx-10.11.6/ifconfig.out'])(
    'says BSD/macOS ifconfig has no counters: %s',
    (file) => {
      const r = parseIfconfig(corpus(file));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toMatch(/BSD\/macOS/);
    },
  );

  it.each([
    ['empty', ''],
    ['another command (/proc/net/dev)', fixture('proc/host-net-dev.txt')],
    ['binary garbage', binaryGarbage()],
    ['truncated before the first counter line', fixture('ifconfig/netns-ifconfig.txt').slice(0, 200)],
  ])('is unparsable: %s', (_name, text) => {
    expect(parseIfconfig(text).ok).toBe(false);
  });

  it('survives mutations: never throws, never NaN', () => {
    for (const text of [fixture('ifconfig/host-ifconfig-a.txt'), corpus('ubuntu-16.04/ifconfig.out')]) {
      for (const m of mutations(text)) {
        const r = parseIfconfig(m.text);
        if (r.ok) expect(findBadNumber(r.data), m.name).toBeUndefined();
      }
    }
  });
});
