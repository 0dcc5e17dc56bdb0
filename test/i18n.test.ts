/**
 * The message catalogue: every message in both languages, with the same placeholders; keys unique and
 * named by their area; language chosen by --lang, then LC_ALL, LC_MESSAGES, LANG.
 */
import { describe, expect, it } from 'vitest';
import { AREAS, CATALOG } from '../src/i18n/catalog.js';
import type { Entry } from '../src/i18n/catalog-types.js';
import { join, langFrom, msg, originOf, render, say, t, tr } from '../src/i18n/index.js';

const placeholders = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
const CJK = /[\u3400-\u9fff]/;
/** Text outside placeholders, commands in backticks and `$ ...` command lines: what must be translated. */
const prose = (s: string): string => s.replace(/\{\w+\}/g, '').replace(/`[^`]*`/g, '').replace(/\$ .*$/gm, '');

describe('the catalogue', () => {
  const entries = Object.entries(CATALOG as Readonly<Record<string, Entry>>);

  it('has no key twice across areas (a later area would silently win)', () => {
    const total = Object.values(AREAS as Readonly<Record<string, object>>).reduce((n: number, a) => n + Object.keys(a).length, 0);
    expect(total).toBe(entries.length);
  });

  it('names every key by its area', () => {
    for (const [area, messages] of Object.entries(AREAS)) for (const key of Object.keys(messages)) expect(key.startsWith(`${area}.`), key).toBe(true);
  });

  it.each(entries)('%s exists in both languages with the same placeholders', (_key, e) => {
    expect(e.en.trim()).not.toBe('');
    expect(e.zh.trim()).not.toBe('');
    expect(placeholders(e.zh)).toEqual(placeholders(e.en));
  });

  it.each(entries)('%s is translated: the Chinese has Chinese words wherever the English has words', (_key, e) => {
    if (/[a-z]{3,}/i.test(prose(e.en).replace(/\b(?:pktdrop|ms|kbit|TCP|UDP|IPv[46]|SYN|MTU)\b/g, ''))) expect(e.zh, e.en).toMatch(CJK);
  });

  it.each(entries)('%s has no placeholder left open or badly named', (_key, e) => {
    for (const s of [e.en, e.zh]) expect(s.replace(/\{\w+\}/g, '')).not.toMatch(/[{}]/);
  });
});

describe('render, t and tr', () => {
  it('renders a message in each language, parameters as data', () => {
    expect(say('en', 'ui.verdict.healthy')).toBe('no cause of packet loss found');
    expect(say('zh', 'ui.verdict.healthy')).toBe('未发现丢包原因');
  });

  it('t gives English and remembers the message; tr says it in Chinese; data passes through unchanged', () => {
    const s = t('ui.verdict.fixed');
    expect(s).toBe('every cause found was fixed and verified');
    expect(originOf(s)).toEqual(msg('ui.verdict.fixed'));
    expect(tr('zh', s)).toBe('找到的原因均已修复，并经重新测量验证');
    expect(tr('en', s)).toBe(s);
    expect(tr('zh', 'eth0')).toBe('eth0');
  });

  it('joins sentences with a space in English and with nothing in Chinese', () => {
    const m = join(msg('ui.verdict.healthy'), false, msg('ui.verdict.proposed'));
    expect(render('en', m)).toBe('no cause of packet loss found causes found; fixes proposed but not applied');
    expect(render('zh', m)).toBe('未发现丢包原因已找到原因；修复已提出，尚未执行');
  });
});

describe('the language asked for', () => {
  it('--lang wins over the locale, in any usual spelling', () => {
    expect(langFrom('zh', { LANG: 'en_US.UTF-8' })).toBe('zh');
    expect(langFrom('zh-CN', {})).toBe('zh');
    expect(langFrom('zh_CN.UTF-8', {})).toBe('zh');
    expect(langFrom('en', { LC_ALL: 'zh_CN.UTF-8' })).toBe('en');
    expect(langFrom('fr', {})).toEqual({ unknown: 'fr' });
  });

  it('the locale in POSIX order: LC_ALL, then LC_MESSAGES, then LANG', () => {
    expect(langFrom(undefined, { LANG: 'zh_CN.UTF-8' })).toBe('zh');
    expect(langFrom(undefined, { LC_MESSAGES: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' })).toBe('zh');
    expect(langFrom(undefined, { LC_ALL: 'C', LANG: 'zh_CN.UTF-8' })).toBe('en');
    expect(langFrom(undefined, { LC_ALL: '', LANG: 'zh_CN.GB18030' })).toBe('zh');
    expect(langFrom(undefined, { LANG: 'zh_SG.UTF-8' })).toBe('zh');
    expect(langFrom(undefined, { LANG: 'zh_TW.UTF-8' })).toBe('en');
    expect(langFrom(undefined, { LANG: 'C.UTF-8' })).toBe('en');
    expect(langFrom(undefined, {})).toBe('en');
  });
});
