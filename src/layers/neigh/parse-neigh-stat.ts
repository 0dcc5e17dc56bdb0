import { type ParseResult, parsed, unparsable } from '../../core/types.js';
import { t } from '../../i18n/index.js';
import { lines, parseHexCount } from '../../core/parse-util.js';

/**
 * A neighbour table's statistics (`/proc/net/stat/arp_cache`, `/proc/net/stat/ndisc_cache`):
 * `entries` is the table's size now (the same value on every row); every other column is per CPU
 * and summed here: `allocs destroys hash_grows lookups hits res_failed rcv_probes_mcast
 * rcv_probes_ucast periodic_gc_runs forced_gc_runs unresolved_discards table_fulls`.
 * `table_fulls` counts new entries refused because the table held `gc_thresh3` entries and garbage
 * collection freed none ("neighbour: arp_cache: neighbor table overflow!"); `forced_gc_runs` the
 * emergency collections above `gc_thresh2`; `unresolved_discards` packets dropped while waiting for
 * resolution.
 */
export interface NeighStat {
  readonly entries: number;
  readonly counters: Readonly<Record<string, number>>;
}

/**
 * Parse the file: a header of column names starting with `entries`, then hex rows (one per possible
 * CPU). Rows with another number of cells (a truncated read) are skipped; no complete row is
 * unparsable. Only the init netns has these files.
 */
export function parseNeighStat(text: string): ParseResult<NeighStat> {
  const all = lines(text);
  const at = all.findIndex((l) => /^\s*entries(\s+[a-z_]+)+\s*$/.test(l));
  if (at < 0) return unparsable(t('neigh.parse.stat-none'));
  const names = (all[at] ?? '').trim().split(/\s+/);
  if (!names.includes('table_fulls')) return unparsable(t('neigh.parse.stat-no-fulls'));
  const counters: Record<string, number> = {};
  let entries: number | undefined;
  let rows = 0;
  for (const line of all.slice(at + 1)) {
    const cells = line.trim().split(/\s+/);
    if (cells.length !== names.length || !cells.every((c) => /^[0-9a-fA-F]+$/.test(c))) continue;
    names.forEach((name, i) => {
      const v = parseHexCount(cells[i]);
      if (v === undefined) return;
      if (name === 'entries') entries ??= v;
      else counters[name] = (counters[name] ?? 0) + v;
    });
    rows++;
  }
  if (rows === 0 || entries === undefined) return unparsable(t('neigh.parse.stat-no-row'));
  return parsed({ entries, counters });
}
