import { type ParseResult, parsed, unparsable } from '../../core/types.js';
import { t } from '../../i18n/index.js';
import { lines } from '../../core/parse-util.js';

/**
 * One half of `ethtool -g DEV`: the number of descriptors (not bytes) in each ring. `rx` is the
 * receive ring the NIC DMAs arriving frames into; when it is full the NIC drops the frame itself
 * (rx_missed_errors, rx_fifo_errors, driver counters such as rx_no_buffer_count) and no kernel drop
 * event is ever traced. `rxMini`/`rxJumbo` are separate rings some NICs keep for small and jumbo
 * frames; `tx` the transmit ring. Absent: the driver does not report it (`n/a`; older ethtool printed 0).
 */
export interface RingSet {
  readonly rx?: number;
  readonly rxMini?: number;
  readonly rxJumbo?: number;
  readonly tx?: number;
}

/**
 * `ethtool -g DEV`: the largest rings the driver allows ("Pre-set maximums") and the ones in use
 * ("Current hardware settings"). A current RX ring below its maximum can be raised with
 * `ethtool -G DEV rx <max>` — most drivers reset the link to do it.
 */
export interface RingSizes {
  /** From "Ring parameters for DEV:", when the header was kept. */
  readonly dev?: string;
  readonly max: RingSet;
  readonly current: RingSet;
}

const FIELDS: Readonly<Record<string, keyof RingSet>> = { rx: 'rx', 'rx mini': 'rxMini', 'rx jumbo': 'rxJumbo', tx: 'tx' };

/**
 * Parse `ethtool -g DEV` (ioctl and netlink layouts; the lines newer ethtool adds after the rings —
 * RX Buf Len, CQE Size, TX Push, TCP data split — are ignored). Unparsable: no "Pre-set maximums" /
 * "Current hardware settings" pair with an RX line, or ethtool's error ("Operation not supported": a
 * veth or another virtual device has no rings). Never throws.
 */
export function parseEthtoolRings(text: string): ParseResult<RingSizes> {
  const all = lines(typeof text === 'string' ? text : '');
  const err = all.find((l) => /\b(?:Operation not supported|Cannot get device ring settings|No such device|netlink error)\b/i.test(l));
  let dev: string | undefined;
  let part: 'max' | 'current' | undefined;
  const max: Partial<Record<keyof RingSet, number>> = {};
  const current: Partial<Record<keyof RingSet, number>> = {};
  let sawMax = false;
  let sawCurrent = false;
  for (const raw of all) {
    const line = raw.trim();
    const head = /^Ring parameters for (\S+?):$/.exec(line);
    if (head) {
      dev = head[1];
      continue;
    }
    if (/^Pre-set maximums:$/i.test(line)) {
      part = 'max';
      sawMax = true;
      continue;
    }
    if (/^Current hardware settings:$/i.test(line)) {
      part = 'current';
      sawCurrent = true;
      continue;
    }
    const m = /^(RX|RX Mini|RX Jumbo|TX):\s+(\S+)$/i.exec(line);
    if (!m || part === undefined) continue;
    const key = FIELDS[(m[1] ?? '').toLowerCase()];
    const v = /^\d{1,9}$/.test(m[2] ?? '') ? Number(m[2]) : undefined;
    if (key === undefined) continue;
    const into = part === 'max' ? max : current;
    if (v !== undefined && into[key] === undefined) into[key] = v;
  }
  if (!sawMax || !sawCurrent || max.rx === undefined || current.rx === undefined) {
    if (err) return unparsable(t('link.parse.rings-error', { error: err.trim().slice(0, 120) }));
    return unparsable(t('link.parse.rings-none'));
  }
  return parsed({ ...(dev !== undefined ? { dev } : {}), max, current });
}
