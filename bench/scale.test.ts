/**
 * Scale (issue 6, item 3): the real parsers and checks on generated inputs in the real formats
 * (bench/large-inputs.ts, checked against recorded outputs in large-inputs.test.ts).
 *
 * No wall-clock bound is asserted here (a loaded 2-core machine made one flaky): `npm run bench` prints the
 * timings and the growth ratios. Linearity of the checks is tested deterministically instead, by counting how many times a check reads the elements of its input arrays (a Proxy): a linear check reads each
 * element a bounded number of times, a lookup like `.find` inside a loop reads them n² times.
 */
import { describe, expect, it } from 'vitest';
import { HOST_CTX, runScaleCase, SCALE_SIZES, generate, okResult, type ScaleCase } from './scale.js';
import { checkLink, linkProbe, type LinkData } from '../src/layers/link/layer.js';
import { checkQdisc, qdiscProbe, type QdiscData } from '../src/layers/qdisc/layer.js';
import { checkNetfilter, netfilterProbe, type NetfilterData } from '../src/layers/netfilter/layer.js';
import type { ProbeTraffic } from '../src/core/layer.js';

const NO_TRAFFIC: ProbeTraffic = { method: 'none', sent: 0, received: 0, synAckNoise: 0 };

describe('parse + check at 100×: every planted drop is found, nothing else', () => {
  it.each(['iptables', 'link', 'qdisc', 'nft'] satisfies ScaleCase[])('%s at its largest size', (c) => {
    const size = SCALE_SIZES[c][2];
    const r = runScaleCase(c, size);
    // Every planted rising drop counter is found, and nothing else.
    expect(r.findings).toBe(r.expectedFindings);
    expect(r.expectedFindings).toBeGreaterThan(0);
  });
});

function counting<T>(items: readonly T[]): { items: readonly T[]; reads: () => number } {
  let reads = 0;
  const proxy = new Proxy(items, {
    get(target, prop, receiver) {
      if (typeof prop === 'string' && /^\d+$/.test(prop)) reads++;
      return Reflect.get(target, prop, receiver);
    },
  });
  return { items: proxy, reads: () => reads };
}

function parsedPair<T>(c: ScaleCase, size: number, parse: (text: string) => T | undefined): { before: T; after: T } {
  const before = parse(generate(c, size, 0).text);
  const after = parse(generate(c, size, 1).text);
  if (before === undefined || after === undefined) throw new Error(`generated ${c} did not parse`);
  return { before, after };
}

const linkData = (text: string): LinkData | undefined => {
  const p = linkProbe.parse(new Map([['ip', okResult(['ip', '-j', '-s', '-s', 'link', 'show'], text)]]), HOST_CTX);
  return p.ok ? p.data : undefined;
};
const qdiscData = (text: string): QdiscData | undefined => {
  const p = qdiscProbe.parse(new Map([['tc', okResult(['tc', '-s', 'qdisc', 'show'], text)]]), HOST_CTX);
  return p.ok ? p.data : undefined;
};
const netfilterData = (key: 'nft4' | 'nft') => (text: string): NetfilterData | undefined => {
  const p = netfilterProbe.parse(new Map([[key, okResult([key], text)]]));
  return p.ok ? p.data : undefined;
};

/** Reads per input element; a linear check stays under a small constant whatever the size. */
const READS_PER_ELEMENT = 6;

describe('checks read their inputs a bounded number of times per element (deterministic, no clock)', () => {
  it('checkQdisc: one Map over the before sample (500 qdiscs)', () => {
    const { before, after } = parsedPair('qdisc', 500, qdiscData);
    const b = counting(before.qdiscs);
    const a = counting(after.qdiscs);
    checkQdisc({ scope: 'target', ctx: HOST_CTX, before: { qdiscs: b.items }, after: { qdiscs: a.items }, window: 'measured', windowMs: 2000, traffic: NO_TRAFFIC });
    expect(b.reads() + a.reads()).toBeLessThanOrEqual(READS_PER_ELEMENT * (before.qdiscs.length + after.qdiscs.length));
  });

  it('checkNetfilter (iptables): rules matched through Maps (50,000 rules)', () => {
    const { before, after } = parsedPair('iptables', 50_000, netfilterData('nft4'));
    const src = (d: NetfilterData, rules: ReturnType<typeof counting<NetfilterData['iptables'][number]['dump']['rules'][number]>>, chains: ReturnType<typeof counting<NetfilterData['iptables'][number]['dump']['chains'][number]>>): NetfilterData => ({
      ...d,
      iptables: d.iptables.map((s) => ({ ...s, dump: { ...s.dump, rules: rules.items, chains: chains.items } })),
    });
    const s0 = before.iptables[0];
    const s1 = after.iptables[0];
    if (!s0 || !s1) throw new Error('no iptables source');
    const br = counting(s0.dump.rules);
    const bc = counting(s0.dump.chains);
    const ar = counting(s1.dump.rules);
    const ac = counting(s1.dump.chains);
    checkNetfilter({ scope: 'target', ctx: HOST_CTX, before: src(before, br, bc), after: src(after, ar, ac), window: 'measured', windowMs: 2000, traffic: NO_TRAFFIC });
    const n = s0.dump.rules.length + s1.dump.rules.length + s0.dump.chains.length + s1.dump.chains.length;
    expect(br.reads() + ar.reads() + bc.reads() + ac.reads()).toBeLessThanOrEqual(READS_PER_ELEMENT * n);
  });

  // checkLink looks each interface's previous sample up in a Map (it used a .find in the loop: O(n²)).
  it('checkLink: previous sample looked up through a Map (2,000 interfaces): linear', () => {
    const { before, after } = parsedPair('link', 2_000, linkData);
    const b = counting(before.links);
    const a = counting(after.links);
    checkLink({ scope: 'target', ctx: HOST_CTX, before: { ...before, links: b.items }, after: { ...after, links: a.items }, window: 'measured', windowMs: 2000, traffic: NO_TRAFFIC });
    expect(b.reads() + a.reads()).toBeLessThanOrEqual(READS_PER_ELEMENT * (before.links.length + after.links.length));
  });

  // checkNft finds each rule's predecessor through a map built once (it rescanned the chain per finding).
  it('checkNetfilter (nft): previous handle found without rescanning every rule (100 tables): linear', () => {
    const { before, after } = parsedPair('nft', 100, netfilterData('nft'));
    if (!before.nft || !after.nft) throw new Error('no nft ruleset');
    const b = counting(before.nft.rules);
    const a = counting(after.nft.rules);
    checkNetfilter({
      scope: 'target',
      ctx: HOST_CTX,
      before: { ...before, nft: { ...before.nft, rules: b.items } },
      after: { ...after, nft: { ...after.nft, rules: a.items } },
      window: 'measured',
      windowMs: 2000,
      traffic: NO_TRAFFIC,
    });
    expect(b.reads() + a.reads()).toBeLessThanOrEqual(READS_PER_ELEMENT * (before.nft.rules.length + after.nft.rules.length));
  });

  it('the counting proxy really sees a quadratic lookup (control, synthetic)', () => {
    const xs = counting(Array.from({ length: 300 }, (_, i) => i));
    let found = 0;
    for (const x of xs.items) if (xs.items.find((y) => y === x) !== undefined) found++;
    expect(found).toBe(300);
    expect(xs.reads()).toBeGreaterThan(300 * 150);
  });
});
