/** What the Chinese tests of the layers and the trace share: one string, said in Chinese, checked. */
import { expect } from 'vitest';
import { tr } from '../../src/i18n/index.js';

export const CJK = /[\u3400-\u9fff]/;

/** The string in Chinese: different from the English, with Chinese words, and every piece of `data` kept. */
export function zh(english: string, ...data: readonly (string | number)[]): string {
  const s = tr('zh', english);
  expect(s, english).not.toBe(english);
  expect(s, english).toMatch(CJK);
  for (const d of data) expect(s, english).toContain(String(d));
  return s;
}
