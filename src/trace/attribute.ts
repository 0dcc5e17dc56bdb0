/**
 * Which drop events can belong to the probe. The kfree_skb tracepoint is host-wide: a window next to
 * other traffic sees IPv6 drops, UDP checksum drops and qdisc drops on other devices. An event that
 * cannot be the probe's is a host-wide note, never a finding:
 * - another family: the event's `protocol` (ethertype) is not the probe's (IPv4 2048, IPv6 34525);
 * - another protocol: a reason that only UDP (or ICMP) drops with, next to a TCP probe;
 * - a device off the path: QDISC_DROP while every qdisc on the probe's path was read and dropped
 *   nothing (a qdisc on the path that dropped the probe's packets would have counted them);
 * - any reason at all when the probe got every answer: none of its packets was dropped.
 * Pure.
 */
import type { Finding } from '../core/types.js';
import type { DropTally } from './tally.js';

/** What the probe was, for telling its drops from other traffic's. */
export interface ProbeShape {
  readonly family: 4 | 6;
  readonly protocol: 'tcp';
  /** Every qdisc step on the probe's path was read and found nothing (no qdisc finding, none skipped). */
  readonly qdiscOnPathQuiet: boolean;
  /**
   * The probe got an answer to every probe it sent (0% loss): none of its packets was dropped, so no
   * drop event of the window is the probe's (its own reply noise is subtracted already).
   */
  readonly probeClean?: { readonly sent: number; readonly received: number };
  /**
   * nft drop rules on the probe's path that have no counter (`netfilter.uncounted-drop`): the suspects
   * for NETFILTER_DROP events at nft_do_chain that no counter explains.
   */
  readonly uncounted?: readonly Finding[];
}

const ETHERTYPE: Readonly<Record<4 | 6, string>> = { 4: '2048', 6: '34525' };
const FAMILY_NAME: Readonly<Record<string, string>> = { '2048': 'IPv4', '34525': 'IPv6', '2054': 'ARP' };

/** Reasons only another transport drops with (a TCP probe is never dropped with them). */
const OTHER_TRANSPORT = /^(UDP_|ICMP_)/;

export interface Attribution {
  /** The findings that can still be the probe's. */
  readonly findings: Finding[];
  /** One host-wide note per finding that cannot be. */
  readonly notes: string[];
}

/** Move `drop-reasons.unexplained` findings whose events cannot be the probe's into host-wide notes. */
export function attributeDrops(findings: readonly Finding[], tally: DropTally, probe: ProbeShape): Attribution {
  const kept: Finding[] = [];
  const notes: string[] = [];
  for (const f of findings) {
    const d = f.details;
    if (f.id !== 'drop-reasons.unexplained' || d?.kind !== 'drop-reason') {
      kept.push(f);
      continue;
    }
    const protocols = tally.byReasonProtocol?.[d.reason] ?? {};
    const otherFamily = Object.entries(protocols)
      .filter(([p]) => p !== '?' && p !== ETHERTYPE[probe.family])
      .reduce((n, [, c]) => n + c, 0);
    const why: string[] = [];
    let notProbe = otherFamily;
    if (otherFamily > 0) {
      const names = Object.keys(protocols).filter((p) => p !== '?' && p !== ETHERTYPE[probe.family]).map((p) => FAMILY_NAME[p] ?? `ethertype ${p}`);
      why.push(`${otherFamily} of them ${names.join('/')}, another family than the probe's IPv${probe.family}`);
    }
    if (probe.probeClean) {
      notProbe = d.count;
      why.push(`the probe got ${probe.probeClean.received} of ${probe.probeClean.sent} answers, so none of its packets was dropped`);
    } else if (OTHER_TRANSPORT.test(d.reason)) {
      notProbe = d.count;
      why.push(`${d.reason} is a ${d.reason.startsWith('UDP_') ? 'UDP' : 'ICMP'} drop and the probe is TCP`);
    } else if (d.layer === 'qdisc' && probe.qdiscOnPathQuiet) {
      notProbe = d.count;
      why.push('no qdisc on the probe\'s path dropped anything, so these were on devices off the path');
    }
    const net = d.count - d.noise - notProbe;
    const suspects = probe.uncounted ?? [];
    if (net > 0 && d.reason === 'NETFILTER_DROP' && d.locations.some((l) => l.startsWith('nft_do_chain')) && suspects.length > 0) {
      // The drops happened in nftables and no rule's counter rose: the uncounted drop rules on the path are the suspects.
      for (const u of suspects) {
        kept.push({
          ...u,
          severity: 'error',
          basis: 'window',
          title: `Suspect: ${u.title}, while the kernel dropped ${net} packet(s) in nftables (NETFILTER_DROP at nft_do_chain) that no counter explains`,
          explanation: `${u.explanation} During the window the kernel dropped ${net} packet(s) inside nftables (nft_do_chain) and no rule's counter rose, so a rule without a counter dropped them${suspects.length > 1 ? `: one of these ${suspects.length}` : ''}. Add the counter to prove it.`,
          evidence: [...u.evidence, ...f.evidence],
        });
      }
      continue;
    }
    if (net > 0) {
      kept.push(f);
      continue;
    }
    notes.push(`host-wide: ${d.count} ${d.reason} event(s) that cannot be the probe's (${why.join('; ')}): not on the probe's path, not a finding`);
  }
  return { findings: kept, notes };
}
