/**
 * Softnet in Simplified Chinese: the real backlog overflow of test/fixtures/softnet (one datagram fanned out
 * 1280 times by tc mirred: CPU 0 dropped 0 -> 279, netdev_max_backlog 1000; see their .source.txt) and its
 * documented edits as layer.test.ts makes them, rendered with `tr('zh', …)`. The Chinese must be Chinese and
 * keep the data: CPU numbers, counts, sysctl keys and values, commands. The English is pinned by layer.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { tr } from '../../i18n/index.js';
import { checkSoftnet, planSoftnetFix, softnetLayer, softnetProbe, zeroSoftnetData } from './layer.js';
import { CONTAINER_TARGET, HOST_TARGET, checkInputOf, ctxOf, failedResult, fixture, readWith } from '../../../test/fakes/scenario.js';
import { zh } from '../../../test/support/zh.js';


const before = fixture('fixtures/softnet/host-softnet-stat-before.txt');
const after = fixture('fixtures/softnet/host-softnet-stat-after.txt');
const knobs = fixture('fixtures/softnet/host-grep-netdev-knobs.txt');

describe('softnet in Chinese', () => {
  it('CPU 0 dropped 279 on the host target: the title, the explanation with the knob, the action and the fix title keep the numbers', () => {
    const read = (stat: string) => readWith(softnetProbe, ctxOf(HOST_TARGET, 'target'), { stat, knobs });
    const f = checkSoftnet(checkInputOf(HOST_TARGET, 'target', read(before), read(after))).findings[0];
    expect(f?.id).toBe('softnet.backlog-drops');
    expect(tr('zh', f?.title ?? '')).toBe('每 CPU 输入积压队列溢出：CPU 0 在测量窗口内丢弃了 279 个包');
    zh(f?.explanation ?? '', 'netif_rx', 'net.core.netdev_max_backlog = 1000', 'tc mirred', 'rx_dropped', 'tx_dropped');
    expect(tr('zh', f?.action ?? '')).toBe(
      '`sysctl -w net.core.netdev_max_backlog=2000`（全主机范围）；然后分散负载：`cat /proc/interrupts`；`grep . /sys/class/net/*/queues/rx-*/rps_cpus`',
    );
    expect(tr('zh', planSoftnetFix(f!)?.title ?? '')).toBe('把 net.core.netdev_max_backlog 从 1000 调高到 2000（全主机范围）');
  });

  it('on the host side of a container: the title says it is the host\'s; inside the container: the note says where it is judged', () => {
    const hostSide = ctxOf(CONTAINER_TARGET, 'host');
    const read = (stat: string) => readWith(softnetProbe, hostSide, { stat, knobs });
    const f = checkSoftnet(checkInputOf(CONTAINER_TARGET, 'host', read(before), read(after))).findings[0];
    expect(tr('zh', f?.title ?? '')).toBe('每 CPU 输入积压队列溢出：CPU 0 在测量窗口内丢弃了 279 个包（全主机范围：这是宿主机的问题，不是目标的）');
    const elsewhere = readWith(softnetProbe, ctxOf(CONTAINER_TARGET, 'target'), {});
    zh(checkSoftnet(checkInputOf(CONTAINER_TARGET, 'target', elsewhere, elsewhere)).notes[0] ?? '', 'softnet_stat');
  });

  it('time_squeeze +4 on CPU 1 (documented edit): the warning; a quiet window: the notes with the CPU count and the history', () => {
    const read = (stat: string) => readWith(softnetProbe, ctxOf(HOST_TARGET, 'target'), { stat, knobs });
    const squeezed = after.split('\n').map((l, i) => (i === 1 ? l.replace(/^(\S+ \S+ )00000000/, '$100000004') : l)).join('\n');
    const w = checkSoftnet(checkInputOf(HOST_TARGET, 'target', read(after), read(squeezed))).findings[0];
    expect(tr('zh', w?.title ?? '')).toBe('接收软中断在测量窗口内有 4 次用完了预算');
    zh(w?.explanation ?? '', 'net_rx_action', 'net.core.netdev_budget', 'net.core.netdev_budget_usecs');
    zh(w?.action ?? '', 'sysctl net.core.netdev_budget net.core.netdev_budget_usecs', '/proc/net/softnet_stat', '600');
    expect(checkSoftnet(checkInputOf(HOST_TARGET, 'target', read(after), read(after))).notes.map((n) => tr('zh', n))).toEqual([
      '2 个 CPU 在测量窗口内既没有积压队列丢包，也没有预算耗尽',
      '自开机以来：CPU 0 丢弃了 279 个（历史数据）',
    ]);
    const d = read(after);
    const once = checkSoftnet({ ...checkInputOf(HOST_TARGET, 'target', zeroSoftnetData(d), d), window: 'since-boot' }).findings[0];
    expect(tr('zh', once?.title ?? '')).toBe('每 CPU 输入积压队列溢出：CPU 0 自开机以来丢弃了 279 个包');
  });

  it('an unreadable softnet_stat (a skip reason) and the step title', () => {
    const p = softnetProbe.parse(new Map([['stat', failedResult('cat: /proc/net/softnet_stat: Permission denied', 1, ['cat'])]]), ctxOf(HOST_TARGET, 'target'));
    expect(p.ok).toBe(false);
    if (!p.ok) zh(p.reason, '/proc/net/softnet_stat', 'cat exited with 1');
    expect(tr('zh', softnetLayer.title)).toBe('Softnet：每 CPU 输入积压队列与接收预算（全主机范围）');
  });
});
