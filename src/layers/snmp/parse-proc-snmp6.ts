import { lines } from '../../core/parse-util.js';
import { parsed, unparsable, type ParseResult } from '../../core/types.js';
import { t } from '../../i18n/index.js';
import type { MibCounters } from './model.js';
import { parseMibValue } from './parse-proc-snmp.js';

/**
 * Parse `/proc/net/snmp6` (per network namespace): one `Name value` pair per line, the names
 * already in nstat's spelling (`Ip6InAddrErrors`, `Icmp6InPktTooBigs`, `Udp6RcvbufErrors`).
 * Lines that are not a name and a signed decimal are skipped; nothing read is unparsable.
 */
export function parseProcSnmp6(text: string): ParseResult<MibCounters> {
  const counters: Record<string, number> = {};
  for (const line of lines(text)) {
    const m = /^([A-Z][A-Za-z0-9]*6[A-Za-z0-9]*)\s+(-?\d+)\s*$/.exec(line.trim());
    if (!m) continue;
    const v = parseMibValue(m[2]);
    if (v !== undefined) counters[m[1] ?? ''] = v;
  }
  if (Object.keys(counters).length === 0) return unparsable(t('snmp.parse.proc-snmp6'));
  return parsed(counters);
}
