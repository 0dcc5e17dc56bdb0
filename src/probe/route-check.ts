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
  if (!route) return { ok: false, command, expected, reason: `${command} printed no route pktdrop could read`, output };
  const on = `the target's link (${expected.join(', ')})`;
  if (route.type !== undefined && route.type !== 'unicast') {
    return { ok: false, command, route, expected, reason: `the route to ${route.dst} is of type ${route.type} (dev ${route.dev}), not by ${on}`, output };
  }
  if (route.gateway !== undefined) {
    return {
      ok: false, command, route, expected, output,
      reason: `the route to ${route.dst} goes via the gateway ${route.gateway} on ${route.dev}, not by ${on}: a probe would leave by ${route.dev} toward whatever answers for that address there`,
    };
  }
  if (!expected.includes(route.dev)) {
    return { ok: false, command, route, expected, output, reason: `the route to ${route.dst} leaves by ${route.dev}, not by ${on}` };
  }
  if (route.flags.includes('linkdown')) {
    return { ok: false, command, route, expected, output, reason: `the route to ${route.dst} leaves by ${route.dev}, which has no carrier (linkdown): the target's end of the link is down` };
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
    const why = r.stderr.trim() || r.failure?.hint || 'failed';
    return { ok: false, command, expected, output: why, reason: `${command}: ${why}: there is no route to the target` };
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
    title: v.route ? `The route to ${v.route.dst} does not lead to the target: no probe was sent` : 'There is no route to the target: no probe was sent',
    explanation:
      `${v.reason}. The path to the target is broken (its link is down or its route is missing), so pktdrop sent no probe: ` +
      `it would have run ${wouldRun}, and those packets would not have reached the target.`,
    evidence: [{ kind: 'state', name: 'route', subject: v.route?.dst ?? 'route', value: v.output, source: v.command }],
    action: `ip -br link show${veth ? ` dev ${veth}` : ''} (is the target's link up?); ip route show; then rerun pktdrop`,
  };
}
