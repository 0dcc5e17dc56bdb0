/**
 * Number parsing shared by every parser. Kernel counters are unsigned 64-bit; values beyond
 * 2^53 lose precision as JavaScript numbers but never throw or turn into NaN.
 */

/** A non-negative decimal integer, or undefined when `text` is not one. */
export function parseCount(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const t = text.trim();
  if (!/^\d+$/.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

/** A hexadecimal integer (as in `/proc/net/stat/*`), or undefined. */
export function parseHexCount(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const t = text.trim();
  if (!/^(0x)?[0-9a-fA-F]+$/.test(t)) return undefined;
  const n = Number.parseInt(t.replace(/^0x/, ''), 16);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * A counter as `iptables -L -v` abbreviates it: `123`, `4K`, `12M`, `3G`, `1T`
 * (powers of 1000, as iptables prints them without `-x`).
 */
export function parseScaledCount(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d+)([KMGTP]?)$/.exec(text.trim());
  if (!m) return undefined;
  const scale = { '': 1, K: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15 }[m[2] ?? ''] ?? 1;
  return Number(m[1]) * scale;
}

/** Lines of a text with CRLF and trailing blanks normalised. */
export function lines(text: string): string[] {
  return text.replace(/\r\n?/g, '\n').split('\n');
}
