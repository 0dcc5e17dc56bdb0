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

const SOURCE = 'nstat -az IpFragFails IcmpOutDestUnreachs IpOutDiscards Ip6InTooBigErrors Icmp6OutPktTooBigs Ip6OutDiscards (cat /proc/net/snmp /proc/net/snmp6)';

interface Family {
  readonly label: 'IPv4' | 'IPv6';
  /** Packets refused because they were too big for the next hop. */
  readonly tooBig: string;
  /** ICMP errors sent back to the senders. */
  readonly told: string;
  /** Packets the IP layer discarded on the way out (the ICMP errors among them). */
  readonly outDiscards: string;
  readonly icmp: string;
}

const FAMILIES: readonly Family[] = [
  { label: 'IPv4', tooBig: 'IpFragFails', told: 'IcmpOutDestUnreachs', outDiscards: 'IpOutDiscards', icmp: 'ICMP type 3 code 4 (fragmentation needed)' },
  { label: 'IPv6', tooBig: 'Ip6InTooBigErrors', told: 'Icmp6OutPktTooBigs', outDiscards: 'Ip6OutDiscards', icmp: 'ICMPv6 type 2 (packet too big)' },
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
        title: `Path-MTU black hole: ${refused} ${fam.label} packets too big for the next hop were refused ${phraseWindow(i)} and ${discarded} outgoing packets discarded`,
        explanation:
          `This host forwards packets larger than the next hop's MTU with "don't fragment" set. It refused ${refused} of them and ` +
          `generated ${told} ${fam.icmp} error${told === 1 ? '' : 's'}, but ${discarded} outgoing packet${discarded === 1 ? ' was' : 's were'} discarded ` +
          'in the same window: the ICMP errors are being dropped on the way out (a firewall rule dropping ICMP, usually), so senders never ' +
          'learn to send smaller packets. Small exchanges work, large transfers (TLS, git, apt) hang and retransmit.',
        evidence: ev(i, [fam.tooBig, fam.told, fam.outDiscards]),
        action:
          `${fam.label === 'IPv4' ? 'iptables' : 'ip6tables'}-save -c | grep -i icmp (a rule dropping ${fam.icmp} is the hole: allow it); ` +
          `ip -d link show (the smaller MTU on the path); clamp TCP MSS on this forwarder: ${fam.label === 'IPv4' ? 'iptables' : 'ip6tables'} -t mangle -A FORWARD -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu`,
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
        title: `${refused} ${fam.label} packets were too big for the next hop ${phraseWindow(i)}; senders were told to shrink`,
        explanation:
          `This host forwards packets larger than the next hop's MTU with "don't fragment" set: it refused ${refused} and sent ${told} ` +
          `${fam.icmp} error${told === 1 ? '' : 's'}, so path-MTU discovery is working, but each new flow loses its first full-size packets. ` +
          'The MTU on the path is smaller than the senders assume (an overlay, a VPN, a veth or a bridge set lower).',
        evidence: ev(i, [fam.tooBig, fam.told]),
        action: `ip -d link show (find the smaller MTU); clamp TCP MSS on this forwarder: ${fam.label === 'IPv4' ? 'iptables' : 'ip6tables'} -t mangle -A FORWARD -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu`,
      });
    }
  }
  return { findings, explained };
}
