/**
 * Fixtures: test/fixtures/nft/, recorded on this Debian 12 VM (kernel 6.18, nftables v1.0.6) as described in
 * test/fixtures/nft/recorded-here.source.txt: a lab ruleset in the throwaway netns pdtest-pb3, iptables-nft's
 * tables in the throwaway netns pdtest-pb2, and the host's ruleset (Docker's rules via iptables-nft), read only.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseNftRuleset } from './parse-nft.js';
import type { NftRuleset } from './model.js';

const dir = fileURLToPath(new URL('../../../test/fixtures/nft/', import.meta.url));
const fixture = (name: string): string => readFileSync(dir + name, 'utf8');
const ok = (text: string): NftRuleset => {
  const r = parseNftRuleset(text);
  if (!r.ok) throw new Error(`expected ok, got: ${r.reason}`);
  return r.data;
};

describe('parseNftRuleset', () => {
  it('lab ruleset with -a: whole structure (sets, maps, named counter skipped; verdicts, counters, handles)', () => {
    expect(ok(fixture('netns-lab-list-ruleset-a.txt'))).toEqual({
      tables: [
        { family: 'inet', name: 'pktdrop_lab', handle: 1 },
        { family: 'ip', name: 'pktdrop_nat', handle: 2 },
      ],
      chains: [
        { family: 'inet', table: 'pktdrop_lab', name: 'input', handle: 1, type: 'filter', hook: 'input', priority: 'filter', policy: 'accept' },
        { family: 'inet', table: 'pktdrop_lab', name: 'udp_checks', handle: 2 },
        { family: 'inet', table: 'pktdrop_lab', name: 'forward', handle: 3, type: 'filter', hook: 'forward', priority: 'filter', policy: 'drop' },
        { family: 'inet', table: 'pktdrop_lab', name: 'out', handle: 4, type: 'filter', hook: 'output', priority: 'filter', policy: 'accept' },
        { family: 'ip', table: 'pktdrop_nat', name: 'pre', handle: 1, type: 'nat', hook: 'prerouting', priority: 'dstnat', policy: 'accept' },
      ],
      rules: [
        {
          family: 'inet', table: 'pktdrop_lab', chain: 'input', position: 1, handle: 8, verdict: 'drop', counter: { packets: 5, bytes: 200 },
          text: 'iif "lo" tcp dport 80 counter packets 5 bytes 200 drop comment "pktdrop lab: drop http"',
        },
        {
          family: 'inet', table: 'pktdrop_lab', chain: 'input', position: 2, handle: 9, verdict: 'reject', counter: { packets: 0, bytes: 0 },
          text: 'ip saddr @blocked_v4 counter packets 0 bytes 0 reject with icmp admin-prohibited',
        },
        { family: 'inet', table: 'pktdrop_lab', chain: 'input', position: 3, handle: 10, text: 'tcp dport vmap @port_verdicts' },
        {
          family: 'inet', table: 'pktdrop_lab', chain: 'input', position: 4, handle: 11, verdict: 'jump udp_checks', counter: { packets: 20, bytes: 560 },
          text: 'udp dport 9 counter packets 20 bytes 560 jump udp_checks',
        },
        {
          family: 'inet', table: 'pktdrop_lab', chain: 'input', position: 5, handle: 12, verdict: 'accept', counter: { packets: 15, bytes: 840 },
          text: 'meta l4proto icmp counter packets 15 bytes 840 accept',
        },
        {
          family: 'inet', table: 'pktdrop_lab', chain: 'udp_checks', position: 1, handle: 13, verdict: 'drop', counter: { packets: 5, bytes: 140 },
          text: 'numgen random mod 10 < 3 counter packets 5 bytes 140 drop',
        },
        {
          family: 'inet', table: 'pktdrop_lab', chain: 'udp_checks', position: 2, handle: 14, verdict: 'return', counter: { packets: 15, bytes: 420 },
          text: 'counter packets 15 bytes 420 return',
        },
        { family: 'inet', table: 'pktdrop_lab', chain: 'forward', position: 1, handle: 15, verdict: 'accept', text: 'ct state established,related accept' },
        { family: 'inet', table: 'pktdrop_lab', chain: 'out', position: 1, handle: 16, verdict: 'drop', text: 'tcp dport 8081 counter name "dropped_http" drop' },
        { family: 'inet', table: 'pktdrop_lab', chain: 'out', position: 2, handle: 17, counter: { packets: 40, bytes: 1600 }, text: 'counter packets 40 bytes 1600' },
        { family: 'ip', table: 'pktdrop_nat', chain: 'pre', position: 1, handle: 2, text: 'tcp dport 8080 dnat to 127.0.0.1:80' },
      ],
    });
  });

  it('the same ruleset without -a: no handles, same rules', () => {
    const a = ok(fixture('netns-lab-list-ruleset-a.txt'));
    const b = ok(fixture('netns-lab-list-ruleset.txt'));
    expect(b.tables.every((t) => t.handle === undefined)).toBe(true);
    expect(b.rules.every((r) => r.handle === undefined)).toBe(true);
    expect(b.rules.map((r) => [r.chain, r.position, r.text, r.verdict])).toEqual(a.rules.map((r) => [r.chain, r.position, r.text, r.verdict]));
  });

  it("iptables-nft's tables as nft shows them (lab netns) and the host's Docker ruleset", () => {
    const lab = ok(fixture('netns-iptables-nft-compat-list-ruleset-a.txt'));
    const drops = lab.rules.filter((r) => r.verdict === 'drop');
    expect(drops.length).toBeGreaterThanOrEqual(2);
    expect(lab.chains.find((c) => c.table === 'filter' && c.name === 'FORWARD')?.policy).toBe('drop');
    const host = ok(fixture('host-list-ruleset-a.txt'));
    expect(host.tables.map((t) => `${t.family} ${t.name} ${t.handle}`)).toEqual(['ip nat 1', 'ip filter 2']);
    expect(host.rules.find((r) => r.chain === 'DOCKER-ISOLATION-STAGE-2' && r.position === 1)).toEqual({
      family: 'ip', table: 'filter', chain: 'DOCKER-ISOLATION-STAGE-2', position: 1, handle: 17, verdict: 'drop',
      counter: { packets: 0, bytes: 0 }, text: 'oifname "docker0" counter packets 0 bytes 0 drop',
    });
    expect(host.rules.find((r) => r.chain === 'PREROUTING')).toMatchObject({ verdict: 'jump DOCKER', counter: { packets: 13, bytes: 2964 } });
    expect(host.rules.find((r) => r.chain === 'POSTROUTING')?.verdict).toBeUndefined();
    expect(host.chains.find((c) => c.name === 'OUTPUT' && c.table === 'nat')?.priority).toBe('-100');
  });

  it('synthetic: queue, goto, reject without args, multi-line anonymous set in a rule, netdev devices', () => {
    const d = ok([
      'table netdev edge { # handle 9',
      '\tchain ingress { # handle 1',
      '\t\ttype filter hook ingress devices = { eth0, eth1 } priority -500; policy accept;',
      '\t\ttcp dport 8081 counter packets 1 bytes 2 queue flags bypass to 3 # handle 2',
      '\t\tip saddr { 10.0.0.1, 10.0.0.2,',
      '\t\t\t10.0.0.3 } goto blocked # handle 3',
      '\t\treject # handle 4',
      '\t\tlog prefix "drop " # handle 5',
      '\t}',
      '}',
    ].join('\n'));
    expect(d.chains[0]).toMatchObject({ type: 'filter', hook: 'ingress', priority: '-500', policy: 'accept' });
    expect(d.rules.map((r) => [r.position, r.handle, r.verdict])).toEqual([[1, 2, 'queue'], [2, 3, 'goto blocked'], [3, 4, 'reject'], [4, 5, undefined]]);
    expect(d.rules[1]?.text).toBe('ip saddr { 10.0.0.1, 10.0.0.2, 10.0.0.3 } goto blocked');
  });

  it('returns ok:false for empty, garbage and other commands\' outputs', () => {
    for (const text of ['', '\n\n', 'garbage { }', readFileSync(dir + '../iptables/netns-nft-save-c.txt', 'utf8'), 'Error: Could not process rule: Operation not permitted']) {
      expect(parseNftRuleset(text).ok).toBe(false);
    }
  });

  it('mutation: truncation at every 97th byte, garbage lines, CRLF, tabs, huge counters never throw nor yield NaN', () => {
    const names = readdirSync(dir).filter((f) => f.endsWith('.txt') && !f.endsWith('.source.txt'));
    for (const name of names) {
      const text = fixture(name);
      const variants = [
        text.replace(/\n/g, '\r\n'),
        text.replace(/\t/g, '    ').replace(/ /g, '\t'),
        text.replace(/\d+/g, '99999999999999999999'),
        text.split('\n').flatMap((l, i) => (i % 3 === 0 ? [l, '{ "garbage', '}', 'chain {', 'counter packets x bytes'] : [l])).join('\n'),
      ];
      for (let cut = 0; cut < text.length; cut += 97) variants.push(text.slice(0, cut));
      for (const v of variants) {
        const r = parseNftRuleset(v);
        if (!r.ok) continue;
        for (const rule of r.data.rules) {
          for (const n of [rule.position, rule.handle, rule.counter?.packets, rule.counter?.bytes]) if (n !== undefined) expect(Number.isFinite(n)).toBe(true);
        }
      }
    }
  });
});
