/**
 * The text report renders the data findings and drop traces carry: the verification window's
 * comparison with the first window from its typed field (not from notes that happen to hold an
 * arrow), and the history mark from a finding's basis. Values are synthetic, shaped like the seed
 * lab's (README, Measured: `NETFILTER_DROP 20 → 0; QDISC_DROP 6 → 0`).
 */
import { describe, expect, it } from 'vitest';
import type { DropTraceResult } from '../diagnose/run.js';
import type { Finding } from '../core/types.js';
import type { DropTraceSummary } from '../trace/drop-tracer.js';
import { findingLines, HISTORY_NOTE, makeChalk, textRenderer } from './render-text.js';

const c = makeChalk(false);

const summary = (compared?: DropTraceSummary['comparedWithFirstWindow']): DropTraceSummary => ({
  total: 0, lost: 0, reasonField: true, windowMs: 2000, byReason: {}, byLocation: {}, verdicts: {}, layers: [], scope: 'host-wide',
  ...(compared ? { comparedWithFirstWindow: compared } : {}),
});

function verified(dropTrace: DropTraceResult): string[] {
  const lines: string[] = [];
  textRenderer((l) => lines.push(l), c, { verbose: false })({ type: 'verified', probe: null, fixes: [], dropTrace, findings: [], round: 1 });
  return lines;
}

describe('render-text', () => {
  it('shows the comparison with the first window from summary.comparedWithFirstWindow', () => {
    const lines = verified({
      ok: true,
      summary: summary([
        { reason: 'NETFILTER_DROP', before: 20, after: 0, verdict: 'resolved' },
        { reason: 'QDISC_DROP', before: 6, after: 0, verdict: 'resolved' },
      ]),
      notes: ['0 drop event(s) host-wide in 2000 ms', 'a note that mentions a → b is not a comparison'],
    });
    expect(lines.filter((l) => l.includes('kernel drop reasons'))).toEqual(['  kernel drop reasons: NETFILTER_DROP 20 → 0; QDISC_DROP 6 → 0']);
  });

  it('prints no comparison when the summary has none, whatever the notes say', () => {
    expect(verified({ ok: true, summary: summary(), notes: ['NETFILTER_DROP 20 → 0'] }).some((l) => l.includes('kernel drop reasons'))).toBe(false);
  });

  it('marks a finding that rests on since-boot totals by its basis, not by its title', () => {
    const f: Finding = {
      id: 'tcp.handshake-failures', layer: 'tcp', scope: 'target', severity: 'warning', basis: 'history', role: 'symptom', subject: 'handshakes',
      title: 'TCP handshakes are failing', explanation: 'e', action: 'a', evidence: [{ kind: 'history', counter: 'TcpExtTCPSynRetrans', subject: 'stack', value: 5, source: 'netstat -s' }],
    };
    expect(findingLines(f, c)[0]).toBe(`      tcp.handshake-failures  TCP handshakes are failing (${HISTORY_NOTE})`);
    expect(findingLines({ ...f, basis: 'window' }, c)[0]).toBe('      tcp.handshake-failures  TCP handshakes are failing');
  });

  it('the verification window prints each of its findings with the evidence it rests on, and names its round', () => {
    const f: Finding = {
      id: 'qdisc.drops', layer: 'qdisc', scope: 'target', severity: 'error', basis: 'window', role: 'cause', subject: 'qdisc tbf 8001: dev eth0 root',
      title: 'tbf qdisc on eth0 dropped packets during the window', explanation: 'e', action: 'a',
      evidence: [{ kind: 'counter', counter: 'dropped', subject: 'qdisc tbf 8001: dev eth0 root', before: 0, after: 6, delta: 6, source: 'tc -s qdisc show dev eth0' }],
    };
    const lines: string[] = [];
    textRenderer((l) => lines.push(l), c, { verbose: false, width: 120 })({ type: 'verified', probe: null, fixes: [], dropTrace: null, findings: [f], round: 2 });
    expect(lines.slice(0, 2)).toEqual(['', 'Verification, round 2  no probe']);
    expect(lines).toContain('        • dropped 0 → 6 (+6)  qdisc tbf 8001: dev eth0 root  [tc -s qdisc show dev eth0]');
  });

  it('the walk\'s drop trace: its total and its findings; the per-reason lines only with --verbose', () => {
    const trace: DropTraceResult = { ok: true, summary: summary(), notes: ['66 drop event(s) host-wide in 2989 ms', 'QUEUE_PURGE 20 (at skb_queue_purge_reason 20)', 'NETFILTER_DROP 19 (at nft_do_chain 19)'] };
    const render = (verbose: boolean) => {
      const lines: string[] = [];
      textRenderer((l) => lines.push(l), c, { verbose, width: 100 })({ type: 'walk', steps: [], dropTrace: trace, plans: [] });
      return lines;
    };
    expect(render(false)).toContain('  66 drop event(s) host-wide in 2989 ms');
    expect(render(false)).toContain('  (2 more lines by reason and place: --verbose)');
    expect(render(false).some((l) => l.includes('QUEUE_PURGE'))).toBe(false);
    expect(render(true)).toContain('  QUEUE_PURGE 20 (at skb_queue_purge_reason 20)');
  });
});

