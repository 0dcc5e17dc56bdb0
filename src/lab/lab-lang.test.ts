/**
 * The lab's words come from the catalogue (src/i18n/messages/lab.ts): the English a function returns
 * is what it always said (JSON and the error document carry it), and the same string is said in
 * Chinese by tr(); data (fault names, lab names, commands) stays as it is.
 */
import { describe, expect, it } from 'vitest';
import { tr } from '../i18n/index.js';
import { dropMapAConflict } from './drop-map-faults.js';
import { dropMapBConflict } from './drop-map-faults-b.js';
import { defaultFaults, parseFaultList, validateLabName } from './lab-parts.js';

const fail = (r: { ok: boolean; message?: string }): string => {
  if (r.ok || r.message === undefined) throw new Error('expected a refusal');
  return r.message;
};

describe('lab messages in English and Chinese', () => {
  it('an unknown fault: the same English as before, Chinese with the fault and the list untouched', () => {
    const m = fail(parseFaultList('iptables-random-drop,bogus'));
    expect(m).toMatch(/^unknown fault "bogus": choose from iptables-random-drop, netem-loss, .*frag-reasm, or none$/);
    const zh = tr('zh', m);
    expect(zh).toMatch(/^未知的故障 "bogus"：可选 iptables-random-drop, netem-loss, .*frag-reasm，或者 none$/);
  });

  it('a bad lab name and the netem/qdisc conflict', () => {
    const bad = fail(validateLabName('a b'));
    expect(bad).toBe(`invalid lab name "a b": use 1-63 letters, digits, '_', '.' or '-', starting with a letter or digit`);
    expect(tr('zh', bad)).toBe(`实验环境名称 "a b" 无效：只能用 1 到 63 个字母、数字、'_'、'.' 或 '-'，并以字母或数字开头`);
    const both = fail(parseFaultList('netem-loss,qdisc-drop'));
    expect(both).toBe('netem-loss and qdisc-drop both need the root qdisc of eth0: choose one');
    expect(tr('zh', both)).toBe('netem-loss 和 qdisc-drop 都要占用 eth0 的根队列规则：只能选一个');
  });

  it('topology faults: "a and b and c" in English, joined with 和 in Chinese', () => {
    const m = dropMapAConflict(['rp-filter', 'forwarding-off', 'br-nf-call'], 'netns') ?? '';
    expect(m).toBe('rp-filter and forwarding-off and br-nf-call each build their own topology around eth0: choose one per lab');
    expect(tr('zh', m)).toBe('rp-filter 和 forwarding-off 和 br-nf-call 各自要在 eth0 周围搭建自己的拓扑：每个实验环境只能选一个');
    const engine = dropMapAConflict(['rp-filter'], 'docker') ?? '';
    expect(engine).toBe("rp-filter needs --engine netns (it adds a namespace behind the lab and a route or neighbour entry on the lab's own veth)");
    expect(tr('zh', engine)).toMatch(/^rp-filter 需要 --engine netns（/);
    const b = dropMapBConflict(['syn-queue', 'rp-filter']) ?? '';
    expect(tr('zh', b)).toBe('syn-queue 会在实验环境里关闭 rp_filter，而 rp-filter 会打开它：只能选一个');
  });

  it('the no-netem note', () => {
    const [note] = defaultFaults({ netem: false }).notes;
    expect(note).toBe('this kernel has no sch_netem (netem qdisc unknown): used qdisc-drop (a tiny tbf qdisc) instead of netem-loss');
    expect(tr('zh', note ?? '')).toMatch(/^这个内核没有 sch_netem/);
  });
});
