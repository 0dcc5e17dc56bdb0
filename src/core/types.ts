/**
 * Core value types of a pktdrop run. Everything that crosses a module boundary is one of these:
 * plain data, serialisable to JSON, with failures carried as values (never thrown).
 */

/** A process to run: always an argv array, never a shell string. */
export interface Command {
  readonly argv: readonly string[];
  /** True when the command changes the system (fixes, undo, lab faults). */
  readonly mutates: boolean;
  readonly timeoutMs: number;
  /** Bytes written to the process's stdin, if any. */
  readonly input?: string;
}

export type FailureKind = 'not-found' | 'permission' | 'timeout' | 'signal' | 'nonzero' | 'spawn';

export interface CommandFailure {
  readonly kind: FailureKind;
  /** One line a person can act on: what went wrong and what to do. */
  readonly hint: string;
}

/** The outcome of running a {@link Command}. Produced for every command; never thrown. */
export interface CommandResult {
  readonly argv: readonly string[];
  /** False when the command was not run at all (dry run, or refused). */
  readonly executed: boolean;
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
  readonly ok: boolean;
  readonly failure?: CommandFailure;
}

/** The result of parsing one command's output: data, or the reason it could not be read. */
export type ParseResult<T> = { readonly ok: true; readonly data: T } | { readonly ok: false; readonly reason: string };

export const parsed = <T>(data: T): ParseResult<T> => ({ ok: true, data });
export const unparsable = <T = never>(reason: string): ParseResult<T> => ({ ok: false, reason });

/** Where a reading was taken: inside the target, or on the host side of the target's path. */
export type Scope = 'target' | 'host';

/** Layers in the packet's path, bottom-up. The order of this list is the order of the walk. */
export const LAYER_IDS = ['link', 'qdisc', 'ip', 'tcp', 'udp', 'conntrack', 'netfilter', 'drop-reasons'] as const;
export type LayerId = (typeof LAYER_IDS)[number];

export type Severity = 'error' | 'warning' | 'info';

/**
 * One piece of evidence. Counter evidence always carries the kernel's own counter name and the
 * two samples of the measurement window; `history` marks a since-boot total that is shown for
 * context and never convicts anything.
 */
export type Evidence =
  | {
      readonly kind: 'counter';
      /** The kernel's name for the counter: `TcpExtListenDrops`, `rx_dropped`, `dropped`, `pkts`. */
      readonly counter: string;
      /** What the counter belongs to: an interface, a qdisc, a rule. */
      readonly subject: string;
      readonly before: number;
      readonly after: number;
      readonly delta: number;
      /** The command a person would type to see the same counter. */
      readonly source: string;
      /** Part of the delta explained by pktdrop's own probe traffic, already subtracted from `delta`. */
      readonly probeNoise?: number;
    }
  | {
      readonly kind: 'history';
      readonly counter: string;
      readonly subject: string;
      readonly value: number;
      readonly source: string;
    }
  | {
      readonly kind: 'state';
      /** What was observed: `qdisc netem 8001: root ... loss 30%`, `nf_conntrack_count`. */
      readonly name: string;
      readonly subject: string;
      readonly value: string | number;
      readonly source: string;
    };

/** A conclusion drawn from the snapshots. `id` values are public API (documented in the README). */
export interface Finding {
  readonly id: string;
  readonly layer: LayerId;
  readonly scope: Scope;
  readonly severity: Severity;
  /** The exact thing convicted: `eth0`, `qdisc netem 8001: dev eth0 root`, `filter/INPUT#1`. */
  readonly subject: string;
  readonly title: string;
  /** Plain words: what the kernel did and why it matters. */
  readonly explanation: string;
  readonly evidence: readonly Evidence[];
  /** The exact command or the precise manual step to take next. */
  readonly action: string;
  /** Structured facts a fix planner needs (rule spec, qdisc handle); never shown as prose. */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** What a layer's check concluded for one scope. A missing tool is never a healthy layer. */
export type CheckOutcome =
  | { readonly status: 'pass'; readonly notes: readonly string[] }
  | { readonly status: 'findings'; readonly findings: readonly Finding[]; readonly notes: readonly string[] }
  | { readonly status: 'skipped'; readonly reason: string }
  | { readonly status: 'crashed'; readonly error: string };

/** How a fix would change the system, with its exact inverse. Data before it runs. */
export interface FixProposal {
  /** Stable id: `<finding id>:<subject>`. */
  readonly id: string;
  readonly findingId: string;
  readonly subject: string;
  readonly title: string;
  readonly risk: 'safe' | 'disruptive';
  readonly scope: Scope;
  /** Commands as a person would type them inside the scope (no nsenter / docker exec prefix). */
  readonly commands: readonly (readonly string[])[];
  /** Commands that undo `commands`, in the order they must run. */
  readonly inverse: readonly (readonly string[])[];
  /**
   * How to tell whether the convicted object (rule, qdisc, setting) exists: run `argv` in the scope
   * and look for `marker` in its output (counter values are ignored on both sides). A fix is
   * confirmed when the object is gone; an undo is confirmed when it is back.
   */
  readonly presence?: Presence;
}

export interface Presence {
  readonly argv: readonly string[];
  readonly marker: string;
  /** `line`: some trimmed output line equals the marker; `substring`: some line contains it. */
  readonly match: 'line' | 'substring';
}

/** Counter values change by the second; presence never depends on them. */
export const withoutCounterValues = (text: string): string =>
  text.replace(/\[\d+:\d+\]\s*/g, '').replace(/\bcounter packets \d+ bytes \d+/g, 'counter').replace(/\s+/g, ' ').trim();

/** Whether `output` shows the object `presence` describes. */
export function isPresent(presence: Presence, output: string): boolean {
  const marker = withoutCounterValues(presence.marker);
  return output.split('\n').some((l) => {
    const line = withoutCounterValues(l);
    return presence.match === 'line' ? line === marker : line.includes(marker);
  });
}

export type FixStatus = 'proposed' | 'applied' | 'skipped' | 'failed' | 'rolled-back';

export interface FixRecord {
  readonly proposal: FixProposal;
  readonly status: FixStatus;
  /** null until verified by a fresh measurement window. */
  readonly verified: boolean | null;
  readonly message?: string;
}
