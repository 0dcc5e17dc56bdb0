/**
 * User-defined chains (issue 12, item 1): a rule of a chain reached by a jump or a goto lies where the
 * built-in chains that reach it lie. Real readings of a router namespace made for this test (see
 * test/fixtures/iptables/router-user-chains.source.txt): iptables MYIN (from INPUT, goto NESTED), MYFWD
 * (from FORWARD), SHARED (from INPUT and FORWARD), ORPHAN (from nothing); nft inet h8chains in_user,
 * in_goto (from input), fwd_user → fwd_inner (from forward), orphan; SYNs to the router (INPUT) and
 * through it (FORWARD) between the two readings.
 */
import { describe, expect, it } from 'vitest';
import { checkNetfilter, netfilterProbe, planNetfilterFix } from './layer.js';
import { hooksOf, iptablesReach, iptChainKey, nftChainKey, nftReach, nftTargets, reachedHooks } from './reach.js';
import { parseIptablesSave } from './parse-iptables-save.js';
import { parseNftRuleset } from './parse-nft.js';
import { parseIptablesList } from './parse-iptables-list.js';
import { listingToDump } from '../../analyze/listing-to-dump.js';
import { probePath, scopeToPath, onPath } from '../../diagnose/path.js';
import type { CommandResult, Finding } from '../../core/types.js';
import { CONTAINER_TARGET, checkInputOf, ctxOf, fixture, notFoundResult, readWith } from '../../../test/fakes/scenario.js';
import { tr } from '../../i18n/index.js';

const ctx = ctxOf(CONTAINER_TARGET, 'target');
const NONE = { nft4: notFoundResult(['iptables-nft-save']), legacy4: notFoundResult(['iptables-legacy-save']), nft6: notFoundResult(['ip6tables-nft-save']), legacy6: notFoundResult(['ip6tables-legacy-save']), save4: notFoundResult(['iptables-save']), nft: notFoundResult(['nft']) };
const read = (over: Partial<Record<keyof typeof NONE, CommandResult | string>>) => readWith(netfilterProbe, ctx, { ...NONE, ...over });
const save = (when: 'before' | 'after') => fixture(`fixtures/iptables/router-user-chains-${when}-save-c.txt`);
const ruleset = (when: 'before' | 'after') => fixture(`fixtures/nft/router-user-chains-${when}-list-ruleset-a.txt`);
const reading = (when: 'before' | 'after') => read({ nft4: save(when), legacy4: '', nft: ruleset(when) });

function parsedSave(text: string) {
  const p = parseIptablesSave(text);
  if (!p.ok) throw new Error(p.reason);
  return p.data;
}
function parsedNft(text: string) {
  const p = parseNftRuleset(text);
  if (!p.ok) throw new Error(p.reason);
  return p.data;
}
const routesText = (reach: ReturnType<typeof iptablesReach>, key: string) => (reach.get(key) ?? []).map((r) => r.text);

describe('which built-in chains reach a chain', () => {
  it('iptables: jumps and gotos followed from the built-in chains; a chain jumped to from two hooks has two routes; an orphan none', () => {
    const reach = iptablesReach(parsedSave(save('after')));
    expect(routesText(reach, iptChainKey('filter', 'MYIN'))).toEqual(['filter INPUT → MYIN']);
    expect(routesText(reach, iptChainKey('filter', 'NESTED'))).toEqual(['filter INPUT → MYIN → NESTED']);
    expect(routesText(reach, iptChainKey('filter', 'MYFWD'))).toEqual(['filter FORWARD → MYFWD']);
    expect(routesText(reach, iptChainKey('filter', 'SHARED'))).toEqual(['filter INPUT → SHARED', 'filter FORWARD → SHARED']);
    expect(hooksOf(reach.get(iptChainKey('filter', 'SHARED')) ?? [])).toEqual(['INPUT', 'FORWARD']);
    expect(reach.get(iptChainKey('filter', 'ORPHAN'))).toBeUndefined();
    expect(routesText(reach, iptChainKey('filter', 'INPUT'))).toEqual(['filter INPUT']);
  });

  it('nft: jump and goto from base chains, regular chains nested; an orphan none', () => {
    const reach = nftReach(parsedNft(ruleset('after')));
    const k = (c: string) => nftChainKey('inet', 'h8chains', c);
    expect(routesText(reach, k('in_user'))).toEqual(['inet h8chains input → in_user']);
    expect(routesText(reach, k('deeper'))).toEqual(['inet h8chains input → in_user → deeper']);
    expect(routesText(reach, k('in_goto'))).toEqual(['inet h8chains input → in_goto']);
    expect(routesText(reach, k('fwd_inner'))).toEqual(['inet h8chains forward → fwd_user → fwd_inner']);
    expect(reach.get(k('orphan'))).toBeUndefined();
    // iptables-nft's own table, as nft shows it: the same routes.
    expect(routesText(reach, nftChainKey('ip', 'filter', 'NESTED'))).toEqual(['ip filter INPUT → MYIN → NESTED']);
  });

  it('a cycle (refused by both tools; here a documented edit of the recording: NESTED jumps back to MYIN) ends where a chain repeats', () => {
    const edited = save('after').replace('-A NESTED -p tcp', '-A NESTED -j MYIN\n[0:0] -A NESTED -p tcp');
    const reach = iptablesReach(parsedSave(edited));
    expect(routesText(reach, iptChainKey('filter', 'MYIN'))).toEqual(['filter INPUT → MYIN']);
    expect(routesText(reach, iptChainKey('filter', 'NESTED'))).toEqual(['filter INPUT → MYIN → NESTED']);
  });

  it('nft targets: jump, goto, quoted names and inline verdict maps', () => {
    expect(nftTargets('tcp dport 8081 jump in_user')).toEqual(['in_user']);
    expect(nftTargets('tcp dport vmap { 22 : jump ssh_in, 80 : goto "web in" }')).toEqual(['ssh_in', 'web in']);
    expect(nftTargets('counter packets 1 bytes 2 drop')).toEqual([]);
  });
});

describe('checkNetfilter: rules of user-defined chains', () => {
  const { findings, notes } = checkNetfilter(checkInputOf(CONTAINER_TARGET, 'target', reading('before'), reading('after')));
  const byChain = (chain: string) => findings.find((f) => f.details && 'chain' in f.details && f.details.chain === chain);

  it('every rule whose counter rose is convicted, with its path element in the title and its routes as evidence', () => {
    expect(findings.map((f) => [f.id, f.severity, f.subject, f.evidence[0]?.kind === 'counter' ? f.evidence[0].delta : undefined])).toEqual([
      ['netfilter.drop-rule', 'error', 'iptables filter/MYFWD#1', 4],
      ['netfilter.drop-rule', 'error', 'iptables filter/MYIN#1', 1],
      ['netfilter.drop-rule', 'error', 'iptables filter/NESTED#1', 5],
      ['netfilter.drop-rule', 'error', 'nft inet h8chains in_user handle 12', 6],
      ['netfilter.drop-rule', 'error', 'nft inet h8chains in_goto handle 15', 6],
      ['netfilter.drop-rule', 'error', 'nft inet h8chains fwd_user handle 16', 4],
      ['netfilter.drop-rule', 'error', 'nft inet h8chains fwd_inner handle 18', 4],
    ]);
    const nested = byChain('NESTED');
    expect(nested?.title).toBe('NESTED rule #1 (DROP) matched 5 packet(s) during the window (on filter INPUT → MYIN → NESTED)');
    expect(nested?.explanation).toBe(
      'The rule "-t filter -A NESTED -p tcp -m tcp --dport 8080 -j DROP" drops the packets it matches, and its counter rose during the window. ' +
        'Packets reach NESTED only through a jump from a built-in chain: filter INPUT → MYIN → NESTED.',
    );
    expect(nested?.evidence.at(-1)).toEqual({ kind: 'state', name: 'path', subject: 'iptables filter/NESTED#1', value: 'filter INPUT → MYIN → NESTED', source: 'iptables-nft-save -c' });
    expect(byChain('MYIN')?.title).toBe('MYIN rule #1 drops a random 50% of packets (on filter INPUT → MYIN)');
    expect(byChain('fwd_inner')?.title).toBe('nft rule in inet h8chains fwd_inner (drop) matched 4 packet(s) during the window (on inet h8chains forward → fwd_user → fwd_inner)');
    // The fix deletes the rule from its own chain, whatever reaches it.
    expect(planNetfilterFix(nested as Finding)?.commands).toEqual([['iptables-nft', '-t', 'filter', '-D', 'NESTED', '-p', 'tcp', '-m', 'tcp', '--dport', '8080', '-j', 'DROP']]);
    expect(planNetfilterFix(byChain('in_goto') as Finding)?.commands).toEqual([['nft', 'delete', 'rule', 'inet', 'h8chains', 'in_goto', 'handle', '15']]);
  });

  it('the hooks each finding is reached from: iptables from its routes, nft also in details.hook', () => {
    expect(reachedHooks(byChain('MYFWD') as Finding)).toEqual(['FORWARD']);
    expect(reachedHooks(byChain('NESTED') as Finding)).toEqual(['INPUT']);
    expect(reachedHooks(byChain('fwd_user') as Finding)).toEqual(['FORWARD']);
    expect(byChain('fwd_user')?.details).toMatchObject({ kind: 'nft-rule', hook: 'forward' });
    expect(byChain('in_user')?.details).toMatchObject({ kind: 'nft-rule', hook: 'input' });
  });

  it('an unreachable chain: its idle DROP rule is a note that says so; the rule of a chain reached from two hooks says both', () => {
    expect(notes).toContain(
      'iptables filter/ORPHAN#1 (-j DROP) is a DROP rule that did not match during the window (0 packets since its counters were last reset: history) (in ORPHAN, which no built-in chain reaches)',
    );
    expect(notes).toContain(
      'iptables filter/SHARED#1 (-p udp -m udp --dport 7 -j DROP) is a DROP rule that did not match during the window (0 packets since its counters were last reset: history) (on filter INPUT → SHARED, filter FORWARD → SHARED)',
    );
    expect(notes).toContain(
      'nft inet h8chains orphan handle 19 (counter packets 0 bytes 0 drop) did not match during the window (0 packets since it was created: history) (in orphan, which no built-in chain reaches)',
    );
    expect(tr('zh', notes.find((n) => n.startsWith('iptables filter/ORPHAN#1')) ?? '')).toBe(
      'iptables filter/ORPHAN#1（-j DROP）是一条 DROP 规则，在测量窗口内没有匹配（自计数器上次清零以来共 0 个数据包：历史数据）（位于 ORPHAN 链，没有任何内置链能到达它）',
    );
  });

  it('an idle random DROP in an unreachable chain is a note, not a fault injector warning (a documented edit: MYIN\'s random rule moved to ORPHAN)', () => {
    const move = (s: string) => s.replace(/\] -A MYIN (-p tcp -m tcp --dport 8080 -m statistic)/, '] -A ORPHAN $1');
    const r = read({ nft4: move(save('after')), legacy4: '' });
    const out = checkNetfilter(checkInputOf(CONTAINER_TARGET, 'target', r, r));
    expect(out.findings.filter((f) => f.subject.includes('ORPHAN'))).toEqual([]);
    expect(out.notes).toContain(
      'iptables filter/ORPHAN#1 (-p tcp -m tcp --dport 8080 -m statistic --mode random --probability 0.50000000000 -j DROP) would drop a random 50% of what it matches, but no built-in chain reaches ORPHAN: it cannot act on any packet now',
    );
  });

  it('on the path of a probe to the target\'s own address (no FORWARD): the forward-only chains\' drops leave the findings', () => {
    const path = probePath(CONTAINER_TARGET, '172.17.0.2');
    if (!path) throw new Error('no path');
    // nft rules carry their hook: the path model places them today.
    expect(onPath(byChain('fwd_user') as Finding, path)).toBe(false);
    expect(onPath(byChain('fwd_inner') as Finding, path)).toBe(false);
    expect(onPath(byChain('in_goto') as Finding, path)).toBe(true);
    const step = { layer: 'netfilter' as const, scope: 'target' as const, title: '', lookedAt: '', outcome: { status: 'findings' as const, findings, notes: [] } };
    const [scoped] = scopeToPath([step], path);
    const kept = scoped?.outcome.status === 'findings' ? scoped.outcome.findings.map((f) => f.subject) : [];
    expect(kept).not.toContain('nft inet h8chains fwd_user handle 16');
    expect(kept).toContain('nft inet h8chains in_user handle 12');
    // iptables rules of user chains: on the path exactly when a hook they are reached from is.
    const scopeHooks: readonly string[] = path.scopes.target?.hooks ?? [];
    const onByRoutes = (f: Finding) => (reachedHooks(f) ?? []).some((h) => scopeHooks.includes(h));
    expect(onByRoutes(byChain('MYFWD') as Finding)).toBe(false);
    expect(onByRoutes(byChain('NESTED') as Finding)).toBe(true);
  });
});

describe('a pasted iptables -nvxL listing (pktdrop analyze) gives the same routes', () => {
  it('the router\'s recorded listing: jumps and the goto followed from the listed built-in chains', () => {
    const p = parseIptablesList(fixture('fixtures/iptables/router-user-chains-after-nvxL.txt'));
    if (!p.ok) throw new Error(p.reason);
    const reach = iptablesReach(listingToDump(p.data, 'filter'));
    expect(routesText(reach, iptChainKey('filter', 'NESTED'))).toEqual(['filter INPUT → MYIN → NESTED']);
    expect(routesText(reach, iptChainKey('filter', 'MYFWD'))).toEqual(['filter FORWARD → MYFWD']);
    expect(reach.get(iptChainKey('filter', 'ORPHAN'))).toBeUndefined();
  });
});
