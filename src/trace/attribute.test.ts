/**
 * Attribution of drop events on a recorded trace (test/fixtures/tracefs/trace-6.18-offpath.txt: IPv6
 * NETFILTER_DROP and IPv4 QDISC_DROP of traffic that is not a TCP probe, kernel 6.18). The real
 * reconciliation turns them into `drop-reasons.unexplained` findings (no counter finding explains them);
 * attribution moves those that cannot be the probe's into host-wide notes.
 */
import { describe, expect, it } from 'vitest';
import { attributeDrops } from './attribute.js';
import { parseKfreeSkbFormat } from './format.js';
import { parseTraceOutput } from './parse-trace.js';
import { tallyDrops } from './tally.js';
import { reconcileDrops } from './reconcile.js';
import { fixture } from '../../test/fakes/scenario.js';

const fmt = parseKfreeSkbFormat(fixture('fixtures/tracefs/format-6.18.txt'));
const trace = parseTraceOutput(fixture('fixtures/tracefs/trace-6.18-offpath.txt'), fmt.ok ? fmt.data : undefined);
const tally = tallyDrops(trace.events, { windowMs: 2000, reasonField: true, lost: trace.lost });
const unexplained = reconcileDrops(tally, []).findings;

describe('attributeDrops', () => {
  it('the recorded trace: 3 IPv6 NETFILTER_DROP and 9 IPv4 QDISC_DROP events, two unexplained findings before attribution', () => {
    expect(tally.byReasonProtocol).toEqual({ NETFILTER_DROP: { '34525': 3 }, QDISC_DROP: { '2048': 9 } });
    expect(unexplained.map((f) => f.subject).sort()).toEqual(['NETFILTER_DROP', 'QDISC_DROP']);
  });

  it('an IPv4 TCP probe whose path qdiscs dropped nothing: both are host-wide notes, no finding', () => {
    const r = attributeDrops(unexplained, tally, { family: 4, protocol: 'tcp', qdiscOnPathQuiet: true });
    expect(r.findings).toEqual([]);
    expect(r.notes.sort()).toEqual([
      "host-wide: 3 NETFILTER_DROP event(s) that cannot be the probe's (3 of them IPv6, another family than the probe's IPv4): not on the probe's path, not a finding",
      "host-wide: 9 QDISC_DROP event(s) that cannot be the probe's (no qdisc on the probe's path dropped anything, so these were on devices off the path): not on the probe's path, not a finding",
    ]);
  });

  it('a qdisc step on the path that was not read (or found drops): QDISC_DROP stays a finding', () => {
    const r = attributeDrops(unexplained, tally, { family: 4, protocol: 'tcp', qdiscOnPathQuiet: false });
    expect(r.findings.map((f) => f.subject)).toEqual(['QDISC_DROP']);
  });

  it('an IPv6 probe: the IPv6 NETFILTER_DROP events may be its own and stay a finding', () => {
    const r = attributeDrops(unexplained, tally, { family: 6, protocol: 'tcp', qdiscOnPathQuiet: true });
    expect(r.findings.map((f) => f.subject)).toEqual(['NETFILTER_DROP']);
  });

  it('a UDP-only reason next to a TCP probe is never the probe\'s; other findings pass through', () => {
    const udp = { ...unexplained[0]!, subject: 'UDP_CSUM', details: { kind: 'drop-reason' as const, reason: 'UDP_CSUM', count: 4, noise: 0, layer: 'udp', locations: ['__udp4_lib_rcv'] } };
    const other = { ...unexplained[0]!, id: 'qdisc.drops', details: undefined };
    const r = attributeDrops([udp, other], tally, { family: 4, protocol: 'tcp', qdiscOnPathQuiet: false });
    expect(r.findings).toEqual([other]);
    expect(r.notes).toEqual(["host-wide: 4 UDP_CSUM event(s) that cannot be the probe's (UDP_CSUM is a UDP drop and the probe is TCP): not on the probe's path, not a finding"]);
  });
});

describe('attributeDrops with a clean probe', () => {
  it('every answer received: even same-family TCP-capable reasons are host-wide notes', () => {
    const r = attributeDrops(unexplained, tally, { family: 6, protocol: 'tcp', qdiscOnPathQuiet: false, probeClean: { sent: 20, received: 20 } });
    expect(r.findings).toEqual([]);
    expect(r.notes.sort()[0]).toBe(
      "host-wide: 3 NETFILTER_DROP event(s) that cannot be the probe's (the probe got 20 of 20 answers, so none of its packets was dropped): not on the probe's path, not a finding",
    );
  });
});
