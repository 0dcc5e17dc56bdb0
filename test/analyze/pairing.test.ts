/**
 * analyze pairs two outputs as before/after snapshots only when they are the same command over the same
 * rules or devices (issue 12, item 8). Inputs: real recorded outputs (test/fixtures/seed/iptables-nvL.txt,
 * the seed container's listing with its two random DROP rules; test/fixtures/iptables/host-nvL.txt, this
 * machine's host listing) pasted one after the other, as a ticket would.
 */
import { describe, expect, it } from 'vitest';
import { analyzeTexts } from '../../src/analyze/analyze.js';
import { analyzeTextLines } from '../../src/ui/render-analyze.js';
import { fixture } from '../fakes/scenario.js';

// Each listing after the prompt that ran it, as a ticket shows it.
const seed = `root@nginx:/# iptables -t filter -nvL\n${fixture('fixtures/seed/iptables-nvL.txt')}`;
const host = `$ sudo iptables -nvL\n${fixture('fixtures/iptables/host-nvL.txt')}`;

describe('pairing', () => {
  it('two different iptables listings are two snapshots, never a before/after pair: the random DROP rules stay named', () => {
    const r = analyzeTexts([{ name: 'ticket.txt', text: `${seed}\n${host}` }]);
    expect(r.sections.map((s) => [s.kind, s.mode])).toEqual([['iptables-list', 'snapshot'], ['iptables-list', 'snapshot']]);
    const random = r.findings.filter((f) => f.id === 'netfilter.drop-rule').map((f) => [f.subject, f.basis]);
    expect(random).toEqual([['iptables filter/INPUT#1', 'state'], ['iptables filter/OUTPUT#1', 'state']]);
  });

  it('the same listing twice is a before/after pair (deltas)', () => {
    const r = analyzeTexts([{ name: 'ticket.txt', text: `${seed}\n${seed}` }]);
    expect(r.sections.map((s) => s.mode)).toEqual(['delta', 'delta']);
  });
});

describe('nothing recognised', () => {
  it('says so and exits 1, like an incomplete diagnose', () => {
    const r = analyzeTexts([{ name: 'prose.txt', text: 'Hi, our site is slow since Tuesday. Any idea?\nThanks\n' }]);
    expect(r.sections).toEqual([]);
    expect(r.exitCode).toBe(1);
    expect(analyzeTextLines({ ...r, bundles: [] }, false, false).at(-1)).toBe('Verdict  nothing recognised: the input holds no command output pktdrop knows, so nothing was judged (exit 1)');
  });
});
