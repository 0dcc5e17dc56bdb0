/**
 * The qdisc layer in Simplified Chinese: real findings of the qdisc checks on recorded `tc -s qdisc show`
 * and `tc -s class show` outputs (test/fixtures/tc: the published systemd netem, the seed's tbf recorded
 * here, the htb whose default class is 8kbit recorded here; see the .source.txt files), rendered with
 * `tr('zh', …)`. The Chinese must be Chinese and keep the data: devices, handles, class ids, rates, counts,
 * commands. The English is pinned by layer.test.ts and latent.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { tr } from '../../i18n/index.js';
import { checkQdisc, planQdiscFix, qdiscLayer, qdiscProbe } from './layer.js';
import { HOST_TARGET, checkInputOf, ctxOf, failedResult, fixture, readWith } from '../../../test/fakes/scenario.js';
import { zh } from '../../../test/support/zh.js';


const ctx = ctxOf(HOST_TARGET, 'target');
const read = (results: Parameters<typeof readWith>[2]) => readWith(qdiscProbe, ctx, results);

describe('the qdisc layer in Chinese', () => {
  it('the htb default class 1:10 at 8Kbit that carried 15 packets: the warning keeps the class, the rates, the counts and the tc class change', () => {
    const before = read({ tc: fixture('fixtures/tc/netns-htb-8kbit-s-qdisc-show.txt'), 'class:pdh1r-n': fixture('fixtures/tc/netns-htb-8kbit-s-class-show.txt') });
    const after = read({ tc: fixture('fixtures/tc/netns-htb-8kbit-s-qdisc-show-2.txt'), 'class:pdh1r-n': fixture('fixtures/tc/netns-htb-8kbit-s-class-show-2.txt') });
    const f = checkQdisc(checkInputOf(HOST_TARGET, 'target', before, after)).findings[0];
    expect(f?.id).toBe('qdisc.latent-limiter');
    expect(tr('zh', f?.title ?? '')).toBe('pdh1r-n 上的 htb 类 1:10 配置值远低于这条路径的流量（rate 8Kbit，ceil 8Kbit）');
    expect(tr('zh', f?.explanation ?? '')).toBe(
      '类 1:10 是 htb 1: 接收所有未被过滤器分类的包的默认类（default 1:10），并且在测量窗口内承载了流量（Sent 23 → 38 pkt）；' +
        '它的 ceil 最多只放行 8Kbit（每秒 1000 字节：大约每秒 0.6 个满长帧），即使链路空闲也是如此。' +
        '它在测量窗口内没有丢包，但只要流量稍大一点就会丢（可能是上游的另一个故障先把流量丢了，也可能是探测流量太小，填不满它）。',
    );
    zh(f?.action ?? '', 'tc class change dev pdh1r-n parent 1:1 classid 1:10 htb rate 8kbit ceil 100mbit', 'tc qdisc del dev pdh1r-n root');
  });

  it('an htb whose classes could not be read: the note (never a pass) keeps the command and the reason', () => {
    const failed = read({ tc: fixture('fixtures/tc/netns-htb-8kbit-s-qdisc-show.txt'), 'class:pdh1r-n': failedResult('Cannot find device "pdh1r-n"', 1, ['tc']) });
    const notes = checkQdisc(checkInputOf(HOST_TARGET, 'target', failed, failed)).notes.map((n) => tr('zh', n));
    expect(notes).toEqual([
      'qdisc htb 1: dev pdh1r-n root：无法读取它的类（tc -s class show dev pdh1r-n：tc exited with 1: Cannot find device "pdh1r-n"），因此没有检查这些类的速率',
      '读取了 2 个队列规则',
    ]);
  });

  it('the seed\'s tbf (rate 1Kbit burst 300b limit 100b): the latent-limiter warning joins its three reasons in Chinese', () => {
    const q = read({ tc: fixture('fixtures/tc/netns-tbf-s-qdisc-show.txt') });
    const f = checkQdisc(checkInputOf(HOST_TARGET, 'target', q, q)).findings[0];
    expect(tr('zh', f?.title ?? '')).toBe('pdpb-n 上的 tbf 配置值远低于这条路径的流量（rate 1Kbit, burst 300b, limit 100b）');
    expect(zh(f?.explanation ?? '', '1Kbit', '125', '300b', '1514', '100b')).toMatch(/^tbf 只放行 1Kbit（每秒 125 字节：大约每秒 0 个满长帧）；它的 burst（300b）比一个满长帧（1514 字节）还小：这样的帧永远发不出去；它的队列上限（100b）连一个满长帧都放不下。/);
  });

  it('a netem qdisc (published systemd output): title, explanation and the fix title', () => {
    const q = read({ tc: fixture('fixtures/tc/netem-systemd-delay-jitter-loss.txt') });
    const f = checkQdisc(checkInputOf(HOST_TARGET, 'target', q, q)).findings[0];
    expect(f?.id).toBe('qdisc.netem');
    zh(f?.title ?? '', 'veth99', 'loss 20%');
    expect(zh(f?.explanation ?? '', '20%', 'veth99')).toMatch(/。离开 veth99 的数据包有 20% 被它丢弃。$/);
    expect(tr('zh', planQdiscFix(f!)?.title ?? '')).toBe('删除 veth99 上的 netem 队列规则');
    expect(tr('zh', qdiscLayer.title)).toBe('排队：tc 队列规则（qdisc）');
  });
});
