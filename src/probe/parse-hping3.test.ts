/**
 * parseHping3 on real hping3 output recorded on this machine (Debian 12 VM, kernel 6.18,
 * hping3 3.0.0-alpha-2): every fixture under test/fixtures/hping3/ has a `<name>.source.txt`
 * giving the exact command line, the network it ran against and its exit status.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseHping3, type Hping3Run } from './parse-hping3.js';

const dir = new URL('../../test/fixtures/hping3/', import.meta.url);
const fixture = (name: string): { stdout: string; stderr: string } => ({
  stdout: readFileSync(new URL(`${name}.stdout.txt`, dir), 'utf8'),
  stderr: readFileSync(new URL(`${name}.stderr.txt`, dir), 'utf8'),
});
const parseFixture = (name: string): Hping3Run => {
  const { stdout, stderr } = fixture(name);
  const r = parseHping3(stdout, stderr);
  if (!r.ok) throw new Error(`${name}: ${r.reason}`);
  return r.data;
};

const sa = (seq: number, rttMs: number, dup = false) => ({
  dup, len: 44, ip: '10.251.0.2', ttl: 64, df: true, flags: 'SA', sport: 80, seq, win: 64240, rttMs,
});

describe('parseHping3 on recorded outputs', () => {
  it('netns with the seed case\'s two 30% statistic DROP rules, run 2: DUPs are not answers (50% loss, hping3 says 35%)', () => {
    expect(parseFixture('netns-statistic-drop-2')).toEqual({
      replies: [
        sa(0, 0.8), sa(1, 0.7), sa(2, 0.5), sa(4, 0.2), sa(2, 1024.5, true), sa(13, 0.2), sa(14, 0.1),
        sa(6, 1008.0), sa(17, 0.7), sa(18, 0.5), sa(19, 0.4), sa(17, 1026.7, true), sa(18, 1022.6, true),
      ],
      icmpErrors: [],
      summary: {
        host: '10.251.0.2', transmitted: 20, received: 13, lossPct: 35,
        rttMs: { min: 0.1, avg: 314.3, max: 1026.7 }, outOfSequence: 0,
      },
      sent: 20,
      received: 10,
      refused: 0,
      duplicates: 3,
      synAcks: 13,
      lossPct: 50,
      rttMs: { min: 0.1, avg: 101.21, max: 1008.0 },
    });
  });

  it('statistic DROP run 1: 16 distinct seqs of 18 lines, late first replies (~1 s) count for RTT', () => {
    const d = parseFixture('netns-statistic-drop-1');
    expect(d.replies).toHaveLength(18);
    expect({ ...d, replies: undefined }).toEqual({
      replies: undefined,
      icmpErrors: [],
      summary: {
        host: '10.251.0.2', transmitted: 20, received: 18, lossPct: 10,
        rttMs: { min: 0.1, avg: 282.7, max: 1031.3 }, outOfSequence: 0,
      },
      sent: 20, received: 16, refused: 0, duplicates: 2, synAcks: 18, lossPct: 20,
      rttMs: { min: 0.1, avg: expect.closeTo(3034.8 / 16, 2), max: 1019.0 },
    });
  });

  it('statistic DROP run 3: a repeated seq without the DUP! mark (seq=0 rtt=0.0) is still a duplicate', () => {
    const d = parseFixture('netns-statistic-drop-3');
    expect(d.replies.filter((r) => r.seq === 0)).toEqual([sa(0, 0.6), sa(0, 0.0)]);
    expect({ sent: d.sent, received: d.received, duplicates: d.duplicates, lossPct: d.lossPct, synAcks: d.synAcks })
      .toEqual({ sent: 20, received: 13, duplicates: 3, lossPct: 35, synAcks: 16 });
    expect(d.summary).toMatchObject({ transmitted: 20, received: 16, lossPct: 20 });
    expect(d.rttMs).toEqual({ min: 0.1, avg: expect.closeTo(1017.8 / 13, 2), max: 1011.2 });
  });

  it('netns with tbf rate 1kbit on the server side: queueing delay then drops', () => {
    const d = parseFixture('netns-tbf');
    expect(d.replies.map((r) => r.seq)).toEqual([0, 1, 2, 3, 4, 5, 8, 12, 17]);
    expect({ sent: d.sent, received: d.received, duplicates: d.duplicates, lossPct: d.lossPct, refused: d.refused })
      .toEqual({ sent: 20, received: 9, duplicates: 0, lossPct: 55, refused: 0 });
    expect(d.rttMs).toEqual({ min: 0.2, avg: expect.closeTo(1799.4 / 9, 2), max: 746.4 });
    expect(d.summary.rttMs).toEqual({ min: 0.2, avg: 199.9, max: 746.4 });
  });

  it('every SYN dropped (hping3 exit 1): a valid 100% loss, RTT null', () => {
    expect(parseFixture('netns-all-dropped')).toEqual({
      replies: [], icmpErrors: [],
      summary: { host: '10.251.0.2', transmitted: 5, received: 0, lossPct: 100, rttMs: null, outOfSequence: 0 },
      sent: 5, received: 0, refused: 0, duplicates: 0, synAcks: 0, lossPct: 100, rttMs: null,
    });
  });

  it('closed port in a netns: RST+ACK replies are answers, counted as refused', () => {
    const d = parseFixture('netns-closed-port');
    expect(d.replies[0]).toEqual({
      dup: false, len: 40, ip: '10.251.0.2', ttl: 64, df: true, flags: 'RA', sport: 81, seq: 0, win: 0, rttMs: 0.7,
    });
    expect({ sent: d.sent, received: d.received, refused: d.refused, synAcks: d.synAcks, lossPct: d.lossPct })
      .toEqual({ sent: 5, received: 5, refused: 5, synAcks: 0, lossPct: 0 });
    expect(d.rttMs).toEqual({ min: 0.1, avg: 0.36, max: 0.7 }); // (0.7+0.5+0.3+0.2+0.1)/5; hping3 rounds to 0.4
  });

  it('loopback, listening port: 20 of 20 SYN-ACKs, RTT equals hping3\'s own summary', () => {
    const d = parseFixture('loopback-listening');
    expect(d.replies).toHaveLength(20);
    expect(d.replies.every((r) => r.ip === '127.0.0.1' && r.sport === 18080 && r.flags === 'SA' && r.win === 65495)).toBe(true);
    expect({ sent: d.sent, received: d.received, refused: d.refused, duplicates: d.duplicates, synAcks: d.synAcks, lossPct: d.lossPct })
      .toEqual({ sent: 20, received: 20, refused: 0, duplicates: 0, synAcks: 20, lossPct: 0 });
    expect(d.rttMs).toEqual({ min: 0.3, avg: expect.closeTo(0.7, 5), max: 1.2 });
    expect(d.summary).toEqual({
      host: '127.0.0.1', transmitted: 20, received: 20, lossPct: 0, rttMs: { min: 0.3, avg: 0.7, max: 1.2 }, outOfSequence: 0,
    });
  });

  it('loopback, closed port: 10 RST+ACK', () => {
    const d = parseFixture('loopback-closed-port');
    expect({ sent: d.sent, received: d.received, refused: d.refused, synAcks: d.synAcks, lossPct: d.lossPct })
      .toEqual({ sent: 10, received: 10, refused: 10, synAcks: 0, lossPct: 0 });
    expect(d.rttMs).toEqual({ min: 0.1, avg: expect.closeTo(0.54, 5), max: 1.0 });
  });

  it('ICMP host unreachable: hping3 counts the ICMP errors as received; they are not answers from the service', () => {
    const d = parseFixture('netns-icmp-unreachable');
    expect(d.icmpErrors).toEqual([
      // hping3 prints 'get hostname...' and erases it with backspaces; the parser renders them.
      'ICMP Host Unreachable from ip=10.251.0.2 name=UNKNOWN',
      'ICMP Host Unreachable from ip=10.251.0.2 name=UNKNOWN',
    ]);
    expect(d.summary).toMatchObject({ host: '10.251.1.1', transmitted: 3, received: 2, lossPct: 34 });
    expect({ sent: d.sent, received: d.received, lossPct: d.lossPct, rttMs: d.rttMs }).toEqual({
      sent: 3, received: 0, lossPct: 100, rttMs: null,
    });
  });

  it('not root: only the raw-socket error, no summary → ok:false naming the first line', () => {
    const { stdout, stderr } = fixture('not-root');
    expect(parseHping3(stdout, stderr)).toEqual({
      ok: false,
      reason: 'hping3 printed no statistics summary (first line: [open_sockraw] socket(): Operation not permitted)',
    });
  });
});

describe('parseHping3 on other spellings and broken input', () => {
  it('synthetic: upstream hping3 spells the summary "packets tramitted" (antirez/hping statistics.c); same result', () => {
    const { stdout, stderr } = fixture('netns-statistic-drop-2');
    const upstream = parseHping3(stdout, stderr.replace('packets transmitted', 'packets tramitted'));
    expect(upstream).toEqual(parseHping3(stdout, stderr));
    expect(upstream.ok && upstream.data.summary.transmitted).toBe(20);
  });

  it('synthetic: empty output → ok:false', () => {
    expect(parseHping3('', '')).toEqual({ ok: false, reason: 'hping3 printed nothing' });
  });

  it('synthetic: garbage → ok:false', () => {
    const r = parseHping3('<html>not hping</html>\n', 'Segmentation fault\n');
    expect(r.ok).toBe(false);
  });

  it('synthetic: truncated after the header (killed mid-summary) → ok:false', () => {
    const { stdout, stderr } = fixture('netns-tbf');
    const cut = stderr.slice(0, stderr.indexOf('round-trip'));
    expect(parseHping3(stdout, cut)).toEqual({ ok: false, reason: 'hping3 summary has no round-trip line (truncated output)' });
    expect(parseHping3(stdout, '').ok).toBe(false);
  });
});
