/**
 * Link-layer data. Counter names are the kernel's `rtnl_link_stats64` field names
 * (`rx_packets`, `rx_errors`, `rx_dropped`, `rx_over_errors`, `rx_missed_errors`, `rx_fifo_errors`,
 * `rx_frame_errors`, `rx_crc_errors`, `rx_length_errors`, `rx_compressed`, `multicast`,
 * `tx_packets`, `tx_errors`, `tx_dropped`, `tx_fifo_errors`, `collisions`, `tx_carrier_errors`,
 * `tx_aborted_errors`, `tx_compressed`, `rx_bytes`, `tx_bytes`), whatever command they came from.
 */
export interface InterfaceCounters {
  readonly name: string;
  readonly counters: Readonly<Record<string, number>>;
}

/** Administrative and operational state of one interface, as `ip link` shows it. */
export interface LinkState {
  readonly name: string;
  readonly ifindex: number;
  /** `operstate`: UP, DOWN, UNKNOWN, LOWERLAYERDOWN, DORMANT, ... */
  readonly operstate: string;
  /** Link flags: UP, LOWER_UP, BROADCAST, NO-CARRIER, ... */
  readonly flags: readonly string[];
  readonly mtu?: number;
  /** For a veth: the ifindex of its peer (`eth0@if7` → 7). */
  readonly peerIfindex?: number;
  /** The bridge or bond this interface is enslaved to. */
  readonly master?: string;
  readonly linkType?: string;
  /** Counters when the source had them (`ip -s -s link`, `ip -j -s -s link`). */
  readonly counters?: Readonly<Record<string, number>>;
}

/** `ethtool -S <if>`: driver statistics by the driver's own names. */
export interface DriverStats {
  readonly counters: Readonly<Record<string, number>>;
}
