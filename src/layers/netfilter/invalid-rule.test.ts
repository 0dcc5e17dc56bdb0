/**
 * A `--ctstate INVALID -j DROP` rule is policy (kube-proxy re-creates it): its counter rising is named
 * as netfilter.drop-rule, but pktdrop never plans to delete it. Real `iptables-save -c` readings of a
 * private netns before and after 10 bare ACKs met it (test/fixtures/iptables/netns-invalid-drop-*.source.txt).
 */
import { describe, expect, it } from 'vitest';
import { checkNetfilter, netfilterProbe, planNetfilterFix } from './layer.js';
import { CONTAINER_TARGET, checkInputOf, ctxOf, fixture, notFoundResult, readWith } from '../../../test/fakes/scenario.js';

const ctx = ctxOf(CONTAINER_TARGET, 'target');
const NONE = { legacy4: notFoundResult(['iptables-legacy-save']), nft6: notFoundResult(['ip6tables-nft-save']), legacy6: notFoundResult(['ip6tables-legacy-save']), save4: notFoundResult(['iptables-save']), nft: notFoundResult(['nft']) };
const read = (name: string) => readWith(netfilterProbe, ctx, { ...NONE, nft4: fixture(`fixtures/iptables/${name}.txt`) });

describe('the INVALID drop rule', () => {
  it('is named with its counter (+10), and no fix deletes it', () => {
    const { findings } = checkNetfilter(checkInputOf(CONTAINER_TARGET, 'target', read('netns-invalid-drop-before-save-c'), read('netns-invalid-drop-after-save-c')));
    expect(findings.map((f) => [f.id, f.severity, f.subject])).toEqual([['netfilter.drop-rule', 'error', 'iptables filter/INPUT#1']]);
    expect(findings[0]?.evidence.find((e) => e.kind === 'counter')).toMatchObject({ counter: 'pkts', delta: 10 });
    expect(findings[0]?.details).toMatchObject({ kind: 'iptables-rule', specText: '-m conntrack --ctstate INVALID -j DROP' });
    expect(findings.map((f) => planNetfilterFix(f))).toEqual([undefined]);
  });

  it('an nft rule dropping ct state invalid is not deleted either (documented: the same finding with nft details)', () => {
    const { findings } = checkNetfilter(checkInputOf(CONTAINER_TARGET, 'target', read('netns-invalid-drop-before-save-c'), read('netns-invalid-drop-after-save-c')));
    const f = findings[0];
    if (!f) throw new Error('no finding');
    const nft = { ...f, details: { kind: 'nft-rule' as const, family: 'inet', table: 'filter', chain: 'input', text: 'ct state invalid counter packets 10 bytes 400 drop', handle: 4 } };
    expect(planNetfilterFix(nft)).toBeUndefined();
    const other = { ...nft, details: { ...nft.details, text: 'tcp dport 80 counter packets 10 bytes 400 drop' } };
    expect(planNetfilterFix(other)?.commands).toEqual([['nft', 'delete', 'rule', 'inet', 'filter', 'input', 'handle', '4']]);
  });
});

describe('a rule dropping ICMP "fragmentation needed"', () => {
  it('is policy: named, never planned for deletion (iptables-save prints it as --icmp-type 3/4)', () => {
    const { findings } = checkNetfilter(checkInputOf(CONTAINER_TARGET, 'target', read('netns-invalid-drop-before-save-c'), read('netns-invalid-drop-after-save-c')));
    const f = findings[0];
    if (!f || f.details?.kind !== 'iptables-rule') throw new Error('no iptables finding');
    const icmp = { ...f, details: { ...f.details, spec: ['-p', 'icmp', '-m', 'icmp', '--icmp-type', '3/4', '-j', 'DROP'], specText: '-p icmp -m icmp --icmp-type 3/4 -j DROP' } };
    expect(planNetfilterFix(icmp)).toBeUndefined();
    const other = { ...f, details: { ...f.details, spec: ['-p', 'icmp', '-m', 'icmp', '--icmp-type', '8', '-j', 'DROP'], specText: '-p icmp -m icmp --icmp-type 8 -j DROP' } };
    expect(planNetfilterFix(other)?.commands).toEqual([['iptables-nft', '-t', 'filter', '-D', 'INPUT', '-p', 'icmp', '-m', 'icmp', '--icmp-type', '8', '-j', 'DROP']]);
  });
});
