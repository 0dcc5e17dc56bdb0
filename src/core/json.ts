/** Type guards for reading JSON from other programs without casts. */

export type JsonRecord = { readonly [key: string]: unknown };

export const isRecord = (v: unknown): v is JsonRecord => typeof v === 'object' && v !== null && !Array.isArray(v);

export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export const arr = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : []);

export const field = (v: unknown, ...path: string[]): unknown => {
  let cur: unknown = v;
  for (const p of path) {
    if (!isRecord(cur)) return undefined;
    cur = cur[p];
  }
  return cur;
};

/** JSON.parse as a value: undefined when the text is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
