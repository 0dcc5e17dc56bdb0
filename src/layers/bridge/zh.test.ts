/**
 * The bridge layer in Simplified Chinese: the real bridge.nf-call finding of a namespace that bridges
 * (test/fixtures/iptables/netns-bridge-forward-drop-*.txt, sysctl/netns-grep-bridge.txt,
 * ip/netns-ip-j-d-link-bridge.json, proc/netns-net-snmp-bridge-*.txt; see their .source.txt), rendered with
 * `tr('zh', …)`. The Chinese must be Chinese and keep the data: the bridge and its ports, the count, the
 * sysctl key and the commands. The English is pinned by layer.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { tr } from '../../i18n/index.js';
import { bridgeLayer, checkBridge } from './layer.js';
import { netfilterProbe } from '../netfilter/layer.js';
import { CONTAINER_TARGET, checkInputOf, ctxOf, fixture, notFoundResult, readWith } from '../../../test/fakes/scenario.js';
import { zh } from '../../../test/support/zh.js';


const ctx = ctxOf(CONTAINER_TARGET, 'target');
const ipLines = (snmp: string): string => snmp.split('\n').filter((l) => l.startsWith('Ip:')).join('\n');
const read = (ipt: string, snmp: string, conf = fixture('fixtures/sysctl/netns-grep-bridge.txt')) =>
  readWith(netfilterProbe, ctx, {
    nft4: ipt,
    legacy4: notFoundResult(),
    nft6: notFoundResult(),
    legacy6: notFoundResult(),
    nft: notFoundResult(),
    brconf: conf,
    brlinks: fixture('fixtures/ip/netns-ip-j-d-link-bridge.json'),
    brsnmp: ipLines(snmp),
  });
const before = read(fixture('fixtures/iptables/netns-bridge-forward-drop-before.txt'), fixture('fixtures/proc/netns-net-snmp-bridge-before.txt'));
const after = read(fixture('fixtures/iptables/netns-bridge-forward-drop-after.txt'), fixture('fixtures/proc/netns-net-snmp-bridge-after.txt'));

describe('the bridge layer in Chinese', () => {
  it('FORWARD dropped 5 bridged frames: the title keeps the count and the binary; the explanation the bridge, its ports and the sysctl', () => {
    const r = checkBridge(checkInputOf(CONTAINER_TARGET, 'target', before, after));
    const f = r.findings[0];
    expect(f?.id).toBe('bridge.nf-call');
    expect(tr('zh', f?.title ?? '')).toBe('桥接的 IPv4 流量被 iptables 的 FORWARD 链丢弃：在测量窗口内共 5 个包');
    const e = zh(f?.explanation ?? '', 'net.bridge.bridge-nf-call-iptables = 1', 'br0（端口 eth0, brp0）', 'iptables');
    // The proof, said in its host's language: 5 dropped, 0 received by the IP layer.
    expect(e).toContain('FORWARD 链丢弃了 5 个包，而这个命名空间的 IP 层只收到 0 个：至少有 5 个是桥接的帧');
    zh(f?.action ?? '', 'iptables -I FORWARD -m physdev --physdev-is-bridged -j ACCEPT', 'sysctl -w net.bridge.bridge-nf-call-iptables=0');
    expect(r.notes.map((n) => tr('zh', n))).toEqual(['net.bridge.bridge-nf-call-ip6tables = 1，网桥为 br0，但这里读不到 ip6tables 规则']);
  });

  it('as many IP packets received as FORWARD drops (documented edit: IpInReceives +5): the warning says they may be routed', () => {
    const snmp = fixture('fixtures/proc/netns-net-snmp-bridge-after.txt').replace(/^(Ip: \d+ \d+ )(\d+)/m, (_m, a: string, n: string) => `${a}${Number(n) + 5}`);
    const busy = read(fixture('fixtures/iptables/netns-bridge-forward-drop-after.txt'), snmp);
    const f = checkBridge(checkInputOf(CONTAINER_TARGET, 'target', before, busy)).findings[0];
    expect(tr('zh', f?.title ?? '')).toBe('iptables 的 FORWARD 链在测量窗口内丢弃了 5 个包，而这个命名空间会把桥接流量送进这条链');
    zh(f?.explanation ?? '', 'iptables -I FORWARD 1 -m physdev --physdev-is-bridged');
  });

  it('bridge-nf-call-iptables=0: the note keeps the key and its value; the step title', () => {
    const conf = fixture('fixtures/sysctl/netns-grep-bridge.txt').replace('bridge-nf-call-iptables:1', 'bridge-nf-call-iptables:0');
    const off = (ipt: string, snmp: string) => read(fixture(`fixtures/iptables/${ipt}`), fixture(`fixtures/proc/${snmp}`), conf);
    const r = checkBridge(checkInputOf(CONTAINER_TARGET, 'target', off('netns-bridge-forward-drop-before.txt', 'netns-net-snmp-bridge-before.txt'), off('netns-bridge-forward-drop-after.txt', 'netns-net-snmp-bridge-after.txt')));
    expect(tr('zh', r.notes[0] ?? '')).toBe('net.bridge.bridge-nf-call-iptables = 0：桥接的 ipv4 帧不经过 iptables');
    expect(tr('zh', bridgeLayer.title)).toBe('网桥：经 iptables 处理的桥接流量（br_netfilter）');
  });
});
