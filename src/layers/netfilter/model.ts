export type IptablesBackend = 'nf_tables' | 'legacy';

/** One rule from `iptables-save -c`. */
export interface IptRule {
  readonly table: string;
  readonly chain: string;
  /** 1-based position within its chain, as `iptables -L --line-numbers` numbers it. */
  readonly position: number;
  /** The rule's arguments after `-A <chain>`, tokenised as iptables would receive them. */
  readonly spec: readonly string[];
  /** `spec` joined as iptables-save printed it. */
  readonly specText: string;
  /** The jump target (`DROP`, `REJECT`, `ACCEPT`, a user chain) or undefined for none. */
  readonly target?: string;
  readonly pkts: number;
  readonly bytes: number;
  /** `-m statistic --mode random --probability p`: a rule that acts on a random share. */
  readonly randomProbability?: number;
}

export interface IptChain {
  readonly table: string;
  readonly name: string;
  /** `ACCEPT`, `DROP`, or `-` for a user-defined chain. */
  readonly policy: string;
  readonly pkts: number;
  readonly bytes: number;
}

/** The whole of one `iptables-save -c` dump (one backend, one family). */
export interface IptablesDump {
  readonly chains: readonly IptChain[];
  readonly rules: readonly IptRule[];
}

/** One chain of an `iptables -nvL` listing (the form people paste). */
export interface ListedChain {
  readonly table?: string;
  readonly name: string;
  /** Built-in chains have a policy; user chains have `references`. */
  readonly policy?: string;
  readonly policyPkts?: number;
  readonly policyBytes?: number;
  readonly references?: number;
  readonly rules: readonly ListedRule[];
}

export interface ListedRule {
  readonly position: number;
  readonly pkts?: number;
  readonly bytes?: number;
  readonly target: string;
  readonly prot: string;
  readonly opt: string;
  readonly in?: string;
  readonly out?: string;
  readonly source: string;
  readonly destination: string;
  /** The match text after the destination column: `statistic mode random probability 0.29999999981`. */
  readonly extra: string;
  readonly randomProbability?: number;
}

/** One chain of `nft -a list ruleset`. */
export interface NftChain {
  readonly family: string;
  readonly table: string;
  readonly name: string;
  readonly type?: string;
  readonly hook?: string;
  readonly priority?: string;
  readonly policy?: string;
  readonly handle?: number;
}

/** One rule of `nft -a list ruleset`. */
export interface NftRule {
  readonly family: string;
  readonly table: string;
  readonly chain: string;
  /** 1-based position within its chain. */
  readonly position: number;
  readonly handle?: number;
  /** The rule as nft printed it, without the `# handle N` comment. */
  readonly text: string;
  /** The final verdict statement, if any: drop, reject, accept, jump, goto, return, queue. */
  readonly verdict?: string;
  readonly counter?: { readonly packets: number; readonly bytes: number };
}

export interface NftTable {
  readonly family: string;
  readonly name: string;
  readonly handle?: number;
}

export interface NftRuleset {
  readonly tables: readonly NftTable[];
  readonly chains: readonly NftChain[];
  readonly rules: readonly NftRule[];
}
