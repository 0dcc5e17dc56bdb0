/**
 * The verdict table: one row per verdict, from the last window's findings, steps, probe and the fix
 * records. Exit 0 only for a clean bill (healthy, or fixed and verified by the last window).
 */
import { describe, expect, it } from 'vitest';
import type { StepReport } from '../core/judge.js';
import type { Finding, FixProposal, FixRecord } from '../core/types.js';
import type { ProbeOutcome } from '../probe/types.js';
import { decideVerdict, settleSymptoms } from './verdict.js';

const finding: Finding = {
  id: 'qdisc.drops',
  layer: 'qdisc',
  scope: 'target',
  severity: 'error',
  basis: 'window',
  role: 'cause',
  subject: 'qdisc tbf 8001: dev eth0 root',
  title: '',
  explanation: '',
  evidence: [],
  action: '',
};
const step = (status: 'pass' | 'skipped' | 'crashed'): StepReport => ({
  layer: 'qdisc',
  scope: 'target',
  title: 'qdisc',
  lookedAt: 'tc -s qdisc show',
  outcome: status === 'pass' ? { status, notes: [] } : status === 'skipped' ? { status, reason: 'tc not found' } : { status, error: 'bug' },
});
const proposal: FixProposal = {
  id: 'qdisc.drops:x',
  findingId: 'qdisc.drops',
  subject: finding.subject,
  title: 'delete the tbf',
  risk: 'disruptive',
  scope: 'target',
  commands: [],
  inverse: [],
};
const rec = (status: FixRecord['status']): FixRecord => ({ proposal, status, verified: status === 'applied' ? true : null });
const probe = (lossPct: number): ProbeOutcome => ({
  ok: true,
  stats: {
    method: 'connect',
    command: 'hping3 -S -p 80 -c 20 172.17.0.2',
    host: '172.17.0.2',
    port: 80,
    sent: 20,
    received: 20 - lossPct / 5,
    lossPct,
    rttMs: { min: 1, avg: 1, max: 1 },
    refused: 0,
    duplicates: 0,
    durationMs: 2000,
    lossInterval: { low: 0, high: lossPct + 10 },
    synAckNoise: 0,
    notes: [],
  },
});

describe('decideVerdict', () => {
  it.each([
    ['healthy', { remaining: [], lastSteps: [step('pass')], lastProbe: probe(0), records: [] }, 0],
    ['incomplete', { remaining: [], lastSteps: [step('pass'), step('skipped')], lastProbe: null, records: [] }, 1],
    ['incomplete', { remaining: [], lastSteps: [step('crashed')], lastProbe: null, records: [] }, 1],
    ['fixed', { remaining: [], lastSteps: [step('pass')], lastProbe: probe(0), records: [rec('applied')] }, 0],
    ['loss-unexplained', { remaining: [], lastSteps: [step('pass')], lastProbe: probe(10), records: [] }, 1],
    ['proposed', { remaining: [finding], lastSteps: [step('pass')], lastProbe: probe(50), records: [rec('proposed')] }, 1],
    ['causes-remain', { remaining: [finding], lastSteps: [step('pass')], lastProbe: probe(50), records: [rec('skipped')] }, 1],
    ['healthy', { remaining: [], lastSteps: [step('pass')], lastProbe: null, records: [rec('rolled-back')] }, 0],
  ] as const)('%s', (verdict, input, exitCode) => {
    expect(decideVerdict({ ...input, remaining: [...input.remaining], lastSteps: [...input.lastSteps], records: [...input.records] })).toEqual({ verdict, exitCode });
  });
});

describe('settleSymptoms: symptoms stay symptoms', () => {
  const symptom: Finding = {
    ...finding,
    id: 'tcp.handshake-failures',
    layer: 'tcp',
    role: 'symptom',
    subject: 'handshakes',
    evidence: [{ kind: 'counter', counter: 'TcpExtTCPSynRetrans', subject: 'stack', before: 40, after: 44, delta: 4, source: 'netstat -s' }],
  };
  const clean = probe(0);
  it('no cause left and a clean probe: the symptom is explained with its numbers, not counted', () => {
    const r = settleSymptoms([symptom], clean, true);
    expect(r.remaining).toEqual([]);
    expect(r.explained.map((x) => x.why)).toEqual([
      'tcp.handshake-failures: TcpExtTCPSynRetrans +4, but no cause is left and the probe got 20 of 20 answers (0% loss): carry-over of half-open connections left over from before the fix (their SYN-ACKs are retransmitted after 1, 3, 7 s and reset once the path is open), not new drops',
    ]);
    expect(decideVerdict({ remaining: r.remaining, lastSteps: [step('pass')], lastProbe: clean, records: [rec('applied')] })).toEqual({ verdict: 'fixed', exitCode: 0 });
  });
  it('a cause left, loss, or no probe: the symptom stays', () => {
    expect(settleSymptoms([symptom, finding], clean, true).remaining).toEqual([symptom, finding]);
    expect(settleSymptoms([symptom], probe(10), true).remaining).toEqual([symptom]);
    expect(settleSymptoms([symptom], null, true).remaining).toEqual([symptom]);
  });
  it('warnings are never remaining', () => {
    expect(settleSymptoms([{ ...finding, severity: 'warning' }], null, false).remaining).toEqual([]);
  });
});
