/** The capability report (diagnose --verbose) in both languages. */
import { describe, expect, it } from 'vitest';
import { capabilityLines, type Capabilities } from '../src/cli/capabilities.js';
import { tr } from '../src/i18n/index.js';

const caps: Capabilities = {
  kernel: '6.8.0-45-generic',
  root: true,
  iptablesBackends: ['nf_tables'],
  tools: [{ name: 'ip', found: true, version: 'ip utility, iproute2-6.1.0' }, { name: 'hping3', found: false }],
  tracefs: { mounted: true, kfreeSkb: true, reasonField: false, otherTracers: [] },
};

describe('capabilityLines', () => {
  it('English as before', () => {
    expect(capabilityLines(caps)).toEqual([
      'kernel 6.8.0-45-generic; running as root',
      'tracefs mounted; skb:kfree_skb present; drop reason field absent (drop locations only)',
      'iptables backends: nf_tables',
      'tools: ip, hping3 (missing)',
    ]);
    expect(capabilityLines({ ...caps, tracefs: undefined, iptablesBackends: [] }).slice(1, 3)).toEqual(['tracefs not checked (--no-trace)', 'iptables backends: none']);
  });

  it('in Chinese when asked, names and versions unchanged; English lines said later with tr() too', () => {
    const zh = capabilityLines(caps, 'zh');
    expect(zh).toEqual([
      '内核 6.8.0-45-generic；以 root 身份运行',
      'tracefs 已挂载；skb:kfree_skb 存在；丢包原因字段不存在（只能看到丢包位置）',
      'iptables 后端：nf_tables',
      '工具：ip, hping3（缺失）',
    ]);
    expect(capabilityLines(caps).slice(0, 3).map((l) => tr('zh', l))).toEqual(zh.slice(0, 3));
  });
});
