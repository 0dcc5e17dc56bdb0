import { type ParseResult, parsed, unparsable } from '../../core/types.js';
import { t } from '../../i18n/index.js';
import { lines, parseCount } from '../../core/parse-util.js';
import type { InterfaceCounters } from './model.js';

/**
 * `/proc/net/dev` column names (as its second header line spells them) → `rtnl_link_stats64` names.
 *
 * Kernel semantics (net/core/net-procfs.c, `dev_seq_printf_stats`): several columns are sums, so
 * the values are not always the single kernel field of the same name:
 * - rx `drop` = `rx_dropped + rx_missed_errors` (a NIC's ring-full drops show up here);
 * - rx `frame` = `rx_length_errors + rx_over_errors + rx_crc_errors + rx_frame_errors`;
 * - tx `carrier` = `tx_carrier_errors + tx_aborted_errors + tx_window_errors + tx_heartbeat_errors`.
 * We still store them under the closest kernel name, as `netstat -i` and `ifconfig` do.
 */
const RX_COLUMNS: Readonly<Record<string, string>> = {
  bytes: 'rx_bytes',
  packets: 'rx_packets',
  errs: 'rx_errors',
  drop: 'rx_dropped',
  fifo: 'rx_fifo_errors',
  frame: 'rx_frame_errors',
  compressed: 'rx_compressed',
  multicast: 'multicast',
};
const TX_COLUMNS: Readonly<Record<string, string>> = {
  bytes: 'tx_bytes',
  packets: 'tx_packets',
  errs: 'tx_errors',
  drop: 'tx_dropped',
  fifo: 'tx_fifo_errors',
  colls: 'collisions',
  carrier: 'tx_carrier_errors',
  compressed: 'tx_compressed',
};

/** The column layout every kernel since 2.6 prints, used when the header names are unreadable. */
const DEFAULT_LAYOUT = [
  ...Object.values(RX_COLUMNS),
  ...Object.values(TX_COLUMNS),
];

function layoutFromHeader(header: string): string[] | undefined {
  const parts = header.split('|');
  if (parts.length < 3) return undefined;
  const rx = (parts[1] ?? '').trim().split(/\s+/).filter(Boolean);
  const tx = (parts[2] ?? '').trim().split(/\s+/).filter(Boolean);
  if (rx.length === 0 || tx.length === 0) return undefined;
  return [...rx.map((c) => RX_COLUMNS[c] ?? `rx_${c}`), ...tx.map((c) => TX_COLUMNS[c] ?? `tx_${c}`)];
}

/**
 * Parse `/proc/net/dev`: one row per interface with cumulative receive and transmit counters
 * since the device was registered. Rows are mapped to `rtnl_link_stats64` names (see the column
 * table above for the summed columns). Requires the two-line `Inter-|` / ` face |` header so that
 * another file's `name: numbers` lines are never mistaken for interfaces; rows with too few
 * numbers (a truncated read) are skipped.
 */
export function parseProcNetDev(text: string): ParseResult<InterfaceCounters[]> {
  const all = lines(text);
  const headerAt = all.findIndex((l) => /^\s*face\s*\|/.test(l) && /bytes/.test(l));
  if (headerAt < 0) return unparsable(t('link.parse.procdev-none'));
  const layout = layoutFromHeader(all[headerAt] ?? '') ?? DEFAULT_LAYOUT;
  const result: InterfaceCounters[] = [];
  for (const line of all.slice(headerAt + 1)) {
    const m = /^\s*(\S.*?):\s*(\d+(?:\s+\d+)*)\s*$/.exec(line);
    if (!m) continue;
    const values = (m[2] ?? '').split(/\s+/);
    if (values.length < layout.length) continue;
    const counters: Record<string, number> = {};
    layout.forEach((name, i) => {
      const v = parseCount(values[i]);
      if (v !== undefined) counters[name] = v;
    });
    result.push({ name: m[1] ?? '', counters });
  }
  if (result.length === 0) return unparsable(t('link.parse.procdev-no-row'));
  return parsed(result);
}
