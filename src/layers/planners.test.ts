/**
 * The planners read typed details (core's FindingDetails union), never re-validate them: each plans
 * from its own kind and declines any other. Findings built here are synthetic; the specs are the
 * seed's rule and qdisc (test/fixtures/seed/, test/e2e/fixtures/seed-container-yes.json).
 */
import { describe, expect, it } from 'vitest';
import type { ConntrackTableDetails, Finding, FindingDetails, IptablesRuleDetails, NftRuleDetails, QdiscDetails } from '../core/types.js';
import { planConntrackFix } from './conntrack/layer.js';
import { planNetfilterFix } from './netfilter/layer.js';
import { planQdiscFix } from './qdisc/layer.js';

const SPEC = ['-m', 'statistic', '--mode', 'random', '--probability', '0.29999999981', '-j', 'DROP'];

const finding = (id: string, layer: Finding['layer'], subject: string, details: FindingDetails): Finding => ({
  id, layer, scope: 'target', severity: 'error', basis: 'window', role: 'cause', subject, title: 't', explanation: 'e', evidence: [], action: 'a', details,
});

const IPT: IptablesRuleDetails = { kind: 'iptables-rule', binary: 'iptables-nft', table: 'filter', chain: 'INPUT', position: 1, spec: SPEC, specText: SPEC.join(' '), exact: true };
const NFT: NftRuleDetails = { kind: 'nft-rule', family: 'inet', table: 'pktdrop_lab', chain: 'input', text: 'tcp dport 80 counter packets 5 bytes 200 drop', handle: 8, previousHandle: 7 };
const TBF: QdiscDetails = { kind: 'qdisc', dev: 'eth0', qdisc: 'tbf', handle: '8022:', parent: 'root', options: 'rate 1Kbit burst 300b limit 100b', configured: true };
const CT: ConntrackTableDetails = { kind: 'conntrack-table', count: 62000, max: 65536, proposedMax: 131072 };

describe('planners on typed details', () => {
  it('netfilter: an exact iptables rule is deleted by spec and re-inserted at its position', () => {
    const fix = planNetfilterFix(finding('netfilter.drop-rule', 'netfilter', 'iptables filter/INPUT#1', IPT));
    expect(fix?.commands).toEqual([['iptables-nft', '-t', 'filter', '-D', 'INPUT', ...SPEC]]);
    expect(fix?.inverse).toEqual([['iptables-nft', '-t', 'filter', '-I', 'INPUT', '1', ...SPEC]]);
    expect(fix?.presence).toEqual({ argv: ['iptables-nft-save', '-t', 'filter'], marker: `-A INPUT ${SPEC.join(' ')}`, match: 'line' });
  });

  it('netfilter: an nft rule is deleted by handle and restored after the rule before it', () => {
    const fix = planNetfilterFix(finding('netfilter.drop-rule', 'netfilter', 'nft inet pktdrop_lab input handle 8', NFT));
    expect(fix?.commands).toEqual([['nft', 'delete', 'rule', 'inet', 'pktdrop_lab', 'input', 'handle', '8']]);
    expect(fix?.inverse).toEqual([['nft', 'add', 'rule', 'inet', 'pktdrop_lab', 'input', 'position', '7', 'tcp', 'dport', '80', 'counter', 'drop']]);
  });

  it('netfilter declines what it cannot do exactly: a rule rebuilt from a listing, an nft rule without a handle, another kind', () => {
    expect(planNetfilterFix(finding('netfilter.drop-rule', 'netfilter', 's', { ...IPT, exact: false }))).toBeUndefined();
    const { handle: _handle, ...noHandle } = NFT;
    expect(planNetfilterFix(finding('netfilter.drop-rule', 'netfilter', 's', noHandle))).toBeUndefined();
    expect(planNetfilterFix(finding('netfilter.drop-rule', 'netfilter', 's', TBF))).toBeUndefined();
    expect(planNetfilterFix(finding('netfilter.drop-policy', 'netfilter', 's', IPT))).toBeUndefined();
  });

  it('qdisc: a configured tbf is deleted and re-added with its options; a default qdisc and another kind are not', () => {
    const fix = planQdiscFix(finding('qdisc.drops', 'qdisc', 'qdisc tbf 8022: dev eth0 root', TBF));
    expect(fix?.commands).toEqual([['tc', 'qdisc', 'del', 'dev', 'eth0', 'root', 'handle', '8022:']]);
    expect(fix?.inverse).toEqual([['tc', 'qdisc', 'add', 'dev', 'eth0', 'root', 'handle', '8022:', 'tbf', 'rate', '1Kbit', 'burst', '300b', 'limit', '100b']]);
    expect(fix?.risk).toBe('disruptive');
    expect(planQdiscFix(finding('qdisc.drops', 'qdisc', 's', { ...TBF, qdisc: 'fq_codel', configured: false }))).toBeUndefined();
    expect(planQdiscFix(finding('qdisc.drops', 'qdisc', 's', IPT))).toBeUndefined();
  });

  it('conntrack: the limit is raised host-wide from the details\' max to their proposedMax; another kind is not planned', () => {
    const fix = planConntrackFix(finding('conntrack.table-full', 'conntrack', 'nf_conntrack', CT));
    expect(fix).toMatchObject({ scope: 'host', commands: [['sysctl', '-w', 'net.netfilter.nf_conntrack_max=131072']], inverse: [['sysctl', '-w', 'net.netfilter.nf_conntrack_max=65536']] });
    expect(planConntrackFix(finding('conntrack.table-full', 'conntrack', 'nf_conntrack', TBF))).toBeUndefined();
  });
});
