/**
 * Which built-in chains (netfilter hooks) reach a chain. A packet meets a user-defined chain only when a
 * rule of a chain it already traverses jumps (`-j MYCHAIN`, `jump x`) or goes (`-g MYCHAIN`, `goto x`)
 * to it: iptables' `-N MYCHAIN` jumped to from INPUT, Docker's DOCKER-USER and DOCKER jumped to from
 * FORWARD, an nft regular chain reached from a base chain. So a user chain lies on the probe's path
 * exactly when one of the built-in chains that reach it does (diagnose/path.ts says which hooks the
 * probe passes, per scope).
 *
 * Each chain gets its routes: one per base chain that reaches it, the shortest, written as a person
 * reads a path element: `filter INPUT → MYCHAIN`, `inet filter forward → fwd_user → inner`.
 * A chain no base chain reaches gets none: its rules cannot act on any packet now. Cycles (refused by
 * both tools, but a pasted or hand-edited ruleset may hold one) end where a chain repeats. Pure.
 */
import type { Finding } from '../../core/types.js';
import type { IptablesDump, NftRuleset } from './model.js';

/** How a packet gets to one chain from one base chain. */
export interface ChainRoute {
  /** The hook of the base chain, upper case as iptables names it: `INPUT`, `FORWARD`. */
  readonly hook: string;
  /** The chains in order, base chain first, this chain last. */
  readonly chains: readonly string[];
  /** The path element: `filter INPUT → MYCHAIN`, `inet t forward → fwd_user`. */
  readonly text: string;
}

/** Every chain's routes, keyed by {@link iptChainKey} or {@link nftChainKey}; a chain absent or with no route is unreachable. */
export type Reach = ReadonlyMap<string, readonly ChainRoute[]>;

export const iptChainKey = (table: string, chain: string): string => `${table}|${chain}`;
export const nftChainKey = (family: string, table: string, chain: string): string => `${family}|${table}|${chain}`;

const BUILT_IN = new Set(['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING']);

interface Graph {
  /** Base chains: node key, hook, the words that prefix the path element (`filter`, `inet t`). */
  readonly bases: readonly { key: string; hook: string; prefix: string; label?: string }[];
  readonly edges: ReadonlyMap<string, readonly string[]>;
  readonly nameOf: (key: string) => string;
}

/** Appends in place: kube-proxy's KUBE-SERVICES jumps to thousands of chains. */
function push(edges: Map<string, string[]>, from: string, to: string): void {
  const list = edges.get(from);
  if (list) list.push(to);
  else edges.set(from, [to]);
}

/** Breadth first from each base chain: the shortest route to every chain it reaches, each chain once per base (cycles end). */
function walk(g: Graph): Reach {
  const out = new Map<string, ChainRoute[]>();
  for (const base of g.bases) {
    const seen = new Map<string, readonly string[]>([[base.key, [base.key]]]);
    const queue: string[] = [base.key];
    for (let head = 0; head < queue.length; head++) {
      const at = queue[head] as string;
      const route = seen.get(at) ?? [];
      for (const next of g.edges.get(at) ?? []) {
        if (seen.has(next)) continue;
        seen.set(next, [...route, next]);
        queue.push(next);
      }
    }
    for (const [key, route] of seen) {
      const chains = route.map(g.nameOf);
      const list = out.get(key) ?? [];
      const shown = [base.label ?? chains[0], ...chains.slice(1)];
      list.push({ hook: base.hook, chains, text: `${base.prefix} ${shown.join(' → ')}` });
      out.set(key, list);
    }
  }
  return out;
}

/** The routes of every chain of one `iptables-save` dump (jumps never cross tables). */
export function iptablesReach(dump: IptablesDump): Reach {
  const names = new Map<string, string>();
  const chainsOf = new Map<string, Set<string>>();
  for (const c of dump.chains) chainsOf.set(c.table, (chainsOf.get(c.table) ?? new Set()).add(c.name));
  // A rule may name a chain its dump never declared (a hand-trimmed paste): still a chain of its table.
  for (const r of dump.rules) chainsOf.set(r.table, (chainsOf.get(r.table) ?? new Set()).add(r.chain));
  const edges = new Map<string, string[]>();
  for (const r of dump.rules) {
    if (r.target === undefined || !chainsOf.get(r.table)?.has(r.target)) continue;
    const from = iptChainKey(r.table, r.chain);
    const to = iptChainKey(r.table, r.target);
    names.set(from, r.chain).set(to, r.target);
    push(edges, from, to);
  }
  const bases = [...chainsOf].flatMap(([table, chains]) =>
    [...chains].filter((c) => BUILT_IN.has(c)).map((c) => {
      const key = iptChainKey(table, c);
      names.set(key, c);
      return { key, hook: c, prefix: table };
    }),
  );
  return walk({ bases, edges, nameOf: (k) => names.get(k) ?? k });
}

/** Chains a rule's text sends packets to: its `jump X` / `goto X`, and those inside an inline verdict map. */
export function nftTargets(text: string): string[] {
  return [...text.matchAll(/\b(?:jump|goto)\s+("(?:[^"\\]|\\.)*"|[^\s,{}]+)/g)].map((m) => {
    const w = m[1] ?? '';
    return w.startsWith('"') && w.endsWith('"') && w.length >= 2 ? w.slice(1, -1) : w;
  });
}

/** The routes of every chain of an `nft list ruleset` (jumps never cross tables). */
export function nftReach(ruleset: NftRuleset): Reach {
  const names = new Map<string, string>();
  const known = new Set(ruleset.chains.map((c) => nftChainKey(c.family, c.table, c.name)));
  for (const c of ruleset.chains) names.set(nftChainKey(c.family, c.table, c.name), c.name);
  const edges = new Map<string, string[]>();
  for (const r of ruleset.rules) {
    const from = nftChainKey(r.family, r.table, r.chain);
    for (const t of nftTargets(r.text)) {
      const to = nftChainKey(r.family, r.table, t);
      if (!known.has(to)) continue;
      push(edges, from, to);
    }
  }
  const bases = ruleset.chains
    .filter((c) => c.hook !== undefined)
    .map((c) => {
      const hook = (c.hook ?? '').toUpperCase();
      // A base chain named after its hook says it; another name carries its hook: `my_in (hook input)`.
      const label = c.name.toUpperCase() === hook ? c.name : `${c.name} (hook ${c.hook ?? ''})`;
      return { key: nftChainKey(c.family, c.table, c.name), hook, prefix: `${c.family} ${c.table}`, label };
    });
  return walk({ bases, edges, nameOf: (k) => names.get(k) ?? k });
}

/** The distinct hooks of a chain's routes, in the order first met. */
export const hooksOf = (routes: readonly ChainRoute[]): string[] => [...new Set(routes.map((r) => r.hook))];

/** The evidence name under which a finding on a user-defined chain carries each of its routes. */
export const PATH_EVIDENCE = 'path';

/**
 * The hooks a netfilter finding is reached from, read back from its `path` evidence (one per route), upper
 * case; undefined when it carries none (a rule of a built-in chain, whose chain is its hook, or a
 * chain pktdrop found no route to). For diagnose/path.ts: a finding is on the probe's path when any
 * of these hooks is.
 */
export function reachedHooks(f: Finding): string[] | undefined {
  if (f.layer !== 'netfilter') return undefined;
  const hooks = f.evidence.flatMap((e) => (e.kind === 'state' && e.name === PATH_EVIDENCE && typeof e.value === 'string' ? [hookOfRouteText(e.value)] : []));
  const known = hooks.filter((h): h is string => h !== undefined);
  return known.length > 0 ? [...new Set(known)] : undefined;
}

/** `filter INPUT → MYCHAIN` → `INPUT`; `inet t forward → x` → `FORWARD`; `inet t my_in (hook input) → x` → `INPUT`. */
function hookOfRouteText(text: string): string | undefined {
  const head = text.split(' → ')[0]?.trim() ?? '';
  const first = (/\(hook (\w+)\)$/.exec(head)?.[1] ?? head.split(/\s+/).pop())?.toUpperCase();
  return first !== undefined && BUILT_IN.has(first) ? first : undefined;
}
