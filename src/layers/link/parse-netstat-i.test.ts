import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseNetstatI } from './parse-netstat-i.js';
import { binaryGarbage, findBadNumber, mutations } from '../../../test/support/parse-mutations.js';

// Fixtures: test/fixtures/netstat/*-netstat-i.txt recorded on this VM (see *.source.txt);
// jc corpus (MIT): centos-7.7, ubuntu-18.04 (Linux), freebsd12, osx-10.14.6 netstat-i with jc's parse.
const fixture = (p: string): string => readFileSync(new URL(`../../../test/fixtures/${p}`, import.meta.url), 'utf8');
const corpus = (p: string): string => readFileSync(new URL(`../../../test/fixtures/jc/${p}`, import.meta.url), 'utf8');

describe('parseNetstatI', () => {
  it('reads the recorded host output whole', () => {
    const z = { rx_errors: 0, rx_dropped: 0, rx_fifo_errors: 0, tx_errors: 0, tx_fifo_errors: 0 };
    expect(parseNetstatI(fixture('netstat/host-netstat-i.txt'))).toEqual({
      ok: true,
      data: [
        { name: 'docker0', counters: { ...z, rx_packets: 0, tx_packets: 0, tx_dropped: 2 } },
        { name: 'eth0', counters: { ...z, rx_packets: 5667, tx_packets: 3337, tx_dropped: 0 } },
        { name: 'lo', counters: { ...z, rx_packets: 54, tx_packets: 54, tx_dropped: 0 } },
        { name: 'pa-rec-br', counters: { ...z, rx_packets: 6, tx_packets: 8, tx_dropped: 0 } },
        { name: 'pa-rec-h', counters: { ...z, rx_packets: 6, tx_packets: 14, tx_dropped: 0 } },
      ],
    });
  });

  it.each(['centos-7.7/netstat-i', 'ubuntu-18.04/netstat-i'])('agrees with jc on %s', (base) => {
    const jc: Record<string, number | string>[] = JSON.parse(corpus(`${base}.json`));
    const r = parseNetstatI(corpus(`${base}.out`));
    if (!r.ok) throw new Error(r.reason);
    expect(r.data.map((i) => i.name)).toEqual(jc.map((j) => j['iface']));
    r.data.forEach((iface, n) => {
      const j = jc[n] ?? {};
      expect(iface.counters).toEqual({
        rx_packets: j['rx_ok'], rx_errors: j['rx_err'], rx_dropped: j['rx_drp'], rx_fifo_errors: j['rx_ovr'],
        tx_packets: j['tx_ok'], tx_errors: j['tx_err'], tx_dropped: j['tx_drp'], tx_fifo_errors: j['tx_ovr'],
      });
    });
  });

  it('reads FreeBSD <Link#N> rows (Ipkts/Ierrs/Idrop) and agrees with jc', () => {
    const r = parseNetstatI(corpus('freebsd12/netstat-i.out'));
    expect(r).toEqual({
      ok: true,
      data: [
        { name: 'em0', counters: { rx_packets: 189449, rx_errors: 0, rx_dropped: 0, tx_packets: 211310, tx_errors: 0, collisions: 0 } },
        { name: 'lo0', counters: { rx_packets: 26, rx_errors: 0, rx_dropped: 0, tx_packets: 26, tx_errors: 0, collisions: 0 } },
      ],
    });
  });

  it('reads macOS rows (no Idrop column, empty Address, gif0* names)', () => {
    const r = parseNetstatI(corpus('osx-10.14.6/netstat-i.out'));
    if (!r.ok) throw new Error(r.reason);
    expect(r.data[0]).toEqual({ name: 'lo0', counters: { rx_packets: 1580150, rx_errors: 0, tx_packets: 1580150, tx_errors: 0, collisions: 0 } });
    expect(r.data.every((i) => !('rx_dropped' in i.counters))).toBe(true);
    expect(r.data.some((i) => i.name === 'gif0')).toBe(true);
  });

  it('reads the older layout with a Met column (synthetic: real ubuntu-18.04 rows with a Met column added)', () => {
    const text = [
      'Kernel Interface table',
      'Iface   MTU Met   RX-OK RX-ERR RX-DRP RX-OVR    TX-OK TX-ERR TX-DRP TX-OVR Flg',
      'ens33  1500   0     245      0      7 0           197      0      0      0 BMRU',
    ].join('\n');
    const r = parseNetstatI(text);
    expect(r.ok && r.data[0]?.counters).toMatchObject({ rx_packets: 245, rx_dropped: 7, tx_packets: 197 });
  });

  it.each([
    ['empty', ''],
    ['another command (ifconfig)', corpus('centos-7.7/ifconfig.out')],
    ['binary garbage', binaryGarbage()],
    ['truncated after the header', fixture('netstat/host-netstat-i.txt').slice(0, 120)],
    ['truncated inside the header', fixture('netstat/host-netstat-i.txt').slice(0, 40)],
  ])('is unparsable: %s', (_name, text) => {
    expect(parseNetstatI(text).ok).toBe(false);
  });

  it('survives mutations: never throws, never NaN', () => {
    for (const text of [fixture('netstat/host-netstat-i.txt'), corpus('freebsd12/netstat-i.out'), corpus('osx-10.14.6/netstat-i.out')]) {
      for (const m of mutations(text)) {
        const r = parseNetstatI(m.text);
        if (r.ok) expect(findBadNumber(r.data), m.name).toBeUndefined();
      }
    }
  });
});
