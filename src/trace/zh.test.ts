/**
 * The kernel drop trace in Simplified Chinese: real findings and notes of the trace modules, built from
 * the recorded traces and format files of test/fixtures/tracefs (see their .source.txt), rendered with
 * `tr('zh', …)`. The Chinese must be Chinese, and keep the data: reason names, counts, kernel functions,
 * devices and commands exactly as the English has them. The English itself is pinned by the modules'
 * own tests.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MemoryTraceFs, type MemoryTraceFsOptions } from '../../test/fakes/memory-tracefs.js';
import { CONTAINER_TARGET, checkInputOf, ctxOf, fixture, notFoundResult, readWith } from '../../test/fakes/scenario.js';
import type { ResolvedTarget } from '../core/target.js';
import { tr } from '../i18n/index.js';
import { checkLink, linkProbe } from '../layers/link/layer.js';
import { checkNetfilter, netfilterProbe } from '../layers/netfilter/layer.js';
import { attributeDrops } from './attribute.js';
import { benignRxDrops } from './benign.js';
import { makeDropTracer } from './drop-tracer.js';
import { parseKfreeSkbFormat } from './format.js';
import { parseTraceOutput } from './parse-trace.js';
import { describeReason, REASON_INFO } from './reasons.js';
import { reconcileDrops } from './reconcile.js';
import { startDropTrace, traceCapability } from './session.js';
import { classifyBenign, tallyDrops } from './tally.js';
import { NodeTraceFs } from './tracefs.js';
import { CJK, zh } from '../../test/support/zh.js';

const tracefsFixture = (name: string): string => readFileSync(new URL(`../../test/fixtures/tracefs/${name}`, import.meta.url), 'utf8');
const FORMAT = tracefsFixture('format-6.18.txt');
const EMPTY_TRACE = '# tracer: nop\n#\n# entries-in-buffer/entries-written: 0/0   #P:2\n#\n';
const format = parseKfreeSkbFormat(FORMAT);
const tallyOf = (name: string, windowMs: number) => {
  const trace = parseTraceOutput(tracefsFixture(name), format.ok ? format.data : undefined);
  return tallyDrops(trace.events, { windowMs, reasonField: true, lost: trace.lost });
};


/** A tracefs whose "kernel" fills each new instance's buffer with the next of `traces` (as drop-tracer.test.ts). */
function tracefs(traces: readonly string[], files: Record<string, string> = {}, over: Partial<MemoryTraceFsOptions> = {}): MemoryTraceFs {
  const instances: string[] = [];
  return new MemoryTraceFs({
    files: {
      'events/skb/kfree_skb/format': FORMAT,
      'events/skb/kfree_skb/enable': '0',
      'events/skb/kfree_skb/filter': 'none',
      tracing_on: '1',
      set_event: '',
      buffer_size_kb: '7 (expanded: 1408)',
      current_tracer: 'nop',
      ...files,
    },
    instanceTemplate: { tracing_on: '1', buffer_size_kb: '1410', trace: EMPTY_TRACE, 'events/skb/kfree_skb/enable': '0', 'events/skb/kfree_skb/filter': 'none' },
    onWrite: (fs, p, data) => {
      const m = /^(instances\/[^/]+)\/events\/skb\/kfree_skb\/enable$/.exec(p);
      if (!m?.[1] || data !== '1') return;
      if (!instances.includes(m[1])) instances.push(m[1]);
      fs.files.set(`${m[1]}/trace`, traces[instances.indexOf(m[1])] ?? EMPTY_TRACE);
    },
    ...over,
  });
}

describe('a diagnose window of the seed lab (trace-6.18-lab.txt), then a verification window (trace-6.18-overrun.txt), in Chinese', async () => {
  const fs = tracefs([tracefsFixture('trace-6.18-lab.txt'), tracefsFixture('trace-6.18-overrun.txt')]);
  const tracer = makeDropTracer(async () => fs);
  const run = async () => {
    const s = await tracer.start();
    if (!s.ok) throw new Error(s.reason);
    return s.stop({ findings: [], traffic: { method: 'hping3', sent: 10, received: 10, synAckNoise: 3 }, windowMs: 2500 });
  };
  const first = await run();
  const second = await run();
  const notes = first.notes ?? [];

  it('the window total, each reason with its kernel functions and verdict, and the layers that disagree', () => {
    expect(tr('zh', notes[0] ?? '')).toBe('2500 ms 内全宿主机共有 67 个丢包事件');
    const netfilter = notes.find((n) => n.startsWith('NETFILTER_DROP 14 (at'));
    expect(netfilter && tr('zh', netfilter)).toBe('NETFILTER_DROP 14（位于 nft_do_chain 14）— netfilter');
    const noSocket = notes.find((n) => n.startsWith('NO_SOCKET 16'));
    expect(noSocket && tr('zh', noSocket)).toBe(
      'NO_SOCKET 16（位于 tcp_v4_rcv 14，__udp4_lib_rcv 2）— 无害：通常无害，且不频繁（5.2/s，占全部丢包的 19%）：目的端口上没有 socket 在监听（端口未开放、端口扫描，或对原始套接字探测的回包）',
    );
    const unexplainedRule = notes.find((n) => n.includes('but no rule whose counter rose'));
    expect(unexplainedRule && zh(unexplainedRule, 'NETFILTER_DROP 14', 'conntrack -S', 'dmesg | grep conntrack', 'nft -a list ruleset')).toContain('没有哪条规则的计数器上涨');
    const qdisc = notes.find((n) => n.startsWith('QDISC_DROP 13 events'));
    expect(qdisc && tr('zh', qdisc)).toBe('QDISC_DROP 13 个事件，但这一层没有计数器上涨');
  });

  it('every note with words is said in Chinese; the comparisons with the first window are data', () => {
    for (const n of notes) if (/[a-z]{3,} [a-z]{3,}/.test(n)) zh(n);
    const later = second.notes ?? [];
    expect(later).toContain('NETFILTER_DROP 14 → 124');
    expect(tr('zh', 'NETFILTER_DROP 14 → 124')).toBe('NETFILTER_DROP 14 → 124');
    expect(tr('zh', later[0] ?? '')).toBe('2500 ms 内全宿主机共有 132 个丢包事件（丢失 276 个：此数只是下限）');
    const lost = later.find((n) => n.startsWith('the trace buffer lost'));
    expect(lost && tr('zh', lost)).toBe('trace 缓冲区丢失了 276 个事件：事件计数只是下限');
    const noise = later.find((n) => n.startsWith('NO_SOCKET 1 '));
    expect(noise && zh(noise, 'NO_SOCKET 1', 'tcp_v4_rcv 1')).toContain('全是探测自己的回包');
  });

  it('the unexplained findings: title, explanation and the next command, with the reason and its count', () => {
    const f = (first.findings ?? []).find((x) => x.subject === 'QDISC_DROP');
    expect(f?.id).toBe('drop-reasons.unexplained');
    expect(tr('zh', f?.title ?? '')).toBe('13 个包以 QDISC_DROP 为原因被丢弃，没有哪一层的检查能解释');
    expect(tr('zh', f?.explanation ?? '')).toBe(
      '被队列规则（qdisc）丢弃（netem 模拟丢包，或 tbf/pfifo 超出 limit）。kfree_skb 跟踪点是全宿主机范围的：这些丢包可能属于目标，也可能属于这台主机上的其他流量。',
    );
    expect(tr('zh', f?.action ?? '')).toBe('tc -s qdisc show');
    const n = (second.findings ?? []).find((x) => x.subject === 'NETFILTER_DROP');
    zh(n?.title ?? '', '124', 'NETFILTER_DROP');
    zh(n?.explanation ?? '', 'iptables/nft', 'DROP', 'REJECT', 'conntrack');
  });

  it('the verdicts the JSON report carries stay English', () => {
    expect(first.summary?.verdicts['QDISC_DROP']?.why).toBe('a queueing discipline dropped it (netem loss, tbf/pfifo over its limit)');
  });
});

describe('what each reason means, in Chinese', () => {
  it.each(Object.entries(REASON_INFO))('%s: its meaning is Chinese; its next command stays a command', (reason, info) => {
    zh(info.meaning);
    expect(tr('zh', describeReason(reason).meaning)).toBe(tr('zh', info.meaning));
    const next = tr('zh', info.nextCommand);
    // A command is data; only a `# comment` after it is said in Chinese.
    const [command = '', comment] = info.nextCommand.split('  # ');
    expect(next.startsWith(command)).toBe(true);
    if (comment !== undefined) expect(next.slice(command.length)).toMatch(CJK);
    else expect(next).toBe(info.nextCommand);
  });

  it('a reason pktdrop has no words for: the kernel name, and where to read it', () => {
    const d = describeReason('FRAG_REASM_TIMEOUT');
    expect(tr('zh', d.meaning)).toBe('内核以 SKB_DROP_REASON_FRAG_REASM_TIMEOUT 为原因丢包（见 include/net/dropreason-core.h）');
    expect(tr('zh', d.nextCommand)).toBe(
      "grep -A3 'SKB_DROP_REASON_FRAG_REASM_TIMEOUT' include/net/dropreason-core.h  # 在内核源码目录中执行；再跟踪它的 location=",
    );
  });

  it('a frequent usually-benign reason is a cause, said with its rate', () => {
    const tally = tallyOf('trace-6.18-lab.txt', 100);
    const v = classifyBenign(tally, { windowMs: 100, minFrequentCount: 1, maxBenignRatePerSec: 1, maxBenignShare: 0.1 });
    expect(v['NOT_SPECIFIED']?.benign).toBe(false);
    expect(tr('zh', v['NOT_SPECIFIED']?.why ?? '')).toBe('通常无害，但这里很频繁（210.0/s，占全部丢包的 31%）');
  });
});

describe('events that cannot be the probe\'s (trace-6.18-offpath.txt), in Chinese', () => {
  const tally = tallyOf('trace-6.18-offpath.txt', 2000);
  const unexplained = reconcileDrops(tally, []).findings;

  it('another family, a qdisc off the path: host-wide notes with the counts and reasons', () => {
    const r = attributeDrops(unexplained, tally, { family: 4, protocol: 'tcp', qdiscOnPathQuiet: true });
    expect(r.notes.map((n) => tr('zh', n)).sort()).toEqual([
      '全宿主机范围：3 个 NETFILTER_DROP 事件不可能属于探测（其中 3 个是 IPv6，与探测使用的 IPv4 不是同一协议族）：不在探测路径上，不算作问题',
      '全宿主机范围：9 个 QDISC_DROP 事件不可能属于探测（探测路径上的 qdisc 都没有丢包，所以这些丢包发生在路径之外的设备上）：不在探测路径上，不算作问题',
    ]);
  });

  it('a clean probe and another family together: both reasons, joined by a Chinese semicolon', () => {
    const r = attributeDrops(unexplained, tally, { family: 4, protocol: 'tcp', qdiscOnPathQuiet: false, probeClean: { sent: 20, received: 20 } });
    const n = r.notes.find((x) => x.includes('NETFILTER_DROP'));
    expect(n && tr('zh', n)).toBe(
      '全宿主机范围：3 个 NETFILTER_DROP 事件不可能属于探测（其中 3 个是 IPv6，与探测使用的 IPv4 不是同一协议族；探测发出 20 个、收到 20 个应答，它的包一个也没有丢）：不在探测路径上，不算作问题',
    );
  });

  it('a UDP-only reason next to a TCP probe', () => {
    const udp = { ...unexplained[0]!, subject: 'UDP_CSUM', details: { kind: 'drop-reason' as const, reason: 'UDP_CSUM', count: 4, noise: 0, layer: 'udp', locations: ['__udp4_lib_rcv'] } };
    const r = attributeDrops([udp], tally, { family: 4, protocol: 'tcp', qdiscOnPathQuiet: false });
    expect(r.notes.map((n) => tr('zh', n))).toEqual(['全宿主机范围：4 个 UDP_CSUM 事件不可能属于探测（UDP_CSUM 是 UDP 的丢包，而探测用的是 TCP）：不在探测路径上，不算作问题']);
  });
});

describe('the suspect: an nft drop rule without a counter (netns-uncounted-numgen) while NETFILTER_DROP rose at nft_do_chain (trace-6.18-lab.txt)', () => {
  const NONE = { nft4: '', legacy4: '', nft6: notFoundResult(['ip6tables-nft-save']), legacy6: notFoundResult(['ip6tables-legacy-save']), save4: notFoundResult(['iptables-save']) };
  const reading = readWith(netfilterProbe, ctxOf(CONTAINER_TARGET, 'target'), { ...NONE, nft: fixture('fixtures/nft/netns-uncounted-numgen-a-list-ruleset.txt') });
  const uncounted = checkNetfilter(checkInputOf(CONTAINER_TARGET, 'target', reading, reading)).findings.filter((f) => f.id === 'netfilter.uncounted-drop');
  const tally = tallyOf('trace-6.18-lab.txt', 2000);
  const unexplained = reconcileDrops(tally, []).findings.filter((f) => f.subject === 'NETFILTER_DROP');

  it('one suspect: the rule\'s own title inside the Chinese sentence, and the 14 drops', () => {
    const one = uncounted.slice(0, 1);
    const a = attributeDrops(unexplained, tally, { family: 4, protocol: 'tcp', qdiscOnPathQuiet: true, uncounted: one });
    const f = a.findings[0];
    expect(tr('zh', f?.title ?? '')).toBe(`疑似：${tr('zh', one[0]?.title ?? '')}；同时内核在 nftables 中丢弃了 14 个包（NETFILTER_DROP，位于 nft_do_chain），没有计数器能解释`);
    expect(zh(f?.explanation ?? '', '14', 'nft_do_chain')).toContain('给它加上 counter 即可证实');
  });

  it('two suspects: the explanation says it is one of them', () => {
    expect(uncounted.length).toBe(2);
    const a = attributeDrops(unexplained, tally, { family: 4, protocol: 'tcp', qdiscOnPathQuiet: true, uncounted });
    for (const f of a.findings) expect(zh(f.explanation, '14', 'nft_do_chain')).toContain('就在这 2 条之中');
  });
});

describe('rx_dropped that is not loss (trace-unhandled-proto-mtu-6.18.txt and the real veth link readings), in Chinese', () => {
  const TARGET: ResolvedTarget = {
    spec: { kind: 'netns', name: 'pd14y' },
    label: 'netns pd14y',
    access: { via: 'netns', name: 'pd14y' },
    addresses: ['10.94.1.2'],
    listeningPorts: [],
    interfaces: ['y0'],
    hostSide: { interfaces: ['x0'] },
    notes: [],
  };
  const read = (name: string) => readWith(linkProbe, ctxOf(TARGET, 'target'), { ip: fixture(`fixtures/ip/${name}.json`) });
  const rxDropped = checkLink(checkInputOf(TARGET, 'target', read('veth-mtu-mismatch-receiver-j-s-s-link'), read('veth-unknown-proto-j-s-s-link'))).findings;
  const [f] = benignRxDrops(tallyOf('trace-unhandled-proto-mtu-6.18.txt', 500), rxDropped);

  it('title, explanation and action keep the device, the counts, UNHANDLED_PROTO and where the kernel freed the frames', () => {
    expect(f?.id).toBe('link.rx-dropped-benign');
    expect(tr('zh', f?.title ?? '')).toBe('y0 的 rx_dropped 上涨了，但全是本机没有协议处理的帧：不是丢包');
    expect(zh(f?.explanation ?? '', 'UNHANDLED_PROTO', '10 个帧', '__netif_receive_skb_core.constprop.0 10', 'CPU_BACKLOG', 'LLDP')).toContain('不少于设备计数器上涨的 10 个');
    expect(tr('zh', f?.action ?? '')).toBe(
      'tcpdump -e -c 20 -i y0 not ip and not ip6 and not arp（看是哪种协议）；在交换机上停止向这个端口发送它，或者在监控中忽略 y0 的 rx_dropped',
    );
  });
});

describe('tracing sessions that cannot start, tracefs errors, and other tracers, in Chinese', () => {
  it('no tracefs, no kfree_skb event, no instances/, mkdir refused: each reason in Chinese with its path', async () => {
    const unmounted = new MemoryTraceFs({ files: {} });
    unmounted.dirs.clear();
    const none = await startDropTrace(unmounted);
    expect(!none.ok && tr('zh', none.reason)).toBe('/memory/tracing 上没有挂载 tracefs（mount -t tracefs nodev /sys/kernel/tracing）');
    const noEvent = await startDropTrace(new MemoryTraceFs({ files: { tracing_on: '1', 'events/sched/sched_switch/format': 'x' } }));
    expect(!noEvent.ok && tr('zh', noEvent.reason)).toBe('此内核没有 skb:kfree_skb 事件');
    const old = tracefs([]);
    old.dirs.delete('instances');
    const noInstances = await startDropTrace(old);
    expect(!noInstances.ok && tr('zh', noInstances.reason)).toBe('此 tracefs 没有 instances/ 目录（内核太旧，不支持私有跟踪实例）');
    const badFormat = await startDropTrace(tracefs([], { 'events/skb/kfree_skb/format': '' }));
    expect(!badFormat.ok && tr('zh', badFormat.reason)).toBe('无法解析 kfree_skb 的 format：kfree_skb 的 format 文件为空');
    const refused = await startDropTrace(tracefs([], {}, { failures: { 'mkdir *': { ok: false, reason: 'mkdir x: permission denied', code: 'EACCES' } } }));
    expect(!refused.ok && tr('zh', refused.reason)).toBe('不是 root：无法创建跟踪实例（mkdir x: permission denied）');
  });

  it('a real tracefs path that does not exist: the syscall, the path and the reason', async () => {
    // A directory of the checkout that does not exist: mkdir below it fails, nothing is created.
    const fs = new NodeTraceFs(fileURLToPath(new URL('../../test/fixtures/tracefs/not-a-tracefs', import.meta.url)));
    const r = await fs.mkdir('instances/x');
    expect(!r.ok && r.code).toBe('ENOENT');
    expect(!r.ok && tr('zh', r.reason)).toBe('mkdir instances/x：文件不存在');
  });

  it('another tracer enabled globally: said in Chinese, its settings kept as data', async () => {
    const cap = await traceCapability(tracefs([], { 'events/skb/kfree_skb/enable': '1', current_tracer: 'function_graph', set_event: 'skb:kfree_skb\nnet:netif_rx\n' }));
    expect(cap.otherTracers.map((o) => tr('zh', o))).toEqual([
      'skb:kfree_skb 已在全局启用（enable=1）',
      '全局已启用的事件：skb:kfree_skb net:netif_rx',
      '全局 tracer function_graph 正在运行',
    ]);
  });

  it('the kfree_skb format file\'s parse reasons', () => {
    const other = parseKfreeSkbFormat('name: consume_skb\nID: 1\nformat:\n');
    expect(!other.ok && tr('zh', other.reason)).toBe('这是事件 consume_skb 的 format 文件，不是 kfree_skb 的');
    const cut = parseKfreeSkbFormat(FORMAT.split('print fmt:')[0] ?? '');
    expect(!cut.ok && tr('zh', cut.reason)).toBe('没有 "print fmt:" 行：format 文件被截断了');
  });
});
