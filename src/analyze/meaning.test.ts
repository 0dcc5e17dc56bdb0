/**
 * A finding's meaning is in its fields, not its words (issue 11, item 4): the checks set `basis` and
 * `role`, word the window through core's phraseWindow, and analyze judges a paste on those fields.
 * Inputs: the seed case's outputs as pasted in examples/seed-case-paste.txt (see examples/README.md),
 * and synthetic `iptables -nvL` / `tc -s qdisc` lines built here, labelled synthetic.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { phraseWindow, type CheckInput, type CheckResult, type Layer, type WindowKind } from '../core/layer.js';
import type { Finding } from '../core/types.js';
import { netfilterLayer, type NetfilterData } from '../layers/netfilter/layer.js';
import { qdiscLayer, zeroQdiscData, type QdiscData } from '../layers/qdisc/layer.js';
import { tcpLayer, zeroMibData, type MibData } from '../layers/snmp/layers.js';
import { parseTcQdisc } from '../layers/qdisc/parse-tc-qdisc.js';
import { PASTED_TARGET, analyzeTexts, judgeSnapshots } from './analyze.js';
import { detectSections } from './detect.js';
import { listingToDump } from './listing-to-dump.js';

const SEED = readFileSync(new URL('../../examples/seed-case-paste.txt', import.meta.url), 'utf8');
const NO_TRAFFIC = { method: 'none', sent: 0, received: 0, synAckNoise: 0 } as const;

function inputOf<T>(before: T, after: T, window: WindowKind): CheckInput<T> {
  return { scope: 'target', ctx: { scope: 'target', target: PASTED_TARGET }, before, after, window, windowMs: 0, traffic: NO_TRAFFIC };
}

/** The seed's `netstat -s`, as the MIB reading the tcp check judges. */
function seedMib(): MibData {
  const s = detectSections(SEED, 'seed').sections.find((x) => x.parsed.kind === 'netstat-s');
  if (s?.parsed.kind !== 'netstat-s') throw new Error('no netstat -s in the seed paste');
  return { counters: s.parsed.data };
}

/** A check whose every word is different, with the same judgement. */
function reworded<T>(layer: Pick<Layer<T>, 'check' | 'zero'>): Pick<Layer<T>, 'check' | 'zero'> {
  return {
    zero: layer.zero,
    check: (i: CheckInput<T>): CheckResult => {
      const r = layer.check(i);
      return { findings: r.findings.map((f) => ({ ...f, title: 'Reworded title', explanation: 'Reworded explanation.', action: 'reworded' })), notes: r.notes.map(() => 'reworded') };
    },
  };
}

const judgement = (f: Finding) => ({ id: f.id, subject: f.subject, severity: f.severity, basis: f.basis, role: f.role, evidence: f.evidence, details: f.details });
const findingsOf = (o: ReturnType<typeof judgeSnapshots>): Finding[] => (o.status === 'findings' ? [...o.findings] : []);

/** Synthetic: the seed's random DROP rule as `iptables -nvL` prints it, with `pkts` packets counted. */
const listing = (pkts: number, source = '0.0.0.0/0'): string =>
  [
    '# iptables -t filter -nvL',
    'Chain INPUT (policy ACCEPT 25 packets, 1000 bytes)',
    ' pkts bytes target     prot opt in     out     source               destination',
    `  ${pkts}   240 DROP       all  --  *      *       ${source}            0.0.0.0/0            statistic mode random probability 0.29999999981`,
  ].join('\n');

describe('the checks set basis and role', () => {
  const mib = seedMib();

  it('phraseWindow words each kind of window, and nothing else does', () => {
    expect((['measured', 'snapshots', 'since-boot'] as const).map((window) => phraseWindow({ window }))).toEqual(['during the window', 'between the two snapshots', 'since boot']);
  });

  it('tcp: failing handshakes are a symptom; data retransmits too; listen drops are a cause (the seed shows ListenDrops without ListenOverflows: no overflow); the basis follows the window', () => {
    for (const [window, basis] of [['measured', 'window'], ['snapshots', 'window'], ['since-boot', 'history']] as const) {
      const { findings } = tcpLayer.check(inputOf(zeroMibData(mib), mib, window));
      expect(findings.map((f) => [f.id, f.role, f.basis])).toEqual([
        ['tcp.listen-drops', 'cause', basis],
        ['tcp.handshake-failures', 'symptom', basis],
        ['tcp.retransmits', 'symptom', basis],
      ]);
    }
  });

  it('a netem qdisc rests on state in every window (published systemd PR output)', () => {
    const p = parseTcQdisc(readFileSync(new URL('../../test/fixtures/tc/netem-systemd-delay-jitter-loss.txt', import.meta.url), 'utf8'));
    if (!p.ok) throw new Error(p.reason);
    const q: QdiscData = { qdiscs: p.data };
    for (const window of ['measured', 'snapshots', 'since-boot'] as const) {
      expect(qdiscLayer.check(inputOf(zeroQdiscData(q), q, window)).findings.map((f) => [f.id, f.severity, f.basis, f.role])).toEqual([['qdisc.netem', 'error', 'state', 'cause']]);
    }
  });

  it('a random DROP rule that matched: convicted by its counter in a window, by its configuration since boot', () => {
    const r = analyzeTexts([{ name: 'synthetic', text: `${listing(6)}\n${listing(9)}` }]);
    expect(r.findings.map((f) => [f.id, f.severity, f.basis, f.role])).toEqual([['netfilter.drop-rule', 'error', 'window', 'cause']]);
    expect(r.findings[0]?.title).toBe('INPUT rule #1 drops a random 30% of packets');
    const one = analyzeTexts([{ name: 'synthetic', text: listing(6) }]);
    expect(one.findings.map((f) => [f.id, f.severity, f.basis, f.role])).toEqual([['netfilter.drop-rule', 'error', 'state', 'cause']]);
  });
});

describe('analyze of one snapshot: history, judged on fields', () => {
  const report = analyzeTexts([{ name: 'seed-case-paste.txt', text: SEED }]);
  const mib = seedMib();

  it('every finding on the netstat -s totals is history, and no history finding is above a warning', () => {
    const tcp = report.findings.filter((f) => f.layer === 'tcp');
    expect(tcp.map((f) => [f.id, f.basis, f.severity])).toEqual([
      ['tcp.listen-drops', 'history', 'warning'],
      ['tcp.handshake-failures', 'history', 'warning'],
      ['tcp.retransmits', 'history', 'warning'],
    ]);
    expect(report.findings.filter((f) => f.basis === 'history' && f.severity === 'error')).toEqual([]);
  });

  it('the random DROP rules rest on state and keep their severity (error), so their fixes are proposed', () => {
    expect(report.findings.filter((f) => f.layer === 'netfilter').map((f) => [f.subject, f.basis, f.severity])).toEqual([
      ['iptables filter/INPUT#1', 'state', 'error'],
      ['iptables filter/OUTPUT#1', 'state', 'error'],
    ]);
    expect(report.proposals.map((p) => p.finding.subject)).toEqual(['iptables filter/INPUT#1', 'iptables filter/OUTPUT#1']);
  });

  it('its titles and explanations are the check\'s own, word for word (analyze rewrites nothing)', () => {
    const own = tcpLayer.check(inputOf(zeroMibData(mib), mib, 'since-boot')).findings;
    const pasted = report.findings.filter((f) => f.layer === 'tcp');
    expect(pasted.map((f) => [f.id, f.title, f.explanation, f.action])).toEqual(own.map((f) => [f.id, f.title, f.explanation, f.action]));
    expect(own.find((f) => f.id === 'tcp.handshake-failures')?.severity).toBe('error');
  });

  it('rewording a check changes no judgement: same ids, severities, bases, roles, evidence and details', () => {
    const as = (o: ReturnType<typeof judgeSnapshots>) => findingsOf(o).map(judgement);
    const tcp = as(judgeSnapshots([mib], 'netstat -s', tcpLayer));
    expect(tcp.length).toBe(3);
    expect(as(judgeSnapshots([mib], 'netstat -s', reworded(tcpLayer)))).toEqual(tcp);
    expect(as(judgeSnapshots([mib, mib], 'netstat -s', reworded(tcpLayer)))).toEqual(as(judgeSnapshots([mib, mib], 'netstat -s', tcpLayer)));

    const nf = detectSections(listing(6), 'synthetic').sections[0];
    if (nf?.parsed.kind !== 'iptables-list') throw new Error('no listing');
    const rules: NetfilterData = { iptables: [{ backend: 'unknown', family: 'ipv4', binary: 'iptables', dump: listingToDump(nf.parsed.data, 'filter') }], notes: [] };
    const netfilter = as(judgeSnapshots([rules], 'iptables -t filter -nvL', netfilterLayer));
    expect(netfilter.map((f) => [f.id, f.severity, f.basis])).toEqual([['netfilter.drop-rule', 'error', 'state']]);
    expect(as(judgeSnapshots([rules], 'iptables -t filter -nvL', reworded(netfilterLayer)))).toEqual(netfilter);
  });

  it('a rule rebuilt from a listing that does not say enough is named, deleted by position by hand, and never planned (synthetic: a host name as source)', () => {
    const r = analyzeTexts([{ name: 'synthetic', text: listing(6, 'badhost.example') }]);
    const f = r.findings[0];
    expect(f?.details).toMatchObject({ kind: 'iptables-rule', table: 'filter', chain: 'INPUT', position: 1, exact: false });
    expect(f?.action).toBe('iptables -t filter -D INPUT 1 (its position in the listing; check it first with iptables -t filter -L INPUT -n --line-numbers)');
    expect(f?.severity).toBe('error');
    expect(r.proposals).toEqual([]);
  });
});
