/**
 * The link layer: interface state and the kernel's per-device counters (what `netstat -i` shows).
 *
 * `rx_dropped` counts frames the stack dropped after the driver handed them over (no memory,
 * unknown protocol, a down or backlogged CPU queue); `rx_missed_errors`, `rx_fifo_errors` and
 * `rx_over_errors` count frames the NIC itself had no room for (ring overflow) and usually leave no
 * kfree_skb event; `*_errors` count frames that arrived damaged (CRC, frame, length) or could not be
 * sent (carrier, aborted). Only a rise during the window convicts; a since-boot total is history.
 */
import { msg, t } from '../../i18n/index.js';
import { counterBasis, counterEvidence, defineLayer, phraseWindow, type CheckInput, type Probe, type ScopeContext } from '../../core/layer.js';
import { parsed, unparsable, type Evidence, type Finding } from '../../core/types.js';
import { parseEthtoolStats, isDropCounterName } from './parse-ethtool-stats.js';
import { parseIpLinkJson } from './parse-ip-link.js';
import { parseProcNetDev } from './parse-proc-net-dev.js';
import { checkBenignRx, checkMtuMismatch, isRingDriverCounter, RING_COUNTERS } from './mtu-benign.js';
import { inScope } from '../../core/target.js';
import type { RingSizes } from './parse-ethtool-rings.js';

export interface LinkReading {
  readonly name: string;
  readonly ifindex?: number;
  readonly mtu?: number;
  /** The veth peer's ifindex when the peer lives in another namespace (`eth0@if7` → 7). */
  readonly peerIfindex?: number;
  readonly operstate?: string;
  readonly flags?: readonly string[];
  readonly counters: Readonly<Record<string, number>>;
  /** Driver counters from `ethtool -S`, when the driver has them. */
  readonly driver?: Readonly<Record<string, number>>;
  /** Ring sizes from `ethtool -g` (pasted to `pktdrop analyze`; diagnose does not read them): state. */
  readonly rings?: RingSizes;
}

export interface LinkData {
  readonly links: readonly LinkReading[];
  /**
   * On the host side of a container or netns target: the target's own interfaces, read through the
   * same door as the target scope, so the two ends of its veth can be compared (MTU, counters).
   */
  readonly peers?: readonly LinkReading[];
  readonly source: string;
  readonly notes: readonly string[];
}

const zeroRecord = (r: Readonly<Record<string, number>>): Record<string, number> => Object.fromEntries(Object.keys(r).map((k) => [k, 0]));

/** The since-boot baseline: every interface with its counters at 0, its state kept. */
export const zeroLinkData = (d: LinkData): LinkData => ({
  ...d,
  links: d.links.map((l) => ({ ...l, counters: zeroRecord(l.counters), ...(l.driver ? { driver: zeroRecord(l.driver) } : {}) })),
  ...(d.peers ? { peers: d.peers.map((l) => ({ ...l, counters: zeroRecord(l.counters) })) } : {}),
});

/** Counters whose rise means the stack or the NIC dropped frames. */
export const DROP_COUNTERS = ['rx_dropped', 'tx_dropped', 'rx_missed_errors', 'rx_fifo_errors', 'rx_over_errors', 'tx_fifo_errors'] as const;
/** Counters whose rise means frames were damaged or could not be sent. */
export const ERROR_COUNTERS = ['rx_errors', 'tx_errors', 'rx_crc_errors', 'rx_frame_errors', 'rx_length_errors', 'tx_carrier_errors', 'tx_aborted_errors'] as const;

const MAX_ETHTOOL_INTERFACES = 8;

function interfacesOf(ctx: ScopeContext): readonly string[] {
  return ctx.interfaces ?? ctx.target.interfaces;
}

function wanted(ctx: ScopeContext, name: string): boolean {
  if (name === 'lo') return false;
  return ctx.interfaces === undefined || ctx.interfaces.includes(name);
}

export const linkProbe = {
  id: 'link',
  scopes: ['target', 'host'],
  commands(ctx: ScopeContext) {
    // Bridges and the docker bridge have no driver statistics: asking would only fail.
    const ethtool = interfacesOf(ctx)
      .filter((dev) => !/^(docker\d+|br-[0-9a-f]+|virbr\d+|cni\d+|cbr\d+)$/.test(dev))
      .slice(0, MAX_ETHTOOL_INTERFACES)
      .map((dev) => ({ key: `ethtool:${dev}`, argv: ['ethtool', '-S', dev], optional: true }));
    // The host side of a container or netns also reads the target's links: the two ends of its veth.
    const peer = ctx.scope === 'host' && ctx.target.spec.kind !== 'host'
      ? [{ key: 'peer', argv: inScope(ctx.target, 'target', ['ip', '-j', '-s', '-s', 'link', 'show']), optional: true }]
      : [];
    return [
      { key: 'ip', argv: ['ip', '-j', '-s', '-s', 'link', 'show'], optional: true },
      ...peer,
      { key: 'procdev', argv: ['cat', '/proc/net/dev'], optional: true, onlyIfFailed: ['ip'] },
      ...ethtool,
    ];
  },
  parse(results, ctx) {
    const notes: string[] = [];
    const driverOf = (name: string): Record<string, number> | undefined => {
      const r = results.get(`ethtool:${name}`);
      if (!r?.ok) return undefined;
      const p = parseEthtoolStats(r.stdout);
      if (!p.ok) return undefined;
      const drops = Object.entries(p.data.counters).filter(([k]) => isDropCounterName(k));
      return drops.length > 0 ? Object.fromEntries(drops) : undefined;
    };
    const ip = results.get('ip');
    if (ip?.ok) {
      const p = parseIpLinkJson(ip.stdout);
      if (p.ok) {
        const links = p.data
          .filter((l) => wanted(ctx, l.name))
          .map((l): LinkReading => {
            const driver = driverOf(l.name);
            return { ...linkFacts(l), operstate: l.operstate, flags: l.flags, counters: l.counters ?? {}, ...(driver ? { driver } : {}) };
          });
        const peerResult = results.get('peer');
        const peerParsed = peerResult?.ok ? parseIpLinkJson(peerResult.stdout) : undefined;
        const peers = peerParsed?.ok
          ? peerParsed.data.filter((l) => l.name !== 'lo').map((l): LinkReading => ({ ...linkFacts(l), operstate: l.operstate, flags: l.flags, counters: l.counters ?? {} }))
          : undefined;
        return parsed({ links, ...(peers ? { peers } : {}), source: 'ip -s -s link show', notes });
      }
      notes.push(t('link.probe.ip-unreadable', { reason: p.reason }));
    }
    const dev = results.get('procdev');
    if (dev?.ok) {
      const p = parseProcNetDev(dev.stdout);
      if (p.ok) {
        const links = p.data.filter((l) => wanted(ctx, l.name)).map((l): LinkReading => {
          const driver = driverOf(l.name);
          return { name: l.name, counters: l.counters, ...(driver ? { driver } : {}) };
        });
        notes.push(t('link.note.procdev'));
        return parsed({ links, source: 'cat /proc/net/dev', notes });
      }
      return unparsable(t('link.probe.procdev-unreadable', { reason: p.reason }));
    }
    return unparsable(t('link.probe.unreadable', { reason: ip?.failure?.hint ?? dev?.failure?.hint ?? t('link.no-output') }));
  },
} satisfies Probe<LinkData>;

/** Name, ifindex, MTU and veth peer of an `ip -j link` entry. */
function linkFacts(l: { name: string; ifindex: number; mtu?: number; peerIfindex?: number }): Pick<LinkReading, 'name' | 'ifindex' | 'mtu' | 'peerIfindex'> {
  return { name: l.name, ifindex: l.ifindex, ...(l.mtu !== undefined ? { mtu: l.mtu } : {}), ...(l.peerIfindex !== undefined ? { peerIfindex: l.peerIfindex } : {}) };
}

function isDown(l: LinkReading): boolean {
  if (l.operstate === 'DOWN' || l.operstate === 'LOWERLAYERDOWN') return true;
  return l.flags !== undefined && !l.flags.includes('UP');
}

function rising(
  before: LinkReading | undefined,
  after: LinkReading,
  names: readonly string[],
  source: string,
  which: 'counters' | 'driver' = 'counters',
): Evidence[] {
  const out: Evidence[] = [];
  for (const name of names) {
    const a = after[which]?.[name];
    const b = before?.[which]?.[name];
    if (a === undefined || b === undefined || a <= b) continue;
    out.push(counterEvidence(name, after.name, b, a, source));
  }
  return out;
}

export function checkLink(input: CheckInput<LinkData>): { findings: Finding[]; notes: string[] } {
  const { before, after, scope, ctx } = input;
  const findings: Finding[] = [];
  const notes: string[] = [...after.notes];
  const onPath = ctx.target.spec.kind !== 'host';
  const mtu = checkMtuMismatch(input);
  findings.push(...mtu.findings);
  notes.push(...checkBenignRx(input));
  const prevByName = new Map<string, LinkReading>();
  for (const l of before.links) if (!prevByName.has(l.name)) prevByName.set(l.name, l);
  for (const link of after.links) {
    const prev = prevByName.get(link.name);
    if (isDown(link) && !onPath) {
      // On the host, unused interfaces are often down (ifb, an idle docker0): history, not a drop.
      notes.push(t('link.note.down', { name: link.name, state: link.operstate ?? msg('link.state.down') }));
    } else if (isDown(link)) {
      findings.push({
        id: 'link.down',
        layer: 'link',
        scope,
        severity: 'error',
        basis: 'state',
        role: 'cause',
        subject: link.name,
        title: t('link.down.title', { name: link.name }),
        explanation: t('link.down.explanation', { state: link.operstate ?? msg('link.state.not-up') }),
        evidence: [{ kind: 'state', name: 'operstate', subject: link.name, value: link.operstate ?? (link.flags ?? []).join(','), source: 'ip link show' }],
        action: t('link.down.action', { name: link.name }),
      });
    }
    const allDrops = [
      // Drops a convicted MTU mismatch explains are named there, not repeated here.
      ...rising(prev, link, DROP_COUNTERS, after.source).filter((e) => e.kind !== 'counter' || !mtu.explained.has(`${link.name}:${e.counter}`)),
      ...rising(prev, link, Object.keys(link.driver ?? {}), `ethtool -S ${link.name}`, 'driver'),
    ];
    // NIC ring/FIFO overflows are named apart (link.ring-overflow): their cure is the ring, not the stack.
    const isRing = (e: Evidence): boolean =>
      e.kind === 'counter' && ((RING_COUNTERS as readonly string[]).includes(e.counter) || (e.source.startsWith('ethtool -S') && isRingDriverCounter(e.counter)));
    const ring = allDrops.filter(isRing);
    const drops = allDrops.filter((e) => !isRing(e));
    if (ring.length > 0) {
      findings.push({
        id: 'link.ring-overflow',
        layer: 'link',
        scope,
        severity: 'error',
        basis: counterBasis(input),
        role: 'cause',
        subject: link.name,
        title: t('link.ring.title', { name: link.name, window: phraseWindow(input) }),
        explanation: t('link.ring.explanation'),
        evidence: [...ring, ...ringEvidence(link)],
        action: ringAction(link),
      });
    } else {
      const small = smallRxRing(link);
      if (small) notes.push(t('link.ring.note-small', { name: link.name, current: small.current, max: small.max }));
    }
    if (drops.length > 0) {
      findings.push({
        id: 'link.rx-dropped',
        layer: 'link',
        scope,
        severity: 'error',
        basis: counterBasis(input),
        role: 'cause',
        subject: link.name,
        title: t('link.rx-dropped.title', { name: link.name, window: phraseWindow(input) }),
        explanation: t('link.rx-dropped.explanation', { window: phraseWindow(input) }),
        evidence: drops,
        action: t('link.rx-dropped.action', { name: link.name }),
      });
    }
    const errors = rising(prev, link, ERROR_COUNTERS, after.source);
    if (errors.length > 0) {
      findings.push({
        id: 'link.errors',
        layer: 'link',
        scope,
        severity: 'error',
        basis: counterBasis(input),
        role: 'cause',
        subject: link.name,
        title: t('link.errors.title', { name: link.name, window: phraseWindow(input) }),
        explanation: t('link.errors.explanation'),
        evidence: errors,
        action: t('link.errors.action', { name: link.name }),
      });
    }
    if (allDrops.length === 0 && errors.length === 0) {
      const history = [...DROP_COUNTERS, ...ERROR_COUNTERS]
        .map((n) => [n, link.counters[n]] as const)
        .filter(([, v]) => v !== undefined && v > 0);
      if (history.length > 0) {
        notes.push(t('link.note.history', { name: link.name, counters: history.map(([n, v]) => `${n} ${v}`).join(', '), window: phraseWindow(input) }));
      }
    }
  }
  if (after.links.length === 0) notes.push(t(onPath && scope === 'host' ? 'link.note.no-host-side' : 'link.note.none'));
  else notes.push(t('link.note.checked', { n: after.links.length, names: after.links.map((l) => l.name).join(', ') }));
  return { findings, notes };
}

/** The RX ring in use and its maximum, when `ethtool -g` was read and the ring is below it. */
export function smallRxRing(link: LinkReading): { current: number; max: number } | undefined {
  const cur = link.rings?.current.rx;
  const max = link.rings?.max.rx;
  return cur !== undefined && max !== undefined && cur > 0 && cur < max ? { current: cur, max } : undefined;
}

function ringEvidence(link: LinkReading): Evidence[] {
  const r = link.rings;
  if (r?.current.rx === undefined || r.max.rx === undefined) return [];
  const source = `ethtool -g ${link.name}`;
  return [
    { kind: 'state', name: 'RX ring (current)', subject: link.name, value: r.current.rx, source },
    { kind: 'state', name: 'RX ring (pre-set maximum)', subject: link.name, value: r.max.rx, source },
  ];
}

/** The next command for a ring overflow: the exact `ethtool -G` when the ring is known to be below its maximum. */
function ringAction(link: LinkReading): string {
  const spread = msg('link.ring.spread', { name: link.name });
  const small = smallRxRing(link);
  if (small) return t('link.ring.action-raise', { name: link.name, max: small.max, current: small.current, spread });
  if (link.rings?.current.rx !== undefined && link.rings.current.rx === link.rings.max.rx) return t('link.ring.action-at-max', { current: link.rings.current.rx, name: link.name, spread });
  return t('link.ring.action-unknown', { name: link.name, spread });
}

export const linkLayer = defineLayer<LinkData>({
  id: 'link',
  title: t('link.title'),
  lookedAt: (ctx) => (ctx.interfaces ? `ip -s -s link show (${ctx.interfaces.join(', ')}); ethtool -S` : 'ip -s -s link show; ethtool -S (netstat -i)'),
  probe: linkProbe,
  check: checkLink,
  zero: zeroLinkData,
});
