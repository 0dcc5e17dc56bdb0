/**
 * Journal entries are checked like user input before undo runs them (issue 13). The accepted argvs are
 * the inverses pktdrop's own planners write (netfilter, qdisc, conntrack layers); the refused ones are
 * what a hand-edited journal could hold.
 */
import { describe, expect, it } from 'vitest';
import { invalidEntry, invalidInverse, invalidPresence } from './validate.js';
import { planQdiscFix } from '../layers/qdisc/layer.js';
import { planNetfilterFix } from '../layers/netfilter/layer.js';
import type { Finding } from '../core/types.js';

const finding = (over: Partial<Finding>): Finding => ({
  id: 'x', layer: 'qdisc', scope: 'target', severity: 'error', basis: 'window', role: 'cause', subject: 's', title: 't', explanation: 'e', evidence: [], action: 'a', ...over,
});

describe('the inverses pktdrop writes are accepted', () => {
  it('from the planners themselves: a tbf re-added, an iptables rule and an nft rule put back', () => {
    const tbf = planQdiscFix(finding({ id: 'qdisc.drops', details: { kind: 'qdisc', dev: 'eth0', qdisc: 'tbf', handle: '800b:', parent: 'root', options: 'rate 1Kbit burst 300b limit 100b', configured: true } }));
    const ipt = planNetfilterFix(finding({ id: 'netfilter.drop-rule', layer: 'netfilter', details: { kind: 'iptables-rule', binary: 'iptables-nft', table: 'filter', chain: 'INPUT', position: 1, spec: ['-m', 'statistic', '--mode', 'random', '--probability', '0.29999999981', '-j', 'DROP'], specText: '-m statistic --mode random --probability 0.29999999981 -j DROP', exact: true } }));
    const nft = planNetfilterFix(finding({ id: 'netfilter.drop-rule', layer: 'netfilter', details: { kind: 'nft-rule', family: 'inet', table: 'lab', chain: 'input', text: 'tcp dport 8080 counter packets 3 bytes 180 drop', handle: 4, previousHandle: 3 } }));
    for (const fix of [tbf, ipt, nft]) {
      if (!fix) throw new Error('no fix planned');
      expect(invalidEntry(fix)).toBeUndefined();
    }
    expect(invalidInverse(['sysctl', '-w', 'net.netfilter.nf_conntrack_max=262144'])).toBeUndefined();
    expect(invalidPresence({ argv: ['sysctl', '-n', 'net.netfilter.nf_conntrack_max'], marker: '131072', match: 'line' })).toBeUndefined();
  });
});

describe('a hand-edited entry is refused, with the reason', () => {
  it.each([
    [['sh', '-c', 'reboot'], /"sh" is not a program pktdrop's undo runs/],
    [['iptables-nft', '-t', 'filter', '-F', 'INPUT'], /only -I/],
    [['iptables-nft', '-t', 'filter', '-I', 'INPUT', '1', '-j', 'ACCEPT', '-F'], /contains the iptables command -F/],
    [['iptables-nft', '-t', 'filter', '-P', 'INPUT', 'DROP'], /only -I/],
    [['iptables', '-t', 'filter', '-I', 'INPUT', '1', '-m', 'string', '--string', 'x', '--algo', 'bm', '@/etc/shadow'], /starts with @/],
    [['nft', 'flush', 'ruleset'], /only "nft add rule"/],
    [['nft', 'add', 'rule', 'inet', 'lab', 'input', 'drop;', 'flush', 'ruleset'], /a second nft command/],
    [['nft', 'add', 'rule', 'inet', 'lab', 'input', '-f', '/tmp/x'], /starts with "-"/],
    [['tc', 'qdisc', 'del', 'dev', 'eth0', 'root'], /only "tc qdisc add"/],
    [['tc', 'qdisc', 'add', 'dev', 'eth0', 'root', 'netem', 'loss', '100%'], undefined],
    [['tc', 'qdisc', 'add', 'dev', 'eth0;reboot', 'root', 'tbf'], /valid interface name/],
    [['tc', 'qdisc', 'add', 'dev', 'eth0', 'root', 'clsact'], /not a queueing discipline pktdrop removes/],
    [['tc', 'qdisc', 'add', 'dev', 'eth0', 'root', 'tbf', 'rate', '1Kbit\nreboot'], /control character/],
    [['sysctl', '-w', 'kernel.core_pattern=|/tmp/x'], /net\.\* key/],
    [['sysctl', '-p', '/tmp/evil.conf'], /only "sysctl -w KEY=VALUE"/],
    [[], /empty command/],
  ])('%j', (argv, why) => {
    const r = invalidInverse(argv);
    if (why === undefined) expect(r).toBeUndefined();
    else expect(r).toMatch(why);
  });

  it('a state check edited into another command is refused too', () => {
    expect(invalidPresence({ argv: ['cat', '/etc/shadow'], marker: 'x', match: 'line' })).toMatch(/not one pktdrop writes/);
    expect(invalidEntry({ scope: 'target', inverse: [['tc', 'qdisc', 'add', 'dev', 'eth0', 'root', 'tbf', 'rate', '1Kbit']], presence: { argv: ['rm', '-rf', '/'], marker: 'x', match: 'line' } })).toMatch(/not one pktdrop writes/);
    expect(invalidEntry({ scope: 'elsewhere', inverse: [['tc', 'qdisc', 'add', 'dev', 'eth0', 'root', 'tbf']] })).toMatch(/unknown scope/);
    expect(invalidEntry({ scope: 'host', inverse: [] })).toMatch(/no inverse/);
  });
});
