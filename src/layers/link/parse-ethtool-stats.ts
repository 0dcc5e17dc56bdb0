import { type ParseResult, parsed, unparsable } from '../../core/types.js';
import { t } from '../../i18n/index.js';
import { lines, parseCount } from '../../core/parse-util.js';
import type { DriverStats } from './model.js';

/**
 * Parse `ethtool -S <if>`: the driver's own statistics after a `NIC statistics:` header, one
 * `name: value` per line. Names are kept exactly as the driver prints them, including per-queue
 * prefixes: bnx2x prints `[0]: rx_discards: 0`, be2net `rxq0: rx_drops_no_skbs: 0`, virtio_net
 * `rx0_drops: 0`, veth `rx_queue_0_drops: 0`; those keys are `[0]: rx_discards`,
 * `rxq0: rx_drops_no_skbs`, ... (whitespace collapsed). `no stats available` (a bridge, a driver
 * without statistics) is unparsable with that reason.
 */
export function parseEthtoolStats(text: string): ParseResult<DriverStats> {
  const all = lines(text);
  if (all.some((l) => /no stats available/i.test(l))) return unparsable(t('link.parse.stats-none'));
  const headerAt = all.findIndex((l) => /^\s*(NIC statistics:|Standard stats for )/.test(l));
  if (headerAt < 0) return unparsable(t('link.parse.stats-no-header'));
  const counters: Record<string, number> = {};
  for (const line of all.slice(headerAt + 1)) {
    const m = /^\s*(\S.*?):\s+(\d+)\s*$/.exec(line);
    if (!m) continue;
    const v = parseCount(m[2]);
    if (v === undefined) continue;
    counters[(m[1] ?? '').replace(/\s+/g, ' ')] = v;
  }
  if (Object.keys(counters).length === 0) return unparsable(t('link.parse.stats-no-counter'));
  return parsed({ counters });
}

const DROP_WORDS = new Set([
  'drop', 'drops', 'dropped', 'discard', 'discards', 'discarded', 'miss', 'missed', 'fifo',
  'overrun', 'overruns', 'overflow', 'overflows', 'nobuf', 'nobufs', 'err', 'errs', 'error',
  'errors', 'fail', 'fails', 'failed', 'failure', 'failures', 'timeout', 'timeouts', 'lost',
]);
const NO_RESOURCE = /(?:^|_)(?:no|out_of)_(?:buf|bufs|buffer|buffers|pbuf|desc|descr|skb|skbs|frags|erx_descr|tpre_descr|rx_buf|mem)(?:_|$)/;

/**
 * Heuristic: does a driver counter name (from `ethtool -S`) count packets lost or refused?
 * Driver names are not standardised, so this matches whole words of the name (split on `_`,
 * `.`, `:`, `[]`, spaces and camelCase) against drop vocabulary — drop/discard/miss/fifo/
 * overrun/overflow/err/fail/timeout/lost and their plurals — plus the "no resource" forms
 * `no_buf`, `nobuf`, `no_buffer`, `out_of_buffer` (mlx5), `no_desc`, `no_skb`, `no_pbuf`.
 * Word matching keeps `interrupts` or `rx_address_filtered` (an expected MAC filter) out.
 * A true result only means "worth showing when it rises", never a verdict by itself.
 */
export function isDropCounterName(name: string): boolean {
  const snake = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
  if (NO_RESOURCE.test(snake.replace(/[^a-z0-9]+/g, '_'))) return true;
  return snake.split(/[^a-z0-9]+/).some((word) => DROP_WORDS.has(word));
}
