import { type ParseResult, parsed, unparsable } from '../../core/types.js';
import { t } from '../../i18n/index.js';
import { lines, parseCount } from '../../core/parse-util.js';
import type { InterfaceCounters } from './model.js';

/**
 * Linux net-tools `netstat -i` columns → `rtnl_link_stats64` names. net-tools reads
 * `/proc/net/dev`, so `RX-DRP` is the kernel's `rx_dropped + rx_missed_errors` and `RX-OVR` /
 * `TX-OVR` are the `fifo` columns (`rx_fifo_errors`, `tx_fifo_errors`: ring/FIFO overruns).
 */
const LINUX_COLUMNS: Readonly<Record<string, string>> = {
  'RX-OK': 'rx_packets',
  'RX-ERR': 'rx_errors',
  'RX-DRP': 'rx_dropped',
  'RX-OVR': 'rx_fifo_errors',
  'TX-OK': 'tx_packets',
  'TX-ERR': 'tx_errors',
  'TX-DRP': 'tx_dropped',
  'TX-OVR': 'tx_fifo_errors',
};

/** BSD/macOS `netstat -i` columns (the `<Link#N>` rows) → `rtnl_link_stats64` names. */
const BSD_COLUMNS: Readonly<Record<string, string>> = {
  Ipkts: 'rx_packets',
  Ierrs: 'rx_errors',
  Idrop: 'rx_dropped',
  Opkts: 'tx_packets',
  Oerrs: 'tx_errors',
  Odrop: 'tx_dropped',
  Coll: 'collisions',
  Ibytes: 'rx_bytes',
  Obytes: 'tx_bytes',
};

function parseLinux(rows: string[], header: string[]): InterfaceCounters[] {
  const result: InterfaceCounters[] = [];
  for (const row of rows) {
    const cells = row.trim().split(/\s+/);
    // The Flg column is last and may be missing; every other column must be there.
    if (cells.length < header.length - 1 || !/^\d+$/.test(cells[1] ?? '')) continue;
    const counters: Record<string, number> = {};
    header.forEach((col, i) => {
      const name = LINUX_COLUMNS[col];
      const v = name ? parseCount(cells[i]) : undefined;
      if (name && v !== undefined) counters[name] = v;
    });
    if (Object.keys(counters).length > 0) result.push({ name: cells[0] ?? '', counters });
  }
  return result;
}

function parseBsd(rows: string[], header: string[]): InterfaceCounters[] {
  // Only the per-link rows carry counters for the interface; per-address rows repeat them or show '-'.
  // The Address column may be empty (macOS lo0), so numeric columns are taken from the right.
  const numericCols = header.slice(header.indexOf('Address') + 1);
  const result: InterfaceCounters[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    const cells = row.trim().split(/\s+/);
    if (!/^<Link#\d+>$/.test(cells[2] ?? '')) continue;
    const name = (cells[0] ?? '').replace(/\*$/, '');
    if (seen.has(name)) continue;
    const tail = cells.slice(cells.length - numericCols.length);
    if (tail.length !== numericCols.length || cells.length < 3 + numericCols.length) continue;
    const counters: Record<string, number> = {};
    numericCols.forEach((col, i) => {
      const key = BSD_COLUMNS[col];
      const v = key ? parseCount(tail[i]) : undefined;
      if (key && v !== undefined) counters[key] = v;
    });
    if (Object.keys(counters).length === 0) continue;
    seen.add(name);
    result.push({ name, counters });
  }
  return result;
}

/**
 * Parse `netstat -i`. The Linux net-tools layout (`Iface MTU [Met] RX-OK RX-ERR RX-DRP RX-OVR
 * TX-OK TX-ERR TX-DRP TX-OVR Flg`) is located by its header, columns are matched by name, so the
 * older form with a `Met` column works too. The BSD/macOS layout (`Name Mtu Network Address Ipkts
 * Ierrs [Idrop] Opkts Oerrs Coll`) is read from its `<Link#N>` rows; macOS has no drop column.
 */
export function parseNetstatI(text: string): ParseResult<InterfaceCounters[]> {
  const all = lines(text);
  const linuxAt = all.findIndex((l) => /^\s*Iface\s/.test(l) && l.includes('RX-OK'));
  if (linuxAt >= 0) {
    const header = (all[linuxAt] ?? '').trim().split(/\s+/);
    const result = parseLinux(all.slice(linuxAt + 1), header);
    return result.length > 0 ? parsed(result) : unparsable(t('link.parse.netstat-no-row'));
  }
  const bsdAt = all.findIndex((l) => /^\s*Name\s+Mtu\s+Network\s+Address\s/.test(l) && l.includes('Ipkts'));
  if (bsdAt >= 0) {
    const header = (all[bsdAt] ?? '').trim().split(/\s+/);
    const result = parseBsd(all.slice(bsdAt + 1), header);
    return result.length > 0 ? parsed(result) : unparsable(t('link.parse.netstat-bsd-no-row'));
  }
  return unparsable(t('link.parse.netstat-none'));
}
