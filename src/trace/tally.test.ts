/**
 * Tallies, benign classification, reconciliation and verification on the events recorded on this VM
 * (test/fixtures/tracefs/trace-6.18-lab.txt, see its .source.txt). The Finding objects the events are
 * reconciled with are hand-made inputs (synthetic), shaped like the layer checks' findings, with the
 * counter deltas recorded in the same lab window (iptables rule +5, tbf dropped 6).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../core/types.js';
import { parseKfreeSkbFormat } from './format.js';
import { parseTraceOutput } from './parse-trace.js';
import { reasonLayer, locationLayer, REASON_INFO } from './reasons.js';
import { reconcileDrops } from './reconcile.js';
import { classifyBenign, compareDropTallies, tallyDrops } from './tally.js';

const fixture = (name: string): string => readFileSync(new URL(`../../test/fixtures/tracefs/${name}`, import.meta.url), 'utf8');
const fmt = parseKfreeSkbFormat(fixture('format-6.18.txt'));
const lab = parseTraceOutput(fixture('trace-6.18-lab.txt'), fmt.ok ? fmt.data : undefined);
const tally = tallyDrops(lab.events, { windowMs: 2500, reasonField: true, lost: lab.lost });

const counterFinding = (layer: Finding['layer'], subject: string, counter: string, delta: number): Finding => ({
  id: `${layer}.synthetic`,
  layer,
  scope: 'target',
  severity: 'error',
  basis: 'window',
  role: 'cause',
  subject,
  title: 't',
  explanation: 'e',
  action: 'a',
  evidence: [{ kind: 'counter', counter, subject, before: 10, after: 10 + delta, delta, source: 's' }],
});

describe('reasonLayer / locationLayer', () => {
  it.each([
    ['NETFILTER_DROP', undefined, 'netfilter'],
    ['QDISC_DROP', undefined, 'qdisc'],
    ['NO_SOCKET', 'tcp_v4_rcv', 'tcp'],
    ['NO_SOCKET', '__udp4_lib_rcv', 'udp'],
    ['TCP_LISTEN_OVERFLOW', undefined, 'tcp'],
    ['TCP_RFC7323_TW_PAWS', undefined, 'tcp'],
    ['CPU_BACKLOG', undefined, 'link'],
    ['IP_RPFILTER', undefined, 'ip'],
    ['NEIGH_HH_FILLFAIL', undefined, 'ip'],
    ['FQ_FLOW_LIMIT', undefined, 'qdisc'],
    ['VXLAN_VNI_NOT_FOUND', undefined, 'link'],
    ['SOCKET_RCVBUFF', undefined, 'udp'],
    ['UNIX_DISCONNECT', undefined, 'socket'],
    ['SOMETHING_NEW', undefined, 'unknown'],
  ] as const)('%s at %s → %s', (reason, loc, layer) => expect(reasonLayer(reason, loc)).toBe(layer));

  it('every reason name of the 6.18 table gets a layer other than unknown', () => {
    if (!fmt.ok) throw new Error(fmt.reason);
    const unknown = Object.values(fmt.data.reasons).filter((n) => n !== 'MAX' && reasonLayer(n) === 'unknown');
    expect(unknown).toEqual([]);
  });

  it('REASON_INFO says what to run next for NETFILTER_DROP', () => {
    expect(REASON_INFO.NETFILTER_DROP?.nextCommand).toContain('iptables-save -c');
    expect(REASON_INFO.NETFILTER_DROP?.nextCommand).toContain('nft -a list ruleset');
  });

  it.each([
    ['nft_do_chain', 'netfilter'],
    ['__dev_queue_xmit', 'qdisc'],
    ['tcp_v4_rcv', 'tcp'],
    ['__udp4_lib_rcv', 'udp'],
    ['ip6_mc_input', 'ip'],
    ['00000000751c2330', 'unknown'],
  ] as const)('location %s → %s', (loc, layer) => expect(locationLayer(loc)).toBe(layer));
});

describe('tallyDrops on the recorded lab window', () => {
  it('counts by reason, location, pair and layer', () => {
    expect(tally.total).toBe(67);
    expect(tally.byReason).toEqual({ NETFILTER_DROP: 14, NOT_SPECIFIED: 21, NO_SOCKET: 16, QDISC_DROP: 13, QUEUE_PURGE: 3 });
    expect(tally.byLocation.nft_do_chain).toBe(14);
    expect(tally.byLocation.__dev_queue_xmit).toBe(13);
    expect(tally.byReasonAtLocation['NO_SOCKET@__udp4_lib_rcv']).toBe(2);
    expect(tally.byLayer).toEqual({ netfilter: 14, qdisc: 13, tcp: 14, udp: 2, socket: 24 });
    expect(tally.lost).toBe(0);
  });

  it('degrades to location-only counts without a reason field (events stripped of reason: synthetic)', () => {
    const t = tallyDrops(lab.events.map(({ reason: _r, ...e }) => e), { windowMs: 1000, reasonField: false });
    expect(t.byReason).toEqual({});
    expect(t.byLayer.netfilter).toBe(14);
    expect(t.byLayer.qdisc).toBe(13);
  });
});

describe('classifyBenign', () => {
  it('subtracts hping3 SYN-ACK noise from NO_SOCKET and keeps real reasons as causes', () => {
    const v = classifyBenign(tally, { probeMethod: 'hping3', synAckNoise: 6, windowMs: 2500 });
    expect(v.NO_SOCKET).toMatchObject({ count: 16, noise: 6, net: 10, benign: true });
    expect(v.NETFILTER_DROP).toMatchObject({ count: 14, noise: 0, benign: false });
    expect(v.QDISC_DROP?.benign).toBe(false);
    expect(v.NOT_SPECIFIED?.benign).toBe(true);
    expect(v.QUEUE_PURGE?.benign).toBe(true);
  });

  it('noise larger than the count leaves zero and says so', () => {
    const v = classifyBenign(tally, { probeMethod: 'hping3', synAckNoise: 100, windowMs: 2500 });
    expect(v.NO_SOCKET).toMatchObject({ count: 16, noise: 16, net: 0, benign: true });
    expect(v.NO_SOCKET?.why).toContain('probe');
  });

  it('connect() probes make no NO_SOCKET noise', () => {
    expect(classifyBenign(tally, { probeMethod: 'connect', synAckNoise: 6, windowMs: 2500 }).NO_SOCKET?.noise).toBe(0);
  });

  it('a usually-benign reason that is frequent and dominant is not benign (synthetic flood)', () => {
    const flood = tallyDrops(
      Array.from({ length: 1000 }, (_, i) => ({ ts: i / 1000, cpu: 0, comm: 'x', pid: 1, reason: 'NO_SOCKET', location: 'tcp_v4_rcv' })),
      { windowMs: 1000, reasonField: true },
    );
    expect(classifyBenign(flood, { windowMs: 1000 }).NO_SOCKET).toMatchObject({ benign: false });
  });

  it('a few events in a short window are not "frequent": the rate uses the trace\'s own span and needs 20 events', () => {
    // Seen here: diagnose --no-probe --window 0 of a lab container called a few QUEUE_PURGE "frequent" (rate over 1 ms).
    const few = tallyDrops(
      Array.from({ length: 14 }, (_, i) => ({ ts: i / 1000, cpu: 0, comm: 'x', pid: 1, reason: 'QUEUE_PURGE', location: 'skb_queue_purge_reason' })),
      { windowMs: 40, reasonField: true },
    );
    expect(classifyBenign(few, { windowMs: 0 }).QUEUE_PURGE).toMatchObject({ benign: true });
    const many = tallyDrops(
      Array.from({ length: 40 }, (_, i) => ({ ts: i / 1000, cpu: 0, comm: 'x', pid: 1, reason: 'QUEUE_PURGE', location: 'skb_queue_purge_reason' })),
      { windowMs: 40, reasonField: true },
    );
    expect(classifyBenign(many, { windowMs: 0 }).QUEUE_PURGE).toMatchObject({ benign: false });
  });
});

describe('reconcileDrops', () => {
  const verdicts = classifyBenign(tally, { probeMethod: 'hping3', synAckNoise: 6, windowMs: 2500 });

  it('agreement: events and counters of the same layer side by side', () => {
    const findings = [
      counterFinding('netfilter', 'filter/INPUT#1', 'pkts', 5),
      counterFinding('qdisc', 'qdisc tbf 8003: dev vpr0 root', 'dropped', 6),
    ];
    const r = reconcileDrops(tally, findings, { verdicts });
    const nf = r.layers.find((l) => l.layer === 'netfilter');
    expect(nf).toMatchObject({ events: 14, counterDelta: 5, agreement: 'agree' });
    expect(nf?.note).toContain('NETFILTER_DROP 14 events; filter/INPUT#1 +5');
    expect(nf?.note).toContain('host-wide');
    const q = r.layers.find((l) => l.layer === 'qdisc');
    expect(q).toMatchObject({ events: 13, counterDelta: 6, agreement: 'agree' });
    // NO_SOCKET, NOT_SPECIFIED, QUEUE_PURGE are benign here: no tcp/udp/socket cause, no findings for them.
    expect(r.layers.find((l) => l.layer === 'tcp')?.events).toBe(0);
    expect(r.findings).toEqual([]);
  });

  it('NETFILTER_DROP with no rule counter rising points at conntrack and becomes a finding', () => {
    const r = reconcileDrops(tally, [counterFinding('qdisc', 'q', 'dropped', 6)], { verdicts });
    const nf = r.layers.find((l) => l.layer === 'netfilter');
    expect(nf?.agreement).toBe('events-only');
    expect(nf?.note).toContain('conntrack');
    expect(r.findings.map((f) => [f.id, f.layer, f.subject])).toEqual([['drop-reasons.unexplained', 'drop-reasons', 'NETFILTER_DROP']]);
    expect(r.findings[0]?.action).toContain('iptables-save -c');
    expect(r.findings[0]?.evidence).toEqual([
      { kind: 'counter', counter: 'skb:kfree_skb reason=NETFILTER_DROP', subject: 'nft_do_chain', before: 0, after: 14, delta: 14, source: 'skb:kfree_skb tracepoint (tracefs)' },
    ]);
  });

  it('link counters with no events: NIC ring/missed drops are never traced', () => {
    const r = reconcileDrops(tally, [counterFinding('link', 'eth0', 'rx_missed_errors', 40)], { verdicts });
    const link = r.layers.find((l) => l.layer === 'link');
    expect(link?.agreement).toBe('counters-only');
    expect(link?.note).toContain('NIC ring');
  });

  it('a real reason no layer explains is reported with its meaning and next command', () => {
    const events = [...lab.events, { ts: 1, cpu: 0, comm: 'nginx', pid: 7, protocol: 2048, location: 'tcp_conn_request', reason: 'TCP_LISTEN_OVERFLOW' }];
    const t = tallyDrops(events, { windowMs: 2500, reasonField: true });
    const r = reconcileDrops(t, [counterFinding('netfilter', 'filter/INPUT#1', 'pkts', 5), counterFinding('qdisc', 'q', 'dropped', 6)], {
      verdicts: classifyBenign(t, { windowMs: 2500 }),
    });
    const f = r.findings.find((x) => x.subject === 'TCP_LISTEN_OVERFLOW');
    expect(f?.explanation).toContain('listen');
    expect(f?.action).toContain('ss -lnt');
  });

  it('notes lost events and a missing reason field', () => {
    const t = tallyDrops([], { windowMs: 1000, reasonField: false, lost: 276 });
    expect(reconcileDrops(t, []).notes).toEqual([
      'the trace buffer lost 276 events: event counts are a lower bound',
      "this kernel's kfree_skb event has no reason field (before 5.17): layers come from drop locations only",
    ]);
  });
});

describe('compareDropTallies (verification)', () => {
  it('QDISC_DROP 13 → 0 is resolved; NETFILTER_DROP unchanged', () => {
    const after = tallyDrops(lab.events.filter((e) => e.reason !== 'QDISC_DROP'), { windowMs: 2500, reasonField: true });
    const c = compareDropTallies(tally, after, ['QDISC_DROP', 'NETFILTER_DROP']);
    expect(c).toEqual([
      { reason: 'QDISC_DROP', before: 13, after: 0, verdict: 'resolved', text: 'QDISC_DROP 13 → 0' },
      { reason: 'NETFILTER_DROP', before: 14, after: 14, verdict: 'unchanged', text: 'NETFILTER_DROP 14 → 14' },
    ]);
  });
});
