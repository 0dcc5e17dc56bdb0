/**
 * Latent limiters judged from configuration on recorded `tc -s qdisc show` outputs: the seed's tbf
 * (rate 1Kbit burst 300b limit 100b, test/fixtures/tc/netns-tbf-s-qdisc-show.txt) and a pfifo limit 3p
 * and a bfifo limit 1000b (test/fixtures/tc/netns-pfifo-bfifo-tiny-s-qdisc-show.txt), the same reading
 * twice (nothing rose): warnings from state that name the real knob; the host's default qdiscs: none.
 * htb: an htb whose default class 1:10 is rate 8kbit ceil 8kbit, recorded here twice with UDP between the two
 * readings (test/fixtures/tc/netns-htb-8kbit.source.txt), and a published `tc -s -d class show` (400Kbit class).
 */
import { describe, expect, it } from 'vitest';
import { checkQdisc, planQdiscFix, qdiscLayer, qdiscProbe } from './layer.js';
import { htbDefaultClass, latentHtbClasses, latentLimits, rateBits, sizeBytes } from './latent.js';
import { parseTcClass } from './parse-tc-class.js';
import { parseTcQdisc } from './parse-tc-qdisc.js';
import { HOST_TARGET, checkInputOf, ctxOf, failedResult, fixture, okResult, readWith } from '../../../test/fakes/scenario.js';

const read = (text: string) => readWith(qdiscProbe, ctxOf(HOST_TARGET, 'target'), { tc: text });
const still = (file: string) => {
  const q = read(fixture(`fixtures/tc/${file}`));
  return checkQdisc(checkInputOf(HOST_TARGET, 'target', q, q));
};

describe('latent limiters', () => {
  it('reads tc rates and sizes', () => {
    expect([rateBits('1Kbit'), rateBits('8kbit'), rateBits('100Mbit'), rateBits('1Kbps'), rateBits('fast')]).toEqual([1000, 8000, 100_000_000, 8000, undefined]);
    expect([sizeBytes('300b'), sizeBytes('1600'), sizeBytes('10Kb'), sizeBytes('3p')]).toEqual([300, 1600, 10240, undefined]);
  });

  it('the seed\'s tbf that dropped nothing in the window: a warning from state naming rate, burst and limit; no fix planned', () => {
    const r = still('netns-tbf-s-qdisc-show.txt');
    expect(r.findings.map((f) => [f.id, f.severity, f.basis, f.role, f.subject, f.title])).toEqual([
      ['qdisc.latent-limiter', 'warning', 'state', 'cause', 'qdisc tbf 8004: dev pdpb-n root', 'tbf on pdpb-n is configured far below what the path carries (rate 1Kbit, burst 300b, limit 100b)'],
    ]);
    expect(r.findings[0]?.explanation).toContain('tbf lets 1Kbit through (125 bytes/s');
    expect(r.findings[0]?.action).toBe('tc qdisc change dev pdpb-n root tbf rate 100mbit burst <bytes> limit <bytes>; tc qdisc change dev pdpb-n root tbf rate <rate> burst <bytes> limit <bytes> (or tc qdisc del dev pdpb-n root if no limit is wanted)');
    expect(planQdiscFix(r.findings[0]!)).toBeUndefined();
  });

  it('pfifo limit 3p and bfifo limit 1000b: the explicit limit is the knob', () => {
    const r = still('netns-pfifo-bfifo-tiny-s-qdisc-show.txt');
    expect(r.findings.map((f) => [f.subject, f.action])).toEqual([
      ['qdisc bfifo 8072: dev pd12q1 root', 'tc qdisc change dev pd12q1 root bfifo limit 1500000 (or tc qdisc del dev pd12q1 root if no limit is wanted)'],
      ['qdisc pfifo 8071: dev pd12q0 root', 'tc qdisc change dev pd12q0 root pfifo limit 1000 (or tc qdisc del dev pd12q0 root if no limit is wanted)'],
    ]);
  });

  it('default qdiscs of a real host: nothing latent', () => {
    const q = read(fixture('fixtures/tc/host-s-qdisc-show.txt'));
    expect(q.qdiscs.flatMap((x) => latentLimits(x))).toEqual([]);
  });
});

describe('latent htb classes', () => {
  const dev = 'pdh1r-n';
  const htbRead = (n: '' | '-2', cls?: Parameters<typeof readWith>[2][string]) =>
    readWith(qdiscProbe, ctxOf(HOST_TARGET, 'target'), { tc: fixture(`fixtures/tc/netns-htb-8kbit-s-qdisc-show${n}.txt`), ...(cls !== undefined ? { [`class:${dev}`]: cls } : {}) });

  it('the class read is a follow-up, asked only when an htb is there (never in the fixed batch)', () => {
    const ctx = ctxOf(HOST_TARGET, 'target');
    expect(qdiscLayer.probe.commands(ctx).map((c) => c.argv.join(' '))).toEqual(['tc -s qdisc show']);
    const results = (file: string) => new Map([['tc', okResult(fixture(`fixtures/tc/${file}`))]]);
    expect(qdiscProbe.followUp(results('netns-htb-8kbit-s-qdisc-show.txt'), ctx).map((c) => c.argv.join(' '))).toEqual([`tc -s class show dev ${dev}`]);
    expect(qdiscProbe.followUp(results('netns-tbf-s-qdisc-show.txt'), ctx)).toEqual([]);
    expect(qdiscProbe.followUp(results('host-s-qdisc-show.txt'), ctx)).toEqual([]);
  });

  it('the default class 1:10 at 8Kbit that carried the window\'s traffic: a warning naming the class and the tc class change that lifts it', () => {
    const before = htbRead('', fixture('fixtures/tc/netns-htb-8kbit-s-class-show.txt'));
    const after = htbRead('-2', fixture('fixtures/tc/netns-htb-8kbit-s-class-show-2.txt'));
    const r = checkQdisc(checkInputOf(HOST_TARGET, 'target', before, after));
    expect(r.findings.map((f) => [f.id, f.severity, f.basis, f.role, f.subject, f.title, f.action])).toEqual([
      [
        'qdisc.latent-limiter', 'warning', 'state', 'cause', `class htb 1:10 dev ${dev} parent 1:1`,
        `htb class 1:10 on ${dev} is configured far below what the path carries (rate 8Kbit, ceil 8Kbit)`,
        `tc class change dev ${dev} parent 1:1 classid 1:10 htb rate 8kbit ceil 100mbit (ceil is the most the class may send, rate what it is guaranteed; or tc qdisc del dev ${dev} root if no limit is wanted)`,
      ],
    ]);
    expect(r.findings[0]?.explanation).toBe(
      `class 1:10 is where htb 1: sends every packet no filter classifies (default 1:10), and it carried traffic during the window (Sent 23 → 38 pkt); ` +
        'its ceil lets at most 8Kbit through (1000 bytes/s: about 0.6 full-size frames a second), even when the link is idle. ' +
        'It dropped nothing during the window, but it will as soon as more than a trickle reaches it (another fault upstream may be dropping the traffic first, or the probe was too light to fill it).',
    );
    expect(r.findings[0]?.evidence).toEqual([
      { kind: 'state', name: 'class', subject: `class htb 1:10 dev ${dev} parent 1:1`, value: 'class htb 1:10 parent 1:1 prio 0 rate 8Kbit ceil 8Kbit burst 1600b cburst 1600b', source: `tc -s class show dev ${dev}` },
      { kind: 'state', name: 'Sent pkt', subject: `class htb 1:10 dev ${dev} parent 1:1`, value: 38, source: `tc -s class show dev ${dev}` },
      { kind: 'state', name: 'qdisc', subject: `qdisc htb 1: dev ${dev} root`, value: 'qdisc htb 1: dev pdh1r-n root refcnt 3 r2q 10 default 0x10 direct_packets_stat 1 direct_qlen 1000', source: `tc -s qdisc show dev ${dev}` },
    ]);
    expect(planQdiscFix(r.findings[0]!)).toBeUndefined();
  });

  it('the same reading twice (nothing passed): the default class alone is enough; 1:20 (50Mbit/100Mbit, no traffic) is not named', () => {
    const q = htbRead('', fixture('fixtures/tc/netns-htb-8kbit-s-class-show.txt'));
    const r = checkQdisc(checkInputOf(HOST_TARGET, 'target', q, q));
    expect(r.findings.map((f) => f.subject)).toEqual([`class htb 1:10 dev ${dev} parent 1:1`]);
    expect(r.findings[0]?.explanation).toMatch(/^class 1:10 is where htb 1: sends every packet no filter classifies \(default 1:10\); its ceil/);
  });

  it('a class read that failed is a visible note, never a pass; an htb whose classes were never read (a paste) says so too', () => {
    const failed = htbRead('', failedResult('Cannot find device "pdh1r-n"', 1, ['tc', '-s', 'class', 'show', 'dev', dev]));
    const r = checkQdisc(checkInputOf(HOST_TARGET, 'target', failed, failed));
    expect(r.findings).toEqual([]);
    expect(r.notes[0]).toBe(`qdisc htb 1: dev ${dev} root: its classes could not be read (tc -s class show dev ${dev}: tc exited with 1: Cannot find device "pdh1r-n"), so their rates were not judged`);
    const pasted = htbRead('');
    expect(checkQdisc(checkInputOf(HOST_TARGET, 'target', pasted, pasted)).notes[0]).toBe(`qdisc htb 1: dev ${dev} root: its classes were not read (tc -s class show dev ${dev}), so their rates were not judged`);
    const garbled = htbRead('', 'class listing lost in transit\n');
    expect(checkQdisc(checkInputOf(HOST_TARGET, 'target', garbled, garbled)).notes[0]).toMatch(/its classes could not be read .*not tc class output/);
  });

  it('published -d listing: the 400Kbit class 1:40 that carried traffic is capped; its 8Gbit parent\'s ceil is what it could borrow up to', () => {
    const classes = parseTcClass(fixture('fixtures/tc/htb-nano-node-traffic-shaper-s-d-class.txt'));
    // The published README shows the classes only: the htb qdisc is the recorded one, its default (1:10) not in the listing.
    const q = parseTcQdisc(fixture('fixtures/tc/netns-htb-8kbit-s-qdisc-show.txt'));
    if (!classes.ok || !q.ok) throw new Error('fixtures unreadable');
    const htb = { ...q.data.find((x) => x.kind === 'htb')!, dev: 'eth0' };
    expect(htbDefaultClass(htb)).toBe('1:10');
    expect(latentHtbClasses(htb, classes.data, new Set(['1:20']))).toEqual([]);
    expect(latentHtbClasses(htb, classes.data, new Set(['1:40'])).map((l) => [l.limiter.classid, l.knob, l.value, l.bits, l.leaves.map((x) => x.classid), l.change])).toEqual([
      ['1:40', 'ceil', '400Kbit', 400_000, ['1:40'], 'tc class change dev eth0 parent 1:1 classid 1:40 htb rate 400kbit ceil 8gbit'],
    ]);
  });

  it('a root class is capped by its rate (it borrows from nobody): a small class above a leaf is the one to change', () => {
    const classes = parseTcClass(fixture('fixtures/tc/netns-htb-8kbit-s-class-show.txt'));
    const q = parseTcQdisc(fixture('fixtures/tc/netns-htb-8kbit-s-qdisc-show.txt'));
    if (!classes.ok || !q.ok) throw new Error('fixtures unreadable');
    const htb = q.data.find((x) => x.kind === 'htb')!;
    // The recorded tree with its root class 1:1 given the leaf's 8Kbit rate (a documented edit of the line's figures).
    const edited = classes.data.map((c) => (c.classid === '1:1' ? { ...c, rate: '8Kbit' } : c));
    expect(latentHtbClasses(htb, edited, new Set(['1:20'])).map((l) => [l.limiter.classid, l.knob, l.leaves.map((x) => x.classid), l.change])).toEqual([
      // The default class caps itself first (its ceil, 8Kbit, no larger than its parent's).
      ['1:10', 'ceil', ['1:10'], `tc class change dev ${dev} parent 1:1 classid 1:10 htb rate 8kbit ceil 100mbit`],
      ['1:1', 'rate', ['1:20'], `tc class change dev ${dev} parent 1: classid 1:1 htb rate 100mbit ceil 100mbit`],
    ]);
  });
});

describe('latent htb classes that dropped', () => {
  it('the 8Kbit default class overflowed its 5-packet queue (recorded: Sent 18, dropped 28): qdisc.drops for the htb and its pfifo, and the class named with its drops', () => {
    const dev = 'pdh1s-n';
    const at = (when: 'before' | 'after') =>
      readWith(qdiscProbe, ctxOf(HOST_TARGET, 'target'), {
        tc: fixture(`fixtures/tc/netns-htb-8kbit-drops-s-qdisc-show-${when}.txt`),
        [`class:${dev}`]: fixture(`fixtures/tc/netns-htb-8kbit-drops-s-class-show-${when}.txt`),
      });
    const r = checkQdisc(checkInputOf(HOST_TARGET, 'target', at('before'), at('after')));
    expect(r.findings.map((f) => [f.id, f.severity, f.subject])).toEqual([
      ['qdisc.latent-limiter', 'warning', `class htb 1:10 dev ${dev} parent 1:1`],
      ['qdisc.drops', 'error', `qdisc htb 1: dev ${dev} root`],
      ['qdisc.drops', 'error', `qdisc pfifo 10: dev ${dev} parent 1:10`],
    ]);
    expect(r.findings[0]?.explanation).toBe(
      `class 1:10 is where htb 1: sends every packet no filter classifies (default 1:10), and it carried traffic during the window (Sent 0 → 18 pkt); ` +
        'its ceil lets at most 8Kbit through (1000 bytes/s: about 0.6 full-size frames a second), even when the link is idle. It dropped 28 packet(s) during the window.',
    );
    expect(r.findings[0]?.action.startsWith(`tc class change dev ${dev} parent 1:1 classid 1:10 htb rate 8kbit ceil 100mbit (`)).toBe(true);
  });
});
