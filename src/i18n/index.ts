/**
 * Languages. All user-facing text comes from one catalogue (./catalog.ts), in English and Simplified
 * Chinese. Finding ids, commands, counter names and JSON keys never change with the language, and
 * `--json` is always English.
 *
 * How text travels: the modules that produce prose (checks, the engine, the runner's hints) keep
 * producing plain English strings, which is what the JSON report, the journal and every test see.
 * They build them with {@link t}, which renders the message in English and remembers which message
 * (key and parameters) that English string is. A renderer that speaks another language asks
 * {@link tr} for the string in its language; a string no message produced (a device name, a command,
 * text from a tool's output) comes back unchanged. So data stays data, and the language is chosen in
 * one place, at the edge, by the renderer.
 *
 * Renderers that own their words (headings, questions) use {@link say} directly.
 */
import { CATALOG, entryOf, type MessageKey } from './catalog.js';

export type { MessageKey } from './catalog.js';

export type Lang = 'en' | 'zh';
export const LANGS: readonly Lang[] = ['en', 'zh'];

/** A message: a catalogue key and its parameters, or several messages said one after another. */
export type Msg = { readonly key: MessageKey; readonly params?: Readonly<Record<string, Param>> } | { readonly join: readonly Msg[] };
/**
 * Numbers and strings are data, never translated, except a string that {@link t} built (a phrase
 * passed into a sentence), which is said in its host's language; a message parameter likewise.
 */
export type Param = string | number | Msg;

export const msg = (key: MessageKey, params?: Readonly<Record<string, Param>>): Msg => (params === undefined ? { key } : { key, params });

/** Several messages said in sequence: sentences joined by a space in English, by nothing in Chinese. */
export const join = (...parts: readonly (Msg | undefined | false)[]): Msg => ({ join: parts.filter((p): p is Msg => p !== undefined && p !== false) });

const isMsg = (p: Param): p is Msg => typeof p === 'object';

/** Numbers as a person reads them: integers plainly, others with at most two decimals. */
const numberText = (n: number): string => (Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100));

/** The message in `lang`. A placeholder without a parameter is left as `{name}`, visible, never a crash. */
export function render(lang: Lang, m: Msg): string {
  if ('join' in m) return m.join.map((x) => render(lang, x)).filter((s) => s !== '').join(lang === 'zh' ? '' : ' ');
  const entry = entryOf(m.key);
  if (entry === undefined) return m.key;
  return entry[lang].replace(/\{(\w+)\}/g, (whole, name: string) => {
    const p = m.params?.[name];
    if (p === undefined) return whole;
    // A string parameter is data, unless a message built it (a phrase passed into a sentence): then it
    // is said in the same language as its host.
    return isMsg(p) ? render(lang, p) : typeof p === 'number' ? numberText(p) : tr(lang, p);
  });
}

/**
 * English strings built from messages, each with the message it came from. Bounded by the distinct
 * texts of one process (a few thousand at most in a fleet run). When two messages render to the same
 * English, the later one is kept: they say the same thing.
 */
const origins = new Map<string, Msg>();
const MAX_ORIGINS = 50_000;

/** The message as an English string, remembered so that {@link tr} can say it in another language. */
export function t(key: MessageKey, params?: Readonly<Record<string, Param>>): string {
  return tm(msg(key, params));
}

/** {@link t} for a message already built (a {@link join}, or one passed around). */
export function tm(m: Msg): string {
  const english = render('en', m);
  if (origins.size >= MAX_ORIGINS) origins.clear();
  origins.set(english, m);
  return english;
}

/** The message a string was built from, if {@link t} built it. */
export const originOf = (s: string): Msg | undefined => origins.get(s);

/** `s` in `lang`: rendered anew from its message when it has one; otherwise `s` itself (data). */
export function tr(lang: Lang, s: string): string {
  if (lang === 'en') return s;
  const m = origins.get(s);
  return m === undefined ? s : render(lang, m);
}

/** A renderer's own words, straight from the catalogue. */
export const say = (lang: Lang, key: MessageKey, params?: Readonly<Record<string, Param>>): string => render(lang, msg(key, params));

/**
 * The language asked for: `--lang` first, then the locale (`LC_ALL`, then `LC_MESSAGES`, then `LANG`,
 * as POSIX orders them). Simplified Chinese for `zh`, `zh_CN`, `zh_SG` and `zh_Hans*`; English otherwise
 * (including `C`, `POSIX` and Traditional Chinese locales, which this catalogue does not have).
 */
export function langFrom(option: string | undefined, env: Readonly<Record<string, string | undefined>>): Lang | { readonly unknown: string } {
  if (option !== undefined) {
    const o = option.trim().toLowerCase().replace('-', '_');
    if (o === 'en' || o.startsWith('en_')) return 'en';
    if (isSimplifiedChinese(o)) return 'zh';
    return { unknown: option };
  }
  const locale = [env['LC_ALL'], env['LC_MESSAGES'], env['LANG']].find((v) => v !== undefined && v !== '');
  return locale !== undefined && isSimplifiedChinese(locale.toLowerCase()) ? 'zh' : 'en';
}

function isSimplifiedChinese(l: string): boolean {
  const base = l.split('.')[0]?.split('@')[0]?.replace('-', '_') ?? '';
  return base === 'zh' || base === 'zh_cn' || base === 'zh_sg' || base.startsWith('zh_hans');
}

/** Every key, for the catalogue's own tests. */
export const catalogKeys = (): MessageKey[] => Object.keys(CATALOG) as MessageKey[];
