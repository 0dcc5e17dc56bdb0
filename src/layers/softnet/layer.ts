/**
 * The per-CPU input backlog (softnet). Packets handed to the stack with netif_rx (a veth peer, RPS,
 * tunnels, drivers without NAPI) wait in the receiving CPU's backlog queue; when it holds
 * `net.core.netdev_max_backlog` packets the kernel drops the next ones (`/proc/net/softnet_stat`
 * column 2, drop reason CPU_BACKLOG at enqueue_to_backlog). Column 3, `time_squeeze`, counts the
 * times the receive softirq ran out of `netdev_budget` packets or `netdev_budget_usecs` with work
 * left: not a drop by itself, but it makes rings and backlogs overflow.
 *
 * Everything here is host-wide: the file shows the same rows in every network namespace and the
 * knobs exist only in the host's. So it is read and judged only where the host is: the target
 * scope of a host target, the host scope of a container or netns. A container is never blamed.
 */
import { msg, t, type Param } from '../../i18n/index.js';
import { counterBasis, counterEvidence, defineLayer, phraseWindow, type CheckInput, type Probe, type ScopeContext } from '../../core/layer.js';
import { parsed, unparsable, type Evidence, type Finding, type FixProposal } from '../../core/types.js';
import { parseSysctlLines, sysctlInt, type SysctlValues } from '../../core/parse-sysctl.js';
import { parseSoftnetStat, type SoftnetCpu } from './parse-softnet-stat.js';

export interface SoftnetData {
  /**
   * `host`: read where the host is. `elsewhere`: the target scope of a container or netns, where the
   * host-wide file is not read again (its host scope reads it).
   */
  readonly where: 'host' | 'elsewhere';
  readonly cpus: readonly SoftnetCpu[];
  /** `net/core/netdev_max_backlog`, `net/core/netdev_budget`, `net/core/netdev_budget_usecs` when readable. */
  readonly sysctls: SysctlValues;
}

/** The since-boot baseline: every CPU's counters at 0, the settings kept. */
export const zeroSoftnetData = (d: SoftnetData): SoftnetData => ({
  ...d,
  cpus: d.cpus.map((c) => ({ cpu: c.cpu, processed: 0, dropped: 0, timeSqueeze: 0 })),
});

const STAT = '/proc/net/softnet_stat';
const SOURCE = 'cat /proc/net/softnet_stat (column 2 dropped, column 3 time_squeeze; hex, one row per CPU)';
export const BACKLOG_KEY = 'net/core/netdev_max_backlog';
const BUDGET_KEY = 'net/core/netdev_budget';
const USECS_KEY = 'net/core/netdev_budget_usecs';

/** True when this scope is where the host is: the host target, or the host side of a container/netns. */
const isHostScope = (ctx: ScopeContext): boolean => ctx.scope === 'host' || ctx.target.spec.kind === 'host';

export const softnetProbe = {
  id: 'softnet',
  scopes: ['target', 'host'],
  hostWide: true,
  commands: (ctx) =>
    isHostScope(ctx)
      ? [
          { key: 'stat', argv: ['cat', STAT] },
          { key: 'knobs', argv: ['grep', '-H', '-r', '', `/proc/sys/${BACKLOG_KEY}`, `/proc/sys/${BUDGET_KEY}`, `/proc/sys/${USECS_KEY}`], optional: true },
        ]
      : [],
  parse(results, ctx) {
    if (!isHostScope(ctx)) return parsed({ where: 'elsewhere', cpus: [], sysctls: {} });
    const stat = results.get('stat');
    if (!stat?.ok) return unparsable(t('softnet.probe.unreadable', { file: STAT, reason: stat?.failure?.hint ?? t('softnet.no-output') }));
    const p = parseSoftnetStat(stat.stdout);
    if (!p.ok) return unparsable(t('softnet.probe.unreadable', { file: STAT, reason: p.reason }));
    const knobs = results.get('knobs');
    return parsed({ where: 'host', cpus: p.data, sysctls: knobs && knobs.failure?.kind !== 'not-found' ? parseSysctlLines(knobs.stdout) : {} });
  },
} satisfies Probe<SoftnetData>;

interface CpuDelta {
  readonly cpu: number;
  readonly before: SoftnetCpu;
  readonly after: SoftnetCpu;
}

/** CPUs present in both samples (a CPU going offline between them is left out). */
function pairs(i: CheckInput<SoftnetData>): CpuDelta[] {
  return i.after.cpus.flatMap((a) => {
    const b = i.before.cpus.find((c) => c.cpu === a.cpu);
    return b ? [{ cpu: a.cpu, before: b, after: a }] : [];
  });
}

/** Items said one after another with `, ` between them (`，` in Chinese). */
const commas = (parts: readonly Param[]): Param => parts.slice(1).reduce<Param>((acc, p) => msg('softnet.list.comma', { a: acc, b: p }), parts[0] ?? '');

const knobEvidence = (d: SoftnetData, key: string, name: string): Evidence[] =>
  d.sysctls[key] !== undefined ? [{ kind: 'state', name, subject: 'host', value: d.sysctls[key] ?? '', source: `sysctl ${name}` }] : [];

export function checkSoftnet(i: CheckInput<SoftnetData>): { findings: Finding[]; notes: string[] } {
  if (i.after.where === 'elsewhere') {
    return { findings: [], notes: [t('softnet.note.elsewhere')] };
  }
  const findings: Finding[] = [];
  const notes: string[] = [];
  const cpus = pairs(i);
  const drops = cpus.filter((c) => c.after.dropped > c.before.dropped);
  const squeezes = cpus.filter((c) => c.after.timeSqueeze > c.before.timeSqueeze);
  const backlog = sysctlInt(i.after.sysctls, BACKLOG_KEY);
  const hostWide: Param = i.scope === 'host' ? msg('softnet.host-wide') : '';
  if (drops.length > 0) {
    const total = drops.reduce((n, c) => n + c.after.dropped - c.before.dropped, 0);
    const where = drops.map((c) => `CPU ${c.cpu}`).join(', ');
    findings.push({
      id: 'softnet.backlog-drops',
      layer: 'softnet',
      scope: i.scope,
      severity: 'error',
      basis: counterBasis(i),
      role: 'cause',
      subject: 'softnet backlog',
      title: t('softnet.backlog.title', { total, cpus: where, window: phraseWindow(i), hostWide }),
      explanation: t('softnet.backlog.explanation', { knob: `net.core.netdev_max_backlog${backlog !== undefined ? ` = ${backlog}` : ''}` }),
      evidence: [
        ...drops.map((c) => counterEvidence('dropped', `cpu${c.cpu}`, c.before.dropped, c.after.dropped, SOURCE)),
        ...knobEvidence(i.after, BACKLOG_KEY, 'net.core.netdev_max_backlog'),
      ],
      action: t('softnet.backlog.action', { value: backlog !== undefined ? backlog * 2 : msg('softnet.backlog.twice') }),
      ...(backlog !== undefined ? { details: { kind: 'sysctl' as const, key: 'net.core.netdev_max_backlog', value: backlog, proposed: backlog * 2 } } : {}),
    });
  }
  if (squeezes.length > 0) {
    const total = squeezes.reduce((n, c) => n + c.after.timeSqueeze - c.before.timeSqueeze, 0);
    findings.push({
      id: 'softnet.budget-squeeze',
      layer: 'softnet',
      scope: i.scope,
      severity: 'warning',
      basis: counterBasis(i),
      role: 'cause',
      subject: 'softnet budget',
      title: t('softnet.squeeze.title', { total, window: phraseWindow(i), hostWide }),
      explanation: t('softnet.squeeze.explanation'),
      evidence: [
        ...squeezes.map((c) => counterEvidence('time_squeeze', `cpu${c.cpu}`, c.before.timeSqueeze, c.after.timeSqueeze, SOURCE)),
        ...knobEvidence(i.after, BUDGET_KEY, 'net.core.netdev_budget'),
        ...knobEvidence(i.after, USECS_KEY, 'net.core.netdev_budget_usecs'),
      ],
      action: t('softnet.squeeze.action'),
    });
  }
  if (findings.length === 0) notes.push(t('softnet.note.clean', { n: cpus.length, window: phraseWindow(i) }));
  const past = i.after.cpus.filter((c) => c.dropped > 0 && !drops.some((d) => d.cpu === c.cpu));
  if (past.length > 0) notes.push(t('softnet.note.history', { cpus: commas(past.map((c) => msg('softnet.note.cpu-dropped', { cpu: c.cpu, n: c.dropped }))) }));
  return { findings, notes };
}

/**
 * Doubling `net.core.netdev_max_backlog`: safe (a little memory and queueing latency), host-wide, and
 * undone by writing the old value back. Only for a backlog that overflowed during the window.
 */
export function planSoftnetFix(f: Finding): FixProposal | undefined {
  if (f.id !== 'softnet.backlog-drops' || f.details?.kind !== 'sysctl' || f.details.proposed === undefined) return undefined;
  const { key, value, proposed } = f.details;
  return {
    id: `${f.id}:${f.scope}:${key}`,
    findingId: f.id,
    subject: f.subject,
    title: t('softnet.fix.raise', { key, value, proposed }),
    risk: 'safe',
    scope: f.scope,
    commands: [['sysctl', '-w', `${key}=${proposed}`]],
    inverse: [['sysctl', '-w', `${key}=${value}`]],
    presence: { argv: ['sysctl', '-n', key], marker: String(value), match: 'line' },
  };
}

export const softnetLayer = defineLayer<SoftnetData>({
  id: 'softnet',
  title: t('softnet.title'),
  lookedAt: () => 'cat /proc/net/softnet_stat; sysctl net.core.netdev_max_backlog net.core.netdev_budget net.core.netdev_budget_usecs',
  probe: softnetProbe,
  check: checkSoftnet,
  zero: zeroSoftnetData,
  planFix: planSoftnetFix,
});
