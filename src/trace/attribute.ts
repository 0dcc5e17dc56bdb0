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
import { msg, t, type Msg } from '../i18n/index.js';
import { listOf } from './words.js';

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
    const why: Msg[] = [];
    let notProbe = otherFamily;
    if (otherFamily > 0) {
      const names = Object.keys(protocols).filter((p) => p !== '?' && p !== ETHERTYPE[probe.family]).map((p) => FAMILY_NAME[p] ?? `ethertype ${p}`);
      why.push(msg('trace.attr.other-family', { n: otherFamily, families: names.join('/'), family: probe.family }));
    }
    if (probe.probeClean) {
      notProbe = d.count;
      why.push(msg('trace.attr.probe-clean', { received: probe.probeClean.received, sent: probe.probeClean.sent }));
    } else if (OTHER_TRANSPORT.test(d.reason)) {
      notProbe = d.count;
      why.push(msg('trace.attr.other-transport', { reason: d.reason, proto: d.reason.startsWith('UDP_') ? 'UDP' : 'ICMP' }));
    } else if (d.layer === 'qdisc' && probe.qdiscOnPathQuiet) {
      notProbe = d.count;
      why.push(msg('trace.attr.qdisc-off-path'));
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
          title: t('trace.attr.suspect.title', { title: u.title, n: net }),
          explanation:
            suspects.length > 1
              ? t('trace.attr.suspects.explanation', { explanation: u.explanation, n: net, k: suspects.length })
              : t('trace.attr.suspect.explanation', { explanation: u.explanation, n: net }),
          evidence: [...u.evidence, ...f.evidence],
        });
      }
      continue;
    }
    if (net > 0) {
      kept.push(f);
      continue;
    }
    notes.push(t('trace.attr.not-probe', { count: d.count, reason: d.reason, why: listOf(why, true) }));
  }
  return { findings: kept, notes };
}
