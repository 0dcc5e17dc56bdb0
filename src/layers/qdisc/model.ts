import type { NetemSettings } from '../../core/types.js';

/** One qdisc as `tc -s qdisc show` prints it. */
export interface Qdisc {
  /** netem, tbf, htb, fq_codel, pfifo_fast, noqueue, mq, ingress, clsact, ... */
  readonly kind: string;
  /** `8001:` */
  readonly handle: string;
  readonly dev: string;
  /** `root`, `ingress`, or the parent class id (`parent 1:1` → `1:1`). */
  readonly parent: string;
  /** Everything after the parent/refcnt on the first line, verbatim: `limit 1000 loss 30%`. */
  readonly options: string;
  /** The qdisc's first line as tc printed it (for evidence). */
  readonly line: string;
  readonly stats?: QdiscStats;
  /** Present only for netem. */
  readonly netem?: NetemSettings;
}

export interface QdiscStats {
  readonly sentBytes: number;
  readonly sentPackets: number;
  readonly dropped: number;
  readonly overlimits: number;
  readonly requeues: number;
  readonly backlogBytes?: number;
  readonly backlogPackets?: number;
}

export type { NetemSettings };
