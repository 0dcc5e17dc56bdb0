/** Connection-tracking state. Every field is optional: each source shows only part of it. */
export interface ConntrackState {
  /** `net.netfilter.nf_conntrack_count` (entries now, in the reading's namespace). */
  readonly count?: number;
  /** `net.netfilter.nf_conntrack_max` (host-global limit). */
  readonly max?: number;
  /**
   * Per-CPU statistics summed over CPUs, by the kernel's names: `found`, `invalid`, `insert`,
   * `insert_failed`, `drop`, `early_drop`, `error`/`icmp_error`, `search_restart`, `clash_resolve`...
   */
  readonly stats?: Readonly<Record<string, number>>;
}
