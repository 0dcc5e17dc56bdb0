/**
 * The SYN queue (half-open connections) of TCP listeners, next to the accept queue that
 * `tcp.listen-overflow` covers. When a listener's SYN queue is full (more half-open requests than its
 * listen() backlog) and SYN cookies are off (`net.ipv4.tcp_syncookies=0`), `tcp_conn_request` drops
 * the SYN and counts `TcpExtTCPReqQFullDrop` and `TcpExtListenDrops`; with cookies on it answers with
 * a cookie instead (`TcpExtTCPReqQFullDoCookies`, `TcpExtSyncookiesSent`): nothing is dropped, but
 * the connection loses TCP options that did not fit in the cookie. On 6.18 the refused SYN is freed
 * as consumed: `skb:kfree_skb` records nothing, so only the counter proves these drops.
 * All of it is per network namespace.
 */
import { counterBasis, counterEvidence, phraseWindow, type CheckInput } from '../../core/layer.js';
import { parsed, unparsable, type Evidence, type Finding, type FixProposal, type ParseResult } from '../../core/types.js';
import { t } from '../../i18n/index.js';
import type { MibCounters } from './model.js';

/** The listener knobs of the reading's network namespace (all per netns). */
export interface TcpListenSysctls {
  /** `net.ipv4.tcp_syncookies`: 0 off, 1 when the SYN queue overflows, 2 always. */
  readonly syncookies?: number;
  /** `net.ipv4.tcp_max_syn_backlog`. */
  readonly maxSynBacklog?: number;
  /** `net.core.somaxconn`: the cap on any listen() backlog. */
  readonly somaxconn?: number;
}

/** Read in this order by one `cat`: each file prints one number. */
export const TCP_SYSCTL_FILES = ['/proc/sys/net/ipv4/tcp_syncookies', '/proc/sys/net/ipv4/tcp_max_syn_backlog', '/proc/sys/net/core/somaxconn'] as const;

/**
 * Parse `cat` of {@link TCP_SYSCTL_FILES}: exactly three lines, each one non-negative integer, in the
 * files' order. Anything else (a file missing, a truncated read) is unparsable rather than guessed.
 */
export function parseTcpSysctls(text: string): ParseResult<TcpListenSysctls> {
  const values = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  if (values.length !== TCP_SYSCTL_FILES.length || !values.every((v) => /^\d+$/.test(v))) {
    return unparsable(t('snmp.parse.tcp-sysctls', { n: TCP_SYSCTL_FILES.length, files: TCP_SYSCTL_FILES.join(', '), got: JSON.stringify(text.slice(0, 80)) }));
  }
  const [syncookies, maxSynBacklog, somaxconn] = values.map(Number);
  return parsed({
    ...(syncookies !== undefined ? { syncookies } : {}),
    ...(maxSynBacklog !== undefined ? { maxSynBacklog } : {}),
    ...(somaxconn !== undefined ? { somaxconn } : {}),
  });
}

/**
 * The listener knobs from pasted `sysctl` output, keyed by `/proc/sys` path (`net/ipv4/tcp_syncookies`,
 * as src/core/parse-sysctl.ts reads it); undefined when none of them is there.
 */
export function tcpSysctlsFromSettings(settings: Readonly<Record<string, string>>): TcpListenSysctls | undefined {
  const int = (k: string): number | undefined => {
    const v = settings[k];
    return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
  };
  const syncookies = int('net/ipv4/tcp_syncookies');
  const maxSynBacklog = int('net/ipv4/tcp_max_syn_backlog');
  const somaxconn = int('net/core/somaxconn');
  if (syncookies === undefined && maxSynBacklog === undefined && somaxconn === undefined) return undefined;
  return {
    ...(syncookies !== undefined ? { syncookies } : {}),
    ...(maxSynBacklog !== undefined ? { maxSynBacklog } : {}),
    ...(somaxconn !== undefined ? { somaxconn } : {}),
  };
}

interface SynQueueInput {
  readonly before: MibCounters;
  readonly after: MibCounters;
  readonly sysctls?: TcpListenSysctls;
}

const SOURCE = 'nstat -az TcpExtTCPReqQFullDrop TcpExtListenDrops (cat /proc/net/netstat)';

const rise = (i: SynQueueInput, name: string): number => {
  const a = i.after[name];
  const b = i.before[name];
  return a === undefined || b === undefined ? 0 : Math.max(0, a - b);
};

const evidenceOf = (i: SynQueueInput, names: readonly string[]): Evidence[] =>
  names.filter((n) => rise(i, n) > 0).map((n) => counterEvidence(n, 'listeners', i.before[n] ?? 0, i.after[n] ?? 0, SOURCE));

/** SYNs dropped because a SYN queue was full: the part of `ListenDrops` the accept queue does not explain. */
export const synQueueDrops = (before: MibCounters, after: MibCounters): number => rise({ before, after }, 'TcpExtTCPReqQFullDrop');

function sysctlEvidence(s: TcpListenSysctls | undefined): Evidence[] {
  if (!s) return [];
  const out: Evidence[] = [];
  if (s.syncookies !== undefined) out.push({ kind: 'state', name: 'net.ipv4.tcp_syncookies', subject: 'listeners', value: s.syncookies, source: 'sysctl net.ipv4.tcp_syncookies' });
  if (s.maxSynBacklog !== undefined) out.push({ kind: 'state', name: 'net.ipv4.tcp_max_syn_backlog', subject: 'listeners', value: s.maxSynBacklog, source: 'sysctl net.ipv4.tcp_max_syn_backlog' });
  if (s.somaxconn !== undefined) out.push({ kind: 'state', name: 'net.core.somaxconn', subject: 'listeners', value: s.somaxconn, source: 'sysctl net.core.somaxconn' });
  return out;
}

/**
 * `tcp.syn-queue-overflow` (error) when `TcpExtTCPReqQFullDrop` rose: SYNs were dropped because a
 * listener's SYN queue was full and cookies were off. `tcp.syn-cookies` (info) when
 * `TcpExtTCPReqQFullDoCookies` rose: the queue overflowed but the kernel answered with cookies.
 */
export function checkSynQueue(i: CheckInput<{ readonly counters: MibCounters; readonly tcpSysctls?: TcpListenSysctls }>): Finding[] {
  const input: SynQueueInput = { before: i.before.counters, after: i.after.counters, ...(i.after.tcpSysctls ? { sysctls: i.after.tcpSysctls } : {}) };
  const findings: Finding[] = [];
  const dropped = rise(input, 'TcpExtTCPReqQFullDrop');
  const cookies = input.sysctls?.syncookies;
  if (dropped > 0) {
    findings.push({
      id: 'tcp.syn-queue-overflow',
      layer: 'tcp',
      scope: i.scope,
      severity: 'error',
      basis: counterBasis(i),
      role: 'cause',
      subject: 'syn queues',
      title: t('snmp.tcp.syn-queue.title', { n: dropped, window: phraseWindow(i) }),
      explanation: t(cookies === 0 ? 'snmp.tcp.syn-queue.explanation-off' : 'snmp.tcp.syn-queue.explanation-unused'),
      evidence: [...evidenceOf(input, ['TcpExtTCPReqQFullDrop', 'TcpExtListenDrops']), ...sysctlEvidence(input.sysctls)],
      action: t('snmp.tcp.syn-queue.action'),
      ...(cookies === 0 ? { details: { kind: 'sysctl', key: 'net.ipv4.tcp_syncookies', value: 0, proposed: 1 } } : {}),
    });
  }
  const withCookies = rise(input, 'TcpExtTCPReqQFullDoCookies');
  if (withCookies > 0) {
    findings.push({
      id: 'tcp.syn-cookies',
      layer: 'tcp',
      scope: i.scope,
      severity: 'info',
      basis: counterBasis(i),
      role: 'cause',
      subject: 'syn queues',
      title: t('snmp.tcp.syn-cookies.title', { window: phraseWindow(i), n: withCookies }),
      explanation: t('snmp.tcp.syn-cookies.explanation'),
      evidence: [...evidenceOf(input, ['TcpExtTCPReqQFullDoCookies', 'TcpExtSyncookiesSent', 'TcpExtSyncookiesFailed']), ...sysctlEvidence(input.sysctls)],
      action: t('snmp.tcp.syn-cookies.action'),
    });
  }
  return findings;
}

/**
 * Turning SYN cookies on is safe (the drop map rates it so): the queue still overflows but nothing is
 * dropped. Per network namespace; the inverse restores the value read in the window.
 */
export function planSynQueueFix(f: Finding): FixProposal | undefined {
  if (f.id !== 'tcp.syn-queue-overflow' || f.details?.kind !== 'sysctl' || f.details.key !== 'net.ipv4.tcp_syncookies') return undefined;
  const { value, proposed } = f.details;
  if (proposed === undefined || proposed === value) return undefined;
  return {
    id: `${f.id}:${f.scope}:${f.subject}`,
    findingId: f.id,
    subject: f.subject,
    title: t('snmp.tcp.syn-cookies.fix', { from: value, to: proposed }),
    risk: 'safe',
    scope: f.scope,
    commands: [['sysctl', '-w', `net.ipv4.tcp_syncookies=${proposed}`]],
    inverse: [['sysctl', '-w', `net.ipv4.tcp_syncookies=${value}`]],
    presence: { argv: ['sysctl', '-n', 'net.ipv4.tcp_syncookies'], marker: String(value), match: 'line' },
  };
}
