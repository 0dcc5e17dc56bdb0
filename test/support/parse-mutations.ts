/**
 * Deterministic input mutations shared by the parser tests (test support only, no vitest import):
 * truncation at every 97th byte, inserted garbage lines, CRLF line ends, tabs for spaces and
 * an oversized counter. A parser must survive all of them without throwing and, when it still
 * returns data, without a NaN or an infinite number anywhere in it.
 */

/** Named variants of `text`, each a plausible way real output gets damaged. */
export function mutations(text: string): { readonly name: string; readonly text: string }[] {
  const out: { name: string; text: string }[] = [];
  for (let cut = 97; cut < text.length; cut += 97) out.push({ name: `truncated at ${cut}`, text: text.slice(0, cut) });
  const ls = text.split('\n');
  const garbage = ['\u0000\u0001\u00ff garbage', '::::', 'NaN NaN NaN', '-', '    : 12 x', '{"not": "this"}'];
  for (let i = 0; i < garbage.length; i++) {
    const at = Math.min(ls.length, (i * 7 + 1) % (ls.length + 1));
    out.push({ name: `garbage line ${i} at ${at}`, text: [...ls.slice(0, at), garbage[i] ?? '', ...ls.slice(at)].join('\n') });
  }
  out.push({ name: 'CRLF', text: text.replace(/\n/g, '\r\n') });
  out.push({ name: 'tabs', text: text.replace(/ {2,}/g, '\t') });
  out.push({ name: 'trailing blanks', text: text.replace(/\n/g, '   \n') });
  out.push({ name: 'huge counter', text: text.replace(/\b0\b/, '99999999999999999999') });
  out.push({ name: 'all zeros huge', text: text.replace(/\b0\b/g, '99999999999999999999') });
  return out;
}

/** The path of the first NaN or non-finite number inside `value`, or undefined when there is none. */
export function findBadNumber(value: unknown, path = '$'): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : path;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const bad = findBadNumber(value[i], `${path}[${i}]`);
      if (bad) return bad;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const bad = findBadNumber(v, `${path}.${k}`);
      if (bad) return bad;
    }
  }
  return undefined;
}

/** Binary garbage: a fixed pseudo-random byte string (deterministic, seeded LCG). */
export function binaryGarbage(length = 512): string {
  let seed = 12345;
  let s = '';
  for (let i = 0; i < length; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    s += String.fromCharCode(seed % 256);
  }
  return s;
}
