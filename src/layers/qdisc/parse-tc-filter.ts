/**
 * `tc -s -j filter show dev DEV ingress|egress|parent H:`: the filters attached to a qdisc. A qdisc
 * that carries filters is part of someone's datapath (a network plugin's bpf programs on clsact, a
 * classifier steering traffic into an htb class): pktdrop never deletes it, and names the filters
 * instead.
 *
 * tc prints each filter as several JSON objects: a head (`protocol`, `pref`, `kind`, `chain`), then one
 * per handle with its `options` (u32: `fh`, `flowid`, `match`; bpf: `bpf_name`, `direct-action`, `prog`;
 * with actions: `actions[]` and their `stats`). They are folded into one entry per protocol/pref/kind.
 */
import { t } from '../../i18n/index.js';
import { arr, field, isRecord, num, parseJson, str } from '../../core/json.js';
import { parsed, unparsable, type ParseResult } from '../../core/types.js';

/** One filter on a qdisc, as `tc filter show` lists it. */
export interface TcFilter {
  readonly protocol: string;
  readonly pref: number;
  /** The classifier: `u32`, `bpf`, `flower`, `matchall`, `fw`, ... */
  readonly kind: string;
  /** The handles tc printed for it (`800::800`, `0x1`). */
  readonly handles: readonly string[];
  /** A bpf program's name (`cil_from_netdev`, `calico_from_host_ep`), when it is one. */
  readonly name?: string;
  /** Where it sends what it matches (`1:10`), when it classifies. */
  readonly flowid?: string;
  /** Packets its actions saw and dropped, when it has actions with statistics. */
  readonly actionPackets?: number;
  readonly actionDrops?: number;
}

/** Pure: the filters of one `tc -s -j filter show` output. Never throws. */
export function parseTcFilterJson(text: string): ParseResult<TcFilter[]> {
  if (text.trim() === '') return parsed([]);
  const doc = parseJson(text);
  if (!Array.isArray(doc)) return unparsable(t('qdisc.parse.filter-not-list'));
  const byKey = new Map<string, { head: { protocol: string; pref: number; kind: string }; handles: string[]; name?: string; flowid?: string; packets?: number; drops?: number }>();
  for (const f of doc) {
    if (!isRecord(f)) continue;
    const kind = str(f['kind']);
    const pref = num(f['pref']);
    if (kind === undefined || pref === undefined) continue;
    const protocol = str(f['protocol']) ?? 'all';
    const key = `${protocol}|${pref}|${kind}`;
    const e = byKey.get(key) ?? { head: { protocol, pref, kind }, handles: [] };
    byKey.set(key, e);
    const o = f['options'];
    if (!isRecord(o)) continue;
    const handle = str(o['fh']) ?? str(o['handle']) ?? (num(o['handle']) !== undefined ? `0x${(num(o['handle']) ?? 0).toString(16)}` : undefined);
    if (handle !== undefined && !e.handles.includes(handle)) e.handles.push(handle);
    const name = str(o['bpf_name']) ?? str(field(o, 'prog', 'name'));
    if (name !== undefined) e.name = name;
    const flowid = str(o['flowid']) ?? str(o['classid']);
    if (flowid !== undefined) e.flowid = flowid;
    for (const a of arr(o['actions'])) {
      const p = num(field(a, 'stats', 'packets'));
      const d = num(field(a, 'stats', 'drops'));
      if (p !== undefined) e.packets = (e.packets ?? 0) + p;
      if (d !== undefined) e.drops = (e.drops ?? 0) + d;
    }
  }
  return parsed([...byKey.values()].map((e) => ({
    ...e.head,
    handles: e.handles,
    ...(e.name !== undefined ? { name: e.name } : {}),
    ...(e.flowid !== undefined ? { flowid: e.flowid } : {}),
    ...(e.packets !== undefined ? { actionPackets: e.packets } : {}),
    ...(e.drops !== undefined ? { actionDrops: e.drops } : {}),
  })));
}

/** `u32 pref 10 (800::800)`, `bpf pref 1 cil_from_netdev`, with the action counters when there are any. */
export function filterText(f: TcFilter): string {
  const counters = f.actionPackets !== undefined ? ` (actions: ${f.actionPackets} packets${f.actionDrops !== undefined ? `, ${f.actionDrops} dropped` : ''})` : '';
  return `${f.kind} pref ${f.pref} protocol ${f.protocol}${f.name ? ` ${f.name}` : ''}${f.handles.length > 0 ? ` handle ${f.handles.at(-1)}` : ''}${f.flowid ? ` flowid ${f.flowid}` : ''}${counters}`;
}
