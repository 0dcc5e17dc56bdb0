/**
 * Two link-layer causes from the drop map (issue 14):
 *
 * - `link.mtu-mismatch`: the two ends of a veth pair with different MTUs. A frame longer than the
 *   receiving end's MTU that is not GSO is dropped when it crosses (`__dev_forward_skb2`, reason
 *   NOT_SPECIFIED on 6.18): the sending end counts `tx_dropped` and the receiving end `rx_dropped`,
 *   in lockstep. GSO super-packets pass, so the loss is partial: bulk TCP mostly works, large UDP or
 *   ICMP and some segments do not. The ends live in two namespaces: the host side of a container or
 *   netns target reads both (its own links, and the target's through the same door the target
 *   scope uses). The MTUs differing is state (a warning); the lockstep counters rising convict.
 * - receive drops that are not loss. Frames for another host (a VLAN with no VLAN device, unicast
 *   for another MAC) are counted in `rx_otherhost_dropped` (netlink only, `ip -s -s link`
 *   "otherhost"), frames an inactive bond slave must not deliver in `rx_nohandler`: both apart from
 *   rx_dropped, so they are explained in notes. Frames of a protocol nobody handles (LLDP, CDP, an
 *   unknown EtherType) go to `rx_dropped` with the drop reason UNHANDLED_PROTO: the drop trace turns
 *   such a `link.rx-dropped` into `link.rx-dropped-benign` (src/trace/benign.ts).
 */
import { msg, t } from '../../i18n/index.js';
import { counterBasis, counterEvidence, phraseWindow, type CheckInput } from '../../core/layer.js';
import type { Evidence, Finding, Scope } from '../../core/types.js';

/** What these checks need of one interface reading. */
export interface LinkEnd {
  readonly name: string;
  readonly ifindex?: number;
  readonly mtu?: number;
  /** The veth peer's ifindex, when the peer is in another namespace. */
  readonly peerIfindex?: number;
  readonly counters: Readonly<Record<string, number>>;
}

export interface LinkEnds {
  readonly links: readonly LinkEnd[];
  /** The target's own interfaces, read from the host side (only for a container or netns target). */
  readonly peers?: readonly LinkEnd[];
  readonly source: string;
}

const rose = (b: LinkEnd | undefined, a: LinkEnd | undefined, name: string): number => {
  const x = a?.counters[name];
  const y = b?.counters[name];
  return x === undefined || y === undefined ? 0 : Math.max(0, x - y);
};

/** Each list read once into a map (hosts with thousands of veths stay linear). */
function indexBy<K>(list: readonly LinkEnd[] | undefined, key: (l: LinkEnd) => K | undefined): Map<K, LinkEnd> {
  const m = new Map<K, LinkEnd>();
  for (const l of list ?? []) {
    const k = key(l);
    if (k !== undefined && !m.has(k)) m.set(k, l);
  }
  return m;
}

export interface MtuMismatchResult {
  readonly findings: Finding[];
  /** `name:counter` pairs of this scope's links that a convicted mismatch explains. */
  readonly explained: Set<string>;
}

/**
 * Pair each host-side veth with its peer among the target's interfaces (ifindex = the veth's
 * `link_index`, and, when known, the peer's `link_index` = the veth's ifindex) and compare MTUs.
 */
export function checkMtuMismatch(i: CheckInput<LinkEnds>): MtuMismatchResult {
  const findings: Finding[] = [];
  const explained = new Set<string>();
  const peers = i.after.peers;
  if (!peers || peers.length === 0) return { findings, explained };
  const peerByIndex = indexBy(peers, (l) => l.ifindex);
  const peerBeforeByIndex = indexBy(i.before.peers, (l) => l.ifindex);
  const beforeByName = indexBy(i.before.links, (l) => l.name);
  for (const local of i.after.links) {
    const peer = local.peerIfindex === undefined ? undefined : peerByIndex.get(local.peerIfindex);
    if (!peer || local.mtu === undefined || peer.mtu === undefined || local.mtu === peer.mtu) continue;
    if (peer.peerIfindex !== undefined && local.ifindex !== undefined && peer.peerIfindex !== local.ifindex) continue;
    const localBefore = beforeByName.get(local.name);
    const peerBefore = peer.ifindex === undefined ? undefined : peerBeforeByIndex.get(peer.ifindex);
    const localScope: Scope = i.scope;
    const peerScope: Scope = 'target';
    const localSmaller = local.mtu < peer.mtu;
    const small = localSmaller ? { end: local, before: localBefore, scope: localScope } : { end: peer, before: peerBefore, scope: peerScope };
    const large = localSmaller ? { end: peer, before: peerBefore, scope: peerScope } : { end: local, before: localBefore, scope: localScope };
    const rx = rose(small.before, small.end, 'rx_dropped');
    const tx = rose(large.before, large.end, 'tx_dropped');
    const lockstep = Math.min(rx, tx);
    const subject = `${local.name} ↔ ${peer.name}`;
    const state: Evidence[] = [
      { kind: 'state', name: 'mtu', subject: `${small.end.name} (${small.scope === 'host' ? 'host side' : 'target'})`, value: small.end.mtu ?? 0, source: 'ip -d link show' },
      { kind: 'state', name: 'mtu', subject: `${large.end.name} (${large.scope === 'host' ? 'host side' : 'target'})`, value: large.end.mtu ?? 0, source: 'ip -d link show' },
    ];
    const details = {
      kind: 'mtu-mismatch' as const,
      smaller: { name: small.end.name, mtu: small.end.mtu ?? 0, scope: small.scope },
      larger: { name: large.end.name, mtu: large.end.mtu ?? 0, scope: large.scope },
    };
    const action = t('link.mtu.action', { large: large.end.name, mtu: small.end.mtu ?? '', where: large.scope === 'host' ? '' : msg('link.mtu.inside-target'), small: small.end.name });
    const mtus = { large: large.end.name, largeMtu: large.end.mtu ?? '', small: small.end.name, smallMtu: small.end.mtu ?? '' };
    if (lockstep > 0) {
      if (local === small.end) explained.add(`${local.name}:rx_dropped`);
      else explained.add(`${local.name}:tx_dropped`);
      findings.push({
        id: 'link.mtu-mismatch',
        layer: 'link',
        scope: i.scope,
        severity: 'error',
        basis: counterBasis(i),
        role: 'cause',
        subject,
        title: t('link.mtu.title-drops', { ...mtus, n: lockstep, window: phraseWindow(i) }),
        explanation: t('link.mtu.explanation-drops', mtus),
        evidence: [
          counterEvidence('rx_dropped', small.end.name, small.before?.counters['rx_dropped'] ?? 0, small.end.counters['rx_dropped'] ?? 0, i.after.source),
          counterEvidence('tx_dropped', large.end.name, large.before?.counters['tx_dropped'] ?? 0, large.end.counters['tx_dropped'] ?? 0, i.after.source),
          ...state,
        ],
        action,
        details,
      });
    } else {
      findings.push({
        id: 'link.mtu-mismatch',
        layer: 'link',
        scope: i.scope,
        severity: 'warning',
        basis: 'state',
        role: 'cause',
        subject,
        title: t('link.mtu.title-state', { subject, ...mtus }),
        explanation: t('link.mtu.explanation-state', { ...mtus, window: phraseWindow(i) }),
        evidence: state,
        action,
        details,
      });
    }
  }
  return { findings, explained };
}

/**
 * Counters of frames the NIC itself had no room for (its receive ring or FIFO was full, the host did
 * not hand it buffers fast enough): the stack never saw them, so no kfree_skb event exists. The
 * kernel's `rx_missed_errors`, `rx_fifo_errors`, `rx_over_errors`, and driver counters of `ethtool -S`
 * that say so (`rx_no_buffer_count`, mlx5 `rx_out_of_buffer`, `*fifo*overflow*`, `*missed*`,
 * ENA `*_allowance_exceeded`: the cloud's per-instance packet budget).
 */
export const RING_COUNTERS = ['rx_missed_errors', 'rx_fifo_errors', 'rx_over_errors'] as const;
export const isRingDriverCounter = (name: string): boolean =>
  /(?:^|_)(?:missed|no_buffer|no_buf|nobuf|out_of_buffer|allowance_exceeded)(?:_|$)|fifo.*(?:overflow|overrun|drop)|(?:^|_)fifo_errors?$/i.test(name);

/** Receive counters that count frames not meant for this host: never loss. */
export const BENIGN_RX_COUNTERS = ['rx_otherhost', 'rx_otherhost_dropped', 'rx_nohandler'] as const;

/**
 * A note for each interface whose otherhost/nohandler counters rose. These frames are counted apart
 * from rx_dropped (so no drop finding is raised for them to correct): a bridge flooding unicast for
 * other containers raises rx_otherhost on every port on a perfectly healthy host (seen in the e2e
 * recording), so they are explained in the step's notes, not as a finding.
 */
export function checkBenignRx(i: CheckInput<LinkEnds>): string[] {
  const out: string[] = [];
  const beforeByName = indexBy(i.before.links, (l) => l.name);
  for (const link of i.after.links) {
    const before = beforeByName.get(link.name);
    if (!before) continue;
    // iproute2 prints "otherhost"/"nohandler" only once they are non-zero: absent before means 0.
    const rose = BENIGN_RX_COUNTERS.filter((n) => (link.counters[n] ?? 0) > (before.counters[n] ?? 0)).map((n) => `${n} +${(link.counters[n] ?? 0) - (before.counters[n] ?? 0)}`);
    if (rose.length === 0) continue;
    out.push(t('link.benign.note', { name: link.name, counters: rose.join(', '), window: phraseWindow(i) }));
  }
  return out;
}
