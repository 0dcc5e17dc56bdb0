import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseNstat } from './parse-nstat.js';
import { parseProcSnmp } from './parse-proc-snmp.js';
import { binaryGarbage, findBadNumber, mutations } from '../../../test/support/parse-mutations.js';

// Fixtures: test/fixtures/nstat/*.txt recorded on this VM (iproute2 6.1.0), host and a fresh netns (see *.source.txt).
const fixture = (p: string): string => readFileSync(new URL(`../../../test/fixtures/${p}`, import.meta.url), 'utf8');

describe('parseNstat', () => {
  it('reads the recorded `nstat -a` (non-zero counters only) whole', () => {
    const text = fixture('nstat/host-nstat-a.txt');
    const r = parseNstat(text);
    if (!r.ok) throw new Error(r.reason);
    const rows = text.trim().split('\n').slice(1);
    expect(Object.keys(r.data)).toHaveLength(rows.length);
    for (const row of rows) {
      const [name = '', value = ''] = row.split(/\s+/);
      expect(r.data[name], name).toBe(Number(value));
    }
    expect(r.data).toMatchObject({ IpInReceives: 5717, TcpAttemptFails: 5, TcpExtEmbryonicRsts: 5, TcpExtTCPTimeouts: 2 });
  });

  it('gives the same names and values as /proc/net/snmp + netstat for the v4 MIBs (netns, recorded)', () => {
    const nstat = parseNstat(fixture('nstat/netns-nstat-az.txt'));
    const proc = parseProcSnmp(fixture('proc/netns-net-snmp.txt') + fixture('proc/netns-net-netstat.txt'));
    if (!nstat.ok || !proc.ok) throw new Error('unparsable');
    // nstat -az also lists Ip6*/Icmp6*/Udp6* from /proc/net/snmp6. It leaves out the MIB's configuration values and
    // gauges (measured here, iproute2 6.1): every other /proc/net/snmp+netstat name is in it, under the same name.
    const missing = Object.keys(proc.data).filter((k) => !(k in nstat.data));
    expect(missing).toEqual(['IpForwarding', 'IpDefaultTTL', 'TcpRtoAlgorithm', 'TcpRtoMin', 'TcpRtoMax', 'TcpMaxConn', 'TcpCurrEstab']);
    expect(Object.keys(nstat.data).some((k) => k.startsWith('Ip6'))).toBe(true);
    expect(nstat.data['TcpAttemptFails']).toBe(proc.data['TcpAttemptFails']);
  });

  it.each([
    ['empty', ''],
    ['another command (/proc/net/snmp)', fixture('proc/host-net-snmp.txt')],
    ['another command (netstat -s)', fixture('netstat/host-netstat-s.txt')],
    ['binary garbage', binaryGarbage()],
    ['truncated after the header', '#kernel\nIpInRe'],
  ])('is unparsable: %s', (_name, text) => {
    expect(parseNstat(text).ok).toBe(false);
  });

  it('survives mutations: never throws, never NaN', () => {
    for (const m of mutations(fixture('nstat/host-nstat-a.txt'))) {
      const r = parseNstat(m.text);
      if (r.ok) expect(findBadNumber(r.data), m.name).toBeUndefined();
    }
  });
});
