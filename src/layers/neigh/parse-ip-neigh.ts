import { type ParseResult, parsed, unparsable } from '../../core/types.js';
import { t } from '../../i18n/index.js';
import { lines } from '../../core/parse-util.js';

/**
 * Neighbour (NUD) states as `ip neigh` prints them. `INCOMPLETE`: resolution in progress (ARP/ND
 * requests sent, no answer yet; packets for it wait in a small queue, `unres_qlen_bytes`); `FAILED`:
 * resolution gave up after `mcast_solicit`/`ucast_solicit` probes (packets for it are dropped and the
 * sender gets EHOSTUNREACH); `REACHABLE`: confirmed recently; `STALE`, `DELAY`, `PROBE`: known but
 * to be re-confirmed; `PERMANENT`: a static entry that garbage collection never removes and that
 * (since Linux 4.19) does not count against `gc_thresh3`; `NOARP`: a device that needs no resolution
 * (still counted); `NONE`: a placeholder.
 */
export const NUD_STATES = ['INCOMPLETE', 'REACHABLE', 'STALE', 'DELAY', 'PROBE', 'FAILED', 'NOARP', 'PERMANENT', 'NONE'] as const;
export type NudState = (typeof NUD_STATES)[number];

/**
 * One line of `ip neigh show` (`ip -s neigh` adds `ref`, `used` and `probes`). An entry is one
 * neighbour (an IPv4 address resolved by ARP in `arp_cache`, an IPv6 one by ND in `ndisc_cache`) of
 * one device, in the network namespace `ip` ran in.
 */
export interface NeighEntry {
  readonly address: string;
  readonly family: 'ipv4' | 'ipv6';
  /** Absent when the output was filtered by device (`ip neigh show dev eth0` omits it). */
  readonly dev?: string;
  /** The link-layer address; absent while unresolved (INCOMPLETE, FAILED). */
  readonly lladdr?: string;
  /** NUD states (usually one). */
  readonly states: readonly NudState[];
  /** The neighbour announced itself as a router (IPv6 ND). */
  readonly router: boolean;
  /** `extern_learn`: added by a control plane (a switchdev driver, EVPN); like PERMANENT, not counted against `gc_thresh3`. */
  readonly externLearned?: true;
  /** `ref N` (`-s`): users of the entry (routes, sockets, queued packets); absent when 0. */
  readonly ref?: number;
  /** `used A/B/C` (`-s`): seconds since the entry was last used, confirmed and updated. */
  readonly used?: { readonly used: number; readonly confirmed: number; readonly updated: number };
  /** `probes N` (`-s`): ARP/ND solicitations sent without an answer since the last confirmation. */
  readonly probes?: number;
}

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const IPV6 = /^[0-9a-fA-F]{0,4}(?::[0-9a-fA-F]{0,4}){2,7}(?:%\S+)?$/;
const STATE_SET = new Set<string>(NUD_STATES);
const isNud = (s: string): s is NudState => STATE_SET.has(s);
const int = (s: string | undefined): number | undefined => {
  if (s === undefined || !/^\d{1,15}$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : undefined;
};

/** One line, or undefined when it is no neighbour entry (a trailing state is required). */
export function parseIpNeighLine(line: string): NeighEntry | undefined {
  // iproute2 prints "used A/B/Cprobes N" without a space (ipneigh.c); split them before tokenising.
  const t = line.trim().replace(/(\d)probes\b/, '$1 probes').split(/\s+/);
  while (t[0] === 'Deleted' || t[0] === 'Miss') t.shift();
  const address = t[0] ?? '';
  const family = IPV4.test(address) ? 'ipv4' : IPV6.test(address) ? 'ipv6' : undefined;
  if (family === undefined) return undefined;
  const states: NudState[] = [];
  for (let k = t.length - 1; k > 0; k--) {
    const s = t[k] ?? '';
    if (!isNud(s)) break;
    states.unshift(s);
  }
  if (states.length === 0) return undefined;
  const body = t.slice(1, t.length - states.length);
  const valueOf = (key: string): string | undefined => {
    const k = body.indexOf(key);
    return k >= 0 ? body[k + 1] : undefined;
  };
  const used = /^(\d{1,15})\/(\d{1,15})\/(\d{1,15})$/.exec(valueOf('used') ?? '');
  const dev = valueOf('dev');
  const lladdr = valueOf('lladdr');
  const ref = int(valueOf('ref'));
  const probes = int(valueOf('probes'));
  const u = used ? { used: int(used[1]), confirmed: int(used[2]), updated: int(used[3]) } : undefined;
  return {
    address,
    family,
    ...(dev !== undefined ? { dev } : {}),
    ...(lladdr !== undefined ? { lladdr } : {}),
    states,
    router: body.includes('router'),
    ...(body.includes('extern_learn') ? { externLearned: true as const } : {}),
    ...(ref !== undefined ? { ref } : {}),
    ...(u && u.used !== undefined && u.confirmed !== undefined && u.updated !== undefined ? { used: { used: u.used, confirmed: u.confirmed, updated: u.updated } } : {}),
    ...(probes !== undefined ? { probes } : {}),
  };
}

/**
 * Parse `ip neigh`, `ip neigh show [dev DEV]` or `ip -s neigh show`. Lines that are no entry are
 * skipped; no entry at all is unparsable. Never throws.
 */
export function parseIpNeigh(text: string): ParseResult<NeighEntry[]> {
  const entries: NeighEntry[] = [];
  for (const line of lines(typeof text === 'string' ? text : '')) {
    const e = parseIpNeighLine(line);
    if (e) entries.push(e);
  }
  return entries.length > 0 ? parsed(entries) : unparsable(t('neigh.parse.ip-neigh-none'));
}

/** Is this line a neighbour entry? (For recognising pasted output.) */
export const isIpNeighLine = (line: string): boolean => parseIpNeighLine(line) !== undefined;
