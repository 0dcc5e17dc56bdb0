/**
 * The neighbour tables (ARP for IPv4, NDISC for IPv6). They are one per host: every network
 * namespace's entries count against the same `gc_thresh3`, and the statistics and the knobs live only
 * in the init netns. When a table holds `gc_thresh3` entries and garbage collection frees none, a new
 * neighbour cannot be created: the packet waiting for it is dropped (reason NEIGH_CREATEFAIL),
 * `table_fulls` rises and the kernel logs "neighbour: arp_cache: neighbor table overflow!". New
 * destinations become unreachable while known ones still work: Kubernetes nodes with many pods,
 * large flat L2 segments, gateways.
 *
 * Like softnet, it is read and judged only where the host is (the target scope of a host target, the
 * host scope of a container or netns): a container is never blamed.
 */
import { msg, t, type Param } from '../../i18n/index.js';
import { counterBasis, counterEvidence, defineLayer, phraseWindow, type CheckInput, type Probe, type ScopeContext } from '../../core/layer.js';
import { parsed, unparsable, type Evidence, type Finding, type FixProposal } from '../../core/types.js';
import { parseSysctlLines, sysctlInt, type SysctlValues } from '../../core/parse-sysctl.js';
import { parseNeighStat, type NeighStat } from './parse-neigh-stat.js';
import type { NeighEntry } from './parse-ip-neigh.js';

export interface NeighData {
  /** `host`: read where the host is; `elsewhere`: the target scope of a container or netns (not read again). */
  readonly where: 'host' | 'elsewhere';
  readonly arp?: NeighStat;
  readonly ndisc?: NeighStat;
  /** `net/ipv4/neigh/default/gc_thresh1..3` (and IPv6's gc_thresh3) when readable. */
  readonly sysctls: SysctlValues;
  /**
   * The entries `ip neigh` listed (pasted to `pktdrop analyze`; diagnose does not read them). State:
   * they are only the entries of the namespace `ip` ran in, while `gc_thresh3` counts every
   * namespace's, so their number is a lower bound of the table's size.
   */
  readonly neighbours?: readonly NeighEntry[];
}

const zeroStat = (s: NeighStat): NeighStat => ({ entries: s.entries, counters: Object.fromEntries(Object.keys(s.counters).map((k) => [k, 0])) });

/** The since-boot baseline: the counters at 0, the table size and the settings kept. */
export const zeroNeighData = (d: NeighData): NeighData => ({
  ...d,
  ...(d.arp ? { arp: zeroStat(d.arp) } : {}),
  ...(d.ndisc ? { ndisc: zeroStat(d.ndisc) } : {}),
});

const ARP = '/proc/net/stat/arp_cache';
const NDISC = '/proc/net/stat/ndisc_cache';
const THRESH = (fam: 'ipv4' | 'ipv6', n: 1 | 2 | 3): string => `net/${fam}/neigh/default/gc_thresh${n}`;

const isHostScope = (ctx: ScopeContext): boolean => ctx.scope === 'host' || ctx.target.spec.kind === 'host';

export const neighProbe = {
  id: 'neigh',
  scopes: ['target', 'host'],
  // One step only, where the host is (the host target, or the host side of a container or netns).
  hostWide: true,
  commands: (ctx) =>
    isHostScope(ctx)
      ? [
          { key: 'arp', argv: ['cat', ARP] },
          { key: 'ndisc', argv: ['cat', NDISC], optional: true },
          {
            key: 'thresh',
            argv: ['grep', '-H', '-r', '', ...([1, 2, 3] as const).map((n) => `/proc/sys/${THRESH('ipv4', n)}`), `/proc/sys/${THRESH('ipv6', 3)}`],
            optional: true,
          },
        ]
      : [],
  parse(results, ctx) {
    if (!isHostScope(ctx)) return parsed({ where: 'elsewhere', sysctls: {} });
    const arp = results.get('arp');
    if (!arp?.ok) return unparsable(t('neigh.probe.unreadable', { file: ARP, reason: arp?.failure?.hint ?? t('neigh.no-output') }));
    const a = parseNeighStat(arp.stdout);
    if (!a.ok) return unparsable(t('neigh.probe.unreadable', { file: ARP, reason: a.reason }));
    const nd = results.get('ndisc');
    const b = nd?.ok ? parseNeighStat(nd.stdout) : undefined;
    const th = results.get('thresh');
    return parsed({
      where: 'host',
      arp: a.data,
      ...(b?.ok ? { ndisc: b.data } : {}),
      sysctls: th && th.failure?.kind !== 'not-found' ? parseSysctlLines(th.stdout) : {},
    });
  },
} satisfies Probe<NeighData>;

const FAMILIES = [
  { key: 'arp', table: 'arp_cache', fam: 'ipv4', source: `cat ${ARP} (hex, per-CPU rows summed); ip -s ntable show name arp_cache` },
  { key: 'ndisc', table: 'ndisc_cache', fam: 'ipv6', source: `cat ${NDISC} (hex, per-CPU rows summed); ip -s ntable show name ndisc_cache` },
] as const;

/** `neigh.table-overflow` (error) for each table whose `table_fulls` rose. */
export function checkNeigh(i: CheckInput<NeighData>): { findings: Finding[]; notes: string[] } {
  if (i.after.where !== 'host') return { findings: [], notes: [t('neigh.note.elsewhere')] };
  const findings: Finding[] = [];
  const notes: string[] = [];
  for (const f of FAMILIES) {
    const a = i.after[f.key];
    const b = i.before[f.key];
    if (!a || !b) continue;
    const rose = (n: string): number => Math.max(0, (a.counters[n] ?? 0) - (b.counters[n] ?? 0));
    const fulls = rose('table_fulls');
    const thresh3 = sysctlInt(i.after.sysctls, THRESH(f.fam, 3));
    notes.push(thresh3 !== undefined ? t('neigh.note.entries-of', { table: f.table, n: a.entries, thresh3 }) : t('neigh.note.entries', { table: f.table, n: a.entries }));
    if (fulls === 0) continue;
    const ev: Evidence[] = (['table_fulls', 'forced_gc_runs'] as const)
      .filter((n) => rose(n) > 0)
      .map((n) => counterEvidence(n, f.table, b.counters[n] ?? 0, a.counters[n] ?? 0, f.source));
    ev.push({ kind: 'state', name: 'entries', subject: f.table, value: a.entries, source: f.source });
    for (const n of [1, 2, 3] as const) {
      const v = sysctlInt(i.after.sysctls, THRESH(f.fam, n));
      if (v !== undefined) ev.push({ kind: 'state', name: `net.${f.fam}.neigh.default.gc_thresh${n}`, subject: f.table, value: v, source: `sysctl net.${f.fam}.neigh.default.gc_thresh${n}` });
    }
    const t1 = sysctlInt(i.after.sysctls, THRESH(f.fam, 1));
    const t2 = sysctlInt(i.after.sysctls, THRESH(f.fam, 2));
    findings.push({
      id: 'neigh.table-overflow',
      layer: 'neigh',
      scope: i.scope,
      severity: 'error',
      basis: counterBasis(i),
      role: 'cause',
      subject: f.table,
      title: t(f.fam === 'ipv4' ? 'neigh.full.title-arp' : 'neigh.full.title-ndisc', { n: fulls, window: phraseWindow(i) }),
      explanation: t('neigh.full.explanation', { table: f.table }),
      evidence: ev,
      action: t('neigh.full.action', { table: f.table, v: f.fam === 'ipv4' ? '4' : '6', fam: f.fam }),
      ...(f.fam === 'ipv4' && thresh3 !== undefined && t1 !== undefined && t2 !== undefined
        ? { details: { kind: 'sysctl' as const, key: `net.ipv4.neigh.default.gc_thresh3`, value: thresh3, proposed: Math.max(8192, thresh3 * 2) } }
        : {}),
    });
  }
  const listed = i.after.neighbours ? checkNeighEntries(i, i.after.neighbours, findings) : { findings: [], notes: [] };
  return { findings: [...findings, ...listed.findings], notes: [...notes, ...listed.notes] };
}

/** Parts said one after another with `; ` between them (`；` in Chinese). */
const semicolons = (parts: readonly Param[]): Param => parts.slice(1).reduce<Param>((acc, p) => msg('neigh.list.semicolon', { a: acc, b: p }), parts[0] ?? '');

/** At this share of gc_thresh3 the entries `ip neigh` lists make a state warning. */
export const NEAR_FULL_SHARE = 0.9;
const UNRESOLVED = new Set(['FAILED', 'INCOMPLETE']);

/**
 * Judge the entries `ip neigh` listed. State only, never an error: the entries garbage collection
 * counts (all but PERMANENT and externally learned ones) against `gc_thresh3` give a warning from
 * {@link NEAR_FULL_SHARE} of it on (`neigh.table-overflow`, `basis: 'state'`) unless `table_fulls` already
 * convicted that table; FAILED and INCOMPLETE entries (a neighbour that does not answer ARP/ND) are
 * notes, since no counter shows that a packet was dropped for them.
 */
export function checkNeighEntries(i: CheckInput<NeighData>, entries: readonly NeighEntry[], convicted: readonly Finding[]): { findings: Finding[]; notes: string[] } {
  const findings: Finding[] = [];
  const notes: string[] = [];
  const source = 'ip -s neigh show';
  for (const f of FAMILIES) {
    const mine = entries.filter((e) => e.family === f.fam);
    if (mine.length === 0) continue;
    // The kernel exempts PERMANENT and externally learned entries from gc_entries (neigh_update_gc_list).
    const counted = mine.filter((e) => !e.states.includes('PERMANENT') && e.externLearned !== true).length;
    const thresh3 = sysctlInt(i.after.sysctls, THRESH(f.fam, 3));
    const listed = { table: f.table, n: mine.length, family: f.fam === 'ipv4' ? 'IPv4' : 'IPv6', counted };
    notes.push(thresh3 !== undefined ? t('neigh.note.listed', { ...listed, thresh3 }) : t('neigh.note.listed-no-thresh', listed));
    if (thresh3 === undefined || thresh3 <= 0 || counted < thresh3 * NEAR_FULL_SHARE) continue;
    if (convicted.some((c) => c.id === 'neigh.table-overflow' && c.subject === f.table)) continue;
    const ev: Evidence[] = [
      { kind: 'state', name: 'entries listed (not PERMANENT)', subject: f.table, value: counted, source },
      { kind: 'state', name: `net.${f.fam}.neigh.default.gc_thresh3`, subject: f.table, value: thresh3, source: `sysctl net.${f.fam}.neigh.default.gc_thresh3` },
    ];
    findings.push({
      id: 'neigh.table-overflow',
      layer: 'neigh',
      scope: i.scope,
      severity: 'warning',
      basis: 'state',
      role: 'cause',
      subject: f.table,
      title: t(f.fam === 'ipv4' ? 'neigh.near.title-arp' : 'neigh.near.title-ndisc', { counted, thresh3 }),
      explanation: t('neigh.near.explanation', { table: f.table }),
      evidence: ev,
      action: t('neigh.near.action', { table: f.table, fam: f.fam, value: Math.max(8192, thresh3 * 2) }),
    });
  }
  const unresolved = entries.filter((e) => e.states.some((s) => UNRESOLVED.has(s)));
  if (unresolved.length > 0) {
    const shown = unresolved.slice(0, 5).map((e) => {
      const entry = `${e.address}${e.dev ? ` dev ${e.dev}` : ''} ${e.states.join(',')}`;
      return e.probes !== undefined ? msg('neigh.unresolved.item-probes', { entry, probes: e.probes }) : msg('neigh.unresolved.item', { entry });
    });
    notes.push(t(unresolved.length > shown.length ? 'neigh.note.unresolved-more' : 'neigh.note.unresolved', { n: unresolved.length, shown: semicolons(shown) }));
  }
  return { findings, notes };
}

/**
 * Raising the IPv4 thresholds is safe (memory only; the drop map rates it so) and host-wide: gc_thresh3
 * to max(8192, 2×), gc_thresh2 to half of it and gc_thresh1 to an eighth, never lower than they were.
 * The inverse restores the three values read in the window; presence is gc_thresh3's old value.
 */
export function planNeighFix(f: Finding): FixProposal | undefined {
  if (f.id !== 'neigh.table-overflow' || f.details?.kind !== 'sysctl' || f.details.proposed === undefined) return undefined;
  const state = (name: string): number | undefined => {
    const e = f.evidence.find((x) => x.kind === 'state' && x.name === name);
    return e && e.kind === 'state' && typeof e.value === 'number' ? e.value : undefined;
  };
  const t1 = state('net.ipv4.neigh.default.gc_thresh1');
  const t2 = state('net.ipv4.neigh.default.gc_thresh2');
  const t3 = f.details.value;
  if (t1 === undefined || t2 === undefined) return undefined;
  const n3 = f.details.proposed;
  const n2 = Math.max(t2, Math.floor(n3 / 2));
  const n1 = Math.max(t1, Math.floor(n3 / 8));
  const key = (n: number): string => `net.ipv4.neigh.default.gc_thresh${n}`;
  return {
    id: `${f.id}:host:${f.subject}`,
    findingId: f.id,
    subject: f.subject,
    title: t('neigh.fix.raise', { t3, n3, t2, n2, t1, n1 }),
    risk: 'safe',
    scope: 'host',
    // thresh3 first, so that thresh2 <= thresh3 holds at every step; the inverse lowers in the other order.
    commands: [['sysctl', '-w', `${key(3)}=${n3}`], ['sysctl', '-w', `${key(2)}=${n2}`], ['sysctl', '-w', `${key(1)}=${n1}`]],
    inverse: [['sysctl', '-w', `${key(1)}=${t1}`], ['sysctl', '-w', `${key(2)}=${t2}`], ['sysctl', '-w', `${key(3)}=${t3}`]],
    presence: { argv: ['sysctl', '-n', key(3)], marker: String(t3), match: 'line' },
  };
}

export const neighLayer = defineLayer<NeighData>({
  id: 'neigh',
  title: t('neigh.title'),
  lookedAt: () => 'cat /proc/net/stat/arp_cache /proc/net/stat/ndisc_cache (ip -s ntable show); sysctl net.ipv4.neigh.default.gc_thresh1..3',
  probe: neighProbe,
  check: checkNeigh,
  zero: zeroNeighData,
  planFix: planNeighFix,
});
