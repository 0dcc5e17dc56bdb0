/** Small pieces of wording the trace modules share. */
import { msg, type Param } from '../i18n/index.js';

/**
 * Items said as one list inside a sentence: `a, b, c` in English, `a，b，c` in Chinese (`; ` and `；`
 * with `semi`). Items are data (strings) or messages; a single item is itself; none is the empty string.
 */
export function listOf(items: readonly Param[], semi = false): Param {
  const [head = '', ...rest] = items;
  return rest.reduce<Param>((list, item) => msg(semi ? 'trace.list.semi' : 'trace.list', { list, item }), head);
}
