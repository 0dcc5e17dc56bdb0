/**
 * `/proc/net/softnet_stat`: one line per online CPU, every field an 8-digit hex number
 * (`net/core/net-procfs.c`, softnet_seq_show). By position: 1 `processed` (packets taken off the
 * CPU's backlog / NAPI), 2 `dropped` (the per-CPU input backlog was full, `netdev_max_backlog`, or
 * a flow limit hit: the kernel's drop reason CPU_BACKLOG), 3 `time_squeeze` (net_rx_action ran out
 * of `netdev_budget` / `netdev_budget_usecs` with work left), 4-8 zero, 9 `cpu_collision`,
 * 10 `received_rps`, 11 `flow_limit_count`, then on newer kernels 12 backlog length, 13 the CPU id,
 * 14-15 input/process queue lengths. The column count varies by kernel (11 on old ones, 13 from
 * about 5.10, 15 on 6.18): fields are read by position, and the CPU id only when column 13 exists
 * (else the row's index, which differs from the CPU id when CPUs are offline).
 *
 * The file is host-wide: every network namespace sees the same rows.
 */
import { t } from '../../i18n/index.js';
import { lines, parseHexCount } from '../../core/parse-util.js';
import { parsed, unparsable, type ParseResult } from '../../core/types.js';

/** One CPU's softnet counters (since boot). */
export interface SoftnetCpu {
  /** The CPU id (column 13), or the row's index on kernels that do not print it. */
  readonly cpu: number;
  readonly processed: number;
  /** Packets dropped because this CPU's input backlog was full (or a flow limit hit). */
  readonly dropped: number;
  /** Times the receive softirq stopped with work left (budget or time ran out). */
  readonly timeSqueeze: number;
  readonly receivedRps?: number;
  readonly flowLimitCount?: number;
}

export function parseSoftnetStat(text: string): ParseResult<readonly SoftnetCpu[]> {
  const cpus: SoftnetCpu[] = [];
  for (const line of lines(text)) {
    const row = line.trim();
    if (row === '') continue;
    const f = row.split(/\s+/);
    const v = f.map(parseHexCount);
    if (f.length < 3 || v.some((x) => x === undefined) || !f.every((w) => /^[0-9a-fA-F]{1,16}$/.test(w))) {
      return unparsable(t('softnet.parse.bad-line', { line: JSON.stringify(row.slice(0, 80)) }));
    }
    const at = (i: number): number | undefined => v[i];
    cpus.push({
      cpu: f.length >= 13 ? (at(12) ?? cpus.length) : cpus.length,
      processed: at(0) ?? 0,
      dropped: at(1) ?? 0,
      timeSqueeze: at(2) ?? 0,
      ...(at(9) !== undefined ? { receivedRps: at(9) } : {}),
      ...(at(10) !== undefined ? { flowLimitCount: at(10) } : {}),
    });
  }
  if (cpus.length === 0) return unparsable(t('softnet.parse.empty'));
  return parsed(cpus);
}
