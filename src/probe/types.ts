/**
 * Types of the loss/RTT probe: the equivalent of the seed case's `hping3 -c 10 -S -p 80 <addr>`.
 * A probe sends TCP SYNs (hping3) or opens TCP connections (the built-in `connect` method) to one
 * service and counts how many handshakes got an answer.
 */

/** What to probe and how hard. Every field is bounded by `runProbe`'s validation. */
export interface ProbeSpec {
  /** An IPv4/IPv6 literal or a DNS hostname (strictly validated; never starts with `-`). */
  readonly host: string;
  /** TCP port, 1..65535. */
  readonly port: number;
  /** Probes to send (per batch when `adaptive` is set: the first batch). */
  readonly count: number;
  /** Gap between two probes, in milliseconds (probes are sent on this clock, not one after another). */
  readonly intervalMs: number;
  /**
   * How long one probe waits for its answer before it counts as lost, in milliseconds (`connect`).
   * hping3 has no per-probe timeout: it waits a fixed 1 s after its last SYN, and a SYN-ACK that
   * arrives later for an earlier probe still counts.
   */
  readonly timeoutMs: number;
  /** `auto`: hping3 when it is installed and usable, otherwise `connect`. */
  readonly method: 'auto' | 'hping3' | 'connect';
  /**
   * Keep probing in batches until the 95% Wilson interval of the loss rate lies entirely below or
   * entirely above `thresholdPct`, or `maxCount` probes were sent.
   */
  readonly adaptive?: { readonly maxCount: number; readonly thresholdPct: number };
}

/** Minimum / average / maximum round-trip time of the answered probes, in milliseconds. */
export interface RttSummary {
  readonly min: number;
  readonly avg: number;
  readonly max: number;
}

/** The measured result of one probe run (all batches of an adaptive run together). */
export interface ProbeStats {
  readonly method: 'hping3' | 'connect';
  /**
   * What really ran, with its real arguments: the hping3 command line of each batch (`-c` is the
   * number of probes asked for, not the replies counted), or for `connect` a description of the
   * built-in probe (it runs no external command). Why a method was chosen or fell back is in `notes`.
   */
  readonly command: string;
  readonly host: string;
  readonly port: number;
  /** Probes sent (SYNs for hping3, connection attempts for `connect`). */
  readonly sent: number;
  /** Probes that got an answer (SYN-ACK or RST), each probe counted once. */
  readonly received: number;
  /** `(sent - received) / sent`, in percent. */
  readonly lossPct: number;
  /** RTT of the first answer of each answered probe; null when nothing was answered. */
  readonly rttMs: RttSummary | null;
  /** Replies that were RST (closed port): the path works, but nothing listens. */
  readonly refused: number;
  /**
   * Extra answers to a probe already answered. With hping3 these are SYN-ACK retransmissions: the
   * server did not see the prober's RST (it was dropped on the way back), a sign of loss too.
   */
  readonly duplicates: number;
  readonly durationMs: number;
  /** 95% Wilson score interval of the loss rate, in percent. */
  readonly lossInterval: { readonly low: number; readonly high: number };
  /**
   * Raw SYN probes make the prober's own kernel answer each SYN-ACK with a RST (it has no socket
   * for it) and count it as a `NO_SOCKET` drop: how many such replies this probe caused, so other
   * layers can subtract the noise (the RSTs also show in the prober's `TcpOutRsts`). RST answers
   * (`refused`) are dropped as `NO_SOCKET` too, without a reply, so hping3's total `NO_SOCKET`
   * noise on the prober is `synAckNoise + refused`. Always 0 for `connect`, which uses real sockets.
   */
  readonly synAckNoise: number;
  /** Why the method was chosen or changed (e.g. hping3 missing, fell back to connect). */
  readonly notes: readonly string[];
}

/** A probe run's result, or the reason it could not measure anything (never thrown). */
export type ProbeOutcome = { readonly ok: true; readonly stats: ProbeStats } | { readonly ok: false; readonly reason: string };
