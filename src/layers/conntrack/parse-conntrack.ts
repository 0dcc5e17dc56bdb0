import { type ParseResult, parsed, unparsable } from '../../core/types.js';
import { lines, parseCount, parseHexCount } from '../../core/parse-util.js';
import type { ConntrackState } from './model.js';
import { t } from '../../i18n/index.js';

/**
 * Parse `/proc/net/stat/nf_conntrack`: a header of field names (`entries clashres found new
 * invalid ignore delete ... insert insert_failed drop early_drop icmp_error ... search_restart`),
 * then one row of hexadecimal values per possible CPU. Per-CPU event counters are summed into
 * `stats` by the kernel's names (`drop` = new entries refused because the table was full and no
 * entry could be evicted; `early_drop` = entries evicted to make room; `insert_failed` = races
 * lost while confirming; `invalid` = packets conntrack could not track). `entries` is not per
 * CPU: every row repeats the global count of the reading's namespace, so it is taken from the
 * first row as `count`. Rows with a different number of columns (truncated) are skipped.
 */
export function parseConntrackStatProc(text: string): ParseResult<ConntrackState> {
  const all = lines(text);
  const headerAt = all.findIndex((l) => /^\s*entries(\s+[a-z_]+)+\s*$/.test(l));
  if (headerAt < 0) return unparsable(t('conntrack.parse.no-stat-header'));
  const names = (all[headerAt] ?? '').trim().split(/\s+/);
  const stats: Record<string, number> = {};
  let count: number | undefined;
  let rows = 0;
  for (const line of all.slice(headerAt + 1)) {
    const cells = line.trim().split(/\s+/);
    if (cells.length !== names.length || !cells.every((c) => /^[0-9a-fA-F]+$/.test(c))) continue;
    const values = cells.map(parseHexCount);
    names.forEach((name, i) => {
      const v = values[i];
      if (v === undefined) return;
      if (name === 'entries') count ??= v;
      else stats[name] = (stats[name] ?? 0) + v;
    });
    rows++;
  }
  if (rows === 0) return unparsable(t('conntrack.parse.no-stat-row'));
  return parsed({ ...(count !== undefined ? { count } : {}), stats });
}

/**
 * Parse `conntrack -S` (conntrack-tools): one line per CPU, `cpu=0 found=0 invalid=0 insert=0
 * insert_failed=0 drop=0 early_drop=0 error=0 search_restart=0 ...`, summed over CPUs by name.
 * Newer tools print `clash_resolve` and `chaintoolong`. `conntrack -S` has no table size:
 * `count` stays unset (it is `conntrack -C`, or the sysctl).
 */
export function parseConntrackS(text: string): ParseResult<ConntrackState> {
  const stats: Record<string, number> = {};
  let rows = 0;
  for (const line of lines(text)) {
    if (!/^\s*cpu=\d+\s/.test(line)) continue;
    const pairs = [...line.matchAll(/([a-z_]+)=(\S+)/g)];
    let used = false;
    for (const [, name = '', value] of pairs) {
      if (name === 'cpu') continue;
      const v = parseCount(value);
      if (v === undefined) continue;
      stats[name] = (stats[name] ?? 0) + v;
      used = true;
    }
    if (used) rows++;
  }
  if (rows === 0) return unparsable(t('conntrack.parse.not-conntrack-s'));
  return parsed({ stats });
}

/**
 * Parse `sysctl` lines for the conntrack table: `net.netfilter.nf_conntrack_count = 14` (entries
 * now, per network namespace) and `net.netfilter.nf_conntrack_max = 65536` (the host-global
 * limit; when count reaches max, new flows are dropped with "nf_conntrack: table full"). Other
 * sysctl lines are ignored, so `sysctl -a` output works. `a.b = v`, `a.b=v`, the `/`-separated
 * form and the legacy alias `net.nf_conntrack_max` (same value) are accepted; `sysctl -n` bare
 * numbers are not this parser's job.
 */
export function parseConntrackSysctl(text: string): ParseResult<ConntrackState> {
  let count: number | undefined;
  let max: number | undefined;
  for (const line of lines(text)) {
    const m = /^\s*net[./](?:netfilter[./])?nf_conntrack_(count|max)\s*=\s*(\S+)\s*$/.exec(line);
    if (!m) continue;
    const v = parseCount(m[2]);
    if (v === undefined) continue;
    if (m[1] === 'count') count = v;
    else max = v;
  }
  if (count === undefined && max === undefined) return unparsable(t('conntrack.parse.no-sysctl'));
  return parsed({ ...(count !== undefined ? { count } : {}), ...(max !== undefined ? { max } : {}) });
}
