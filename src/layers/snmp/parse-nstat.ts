import { type ParseResult, parsed, unparsable } from '../../core/types.js';
import { t } from '../../i18n/index.js';
import { lines } from '../../core/parse-util.js';
import { parseMibValue } from './parse-proc-snmp.js';
import type { MibCounters } from './model.js';

/**
 * Parse `nstat -a` / `nstat -az` (iproute2): a `#kernel` header, then `Name value rate` per
 * line (`TcpExtListenDrops  4  0.0`). With `-a` the values are absolute since-boot totals; without
 * it nstat prints increments since its last run (history file), which callers must not mix up.
 * The rate column is ignored. Names are already the MIB names used everywhere (`IpInDiscards`).
 * nstat leaves out the non-counter MIB fields (`IpForwarding`, `IpDefaultTTL`, `TcpRtoAlgorithm`,
 * `TcpRtoMin`, `TcpRtoMax`, `TcpMaxConn`, `TcpCurrEstab`; checked against /proc with iproute2 6.1)
 * and adds the IPv6 ones from `/proc/net/snmp6` (`Ip6InDiscards`, `Udp6RcvbufErrors`...).
 */
export function parseNstat(text: string): ParseResult<MibCounters> {
  const all = lines(text);
  if (!all.some((l) => /^#kernel\b/.test(l.trim()) || /^#\d/.test(l.trim()))) {
    return unparsable(t('snmp.parse.nstat-no-header'));
  }
  const counters: Record<string, number> = {};
  for (const line of all) {
    const m = /^([A-Za-z][A-Za-z0-9_]*)\s+(-?\d+)(?:\s+(-?[\d.]+))?\s*$/.exec(line.trim());
    if (!m) continue;
    const v = parseMibValue(m[2]);
    if (v !== undefined) counters[m[1] ?? ''] = v;
  }
  if (Object.keys(counters).length === 0) return unparsable(t('snmp.parse.nstat-no-line'));
  return parsed(counters);
}
