/**
 * Parse-and-check timing at scale: generate a before/after pair of a command's output (bench/large-inputs.ts),
 * run the layer's real probe parse on both (as the engine does for its two samples) and the layer's real check
 * on the pair, and time each part. Pure apart from reading the clock: no process, no file.
 */
import type { CommandResult, Scope } from '../src/core/types.js';
import type { ProbeTraffic, ScopeContext } from '../src/core/layer.js';
import type { ResolvedTarget } from '../src/core/target.js';
import { checkLink, linkProbe } from '../src/layers/link/layer.js';
import { checkQdisc, qdiscProbe } from '../src/layers/qdisc/layer.js';
import { checkNetfilter, netfilterProbe } from '../src/layers/netfilter/layer.js';
import { iptablesSave, ipLinkJson, nftRuleset, tcQdiscText, type Tick } from './large-inputs.js';

/** The inputs issue 6 asks to be linear: 50,000 iptables rules, 2,000 interfaces, 500 qdiscs, 100 nft tables. */
export type ScaleCase = 'iptables' | 'link' | 'qdisc' | 'nft';

/** 1×, 10× and 100× of each case (issue 6, item 3 and bench item c). */
export const SCALE_SIZES: Readonly<Record<ScaleCase, readonly [number, number, number]>> = {
  iptables: [500, 5_000, 50_000],
  link: [20, 200, 2_000],
  qdisc: [5, 50, 500],
  nft: [1, 10, 100],
};

/** What is counted at each size, for display: "rules", "interfaces", ... */
export const SCALE_UNITS: Readonly<Record<ScaleCase, string>> = { iptables: 'rules', link: 'interfaces', qdisc: 'qdiscs', nft: 'tables' };

/** The command whose output each case stands for. */
export const SCALE_COMMANDS: Readonly<Record<ScaleCase, string>> = {
  iptables: 'iptables-nft-save -c',
  link: 'ip -j -s -s link show',
  qdisc: 'tc -s qdisc show',
  nft: 'nft -a list ruleset',
};

export interface ScaleRun {
  readonly case: ScaleCase;
  readonly size: number;
  readonly inputBytes: number;
  /** Parsing both samples (before and after), milliseconds. */
  readonly parseMs: number;
  /** The layer's check over the pair, milliseconds. */
  readonly checkMs: number;
  readonly totalMs: number;
  /** Findings the check reported (each rising drop counter is one). */
  readonly findings: number;
  /** Findings the generator planted (rising drop counters); equal to `findings` when the check saw them all. */
  readonly expectedFindings: number;
}

/** A host target: the host scope sees every interface. */
export const HOST_TARGET: ResolvedTarget = {
  spec: { kind: 'host' },
  label: 'host',
  access: { via: 'host' },
  addresses: [],
  listeningPorts: [],
  interfaces: [],
  notes: [],
};

const SCOPE: Scope = 'target';
export const HOST_CTX: ScopeContext = { scope: SCOPE, target: HOST_TARGET };

/** A successful command result carrying `stdout`, as the runner would return it. */
export function okResult(argv: readonly string[], stdout: string): CommandResult {
  return { argv, executed: true, exitCode: 0, stdout, stderr: '', durationMs: 0, ok: true };
}

interface Generated {
  readonly text: string;
  readonly expected: number;
}

/** The generated output of `c` at `size` for sample `tick`. */
export function generate(c: ScaleCase, size: number, tick: Tick): Generated {
  switch (c) {
    case 'iptables': {
      const g = iptablesSave(size, tick);
      return { text: g.text, expected: g.risingDropRules + g.risingDropPolicies };
    }
    case 'link': {
      const g = ipLinkJson(size, tick);
      return { text: g.text, expected: g.risingDrops };
    }
    case 'qdisc': {
      const g = tcQdiscText(size, tick);
      return { text: g.text, expected: g.risingDrops };
    }
    case 'nft': {
      const g = nftRuleset(size, tick);
      return { text: g.text, expected: g.risingDropRules };
    }
  }
}

const WINDOW: { readonly window: 'measured'; readonly windowMs: number; readonly traffic: ProbeTraffic } = { window: 'measured', windowMs: 2000, traffic: { method: 'none', sent: 0, received: 0, synAckNoise: 0 } };

/** Parse a before/after pair with the layer's probe and check it; counts only what the check found. */
/** Convictions only: state findings (an nft drop rule without a counter, a latent limiter) are not planted drops. */
const convicted = (findings: readonly { readonly severity: string }[]): number => findings.filter((f) => f.severity === 'error').length;

function parseAndCheck(c: ScaleCase, before: string, after: string, clock: () => number): { parseMs: number; checkMs: number; findings: number } {
  switch (c) {
    case 'iptables':
    case 'nft': {
      const key = c === 'iptables' ? 'nft4' : 'nft';
      const argv = c === 'iptables' ? ['iptables-nft-save', '-c'] : ['nft', '-a', 'list', 'ruleset'];
      const t0 = clock();
      const a = netfilterProbe.parse(new Map([[key, okResult(argv, before)]]));
      const b = netfilterProbe.parse(new Map([[key, okResult(argv, after)]]));
      const t1 = clock();
      if (!a.ok || !b.ok) throw new Error(`generated ${c} input did not parse: ${!a.ok ? a.reason : !b.ok ? b.reason : ''}`);
      const r = checkNetfilter({ scope: SCOPE, ctx: HOST_CTX, before: a.data, after: b.data, ...WINDOW });
      return { parseMs: t1 - t0, checkMs: clock() - t1, findings: convicted(r.findings) };
    }
    case 'link': {
      const argv = ['ip', '-j', '-s', '-s', 'link', 'show'];
      const t0 = clock();
      const a = linkProbe.parse(new Map([['ip', okResult(argv, before)]]), HOST_CTX);
      const b = linkProbe.parse(new Map([['ip', okResult(argv, after)]]), HOST_CTX);
      const t1 = clock();
      if (!a.ok || !b.ok) throw new Error(`generated link input did not parse: ${!a.ok ? a.reason : !b.ok ? b.reason : ''}`);
      const r = checkLink({ scope: SCOPE, ctx: HOST_CTX, before: a.data, after: b.data, ...WINDOW });
      return { parseMs: t1 - t0, checkMs: clock() - t1, findings: convicted(r.findings) };
    }
    case 'qdisc': {
      const argv = ['tc', '-s', 'qdisc', 'show'];
      const t0 = clock();
      const a = qdiscProbe.parse(new Map([['tc', okResult(argv, before)]]), HOST_CTX);
      const b = qdiscProbe.parse(new Map([['tc', okResult(argv, after)]]), HOST_CTX);
      const t1 = clock();
      if (!a.ok || !b.ok) throw new Error(`generated qdisc input did not parse: ${!a.ok ? a.reason : !b.ok ? b.reason : ''}`);
      const r = checkQdisc({ scope: SCOPE, ctx: HOST_CTX, before: a.data, after: b.data, ...WINDOW });
      return { parseMs: t1 - t0, checkMs: clock() - t1, findings: convicted(r.findings) };
    }
  }
}

/** A case at one size with its two samples generated once, ready to be timed repeatedly. */
export interface PreparedScaleCase {
  readonly case: ScaleCase;
  readonly size: number;
  readonly inputBytes: number;
  readonly expectedFindings: number;
  run(clock?: () => number): ScaleRun;
}

/** Generates the before/after pair of `c` at `size` (not timed); `run()` then times parse+check on it. */
export function prepareScaleCase(c: ScaleCase, size: number): PreparedScaleCase {
  const before = generate(c, size, 0);
  const after = generate(c, size, 1);
  const inputBytes = Buffer.byteLength(after.text);
  return {
    case: c,
    size,
    inputBytes,
    expectedFindings: after.expected,
    run(clock = () => performance.now()) {
      const r = parseAndCheck(c, before.text, after.text, clock);
      return { case: c, size, inputBytes, parseMs: r.parseMs, checkMs: r.checkMs, totalMs: r.parseMs + r.checkMs, findings: r.findings, expectedFindings: after.expected };
    },
  };
}

/**
 * Times one parse+check of case `c` at `size`. The input is generated before the clock starts. Throws only
 * when the generated input does not parse (a bug in the generator or the parser, which a bench must not hide).
 */
export function runScaleCase(c: ScaleCase, size: number, clock: () => number = () => performance.now()): ScaleRun {
  return prepareScaleCase(c, size).run(clock);
}

/** The median of `xs` (the mean of the two middle values for an even count); NaN for none. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] ?? Number.NaN) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}
