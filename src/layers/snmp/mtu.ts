/**
 * Path MTU on a host that forwards (a container host is the router of its containers, a VPN
 * gateway, a netns router). A packet longer than the next hop's MTU with "don't fragment" set (all
 * TCP, and every IPv6 packet: routers never fragment IPv6) is refused: IPv4 counts `Ip: FragFails`,
 * IPv6 `Ip6InTooBigErrors` (reason `PKT_TOO_BIG` at ip_forward / ip6_forward), and the kernel sends
 * the sender an ICMP "fragmentation needed" (`Icmp: OutDestUnreachs`, `IcmpMsg: OutType3`) or an
 * ICMPv6 "packet too big" (`Icmp6OutPktTooBigs`) so it shrinks its packets. That is path-MTU
 * discovery working. When the ICMP is itself discarded on the way out (a filter that drops ICMP:
 * `Ip: OutDiscards` / `Ip6OutDiscards` rise in step), the sender never learns and keeps sending
 * full-size segments that are dropped again: a black hole (small exchanges work, large ones hang).
 * Verified on 6.18 in a netns router (test/fixtures/proc/router-net-snmp-*.txt).
 */
import { counterBasis, counterEvidence, phraseWindow, type CheckInput } from '../../core/layer.js';
import type { Evidence, Finding } from '../../core/types.js';
import type { MibCounters } from './model.js';
import { msg, t, type Msg } from '../../i18n/index.js';

const SOURCE = 'nstat -az IpFragFails IcmpOutDestUnreachs IpOutDiscards Ip6InTooBigErrors Icmp6OutPktTooBigs Ip6OutDiscards (cat /proc/net/snmp /proc/net/snmp6)';

interface Family {
  readonly label: 'IPv4' | 'IPv6';
  /** Packets refused because they were too big for the next hop. */
  readonly tooBig: string;
  /** ICMP errors sent back to the senders. */
  readonly told: string;
  /** Packets the IP layer discarded on the way out (the ICMP errors among them). */
  readonly outDiscards: string;
  readonly icmp: Msg;
}

const FAMILIES: readonly Family[] = [
  { label: 'IPv4', tooBig: 'IpFragFails', told: 'IcmpOutDestUnreachs', outDiscards: 'IpOutDiscards', icmp: msg('snmp.mtu.icmp4') },
  { label: 'IPv6', tooBig: 'Ip6InTooBigErrors', told: 'Icmp6OutPktTooBigs', outDiscards: 'Ip6OutDiscards', icmp: msg('snmp.mtu.icmp6') },
];

const rise = (i: CheckInput<{ readonly counters: MibCounters }>, name: string): number => {
  const a = i.after.counters[name];
  const b = i.before.counters[name];
  return a === undefined || b === undefined ? 0 : Math.max(0, a - b);
};

const ev = (i: CheckInput<{ readonly counters: MibCounters }>, names: readonly string[]): Evidence[] =>
  names.filter((n) => rise(i, n) > 0).map((n) => counterEvidence(n, 'ip', i.before.counters[n] ?? 0, i.after.counters[n] ?? 0, SOURCE));

/**
 * `ip.mtu-blackhole` (error): too-big packets were refused AND packets were discarded on the way out
 * in the same window (the refusals' ICMP errors, by a filter or a route): the senders are never told.
 * `ip.frag-needed` (warning): too-big packets were refused and the senders told; path-MTU discovery
 * works, but every new flow loses its first full-size packets (a smaller MTU on the path than the
 * senders assume: an overlay, a VPN, a veth or bridge set lower).
 * Returns the findings and the counter names they explain (so `ip.discards` does not repeat them).
 */
export function checkPathMtu(i: CheckInput<{ readonly counters: MibCounters }>): { findings: Finding[]; explained: string[] } {
  const findings: Finding[] = [];
  const explained: string[] = [];
  for (const fam of FAMILIES) {
    const refused = rise(i, fam.tooBig);
    if (refused === 0) continue;
    const told = rise(i, fam.told);
    const discarded = rise(i, fam.outDiscards);
    explained.push(fam.tooBig);
    const errors = msg(told === 1 ? 'snmp.word.error' : 'snmp.word.errors');
    const clamp = `${fam.label === 'IPv4' ? 'iptables' : 'ip6tables'} -t mangle -A FORWARD -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu`;
    if (discarded > 0) {
      explained.push(fam.outDiscards);
      findings.push({
        id: 'ip.mtu-blackhole',
        layer: 'ip',
        scope: i.scope,
        severity: 'error',
        basis: counterBasis(i),
        role: 'cause',
        subject: fam.label,
        title: t('snmp.mtu.blackhole.title', { refused, family: fam.label, window: phraseWindow(i), discarded }),
        explanation: t('snmp.mtu.blackhole.explanation', {
          refused,
          told,
          icmp: fam.icmp,
          errors,
          discarded,
          packetsWere: msg(discarded === 1 ? 'snmp.word.packet-was' : 'snmp.word.packets-were'),
        }),
        evidence: ev(i, [fam.tooBig, fam.told, fam.outDiscards]),
        action: t('snmp.mtu.blackhole.action', { save: `${fam.label === 'IPv4' ? 'iptables' : 'ip6tables'}-save -c`, icmp: fam.icmp, clamp }),
      });
    } else {
      findings.push({
        id: 'ip.frag-needed',
        layer: 'ip',
        scope: i.scope,
        severity: 'warning',
        basis: counterBasis(i),
        role: 'cause',
        subject: fam.label,
        title: t('snmp.mtu.frag-needed.title', { refused, family: fam.label, window: phraseWindow(i) }),
        explanation: t('snmp.mtu.frag-needed.explanation', { refused, told, icmp: fam.icmp, errors }),
        evidence: ev(i, [fam.tooBig, fam.told]),
        action: t('snmp.mtu.frag-needed.action', { clamp }),
      });
    }
  }
  return { findings, explained };
}
