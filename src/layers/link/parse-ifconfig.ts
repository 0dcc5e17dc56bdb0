import { type ParseResult, parsed, unparsable } from '../../core/types.js';
import { t } from '../../i18n/index.js';
import { lines, parseCount } from '../../core/parse-util.js';
import type { InterfaceCounters } from './model.js';

/**
 * net-tools `ifconfig` labels → `rtnl_link_stats64` names. ifconfig reads `/proc/net/dev`, so
 * RX `dropped` is `rx_dropped + rx_missed_errors`, RX `frame` is the sum of length/over/crc/frame
 * errors, TX `carrier` the sum of carrier/aborted/window/heartbeat errors; `overruns` are the
 * FIFO (ring) overruns, `rx_fifo_errors` / `tx_fifo_errors`.
 */
const RX_LABELS: Readonly<Record<string, string>> = {
  packets: 'rx_packets',
  bytes: 'rx_bytes',
  errors: 'rx_errors',
  dropped: 'rx_dropped',
  overruns: 'rx_fifo_errors',
  frame: 'rx_frame_errors',
};
const TX_LABELS: Readonly<Record<string, string>> = {
  packets: 'tx_packets',
  bytes: 'tx_bytes',
  errors: 'tx_errors',
  dropped: 'tx_dropped',
  overruns: 'tx_fifo_errors',
  carrier: 'tx_carrier_errors',
  collisions: 'collisions',
};

/** `label:value` (net-tools 1.60) or `label value` (net-tools 2.x) pairs of one RX/TX fragment. */
function pairs(fragment: string): [string, string][] {
  return [...fragment.matchAll(/([a-z]+)(?::\s*|\s+)(\d+)\b/g)].map((m): [string, string] => [m[1] ?? '', m[2] ?? '']);
}

/**
 * Parse Linux net-tools `ifconfig` / `ifconfig -a`: both the old layout (`eth0 Link encap:...`,
 * `RX packets:36 errors:0 dropped:0 overruns:0 frame:0`) and the new one (`eth0: flags=...`,
 * `RX errors 0  dropped 0  overruns 0  frame 0`). Interfaces without any counter line are left
 * out. BSD/macOS ifconfig prints no packet counters: it is reported as unparsable.
 */
export function parseIfconfig(text: string): ParseResult<InterfaceCounters[]> {
  const result: InterfaceCounters[] = [];
  let current: { name: string; counters: Record<string, number> } | undefined;
  let sawInterface = false;
  const flush = (): void => {
    if (current && Object.keys(current.counters).length > 0) result.push(current);
    current = undefined;
  };
  for (const line of lines(text)) {
    if (line.trim() === '') continue;
    const start = /^(\S+?):?\s+(?:flags=|Link encap:)/.exec(line) ?? /^(\S+?):\s+flags=/.exec(line);
    if (start) {
      flush();
      current = { name: (start[1] ?? '').replace(/:$/, ''), counters: {} };
      sawInterface = true;
      continue;
    }
    if (!current || !/^\s/.test(line)) continue;
    // One line may hold both directions: "RX bytes:5602 (5.6 KB)  TX bytes:13935 (13.9 KB)".
    for (const fragment of line.trim().split(/(?=\b[RT]X\s)/)) {
      const dir = /^([RT]X)\s/.exec(fragment)?.[1];
      const labels = dir === 'RX' ? RX_LABELS : dir === 'TX' ? TX_LABELS : { collisions: 'collisions' };
      for (const [label, value] of pairs(dir ? fragment.slice(3) : fragment)) {
        const key = labels[label];
        const v = parseCount(value);
        if (key && v !== undefined) current.counters[key] = v;
      }
    }
  }
  flush();
  if (result.length > 0) return parsed(result);
  if (sawInterface) {
    return unparsable(t('link.parse.ifconfig-bsd'));
  }
  return unparsable(t('link.parse.ifconfig-none'));
}
