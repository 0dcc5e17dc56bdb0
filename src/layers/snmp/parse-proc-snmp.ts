import { type ParseResult, parsed, unparsable } from '../../core/types.js';
import { t } from '../../i18n/index.js';
import { lines } from '../../core/parse-util.js';
import type { MibCounters } from './model.js';

/** A signed decimal (MIB values such as `TcpMaxConn` are -1), or undefined. */
export function parseMibValue(text: string | undefined): number | undefined {
  if (text === undefined || !/^-?\d+$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * Parse `/proc/net/snmp` or `/proc/net/netstat` (and their concatenation). Both files are pairs
 * of lines: `Tcp: RtoAlgorithm RtoMin ...` (names) then `Tcp: 1 200 ...` (values). Each value is
 * named section + field, exactly as `nstat` names it: `TcpAttemptFails`, `TcpExtListenDrops`,
 * `IpExtInOctets`, `UdpRcvbufErrors`, `IcmpMsgInType3`. Values are kept signed (`TcpMaxConn` is
 * -1: no limit). A pair whose name and value counts differ (a truncated read, a garbled line) is
 * skipped whole rather than mis-assigned.
 */
export function parseProcSnmp(text: string): ParseResult<MibCounters> {
  const counters: Record<string, number> = {};
  let header: { section: string; names: string[] } | undefined;
  for (const line of lines(text)) {
    const m = /^([A-Za-z][A-Za-z0-9]*):\s+(.*?)\s*$/.exec(line);
    if (!m) {
      header = undefined;
      continue;
    }
    const section = m[1] ?? '';
    const tokens = (m[2] ?? '').split(/\s+/);
    if (tokens.every((t) => /^[A-Za-z][A-Za-z0-9_]*$/.test(t))) {
      header = { section, names: tokens };
      continue;
    }
    if (header && header.section === section && tokens.length === header.names.length) {
      const values = tokens.map(parseMibValue);
      if (values.every((v) => v !== undefined)) {
        header.names.forEach((name, i) => {
          const v = values[i];
          if (v !== undefined) counters[`${section}${name}`] = v;
        });
      }
    }
    header = undefined;
  }
  if (Object.keys(counters).length === 0) return unparsable(t('snmp.parse.proc-snmp'));
  return parsed(counters);
}
