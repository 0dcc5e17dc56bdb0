import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseProcNetDev } from './parse-proc-net-dev.js';
import { binaryGarbage, findBadNumber, mutations } from '../../../test/support/parse-mutations.js';

// Fixtures: test/fixtures/proc/*.txt recorded on this VM (see each *.source.txt);
// test/fixtures/jc/linux-proc/net_dev(.json) from jc (MIT, see its SOURCE.md), a real capture with jc's parse.
const fixture = (p: string): string => readFileSync(new URL(`../../../test/fixtures/${p}`, import.meta.url), 'utf8');
const corpus = (p: string): string => readFileSync(new URL(`../../../test/fixtures/jc/${p}`, import.meta.url), 'utf8');

const JC_TO_KERNEL: Record<string, string> = {
  r_bytes: 'rx_bytes', r_packets: 'rx_packets', r_errs: 'rx_errors', r_drop: 'rx_dropped', r_fifo: 'rx_fifo_errors',
  r_frame: 'rx_frame_errors', r_compressed: 'rx_compressed', r_multicast: 'multicast', t_bytes: 'tx_bytes',
  t_packets: 'tx_packets', t_errs: 'tx_errors', t_drop: 'tx_dropped', t_fifo: 'tx_fifo_errors', t_colls: 'collisions',
  t_carrier: 'tx_carrier_errors', t_compressed: 'tx_compressed',
};

describe('parseProcNetDev', () => {
  it('reads a netns /proc/net/dev whole (recorded here)', () => {
    const zeroTx = { tx_errors: 0, tx_dropped: 0, tx_fifo_errors: 0, collisions: 0, tx_carrier_errors: 0, tx_compressed: 0 };
    const zeroRx = { rx_errors: 0, rx_dropped: 0, rx_fifo_errors: 0, rx_frame_errors: 0, rx_compressed: 0, multicast: 0 };
    expect(parseProcNetDev(fixture('proc/netns-net-dev.txt'))).toEqual({
      ok: true,
      data: [
        { name: 'lo', counters: { rx_bytes: 300, rx_packets: 6, ...zeroRx, tx_bytes: 300, tx_packets: 6, ...zeroTx } },
        { name: 'eth0', counters: { rx_bytes: 1220, rx_packets: 14, ...zeroRx, tx_bytes: 516, tx_packets: 6, ...zeroTx } },
      ],
    });
  });

  it('agrees with jc on the corpus net_dev, field by field', () => {
    const jc: Record<string, number | string>[] = JSON.parse(corpus('linux-proc/net_dev.json'));
    const r = parseProcNetDev(corpus('linux-proc/net_dev'));
    if (!r.ok) throw new Error(r.reason);
    expect(r.data.map((i) => i.name)).toEqual(jc.map((j) => j['interface']));
    r.data.forEach((iface, n) => {
      for (const [jcKey, kernel] of Object.entries(JC_TO_KERNEL)) expect(iface.counters[kernel], `${iface.name} ${jcKey}`).toBe(jc[n]?.[jcKey]);
    });
  });

  it('reads the host file with docker0, bridge and veth rows', () => {
    const r = parseProcNetDev(fixture('proc/host-net-dev.txt'));
    if (!r.ok) throw new Error(r.reason);
    expect(r.data.map((i) => i.name)).toEqual(['lo', 'ifb0', 'ifb1', 'eth0', 'docker0', 'pa-rec-br', 'pa-rec-h']);
    expect(r.data.find((i) => i.name === 'docker0')?.counters['tx_dropped']).toBe(2);
  });

  it('keeps counters beyond 2^53 finite (synthetic row on the real header)', () => {
    const head = fixture('proc/netns-net-dev.txt').split('\n').slice(0, 2).join('\n');
    const r = parseProcNetDev(`${head}\n  eth9: 99999999999999999999 1 0 7 0 0 0 0 18446744073709551615 1 0 0 0 0 0 0\n`);
    expect(r.ok && r.data[0]?.counters).toMatchObject({ rx_bytes: 1e20, rx_dropped: 7, tx_bytes: 18446744073709551615 });
  });

  it.each([
    ['empty', ''],
    ['another command (/proc/net/snmp)', fixture('proc/host-net-snmp.txt')],
    ['binary garbage', binaryGarbage()],
    ['truncated inside the first row', fixture('proc/netns-net-dev.txt').slice(0, 260)],
    ['truncated inside the header', fixture('proc/netns-net-dev.txt').slice(0, 90)],
  ])('is unparsable: %s', (_name, text) => {
    expect(parseProcNetDev(text).ok).toBe(false);
  });

  it('survives mutations: never throws, never NaN', () => {
    for (const file of ['proc/host-net-dev.txt', 'proc/netns-net-dev.txt']) {
      for (const m of mutations(fixture(file))) {
        const r = parseProcNetDev(m.text);
        if (r.ok) expect(findBadNumber(r.data), `${file}: ${m.name}`).toBeUndefined();
      }
    }
  });

  it('reads CRLF and tab-separated copies the same (real file, mutated)', () => {
    const text = fixture('proc/host-net-dev.txt');
    const plain = parseProcNetDev(text);
    expect(parseProcNetDev(text.replace(/\n/g, '\r\n'))).toEqual(plain);
    expect(parseProcNetDev(text.replace(/ {2,}/g, '\t'))).toEqual(plain);
  });
});
