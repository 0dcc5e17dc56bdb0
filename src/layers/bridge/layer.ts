/**
 * Bridged traffic sent through iptables (br_netfilter). With the br_netfilter module loaded and
 * `net.bridge.bridge-nf-call-iptables=1` (`-ip6tables` for IPv6; per network namespace since 5.3),
 * frames a Linux bridge forwards from one port to another also traverse the iptables FORWARD chain
 * of the bridge's namespace. Docker sets that chain's policy to DROP, so VMs and containers on an
 * unrelated bridge (libvirt, LXD) lose IP connectivity while ARP still works. The drop itself is
 * netfilter's (`netfilter.drop-policy` / `netfilter.drop-rule`, reason NETFILTER_DROP); this check
 * says why bridged frames were there at all, and points at the bridge.
 *
 * It reads the netfilter probe's reading (one read, shared). Proof that the dropped packets were
 * bridged: FORWARD dropped more packets than this namespace's IP layer received (`IpInReceives`;
 * bridged frames never reach it), or routing is off here (`ip_forward=0`: routed packets never reach
 * FORWARD). Without that proof the finding is a warning: the drops may be routed traffic.
 */
import { msg, t, type Param } from '../../i18n/index.js';
import { counterBasis, counterEvidence, defineLayer, phraseWindow, type CheckInput } from '../../core/layer.js';
import type { Evidence, Finding } from '../../core/types.js';
import { sysctlInt } from '../../core/parse-sysctl.js';
import { netfilterProbe, zeroNetfilterData, type Family, type NetfilterData } from '../netfilter/layer.js';

const SOURCE = 'iptables-save -c -t filter (FORWARD)';
const CALL_KEY: Readonly<Record<Family, string>> = { ipv4: 'net/bridge/bridge-nf-call-iptables', ipv6: 'net/bridge/bridge-nf-call-ip6tables' };
const CALL_NAME: Readonly<Record<Family, string>> = { ipv4: 'net.bridge.bridge-nf-call-iptables', ipv6: 'net.bridge.bridge-nf-call-ip6tables' };

/** Items said one after another with `, ` between them (`，` in Chinese). */
const commas = (parts: readonly Param[]): Param => parts.slice(1).reduce<Param>((acc, p) => msg('bridge.list.comma', { a: acc, b: p }), parts[0] ?? '');

/** FORWARD drops of one family in the filter table: the DROP policy's counter and DROP/REJECT rules in FORWARD itself. */
function forwardDrops(i: CheckInput<NetfilterData>, family: Family): Evidence[] {
  const out: Evidence[] = [];
  for (const src of i.after.iptables.filter((s) => s.family === family)) {
    const prev = i.before.iptables.find((s) => s.family === family && s.backend === src.backend && s.binary === src.binary);
    if (!prev) continue;
    const label = `${src.binary} filter/FORWARD`;
    const chain = src.dump.chains.find((c) => c.table === 'filter' && c.name === 'FORWARD');
    const was = prev.dump.chains.find((c) => c.table === 'filter' && c.name === 'FORWARD');
    if (chain && was && chain.policy === 'DROP' && chain.pkts > was.pkts) out.push(counterEvidence('policy pkts', `${label} policy`, was.pkts, chain.pkts, SOURCE));
    for (const r of src.dump.rules.filter((x) => x.table === 'filter' && x.chain === 'FORWARD' && (x.target === 'DROP' || x.target === 'REJECT'))) {
      const p = prev.dump.rules.find((x) => x.table === 'filter' && x.chain === 'FORWARD' && x.specText === r.specText);
      if (p && r.pkts > p.pkts) out.push(counterEvidence('pkts', `${label}#${r.position}`, p.pkts, r.pkts, SOURCE));
    }
  }
  return out;
}

export function checkBridge(i: CheckInput<NetfilterData>): { findings: Finding[]; notes: string[] } {
  const b = i.after.bridging;
  if (!b) return { findings: [], notes: [t('bridge.note.no-module')] };
  // Unknown bridges (a paste without ip -d link): judged as possibly bridging, never proven by a port list.
  const known = b.bridges !== undefined;
  const bridges = (b.bridges ?? [{ name: t('bridge.bridges-not-shown'), ports: ['?', '?'] }]).filter((x) => x.ports.length >= 2);
  const findings: Finding[] = [];
  const notes: string[] = [];
  for (const family of ['ipv4', 'ipv6'] as const) {
    const call = sysctlInt(b.sysctls, CALL_KEY[family]);
    if (call !== 1) {
      notes.push(t('bridge.note.off', { sysctl: CALL_NAME[family], value: call ?? msg('bridge.unreadable'), family, bin: family === 'ipv4' ? 'iptables' : 'ip6tables' }));
      continue;
    }
    if (bridges.length === 0) {
      notes.push(t('bridge.note.no-bridge', { sysctl: CALL_NAME[family] }));
      continue;
    }
    if (!i.after.iptables.some((s) => s.family === family)) {
      notes.push(t('bridge.note.no-rules', { sysctl: CALL_NAME[family], bridges: bridges.map((x) => x.name).join(', '), bin: family === 'ipv4' ? 'iptables' : 'ip6tables' }));
      continue;
    }
    const drops = forwardDrops(i, family);
    const total = drops.reduce((n, e) => n + (e.kind === 'counter' ? e.delta : 0), 0);
    if (total === 0) {
      notes.push(t('bridge.note.no-drops', { sysctl: CALL_NAME[family], bridges: bridges.map((x) => x.name).join(', '), window: phraseWindow(i) }));
      continue;
    }
    const routingOff = family === 'ipv4' && sysctlInt(b.sysctls, 'net/ipv4/ip_forward') === 0;
    const received = family === 'ipv4' && b.ipInReceives !== undefined && i.before.bridging?.ipInReceives !== undefined
      ? b.ipInReceives - i.before.bridging.ipInReceives
      : undefined;
    const bridged = routingOff ? total : received !== undefined ? Math.max(0, total - received) : 0;
    const certain = bridged > 0;
    const names = known ? commas(bridges.map((x) => msg('bridge.names', { name: x.name, ports: x.ports.join(', ') }))) : msg('bridge.names-unknown');
    const why = routingOff
      ? msg('bridge.why.routing-off')
      : certain
        ? msg('bridge.why.counted', { total, received: received ?? 0, bridged })
        : msg('bridge.why.unsure');
    const state: Evidence[] = [
      { kind: 'state', name: CALL_NAME[family], subject: 'br_netfilter', value: 1, source: `sysctl ${CALL_NAME[family]}` },
      ...bridges.filter(() => known).map((x): Evidence => ({ kind: 'state', name: 'bridge ports', subject: x.name, value: x.ports.join(' '), source: 'ip -d link show type bridge_slave' })),
      ...(b.sysctls['net/ipv4/ip_forward'] !== undefined && family === 'ipv4'
        ? [{ kind: 'state' as const, name: 'net.ipv4.ip_forward', subject: 'routing', value: b.sysctls['net/ipv4/ip_forward'] ?? '', source: 'sysctl net.ipv4.ip_forward' }]
        : []),
      ...(received !== undefined && received >= 0 && i.before.bridging?.ipInReceives !== undefined && b.ipInReceives !== undefined
        ? [counterEvidence('IpInReceives', 'ip', i.before.bridging.ipInReceives, b.ipInReceives, 'nstat -az IpInReceives (cat /proc/net/snmp)')]
        : []),
    ];
    const bin = family === 'ipv4' ? 'iptables' : 'ip6tables';
    findings.push({
      id: 'bridge.nf-call',
      layer: 'bridge',
      scope: i.scope,
      severity: certain ? 'error' : 'warning',
      basis: counterBasis(i),
      role: 'cause',
      subject: known ? `bridge ${bridges.map((x) => x.name).join(', ')} (${CALL_NAME[family]}=1)` : `bridged traffic (${CALL_NAME[family]}=1)`,
      title: certain
        ? t(family === 'ipv4' ? 'bridge.title.certain-ipv4' : 'bridge.title.certain-ipv6', { bin, n: bridged, window: phraseWindow(i) })
        : t('bridge.title.maybe', { bin, n: total, window: phraseWindow(i) }),
      explanation: t('bridge.explanation', { sysctl: CALL_NAME[family], names, bin, why }),
      evidence: [...drops, ...state],
      action: t('bridge.action', { bin, sysctl: CALL_NAME[family] }),
    });
  }
  return { findings, notes };
}

export const bridgeLayer = defineLayer<NetfilterData>({
  id: 'bridge',
  title: t('bridge.title'),
  lookedAt: () => 'sysctl net.bridge.bridge-nf-call-iptables net.bridge.bridge-nf-call-ip6tables; ip -d link show type bridge_slave; iptables -nvL FORWARD',
  probe: netfilterProbe,
  check: checkBridge,
  zero: zeroNetfilterData,
});
