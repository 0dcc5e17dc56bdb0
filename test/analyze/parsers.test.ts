/**
 * The two parsers analyze adds, on real output:
 * - ss -ltn: recorded on this Debian 12 VM (kernel 6.18.44, iproute2-6.1.0), see
 *   test/fixtures/analyze/ss-ltn.source.txt (host, and a throwaway netns with an overflowing listener).
 * - kernel log lines: published lines from GitHub issues, see test/fixtures/analyze/kernel-log.source.txt
 *   (canonical/hotsos#101, wballard/starphleet#352, cuberite/cuberite#4596, coolsnowwolf/lede#5072).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseKernelLog } from '../../src/analyze/parse-kernel-log.js';
import { parseSsListen } from '../../src/targets/parse-ss-ltn.js';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/analyze/${name}`, import.meta.url), 'utf8');

describe('parseSsListen', () => {
  it('reads the host listing (recorded here)', () => {
    const p = parseSsListen(fixture('ss-ltn-host.txt'));
    expect(p).toEqual({ ok: true, data: [{ local: '0.0.0.0:2024', port: 2024, recvQ: 0, sendQ: 128 }] });
  });
  it('reads an accept queue over its backlog, IPv4 and a wildcard IPv6 listener (recorded in a netns)', () => {
    const p = parseSsListen(fixture('ss-ltn-netns-overflow.txt'));
    expect(p).toEqual({
      ok: true,
      data: [
        { local: '127.0.0.1:8080', port: 8080, recvQ: 3, sendQ: 2 },
        { local: '*:9090', port: 9090, recvQ: 0, sendQ: 128 },
      ],
    });
  });
  it('refuses empty input, garbage and a header without rows (synthetic)', () => {
    expect(parseSsListen('').ok).toBe(false);
    expect(parseSsListen('\u0000\u0001 garbage\n').ok).toBe(false);
    expect(parseSsListen('State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n')).toEqual({ ok: false, reason: 'ss header found but no LISTEN row' });
  });
  it('skips a truncated row (synthetic cut of the recorded listing)', () => {
    const cut = fixture('ss-ltn-netns-overflow.txt').split('\n').slice(0, 2).join('\n').replace(/0\.0\.0\.0:\*\s*$/, '');
    expect(parseSsListen(cut).ok).toBe(false);
  });
});

describe('parseKernelLog', () => {
  it('reads the doubled nf_conntrack prefix (hotsos#101)', () => {
    const p = parseKernelLog(fixture('kernel-log-conntrack-full-hotsos.txt'));
    expect(p.ok && p.data.messages.map((m) => [m.kind, m.uptimeS, m.lineNumber])).toEqual([['conntrack-table-full', 1694413.644132, 1]]);
  });
  it('joins messages wrapped over two lines and keeps the cut first line (starphleet#352)', () => {
    const p = parseKernelLog(fixture('kernel-log-conntrack-full-starphleet.txt'));
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    expect(p.data.messages).toHaveLength(5);
    expect(p.data.messages.map((m) => m.lineNumber)).toEqual([1, 2, 4, 6, 8]);
    expect(p.data.messages[1]?.line).toBe('Feb 23 16:44:36 jobs kernel: [38775494.393661] nf_conntrack: table full, dropping packet');
  });
  it('reads SYN flooding per port (cuberite#4596, lede#5072)', () => {
    const p = parseKernelLog(fixture('kernel-log-syn-flooding-cuberite.txt'));
    expect(p.ok && p.data.messages.map((m) => m.port)).toEqual([8080, 25565, 25565, 25565, 25565, 25565, 25565, 25565, 25565]);
    expect(p.ok && p.data.messages.every((m) => m.action === 'cookies')).toBe(true);
    const q = parseKernelLog(fixture('kernel-log-syn-flooding-lede.txt'));
    expect(q.ok && q.data.messages[0]).toMatchObject({ kind: 'syn-flooding', port: 5000, uptimeS: 31617.809376 });
  });
  it('refuses logs without a known drop message (synthetic)', () => {
    expect(parseKernelLog('').ok).toBe(false);
    expect(parseKernelLog('[    0.000000] Linux version 6.1.0\n').ok).toBe(false);
  });
});
