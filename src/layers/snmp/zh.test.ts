/**
 * The IP, TCP and UDP layers' words in Simplified Chinese (issue 16): real findings and notes, from the
 * recorded seed run (test/e2e/fixtures/recorded-here.source.txt) and the late-SYN-ACK recording
 * (test/fixtures/proc/late-synack.source.txt), rendered by the catalogue; data (counters, commands,
 * numbers) unchanged; the English is what the JSON shows.
 */
import { describe, expect, it } from 'vitest';
import { checkTcp, snmpProbe, tcpLayer } from './layers.js';
import { checkPathMtu } from './mtu.js';
import { tr } from '../../i18n/index.js';
import type { ProbeTraffic } from '../../core/layer.js';
import { CONTAINER_TARGET, checkInputOf, ctxOf, fixture, inContainer, loadRecording, readWith, recordedResults } from '../../../test/fakes/scenario.js';

const ctx = ctxOf(CONTAINER_TARGET, 'target');
const CJK = /[\u3400-\u9fff]/;

describe('snmp in Chinese', () => {
  it('tcp.handshake-failures of the recorded seed run: title, explanation and action in Chinese, the counters untouched', () => {
    const rec = loadRecording('seed-container-yes');
    const [sb, sa] = recordedResults(rec, inContainer(rec, ['cat', '/proc/net/snmp']));
    const [nb, na] = recordedResults(rec, inContainer(rec, ['cat', '/proc/net/netstat']));
    const read = (s: string, n: string) => readWith(snmpProbe, ctx, { snmp: s, netstat: n, synrecv: '' });
    const traffic: ProbeTraffic = { method: 'hping3', sent: 20, received: 10, synAckNoise: 10, port: 80 };
    const { findings } = checkTcp(checkInputOf(CONTAINER_TARGET, 'target', read(sb!.stdout, nb!.stdout), read(sa!.stdout, na!.stdout), traffic));
    const f = findings.find((x) => x.id === 'tcp.handshake-failures');
    expect(f?.title).toBe('TCP handshakes are failing');
    expect(tr('zh', f?.title ?? '')).toBe('TCP 握手失败');
    expect(tr('zh', f?.explanation ?? '')).toBe(
      'SYN-ACK 不得不重传，半连接被重置：三次握手没有完成。路径上有东西丢弃了 SYN、SYN-ACK 或最后的 ACK——到下面各层和 netfilter 中找原因。' +
        '（其中 10 次半连接重置和失败的连接尝试来自 pktdrop 自己的原始 SYN 探测，未计入。）',
    );
    expect(tr('zh', f?.action ?? '')).toBe('找出丢弃握手报文的地方：看本报告的 qdisc 和 netfilter 步骤；用 `nstat -az TcpExt` 观察');
    expect(tr('zh', tcpLayer.title)).toBe('TCP：握手、监听队列、重传');
  });

  it('the late-answer note and the healthy note of a real window', () => {
    const read = (when: string) => readWith(snmpProbe, ctx, { snmp: fixture(`fixtures/proc/late-synack-${when}-snmp.txt`), netstat: fixture(`fixtures/proc/late-synack-${when}-netstat.txt`), synrecv: '' });
    const { notes } = checkTcp(checkInputOf(CONTAINER_TARGET, 'target', read('before'), read('after'), { method: 'hping3', sent: 7, received: 6, synAckNoise: 6, port: 80 }));
    expect(notes.map((n) => tr('zh', n))).toEqual([
      '已减去 pktdrop 自己的原始 SYN 探测预期造成的 6 次半连接重置',
      '另有 1 次来自 hping3 停止接收之后才得到应答的探测（发出 7 个，及时应答 6 个）：由探测端内核重置，未计入',
      '握手正常完成；在测量窗口内没有监听队列溢出',
    ]);
  });

  it('ip.mtu-blackhole of the recorded router readings: plural words become Chinese, ICMP names translated with their host', () => {
    const read = (name: string) => readWith(snmpProbe, ctx, { snmp: fixture(`fixtures/proc/${name}.txt`), snmp6: fixture('fixtures/proc/router-net-snmp6.txt') });
    const { findings } = checkPathMtu(checkInputOf(CONTAINER_TARGET, 'target', read('router-net-snmp-blackhole-before'), read('router-net-snmp-blackhole')));
    const f = findings[0];
    expect(f?.id).toBe('ip.mtu-blackhole');
    expect(f?.explanation).toMatch(/^This host forwards packets larger than the next hop's MTU/);
    const zh = tr('zh', f?.explanation ?? '');
    expect(zh).toMatch(CJK);
    expect(zh).toContain('ICMP type 3 code 4（需要分片）');
    expect(zh).not.toMatch(/\berrors?\b|packets? w/);
    expect(tr('zh', f?.action ?? '')).toContain('`iptables -t mangle -A FORWARD -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu`');
  });
});
