import { describe, expect, it } from 'vitest';
import { displayWidth, padEnd, stripAnsi, wrap, wrapWidth } from './wrap.js';

describe('displayWidth', () => {
  it('counts ASCII as one column, Chinese and full-width punctuation as two, colour codes as none', () => {
    expect(displayWidth('eth0')).toBe(4);
    expect(displayWidth('丢包')).toBe(4);
    expect(displayWidth('网卡（eth0）')).toBe(4 + 2 + 4 + 2);
    expect(displayWidth('\u001b[31m丢包\u001b[39m')).toBe(4);
    expect(displayWidth('✔ ✘ ▲ → •')).toBe(9);
    expect(displayWidth('e\u0301')).toBe(1);
  });
  it('strips CSI and OSC sequences', () => {
    expect(stripAnsi('\u001b[1m\u001b[32mok\u001b[39m\u001b[22m')).toBe('ok');
    expect(stripAnsi('\u001b]8;;http://x\u0007link\u001b]8;;\u0007')).toBe('link');
  });
  it('pads by columns, not by characters', () => {
    expect(padEnd('丢包', 6)).toBe('丢包  ');
    expect(padEnd('toolong', 3)).toBe('toolong');
  });
});

describe('wrap', () => {
  it('breaks English at spaces with a hanging indent, no line wider than the width', () => {
    const text = 'The tbf qdisc someone configured on eth0 (rate 1Kbit burst 300b limit 100b) refused packets: its queue or rate limit is too small for this traffic.';
    const lines = wrap(text, 40, '  • ', '    ');
    expect(lines).toEqual([
      '  • The tbf qdisc someone configured on',
      '    eth0 (rate 1Kbit burst 300b limit',
      '    100b) refused packets: its queue or',
      '    rate limit is too small for this',
      '    traffic.',
    ]);
    for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(40);
    expect(lines.join(' ').replace(/\s+/g, ' ').replace('• ', '').trim()).toBe(text);
  });
  it('breaks Chinese between any two characters, counting two columns each', () => {
    const lines = wrap('网卡上的队列规则在测量窗口内丢弃了数据包，它的速率限制太小。', 20, '- ', '  ');
    for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(20);
    expect(lines[0]).toBe('- 网卡上的队列规则在');
    expect(lines.map((l) => l.slice(2)).join('')).toBe('网卡上的队列规则在测量窗口内丢弃了数据包，它的速率限制太小。');
  });
  it('never starts a line with closing punctuation nor breaks a word inside Chinese text', () => {
    const lines = wrap('队列规则 qdisc tbf 80ad: 丢弃了数据包，计数器 TcpExtTCPSynRetrans 增加了。', 16);
    for (const l of lines) {
      expect(l.startsWith('，')).toBe(false);
      expect(l.startsWith('。')).toBe(false);
    }
    expect(lines.some((l) => l.includes('TcpExtTCPSynRetrans'))).toBe(true);
  });
  it('keeps a word wider than the line whole, on a line of its own', () => {
    expect(wrap('see /proc/sys/net/netfilter/nf_conntrack_max now', 12)).toEqual(['see', '/proc/sys/net/netfilter/nf_conntrack_max', 'now']);
  });
  it('starts each paragraph of a multi-line text with the hanging indent', () => {
    expect(wrap('one two\nthree', 80, '* ', '  ')).toEqual(['* one two', '  three']);
  });
  it('does not count colour codes in the first-line prefix', () => {
    const lines = wrap('aaaa bbbb cccc', 11, '\u001b[31m✘\u001b[39m ');
    expect(lines).toEqual(['\u001b[31m✘\u001b[39m aaaa bbbb', '  cccc']);
  });
});

describe('wrapWidth', () => {
  it('is the terminal width, at least 80; 80 when stdout is not a terminal', () => {
    expect(wrapWidth(120, true)).toBe(120);
    expect(wrapWidth(60, true)).toBe(80);
    expect(wrapWidth(0, true)).toBe(80);
    expect(wrapWidth(undefined, true)).toBe(80);
    expect(wrapWidth(200, false)).toBe(80);
  });
});
