/**
 * The pinned probe. Before a probe is sent to a container or a namespace, the route it would take is
 * read from the prober's own namespace (`ip -j route get ADDR`, on the host) and compared with the
 * path: it must leave by the target's link (its bridge or the host end of its veth), with no gateway.
 * When the veth is down, its connected route disappears and the kernel would send the probe to the
 * default gateway, off this machine, toward whatever owns that address there: then no probe is sent,
 * and the broken path is the finding.
 */
import type { Finding } from '../core/types.js';
import { displayArgv, readCommand, type Runner } from '../targets/runner.js';
import { t } from '../i18n/index.js';

/** The route the kernel picked, as `ip -j route get` printed it. */
export interface RouteChoice {
  readonly dst: string;
  readonly dev: string;
  /** Set when the route goes through a router: the probe would leave this link. */
  readonly gateway?: string;
  /** `linkdown`: the device has no carrier (its peer is down). */
  readonly flags: readonly string[];
  /** `local`, `unreachable`, ...; absent for a plain unicast route. */
  readonly type?: string;
}

/** The outcome of the check: the probe may go (`ok`), or it must not, and why. */
export type RouteVerdict =
  | { readonly ok: true; readonly command: string; readonly route: RouteChoice; readonly expected: readonly string[] }
  | { readonly ok: false; readonly command: string; readonly route?: RouteChoice; readonly expected: readonly string[]; readonly reason: string; readonly output: string };

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parse `ip -j route get ADDR`. Pure. */
export function parseRouteGet(stdout: string): RouteChoice | undefined {
  let v: unknown;
  try {
    v = JSON.parse(stdout);
  } catch {
    return undefined;
  }
  const first: unknown = Array.isArray(v) ? v[0] : undefined;
  if (!isObj(first) || typeof first['dst'] !== 'string' || typeof first['dev'] !== 'string') return undefined;
  const flags = Array.isArray(first['flags']) ? first['flags'].filter((x): x is string => typeof x === 'string') : [];
  return {
    dst: first['dst'],
    dev: first['dev'],
    flags,
    ...(typeof first['gateway'] === 'string' ? { gateway: first['gateway'] } : {}),
    ...(typeof first['type'] === 'string' ? { type: first['type'] } : {}),
  };
}

/**
 * Judge the route against the devices the path leaves by (`expected`: the bridge and the host end of
 * the veth). Pure.
 */
export function judgeRoute(command: string, stdout: string, expected: readonly string[]): RouteVerdict {
  const route = parseRouteGet(stdout);
  const output = stdout.trim();
  if (!route) return { ok: false, command, expected, reason: t('probe.route.unreadable', { command }), output };
  const on = t('probe.route.on-link', { devs: expected.join(', ') });
  if (route.type !== undefined && route.type !== 'unicast') {
    return { ok: false, command, route, expected, reason: t('probe.route.type', { dst: route.dst, type: route.type, dev: route.dev, on }), output };
  }
  if (route.gateway !== undefined) {
    return {
      ok: false, command, route, expected, output,
      reason: t('probe.route.gateway', { dst: route.dst, gateway: route.gateway, dev: route.dev, on }),
    };
  }
  if (!expected.includes(route.dev)) {
    return { ok: false, command, route, expected, output, reason: t('probe.route.other-dev', { dst: route.dst, dev: route.dev, on }) };
  }
  if (route.flags.includes('linkdown')) {
    return { ok: false, command, route, expected, output, reason: t('probe.route.linkdown', { dst: route.dst, dev: route.dev }) };
  }
  return { ok: true, command, route, expected };
}

/** Read the route from the host (the prober's namespace) and judge it. Never throws. */
export async function checkProbeRoute(runner: Runner, address: string, expected: readonly string[]): Promise<RouteVerdict> {
  const argv = ['ip', '-j', 'route', 'get', address];
  const command = displayArgv(argv);
  const r = await runner.run(readCommand(argv));
  if (!r.ok) {
    // `RTNETLINK answers: Network is unreachable`: no route at all.
    const why = r.stderr.trim() || r.failure?.hint;
    // A bare "failed" is never a message of its own (tr would then translate any data that reads "failed").
    if (!why) return { ok: false, command, expected, output: 'failed', reason: t('probe.route.none-failed', { command }) };
    return { ok: false, command, expected, output: why, reason: t('probe.route.none', { command, why }) };
  }
  return judgeRoute(command, r.stdout, expected);
}

/**
 * The finding for a path the probe must not take: a cause at host scope (the probe's path is broken),
 * resting on state, with what the probe would have done.
 */
export function offPathFinding(v: Extract<RouteVerdict, { ok: false }>, wouldRun: string): Finding {
  const veth = v.expected[0];
  return {
    id: 'ip.route-off-path',
    layer: 'ip',
    scope: 'host',
    severity: 'error',
    basis: 'state',
    role: 'cause',
    subject: `route to ${v.route?.dst ?? 'the target'}`,
    title: v.route ? t('probe.route.title', { dst: v.route.dst }) : t('probe.route.title-none'),
    explanation: t('probe.route.explanation', { reason: v.reason, command: wouldRun }),
    evidence: [{ kind: 'state', name: 'route', subject: v.route?.dst ?? 'route', value: v.output, source: v.command }],
    action: veth ? t('probe.route.action-dev', { dev: veth }) : t('probe.route.action'),
  };
}
