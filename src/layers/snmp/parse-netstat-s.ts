import { type ParseResult, parsed, unparsable } from '../../core/types.js';
import { t } from '../../i18n/index.js';
import { lines } from '../../core/parse-util.js';
import { parseMibValue } from './parse-proc-snmp.js';
import type { MibCounters } from './model.js';

/**
 * net-tools `netstat -s` prose → MIB field, per section. `#` stands for the number. The phrases
 * are those of net-tools `statistics.c` (current and older releases: "segments send out",
 * "segments retransmited", trailing dots), matched case-insensitively after collapsing blanks.
 * Only English output is understood: run netstat with `LC_ALL=C`.
 */
const PROSE: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  Ip: {
    'default ttl is #': 'DefaultTTL',
    '# total packets received': 'InReceives',
    '# with invalid headers': 'InHdrErrors',
    '# with invalid addresses': 'InAddrErrors',
    '# forwarded': 'ForwDatagrams',
    '# with unknown protocol': 'InUnknownProtos',
    '# incoming packets discarded': 'InDiscards',
    '# incoming packets delivered': 'InDelivers',
    '# requests sent out': 'OutRequests',
    '# outgoing packets dropped': 'OutDiscards',
    '# dropped because of missing route': 'OutNoRoutes',
    '# fragments dropped after timeout': 'ReasmTimeout',
    '# reassemblies required': 'ReasmReqds',
    '# packets reassembled ok': 'ReasmOKs',
    '# packet reassemblies failed': 'ReasmFails',
    '# packet reassembles failed': 'ReasmFails',
    '# outgoing packets fragmented ok': 'FragOKs',
    '# fragments received ok': 'FragOKs',
    '# outgoing packets failed fragmentation': 'FragFails',
    '# fragments failed': 'FragFails',
    '# fragments created': 'FragCreates',
  },
  Icmp: {
    '# icmp messages received': 'InMsgs',
    '# input icmp message failed': 'InErrors',
    '# icmp messages sent': 'OutMsgs',
    '# icmp messages failed': 'OutErrors',
  },
  Tcp: {
    '# active connection openings': 'ActiveOpens',
    '# active connections openings': 'ActiveOpens',
    '# active opens': 'ActiveOpens',
    '# passive connection openings': 'PassiveOpens',
    '# passive opens': 'PassiveOpens',
    '# failed connection attempts': 'AttemptFails',
    '# connection resets received': 'EstabResets',
    '# connections established': 'CurrEstab',
    '# segments received': 'InSegs',
    '# segments sent out': 'OutSegs',
    '# segments send out': 'OutSegs',
    '# segments retransmitted': 'RetransSegs',
    '# segments retransmited': 'RetransSegs',
    '# bad segments received': 'InErrs',
    '# resets sent': 'OutRsts',
  },
  Udp: {
    '# packets with invalid checksum': 'InCsumErrors',
    '# packets received': 'InDatagrams',
    '# packet receive errors': 'InErrors',
    '# packets to unknown port received': 'NoPorts',
    '# packets sent': 'OutDatagrams',
    '# packets send': 'OutDatagrams',
    '# receive buffer errors': 'RcvbufErrors',
    '# send buffer errors': 'SndbufErrors',
  },
  TcpExt: {
    '# delayed acks further delayed because of locked socket': 'DelayedACKLocked',
    'quick ack mode was activated # times': 'DelayedACKLost',
    '# delayed acks sent': 'DelayedACKs',
    '# resets received for embryonic syn_recv sockets': 'EmbryonicRsts',
    '# syns to listen sockets dropped': 'ListenDrops',
    '# syns to listen sockets ignored': 'ListenDrops',
    '# times the listen queue of a socket overflowed': 'ListenOverflows',
    '# icmp packets dropped because socket was locked': 'LockDroppedIcmps',
    '# packets dropped from out-of-order queue because of socket buffer overrun': 'OfoPruned',
    '# icmp packets dropped because they were out-of-window': 'OutOfWindowIcmps',
    '# active connections rejected because of time stamp': 'PAWSActive',
    '# packets rejected in established connections because of timestamp': 'PAWSEstab',
    '# passive connections rejected because of time stamp': 'PAWSPassive',
    '# packets pruned from receive queue because of socket buffer overrun': 'PruneCalled',
    '# packets pruned from receive queue': 'RcvPruned',
    'ran # times out of system memory during packet sending': 'SockMallocOOM',
    '# invalid syn cookies received': 'SyncookiesFailed',
    '# syn cookies received': 'SyncookiesRecv',
    '# syn cookies sent': 'SyncookiesSent',
    '# times unable to send rst due to no memory': 'TCPAbortFailed',
    '# connections reset due to early user close': 'TCPAbortOnClose',
    '# connections reset due to unexpected data': 'TCPAbortOnData',
    '# connections aborted after user close in linger timeout': 'TCPAbortOnLinger',
    '# connections aborted due to memory pressure': 'TCPAbortOnMemory',
    '# connections reset due to unexpected syn': 'TCPAbortOnSyn',
    '# connections aborted due to timeout': 'TCPAbortOnTimeout',
    '# bytes directly in process context from backlog': 'TCPDirectCopyFromBacklog',
    '# bytes directly received in process context from prequeue': 'TCPDirectCopyFromPrequeue',
    '# dsacks for out of order packets received': 'TCPDSACKOfoRecv',
    '# dsacks sent for out of order packets': 'TCPDSACKOfoSent',
    '# dsacks sent for old packets': 'TCPDSACKOldSent',
    '# dsacks received': 'TCPDSACKRecv',
    '# congestion window recovered without slow start using dsack': 'TCPDSACKUndo',
    '# congestion windows recovered without slow start by dsack': 'TCPDSACKUndo',
    'detected reordering # times using fack': 'TCPFACKReorder',
    '# fast retransmits': 'TCPFastRetrans',
    '# forward retransmits': 'TCPForwardRetrans',
    '# congestion windows fully recovered without slow start': 'TCPFullUndo',
    '# predicted acknowledgments': 'TCPHPAcks',
    '# packet headers predicted': 'TCPHPHits',
    '# packet headers predicted and directly queued to user': 'TCPHPHitsToUser',
    '# timeouts in loss state': 'TCPLossFailures',
    '# tcp data loss events': 'TCPLoss',
    '# congestion windows recovered without slow start after partial ack': 'TCPLossUndo',
    '# retransmits lost': 'TCPLostRetransmit',
    'tcp ran low on memory # times': 'TCPMemoryPressures',
    '# congestion windows partially recovered using hoe heuristic': 'TCPPartialUndo',
    '# packets directly queued to recvmsg prequeue': 'TCPPrequeued',
    '# packets dropped from prequeue': 'TCPPrequeueDropped',
    '# acknowledgments not containing data payload received': 'TCPPureAcks',
    '# acknowledgments not containing data received': 'TCPPureAcks',
    '# packets collapsed in receive queue due to low socket buffer': 'TCPRcvCollapsed',
    '# timeouts after reno fast retransmit': 'TCPRenoFailures',
    '# classic reno fast retransmits failed': 'TCPRenoRecoveryFail',
    '# reno fast retransmits failed': 'TCPRenoRecoveryFail',
    '# times recovered from packet loss due to fast retransmit': 'TCPRenoRecovery',
    'detected reordering # times using reno fast retransmit': 'TCPRenoReorder',
    '# timeouts after sack recovery': 'TCPSackFailures',
    '# sack retransmits failed': 'TCPSackRecoveryFail',
    '# times recovered from packet loss by selective acknowledgements': 'TCPSackRecovery',
    '# bad sack blocks received': 'TCPSACKReneging',
    'detected reordering # times using sack': 'TCPSACKReorder',
    '# times receiver scheduled too late for direct processing': 'TCPSchedulerFailed',
    '# retransmits in slow start': 'TCPSlowStartRetrans',
    '# other tcp timeouts': 'TCPTimeouts',
    'detected reordering # times using time stamp': 'TCPTSReorder',
    '# tcp sockets finished time wait in slow timer': 'TWKilled',
    '# tcp sockets finished time wait in fast timer': 'TW',
    '# time wait sockets recycled by time stamp': 'TWRecycled',
  },
};

/** ICMP histogram entries (`destination unreachable: 3` under "ICMP input histogram:"). */
const ICMP_HISTOGRAM: Readonly<Record<string, string>> = {
  'destination unreachable': 'DestUnreachs',
  'timeout in transit': 'TimeExcds',
  'time exceeded': 'TimeExcds',
  'wrong parameters': 'ParmProbs',
  'source quenches': 'SrcQuenchs',
  'source quenchs': 'SrcQuenchs',
  'source quench': 'SrcQuenchs',
  redirects: 'Redirects',
  redirect: 'Redirects',
  'echo requests': 'Echos',
  'echo request': 'Echos',
  'echo replies': 'EchoReps',
  'timestamp request': 'Timestamps',
  'timestamp requests': 'Timestamps',
  'timestamp reply': 'TimestampReps',
  'timestamp replies': 'TimestampReps',
  'address mask request': 'AddrMasks',
  'address mask requests': 'AddrMasks',
  'address mask replies': 'AddrMaskReps',
};

/** What `netstat -s` said, read: counters by MIB name, and the lines that were not understood. */
export interface NetstatSReading {
  readonly counters: MibCounters;
  /** Non-blank lines that matched no known phrase (other languages, other netstat versions). */
  readonly unrecognised: readonly string[];
}

const normalise = (s: string): string => s.toLowerCase().replace(/\s+/g, ' ').replace(/\.$/, '').trim();

/**
 * Parse Linux net-tools `netstat -s`, keeping the lines that were not understood. Sections
 * (`Ip:`, `Tcp:`, `TcpExt:`, `IpExt:`, `IcmpMsg:`, `MPTcpExt:` ...) are single words ending with a
 * colon. Inside one, a `Name: value` line is the raw MIB field (`TCPTimeouts: 12` in `TcpExt` →
 * `TcpExtTCPTimeouts`, `Forwarding: 1` in `Ip` → `IpForwarding`), prose lines are looked up in
 * the net-tools phrase table (`10 failed connection attempts` → `TcpAttemptFails`), and ICMP
 * histogram lines are named by direction (`IcmpInDestUnreachs`). Indentation is optional (the
 * seed case's copy lost it). netstat omits many zero lines, so a missing name is not a zero.
 */
export function parseNetstatSDetailed(text: string): ParseResult<NetstatSReading> {
  const counters: Record<string, number> = {};
  const unrecognised: string[] = [];
  let section: string | undefined;
  let histogram: 'In' | 'Out' | undefined;
  let sectionsSeen = 0;
  for (const raw of lines(text)) {
    const line = raw.trim();
    if (line === '') continue;
    const head = /^([A-Za-z][A-Za-z0-9]*):$/.exec(line);
    if (head) {
      section = head[1];
      histogram = undefined;
      sectionsSeen++;
      continue;
    }
    if (!section) {
      unrecognised.push(line);
      continue;
    }
    const hist = /^icmp (input|output) histogram:$/i.exec(line);
    if (hist) {
      histogram = hist[1]?.toLowerCase() === 'input' ? 'In' : 'Out';
      continue;
    }
    const field = /^([A-Za-z][A-Za-z0-9_]*):\s+(-?\d+)$/.exec(line);
    if (field) {
      const v = parseMibValue(field[2]);
      if (v !== undefined) counters[`${section}${field[1] ?? ''}`] = v;
      continue;
    }
    const histLine = /^([a-z ]+):\s+(\d+)$/i.exec(line);
    const histName = histLine ? ICMP_HISTOGRAM[normalise(histLine[1] ?? '')] : undefined;
    if (histLine && histName && histogram && section === 'Icmp') {
      const v = parseMibValue(histLine[2]);
      if (v !== undefined) counters[`Icmp${histogram}${histName}`] = v;
      continue;
    }
    const num = /(?:^|\s)(\d+)(?:\s|$)/.exec(line);
    const key = num ? normalise(line.replace(/(^|\s)\d+(\s|$)/, '$1#$2')) : undefined;
    const name = key !== undefined ? PROSE[section]?.[key] : undefined;
    const v = num ? parseMibValue(num[1]) : undefined;
    if (name && v !== undefined) {
      counters[`${section}${name}`] = v;
      continue;
    }
    unrecognised.push(line);
  }
  if (sectionsSeen === 0 || Object.keys(counters).length === 0) {
    return unparsable(t('snmp.parse.netstat-s'));
  }
  return parsed({ counters, unrecognised });
}

/** Parse Linux net-tools `netstat -s` into MIB counters (see {@link parseNetstatSDetailed}). */
export function parseNetstatS(text: string): ParseResult<MibCounters> {
  const r = parseNetstatSDetailed(text);
  return r.ok ? parsed(r.data.counters) : r;
}
