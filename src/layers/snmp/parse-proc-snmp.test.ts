import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseProcSnmp } from './parse-proc-snmp.js';
import { binaryGarbage, findBadNumber, mutations } from '../../../test/support/parse-mutations.js';

// Fixtures: test/fixtures/proc/*-net-snmp.txt and *-net-netstat.txt recorded on this VM, host and a fresh netns
// (see *.source.txt); jc corpus (MIT) linux-proc/net_netstat with jc's parse (one object per section).
const fixture = (p: string): string => readFileSync(new URL(`../../../test/fixtures/${p}`, import.meta.url), 'utf8');
const corpus = (p: string): string => readFileSync(new URL(`../../../test/fixtures/jc/${p}`, import.meta.url), 'utf8');

describe('parseProcSnmp', () => {
  it('reads the recorded netns /proc/net/snmp whole, TcpMaxConn -1 kept signed', () => {
    const r = parseProcSnmp(fixture('proc/netns-net-snmp.txt'));
    if (!r.ok) throw new Error(r.reason);
    const zeros = (prefix: string, names: string): Record<string, number> =>
      Object.fromEntries(names.split(' ').map((n) => [`${prefix}${n}`, 0]));
    expect(r.data).toEqual({
      IpForwarding: 1, IpDefaultTTL: 64, IpInReceives: 8, IpInHdrErrors: 0, IpInAddrErrors: 0, IpForwDatagrams: 0,
      IpInUnknownProtos: 0, IpInDiscards: 0, IpInDelivers: 6, IpOutRequests: 6, IpOutDiscards: 0, IpOutNoRoutes: 0,
      IpReasmTimeout: 0, IpReasmReqds: 0, IpReasmOKs: 0, IpReasmFails: 0, IpFragOKs: 0, IpFragFails: 0, IpFragCreates: 0,
      IpOutTransmits: 6,
      ...zeros('Icmp', 'InMsgs InErrors InCsumErrors InDestUnreachs InTimeExcds InParmProbs InSrcQuenchs InRedirects InEchos InEchoReps InTimestamps InTimestampReps InAddrMasks InAddrMaskReps OutMsgs OutErrors OutRateLimitGlobal OutRateLimitHost OutDestUnreachs OutTimeExcds OutParmProbs OutSrcQuenchs OutRedirects OutEchos OutEchoReps OutTimestamps OutTimestampReps OutAddrMasks OutAddrMaskReps'),
      TcpRtoAlgorithm: 1, TcpRtoMin: 200, TcpRtoMax: 120000, TcpMaxConn: -1, TcpActiveOpens: 3, TcpPassiveOpens: 0,
      TcpAttemptFails: 3, TcpEstabResets: 0, TcpCurrEstab: 0, TcpInSegs: 6, TcpOutSegs: 6, TcpRetransSegs: 0, TcpInErrs: 0,
      TcpOutRsts: 3, TcpInCsumErrors: 0,
      ...zeros('Udp', 'InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors InCsumErrors IgnoredMulti MemErrors'),
      ...zeros('UdpLite', 'InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors InCsumErrors IgnoredMulti MemErrors'),
    });
  });

  it('names the IcmpMsg pair (host, recorded)', () => {
    const r = parseProcSnmp(fixture('proc/host-net-snmp.txt'));
    expect(r.ok && r.data['IcmpMsgInType3']).toBe(1);
  });

  it('agrees with jc on every field of the corpus /proc/net/netstat', () => {
    const jc: Record<string, number | string>[] = JSON.parse(corpus('linux-proc/net_netstat.json'));
    const r = parseProcSnmp(corpus('linux-proc/net_netstat'));
    if (!r.ok) throw new Error(r.reason);
    const expected: Record<string, number> = {};
    for (const section of jc) {
      for (const [k, v] of Object.entries(section)) if (k !== 'type' && typeof v === 'number') expected[`${String(section['type'])}${k}`] = v;
    }
    expect(r.data).toEqual(expected);
    expect(Object.keys(r.data)).toHaveLength(122 - 1 + 19 - 1 + 14 - 1);
  });

  it('reads snmp and netstat concatenated (host, recorded): TcpExt and IpExt names', () => {
    const r = parseProcSnmp(fixture('proc/host-net-snmp.txt') + fixture('proc/host-net-netstat.txt'));
    if (!r.ok) throw new Error(r.reason);
    expect(r.data).toMatchObject({ TcpAttemptFails: 5, TcpExtEmbryonicRsts: 5, TcpExtListenDrops: 0, IpExtInOctets: 223521585, TcpExtTCPTimeouts: 2 });
  });

  it('skips a pair whose value line lost columns (real file, truncated in the Tcp values)', () => {
    const text = fixture('proc/netns-net-snmp.txt');
    const r = parseProcSnmp(text.slice(0, text.indexOf('Tcp: 1 200') + 14));
    if (!r.ok) throw new Error(r.reason);
    expect(r.data['IpInReceives']).toBe(8);
    expect(Object.keys(r.data).some((k) => k.startsWith('Tcp'))).toBe(false);
  });

  it.each([
    ['empty', ''],
    ['another command (/proc/net/dev)', fixture('proc/host-net-dev.txt')],
    ['another command (netstat -s)', fixture('netstat/host-netstat-s.txt')],
    ['another command (nstat -az)', fixture('nstat/host-nstat-az.txt')],
    ['binary garbage', binaryGarbage()],
    ['truncated in the first header line', fixture('proc/netns-net-snmp.txt').slice(0, 100)],
  ])('is unparsable: %s', (_name, text) => {
    expect(parseProcSnmp(text).ok).toBe(false);
  });

  it('survives mutations: never throws, never NaN', () => {
    for (const file of ['proc/host-net-snmp.txt', 'proc/host-net-netstat.txt']) {
      for (const m of mutations(fixture(file))) {
        const r = parseProcSnmp(m.text);
        if (r.ok) expect(findBadNumber(r.data), `${file}: ${m.name}`).toBeUndefined();
      }
    }
  });
});
