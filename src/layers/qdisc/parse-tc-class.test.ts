/**
 * `tc [-s] [-d] class show dev X` on real outputs: recorded on this VM (test/fixtures/tc/netns-htb-8kbit.source.txt:
 * an htb whose default class 1:10 is rate 8kbit ceil 8kbit) and published (htb-nano-node-traffic-shaper-s-d-class.txt,
 * a `-d` listing from a README, its source beside it).
 */
import { describe, expect, it } from 'vitest';
import { parseTcClass, type TcClass } from './parse-tc-class.js';
import { fixture } from '../../../test/fakes/scenario.js';

const ok = (text: string): TcClass[] => {
  const r = parseTcClass(text);
  if (!r.ok) throw new Error(r.reason);
  return r.data;
};
const brief = (c: TcClass) => [c.classid, c.parent, c.leaf, c.rate, c.ceil, c.burst, c.cburst, c.stats?.sentPackets, c.stats?.dropped];

describe('parseTcClass', () => {
  it('recorded here with -s: the 8kbit default class, its 100Mbit parent and a class with a leaf qdisc; counters from the Sent line', () => {
    expect(ok(fixture('fixtures/tc/netns-htb-8kbit-s-class-show.txt')).map(brief)).toEqual([
      ['1:10', '1:1', undefined, '8Kbit', '8Kbit', '1600b', '1600b', 23, 0],
      ['1:1', 'root', undefined, '100Mbit', '100Mbit', '1600b', '1600b', 23, 0],
      ['1:20', '1:1', '20:', '50Mbit', '100Mbit', '1600b', '1600b', 0, 0],
    ]);
    const later = ok(fixture('fixtures/tc/netns-htb-8kbit-s-class-show-2.txt'));
    expect(later.find((c) => c.classid === '1:10')?.stats).toEqual({ sentBytes: 7840, sentPackets: 38, dropped: 0, overlimits: 17 });
    expect(later[0]?.line).toBe('class htb 1:10 parent 1:1 prio 0 rate 8Kbit ceil 8Kbit burst 1600b cburst 1600b');
    expect(later[0]?.kind).toBe('htb');
  });

  it('recorded here without -s: the same classes, no counters', () => {
    const c = ok(fixture('fixtures/tc/netns-htb-8kbit-class-show.txt'));
    expect(c.map(brief)).toEqual([
      ['1:10', '1:1', undefined, '8Kbit', '8Kbit', '1600b', '1600b', undefined, undefined],
      ['1:1', 'root', undefined, '100Mbit', '100Mbit', '1600b', '1600b', undefined, undefined],
      ['1:20', '1:1', '20:', '50Mbit', '100Mbit', '1600b', '1600b', undefined, undefined],
    ]);
  });

  it('published, with -d: quantum, linklayer, "burst 1600b/1 mpu 0b" and level between the fields', () => {
    expect(ok(fixture('fixtures/tc/htb-nano-node-traffic-shaper-s-d-class.txt')).map(brief)).toEqual([
      ['1:1', 'root', undefined, '8Gbit', '8Gbit', '0b', '0b', 44, 0],
      ['1:10', '1:1', undefined, '8Gbit', '8Gbit', '0b', '0b', 6, 0],
      ['1:20', '1:1', undefined, '8Gbit', '8Gbit', '0b', '0b', 7, 0],
      ['1:40', '1:1', undefined, '400Kbit', '400Kbit', '1600b', '1600b', 31, 0],
    ]);
  });

  it('no class at all (a classless qdisc: tc printed nothing) is an empty list; text that is no class listing is unparsable', () => {
    expect(parseTcClass('')).toEqual({ ok: true, data: [] });
    expect(parseTcClass(fixture('fixtures/tc/netns-htb-8kbit-s-qdisc-show.txt'))).toMatchObject({ ok: false });
    expect(parseTcClass('Cannot find device "pdh1r-nope"\n')).toMatchObject({ ok: false });
  });
});
