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

/**
 * Why a command failed. `void`: it was not run (or its output was thrown away) because the target was
 * no longer the instance pktdrop resolved: a container that stopped, a namespace deleted mid-run.
 */
export type FailureKind = 'not-found' | 'permission' | 'timeout' | 'signal' | 'nonzero' | 'spawn' | 'void';

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

/**
 * The layers findings belong to: those of the registry (src/layers/index.ts, whose order is the
 * walk's) and `drop-reasons`, the kernel drop trace's.
 */
export type LayerId = 'link' | 'softnet' | 'qdisc' | 'ip' | 'neigh' | 'tcp' | 'udp' | 'conntrack' | 'netfilter' | 'bridge' | 'drop-reasons';

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

/**
 * What a finding rests on:
 * - `window`: counters that rose between the two samples (the measured window, or two pasted snapshots);
 * - `history`: since-boot totals (one pasted snapshot judged against a zero baseline). History never
 *   convicts: such a finding is at most a warning;
 * - `state`: an observed configuration or state (a netem qdisc, a random DROP rule, a link that is down,
 *   a conntrack table near its limit), true whatever the counters did.
 */
export type Basis = 'window' | 'history' | 'state';

/**
 * `cause`: where packets are dropped (a rule, a qdisc, a full table). `symptom`: what drops elsewhere do
 * to the traffic (failing handshakes, retransmits); a symptom is never reconciled with drop events and
 * never fixed by itself.
 */
export type Role = 'cause' | 'symptom';

/** netem's impairments, percentages as numbers (30% → 30), times in milliseconds. */
export interface NetemSettings {
  readonly limit?: number;
  readonly lossPct?: number;
  readonly delayMs?: number;
  readonly jitterMs?: number;
  readonly duplicatePct?: number;
  readonly corruptPct?: number;
  readonly reorderPct?: number;
  readonly ratePerSec?: string;
  /** The loss model when not plain random (`state`, `gemodel`). */
  readonly lossModel?: string;
}

/** An iptables rule as the netfilter check found it: enough to delete it and re-insert it in place. */
export interface IptablesRuleDetails {
  readonly kind: 'iptables-rule';
  /** The command that changes these rules: `iptables-nft`, `ip6tables-legacy`, `iptables`. */
  readonly binary: string;
  readonly table: string;
  readonly chain: string;
  /** 1-based position in its chain. */
  readonly position: number;
  /** The rule's arguments after `-A <chain>`, one word each. */
  readonly spec: readonly string[];
  /** `spec` as iptables-save printed it. */
  readonly specText: string;
  /**
   * False when the rule was rebuilt from an `iptables -L` listing that does not say enough to
   * reproduce it: it is then deleted by position, by hand, never by pktdrop.
   */
  readonly exact: boolean;
}

/** An nftables rule: its handle deletes it; the handle of the rule before it restores it in place. */
export interface NftRuleDetails {
  readonly kind: 'nft-rule';
  readonly family: string;
  readonly table: string;
  readonly chain: string;
  /** The rule as `nft -a list ruleset` printed it. */
  readonly text: string;
  readonly handle?: number;
  /** The handle of the rule before it in its chain; absent when it is the first. */
  readonly previousHandle?: number;
  /** The netfilter hook of its chain when it is a base chain (`input`, `output`, `forward`, ...). */
  readonly hook?: string;
}

/** A qdisc as `tc -s qdisc show` printed it: enough to delete it and add it back. */
export interface QdiscDetails {
  readonly kind: 'qdisc';
  readonly dev: string;
  /** The qdisc's kind: `netem`, `tbf`, `fq_codel`. */
  readonly qdisc: string;
  readonly handle: string;
  /** `root`, `ingress`, or a parent class id. */
  readonly parent: string;
  /** Its options as tc printed them, for re-adding it. */
  readonly options: string;
  /** True for a qdisc someone added; false for one the kernel attaches by itself (its drops are congestion). */
  readonly configured: boolean;
  /**
   * The filters attached to it, as text (`bpf pref 1 protocol all cil_from_netdev handle 0x1`), when
   * pktdrop read them. A qdisc carrying filters is part of a datapath: pktdrop never deletes it.
   */
  readonly filters?: readonly string[];
  /**
   * Why pktdrop will not delete it, when it will not: `clsact`/`ingress` (its `dropped` counts what its
   * filters' actions dropped, not a full queue), `filters` (it carries filters), `cni` (bpf filters or
   * handles of a network plugin: Cilium, Calico, Kubernetes).
   */
  readonly protected?: 'clsact' | 'filters' | 'cni';
  /** netem's impairments, for a netem qdisc. */
  readonly netem?: NetemSettings;
}

/** The conntrack table's limit and the one pktdrop proposes. */
export interface ConntrackTableDetails {
  readonly kind: 'conntrack-table';
  readonly count: number;
  readonly max: number;
  readonly proposedMax: number;
}

/** A kernel drop reason no layer's counters explain. */
export interface DropReasonDetails {
  readonly kind: 'drop-reason';
  /** `NETFILTER_DROP`, `NO_SOCKET`, or a drop location on kernels without reasons. */
  readonly reason: string;
  /** Events in the window, and how many of them were pktdrop's own probes. */
  readonly count: number;
  readonly noise: number;
  /** The layer the reason belongs to, as the trace classifies it. */
  readonly layer: string;
  /** Kernel functions that dropped with this reason. */
  readonly locations: readonly string[];
}

/**
 * A kernel setting (`/proc/sys`) that explains a finding, with the value read in the window and the
 * value a fix would set. `key` is the dotted sysctl name (`net.ipv4.tcp_syncookies`); network sysctls
 * are per network namespace unless the finding's scope says host.
 */
export interface SysctlDetails {
  readonly kind: 'sysctl';
  readonly key: string;
  /** The value read during the window. */
  readonly value: number;
  /** The value the fix sets; absent when only a person can choose it. */
  readonly proposed?: number;
}

/** The two ends of a veth pair (or a bridge and a port) whose MTUs differ. */
export interface MtuMismatchDetails {
  readonly kind: 'mtu-mismatch';
  /** The end with the smaller MTU: frames longer than it (and not GSO) are dropped when they reach it. */
  readonly smaller: { readonly name: string; readonly mtu: number; readonly scope: Scope };
  readonly larger: { readonly name: string; readonly mtu: number; readonly scope: Scope };
}

/**
 * Structured facts about the convicted object, tagged by `kind`: what a fix planner reads (rule spec,
 * qdisc handle, table limit). Data, never prose.
 */
export type FindingDetails =
  | IptablesRuleDetails
  | NftRuleDetails
  | QdiscDetails
  | ConntrackTableDetails
  | DropReasonDetails
  | SysctlDetails
  | MtuMismatchDetails;

/** A conclusion drawn from the snapshots. `id` values are public API (documented in the README). */
export interface Finding {
  readonly id: string;
  readonly layer: LayerId;
  readonly scope: Scope;
  readonly severity: Severity;
  /** What the finding rests on; `history` is never above a warning. */
  readonly basis: Basis;
  readonly role: Role;
  /** The exact thing convicted: `eth0`, `qdisc netem 8001: dev eth0 root`, `filter/INPUT#1`. */
  readonly subject: string;
  readonly title: string;
  /** Plain words: what the kernel did and why it matters. */
  readonly explanation: string;
  readonly evidence: readonly Evidence[];
  /** The exact command or the precise manual step to take next. */
  readonly action: string;
  /** The convicted object as data, for fix planners and scripts; never shown as prose. */
  readonly details?: FindingDetails;
}

/** What a layer's check concluded for one scope. A missing tool is never a healthy layer. */
export type CheckOutcome =
  | { readonly status: 'pass'; readonly notes: readonly string[] }
  | { readonly status: 'findings'; readonly findings: readonly Finding[]; readonly notes: readonly string[] }
  | { readonly status: 'skipped'; readonly reason: string }
  /** Read after the target stopped being the instance resolved (a stopped container, a deleted namespace): never judged. */
  | { readonly status: 'void'; readonly reason: string }
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
  /**
   * For an inverse that re-inserts at a position (`iptables -I CHAIN N spec`): word `word` of
   * inverse command `command` is that position, and it is re-read from the state taken just before
   * the change (the presence read): the 1-based place, among the lines that start with
   * `linePrefix`, of the first line equal to the presence marker. Deleting two rules of one chain
   * renumbers the second, so a position planned from the first sample would put it back wrong (or
   * be refused: "Index of insertion too big").
   */
  readonly inversePosition?: { readonly command: number; readonly word: number; readonly linePrefix: string };
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

/**
 * The 1-based position, among the lines of `output` that start with `linePrefix`, of the first line
 * equal to the presence marker (counter values ignored); undefined when none is.
 */
export function positionIn(presence: Presence, linePrefix: string, output: string): number | undefined {
  const marker = withoutCounterValues(presence.marker);
  const lines = output.split('\n').map(withoutCounterValues).filter((l) => l.startsWith(`${linePrefix.trim()} `));
  const i = lines.findIndex((l) => l === marker);
  return i < 0 ? undefined : i + 1;
}

/** Whether `output` shows the object `presence` describes. */
export function isPresent(presence: Presence, output: string): boolean {
  const marker = withoutCounterValues(presence.marker);
  return output.split('\n').some((l) => {
    const line = withoutCounterValues(l);
    return presence.match === 'line' ? line === marker : line.includes(marker);
  });
}

/**
 * `skipped`: the operator was asked and declined. `not-asked`: never asked, because the run stopped
 * first (the operator chose quit, pressed Ctrl-C, or the target went); `message` says which.
 */
export type FixStatus = 'proposed' | 'applied' | 'skipped' | 'not-asked' | 'failed' | 'rolled-back';

export interface FixRecord {
  readonly proposal: FixProposal;
  readonly status: FixStatus;
  /** null until verified by a fresh measurement window. */
  readonly verified: boolean | null;
  readonly message?: string;
}
