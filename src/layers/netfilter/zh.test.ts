/**
 * The netfilter layer's words in Simplified Chinese (issue 16): real findings, notes and fix titles from
 * the recorded seed run (test/e2e/fixtures/recorded-here.source.txt) and the router namespace with user
 * chains (test/fixtures/iptables/router-user-chains.source.txt), rendered by the catalogue; rules,
 * commands, chains and numbers unchanged; the English is what the JSON shows.
 */
import { describe, expect, it } from 'vitest';
import { checkNetfilter, netfilterLayer, netfilterProbe, planNetfilterFix } from './layer.js';
import { tr } from '../../i18n/index.js';
import type { CommandResult, Finding } from '../../core/types.js';
import { CONTAINER_TARGET, checkInputOf, ctxOf, fixture, inContainer, loadRecording, notFoundResult, readWith, recordedResults } from '../../../test/fakes/scenario.js';

const ctx = ctxOf(CONTAINER_TARGET, 'target');
const NONE = { nft4: notFoundResult(['iptables-nft-save']), legacy4: notFoundResult(['iptables-legacy-save']), nft6: notFoundResult(['ip6tables-nft-save']), legacy6: notFoundResult(['ip6tables-legacy-save']), save4: notFoundResult(['iptables-save']), nft: notFoundResult(['nft']) };
const read = (over: Partial<Record<keyof typeof NONE, CommandResult | string>>) => readWith(netfilterProbe, ctx, { ...NONE, ...over });

describe('netfilter in Chinese', () => {
  it('the seed run\'s random DROP rule: title, explanation, action and fix title', () => {
    const rec = loadRecording('seed-container-yes');
    const [b, a] = recordedResults(rec, inContainer(rec, ['iptables-nft-save', '-c']));
    const { findings, notes } = checkNetfilter(checkInputOf(CONTAINER_TARGET, 'target', read({ nft4: b!.stdout, legacy4: '' }), read({ nft4: a!.stdout, legacy4: '' })));
    const f = findings[0] as Finding;
    expect(f.title).toBe('INPUT rule #1 drops a random 30% of packets');
    expect(tr('zh', f.title)).toBe('INPUT 链第 1 条规则随机丢弃 30% 的数据包');
    expect(tr('zh', f.explanation)).toBe(
      '规则 "-t filter -A INPUT -m statistic --mode random --probability 0.29999999981 -j DROP" 用 statistic 模块随机丢弃它匹配到的一部分流量：这是故障注入，不是防火墙策略。',
    );
    // The action is a command: data, the same in every language.
    expect(tr('zh', f.action)).toBe(f.action);
    expect(tr('zh', planNetfilterFix(f)?.title ?? '')).toBe('删除 filter/INPUT 链第 1 条规则：-m statistic --mode random --probability 0.29999999981 -j DROP');
    expect(tr('zh', notes.at(-1) ?? '')).toBe('iptables-nft 中共 2 条 iptables 规则；未读取 nft');
    expect(tr('zh', netfilterLayer.title)).toBe('Netfilter：iptables 和 nftables 规则');
  });

  it('a rule of a user chain, with its path element, and an nft rule of a regular chain', () => {
    const reading = (when: string) =>
      read({ nft4: fixture(`fixtures/iptables/router-user-chains-${when}-save-c.txt`), legacy4: '', nft: fixture(`fixtures/nft/router-user-chains-${when}-list-ruleset-a.txt`) });
    const { findings } = checkNetfilter(checkInputOf(CONTAINER_TARGET, 'target', reading('before'), reading('after')));
    const nested = findings.find((f) => f.subject === 'iptables filter/NESTED#1');
    expect(tr('zh', nested?.title ?? '')).toBe('NESTED 链第 1 条规则（DROP）在测量窗口内匹配了 5 个数据包（位于 filter INPUT → MYIN → NESTED）');
    expect(tr('zh', nested?.explanation ?? '')).toBe(
      '规则 "-t filter -A NESTED -p tcp -m tcp --dport 8080 -j DROP" 会丢弃它匹配到的数据包，而它的计数器在测量窗口内增长了。' +
        '数据包只能经由内置链的跳转到达 NESTED 链：filter INPUT → MYIN → NESTED。',
    );
    const fwd = findings.find((f) => f.subject === 'nft inet h8chains fwd_inner handle 18');
    expect(tr('zh', fwd?.title ?? '')).toBe('inet h8chains fwd_inner 中的 nft 规则（drop）在测量窗口内匹配了 4 个数据包（位于 inet h8chains forward → fwd_user → fwd_inner）');
  });

  it('a layer that could not read its tools says why in Chinese', () => {
    const p = netfilterProbe.parse(new Map(Object.entries({ ...NONE, nft4: { ...notFoundResult(['x']), ok: false, failure: { kind: 'timeout', hint: 'timed out' } } as CommandResult })));
    expect(p.ok).toBe(false);
    if (p.ok) return;
    expect(p.reason).toBe('iptables-nft-save -c failed: timed out');
    expect(tr('zh', p.reason)).toBe('iptables-nft-save -c 执行失败：timed out');
  });
});
