/**
 * Checks tier for link.mtu-mismatch and link.rx-dropped-benign: `ip -j -s -s link show` of the two
 * ends of a veth pair with MTUs 1500 (x0) and 1400 (y0), recorded in private namespaces before and
 * after 7 datagrams of 1500 bytes crossed x0 -> y0, then after 10 unknown-EtherType frames and 4
 * frames of VLAN 99 (test/fixtures/ip/veth-*.source.txt), parsed by the real probe. x0 plays the
 * host side of a netns target, y0 its eth0.
 */
import { describe, expect, it } from 'vitest';
import { checkLink, linkLayer, linkProbe, type LinkData } from './layer.js';
import type { ResolvedTarget } from '../../core/target.js';
import { checkInputOf, ctxOf, fixture, readWith } from '../../../test/fakes/scenario.js';

const TARGET: ResolvedTarget = {
  spec: { kind: 'netns', name: 'pd14y' },
  label: 'netns pd14y',
  access: { via: 'netns', name: 'pd14y' },
  addresses: ['10.94.1.2'],
  listeningPorts: [],
  interfaces: ['y0'],
  hostSide: { interfaces: ['x0'] },
  notes: [],
};
const f = (name: string) => fixture(`fixtures/ip/${name}.json`);
const hostRead = (ip: string, peer: string): LinkData => readWith(linkProbe, ctxOf(TARGET, 'host'), { ip, peer });
const targetRead = (ip: string): LinkData => readWith(linkProbe, ctxOf(TARGET, 'target'), { ip });

describe('link.mtu-mismatch (host side reads both ends)', () => {
  it('the host side asks for the target\'s links through the target\'s door', () => {
    expect(linkProbe.commands(ctxOf(TARGET, 'host')).map((c) => c.argv)).toContainEqual(['ip', 'netns', 'exec', 'pd14y', 'ip', '-j', '-s', '-s', 'link', 'show']);
    expect(linkProbe.commands(ctxOf(TARGET, 'target')).some((c) => c.key === 'peer')).toBe(false);
  });

  it('1500-byte datagrams dropped in lockstep (x0 tx_dropped +7, y0 rx_dropped +7): convicted; x0\'s tx_dropped is not repeated as link.rx-dropped', () => {
    const before = hostRead(f('veth-mtu-mismatch-sender-before-j-s-s-link'), f('veth-mtu-mismatch-receiver-before-j-s-s-link'));
    const after = hostRead(f('veth-mtu-mismatch-sender-j-s-s-link'), f('veth-mtu-mismatch-receiver-j-s-s-link'));
    const { findings } = checkLink(checkInputOf(TARGET, 'host', before, after));
    expect(findings.map((x) => [x.id, x.scope, x.severity, x.basis, x.role, x.subject])).toEqual([
      ['link.mtu-mismatch', 'host', 'error', 'window', 'cause', 'x0 ↔ y0'],
    ]);
    const m = findings[0];
    expect(m?.evidence.map((e) => (e.kind === 'counter' ? [e.counter, e.subject, e.delta] : e.kind === 'state' ? [e.name, e.subject, e.value] : []))).toEqual([
      ['rx_dropped', 'y0', 7],
      ['tx_dropped', 'x0', 7],
      ['mtu', 'y0 (target)', 1400],
      ['mtu', 'x0 (host side)', 1500],
    ]);
    expect(m?.details).toEqual({ kind: 'mtu-mismatch', smaller: { name: 'y0', mtu: 1400, scope: 'target' }, larger: { name: 'x0', mtu: 1500, scope: 'host' } });
    expect(m?.action).toContain('ip link set dev x0 mtu 1400');
    expect(linkLayer.planFix).toBeUndefined();
  });

  it('no traffic: the different MTUs alone are state, a warning', () => {
    const r = hostRead(f('veth-mtu-mismatch-sender-before-j-s-s-link'), f('veth-mtu-mismatch-receiver-before-j-s-s-link'));
    const { findings } = checkLink(checkInputOf(TARGET, 'host', r, r));
    expect(findings.map((x) => [x.id, x.severity, x.basis])).toEqual([['link.mtu-mismatch', 'warning', 'state']]);
  });

  it('without the target\'s links (the read failed) nothing is claimed about the pair', () => {
    const r = readWith(linkProbe, ctxOf(TARGET, 'host'), { ip: f('veth-mtu-mismatch-sender-before-j-s-s-link') });
    expect(checkLink(checkInputOf(TARGET, 'host', r, r)).findings).toEqual([]);
  });

  it('in the target scope y0\'s rx_dropped is still a drop (the target cannot see the host end)', () => {
    const { findings } = checkLink(checkInputOf(TARGET, 'target', targetRead(f('veth-mtu-mismatch-receiver-before-j-s-s-link')), targetRead(f('veth-mtu-mismatch-receiver-j-s-s-link'))));
    expect(findings.map((x) => [x.id, x.subject])).toEqual([['link.rx-dropped', 'y0']]);
  });
});

describe('receive drops that are not loss, from counters', () => {
  it('frames of VLAN 99 (no VLAN device) counted in otherhost: a note, not a finding; the unknown EtherType frames stay in rx_dropped for the trace to explain', () => {
    const { findings, notes } = checkLink(checkInputOf(TARGET, 'target', targetRead(f('veth-mtu-mismatch-receiver-j-s-s-link')), targetRead(f('veth-unknown-proto-j-s-s-link'))));
    expect(findings.map((x) => [x.id, x.severity, x.basis, x.subject])).toEqual([['link.rx-dropped', 'error', 'window', 'y0']]);
    expect(findings[0]?.evidence.map((e) => e.kind === 'counter' && [e.counter, e.delta])).toEqual([['rx_dropped', 10]]);
    expect(notes).toContain('y0: rx_otherhost +4 during the window: frames for another host, VLAN or inactive slave, discarded apart from rx_dropped (not loss)');
  });
});

describe('link.ring-overflow', () => {
  it('driver counters that mean a full ring are told apart from other drop counters (published be2net, bnx2x and mlx5 names)', async () => {
    const { isRingDriverCounter } = await import('./mtu-benign.js');
    expect(['rx_no_buffer_count', 'rx_out_of_buffer', 'rxpp_fifo_overflow_drop', 'rx_input_fifo_overflow_drop', 'rx_missed', 'bw_in_allowance_exceeded', 'pps_allowance_exceeded', 'rx_fifo_errors'].filter(isRingDriverCounter)).toHaveLength(8);
    expect(['rx_dropped_too_small', 'rx_dropped_runt', 'rx_crc_errors', 'tx_dropped', 'rx_address_filtered'].filter(isRingDriverCounter)).toEqual([]);
  });

  it('rx_fifo_errors rising with rx_dropped on one interface: the ring overflow and the stack drop are two findings (documented edit of the recorded y0)', () => {
    const b = targetRead(f('veth-mtu-mismatch-receiver-before-j-s-s-link'));
    const a0 = JSON.parse(f('veth-mtu-mismatch-receiver-j-s-s-link')) as { stats64: { rx: Record<string, number> } }[];
    const first = a0[0];
    if (!first) throw new Error('no link');
    first.stats64.rx['fifo_errors'] = 5;
    const { findings } = checkLink(checkInputOf(TARGET, 'target', b, targetRead(JSON.stringify(a0))));
    expect(findings.map((x) => [x.id, x.evidence.map((e) => e.kind === 'counter' && [e.counter, e.delta])])).toEqual([
      ['link.ring-overflow', [['rx_fifo_errors', 5]]],
      ['link.rx-dropped', [['rx_dropped', 7]]],
    ]);
  });
});
