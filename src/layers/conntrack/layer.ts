/**
 * Connection tracking. `nf_conntrack_count` is the number of tracked flows in the reading's
 * namespace; `nf_conntrack_max` is the host-global limit. When the table is full the kernel drops
 * the first packet of new flows ("nf_conntrack: table full, dropping packet"), counted as `drop`
 * (and `early_drop` when it evicted an unassured entry to make room); `insert_failed` counts
 * flows that lost a race to be inserted (a known cause of DNS timeouts under SNAT).
 */
import { counterBasis, counterEvidence, defineLayer, phraseWindow, type CheckInput, type Probe } from '../../core/layer.js';
import { parsed, unparsable, type Evidence, type Finding, type FixProposal } from '../../core/types.js';
import type { ConntrackState } from './model.js';
import { parseConntrackStatProc } from './parse-conntrack.js';
import { parseCount } from '../../core/parse-util.js';
import { join, msg, t, tm, type Param } from '../../i18n/index.js';

export interface ConntrackData {
  /** False when nf_conntrack is not loaded: nothing is tracked, so nothing can be dropped by it. */
  readonly loaded: boolean;
  readonly state: ConntrackState;
  /**
   * `net.netfilter.nf_conntrack_tcp_be_liberal` of the namespace: 0 (the default) marks TCP segments
   * outside the tracked window INVALID; 1 lets them through as part of the connection. State.
   */
  readonly tcpBeLiberal?: number;
}

/** The since-boot baseline: the statistics at 0; the table's count and limit kept. */
export const zeroConntrackData = (d: ConntrackData): ConntrackData => ({
  ...d,
  state: { ...d.state, ...(d.state.stats ? { stats: Object.fromEntries(Object.keys(d.state.stats).map((k) => [k, 0])) } : {}) },
});

const COUNT = '/proc/sys/net/netfilter/nf_conntrack_count';
const MAX = '/proc/sys/net/netfilter/nf_conntrack_max';
const STAT = '/proc/net/stat/nf_conntrack';
const BE_LIBERAL = '/proc/sys/net/netfilter/nf_conntrack_tcp_be_liberal';
/** Share of the table in use from which pktdrop warns. */
export const FULL_WARN = 0.9;
const DROP_STATS = ['drop', 'early_drop', 'insert_failed'] as const;

export const conntrackProbe = {
  id: 'conntrack',
  scopes: ['target', 'host'],
  commands: () => [
    { key: 'count', argv: ['cat', COUNT], optional: true },
    { key: 'max', argv: ['cat', MAX], optional: true },
    { key: 'stat', argv: ['cat', STAT], optional: true },
    { key: 'liberal', argv: ['cat', BE_LIBERAL], optional: true },
  ],
  parse(results) {
    const count = results.get('count');
    const max = results.get('max');
    if (!count?.ok && /no such file/i.test(count?.stderr ?? '')) return parsed({ loaded: false, state: {} });
    const stat = results.get('stat');
    // Nothing read at all (no cat in the image, no permission): that is not a healthy table.
    if (!count?.ok && !max?.ok && !stat?.ok) {
      return unparsable(t('conntrack.unreadable', { why: count?.failure?.hint ?? stat?.failure?.hint ?? msg('conntrack.no-output') }));
    }
    const p = stat?.ok ? parseConntrackStatProc(stat.stdout) : undefined;
    const c = count?.ok ? parseCount(count.stdout) : undefined;
    const m = max?.ok ? parseCount(max.stdout) : undefined;
    const liberal = results.get('liberal');
    const l = liberal?.ok ? parseCount(liberal.stdout) : undefined;
    return parsed({
      loaded: true,
      ...(l !== undefined ? { tcpBeLiberal: l } : {}),
      state: {
        ...(p?.ok ? p.data : {}),
        ...(c !== undefined ? { count: c } : {}),
        ...(m !== undefined ? { max: m } : {}),
      },
    });
  },
} satisfies Probe<ConntrackData>;

/** Data items said as one list: `a, b, c` in English, `a，b，c` in Chinese. */
function listOf(items: readonly string[]): Param {
  const [head = '', ...rest] = items;
  return rest.reduce<Param>((list, item) => msg('conntrack.list', { list, item }), head);
}

export function checkConntrack(i: CheckInput<ConntrackData>): { findings: Finding[]; notes: string[] } {
  const { before, after, scope } = i;
  if (!after.loaded) return { findings: [], notes: [t('conntrack.not-loaded')] };
  const findings: Finding[] = [];
  const notes: string[] = [];
  const { count, max, stats } = after.state;
  const drops: Evidence[] = [];
  for (const name of DROP_STATS) {
    const a = stats?.[name];
    const b = before.state.stats?.[name];
    if (a !== undefined && b !== undefined && a > b) drops.push(counterEvidence(name, 'nf_conntrack', b, a, 'conntrack -S (cat /proc/net/stat/nf_conntrack)'));
  }
  const fill = count !== undefined && max !== undefined && max > 0 ? count / max : undefined;
  const fillEvidence: Evidence[] =
    count !== undefined && max !== undefined
      ? [
          { kind: 'state', name: 'nf_conntrack_count', subject: 'nf_conntrack', value: count, source: 'sysctl net.netfilter.nf_conntrack_count' },
          { kind: 'state', name: 'nf_conntrack_max', subject: 'nf_conntrack', value: max, source: 'sysctl net.netfilter.nf_conntrack_max' },
        ]
      : [];
  const full = fill !== undefined && fill >= FULL_WARN;
  if (full && count !== undefined && max !== undefined) {
    findings.push({
      id: 'conntrack.table-full',
      layer: 'conntrack',
      scope,
      severity: drops.some((e) => e.kind === 'counter' && (e.counter === 'drop' || e.counter === 'early_drop')) ? 'error' : 'warning',
      basis: drops.length > 0 ? counterBasis(i) : 'state',
      role: 'cause',
      subject: 'nf_conntrack',
      title: t('conntrack.table-full.title', { pct: Math.round((fill ?? 0) * 100), count, max }),
      explanation: t('conntrack.table-full.explanation'),
      evidence: [...fillEvidence, ...drops],
      action: t('conntrack.table-full.action', { proposed: max * 2 }),
      details: { kind: 'conntrack-table', count, max, proposedMax: max * 2 },
    });
  } else if (drops.length > 0) {
    findings.push({
      id: 'conntrack.drops',
      layer: 'conntrack',
      scope,
      severity: 'error',
      basis: counterBasis(i),
      role: 'cause',
      subject: 'nf_conntrack',
      title: t('conntrack.drops.title', { window: phraseWindow(i) }),
      explanation: t('conntrack.drops.explanation'),
      evidence: [...drops, ...fillEvidence],
      action: t('conntrack.drops.action'),
    });
  }
  const invalid = checkInvalid(i);
  findings.push(...invalid.findings);
  notes.push(...invalid.notes);
  if (fill !== undefined && count !== undefined && max !== undefined) notes.push(t('conntrack.note.fill', { count, max, pct: Math.round(fill * 1000) / 10 }));
  else notes.push(t('conntrack.note.size-unknown'));
  const past = DROP_STATS.filter((n) => (stats?.[n] ?? 0) > 0 && !drops.some((e) => e.kind === 'counter' && e.counter === n));
  if (past.length > 0) notes.push(t('conntrack.note.history', { counters: listOf(past.map((n) => `${n} ${stats?.[n]}`)) }));
  return { findings, notes };
}

/**
 * `conntrack.invalid-dropped`: conntrack's `invalid` count rose (per netns: packets it could not
 * place in a tracked connection: out-of-window TCP segments, ACKs of connections it never saw with
 * `nf_conntrack_tcp_loose=0`, ICMP errors for unknown flows). Such packets are dropped where a
 * `--ctstate INVALID -j DROP` rule exists (kube-proxy adds one; the netfilter step names it and its
 * counter) and otherwise pass untranslated, so the endpoint often answers with a reset. An error in
 * the namespace diagnosed (the host's own, for a host target). On the host side of a container or
 * netns it is only a note: the host's table counts every container's and the host's own flows (even
 * the ACKs a prober sends), so its INVALID count is not the target's.
 */
export function checkInvalid(i: CheckInput<ConntrackData>): { findings: Finding[]; notes: string[] } {
  const a = i.after.state.stats?.['invalid'];
  const b = i.before.state.stats?.['invalid'];
  if (!i.after.loaded || a === undefined || b === undefined || a <= b) return { findings: [], notes: [] };
  if (i.scope === 'host' && i.ctx.target.spec.kind !== 'host') {
    return { findings: [], notes: [t('conntrack.note.host-invalid', { delta: a - b, window: phraseWindow(i) })] };
  }
  const liberal = i.after.tcpBeLiberal;
  const state: Evidence[] =
    liberal !== undefined
      ? [{ kind: 'state', name: 'net.netfilter.nf_conntrack_tcp_be_liberal', subject: 'nf_conntrack', value: liberal, source: 'sysctl net.netfilter.nf_conntrack_tcp_be_liberal' }]
      : [];
  return { notes: [], findings: [{
    id: 'conntrack.invalid-dropped',
    layer: 'conntrack',
    scope: i.scope,
    severity: 'error',
    basis: counterBasis(i),
    role: 'cause',
    subject: 'nf_conntrack',
    title: t('conntrack.invalid.title', { delta: a - b, window: phraseWindow(i) }),
    explanation: tm(join(msg('conntrack.invalid.explanation'), liberal === 0 && msg('conntrack.invalid.strict'))),
    evidence: [counterEvidence('invalid', 'nf_conntrack', b, a, 'conntrack -S (cat /proc/net/stat/nf_conntrack)'), ...state],
    action: t('conntrack.invalid.action'),
    ...(liberal !== undefined ? { details: { kind: 'sysctl', key: 'net.netfilter.nf_conntrack_tcp_be_liberal', value: liberal } } : {}),
  }] };
}

/** Raising nf_conntrack_max is a host-wide change: it is proposed only where the limit lives. */
export function planConntrackFix(f: Finding): FixProposal | undefined {
  if (f.id !== 'conntrack.table-full' || f.details?.kind !== 'conntrack-table') return undefined;
  const { max, proposedMax: proposed } = f.details;
  return {
    id: `${f.id}:host:${f.subject}`,
    findingId: f.id,
    subject: f.subject,
    title: t('conntrack.fix.raise-max', { max, proposed }),
    risk: 'safe',
    scope: 'host',
    commands: [['sysctl', '-w', `net.netfilter.nf_conntrack_max=${proposed}`]],
    inverse: [['sysctl', '-w', `net.netfilter.nf_conntrack_max=${max}`]],
    presence: { argv: ['sysctl', '-n', 'net.netfilter.nf_conntrack_max'], marker: String(max), match: 'line' },
  };
}

export const conntrackLayer = defineLayer<ConntrackData>({
  id: 'conntrack',
  title: t('conntrack.layer.title'),
  lookedAt: () => 'sysctl net.netfilter.nf_conntrack_count net.netfilter.nf_conntrack_max; conntrack -S',
  probe: conntrackProbe,
  check: checkConntrack,
  zero: zeroConntrackData,
  planFix: planConntrackFix,
});
