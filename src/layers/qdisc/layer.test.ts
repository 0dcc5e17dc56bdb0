/**
 * Checks tier for the qdisc layer: real `tc -s qdisc show` outputs parsed by the real probe, the
 * whole finding list asserted. Sources: test/fixtures/tc/*.source.txt and
 * test/e2e/fixtures/recorded-here.source.txt (a real before/after pair of one diagnose run).
 */
import { describe, expect, it } from 'vitest';
import { checkQdisc, planQdiscFix, qdiscProbe } from './layer.js';
import { CONTAINER_TARGET, fixCore, HOST_TARGET, checkInputOf, ctxOf, fixture, inContainer, loadRecording, readWith, recordedResults } from '../../../test/fakes/scenario.js';

const hostCtx = ctxOf(HOST_TARGET, 'target');
const read = (text: string) => readWith(qdiscProbe, hostCtx, { tc: text });

describe('checkQdisc on recorded outputs', () => {
  it('a netem qdisc convicts itself, with its loss percentage (published systemd PR output, no stats)', () => {
    const q = read(fixture('fixtures/tc/netem-systemd-delay-jitter-loss.txt'));
    const { findings, notes } = checkQdisc(checkInputOf(HOST_TARGET, 'target', q, q));
    expect(findings.map((f) => ({ id: f.id, scope: f.scope, severity: f.severity, basis: f.basis, role: f.role, subject: f.subject, evidence: f.evidence, details: f.details }))).toEqual([
      {
        id: 'qdisc.netem',
        scope: 'target',
        severity: 'error',
        basis: 'state',
        role: 'cause',
        subject: 'qdisc netem 8002: dev veth99 root',
        evidence: [
          { kind: 'state', name: 'qdisc', subject: 'qdisc netem 8002: dev veth99 root', value: 'qdisc netem 8002: dev veth99 root refcnt 2 limit 100 delay 50.0ms  10.0ms loss 20%', source: 'tc -s qdisc show dev veth99' },
        ],
        details: {
          kind: 'qdisc', dev: 'veth99', qdisc: 'netem', handle: '8002:', parent: 'root', options: 'limit 100 delay 50.0ms  10.0ms loss 20%', configured: true,
          netem: { limit: 100, delayMs: 50, jitterMs: 10, lossPct: 20 },
        },
      },
    ]);
    expect(findings[0]?.title).toContain('loss 20%');
    expect(notes).toEqual(['1 qdisc(s) read']);
    expect(fixCore(planQdiscFix(findings[0]!))).toEqual({
      id: 'qdisc.netem:target:qdisc netem 8002: dev veth99 root',
      findingId: 'qdisc.netem',
      subject: 'qdisc netem 8002: dev veth99 root',
      title: 'Delete the netem qdisc on veth99',
      risk: 'safe',
      scope: 'target',
      commands: [['tc', 'qdisc', 'del', 'dev', 'veth99', 'root', 'handle', '8002:']],
      inverse: [['tc', 'qdisc', 'add', 'dev', 'veth99', 'root', 'handle', '8002:', 'netem', 'limit', '100', 'delay', '50.0ms', '10.0ms', 'loss', '20%']],
    });
  });

  it('the seed netem (loss 30%, reconstructed from the seed case) with a drop counter that rose: state and counter evidence', () => {
    const text = fixture('fixtures/tc/seed-netem-loss30-reconstructed.txt');
    // Documented edit: "before" has 5 fewer drops than the recorded 13.
    const before = readWith(qdiscProbe, ctxOf(CONTAINER_TARGET, 'target'), { tc: text.replace('dropped 13,', 'dropped 8,') });
    const after = readWith(qdiscProbe, ctxOf(CONTAINER_TARGET, 'target'), { tc: text });
    const { findings } = checkQdisc(checkInputOf(CONTAINER_TARGET, 'target', before, after));
    expect(findings.map((f) => [f.id, f.subject, f.details?.kind === 'qdisc' ? f.details.netem : undefined])).toEqual([['qdisc.netem', expect.stringMatching(/^qdisc netem 8001: dev .* root$/), { limit: 1000, lossPct: 30 }]]);
    expect(findings[0]?.evidence[1]).toEqual(expect.objectContaining({ kind: 'counter', counter: 'dropped', before: 8, after: 13, delta: 5 }));
  });

  it('a tbf whose dropped count did not move: history in the notes, never qdisc.drops (its 1Kbit rate is a latent-limiter warning from state, latent.test.ts)', () => {
    const q = read(fixture('fixtures/tc/netns-tbf-s-qdisc-show.txt'));
    const { findings, notes } = checkQdisc(checkInputOf(HOST_TARGET, 'target', q, q));
    expect(findings.map((f) => [f.id, f.basis, f.severity])).toEqual([['qdisc.latent-limiter', 'state', 'warning']]);
    expect(notes).toEqual(['qdisc tbf 8004: dev pdpb-n root: dropped 10 since it was created (history: not rising during the window)', '1 qdisc(s) read']);
  });

  it('the host\'s default qdiscs with nothing dropped: pass, lo left out', () => {
    const q = read(fixture('fixtures/tc/host-s-qdisc-show.txt'));
    expect(checkQdisc(checkInputOf(HOST_TARGET, 'target', q, q))).toEqual({ findings: [], notes: ['2 qdisc(s) read'] });
  });

  it('tbf dropped rising (two real readings of one diagnose run): qdisc.drops and an exact delete/re-add fix', () => {
    const rec = loadRecording('seed-container-yes');
    const [b, a] = recordedResults(rec, inContainer(rec, ['tc', '-s', 'qdisc', 'show']));
    const ctx = ctxOf(CONTAINER_TARGET, 'target');
    const before = readWith(qdiscProbe, ctx, { tc: b!.stdout });
    const after = readWith(qdiscProbe, ctx, { tc: a!.stdout });
    const { findings } = checkQdisc(checkInputOf(CONTAINER_TARGET, 'target', before, after));
    const subject = 'qdisc tbf 80ad: dev eth0 root';
    expect(findings.map((f) => ({ id: f.id, scope: f.scope, severity: f.severity, subject: f.subject, evidence: f.evidence }))).toEqual([
      {
        id: 'qdisc.drops',
        scope: 'target',
        severity: 'error',
        subject,
        evidence: [
          { kind: 'state', name: 'qdisc', subject, value: 'qdisc tbf 80ad: dev eth0 root refcnt 3 rate 1Kbit burst 300b limit 100b', source: 'tc -s qdisc show dev eth0' },
          { kind: 'counter', counter: 'dropped', subject, before: 0, after: 4, delta: 4, source: 'tc -s qdisc show dev eth0' },
        ],
      },
    ]);
    expect(fixCore(planQdiscFix(findings[0]!))).toEqual({
      id: `qdisc.drops:target:${subject}`,
      findingId: 'qdisc.drops',
      subject,
      title: 'Delete the tbf qdisc on eth0 (it removes its rate limit)',
      risk: 'disruptive',
      scope: 'target',
      commands: [['tc', 'qdisc', 'del', 'dev', 'eth0', 'root', 'handle', '80ad:']],
      inverse: [['tc', 'qdisc', 'add', 'dev', 'eth0', 'root', 'handle', '80ad:', 'tbf', 'rate', '1Kbit', 'burst', '300b', 'limit', '100b']],
    });
  });

  it('tbf dropped rising on the recorded netns fixture (documented edit: before = dropped 7 instead of 10)', () => {
    const text = fixture('fixtures/tc/netns-tbf-s-qdisc-show.txt');
    const before = read(text.replace('dropped 10,', 'dropped 7,'));
    const after = read(text);
    const { findings } = checkQdisc(checkInputOf(HOST_TARGET, 'target', before, after));
    expect(findings.map((f) => [f.id, f.subject, f.evidence.filter((e) => e.kind === 'counter')])).toEqual([
      ['qdisc.drops', 'qdisc tbf 8004: dev pdpb-n root', [{ kind: 'counter', counter: 'dropped', subject: 'qdisc tbf 8004: dev pdpb-n root', before: 7, after: 10, delta: 3, source: 'tc -s qdisc show dev pdpb-n' }]],
    ]);
  });

  it('drops of a default fq_codel (published qosmate mq output, documented edit: +49 on parent :4) are a finding with NO fix', () => {
    const text = fixture('fixtures/tc/fq-codel-qosmate-mq.txt');
    const before = read(text);
    const after = read(text.replace('(dropped 7051,', '(dropped 7100,'));
    const { findings } = checkQdisc(checkInputOf(HOST_TARGET, 'target', before, after));
    expect(findings.map((f) => ({ id: f.id, subject: f.subject, configured: f.details?.kind === 'qdisc' ? f.details.configured : undefined, counters: f.evidence.filter((e) => e.kind === 'counter') }))).toEqual([
      {
        id: 'qdisc.drops',
        subject: 'qdisc fq_codel 0: dev eth0 parent :4',
        configured: false,
        counters: [{ kind: 'counter', counter: 'dropped', subject: 'qdisc fq_codel 0: dev eth0 parent :4', before: 7051, after: 7100, delta: 49, source: 'tc -s qdisc show dev eth0' }],
      },
    ]);
    expect(planQdiscFix(findings[0]!)).toBeUndefined();
  });

  it('a qdisc that appears only after the window opened has no "before": not convicted on its since-creation count', () => {
    const after = read(fixture('fixtures/tc/netns-tbf-s-qdisc-show.txt'));
    const { findings } = checkQdisc(checkInputOf(HOST_TARGET, 'target', { qdiscs: [] }, after));
    expect(findings.map((f) => f.id)).toEqual(['qdisc.latent-limiter']);
  });

  it('tc missing: the probe says so (the engine turns it into a skipped step)', () => {
    const p = qdiscProbe.parse(new Map([['tc', { argv: ['tc'], executed: false, exitCode: null, stdout: '', stderr: '', durationMs: 0, ok: false, failure: { kind: 'not-found' as const, hint: 'tc not found' } }]]), hostCtx);
    expect(p).toEqual({ ok: false, reason: 'tc not found (install iproute2)' });
  });
});
