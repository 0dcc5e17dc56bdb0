/**
 * Latent limiters judged from configuration on recorded `tc -s qdisc show` outputs: the seed's tbf
 * (rate 1Kbit burst 300b limit 100b, test/fixtures/tc/netns-tbf-s-qdisc-show.txt) and a pfifo limit 3p
 * and a bfifo limit 1000b (test/fixtures/tc/netns-pfifo-bfifo-tiny-s-qdisc-show.txt), the same reading
 * twice (nothing rose): warnings from state that name the real knob; the host's default qdiscs: none.
 */
import { describe, expect, it } from 'vitest';
import { checkQdisc, planQdiscFix, qdiscProbe } from './layer.js';
import { latentLimits, rateBits, sizeBytes } from './latent.js';
import { HOST_TARGET, checkInputOf, ctxOf, fixture, readWith } from '../../../test/fakes/scenario.js';

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
