/**
 * link.rx-dropped-benign by the drop trace: a real trace recorded on this VM while 10 unknown-EtherType
 * frames and 3 over-MTU datagrams crossed a veth pair (test/fixtures/tracefs/trace-unhandled-proto-mtu-6.18.txt,
 * see its .source.txt), and the link check's own finding on the real `ip -j -s -s link` of the receiving end
 * in the same kind of window (test/fixtures/ip/veth-*.source.txt).
 */
import { describe, expect, it } from 'vitest';
import type { StepReport } from '../core/judge.js';
import type { ResolvedTarget } from '../core/target.js';
import { parseKfreeSkbFormat } from './format.js';
import { parseTraceOutput } from './parse-trace.js';
import { tallyDrops } from './tally.js';
import { benignRxDrops, replaceFindings } from './benign.js';
import { checkLink, linkProbe } from '../layers/link/layer.js';
import { checkInputOf, ctxOf, fixture, readWith } from '../../test/fakes/scenario.js';

const TARGET: ResolvedTarget = {
  spec: { kind: 'netns', name: 'pd14y' },
  label: 'netns pd14y',
  access: { via: 'netns', name: 'pd14y' },
  addresses: ['10.94.1.2'],
  listeningPorts: [],
  interfaces: ['y0'],
  hostSide: { interfaces: ['x0'] },
  notes: [],
};
const fmt = parseKfreeSkbFormat(fixture('fixtures/tracefs/format-6.18.txt'));
const trace = parseTraceOutput(fixture('fixtures/tracefs/trace-unhandled-proto-mtu-6.18.txt'), fmt.ok ? fmt.data : undefined);
const tally = tallyDrops(trace.events, { windowMs: 500, reasonField: true, lost: trace.lost });
const read = (name: string) => readWith(linkProbe, ctxOf(TARGET, 'target'), { ip: fixture(`fixtures/ip/${name}.json`) });

/** y0's rx_dropped +10 (the unknown-EtherType frames) as the link check reports it. */
const unknownProto = checkLink(checkInputOf(TARGET, 'target', read('veth-mtu-mismatch-receiver-j-s-s-link'), read('veth-unknown-proto-j-s-s-link'))).findings;
/** y0's rx_dropped +7 of the MTU mismatch. */
const mtu = checkLink(checkInputOf(TARGET, 'target', read('veth-mtu-mismatch-receiver-before-j-s-s-link'), read('veth-mtu-mismatch-receiver-j-s-s-link'))).findings;

describe('benignRxDrops', () => {
  it('the recorded trace holds 10 UNHANDLED_PROTO events and the 3 MTU drops at __dev_forward_skb2', () => {
    expect(tally.byReason['UNHANDLED_PROTO']).toBe(10);
    expect(tally.byReasonAtLocation['NOT_SPECIFIED@__dev_forward_skb2']).toBe(3);
    expect(tally.byReason['CPU_BACKLOG']).toBeUndefined();
  });

  it('rx_dropped +10 with 10 UNHANDLED_PROTO events and no CPU_BACKLOG: replaced by an info finding at the same scope and subject', () => {
    const r = benignRxDrops(tally, unknownProto);
    expect(r.map((f) => [f.id, f.scope, f.severity, f.basis, f.subject])).toEqual([['link.rx-dropped-benign', 'target', 'info', 'window', 'y0']]);
    expect(r[0]?.evidence.map((e) => e.kind === 'counter' && [e.counter, e.delta])).toEqual([
      ['rx_dropped', 10],
      ['skb:kfree_skb reason=UNHANDLED_PROTO', 10],
    ]);
    const steps: StepReport[] = [{ layer: 'link', scope: 'target', title: 'Link', lookedAt: 'ip', outcome: { status: 'findings', findings: unknownProto, notes: [] } }];
    const replaced = replaceFindings(steps, r);
    const out = replaced[0]?.outcome;
    expect(out?.status === 'findings' && out.findings.map((f) => [f.id, f.severity])).toEqual([['link.rx-dropped-benign', 'info']]);
  });

  it('more rx_dropped than UNHANDLED_PROTO events: real drops may hide in it, nothing is replaced', () => {
    const more = unknownProto.map((f) => ({ ...f, evidence: f.evidence.map((e) => (e.kind === 'counter' ? { ...e, after: e.after + 5, delta: e.delta + 5 } : e)) }));
    expect(benignRxDrops(tally, more)).toEqual([]);
  });

  it('a CPU_BACKLOG event in the window keeps rx_dropped suspect (documented edit: one event added to the recorded tally)', () => {
    const withBacklog = { ...tally, byReason: { ...tally.byReason, CPU_BACKLOG: 1 } };
    expect(benignRxDrops(withBacklog, unknownProto)).toEqual([]);
  });

  it('without a reason field (kernels before 5.17) nothing is reclassified', () => {
    expect(benignRxDrops({ ...tally, reasonField: false }, unknownProto)).toEqual([]);
  });

  it('the MTU mismatch rx_dropped (+7) against a window without UNHANDLED_PROTO stays a drop', () => {
    const noUnhandled = { ...tally, byReason: Object.fromEntries(Object.entries(tally.byReason).filter(([k]) => k !== 'UNHANDLED_PROTO')) };
    expect(mtu.map((f) => f.id)).toEqual(['link.rx-dropped']);
    expect(benignRxDrops(noUnhandled, mtu)).toEqual([]);
  });
});

describe('benignRxDrops next to a convicted MTU mismatch', () => {
  it('the mismatch\'s receiving end keeps its rx_dropped (its own cause); the other interface\'s rx_dropped is explained by the UNHANDLED_PROTO events', () => {
    const eth0 = mtu[0];
    const lldp = unknownProto.find((f) => f.id === 'link.rx-dropped');
    if (!eth0 || !lldp) throw new Error('recorded findings missing');
    const other = { ...lldp, subject: 'pdlldp1', evidence: lldp.evidence.map((e) => (e.kind === 'counter' ? { ...e, subject: 'pdlldp1' } : e)) };
    const mismatch = {
      ...eth0,
      id: 'link.mtu-mismatch',
      scope: 'host' as const,
      subject: 'x0 ↔ y0',
      details: { kind: 'mtu-mismatch' as const, smaller: { name: 'y0', mtu: 1400, scope: 'target' as const }, larger: { name: 'x0', mtu: 1500, scope: 'host' as const } },
    };
    // y0 +7 (mismatch) and pdlldp1 +10 against 10 UNHANDLED_PROTO events: only pdlldp1 is benign.
    expect(benignRxDrops(tally, [eth0, other, mismatch]).map((f) => [f.id, f.subject])).toEqual([['link.rx-dropped-benign', 'pdlldp1']]);
    // Without the mismatch finding the 17 drops outnumber the 10 events: nothing is explained.
    expect(benignRxDrops(tally, [eth0, other])).toEqual([]);
  });
});
