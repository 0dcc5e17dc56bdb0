/**
 * nft drop rules without a counter and numgen random drops, on a recorded ruleset
 * (test/fixtures/nft/netns-uncounted-numgen-a-list-ruleset.txt); and the drop trace naming the uncounted
 * rule as the suspect when NETFILTER_DROP events at nft_do_chain have no counter to explain them (the
 * recorded seed-lab trace, kernel 6.18, test/fixtures/tracefs/trace-6.18-lab.txt).
 */
import { describe, expect, it } from 'vitest';
import { checkNetfilter, netfilterProbe, planNetfilterFix, withCounter } from './layer.js';
import { attributeDrops } from '../../trace/attribute.js';
import { parseKfreeSkbFormat } from '../../trace/format.js';
import { parseTraceOutput } from '../../trace/parse-trace.js';
import { tallyDrops } from '../../trace/tally.js';
import { reconcileDrops } from '../../trace/reconcile.js';
import { hookOf } from '../../diagnose/path.js';
import { CONTAINER_TARGET, checkInputOf, ctxOf, fixture, notFoundResult, readWith } from '../../../test/fakes/scenario.js';

const NONE = { nft4: '', legacy4: '', nft6: notFoundResult(['ip6tables-nft-save']), legacy6: notFoundResult(['ip6tables-legacy-save']), save4: notFoundResult(['iptables-save']) };
const ruleset = fixture('fixtures/nft/netns-uncounted-numgen-a-list-ruleset.txt');
const reading = readWith(netfilterProbe, ctxOf(CONTAINER_TARGET, 'target'), { ...NONE, nft: ruleset });
const r = checkNetfilter(checkInputOf(CONTAINER_TARGET, 'target', reading, reading));

describe('nft drop rules without a counter', () => {
  it('each is an info finding from state (a warning for numgen random), with the command that adds a counter in place', () => {
    expect(r.findings.map((f) => [f.id, f.severity, f.basis, f.subject])).toEqual([
      ['netfilter.uncounted-drop', 'info', 'state', 'nft inet pd12 input handle 2'],
      ['netfilter.uncounted-drop', 'warning', 'state', 'nft inet pd12 input handle 3'],
    ]);
    expect(r.findings[0]?.action).toBe('nft replace rule inet pd12 input handle 2 tcp dport 80 counter drop (adds a counter in place; then rerun pktdrop to see whether it matches)');
    expect(r.findings[1]?.title).toBe('nft rule in inet pd12 input (hook input) drops a random share of packets (numgen random) without a counter');
    expect(r.findings.map((f) => hookOf(f))).toEqual(['INPUT', 'INPUT']);
    expect(r.findings.map((f) => planNetfilterFix(f))).toEqual([undefined, undefined]);
  });

  it('withCounter puts the counter before the final verdict and leaves a counted rule alone', () => {
    expect(withCounter('ip saddr 10.0.0.1 tcp dport 80 drop')).toBe('ip saddr 10.0.0.1 tcp dport 80 counter drop');
    expect(withCounter('tcp dport 81 counter packets 0 bytes 0 drop')).toBe('tcp dport 81 counter packets 0 bytes 0 drop');
  });
});

describe('the suspect', () => {
  const fmt = parseKfreeSkbFormat(fixture('fixtures/tracefs/format-6.18.txt'));
  const trace = parseTraceOutput(fixture('fixtures/tracefs/trace-6.18-lab.txt'), fmt.ok ? fmt.data : undefined);
  const tally = tallyDrops(trace.events, { windowMs: 2000, reasonField: true, lost: trace.lost });
  const unexplained = reconcileDrops(tally, []).findings.filter((f) => f.subject === 'NETFILTER_DROP');
  const uncounted = r.findings.filter((f) => f.severity === 'info');

  it('NETFILTER_DROP at nft_do_chain, no counter rose, a lossy probe: the uncounted rule on the path is named, an error', () => {
    expect(unexplained.length).toBe(1);
    const a = attributeDrops(unexplained, tally, { family: 4, protocol: 'tcp', qdiscOnPathQuiet: true, uncounted });
    expect(a.findings.map((f) => [f.id, f.severity, f.subject])).toEqual([['netfilter.uncounted-drop', 'error', 'nft inet pd12 input handle 2']]);
    expect(a.findings[0]?.title).toBe(`Suspect: nft rule in inet pd12 input (hook input) drops without a counter, while the kernel dropped ${tally.byReason['NETFILTER_DROP']} packet(s) in nftables (NETFILTER_DROP at nft_do_chain) that no counter explains`);
  });

  it('no uncounted rule on the path: the events stay drop-reasons.unexplained', () => {
    const a = attributeDrops(unexplained, tally, { family: 4, protocol: 'tcp', qdiscOnPathQuiet: true, uncounted: [] });
    expect(a.findings.map((f) => f.id)).toEqual(['drop-reasons.unexplained']);
  });
});
