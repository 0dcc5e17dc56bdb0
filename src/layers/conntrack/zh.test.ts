/**
 * Connection tracking in Simplified Chinese: the real findings, notes, fix title and parse reasons of the
 * conntrack layer, from the recorded /proc/net/stat/nf_conntrack tables of test/fixtures/proc (see their
 * .source.txt) and the documented edits of layer.test.ts, rendered with `tr('zh', …)`. The Chinese must be
 * Chinese and keep the data: counter names, counts, sysctl keys and commands. The English is pinned by
 * layer.test.ts and invalid.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { tr } from '../../i18n/index.js';
import { CONTAINER_TARGET, HOST_TARGET, checkInputOf, ctxOf, failedResult, fixture, readWith } from '../../../test/fakes/scenario.js';
import { checkConntrack, conntrackLayer, conntrackProbe, planConntrackFix, zeroConntrackData, type ConntrackData } from './layer.js';
import { parseConntrackS, parseConntrackStatProc, parseConntrackSysctl } from './parse-conntrack.js';
import { zh } from '../../../test/support/zh.js';


const stat = fixture('fixtures/proc/host-stat-nf-conntrack.txt');
/** Documented edit (as layer.test.ts): set column `name` of CPU row `cpu` (0-based) to `hex`. */
function setStat(text: string, cpu: number, name: string, hex: string): string {
  const lines = text.split('\n');
  const header = lines[0]?.trim().split(/\s+/) ?? [];
  const row = lines[cpu + 1]?.trim().split(/\s+/) ?? [];
  row[header.indexOf(name)] = hex;
  lines[cpu + 1] = row.join(' ');
  return lines.join('\n');
}
const read = (count: string, max: string, s = stat) => readWith<ConntrackData>(conntrackProbe, ctxOf(HOST_TARGET, 'target'), { count, max, stat: s });

describe('conntrack in Chinese', () => {
  it('a nearly full table that dropped (60000 of 65536, drop +3): the finding, its action and the host-wide fix keep the numbers', () => {
    const before = read('60000\n', '65536\n');
    const after = read('60000\n', '65536\n', setStat(stat, 0, 'drop', '00000003'));
    const { findings, notes } = checkConntrack(checkInputOf(CONTAINER_TARGET, 'target', before, after));
    const f = findings[0];
    expect(f?.id).toBe('conntrack.table-full');
    expect(tr('zh', f?.title ?? '')).toBe('conntrack 表已用 92%（已用 60000 条，上限 65536 条）');
    zh(f?.explanation ?? '', 'nf_conntrack: table full, dropping packet', 'dmesg');
    expect(tr('zh', f?.action ?? '')).toBe(
      '在宿主机上执行 sysctl -w net.netfilter.nf_conntrack_max=131072，并找出是谁建立了这么多流（conntrack -L | awk ... | sort | uniq -c）',
    );
    expect(tr('zh', planConntrackFix(f!)?.title ?? '')).toBe('将 nf_conntrack_max 从 65536 调大到 131072（全宿主机生效）');
    expect(notes.map((n) => tr('zh', n))).toEqual(['nf_conntrack_count 为 60000，nf_conntrack_max 为 65536（已用 91.6%）']);
  });

  it('insert_failed rising with room in the table: conntrack.drops, said with its window', () => {
    const before = read('7\n', '262144\n');
    const after = read('7\n', '262144\n', setStat(stat, 1, 'insert_failed', '00000002'));
    const f = checkConntrack(checkInputOf(HOST_TARGET, 'target', before, after)).findings[0];
    expect(f?.id).toBe('conntrack.drops');
    expect(tr('zh', f?.title ?? '')).toBe('连接跟踪在测量窗口内丢弃了数据包');
    zh(f?.explanation ?? '', 'insert_failed', 'SNAT', 'drop/early_drop');
    zh(f?.action ?? '', 'conntrack -S', 'dmesg | grep conntrack', 'single-request-reopen', 'NOTRACK');
  });

  it('INVALID rising in a namespace (10 bare ACKs, recorded): the finding with be_liberal 0, and the host table\'s note', () => {
    const readInvalid = (name: string) =>
      readWith<ConntrackData>(conntrackProbe, ctxOf(CONTAINER_TARGET, 'target'), { count: '0\n', max: '262144\n', stat: fixture(`fixtures/proc/${name}.txt`), liberal: '0\n' });
    const before = readInvalid('netns-stat-nf-conntrack-invalid-before');
    const after = readInvalid('netns-stat-nf-conntrack-invalid');
    const f = checkConntrack(checkInputOf(CONTAINER_TARGET, 'target', before, after)).findings[0];
    expect(tr('zh', f?.title ?? '')).toBe('连接跟踪在测量窗口内将 10 个包标记为 INVALID');
    const explanation = zh(f?.explanation ?? '', '--ctstate INVALID -j DROP', 'kube-proxy', 'connection reset by peer', 'net.netfilter.nf_conntrack_tcp_be_liberal');
    expect(explanation.endsWith('net.netfilter.nf_conntrack_tcp_be_liberal 为 0：窗口外的分段会被标记为 INVALID。')).toBe(true);
    zh(f?.action ?? '', 'iptables-save -c | grep -- "--ctstate INVALID"', 'sysctl -w net.netfilter.nf_conntrack_tcp_be_liberal=1', 'pktdrop');
    const host = checkConntrack(checkInputOf(CONTAINER_TARGET, 'host', before, after)).notes;
    expect(host.map((n) => tr('zh', n))).toContain('宿主机的表：invalid 在测量窗口内增加了 10（全宿主机范围：包含所有容器和宿主机自身的流，不只是目标的）');
    // One pasted snapshot (pktdrop analyze): the window is since boot.
    const once = checkConntrack({ ...checkInputOf(CONTAINER_TARGET, 'target', zeroConntrackData(after), after), window: 'since-boot' }).findings[0];
    expect(tr('zh', once?.title ?? '')).toBe('连接跟踪自开机以来将 10 个包标记为 INVALID');
  });

  it('counters that rose before the window are history, listed with their values', () => {
    const past = setStat(setStat(stat, 0, 'drop', '00000005'), 1, 'insert_failed', '00000002');
    const r = read('7\n', '262144\n', past);
    const { notes } = checkConntrack(checkInputOf(HOST_TARGET, 'target', r, r));
    expect(notes.map((n) => tr('zh', n))).toEqual(['nf_conntrack_count 为 7，nf_conntrack_max 为 262144（已用 0%）', '自开机以来：drop 5，insert_failed 2（历史累计）']);
  });

  it('not loaded, unreadable, size unknown: the notes and the skip reason in Chinese, the tool\'s hint kept', () => {
    const gone = (f: string) => failedResult(`cat: ${f}: No such file or directory\n`, 1, ['cat', f]);
    const unloaded = readWith<ConntrackData>(conntrackProbe, ctxOf(HOST_TARGET, 'target'), {
      count: gone('/proc/sys/net/netfilter/nf_conntrack_count'),
      max: gone('/proc/sys/net/netfilter/nf_conntrack_max'),
      stat: gone('/proc/net/stat/nf_conntrack'),
    });
    expect(checkConntrack(checkInputOf(HOST_TARGET, 'target', unloaded, unloaded)).notes.map((n) => tr('zh', n))).toEqual([
      'nf_conntrack 模块未加载：没有连接跟踪，也就不会有 conntrack 丢包',
    ]);
    const denied = (f: string) => failedResult(`cat: ${f}: Permission denied\n`, 1, ['cat', f]);
    const r = conntrackProbe.parse(new Map([
      ['count', denied('/proc/sys/net/netfilter/nf_conntrack_count')],
      ['max', denied('/proc/sys/net/netfilter/nf_conntrack_max')],
      ['stat', denied('/proc/net/stat/nf_conntrack')],
    ]));
    // The runner's hint is its own message (said in Chinese when its area has the words), inside this one.
    const hint = denied('/proc/sys/net/netfilter/nf_conntrack_count').failure?.hint ?? '';
    expect(hint).toContain('/proc/sys/net/netfilter/nf_conntrack_count: Permission denied');
    expect(!r.ok && tr('zh', r.reason)).toBe(`无法读取 conntrack 状态：${tr('zh', hint)}`);
    const nothing = conntrackProbe.parse(new Map());
    expect(!nothing.ok && tr('zh', nothing.reason)).toBe('无法读取 conntrack 状态：没有输出');
    const sizeless = readWith<ConntrackData>(conntrackProbe, ctxOf(HOST_TARGET, 'target'), { count: denied('c'), max: denied('m'), stat });
    expect(checkConntrack(checkInputOf(HOST_TARGET, 'target', sizeless, sizeless)).notes.map((n) => tr('zh', n))).toEqual([
      'conntrack 表大小未知（无法读取 nf_conntrack_count/max）',
    ]);
  });

  it('the parsers\' reasons for text that is not theirs, and the layer\'s title', () => {
    const s = parseConntrackStatProc('entries  found\n');
    expect(!s.ok && tr('zh', s.reason)).toBe('找到了 nf_conntrack 统计表头，但没有一行完整的每 CPU 数据');
    const header = parseConntrackStatProc(fixture('fixtures/conntrack/host-conntrack-S.txt'));
    expect(!header.ok && tr('zh', header.reason)).toBe('没有 "entries ... " 表头：不是 /proc/net/stat/nf_conntrack');
    const notS = parseConntrackS(stat);
    expect(!notS.ok && tr('zh', notS.reason)).toBe('没有 "cpu=N name=value ..." 行：不是 conntrack -S 的输出');
    const notSysctl = parseConntrackSysctl(stat);
    expect(!notSysctl.ok && tr('zh', notSysctl.reason)).toBe('没有 net.netfilter.nf_conntrack_count/max 行');
    expect(tr('zh', conntrackLayer.title)).toBe('连接跟踪（conntrack）：表大小与丢包');
  });
});
