/**
 * bridge.nf-call on a real reading of a namespace that bridges (test/fixtures/iptables/netns-bridge-
 * forward-drop-*.txt, sysctl/netns-grep-bridge.txt, ip/netns-ip-j-d-link-bridge.json and
 * proc/netns-net-snmp-bridge-*.txt; see their .source.txt), parsed by the real netfilter probe.
 */
import { describe, expect, it } from 'vitest';
import { checkBridge } from './layer.js';
import { netfilterProbe, zeroNetfilterData } from '../netfilter/layer.js';
import { parseBridges } from '../netfilter/parse-bridges.js';
import { CONTAINER_TARGET, checkInputOf, ctxOf, fixture, notFoundResult, readWith } from '../../../test/fakes/scenario.js';

const ctx = ctxOf(CONTAINER_TARGET, 'target');
const links = fixture('fixtures/ip/netns-ip-j-d-link-bridge.json');
const brconf = fixture('fixtures/sysctl/netns-grep-bridge.txt');
/** The probe reads `grep ^Ip: /proc/net/snmp`: the Ip lines of the recorded file. */
const ipLines = (snmp: string): string => snmp.split('\n').filter((l) => l.startsWith('Ip:')).join('\n');
const read = (ipt: string, snmp: string, conf = brconf) =>
  readWith(netfilterProbe, ctx, {
    nft4: ipt,
    legacy4: notFoundResult(),
    nft6: notFoundResult(),
    legacy6: notFoundResult(),
    nft: notFoundResult(),
    brconf: conf,
    brlinks: links,
    brsnmp: ipLines(snmp),
  });
const before = read(fixture('fixtures/iptables/netns-bridge-forward-drop-before.txt'), fixture('fixtures/proc/netns-net-snmp-bridge-before.txt'));
const after = read(fixture('fixtures/iptables/netns-bridge-forward-drop-after.txt'), fixture('fixtures/proc/netns-net-snmp-bridge-after.txt'));

describe('parseBridges', () => {
  it('finds br0 and its two ports in ip -j -d link show; lo and the ports are not bridges', () => {
    expect(parseBridges(links)).toEqual({ ok: true, data: [{ name: 'br0', ports: ['eth0', 'brp0'] }] });
    expect(parseBridges('not json').ok).toBe(false);
    expect(parseBridges('{}').ok).toBe(false);
  });
});

describe('checkBridge', () => {
  it('FORWARD policy dropped 5 while IpInReceives did not move: 5 bridged frames, convicted, no fix planned', () => {
    const r = checkBridge(checkInputOf(CONTAINER_TARGET, 'target', before, after));
    expect(r.findings.map((f) => [f.id, f.layer, f.scope, f.severity, f.basis, f.role, f.subject])).toEqual([
      ['bridge.nf-call', 'bridge', 'target', 'error', 'window', 'cause', 'bridge br0 (net.bridge.bridge-nf-call-iptables=1)'],
    ]);
    const f = r.findings[0];
    expect(f?.title).toBe("Bridged IPv4 traffic was dropped by iptables's FORWARD chain: 5 packet(s) during the window");
    expect(f?.evidence).toEqual([
      expect.objectContaining({ kind: 'counter', counter: 'policy pkts', subject: 'iptables-nft filter/FORWARD policy', delta: 5 }),
      expect.objectContaining({ kind: 'state', name: 'net.bridge.bridge-nf-call-iptables', value: 1 }),
      expect.objectContaining({ kind: 'state', name: 'bridge ports', subject: 'br0', value: 'eth0 brp0' }),
      expect.objectContaining({ kind: 'state', name: 'net.ipv4.ip_forward', value: '1' }),
      expect.objectContaining({ kind: 'counter', counter: 'IpInReceives', delta: 0 }),
    ]);
    expect(f?.action).toContain('iptables -I FORWARD -m physdev --physdev-is-bridged -j ACCEPT');
    // ip6tables was not found here: only the IPv4 family is judged, and the note says so.
    expect(r.notes).toEqual(['net.bridge.bridge-nf-call-ip6tables = 1 with bridge br0, but no ip6tables rules could be read here']);
  });

  it('as many IP packets received as FORWARD drops: they may be routed, so only a warning (documented edit: IpInReceives +5)', () => {
    const snmp = fixture('fixtures/proc/netns-net-snmp-bridge-after.txt').replace(/^(Ip: \d+ \d+ )(\d+)/m, (_m, a: string, n: string) => `${a}${Number(n) + 5}`);
    const busy = read(fixture('fixtures/iptables/netns-bridge-forward-drop-after.txt'), snmp);
    const r = checkBridge(checkInputOf(CONTAINER_TARGET, 'target', before, busy));
    expect(r.findings.map((f) => [f.id, f.severity])).toEqual([['bridge.nf-call', 'warning']]);
  });

  it('bridge-nf-call-iptables=0, or nothing dropped: no finding, a note says why', () => {
    const off = brconf.replace('bridge-nf-call-iptables:1', 'bridge-nf-call-iptables:0');
    const r = checkBridge(checkInputOf(CONTAINER_TARGET, 'target', read(fixture('fixtures/iptables/netns-bridge-forward-drop-before.txt'), fixture('fixtures/proc/netns-net-snmp-bridge-before.txt'), off), read(fixture('fixtures/iptables/netns-bridge-forward-drop-after.txt'), fixture('fixtures/proc/netns-net-snmp-bridge-after.txt'), off)));
    expect(r.findings).toEqual([]);
    expect(r.notes[0]).toBe('net.bridge.bridge-nf-call-iptables = 0: bridged ipv4 frames skip iptables');
    expect(checkBridge(checkInputOf(CONTAINER_TARGET, 'target', after, after)).findings).toEqual([]);
  });

  it('br_netfilter not loaded (no /proc/sys/net/bridge): nothing to judge', () => {
    const none = readWith(netfilterProbe, ctx, { nft4: fixture('fixtures/iptables/netns-bridge-forward-drop-after.txt'), legacy4: notFoundResult(), nft6: notFoundResult(), legacy6: notFoundResult(), nft: notFoundResult(), brconf: '', brlinks: links, brsnmp: '' });
    expect(none.bridging).toBeUndefined();
    expect(checkBridge(checkInputOf(CONTAINER_TARGET, 'target', none, none)).notes[0]).toMatch(/^br_netfilter is not loaded/);
  });

  it('one pasted snapshot: the zero baseline zeroes IpInReceives with the rule counters', () => {
    expect(zeroNetfilterData(after).bridging?.ipInReceives).toBe(0);
  });
});
