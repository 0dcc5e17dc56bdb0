/**
 * Fixtures: test/fixtures/tc/. Each `<name>.txt` has a sibling `<name>.source.txt` (published outputs: URL and date)
 * or is listed in `recorded-here.source.txt` (recorded on this Debian 12 VM, kernel 6.18, iproute2-6.1.0).
 * `seed-netem-loss30-reconstructed.txt` is NOT real: it is reconstructed from the seed's description.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseNetemOptions, parseTcQdisc, parseTcTimeMs } from './parse-tc-qdisc.js';
import type { Qdisc } from './model.js';

const dir = fileURLToPath(new URL('../../../test/fixtures/tc/', import.meta.url));
const fixture = (name: string): string => readFileSync(dir + name, 'utf8');
const ok = (text: string, dev?: string): Qdisc[] => {
  const r = parseTcQdisc(text, dev);
  if (!r.ok) throw new Error(`expected ok, got: ${r.reason}`);
  return r.data;
};

describe('parseTcQdisc on outputs recorded on this VM', () => {
  it('host tc -s qdisc show: whole structure', () => {
    expect(ok(fixture('host-s-qdisc-show.txt'))).toEqual([
      {
        kind: 'noqueue', handle: '0:', dev: 'lo', parent: 'root', options: '',
        line: 'qdisc noqueue 0: dev lo root refcnt 2',
        stats: { sentBytes: 0, sentPackets: 0, dropped: 0, overlimits: 0, requeues: 0, backlogBytes: 0, backlogPackets: 0 },
      },
      {
        kind: 'pfifo_fast', handle: '0:', dev: 'eth0', parent: 'root',
        options: 'bands 3 priomap 1 2 2 2 1 2 0 0 1 1 1 1 1 1 1 1',
        line: 'qdisc pfifo_fast 0: dev eth0 root refcnt 2 bands 3 priomap 1 2 2 2 1 2 0 0 1 1 1 1 1 1 1 1',
        stats: expect.objectContaining({ dropped: 0, overlimits: 0, requeues: 0, backlogBytes: 0, backlogPackets: 0 }),
      },
      {
        kind: 'noqueue', handle: '0:', dev: 'docker0', parent: 'root', options: '',
        line: 'qdisc noqueue 0: dev docker0 root refcnt 2',
        stats: { sentBytes: 0, sentPackets: 0, dropped: 0, overlimits: 0, requeues: 0, backlogBytes: 0, backlogPackets: 0 },
      },
    ]);
  });

  it('host tc qdisc show (no -s): no stats', () => {
    const q = ok(fixture('host-qdisc-show.txt'));
    expect(q.map((x) => [x.kind, x.dev, x.parent])).toEqual([
      ['noqueue', 'lo', 'root'],
      ['pfifo_fast', 'eth0', 'root'],
      ['noqueue', 'docker0', 'root'],
    ]);
    expect(q.every((x) => x.stats === undefined)).toBe(true);
  });

  it('tbf in a netns dropped packets (dev omitted: defaultDev used)', () => {
    expect(ok(fixture('netns-tbf-s-qdisc-show-dev.txt'), 'pdpb-n')).toEqual([
      {
        kind: 'tbf', handle: '8004:', dev: 'pdpb-n', parent: 'root', options: 'rate 1Kbit burst 300b limit 100b',
        line: 'qdisc tbf 8004: root refcnt 3 rate 1Kbit burst 300b limit 100b',
        stats: { sentBytes: 292, sentPackets: 4, dropped: 10, overlimits: 0, requeues: 0, backlogBytes: 0, backlogPackets: 0 },
      },
    ]);
    const all = ok(fixture('netns-tbf-s-qdisc-show.txt'));
    expect(all.map((x) => `${x.kind}@${x.dev}:${x.stats?.dropped}`)).toEqual(['noqueue@lo:0', 'tbf@pdpb-n:10']);
    expect(ok(fixture('netns-tbf-qdisc-show-dev.txt'), 'pdpb-n')[0]).toMatchObject({ kind: 'tbf', dev: 'pdpb-n' });
  });

  it('htb with backlog, ingress and clsact', () => {
    const q = ok(fixture('netns-htb-ingress-clsact-s-qdisc-show.txt'));
    expect(q.map((x) => [x.kind, x.handle, x.dev, x.parent])).toEqual([
      ['noqueue', '0:', 'lo', 'root'],
      ['clsact', 'ffff:', 'lo', 'ffff:fff1'],
      ['htb', '1:', 'pdpb-n', 'root'],
      ['ingress', 'ffff:', 'pdpb-n', 'ffff:fff1'],
    ]);
    expect(q[2]).toMatchObject({
      options: 'r2q 10 default 0x10 direct_packets_stat 0 direct_qlen 1000',
      stats: { sentBytes: 2420, sentPackets: 10, dropped: 0, overlimits: 9, backlogBytes: 2420, backlogPackets: 10 },
    });
    expect(q[3]?.options).toBe('----------------');
    expect(ok(fixture('netns-htb-ingress-clsact-qdisc-show.txt'))).toHaveLength(4);
    expect(ok(fixture('netns-veth-noqueue-ingress-s-qdisc-show-dev.txt'), 'pdpb-n').map((x) => x.kind)).toEqual(['noqueue', 'ingress']);
  });
});

describe('parseTcQdisc on published real outputs (see *.source.txt)', () => {
  it('netem delay+jitter+loss (systemd PR #13747)', () => {
    expect(ok(fixture('netem-systemd-delay-jitter-loss.txt'))).toEqual([
      {
        kind: 'netem', handle: '8002:', dev: 'veth99', parent: 'root',
        options: 'limit 100 delay 50.0ms  10.0ms loss 20%',
        line: 'qdisc netem 8002: dev veth99 root refcnt 2 limit 100 delay 50.0ms  10.0ms loss 20%',
        netem: { limit: 100, delayMs: 50, jitterMs: 10, lossPct: 20 },
      },
    ]);
  });

  it('netem with several impairments under an htb class (augmented-traffic-control PR #164)', () => {
    const [q] = ok(fixture('netem-atc-several-impairments.txt'), 'eth0');
    expect(q).toMatchObject({ kind: 'netem', handle: '800b:', parent: '1:5', dev: 'eth0' });
    expect(q?.netem).toEqual({ limit: 1000, delayMs: 10, jitterMs: 15, lossPct: 10, reorderPct: 6, corruptPct: 3.4 });
  });

  it('netem delay in seconds with stats whose indentation was lost (Stack Overflow 62227100)', () => {
    expect(ok(fixture('netem-stackoverflow-delay-seconds-stats.txt'), 'eth0')).toEqual([
      {
        kind: 'netem', handle: '8024:', dev: 'eth0', parent: 'root', options: 'limit 1000 delay 0.1s',
        line: 'qdisc netem 8024: root refcnt 2 limit 1000 delay 0.1s',
        stats: { sentBytes: 0, sentPackets: 0, dropped: 0, overlimits: 0, requeues: 0, backlogBytes: 0, backlogPackets: 0 },
        netem: { limit: 1000, delayMs: 100 },
      },
    ]);
  });

  it('netem as a prio child next to sfq (chaos-mesh #688) and delay-only (cephci PR #3634)', () => {
    const q = ok(fixture('netem-chaos-mesh-prio-sfq.txt'));
    expect(q.map((x) => `${x.kind} ${x.handle} ${x.parent}`)).toEqual([
      'noqueue 0: root', 'prio 1: root', 'sfq 30: 1:3', 'sfq 10: 1:1', 'sfq 20: 1:2', 'netem 28: 1:4',
    ]);
    expect(q[5]?.netem).toEqual({ limit: 1000, delayMs: 400 });
    expect(ok(fixture('netem-cephci-delay.txt'), 'enp5s0f0')[0]?.netem).toEqual({ limit: 1000, delayMs: 20 });
  });

  it('fq_codel extra stat lines are skipped (sqm-scripts #37, qosmate #65)', () => {
    const a = ok(fixture('fq-codel-sqm-scripts-htb.txt'));
    expect(a.map((x) => [x.kind, x.handle, x.parent, x.stats?.dropped])).toEqual([
      ['htb', '1:', 'root', 213], ['fq_codel', '110:', '1:11', 0], ['fq_codel', '120:', '1:12', 213],
    ]);
    expect(a[1]?.options).toBe('limit 1001p flows 1024 quantum 300 target 14.0ms interval 109.0ms ecn');
    const b = ok(fixture('fq-codel-qosmate-mq.txt'));
    expect(b.map((x) => [x.kind, x.parent])).toEqual([['noqueue', 'root'], ['mq', 'root'], ['fq_codel', ':4'], ['fq_codel', ':3']]);
    expect(b[1]?.stats).toEqual({
      sentBytes: 112993511508, sentPackets: 76805125, dropped: 28660, overlimits: 0, requeues: 243670, backlogBytes: 0, backlogPackets: 0,
    });
  });

  it('seed case: reconstructed from the seed\'s description (not a real output): netem loss 30%, 13 of 29 dropped', () => {
    const [q] = ok(fixture('seed-netem-loss30-reconstructed.txt'), 'eth0');
    expect(q?.netem?.lossPct).toBe(30);
    expect(q?.stats).toMatchObject({ sentPackets: 29, dropped: 13 });
  });
});

describe('parseTcQdisc: synthetic edge cases', () => {
  it('synthetic: loss random, loss state/gemodel, duplicate, rate, us delays', () => {
    expect(parseNetemOptions('limit 1000 loss random 30% 25% duplicate 1% rate 1Mbit delay 500us')).toEqual({
      limit: 1000, lossPct: 30, duplicatePct: 1, ratePerSec: '1Mbit', delayMs: 0.5,
    });
    expect(parseNetemOptions('limit 1000 loss state 1% 10% 70% 10% 0.1%')).toEqual({ limit: 1000, lossModel: 'state' });
    expect(parseNetemOptions('limit 1000 loss gemodel 1% 10% 70% 0.1% ecn')).toEqual({ limit: 1000, lossModel: 'gemodel' });
    expect(parseTcTimeMs('2s')).toBe(2000);
    expect(parseTcTimeMs('nonsense')).toBeUndefined();
  });

  it('synthetic: backlog units are powers of 1024', () => {
    const [q] = ok('qdisc tbf 1: dev x root refcnt 2 rate 1Mbit burst 2Kb lat 1s\n Sent 1 bytes 1 pkt (dropped 0, overlimits 0 requeues 0)\n backlog 2Kb 3p requeues 0\n');
    expect(q?.stats).toMatchObject({ backlogBytes: 2048, backlogPackets: 3 });
    const [r] = ok('qdisc tbf 1: dev x root rate 1Mbit\n Sent 1 bytes 1 pkt (dropped 0, overlimits 0 requeues 0)\n rate 0bit 0pps backlog 1Mb 7p requeues 0\n');
    expect(r?.stats).toMatchObject({ backlogBytes: 1048576, backlogPackets: 7 });
  });

  it('returns ok:false for empty, garbage and other commands\' outputs', () => {
    for (const text of ['', '   \n\n', 'garbage\nmore garbage', fixture('../iptables/host-nvL.txt'), 'Cannot find device "eth9"']) {
      expect(parseTcQdisc(text).ok).toBe(false);
    }
  });

  it('mutation: truncation at every 97th byte, garbage lines, CRLF, tabs, huge counters never throw nor yield NaN', () => {
    const names = readdirSync(dir).filter((f) => f.endsWith('.txt') && !f.endsWith('.source.txt'));
    for (const name of names) {
      const text = fixture(name);
      const variants = [
        text.replace(/\n/g, '\r\n'),
        text.replace(/ {2,}/g, '\t'),
        text.replace(/\d{2,}/g, '99999999999999999999'),
        text.split('\n').flatMap((l, i) => (i % 3 === 0 ? [l, '%%garbage %% 12 xx (', ''] : [l])).join('\n'),
      ];
      for (let cut = 0; cut < text.length; cut += 97) variants.push(text.slice(0, cut));
      for (const v of variants) {
        const r = parseTcQdisc(v);
        if (!r.ok) continue;
        for (const q of r.data) {
          for (const n of [...Object.values(q.stats ?? {}), ...Object.values(q.netem ?? {})]) {
            if (typeof n === 'number') expect(Number.isFinite(n)).toBe(true);
          }
        }
      }
    }
    const huge = ok('qdisc mq 0: dev eth0 root\n Sent 99999999999999999999 bytes 1 pkt (dropped 99999999999999999999, overlimits 0 requeues 0)\n');
    expect(huge[0]?.stats?.dropped).toBe(1e20);
  });
});
