/**
 * ip.rp-filter and ip.forwarding-disabled on real readings taken in private namespaces
 * (test/fixtures/proc/netns-net-*-{rpfilter,forwarding-off}-*.txt and the grep of the same
 * namespace's /proc/sys/net/ipv{4,6}/conf; see their .source.txt), parsed by the real snmp probe.
 */
import { describe, expect, it } from 'vitest';
import { checkIp, snmpProbe, zeroMibData } from './layers.js';
import { parseProcSnmp6 } from './parse-proc-snmp6.js';
import { CONTAINER_TARGET, checkInputOf, ctxOf, fixture, readWith } from '../../../test/fakes/scenario.js';

const ctx = ctxOf(CONTAINER_TARGET, 'target');
const read = (snmp: string, netstat: string, ipconf: string) => readWith(snmpProbe, ctx, { snmp, netstat, synrecv: '', ipconf });

describe('ip.rp-filter', () => {
  const conf = fixture('fixtures/sysctl/netns-grep-conf-rp-filter.txt');
  const before = read(fixture('fixtures/proc/netns-net-snmp-rpfilter-before.txt'), fixture('fixtures/proc/netns-net-netstat-rpfilter-before.txt'), conf);
  const after = read(fixture('fixtures/proc/netns-net-snmp-rpfilter-after.txt'), fixture('fixtures/proc/netns-net-netstat-rpfilter-after.txt'), conf);

  it('5 SYNs refused by strict rp_filter: convicted by TcpExtIPReversePathFilter, the mode in force per interface as state', () => {
    const r = checkIp(checkInputOf(CONTAINER_TARGET, 'target', before, after));
    expect(r.findings.map((f) => [f.id, f.scope, f.severity, f.basis, f.role])).toEqual([['ip.rp-filter', 'target', 'error', 'window', 'cause']]);
    const f = r.findings[0];
    // conf.all.rp_filter=1 wins over every interface's 0: all three veths filter strictly.
    expect(f?.subject).toBe('rp_filter on eth0 (strict), rp0 (strict), rp1 (strict)');
    expect(f?.evidence[0]).toEqual(expect.objectContaining({ kind: 'counter', counter: 'TcpExtIPReversePathFilter', before: 0, after: 5, delta: 5 }));
    expect(f?.evidence.filter((e) => e.kind === 'state').map((e) => e.kind === 'state' && [e.name, e.value])).toEqual([
      ['net.ipv4.conf.all.rp_filter', '1'],
      ['net.ipv4.conf.eth0.rp_filter', '0'],
      ['net.ipv4.conf.rp0.rp_filter', '0'],
      ['net.ipv4.conf.rp1.rp_filter', '0'],
    ]);
    expect(f?.action).toContain('sysctl -w net.ipv4.conf.all.rp_filter=2 net.ipv4.conf.eth0.rp_filter=2');
    expect(f?.details).toBeUndefined();
  });

  it('the same strict setting with no counter rising: no finding (state alone convicts nothing)', () => {
    expect(checkIp(checkInputOf(CONTAINER_TARGET, 'target', after, after)).findings).toEqual([]);
  });
});

describe('ip.forwarding-disabled', () => {
  const conf = fixture('fixtures/sysctl/netns-grep-conf-forwarding-off.txt');
  const netstat = fixture('fixtures/proc/netns-net-netstat-rpfilter-before.txt');
  const before = read(fixture('fixtures/proc/netns-net-snmp-forwarding-off-before.txt'), netstat, conf);
  const after = read(fixture('fixtures/proc/netns-net-snmp-forwarding-off-after.txt'), netstat, conf);

  it('5 SYNs to route through a namespace with ip_forward=0: IpInAddrErrors names the cause, and is not repeated as ip.discards', () => {
    const r = checkIp(checkInputOf(CONTAINER_TARGET, 'target', before, after));
    expect(r.findings.map((f) => [f.id, f.severity, f.subject])).toEqual([['ip.forwarding-disabled', 'error', 'net.ipv4.ip_forward=0']]);
    const f = r.findings[0];
    expect(f?.evidence[0]).toEqual(expect.objectContaining({ kind: 'counter', counter: 'IpInAddrErrors', delta: 5 }));
    expect(f?.evidence).toContainEqual(expect.objectContaining({ kind: 'state', name: 'net.ipv4.conf.all.forwarding', value: '0' }));
    expect(f?.action).toMatch(/^sysctl -w net\.ipv4\.ip_forward=1 /);
  });

  it('forwarding on everywhere: the same counter stays an anonymous ip.discards (documented edit: every forwarding 0 -> 1)', () => {
    const on = conf.replace(/forwarding:0/g, 'forwarding:1');
    const r = checkIp(checkInputOf(CONTAINER_TARGET, 'target', read(fixture('fixtures/proc/netns-net-snmp-forwarding-off-before.txt'), netstat, on), read(fixture('fixtures/proc/netns-net-snmp-forwarding-off-after.txt'), netstat, on)));
    expect(r.findings.map((f) => f.id)).toEqual(['ip.discards']);
  });

  it('on only one interface (documented edit: conf.all back to 1, eth0 stays 0): named per interface', () => {
    const one = conf.replace(/(all|default|lo|fwd0)\/forwarding:0/g, '$1/forwarding:1').replace('ipv6/conf/all/forwarding:1', 'ipv6/conf/all/forwarding:0');
    const r = checkIp(checkInputOf(CONTAINER_TARGET, 'target', read(fixture('fixtures/proc/netns-net-snmp-forwarding-off-before.txt'), netstat, one), read(fixture('fixtures/proc/netns-net-snmp-forwarding-off-after.txt'), netstat, one)));
    expect(r.findings.map((f) => [f.id, f.subject])).toEqual([['ip.forwarding-disabled', 'ipv4 forwarding off on eth0']]);
    expect(r.findings[0]?.action).toContain('sysctl -w net.ipv4.conf.eth0.forwarding=1');
  });

  it('IPv6: Ip6InAddrErrors from /proc/net/snmp6 with net.ipv6.conf.all.forwarding=0 (documented edit: Ip6InAddrErrors +3)', () => {
    const six = fixture('fixtures/proc/netns-net-snmp6.txt');
    const snmp = fixture('fixtures/proc/netns-net-snmp-forwarding-off-before.txt');
    const b = readWith(snmpProbe, ctx, { snmp, netstat, synrecv: '', ipconf: conf, snmp6: six });
    const a = readWith(snmpProbe, ctx, { snmp, netstat, synrecv: '', ipconf: conf, snmp6: six.replace(/^(Ip6InAddrErrors\s+)0$/m, '$13') });
    const r = checkIp(checkInputOf(CONTAINER_TARGET, 'target', b, a));
    expect(r.findings.map((f) => [f.id, f.subject, f.evidence[0]?.kind === 'counter' && f.evidence[0].counter])).toEqual([
      ['ip.forwarding-disabled', 'net.ipv6.conf.all.forwarding=0', 'Ip6InAddrErrors'],
    ]);
  });

  it('a pasted snapshot keeps the settings in its zero baseline', () => {
    expect(zeroMibData(after).conf).toEqual(after.conf);
  });
});

describe('parseProcSnmp6', () => {
  it('reads the Name value lines of the recorded file', () => {
    const p = parseProcSnmp6(fixture('fixtures/proc/netns-net-snmp6.txt'));
    expect(p.ok && [p.data['Ip6InReceives'], p.data['Ip6InNoRoutes'], p.data['Ip6InAddrErrors']]).toEqual([2, 1, 0]);
    expect(parseProcSnmp6('Ip: Forwarding\nIp: 1').ok).toBe(false);
  });
});
