import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConntrackS, parseConntrackStatProc, parseConntrackSysctl } from './parse-conntrack.js';
import { binaryGarbage, findBadNumber, mutations } from '../../../test/support/parse-mutations.js';

// Fixtures: test/fixtures/{proc,conntrack,sysctl}/ recorded on this VM (2 CPUs, conntrack-tools 1.4.7, see
// *.source.txt); seed/sysctl-conntrack.txt are the seed case's two sysctl lines; jc corpus (MIT) centos-7.7 and
// ubuntu-18.04 sysctl -a.
const fixture = (p: string): string => readFileSync(new URL(`../../../test/fixtures/${p}`, import.meta.url), 'utf8');
const corpus = (p: string): string => readFileSync(new URL(`../../../test/fixtures/jc/${p}`, import.meta.url), 'utf8');

const STAT_NAMES = 'clashres found new invalid ignore delete chainlength insert insert_failed drop early_drop icmp_error expect_new expect_create expect_delete search_restart';

describe('parseConntrackStatProc', () => {
  it('reads the recorded host file whole: entries from the first row, the rest summed', () => {
    expect(parseConntrackStatProc(fixture('proc/host-stat-nf-conntrack.txt'))).toEqual({
      ok: true,
      data: { count: 7, stats: Object.fromEntries(STAT_NAMES.split(' ').map((n) => [n, 0])) },
    });
  });

  it('sums hex per-CPU values and does not sum entries (synthetic rows on the real header)', () => {
    const header = fixture('proc/host-stat-nf-conntrack.txt').split('\n')[0] ?? '';
    const row = (entries: string, drop: string): string =>
      `${entries}  ${STAT_NAMES.split(' ').map((n) => (n === 'drop' ? drop : n === 'early_drop' ? '0000000a' : '00000000')).join(' ')}`;
    const r = parseConntrackStatProc([header, row('0000fffe', '00000010'), row('0000fffe', '000000ff')].join('\n'));
    expect(r.ok && r.data).toMatchObject({ count: 0xfffe, stats: { drop: 0x10 + 0xff, early_drop: 20 } });
  });

  it.each([
    ['empty', ''],
    ['another command (conntrack -S)', fixture('conntrack/host-conntrack-S.txt')],
    ['another command (/proc/net/dev)', fixture('proc/host-net-dev.txt')],
    ['binary garbage', binaryGarbage()],
    ['truncated inside the first CPU row', fixture('proc/host-stat-nf-conntrack.txt').slice(0, 200)],
  ])('is unparsable: %s', (_name, text) => {
    expect(parseConntrackStatProc(text).ok).toBe(false);
  });

  it('survives mutations: never throws, never NaN', () => {
    for (const m of mutations(fixture('proc/host-stat-nf-conntrack.txt'))) {
      const r = parseConntrackStatProc(m.text);
      if (r.ok) expect(findBadNumber(r.data), m.name).toBeUndefined();
    }
  });
});

describe('parseConntrackS', () => {
  it('reads the recorded `conntrack -S` whole, summed over CPUs', () => {
    const names = 'found invalid insert insert_failed drop early_drop error search_restart clash_resolve chaintoolong';
    expect(parseConntrackS(fixture('conntrack/host-conntrack-S.txt'))).toEqual({
      ok: true,
      data: { stats: Object.fromEntries(names.split(' ').map((n) => [n, 0])) },
    });
  });

  it('adds the CPUs up (synthetic: the recorded lines with drop counts)', () => {
    const text = fixture('conntrack/host-conntrack-S.txt').replace('drop=0 early', 'drop=3 early').replace(/(cpu=1.*?)drop=0 early/, '$1drop=4 early');
    expect(parseConntrackS(text)).toMatchObject({ ok: true, data: { stats: { drop: 7, early_drop: 0 } } });
  });

  it.each([
    ['empty', ''],
    ['another command (/proc/net/stat/nf_conntrack)', fixture('proc/host-stat-nf-conntrack.txt')],
    ['another command (sysctl)', fixture('seed/sysctl-conntrack.txt')],
    ['binary garbage', binaryGarbage()],
    ['truncated inside the first line', fixture('conntrack/host-conntrack-S.txt').slice(0, 5)],
  ])('is unparsable: %s', (_name, text) => {
    expect(parseConntrackS(text).ok).toBe(false);
  });

  it('survives mutations: never throws, never NaN', () => {
    for (const m of mutations(fixture('conntrack/host-conntrack-S.txt'))) {
      const r = parseConntrackS(m.text);
      if (r.ok) expect(findBadNumber(r.data), m.name).toBeUndefined();
    }
  });
});

describe('parseConntrackSysctl', () => {
  it('reads the seed case lines', () => {
    expect(parseConntrackSysctl(fixture('seed/sysctl-conntrack.txt'))).toEqual({ ok: true, data: { count: 14, max: 65536 } });
  });

  it.each([
    ['host', 'sysctl/host-conntrack.txt', { count: 7, max: 262144 }],
    ['netns (its own count, the global max)', 'sysctl/netns-conntrack.txt', { count: 0, max: 262144 }],
  ])('reads the recorded %s lines', (_n, file, expected) => {
    expect(parseConntrackSysctl(fixture(file))).toEqual({ ok: true, data: expected });
  });

  it.each([
    ['recorded sysctl -a | grep nf_conntrack', () => fixture('sysctl/host-a-nf-conntrack.txt'), { count: 7, max: 262144 }],
    ['jc corpus centos-7.7 sysctl -a', () => corpus('centos-7.7/sysctl-a.out'), { count: 2, max: 65536 }],
  ])('finds the two lines in %s', (_n, text, expected) => {
    expect(parseConntrackSysctl(text())).toEqual({ ok: true, data: expected });
  });

  it('is unparsable on a sysctl -a without conntrack (jc corpus ubuntu-18.04: module not loaded)', () => {
    expect(parseConntrackSysctl(corpus('ubuntu-18.04/sysctl-a.out')).ok).toBe(false);
  });

  it.each([
    ['empty', ''],
    ['another command (conntrack -S)', fixture('conntrack/host-conntrack-S.txt')],
    ['bare numbers (sysctl -n)', '14\n65536\n'],
    ['binary garbage', binaryGarbage()],
    ['truncated inside the first line', fixture('seed/sysctl-conntrack.txt').slice(0, 30)],
  ])('is unparsable: %s', (_name, text) => {
    expect(parseConntrackSysctl(text).ok).toBe(false);
  });

  it('survives mutations: never throws, never NaN', () => {
    for (const m of mutations(fixture('sysctl/host-a-nf-conntrack.txt'))) {
      const r = parseConntrackSysctl(m.text);
      if (r.ok) expect(findBadNumber(r.data), m.name).toBeUndefined();
    }
  });
});
