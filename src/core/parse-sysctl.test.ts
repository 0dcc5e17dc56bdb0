/** The sysctl reader on recorded outputs (test/fixtures/sysctl/*.source.txt): grep -H -r of /proc/sys and sysctl(8). */
import { describe, expect, it } from 'vitest';
import { parseSysctlLines, sysctlInt, sysctlNameToPath, sysctlPathToName } from './parse-sysctl.js';
import { fixture } from '../../test/fakes/scenario.js';

describe('parseSysctlLines', () => {
  it('grep -H -r of /proc/sys (the probes\' read): one key per file, by path', () => {
    const v = parseSysctlLines(fixture('fixtures/sysctl/netns-grep-conf-rp-filter.txt'));
    expect(v['net/ipv4/conf/all/rp_filter']).toBe('1');
    expect(v['net/ipv4/conf/eth0/rp_filter']).toBe('0');
    expect(v['net/ipv6/conf/rp1/forwarding']).toBe('0');
    expect(Object.keys(v)).toHaveLength(18);
  });

  it('sysctl(8) output and the grep read of the same namespace agree key by key', () => {
    const fromSysctl = parseSysctlLines(fixture('fixtures/sysctl/netns-sysctl-forwarding-off.txt'));
    const fromGrep = parseSysctlLines(fixture('fixtures/sysctl/netns-grep-conf-forwarding-off.txt'));
    expect(fromSysctl['net/ipv4/ip_forward']).toBe('0');
    for (const k of ['net/ipv4/conf/all/forwarding', 'net/ipv4/conf/eth0/forwarding', 'net/ipv4/conf/all/rp_filter', 'net/ipv6/conf/all/forwarding']) {
      expect([k, fromSysctl[k]]).toEqual([k, fromGrep[k]]);
    }
    const bridge = parseSysctlLines(fixture('fixtures/sysctl/netns-sysctl-bridge.txt'));
    expect(bridge).toEqual(expect.objectContaining({ 'net/bridge/bridge-nf-call-iptables': '1', 'net/ipv4/ip_forward': '1' }));
    expect(parseSysctlLines(fixture('fixtures/sysctl/netns-grep-bridge.txt'))['net/bridge/bridge-nf-call-iptables']).toBe('1');
  });

  it('interface names with a dot: sysctl prints them with a slash; both spellings map to one path', () => {
    expect(sysctlNameToPath('net.ipv4.conf.eth0/100.rp_filter')).toBe('net/ipv4/conf/eth0.100/rp_filter');
    expect(sysctlPathToName('net/ipv4/conf/eth0.100/rp_filter')).toBe('net.ipv4.conf.eth0/100.rp_filter');
    expect(parseSysctlLines('/proc/sys/net/ipv4/conf/eth0.100/rp_filter:2\nnet.ipv4.conf.eth0/100.forwarding = 1')).toEqual({
      'net/ipv4/conf/eth0.100/rp_filter': '2',
      'net/ipv4/conf/eth0.100/forwarding': '1',
    });
  });

  it('errors and prose are skipped; multi-word values kept; sysctlInt reads integers only', () => {
    const v = parseSysctlLines('sysctl: permission denied on key "net.ipv6.conf.all.stable_secret"\ngrep: /proc/sys/net/bridge: No such file or directory\nnet.ipv4.tcp_rmem = 4096\t131072\t6291456\n');
    expect(v).toEqual({ 'net/ipv4/tcp_rmem': '4096\t131072\t6291456' });
    expect(sysctlInt(v, 'net/ipv4/tcp_rmem')).toBeUndefined();
    expect(sysctlInt({ a: '-1' }, 'a')).toBe(-1);
  });
});
