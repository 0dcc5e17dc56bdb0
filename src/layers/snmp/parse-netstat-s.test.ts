import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseNetstatS, parseNetstatSDetailed } from './parse-netstat-s.js';
import { parseProcSnmp } from './parse-proc-snmp.js';
import { binaryGarbage, findBadNumber, mutations } from '../../../test/support/parse-mutations.js';

// Fixtures: test/fixtures/seed/netstat-s.txt is the seed case's output (lines "Ip:" to "InNoECTPkts: 61" of the
// tutorial, indentation lost in its paste; see seed/netstat-s.source.txt); host/netns-netstat-s.txt recorded on this VM
// (net-tools 2.10) between two identical reads of /proc/net/snmp and /proc/net/netstat (see *.source.txt).
const fixture = (p: string): string => readFileSync(new URL(`../../../test/fixtures/${p}`, import.meta.url), 'utf8');

describe('parseNetstatS', () => {
  it('reads every line of the seed case with the MIB names', () => {
    const r = parseNetstatSDetailed(fixture('seed/netstat-s.txt'));
    if (!r.ok) throw new Error(r.reason);
    expect(r.data.unrecognised).toEqual([]);
    expect(r.data.counters).toEqual({
      IpForwarding: 1, IpInReceives: 61, IpForwDatagrams: 0, IpInDiscards: 0, IpInDelivers: 43, IpOutRequests: 48,
      IcmpInMsgs: 0, IcmpInErrors: 0, IcmpOutMsgs: 0, IcmpOutErrors: 0,
      TcpActiveOpens: 0, TcpPassiveOpens: 2, TcpAttemptFails: 10, TcpEstabResets: 0, TcpCurrEstab: 0, TcpInSegs: 43,
      TcpOutSegs: 64, TcpRetransSegs: 17, TcpInErrs: 0, TcpOutRsts: 0,
      UdpInDatagrams: 0, UdpNoPorts: 0, UdpInErrors: 0, UdpOutDatagrams: 0, UdpRcvbufErrors: 0, UdpSndbufErrors: 0,
      TcpExtEmbryonicRsts: 10, TcpExtTW: 1, TcpExtListenDrops: 4, TcpExtTCPHPHits: 0, TcpExtTCPPureAcks: 7,
      TcpExtTCPHPAcks: 3, TcpExtTCPSackRecovery: 1, TcpExtTCPLossUndo: 3, TcpExtTCPSackFailures: 1,
      TcpExtTCPLossFailures: 1, TcpExtTCPFastRetrans: 2, TcpExtTCPTimeouts: 12, TcpExtTCPLossProbes: 2,
      TcpExtTCPDSACKRecv: 1, TcpExtTCPSpuriousRTOs: 2, TcpExtTCPSackShifted: 1, TcpExtTCPSackShiftFallback: 3,
      TcpExtTCPRetransFail: 3, TcpExtTCPSynRetrans: 5, TcpExtTCPOrigDataSent: 20,
      IpExtInOctets: 2853, IpExtOutOctets: 3642, IpExtInNoECTPkts: 61,
    });
  });

  it.each([
    ['host', 'netstat/host-netstat-s.txt', 'proc/host-net-snmp.txt', 'proc/host-net-netstat.txt'],
    ['netns', 'netstat/netns-netstat-s.txt', 'proc/netns-net-snmp.txt', 'proc/netns-net-netstat.txt'],
  ])('matches /proc/net/snmp + netstat read at the same moment, line for line (%s, recorded)', (_n, ns, snmp, netstat) => {
    const r = parseNetstatSDetailed(fixture(ns));
    const proc = parseProcSnmp(fixture(snmp) + fixture(netstat));
    if (!r.ok || !proc.ok) throw new Error('unparsable');
    expect(r.data.unrecognised).toEqual([]);
    for (const [name, value] of Object.entries(r.data.counters)) expect(proc.data[name], name).toBe(value);
    // One name per printed number line: nothing was dropped on the way.
    const numberLines = fixture(ns).split('\n').filter((l) => /\d/.test(l) && !/histogram/.test(l));
    expect(Object.keys(r.data.counters)).toHaveLength(numberLines.length);
  });

  it('names the ICMP histogram by direction and IcmpMsg lines (host, recorded)', () => {
    const r = parseNetstatS(fixture('netstat/host-netstat-s.txt'));
    expect(r.ok && r.data).toMatchObject({ IcmpInDestUnreachs: 1, IcmpMsgInType3: 1, TcpExtDelayedACKLost: 33, TcpExtTCPAbortOnData: 32, IpOutTransmits: 3383 });
  });

  it('maps the drop-relevant phrases of net-tools statistics.c (synthetic lines in the seed layout)', () => {
    const text = [
      'Ip:', '    3 outgoing packets dropped', '    2 dropped because of missing route', '    5 with invalid headers',
      'Tcp:', '    7 segments send out', '    1 segments retransmited', '    4 bad segments received.',
      'Udp:', '    9 packets to unknown port received.', '    6 packets with invalid checksum',
      'TcpExt:', '    8 times the listen queue of a socket overflowed', '    11 SYNs to LISTEN sockets dropped',
      '    12 packets pruned from receive queue because of socket buffer overrun',
      '    13 packets dropped from out-of-order queue because of socket buffer overrun',
      '    14 packets collapsed in receive queue due to low socket buffer', '    15 other TCP timeouts',
      '    16 connections aborted due to memory pressure', '    TCPBacklogDrop: 17',
    ].join('\n');
    const r = parseNetstatSDetailed(text);
    expect(r).toEqual({
      ok: true,
      data: {
        unrecognised: [],
        counters: {
          IpOutDiscards: 3, IpOutNoRoutes: 2, IpInHdrErrors: 5, TcpOutSegs: 7, TcpRetransSegs: 1, TcpInErrs: 4,
          UdpNoPorts: 9, UdpInCsumErrors: 6, TcpExtListenOverflows: 8, TcpExtListenDrops: 11, TcpExtPruneCalled: 12,
          TcpExtOfoPruned: 13, TcpExtTCPRcvCollapsed: 14, TcpExtTCPTimeouts: 15, TcpExtTCPAbortOnMemory: 16,
          TcpExtTCPBacklogDrop: 17,
        },
      },
    });
  });

  it('reports lines it does not know instead of guessing (synthetic)', () => {
    const r = parseNetstatSDetailed('Tcp:\n    43 segments received\n    5 widgets frobnicated\nFoo:\n    Bar: 3\n');
    expect(r).toEqual({ ok: true, data: { counters: { TcpInSegs: 43, FooBar: 3 }, unrecognised: ['5 widgets frobnicated'] } });
  });

  it.each([
    ['empty', ''],
    ['another command (/proc/net/snmp)', fixture('proc/host-net-snmp.txt')],
    ['another command (nstat -a)', fixture('nstat/host-nstat-a.txt')],
    ['another command (ethtool -S)', fixture('ethtool/veth-host-S.txt')],
    ['binary garbage', binaryGarbage()],
    ['truncated after the first section header', 'Ip:\n    Forw'],
  ])('is unparsable: %s', (_name, text) => {
    expect(parseNetstatS(text).ok).toBe(false);
  });

  it('survives mutations: never throws, never NaN', () => {
    for (const file of ['netstat/host-netstat-s.txt', 'seed/netstat-s.txt']) {
      for (const m of mutations(fixture(file))) {
        const r = parseNetstatS(m.text);
        if (r.ok) expect(findBadNumber(r.data), `${file}: ${m.name}`).toBeUndefined();
      }
    }
  });
});
