/**
 * pktdrop analyze on the drop map's inputs (issue 14, part A): `/proc/net/softnet_stat` and `sysctl`
 * excerpts, judged by the same checks as diagnose. The pastes are synthetic concatenations, built here,
 * of outputs recorded on this machine (test/fixtures/softnet, sysctl, proc, iptables; see each
 * .source.txt) with prompts of our own.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { analyzeTexts } from '../../src/analyze/analyze.js';
import { detectSections } from '../../src/analyze/detect.js';

const fx = (p: string): string => readFileSync(new URL(`../fixtures/${p}`, import.meta.url), 'utf8');
const paste = (...parts: [string, string][]): string => parts.map(([cmd, out]) => `root@host:~# ${cmd}\n${out.trimEnd()}\n`).join('\n');

describe('analyze: softnet_stat and sysctl excerpts', () => {
  it('two softnet_stat snapshots with the netdev knobs: softnet.backlog-drops from the rise on CPU 0, and the planned fix', () => {
    const text = paste(
      ['cat /proc/net/softnet_stat', fx('softnet/host-softnet-stat-before.txt')],
      ['sysctl net.core.netdev_max_backlog', 'net.core.netdev_max_backlog = 1000'],
      ['cat /proc/net/softnet_stat', fx('softnet/host-softnet-stat-after.txt')],
    );
    const r = analyzeTexts([{ name: 'paste.txt', text }]);
    expect(r.sections.map((s) => s.kind)).toEqual(['softnet-stat', 'sysctl', 'softnet-stat']);
    expect(r.findings.map((f) => [f.id, f.basis, f.severity, f.evidence[0]?.kind === 'counter' && f.evidence[0].delta])).toEqual([
      ['softnet.backlog-drops', 'window', 'error', 279],
    ]);
    expect(r.proposals.map((p) => p.fix.commands)).toEqual([[['sysctl', '-w', 'net.core.netdev_max_backlog=2000']]]);
  });

  it('one softnet_stat snapshot is history: a warning, no fix', () => {
    const r = analyzeTexts([{ name: 'paste.txt', text: paste(['cat /proc/net/softnet_stat', fx('softnet/host-softnet-stat-after.txt')]) }]);
    expect(r.findings.map((f) => [f.id, f.basis, f.severity])).toEqual([['softnet.backlog-drops', 'history', 'warning']]);
    expect(r.proposals).toEqual([]);
  });

  it('sysctl output with ip_forward=0 and two /proc/net/snmp snapshots: ip.forwarding-disabled, not ip.discards', () => {
    const text = paste(
      ['sysctl net.ipv4.ip_forward net.ipv4.conf.all.forwarding net.ipv4.conf.eth0.forwarding net.ipv4.conf.all.rp_filter net.ipv4.conf.eth0.rp_filter net.ipv6.conf.all.forwarding', fx('sysctl/netns-sysctl-forwarding-off.txt')],
      ['cat /proc/net/snmp', fx('proc/netns-net-snmp-forwarding-off-before.txt')],
      ['cat /proc/net/snmp', fx('proc/netns-net-snmp-forwarding-off-after.txt')],
    );
    const r = analyzeTexts([{ name: 'paste.txt', text }]);
    expect(r.sections.map((s) => s.kind)).toEqual(['sysctl', 'proc-snmp', 'proc-snmp']);
    expect(r.findings.map((f) => [f.id, f.subject, f.basis])).toEqual([['ip.forwarding-disabled', 'net.ipv4.ip_forward=0', 'window']]);
  });

  it('the same snmp pair without the sysctl output stays an anonymous ip.discards (the setting is not in the paste)', () => {
    const text = paste(['cat /proc/net/snmp', fx('proc/netns-net-snmp-forwarding-off-before.txt')], ['cat /proc/net/snmp', fx('proc/netns-net-snmp-forwarding-off-after.txt')]);
    expect(analyzeTexts([{ name: 'p', text }]).findings.map((f) => f.id)).toEqual(['ip.discards']);
  });

  it('bridge-nf-call sysctls and two iptables-save dumps: bridge.nf-call as a warning (routing is on and no IpInReceives in the paste)', () => {
    const text = paste(
      ['sysctl net.bridge.bridge-nf-call-iptables net.bridge.bridge-nf-call-ip6tables net.bridge.bridge-nf-call-arptables net.ipv4.ip_forward', fx('sysctl/netns-sysctl-bridge.txt')],
      ['iptables-save -c', fx('iptables/netns-bridge-forward-drop-before.txt')],
      ['iptables-save -c', fx('iptables/netns-bridge-forward-drop-after.txt')],
    );
    const r = analyzeTexts([{ name: 'paste.txt', text }]);
    const ids = r.findings.map((f) => [f.id, f.severity, f.subject]);
    expect(ids).toContainEqual(['bridge.nf-call', 'warning', 'bridged traffic (net.bridge.bridge-nf-call-iptables=1)']);
    expect(ids).toContainEqual(['netfilter.drop-policy', 'error', 'iptables filter/FORWARD policy']);
  });

  it('a sysctl -a excerpt mixing conntrack and other keys is still read for the conntrack table (sysctl-conntrack)', () => {
    const d = detectSections('net.ipv4.conf.all.rp_filter = 1\nnet.netfilter.nf_conntrack_count = 10\nnet.netfilter.nf_conntrack_max = 262144\n');
    expect(d.sections.map((s) => s.kind)).toEqual(['sysctl-conntrack']);
    expect(detectSections('net.ipv4.conf.all.rp_filter = 1\n').sections.map((s) => s.kind)).toEqual(['sysctl']);
  });
});

describe('analyze: rp_filter from pasted nstat / netstat -s with the sysctl settings', () => {
  const sysctl: [string, string] = ['sysctl net.ipv4.conf.all.rp_filter net.ipv4.conf.eth0.rp_filter net.ipv4.conf.rp0.rp_filter net.ipv4.conf.rp1.rp_filter', fx('sysctl/netns-sysctl-rp-filter.txt')];

  it('two nstat -az outputs: ip.rp-filter, with the strict mode in force on every interface', () => {
    const text = paste(sysctl, ['nstat -az TcpExtIPReversePathFilter', fx('nstat/netns-nstat-rpfilter-before.txt')], ['nstat -az TcpExtIPReversePathFilter', fx('nstat/netns-nstat-rpfilter-after.txt')]);
    const r = analyzeTexts([{ name: 'paste.txt', text }]);
    expect(r.findings.map((f) => [f.id, f.basis, f.subject, f.evidence[0]?.kind === 'counter' && f.evidence[0].delta])).toEqual([
      ['ip.rp-filter', 'window', 'rp_filter on eth0 (strict), rp0 (strict), rp1 (strict)', 5],
    ]);
  });

  it('two netstat -s outputs (a zero field is not printed: its first snapshot counts it as 0): ip.rp-filter', () => {
    const text = paste(sysctl, ['netstat -s', fx('netstat/netns-netstat-s-rpfilter-before.txt')], ['netstat -s', fx('netstat/netns-netstat-s-rpfilter-after.txt')]);
    const r = analyzeTexts([{ name: 'paste.txt', text }]);
    expect(r.findings.filter((f) => f.id === 'ip.rp-filter').map((f) => [f.basis, f.evidence[0]?.kind === 'counter' && [f.evidence[0].counter, f.evidence[0].delta]])).toEqual([
      ['window', ['TcpExtIPReversePathFilter', 5]],
    ]);
  });
});
