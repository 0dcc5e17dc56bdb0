import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseIpLinkJson, parseIpLinkText } from './parse-ip-link.js';
import { binaryGarbage, findBadNumber, mutations } from '../../../test/support/parse-mutations.js';

// Fixtures: test/fixtures/ip/ recorded on this VM (iproute2 6.1.0) on the host and inside a netns holding
// one end of a veth pair whose other end is enslaved to a bridge (see each *.source.txt); ip-cref-* are the
// outputs published in the IP Command Reference (old iproute2 labels).
const fixture = (p: string): string => readFileSync(new URL(`../../../test/fixtures/${p}`, import.meta.url), 'utf8');

const NETNS_ETH0 = {
  name: 'eth0', ifindex: 2, operstate: 'UP', flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'], mtu: 1500,
  peerIfindex: 7, linkType: 'ether',
};
const NETNS_LO = { name: 'lo', ifindex: 1, operstate: 'UNKNOWN', flags: ['LOOPBACK', 'UP', 'LOWER_UP'], mtu: 65536, linkType: 'loopback' };
const ZERO_ERR = {
  rx_errors: 0, rx_dropped: 0, rx_over_errors: 0, multicast: 0, rx_length_errors: 0, rx_crc_errors: 0, rx_frame_errors: 0,
  rx_fifo_errors: 0, rx_missed_errors: 0, tx_errors: 0, tx_dropped: 0, tx_carrier_errors: 0, collisions: 0,
  tx_aborted_errors: 0, tx_fifo_errors: 0, tx_window_errors: 0, tx_heartbeat_errors: 0,
};

describe('parseIpLinkJson', () => {
  it('reads the recorded netns `ip -j -s -s link` whole (veth peer in another netns)', () => {
    expect(parseIpLinkJson(fixture('ip/netns-j-s-s-link.json'))).toEqual({
      ok: true,
      data: [
        { ...NETNS_LO, counters: { ...ZERO_ERR, rx_bytes: 300, rx_packets: 6, tx_bytes: 300, tx_packets: 6, carrier_changes: 0 } },
        { ...NETNS_ETH0, counters: { ...ZERO_ERR, rx_bytes: 1220, rx_packets: 14, tx_bytes: 516, tx_packets: 6, carrier_changes: 2 } },
      ],
    });
  });

  it('reads the host side: master bridge and peer ifindex, no counters without -s', () => {
    const r = parseIpLinkJson(fixture('ip/host-j-link.json'));
    if (!r.ok) throw new Error(r.reason);
    expect(r.data.map((l) => l.name)).toEqual(['lo', 'ifb0', 'ifb1', 'eth0', 'docker0', 'pa-rec-br', 'pa-rec-h']);
    expect(r.data.find((l) => l.name === 'pa-rec-h')).toMatchObject({ ifindex: 7, peerIfindex: 2, master: 'pa-rec-br', operstate: 'UP' });
    expect(r.data.find((l) => l.name === 'docker0')).toMatchObject({ operstate: 'DOWN', flags: ['NO-CARRIER', 'BROADCAST', 'MULTICAST', 'UP'] });
    expect(r.data.every((l) => l.counters === undefined)).toBe(true);
    expect(r.data.filter((l) => l.peerIfindex !== undefined).map((l) => l.name)).toEqual(['pa-rec-h']);
  });

  it('agrees with the text parse of the same host links, counters included', () => {
    const json = parseIpLinkJson(fixture('ip/host-j-s-s-link.json'));
    const text = parseIpLinkText(fixture('ip/host-s-s-link.txt'));
    if (!json.ok || !text.ok) throw new Error('unparsable');
    expect(text.data.map((l) => [l.name, l.ifindex, l.operstate, l.mtu, l.master, l.peerIfindex])).toEqual(
      json.data.map((l) => [l.name, l.ifindex, l.operstate, l.mtu, l.master, l.peerIfindex]),
    );
    // Same counter names from both sources (the two reads were a moment apart: values may differ).
    text.data.forEach((l, i) => expect(Object.keys(l.counters ?? {}).sort()).toEqual(Object.keys(json.data[i]?.counters ?? {}).sort()));
  });

  it('keeps a counter above 2^53 finite (synthetic: real netns JSON with one value enlarged)', () => {
    const r = parseIpLinkJson(fixture('ip/netns-j-s-s-link.json').replace('"bytes":1220', '"bytes":99999999999999999999'));
    expect(r.ok && r.data[1]?.counters?.['rx_bytes']).toBe(1e20);
  });

  it.each([
    ['empty', ''],
    ['text output instead of JSON', fixture('ip/host-link.txt')],
    ['another JSON (an object)', '{"ifindex": 1}'],
    ['JSON array without links (synthetic)', '[{"dst":"default"}]'],
    ['binary garbage', binaryGarbage()],
    ['truncated JSON', fixture('ip/netns-j-s-s-link.json').slice(0, 300)],
  ])('is unparsable: %s', (_name, text) => {
    expect(parseIpLinkJson(text).ok).toBe(false);
  });

  it('survives mutations: never throws, never NaN', () => {
    for (const file of ['ip/host-j-s-s-link.json', 'ip/netns-j-s-s-link.json']) {
      for (const m of mutations(fixture(file))) {
        const r = parseIpLinkJson(m.text);
        if (r.ok) expect(findBadNumber(r.data), `${file}: ${m.name}`).toBeUndefined();
      }
    }
  });
});

describe('parseIpLinkText', () => {
  it('reads the recorded netns `ip -s -s link` whole (eth0@if7)', () => {
    expect(parseIpLinkText(fixture('ip/netns-s-s-link.txt'))).toEqual({
      ok: true,
      data: [
        { ...NETNS_LO, counters: { ...ZERO_ERR, rx_bytes: 300, rx_packets: 6, tx_bytes: 300, tx_packets: 6, carrier_changes: 0 } },
        { ...NETNS_ETH0, counters: { ...ZERO_ERR, rx_bytes: 1220, rx_packets: 14, tx_bytes: 516, tx_packets: 6, carrier_changes: 2 } },
      ],
    });
  });

  it('reads `ip link`, `ip -o link` and `ip -d link` the same way', () => {
    const plain = parseIpLinkText(fixture('ip/netns-link.txt'));
    expect(plain).toEqual({ ok: true, data: [NETNS_LO, NETNS_ETH0] });
    expect(parseIpLinkText(fixture('ip/netns-o-link.txt'))).toEqual(plain);
    expect(parseIpLinkText(fixture('ip/host-o-link.txt'))).toEqual(parseIpLinkText(fixture('ip/host-link.txt')));
    const veth = parseIpLinkText(fixture('ip/host-d-link-veth.txt'));
    expect(veth).toEqual({
      ok: true,
      data: [{ name: 'pa-rec-h', ifindex: 7, operstate: 'UP', flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'], mtu: 1500, peerIfindex: 2, master: 'pa-rec-br', linkType: 'ether' }],
    });
  });

  it('maps the old iproute2 labels (overrun in RX:, missed in RX errors:) from the published ip-cref output', () => {
    expect(parseIpLinkText(fixture('ip/ip-cref-s-link-published.txt'))).toEqual({
      ok: true,
      data: [{
        name: 'eth0', ifindex: 3, operstate: 'UNKNOWN', flags: ['BROADCAST', 'MULTICAST', 'UP'], mtu: 1500, linkType: 'ether',
        counters: {
          rx_bytes: 2449949362, rx_packets: 2786187, rx_errors: 0, rx_dropped: 0, rx_over_errors: 0, multicast: 0,
          tx_bytes: 178558497, tx_packets: 1783945, tx_errors: 332, tx_dropped: 0, tx_carrier_errors: 332, collisions: 35172,
        },
      }],
    });
    const excerpt = parseIpLinkText(fixture('ip/ip-cref-s-s-link-published-excerpt.txt'));
    expect(excerpt.ok && excerpt.data[0]?.counters).toMatchObject({ rx_over_errors: 0, rx_missed_errors: 0, rx_fifo_errors: 0, rx_crc_errors: 0 });
  });

  it.each([
    ['empty', ''],
    ['another command (ifconfig)', fixture('ifconfig/netns-ifconfig.txt')],
    ['JSON output', fixture('ip/netns-j-link.json')],
    ['binary garbage', binaryGarbage()],
    ['truncated inside the first link line', fixture('ip/netns-s-s-link.txt').slice(0, 8)],
  ])('is unparsable: %s', (_name, text) => {
    expect(parseIpLinkText(text).ok).toBe(false);
  });

  it('skips a stats values line that lost columns instead of shifting names (real output, truncated)', () => {
    const text = fixture('ip/netns-s-s-link.txt');
    const cut = text.indexOf('1220') + 6;
    const r = parseIpLinkText(text.slice(0, cut));
    expect(r.ok && r.data[1]?.counters?.['rx_packets']).toBeUndefined();
  });

  it('survives mutations: never throws, never NaN', () => {
    for (const file of ['ip/host-s-s-link.txt', 'ip/netns-o-link.txt', 'ip/ip-cref-s-link-published.txt']) {
      for (const m of mutations(fixture(file))) {
        const r = parseIpLinkText(m.text);
        if (r.ok) expect(findBadNumber(r.data), `${file}: ${m.name}`).toBeUndefined();
      }
    }
  });
});
