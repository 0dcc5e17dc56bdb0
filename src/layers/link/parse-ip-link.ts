import { type ParseResult, parsed, unparsable } from '../../core/types.js';
import { t } from '../../i18n/index.js';
import { lines, parseCount } from '../../core/parse-util.js';
import type { LinkState } from './model.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
const finite = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * iproute2 JSON `stats64` keys → `rtnl_link_stats64` names: `rx.X` → `rx_X` except
 * `rx.multicast` → `multicast`; `tx.X` → `tx_X` except `tx.collisions` → `collisions` and
 * `tx.carrier_changes` → `carrier_changes` (IFLA_CARRIER_CHANGES, the link flapping count).
 */
function counterName(dir: 'rx' | 'tx', key: string): string {
  if (dir === 'rx' && key === 'multicast') return 'multicast';
  if (dir === 'tx' && (key === 'collisions' || key === 'carrier_changes')) return key;
  return `${dir}_${key}`;
}

function statsCounters(stats: unknown): Record<string, number> | undefined {
  if (!isRecord(stats)) return undefined;
  const counters: Record<string, number> = {};
  for (const dir of ['rx', 'tx'] as const) {
    const side = stats[dir];
    if (!isRecord(side)) continue;
    for (const [key, value] of Object.entries(side)) {
      const n = finite(value);
      if (n !== undefined && n >= 0) counters[counterName(dir, key)] = n;
    }
  }
  return Object.keys(counters).length > 0 ? counters : undefined;
}

function linkFromJson(entry: unknown): LinkState | undefined {
  if (!isRecord(entry)) return undefined;
  const ifindex = finite(entry['ifindex']);
  const name = str(entry['ifname']);
  if (ifindex === undefined || name === undefined) return undefined;
  const flags = Array.isArray(entry['flags']) ? entry['flags'].filter((f): f is string => typeof f === 'string') : [];
  const linkinfo = entry['linkinfo'];
  const kind = isRecord(linkinfo) ? str(linkinfo['info_kind']) : undefined;
  const linkIndex = finite(entry['link_index']);
  // link_index is the peer only for a veth (vlan/macvlan also carry it, pointing at their parent).
  const isPeer = linkIndex !== undefined && (entry['link_netnsid'] !== undefined || kind === 'veth');
  const counters = statsCounters(entry['stats64'] ?? entry['stats']);
  const mtu = finite(entry['mtu']);
  const master = str(entry['master']);
  const linkType = str(entry['link_type']);
  return {
    name,
    ifindex,
    operstate: str(entry['operstate']) ?? 'UNKNOWN',
    flags,
    ...(mtu !== undefined ? { mtu } : {}),
    ...(isPeer ? { peerIfindex: linkIndex } : {}),
    ...(master !== undefined ? { master } : {}),
    ...(linkType !== undefined ? { linkType } : {}),
    ...(counters ? { counters } : {}),
  };
}

/**
 * Parse `ip -j [-s -s] link show`. `peerIfindex` is the veth peer's ifindex (`link_index`), set
 * only when the peer lives in another namespace (`link_netnsid`) or `-d` shows a veth.
 * Counters above 2^53 lose precision in JSON.parse but stay finite; entries without
 * `ifindex`/`ifname` are skipped; invalid JSON or a non-array is unparsable.
 */
export function parseIpLinkJson(text: string): ParseResult<LinkState[]> {
  const trimmed = text.trim();
  if (trimmed === '') return unparsable(t('link.parse.empty'));
  let data: Json;
  try {
    data = JSON.parse(trimmed);
  } catch (e) {
    return unparsable(t('link.parse.not-json', { error: e instanceof Error ? e.message : String(e) }));
  }
  if (!Array.isArray(data)) return unparsable(t('link.parse.json-not-array'));
  const result = data.map(linkFromJson).filter((l): l is LinkState => l !== undefined);
  if (result.length === 0) return unparsable(t('link.parse.json-no-entry'));
  return parsed(result);
}

/**
 * Column labels of `ip -s -s link` statistics blocks → kernel names. The labels moved between
 * iproute2 versions (old: `RX: bytes packets errors dropped overrun mcast` with `RX errors: length
 * crc frame fifo missed`; 5.x+: `RX: bytes packets errors dropped missed mcast` with `RX errors:
 * length crc frame fifo overrun`), so each values line is mapped through its own header line.
 */
const BLOCK_LABELS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'RX:': {
    bytes: 'rx_bytes', packets: 'rx_packets', errors: 'rx_errors', dropped: 'rx_dropped',
    overrun: 'rx_over_errors', missed: 'rx_missed_errors', mcast: 'multicast',
    compressed: 'rx_compressed', nohandler: 'rx_nohandler', otherhost: 'rx_otherhost_dropped',
  },
  'RX errors:': {
    length: 'rx_length_errors', crc: 'rx_crc_errors', frame: 'rx_frame_errors', fifo: 'rx_fifo_errors',
    overrun: 'rx_over_errors', missed: 'rx_missed_errors', nohandler: 'rx_nohandler', otherhost: 'rx_otherhost_dropped',
  },
  'TX:': {
    bytes: 'tx_bytes', packets: 'tx_packets', errors: 'tx_errors', dropped: 'tx_dropped',
    carrier: 'tx_carrier_errors', collsns: 'collisions', compressed: 'tx_compressed',
  },
  'TX errors:': {
    aborted: 'tx_aborted_errors', fifo: 'tx_fifo_errors', window: 'tx_window_errors',
    heartbt: 'tx_heartbeat_errors', heartbeat: 'tx_heartbeat_errors', transns: 'carrier_changes',
  },
};

interface TextLink {
  name: string;
  ifindex: number;
  operstate: string;
  flags: string[];
  mtu?: number;
  peerIfindex?: number;
  master?: string;
  linkType?: string;
  counters: Record<string, number>;
}

function finish(link: TextLink): LinkState {
  const { counters, ...rest } = link;
  return Object.keys(counters).length > 0 ? { ...rest, counters } : rest;
}

/**
 * Parse `ip link show`, `ip -o link show` and `ip -s [-s] link show` text. The header line
 * `7: veth0@if2: <BROADCAST,...,UP,LOWER_UP> mtu 1500 qdisc noqueue master br0 state UP ...` gives
 * ifindex, name, flags, mtu, master and operstate; `@ifN` (peer in another namespace) gives
 * `peerIfindex` N, while `@name` (a vlan's parent, a same-namespace peer) is dropped from the name.
 * `link/ether ...` gives the link type. Statistics lines are mapped by their own header labels.
 */
export function parseIpLinkText(text: string): ParseResult<LinkState[]> {
  // `ip -o` joins a link's lines with a backslash: split them back.
  const all = lines(text).flatMap((l) => l.split(/\\(?=\s)/));
  const result: LinkState[] = [];
  let current: TextLink | undefined;
  let pending: Readonly<Record<string, string>> | undefined;
  for (const raw of all) {
    const line = raw.replace(/\s+$/, '');
    const head = /^(\d+):\s+([^\s:]+):\s+<([^>]*)>(.*)$/.exec(line);
    if (head) {
      if (current) result.push(finish(current));
      pending = undefined;
      const [fullName = '', at] = (head[2] ?? '').split('@');
      const rest = (head[4] ?? '').trim().split(/\s+/);
      const attr = (key: string): string | undefined => {
        const i = rest.indexOf(key);
        return i >= 0 ? rest[i + 1] : undefined;
      };
      const peer = at !== undefined ? /^if(\d+)$/.exec(at) : null;
      const mtu = parseCount(attr('mtu'));
      const master = attr('master');
      const peerIfindex = peer ? parseCount(peer[1]) : undefined;
      current = {
        name: fullName,
        ifindex: parseCount(head[1]) ?? 0,
        operstate: attr('state') ?? 'UNKNOWN',
        flags: (head[3] ?? '').split(',').filter(Boolean),
        ...(mtu !== undefined ? { mtu } : {}),
        ...(peerIfindex !== undefined ? { peerIfindex } : {}),
        ...(master !== undefined ? { master } : {}),
        counters: {},
      };
      continue;
    }
    if (!current) continue;
    const linkLine = /^\s+link\/(\S+)/.exec(line);
    if (linkLine) {
      current.linkType = linkLine[1] ?? '';
      pending = undefined;
      continue;
    }
    const block = /^\s+(RX:|TX:|RX errors:|TX errors:)\s+(.*)$/.exec(line);
    if (block) {
      const labels = BLOCK_LABELS[block[1] ?? ''] ?? {};
      const names = (block[2] ?? '').trim().split(/\s+/);
      pending = Object.fromEntries(names.map((n, i) => [String(i), labels[n] ?? '']));
      continue;
    }
    if (pending && /^\s+\d+(\s+\d+)*$/.test(line)) {
      const values = line.trim().split(/\s+/);
      if (values.length >= Object.keys(pending).length) {
        for (const [i, key] of Object.entries(pending)) {
          const v = parseCount(values[Number(i)]);
          if (key && v !== undefined) current.counters[key] = v;
        }
      }
    }
    pending = undefined;
  }
  if (current) result.push(finish(current));
  if (result.length === 0) return unparsable(t('link.parse.ip-link-none'));
  return parsed(result);
}
