/**
 * The neighbour tables in Simplified Chinese: the real arp_cache/ndisc_cache and gc_thresh readings of
 * test/fixtures/neigh (with layer.test.ts's documented edit: table_fulls raised) and the recorded `ip -s neigh`
 * of test/fixtures/ip/netns-s-neigh-show-incomplete.txt (see their .source.txt), rendered with `tr('zh', …)`.
 * The Chinese must be Chinese and keep the data: table names, counts, thresholds, addresses, commands. The
 * English is pinned by layer.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { tr } from '../../i18n/index.js';
import { checkNeigh, checkNeighEntries, neighLayer, neighProbe } from './layer.js';
import { parseIpNeigh } from './parse-ip-neigh.js';
import { CONTAINER_TARGET, HOST_TARGET, checkInputOf, ctxOf, fixture, readWith } from '../../../test/fakes/scenario.js';
import { zh } from '../../../test/support/zh.js';


const arp = fixture('fixtures/neigh/host-stat-arp-cache.txt');
const ndisc = fixture('fixtures/neigh/host-stat-ndisc-cache.txt');
const thresh = fixture('fixtures/neigh/host-grep-gc-thresh.txt');
/** Documented edit (as layer.test.ts): set column `name` of CPU row `row` (0-based) to the hex `value`. */
function setCell(text: string, row: number, name: string, value: string): string {
  const lines = text.split('\n');
  const header = (lines[0] ?? '').trim().split(/\s+/);
  const cells = (lines[row + 1] ?? '').trim().split(/\s+/);
  cells[header.indexOf(name)] = value;
  lines[row + 1] = cells.join(' ');
  return lines.join('\n');
}

describe('the neighbour tables in Chinese', () => {
  const hostCtx = ctxOf(HOST_TARGET, 'target');
  const read = (a: string) => readWith(neighProbe, hostCtx, { arp: a, ndisc, thresh });
  const before = read(arp);
  const after = read(setCell(arp, 0, 'table_fulls', '00000005'));

  it('table_fulls +5: neigh.table-overflow keeps the count, the table, the thresholds and the fix\'s figures', () => {
    const { findings, notes } = checkNeigh(checkInputOf(HOST_TARGET, 'target', before, after));
    const f = findings[0];
    expect(f?.id).toBe('neigh.table-overflow');
    expect(tr('zh', f?.title ?? '')).toBe('ARP 表在测量窗口内满了 5 次：无法创建新的邻居表项');
    zh(f?.explanation ?? '', 'arp_cache', 'gc_thresh3', 'NEIGH_CREATEFAIL', 'neighbor table overflow');
    expect(tr('zh', f?.action ?? '')).toBe(
      '`ip -s ntable show name arp_cache`（对比表项数与 thresh3）；`ip -4 neigh show | wc -l`；在宿主机上调高阈值：`sysctl -w net.ipv4.neigh.default.gc_thresh3=<更大的值>`',
    );
    expect(tr('zh', neighLayer.planFix?.(f!, hostCtx)?.title ?? '')).toBe('调高宿主机 ARP 表的上限（gc_thresh3 1024 → 8192，gc_thresh2 512 → 4096，gc_thresh1 128 → 1024）');
    // IPv6's gc_thresh3 is not among the recorded knobs: its note has no threshold.
    expect(notes.map((n) => tr('zh', n))).toEqual(['arp_cache：23 个表项（gc_thresh3 为 1024）', 'ndisc_cache：72 个表项']);
  });

  it('ip -s neigh with FAILED and INCOMPLETE entries: the notes keep every address, state and probe count', () => {
    const p = parseIpNeigh(fixture('fixtures/ip/netns-s-neigh-show-incomplete.txt'));
    if (!p.ok) throw new Error(p.reason);
    const { notes } = checkNeighEntries(checkInputOf(HOST_TARGET, 'target', before, before), p.data, []);
    expect(tr('zh', notes[0] ?? '')).toBe('arp_cache：ip neigh 列出 5 个 IPv4 邻居，其中 4 个计入 gc_thresh3（1024）；只包括 ip 所在的命名空间');
    zh(
      notes[1] ?? '',
      '3 个邻居未解析',
      '10.200.14.79 dev nv14a INCOMPLETE（4 次探测无应答）；10.200.14.77 dev nv14a FAILED（6 次探测无应答）；10.200.14.78 dev nv14a FAILED（6 次探测无应答）',
      'No route to host',
      'ip route get ADDRESS',
      'unresolved_discards',
    );
  });

  it('inside a container: the note says the tables are judged on the host side; the step title', () => {
    const inside = readWith(neighProbe, ctxOf(CONTAINER_TARGET, 'target'), {});
    expect(tr('zh', checkNeigh(checkInputOf(CONTAINER_TARGET, 'target', inside, inside)).notes[0] ?? '')).toBe('邻居表是全主机范围的：在宿主机一侧读取');
    expect(tr('zh', neighLayer.title)).toBe('邻居表（ARP/NDISC）：全主机范围的上限');
  });
});
