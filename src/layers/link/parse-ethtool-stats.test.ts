import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isDropCounterName, parseEthtoolStats } from './parse-ethtool-stats.js';
import { binaryGarbage, findBadNumber, mutations } from '../../../test/support/parse-mutations.js';

// Fixtures: test/fixtures/ethtool/ — veth, virtio_net and bridge recorded on this VM; bnx2x and be2net outputs
// published in GitHub issues (isc-projects/ethq#6, #7, strizhechenko/netutils-linux#208): see each *.source.txt.
const fixture = (p: string): string => readFileSync(new URL(`../../../test/fixtures/${p}`, import.meta.url), 'utf8');

describe('parseEthtoolStats', () => {
  it('reads the recorded veth output whole', () => {
    expect(parseEthtoolStats(fixture('ethtool/veth-host-S.txt'))).toEqual({
      ok: true,
      data: {
        counters: {
          peer_ifindex: 2, rx_queue_0_xdp_packets: 0, rx_queue_0_xdp_bytes: 0, rx_queue_0_drops: 0,
          rx_queue_0_xdp_redirect: 0, rx_queue_0_xdp_drops: 0, rx_queue_0_xdp_tx: 0, rx_queue_0_xdp_tx_errors: 0,
          tx_queue_0_xdp_xmit: 0, tx_queue_0_xdp_xmit_errors: 0,
        },
      },
    });
  });

  it('reads the recorded virtio_net output', () => {
    const r = parseEthtoolStats(fixture('ethtool/host-eth0-S.txt'));
    if (!r.ok) throw new Error(r.reason);
    expect(Object.keys(r.data.counters)).toHaveLength(20);
    expect(r.data.counters['rx0_kicks']).toBe(r.data.counters['rx_kicks']);
  });

  it('keeps bnx2x per-queue "[N]: name" keys apart (published output)', () => {
    const r = parseEthtoolStats(fixture('ethtool/bnx2x-queues-published.txt'));
    if (!r.ok) throw new Error(r.reason);
    expect(Object.keys(r.data.counters)).toHaveLength(34);
    expect(r.data.counters['[0]: rx_bytes']).toBe(209487403324);
    expect(r.data.counters['[1]: tx_bcast_packets']).toBe(8249);
  });

  it('reads be2net global and "rxqN: name" counters (published outputs)', () => {
    const a = parseEthtoolStats(fixture('ethtool/be2net-published.txt'));
    expect(a.ok && a.data.counters['rx_dropped_too_short']).toBe(5710);
    const b = parseEthtoolStats(fixture('ethtool/be2net-rxq-published.txt'));
    expect(b.ok && b.data.counters['rxq0: rx_drops_no_frags']).toBe(3885606854);
    expect(b.ok && b.data.counters['rxq0: rx_bytes']).toBe(176801946854589);
  });

  it('says why a bridge has no statistics (recorded)', () => {
    const r = parseEthtoolStats(fixture('ethtool/bridge-S.txt'));
    expect(r).toEqual({ ok: false, reason: 'the driver reports no statistics ("no stats available")' });
  });

  it.each([
    ['empty', ''],
    ['another command (netstat -s, also "Name: value" lines)', fixture('netstat/host-netstat-s.txt')],
    ['binary garbage', binaryGarbage()],
    ['truncated right after the header', fixture('ethtool/veth-host-S.txt').slice(0, 20)],
  ])('is unparsable: %s', (_name, text) => {
    expect(parseEthtoolStats(text).ok).toBe(false);
  });

  it('survives mutations: never throws, never NaN', () => {
    for (const file of ['ethtool/host-eth0-S.txt', 'ethtool/bnx2x-queues-published.txt', 'ethtool/be2net-rxq-published.txt']) {
      for (const m of mutations(fixture(file))) {
        const r = parseEthtoolStats(m.text);
        if (r.ok) expect(findBadNumber(r.data), `${file}: ${m.name}`).toBeUndefined();
      }
    }
  });
});

describe('isDropCounterName', () => {
  it.each([
    'rx_queue_0_drops', 'rx_queue_0_xdp_drops', 'tx_queue_0_xdp_xmit_errors', 'rx0_drops', 'tx_tx_timeouts',
    '[0]: rx_discards', '[0]: rx_skb_alloc_discard', 'rx_crc_errors', 'rx_dropped_too_short', 'rxpp_fifo_overflow_drop',
    'rx_drops_no_pbuf', 'rxq0: rx_drops_no_frags', 'rx_tcp_checksum_errs', 'rx_missed_errors', 'rx_no_buffer_count',
    'rx_out_of_buffer', 'rx_fifo_errors', 'tx_aborted_errors', 'FramesLostDueToIntMACRcvError', 'rxq0: rx_post_fail',
  ])('flags %s', (name) => expect(isDropCounterName(name)).toBe(true));

  it.each([
    'rx_packets', 'tx_bytes', 'peer_ifindex', 'rx_kicks', 'rx_address_filtered', 'tpa_aggregations', 'rx_interrupts',
    'rx_csum_complete', 'tx_tso_packets', 'be_on_die_temperature', 'rx_queue_0_xdp_redirect', 'forwarded_packets',
  ])('does not flag %s', (name) => expect(isDropCounterName(name)).toBe(false));
});
