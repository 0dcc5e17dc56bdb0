/**
 * How many terminal columns a string takes: East Asian wide and full-width characters (Chinese,
 * full-width punctuation) take two, colour escapes none. Tables and help text padded by `length`
 * would fall out of line as soon as a cell holds Chinese.
 */

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/** East Asian Wide (W) and Fullwidth (F) ranges that occur in practice (Unicode EastAsianWidth.txt). */
export function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

export function textWidth(s: string): number {
  let w = 0;
  for (const ch of s.replace(ANSI, '')) w += isWide(ch.codePointAt(0) ?? 0) ? 2 : 1;
  return w;
}

/** `s` padded with spaces to `width` columns. */
export const padEndWidth = (s: string, width: number): string => s + ' '.repeat(Math.max(0, width - textWidth(s)));

/** `s` cut to at most `width` columns, ending in `…` when cut. */
export function clipWidth(s: string, width: number): string {
  if (textWidth(s) <= width) return s;
  let out = '';
  let w = 0;
  for (const ch of s) {
    const cw = isWide(ch.codePointAt(0) ?? 0) ? 2 : 1;
    if (w + cw > width - 1) break;
    out += ch;
    w += cw;
  }
  return `${out}…`;
}
