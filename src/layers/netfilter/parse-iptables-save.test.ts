/**
 * Fixtures: test/fixtures/iptables/, recorded on this Debian 12 VM (kernel 6.18, iptables v1.8.9) as described in
 * test/fixtures/iptables/recorded-here.source.txt (throwaway netns pdtest-pb2 for the lab rules; the host's
 * Docker rules read only).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { detectIptablesBackend, parseIptablesSave, tokenizeIptablesArgs } from './parse-iptables-save.js';
import type { IptablesDump } from './model.js';

const dir = fileURLToPath(new URL('../../../test/fixtures/iptables/', import.meta.url));
const fixture = (name: string): string => readFileSync(dir + name, 'utf8');
const ok = (text: string): IptablesDump => {
  const r = parseIptablesSave(text);
  if (!r.ok) throw new Error(`expected ok, got: ${r.reason}`);
  return r.data;
};

const COMMENT = 'pktdrop lab: say "hi" to port 80';

describe('parseIptablesSave on outputs recorded on this VM', () => {
  it('iptables-nft-save -c in the lab netns: whole filter table', () => {
    const d = ok(fixture('netns-nft-save-c.txt'));
    expect(d.hasCounters).toBe(true);
    expect(d.backend).toBe('nf_tables');
    expect(d.chains.filter((c) => c.table === 'filter')).toEqual([
      { table: 'filter', name: 'INPUT', policy: 'ACCEPT', pkts: 0, bytes: 0 },
      { table: 'filter', name: 'FORWARD', policy: 'DROP', pkts: 0, bytes: 0 },
      { table: 'filter', name: 'OUTPUT', policy: 'ACCEPT', pkts: 0, bytes: 0 },
      { table: 'filter', name: 'PDTEST-USER', policy: '-', pkts: 0, bytes: 0 },
    ]);
    expect(d.rules.filter((r) => r.table === 'filter')).toEqual([
      {
        table: 'filter', chain: 'INPUT', position: 1, pkts: 1, bytes: 56, target: 'DROP', randomProbability: 0.29999999981,
        spec: ['-m', 'statistic', '--mode', 'random', '--probability', '0.29999999981', '-j', 'DROP'],
        specText: '-m statistic --mode random --probability 0.29999999981 -j DROP',
      },
      {
        table: 'filter', chain: 'INPUT', position: 2, pkts: 1, bytes: 28, target: 'PDTEST-USER',
        spec: ['-i', 'lo', '-j', 'PDTEST-USER'], specText: '-i lo -j PDTEST-USER',
      },
      {
        table: 'filter', chain: 'INPUT', position: 3, pkts: 0, bytes: 0, target: 'ACCEPT',
        spec: ['-p', 'udp', '-m', 'multiport', '--dports', '53,5353', '-j', 'ACCEPT'],
        specText: '-p udp -m multiport --dports 53,5353 -j ACCEPT',
      },
      { table: 'filter', chain: 'INPUT', position: 4, pkts: 0, bytes: 0, spec: ['-p', 'tcp'], specText: '-p tcp' },
      {
        table: 'filter', chain: 'OUTPUT', position: 1, pkts: 1, bytes: 40, target: 'DROP', randomProbability: 0.29999999981,
        spec: ['-m', 'statistic', '--mode', 'random', '--probability', '0.29999999981', '-j', 'DROP'],
        specText: '-m statistic --mode random --probability 0.29999999981 -j DROP',
      },
      {
        table: 'filter', chain: 'PDTEST-USER', position: 1, pkts: 0, bytes: 0, target: 'REJECT',
        spec: ['-p', 'tcp', '-m', 'tcp', '--dport', '80', '-m', 'comment', '--comment', COMMENT, '-j', 'REJECT', '--reject-with', 'tcp-reset'],
        specText: '-p tcp -m tcp --dport 80 -m comment --comment "pktdrop lab: say \\"hi\\" to port 80" -j REJECT --reject-with tcp-reset',
      },
      {
        table: 'filter', chain: 'PDTEST-USER', position: 2, pkts: 0, bytes: 0, target: 'RETURN',
        spec: ['-s', '10.9.0.0/16', '-j', 'RETURN'], specText: '-s 10.9.0.0/16 -j RETURN',
      },
    ]);
    expect(d.rules.find((r) => r.table === 'nat')).toMatchObject({ chain: 'PREROUTING', position: 1, target: 'DNAT' });
    expect(d.rules.find((r) => r.table === 'mangle')).toMatchObject({ pkts: 2, bytes: 84, target: 'MARK' });
  });

  it('iptables-legacy-save -c and without -c (counters 0, hasCounters false)', () => {
    const c = ok(fixture('netns-legacy-save-c.txt'));
    expect(c.hasCounters).toBe(true);
    expect(c.backend).toBe('legacy');
    expect(c.chains.find((x) => x.table === 'filter' && x.name === 'INPUT')).toEqual({ table: 'filter', name: 'INPUT', policy: 'ACCEPT', pkts: 2, bytes: 84 });
    expect(c.rules.filter((r) => r.randomProbability !== undefined).map((r) => [r.chain, r.pkts, r.bytes])).toEqual([
      ['INPUT', 0, 0],
      ['OUTPUT', 1, 28],
    ]);
    const n = ok(fixture('netns-legacy-save.txt'));
    expect(n.hasCounters).toBe(false);
    expect(n.rules.every((r) => r.pkts === 0 && r.bytes === 0)).toBe(true);
    expect(n.rules.map((r) => r.spec)).toEqual(c.rules.map((r) => r.spec));
    expect(ok(fixture('netns-nft-save.txt')).hasCounters).toBe(false);
  });

  it('ip6tables-nft-save -c', () => {
    const d = ok(fixture('netns-ip6tables-nft-save-c.txt'));
    expect(d.rules.map((r) => [r.chain, r.position, r.target, r.randomProbability])).toEqual([
      ['INPUT', 1, 'ACCEPT', undefined],
      ['INPUT', 2, 'DROP', 0.5],
    ]);
  });

  it("the host's Docker rules", () => {
    const d = ok(fixture('host-iptables-save-c.txt'));
    expect(d.chains.filter((c) => c.table === 'filter').map((c) => `${c.name}:${c.policy}`)).toEqual([
      'INPUT:ACCEPT', 'FORWARD:DROP', 'OUTPUT:ACCEPT', 'DOCKER:-', 'DOCKER-ISOLATION-STAGE-1:-', 'DOCKER-ISOLATION-STAGE-2:-', 'DOCKER-USER:-',
    ]);
    const forward = d.rules.filter((r) => r.table === 'filter' && r.chain === 'FORWARD');
    expect(forward.map((r) => r.position)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(forward[4]?.spec).toEqual(['-i', 'docker0', '!', '-o', 'docker0', '-j', 'ACCEPT']);
    expect(d.rules.find((r) => r.table === 'nat' && r.chain === 'PREROUTING')).toMatchObject({ pkts: 13, bytes: 2964, target: 'DOCKER' });
  });

  it('empty legacy dump on the host (no legacy tables) is ok:false', () => {
    expect(parseIptablesSave(fixture('host-legacy-save-c.txt')).ok).toBe(false);
  });
});

describe('parseIptablesSave: synthetic edge cases', () => {
  it('synthetic: older "-A CHAIN -c pkts bytes" form, and -g', () => {
    const d = ok('*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -c 6 240 -m statistic --mode random --probability 0.30000000019 -j DROP\n-A INPUT -g OTHER\nCOMMIT\n');
    expect(d.rules[0]).toMatchObject({ pkts: 6, bytes: 240, target: 'DROP', randomProbability: 0.30000000019 });
    expect(d.rules[0]?.spec).toEqual(['-m', 'statistic', '--mode', 'random', '--probability', '0.30000000019', '-j', 'DROP']);
    expect(d.rules[0]?.specText).toBe('-m statistic --mode random --probability 0.30000000019 -j DROP');
    expect(d.rules[1]).toMatchObject({ position: 2, target: 'OTHER' });
    expect(d.hasCounters).toBe(true);
  });

  it('synthetic: tokenizer keeps quoted strings (kube-proxy style comments) and escapes', () => {
    expect(tokenizeIptablesArgs('-m comment --comment "kube-proxy: foo bar" -j KUBE-SVC-X')).toEqual(['-m', 'comment', '--comment', 'kube-proxy: foo bar', '-j', 'KUBE-SVC-X']);
    expect(tokenizeIptablesArgs('--comment "a \\"b\\" c"  -j  X')).toEqual(['--comment', 'a "b" c', '-j', 'X']);
    expect(tokenizeIptablesArgs('--comment ""')).toEqual(['--comment', '']);
  });

  it('detectIptablesBackend', () => {
    expect(detectIptablesBackend('iptables v1.8.9 (nf_tables)')).toBe('nf_tables');
    expect(detectIptablesBackend('iptables v1.8.9 (legacy)\n')).toBe('legacy');
    expect(detectIptablesBackend('iptables v1.6.1')).toBe('legacy');
    expect(detectIptablesBackend(fixture('netns-nft-save-c.txt'))).toBe('nf_tables');
    expect(detectIptablesBackend(fixture('netns-legacy-save-c.txt'))).toBe('legacy');
    expect(detectIptablesBackend(fixture('netns-ip6tables-nft-save-c.txt'))).toBe('nf_tables');
    expect(detectIptablesBackend('')).toBeUndefined();
    expect(detectIptablesBackend('bash: iptables: command not found')).toBeUndefined();
  });

  it('returns ok:false for empty, garbage and other commands\' outputs', () => {
    for (const text of ['', '\n \n', 'garbage\n-- x', fixture('netns-nft-nvL.txt'), readFileSync(dir + '../tc/host-s-qdisc-show.txt', 'utf8')]) {
      expect(parseIptablesSave(text).ok).toBe(false);
    }
  });

  it('mutation: truncation at every 97th byte, garbage lines, CRLF, tabs, huge counters never throw nor yield NaN', () => {
    const names = readdirSync(dir).filter((f) => f.includes('save') && f.endsWith('.txt') && !f.endsWith('.source.txt'));
    for (const name of names) {
      const text = fixture(name);
      const variants = [
        text.replace(/\n/g, '\r\n'),
        text.replace(/ /g, '\t'),
        text.replace(/\d+/g, '99999999999999999999'),
        text.split('\n').flatMap((l, i) => (i % 3 === 0 ? [l, '[x:y] -A', '-A', ':', '*', '"unterminated'] : [l])).join('\n'),
      ];
      for (let cut = 0; cut < text.length; cut += 97) variants.push(text.slice(0, cut));
      for (const v of variants) {
        const r = parseIptablesSave(v);
        if (!r.ok) continue;
        for (const x of [...r.data.rules, ...r.data.chains]) {
          expect(Number.isFinite(x.pkts) && Number.isFinite(x.bytes)).toBe(true);
          if ('position' in x) expect(Number.isInteger(x.position)).toBe(true);
        }
      }
    }
    expect(ok('*filter\n:INPUT ACCEPT [99999999999999999999:1]\n[99999999999999999999:1] -A INPUT -j DROP\nCOMMIT').rules[0]?.pkts).toBe(1e20);
  });

  it('performance (synthetic): 50,000 rules parse in well under 2 s', () => {
    const body: string[] = ['# Generated by iptables-save v1.8.9 (nf_tables) on Tue Nov 24 20:41:44 2026', '*filter', ':INPUT ACCEPT [0:0]', ':KUBE-SVC - [0:0]'];
    for (let i = 0; i < 50_000; i++) {
      body.push(`[${i}:${i * 60}] -A ${i % 2 ? 'INPUT' : 'KUBE-SVC'} -s 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}/32 -p tcp -m tcp --dport ${i % 65535} -m comment --comment "kube-proxy: svc ${i}" -j ${i % 7 ? 'ACCEPT' : 'DROP'}`);
    }
    body.push('COMMIT');
    const text = body.join('\n');
    const t0 = performance.now();
    const d = ok(text);
    const ms = performance.now() - t0;
    console.log(`parseIptablesSave: 50,000 rules (${(text.length / 1e6).toFixed(1)} MB) in ${ms.toFixed(0)} ms`);
    expect(d.rules).toHaveLength(50_000);
    expect(d.rules[49_999]).toMatchObject({ chain: 'INPUT', position: 25_000 });
    expect(ms).toBeLessThan(2000);
  });
});
