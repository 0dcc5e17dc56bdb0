/**
 * Real outputs: the seed case's pasted listing (test/fixtures/seed/iptables-nvL.txt, alignment lost), jc's corpus
 * (test/fixtures/jc, MIT: centos-7.7 and ubuntu-18.04 iptables-*.out compared with jc's .json, and
 * generic/iptables-no-jump.out), and test/fixtures/iptables/ recorded on this Debian 12 VM (kernel 6.18,
 * iptables v1.8.9) as described in test/fixtures/iptables/recorded-here.source.txt.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseIptablesList } from './parse-iptables-list.js';
import type { ListedChain } from './model.js';

const dir = fileURLToPath(new URL('../../../test/fixtures/iptables/', import.meta.url));
const corpus = fileURLToPath(new URL('../../../test/fixtures/jc/', import.meta.url));
const fixture = (name: string): string => readFileSync(dir + name, 'utf8');
const ok = (text: string): ListedChain[] => {
  const r = parseIptablesList(text);
  if (!r.ok) throw new Error(`expected ok, got: ${r.reason}`);
  return r.data;
};

/** The seed's listing, exactly as the tutorial pasted it (column alignment lost). */
function seedListing(): string {
  return readFileSync(dir + '../seed/iptables-nvL.txt', 'utf8').trimEnd();
}

/** Our parse in jc's JSON shape, for comparison with jc's expected parse. */
function asJc(chains: readonly ListedChain[], withNum: boolean): unknown[] {
  return chains.map((c) => ({
    chain: c.name,
    ...(c.policy !== undefined && c.policyPkts !== undefined ? { default_policy: c.policy, default_packets: c.policyPkts, default_bytes: c.policyBytes } : {}),
    rules: c.rules.map((r) => ({
      ...(withNum ? { num: r.position } : {}),
      ...(r.pkts !== undefined ? { pkts: r.pkts, bytes: r.bytes } : {}),
      target: r.target === '' ? null : r.target,
      prot: r.prot,
      opt: r.opt === '--' ? null : r.opt,
      ...(r.in !== undefined ? { in: r.in, out: r.out } : {}),
      source: r.source,
      destination: r.destination,
      ...(r.extra !== '' ? { options: r.extra } : {}),
    })),
  }));
}

/** jc keeps the trailing blanks of the match text (`"[goto] "`); ours is trimmed. */
function trimOptions(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(trimOptions);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k === 'options' && typeof x === 'string' ? x.trim() : trimOptions(x)]));
  }
  return v;
}

describe('parseIptablesList', () => {
  it("the seed case's pasted listing (alignment lost): two DROP rules, random 0.3, pkts 6 and 6", () => {
    const chains = ok(seedListing());
    expect(chains).toEqual([
      {
        name: 'INPUT', policy: 'ACCEPT', policyPkts: 25, policyBytes: 1000,
        rules: [
          {
            position: 1, pkts: 6, bytes: 240, target: 'DROP', prot: 'all', opt: '--', in: '*', out: '*',
            source: '0.0.0.0/0', destination: '0.0.0.0/0', extra: 'statistic mode random probability 0.29999999981',
            randomProbability: 0.29999999981,
          },
        ],
      },
      { name: 'FORWARD', policy: 'ACCEPT', policyPkts: 0, policyBytes: 0, rules: [] },
      {
        name: 'OUTPUT', policy: 'ACCEPT', policyPkts: 15, policyBytes: 660,
        rules: [
          {
            position: 1, pkts: 6, bytes: 264, target: 'DROP', prot: 'all', opt: '--', in: '*', out: '*',
            source: '0.0.0.0/0', destination: '0.0.0.0/0', extra: 'statistic mode random probability 0.29999999981',
            randomProbability: 0.29999999981,
          },
        ],
      },
    ]);
  });

  const jcCases: [string, boolean][] = [
    ['centos-7.7/iptables-filter-nv', false],
    ['centos-7.7/iptables-filter', false],
    ['centos-7.7/iptables-filter-line-numbers', true],
    ['ubuntu-18.04/iptables-filter-nv', false],
    ['ubuntu-18.04/iptables-filter', false],
    ['ubuntu-18.04/iptables-filter-line-numbers', true],
    ['ubuntu-18.04/iptables-mangle', false],
    ['ubuntu-18.04/iptables-nat', false],
    ['ubuntu-18.04/iptables-raw', false],
    ['generic/iptables-no-jump', false],
  ];
  it.each(jcCases)('jc corpus %s matches jc\'s parse', (name, withNum) => {
    const expected: unknown = JSON.parse(readFileSync(`${corpus}${name}.json`, 'utf8'));
    expect(asJc(ok(readFileSync(`${corpus}${name}.out`, 'utf8')), withNum)).toEqual(trimOptions(expected));
  });

  it('abbreviated counters (1130K) become numbers', () => {
    const chains = ok(readFileSync(`${corpus}centos-7.7/iptables-filter-nv.out`, 'utf8'));
    expect(chains[0]?.rules[0]).toMatchObject({ pkts: 4175, bytes: 1_130_000, target: 'ACCEPT', extra: 'ctstate RELATED,ESTABLISHED' });
  });

  it('recorded here: -nvL of the lab netns (numeric prot, empty target, user chain, comment)', () => {
    const chains = ok(fixture('netns-nft-nvL.txt'));
    expect(chains.map((c) => [c.name, c.policy, c.references, c.rules.length])).toEqual([
      ['INPUT', 'ACCEPT', undefined, 4], ['FORWARD', 'DROP', undefined, 0], ['OUTPUT', 'ACCEPT', undefined, 1], ['PDTEST-USER', undefined, 1, 2],
    ]);
    expect(chains[0]?.rules[3]).toEqual({
      position: 4, pkts: 0, bytes: 0, target: '', prot: '6', opt: '--', in: '*', out: '*', source: '0.0.0.0/0', destination: '0.0.0.0/0', extra: '',
    });
    expect(chains[3]?.rules[0]?.extra).toBe('tcp dpt:80 /* pktdrop lab: say "hi" to port 80 */ reject-with tcp-reset');
    expect(chains[0]?.rules[1]).toMatchObject({ target: 'PDTEST-USER', in: 'lo', pkts: 1, bytes: 28 });
  });

  it('recorded here: -nvxL --line-numbers, -L -n (no counters), nat, ip6tables and the host', () => {
    const lin = ok(fixture('netns-legacy-nvxL-line-numbers.txt'));
    expect(lin[0]?.rules.map((r) => [r.position, r.pkts, r.bytes, r.target])).toEqual([[1, 0, 0, 'DROP'], [2, 2, 84, 'PDTEST-USER'], [3, 0, 0, 'ACCEPT'], [4, 0, 0, '']]);
    const plain = ok(fixture('netns-nft-nL.txt'));
    expect(plain[0]?.rules[0]).toEqual({
      position: 1, target: 'DROP', prot: '0', opt: '--', source: '0.0.0.0/0', destination: '0.0.0.0/0',
      extra: 'statistic mode random probability 0.29999999981', randomProbability: 0.29999999981,
    });
    expect(plain[0]).toMatchObject({ name: 'INPUT', policy: 'ACCEPT' });
    expect(plain[0]?.policyPkts).toBeUndefined();
    expect(ok(fixture('netns-nft-nat-nvL.txt'))[0]?.rules[0]).toMatchObject({ target: 'DNAT', extra: 'tcp dpt:8080 to:127.0.0.1:80' });
    expect(ok(fixture('netns-ip6tables-nft-nvL.txt'))[0]?.rules[1]).toMatchObject({ source: 'fd00::/8', randomProbability: 0.5 });
    const host = ok(fixture('host-nvL.txt'));
    expect(host.find((c) => c.name === 'FORWARD')?.rules.map((r) => `${r.target} ${r.in}>${r.out}`)).toEqual([
      'DOCKER-USER *>*', 'DOCKER-ISOLATION-STAGE-1 *>*', 'ACCEPT *>docker0', 'DOCKER *>docker0', 'ACCEPT docker0>!docker0', 'ACCEPT docker0>docker0',
    ]);
    expect(ok(fixture('host-nat-nvL.txt')).length).toBeGreaterThan(0);
  });

  it('synthetic: a rule wrapped by a terminal is rejoined; a wrapped match text is appended', () => {
    const wrapped = [
      'Chain INPUT (policy ACCEPT 0 packets, 0 bytes)',
      ' pkts bytes target     prot opt in     out     source               destination',
      '   12  4K DROP       all  --  *      *       0.0.0.0/0',
      '0.0.0.0/0            statistic mode random probability 0.50000000000',
      '    1  60 ACCEPT     tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp dpt:22 /* a very long',
      'comment */',
    ].join('\n');
    expect(ok(wrapped)[0]?.rules).toEqual([
      {
        position: 1, pkts: 12, bytes: 4000, target: 'DROP', prot: 'all', opt: '--', in: '*', out: '*', source: '0.0.0.0/0',
        destination: '0.0.0.0/0', extra: 'statistic mode random probability 0.50000000000', randomProbability: 0.5,
      },
      {
        position: 2, pkts: 1, bytes: 60, target: 'ACCEPT', prot: 'tcp', opt: '--', in: '*', out: '*', source: '0.0.0.0/0',
        destination: '0.0.0.0/0', extra: 'tcp dpt:22 /* a very long comment */',
      },
    ]);
  });

  it('returns ok:false for empty, garbage and other commands\' outputs', () => {
    for (const text of ['', ' \n', 'garbage\nno chains', fixture('netns-nft-save-c.txt'), readFileSync(dir + '../tc/host-s-qdisc-show.txt', 'utf8')]) {
      expect(parseIptablesList(text).ok).toBe(false);
    }
  });

  it('mutation: truncation at every 97th byte, garbage lines, CRLF, tabs, huge counters never throw nor yield NaN', () => {
    const texts = [
      seedListing(),
      ...readdirSync(dir).filter((f) => /nvx?L|nL/.test(f) && !f.endsWith('.source.txt')).map(fixture),
      readFileSync(`${corpus}centos-7.7/iptables-filter-nv.out`, 'utf8'),
    ];
    for (const text of texts) {
      const variants = [
        text.replace(/\n/g, '\r\n'),
        text.replace(/ {2,}/g, '\t'),
        text.replace(/\b\d+\b/g, '99999999999999999999'),
        text.split('\n').flatMap((l, i) => (i % 3 === 0 ? [l, 'x -- y', '12 K -- Chain', '(policy'] : [l])).join('\n'),
      ];
      for (let cut = 0; cut < text.length; cut += 97) variants.push(text.slice(0, cut));
      for (const v of variants) {
        const r = parseIptablesList(v);
        if (!r.ok) continue;
        for (const c of r.data) {
          for (const n of [c.policyPkts, c.policyBytes, c.references]) if (n !== undefined) expect(Number.isFinite(n)).toBe(true);
          for (const rule of c.rules) {
            for (const n of [rule.position, rule.pkts, rule.bytes, rule.randomProbability]) if (n !== undefined) expect(Number.isFinite(n)).toBe(true);
          }
        }
      }
    }
  });
});
