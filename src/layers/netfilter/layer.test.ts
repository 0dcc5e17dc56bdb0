/**
 * Checks tier for netfilter: real `iptables-*-save -c` and `nft -a list ruleset` outputs (see
 * test/fixtures/{iptables,nft}/recorded-here.source.txt and test/e2e/fixtures/recorded-here.source.txt),
 * parsed by the real probe; "before" readings are either a second real recording or a documented
 * edit of one counter.
 */
import { describe, expect, it } from 'vitest';
import { checkNetfilter, netfilterProbe, planNetfilterFix } from './layer.js';
import type { CommandResult } from '../../core/types.js';
import { CONTAINER_TARGET, checkInputOf, ctxOf, fixCore, fixture, inContainer, loadRecording, notFoundResult, readWith, recordedResults } from '../../../test/fakes/scenario.js';

const ctx = ctxOf(CONTAINER_TARGET, 'target');
const NONE = { nft4: notFoundResult(['iptables-nft-save']), legacy4: notFoundResult(['iptables-legacy-save']), nft6: notFoundResult(['ip6tables-nft-save']), legacy6: notFoundResult(['ip6tables-legacy-save']), save4: notFoundResult(['iptables-save']), nft: notFoundResult(['nft']) };
const read = (over: Partial<Record<keyof typeof NONE, CommandResult | string>>) => readWith(netfilterProbe, ctx, { ...NONE, ...over });
const check = (before: ReturnType<typeof read>, after: ReturnType<typeof read>) => checkNetfilter(checkInputOf(CONTAINER_TARGET, 'target', before, after));
const SPEC = ['-m', 'statistic', '--mode', 'random', '--probability', '0.29999999981', '-j', 'DROP'];

describe('checkNetfilter: iptables', () => {
  it('the seed\'s two random DROP rules rising (two real readings of one run): two drop-rule findings, exact fixes and inverses', () => {
    const rec = loadRecording('seed-container-yes');
    const [b, a] = recordedResults(rec, inContainer(rec, ['iptables-nft-save', '-c']));
    const { findings } = check(read({ nft4: b!.stdout, legacy4: '' }), read({ nft4: a!.stdout, legacy4: '' }));
    const source = 'iptables-nft-save -c';
    expect(findings.map((f) => ({ id: f.id, scope: f.scope, severity: f.severity, subject: f.subject, evidence: f.evidence }))).toEqual(
      (['INPUT', 'OUTPUT'] as const).map((chain, i) => ({
        id: 'netfilter.drop-rule',
        scope: 'target',
        severity: 'error',
        subject: `iptables filter/${chain}#1`,
        evidence: [
          { kind: 'counter', counter: 'pkts', subject: `iptables filter/${chain}#1`, before: [0, 0][i], after: [10, 6][i], delta: [10, 6][i], source },
          { kind: 'state', name: 'rule', subject: `iptables filter/${chain}#1`, value: `iptables-nft -t filter -A ${chain} ${SPEC.join(' ')}`, source },
        ],
      })),
    );
    expect(findings.map((f) => fixCore(planNetfilterFix(f)))).toEqual(
      (['INPUT', 'OUTPUT'] as const).map((chain) => ({
        id: `netfilter.drop-rule:target:iptables filter/${chain}#1`,
        findingId: 'netfilter.drop-rule',
        subject: `iptables filter/${chain}#1`,
        title: `Delete filter/${chain} rule #1: ${SPEC.join(' ')}`,
        risk: 'safe',
        scope: 'target',
        commands: [['iptables-nft', '-t', 'filter', '-D', chain, ...SPEC]],
        inverse: [['iptables-nft', '-t', 'filter', '-I', chain, '1', ...SPEC]],
      })),
    );
  });

  it('a DROP rule whose counter did not move is never convicted nor fixed; an idle random-drop rule is still named as a warning (netns-nft-save-c, same reading twice)', () => {
    const r = read({ nft4: fixture('fixtures/iptables/netns-nft-save-c.txt'), legacy4: '' });
    const { findings, notes } = check(r, r);
    expect(findings.map((f) => [f.id, f.severity, f.subject, f.evidence[0]?.kind])).toEqual([
      ['netfilter.drop-rule', 'warning', 'iptables filter/INPUT#1', 'history'],
      ['netfilter.drop-rule', 'warning', 'iptables filter/OUTPUT#1', 'history'],
    ]);
    expect(findings.map((f) => planNetfilterFix(f))).toEqual([undefined, undefined]);
    expect(notes).toEqual([
      'nft not found: nftables rules outside iptables were not read (apt-get install nftables)',
      'iptables filter/PDTEST-USER#1 (-p tcp -m tcp --dport 80 -m comment --comment "pktdrop lab: say \\"hi\\" to port 80" -j REJECT --reject-with tcp-reset) is a REJECT rule that did not match during the window (0 packets since its counters were last reset: history) (on filter INPUT → PDTEST-USER)',
      'iptables filter/FORWARD policy is DROP (no packet reached it during the window)',
      '9 iptables rule(s) in iptables-nft; nft not read',
    ]);
  });

  it('legacy backend: the OUTPUT random DROP rising names iptables-legacy in subject and fix (documented edit: before [0:0])', () => {
    const text = fixture('fixtures/iptables/netns-legacy-save-c.txt');
    const before = read({ nft4: '', legacy4: text.replace('[1:28] -A OUTPUT -m statistic', '[0:0] -A OUTPUT -m statistic') });
    const after = read({ nft4: '', legacy4: text });
    const findings = check(before, after).findings.filter((f) => f.severity === 'error');
    expect(findings.map((f) => [f.id, f.subject, f.evidence[0]])).toEqual([
      ['netfilter.drop-rule', 'iptables-legacy filter/OUTPUT#1', { kind: 'counter', counter: 'pkts', subject: 'iptables-legacy filter/OUTPUT#1', before: 0, after: 1, delta: 1, source: 'iptables-legacy-save -c' }],
    ]);
    expect(planNetfilterFix(findings[0]!)?.commands).toEqual([['iptables-legacy', '-t', 'filter', '-D', 'OUTPUT', ...SPEC]]);
  });

  it('a DROP policy whose counter rose is netfilter.drop-policy with no fix (host save, documented edit: FORWARD [0:0] -> [5:300])', () => {
    const text = fixture('fixtures/iptables/host-iptables-save-c.txt');
    const before = read({ nft4: text, legacy4: '' });
    const after = read({ nft4: text.replace(':FORWARD DROP [0:0]', ':FORWARD DROP [5:300]'), legacy4: '' });
    const { findings } = check(before, after);
    const subject = 'iptables filter/FORWARD policy';
    expect(findings.map((f) => ({ id: f.id, severity: f.severity, subject: f.subject, evidence: f.evidence }))).toEqual([
      { id: 'netfilter.drop-policy', severity: 'error', subject, evidence: [{ kind: 'counter', counter: 'policy pkts', subject, before: 0, after: 5, delta: 5, source: 'iptables-nft-save -c' }] },
    ]);
    expect(planNetfilterFix(findings[0]!)).toBeUndefined();
  });

  it('an IPv6 random DROP rising is named ip6tables and fixed with ip6tables-nft (documented edit: after [4:320])', () => {
    const text = fixture('fixtures/iptables/netns-ip6tables-nft-save-c.txt');
    const after = text.replace('[0:0] -A INPUT -s fd00::/8', '[4:320] -A INPUT -s fd00::/8');
    const { findings } = check(read({ nft6: text }), read({ nft6: after }));
    expect(findings.map((f) => [f.subject, planNetfilterFix(f)?.commands])).toEqual([
      ['ip6tables filter/INPUT#2', [['ip6tables-nft', '-t', 'filter', '-D', 'INPUT', '-s', 'fd00::/8', '-m', 'statistic', '--mode', 'random', '--probability', '0.50000000000', '-j', 'DROP']]],
    ]);
  });
});

describe('checkNetfilter: nftables', () => {
  const lab = fixture('fixtures/nft/netns-lab-list-ruleset-a.txt');
  const readNft = (text: string) => read({ nft4: '', legacy4: '', nft: text });

  it('a counter drop rule rising: drop-rule, delete by handle, inverse re-inserts it first in its chain (documented edit: before packets 0)', () => {
    const before = readNft(lab.replace('counter packets 5 bytes 200 drop', 'counter packets 0 bytes 0 drop'));
    // The idle numgen random rule (handle 13) is a warning from state; the rising rule is the one error.
    const findings = check(before, readNft(lab)).findings.filter((f) => f.severity === 'error');
    const subject = 'nft inet pktdrop_lab input handle 8';
    expect(findings.map((f) => ({ id: f.id, scope: f.scope, subject: f.subject, evidence: f.evidence }))).toEqual([
      {
        id: 'netfilter.drop-rule',
        scope: 'target',
        subject,
        evidence: [
          { kind: 'counter', counter: 'packets', subject, before: 0, after: 5, delta: 5, source: 'nft -a list ruleset' },
          { kind: 'state', name: 'rule', subject, value: 'iif "lo" tcp dport 80 counter packets 5 bytes 200 drop comment "pktdrop lab: drop http"', source: 'nft -a list ruleset' },
        ],
      },
    ]);
    const fix = planNetfilterFix(findings[0]!);
    expect(fix?.commands).toEqual([['nft', 'delete', 'rule', 'inet', 'pktdrop_lab', 'input', 'handle', '8']]);
    // nft joins its argv with spaces before parsing, so the quoted comment survives the split.
    expect(fix?.inverse).toEqual([['nft', 'insert', 'rule', 'inet', 'pktdrop_lab', 'input', 'iif', '"lo"', 'tcp', 'dport', '80', 'counter', 'drop', 'comment', '"pktdrop', 'lab:', 'drop', 'http"']]);
  });

  it('a reject rule in second position rising: the inverse adds it back after the rule before it (documented edit: after packets 3)', () => {
    const after = readNft(lab.replace('counter packets 0 bytes 0 reject with icmp admin-prohibited', 'counter packets 3 bytes 180 reject with icmp admin-prohibited'));
    const findings = check(readNft(lab), after).findings.filter((f) => f.severity === 'error');
    expect(findings.map((f) => [f.subject, fixCore(planNetfilterFix(f))?.inverse])).toEqual([
      ['nft inet pktdrop_lab input handle 9', [['nft', 'add', 'rule', 'inet', 'pktdrop_lab', 'input', 'position', '8', 'ip', 'saddr', '@blocked_v4', 'counter', 'reject', 'with', 'icmp', 'admin-prohibited']]],
    ]);
  });

  it('nothing rose: no conviction; the idle numgen random drop is named as a fault injector (warning, state); a drop rule without a counter and a drop policy are explained in notes', () => {
    const r = readNft(lab);
    const { findings, notes } = check(r, r);
    expect(findings.map((f) => [f.id, f.severity, f.basis, f.subject])).toEqual([['netfilter.drop-rule', 'warning', 'state', 'nft inet pktdrop_lab udp_checks handle 13']]);
    expect(notes).toEqual([
      'nft inet pktdrop_lab input handle 8 (iif "lo" tcp dport 80 counter packets 5 bytes 200 drop comment "pktdrop lab: drop http") did not match during the window (5 packets since it was created: history)',
      'nft inet pktdrop_lab input handle 9 (ip saddr @blocked_v4 counter packets 0 bytes 0 reject with icmp admin-prohibited) did not match during the window (0 packets since it was created: history)',
      'nft inet pktdrop_lab udp_checks handle 13 (numgen random mod 10 < 3 counter packets 5 bytes 140 drop) did not match during the window (5 packets since it was created: history) (on inet pktdrop_lab input → udp_checks)',
      'nft inet pktdrop_lab out handle 16 (tcp dport 8081 counter name "dropped_http" drop) drops without a counter: pktdrop cannot tell whether it matched (add "counter" to the rule to see)',
      'nft chain inet pktdrop_lab forward (hook forward) has policy drop: nftables keeps no counter for policies, so pktdrop cannot tell whether it dropped (the drop-reasons step can)',
      '0 iptables rule(s) in no iptables backend; 11 nft rule(s)',
    ]);
  });

  it('iptables-nft tables seen again by nft are not counted twice (netns iptables-nft save + nft view of the same rules)', () => {
    const save = fixture('fixtures/iptables/netns-nft-save-c.txt');
    const nft = fixture('fixtures/nft/netns-iptables-nft-compat-list-ruleset-a.txt');
    // Documented edit of "before": both views of INPUT rule #1 (handle 2) at 0 packets.
    const before = read({
      nft4: save.replace('[1:56] -A INPUT -m statistic', '[0:0] -A INPUT -m statistic'),
      legacy4: '',
      nft: nft.replace('counter packets 1 bytes 56 drop # handle 2', 'counter packets 0 bytes 0 drop # handle 2'),
    });
    const after = read({ nft4: save, legacy4: '', nft });
    const findings = check(before, after).findings.filter((f) => f.severity === 'error');
    expect(findings.map((f) => [f.id, f.subject])).toEqual([['netfilter.drop-rule', 'iptables filter/INPUT#1']]);
  });

  it('no iptables and no nft at all: the probe is unparsable with the reason (a skipped step, never a pass)', () => {
    expect(netfilterProbe.parse(new Map(Object.entries(NONE)))).toEqual({ ok: false, reason: 'neither iptables nor nft is installed' });
  });
});
