/**
 * The link layer in Simplified Chinese: real findings and notes of the link checks, from the recorded
 * `ip -j -s -s link show` readings of test/fixtures/ip (see their .source.txt; rising counters are the
 * documented edits of layer.test.ts), rendered with `tr('zh', …)`. The Chinese must be Chinese and keep the
 * data: device names, counter names, counts, commands. The English is pinned by layer.test.ts and
 * mtu-benign.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { tr } from '../../i18n/index.js';
import { checkLink, linkLayer, linkProbe, type LinkData } from './layer.js';
import type { ResolvedTarget } from '../../core/target.js';
import { CONTAINER_TARGET, HOST_TARGET, checkInputOf, ctxOf, failedResult, fixture, notFoundResult, readWith } from '../../../test/fakes/scenario.js';
import { zh } from '../../../test/support/zh.js';


const netns = fixture('fixtures/ip/netns-j-s-s-link.json');
/** Documented edit (as layer.test.ts): add `n` to stats64[dir][name] of interface `ifname`. */
function bump(json: string, ifname: string, dir: 'rx' | 'tx', name: string, n: number): string {
  const doc = JSON.parse(json) as { ifname?: string; stats64: Record<string, Record<string, number>> }[];
  for (const l of doc) if (l.ifname === ifname) l.stats64[dir]![name]! += n;
  return JSON.stringify(doc);
}
const read = (target: ResolvedTarget, json: string) =>
  readWith(linkProbe, ctxOf(target, 'target'), { ip: json, procdev: notFoundResult(['cat']), 'ethtool:eth0': notFoundResult(['ethtool']) });

describe('the link layer in Chinese', () => {
  it('rx_missed_errors +7 on eth0: link.ring-overflow, its title, explanation and action keep the device, the window and the commands', () => {
    const before = read(CONTAINER_TARGET, netns);
    const after = read(CONTAINER_TARGET, bump(netns, 'eth0', 'rx', 'missed_errors', 7));
    const f = checkLink(checkInputOf(CONTAINER_TARGET, 'target', before, after)).findings[0];
    expect(f?.id).toBe('link.ring-overflow');
    expect(tr('zh', f?.title ?? '')).toBe('eth0 的接收环形缓冲区在测量窗口内溢出：网卡在内核看到这些帧之前就把它们丢了');
    zh(f?.explanation ?? '', 'allowance exceeded');
    expect(tr('zh', f?.action ?? '')).toBe(
      '`ethtool -g eth0`（对比当前与最大的环形缓冲区大小）；`ethtool -G eth0 rx <最大值>`（会中断业务：链路会重置，所以 pktdrop 不替你执行）；分散负载：`ethtool -l eth0`（队列）、RSS/RPS、irqbalance',
    );
    // The evidence is data: the same in every language.
    expect(f?.evidence).toEqual([{ kind: 'counter', counter: 'rx_missed_errors', subject: 'eth0', before: 0, after: 7, delta: 7, source: 'ip -s -s link show' }]);
  });

  it('rx_crc_errors +2: link.errors; tx_dropped +3: link.rx-dropped, with the counter and the knob named', () => {
    const before = read(CONTAINER_TARGET, netns);
    const after = read(CONTAINER_TARGET, bump(bump(netns, 'eth0', 'rx', 'crc_errors', 2), 'eth0', 'tx', 'dropped', 3));
    const { findings } = checkLink(checkInputOf(CONTAINER_TARGET, 'target', before, after));
    expect(findings.map((f) => f.id)).toEqual(['link.rx-dropped', 'link.errors']);
    expect(tr('zh', findings[0]?.title ?? '')).toBe('eth0 在测量窗口内丢了包');
    zh(findings[0]?.explanation ?? '', 'rx_dropped/tx_dropped', 'rx_missed/fifo/over');
    zh(findings[0]?.action ?? '', 'ethtool -S eth0', 'ethtool -G eth0 rx 4096', 'net.core.netdev_max_backlog');
    expect(tr('zh', findings[1]?.title ?? '')).toBe('eth0 在测量窗口内出现了损坏或无法发送的帧');
    zh(findings[1]?.action ?? '', 'ethtool eth0', 'ethtool -S eth0');
  });

  it('interfaces down in a container: link.down with the state; on the host, notes with the since-boot counters', () => {
    const peerDown = fixture('fixtures/ip/veth-peer-down-j-s-s-link.json');
    const r = read(CONTAINER_TARGET, peerDown);
    const f = checkLink(checkInputOf(CONTAINER_TARGET, 'target', r, r)).findings[1];
    expect(tr('zh', f?.title ?? '')).toBe('va 处于关闭（down）状态');
    expect(tr('zh', f?.explanation ?? '')).toBe('这个网卡的状态是 LOWERLAYERDOWN：经它路由的每个包都会被丢弃。');
    zh(f?.action ?? '', 'ip link set dev va up');
    const h = read(HOST_TARGET, peerDown);
    expect(checkLink(checkInputOf(HOST_TARGET, 'target', h, h)).notes.map((n) => tr('zh', n))).toEqual([
      'vb 的状态是 DOWN（不在探测路径上）',
      'va 的状态是 LOWERLAYERDOWN（不在探测路径上）',
      'va：自开机以来 tx_dropped 3（历史数据：在测量窗口内没有增长）',
      '检查了 2 个网卡：vb, va',
    ]);
  });

  it('a veth pair with MTUs 1500 and 1400 that dropped 7 frames in lockstep: link.mtu-mismatch keeps both ends, both MTUs and the count', () => {
    const target: ResolvedTarget = {
      spec: { kind: 'netns', name: 'pd14y' },
      label: 'netns pd14y',
      access: { via: 'netns', name: 'pd14y' },
      addresses: ['10.94.1.2'],
      listeningPorts: [],
      interfaces: ['y0'],
      hostSide: { interfaces: ['x0'] },
      notes: [],
    };
    const ip = (name: string) => fixture(`fixtures/ip/${name}.json`);
    const hostRead = (a: string, b: string): LinkData => readWith(linkProbe, ctxOf(target, 'host'), { ip: ip(a), peer: ip(b) });
    const before = hostRead('veth-mtu-mismatch-sender-before-j-s-s-link', 'veth-mtu-mismatch-receiver-before-j-s-s-link');
    const after = hostRead('veth-mtu-mismatch-sender-j-s-s-link', 'veth-mtu-mismatch-receiver-j-s-s-link');
    const f = checkLink(checkInputOf(target, 'host', before, after)).findings[0];
    expect(f?.id).toBe('link.mtu-mismatch');
    expect(tr('zh', f?.title ?? '')).toBe('x0（MTU 1500）发出的帧被对端 y0（MTU 1400）丢弃：在测量窗口内共 7 个');
    zh(f?.explanation ?? '', '1400', 'x0', 'y0', 'tx_dropped', 'rx_dropped', 'GSO');
    zh(f?.action ?? '', 'ip link set dev x0 mtu 1400', 'ip -s -s link show y0');
  });

  it('the step title and a read that failed (a skip reason) are said in Chinese', () => {
    expect(tr('zh', linkLayer.title)).toBe('链路：网卡状态与计数器');
    const p = linkProbe.parse(new Map([['ip', failedResult('Cannot open netlink socket', 1, ['ip'])], ['procdev', failedResult('No such file', 1, ['cat'])]]), ctxOf(HOST_TARGET, 'target'));
    expect(p.ok).toBe(false);
    if (!p.ok) zh(p.reason, 'ip exited with 1: Cannot open netlink socket');
  });
});
