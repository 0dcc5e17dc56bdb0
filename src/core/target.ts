/**
 * Targets: where commands run. A host target runs commands as they are; a container or netns
 * target runs them inside its network namespace, and also knows the host side of its path.
 */
import type { Scope } from './types.js';

export type Runtime = 'docker' | 'podman';

export type TargetSpec =
  | { readonly kind: 'host' }
  | { readonly kind: 'container'; readonly ref: string; readonly runtime: Runtime }
  | { readonly kind: 'netns'; readonly name: string };

/** How a command reaches the target's network namespace. */
export type Access =
  | { readonly via: 'host' }
  /** The host's own tools, run inside the container's network namespace. */
  | { readonly via: 'nsenter'; readonly pid: number }
  /** The tools of the container image, through the runtime. */
  | { readonly via: 'exec'; readonly runtime: Runtime; readonly id: string }
  | { readonly via: 'netns'; readonly name: string };

/** The host end of a container's or netns's link: the veth peer and the bridge it hangs on. */
export interface HostSide {
  readonly interfaces: readonly string[];
}

export interface ResolvedTarget {
  readonly spec: TargetSpec;
  /** `host`, `container nginx (3f2a1b9c0d1e)`, `netns pktdrop-lab`. */
  readonly label: string;
  readonly access: Access;
  /** IPv4 addresses of the target (empty for the host). */
  readonly addresses: readonly string[];
  /** TCP ports the target listens on, from its own socket table. */
  readonly listeningPorts: readonly number[];
  /** The target's interfaces (inside its namespace), without `lo`. */
  readonly interfaces: readonly string[];
  readonly hostSide?: HostSide;
  /** What pktdrop decided while resolving, in plain words (shown under --verbose and in JSON). */
  readonly notes: readonly string[];
}

/** The scopes a target has: the host has one; a container or netns also has the host side of its path. */
export function scopesOf(target: ResolvedTarget): readonly Scope[] {
  return target.spec.kind === 'host' ? ['target'] : ['target', 'host'];
}

/** The argv that runs `argv` in `scope` of `target`. The host scope runs commands as they are. */
export function inScope(target: ResolvedTarget, scope: Scope, argv: readonly string[]): readonly string[] {
  if (scope === 'host') return argv;
  const a = target.access;
  switch (a.via) {
    case 'host':
      return argv;
    case 'nsenter':
      return ['nsenter', '-t', String(a.pid), '-n', '--', ...argv];
    case 'exec':
      return [a.runtime, 'exec', a.id, ...argv];
    case 'netns':
      return ['ip', 'netns', 'exec', a.name, ...argv];
  }
}

/** How commands reach the target, in words for the report. */
export function describeAccess(target: ResolvedTarget): string {
  const a = target.access;
  switch (a.via) {
    case 'host':
      return 'commands run on the host';
    case 'nsenter':
      return `the host's tools run in the container's network namespace (nsenter -t ${a.pid} -n)`;
    case 'exec':
      return `commands run inside the container (${a.runtime} exec ${a.id.slice(0, 12)})`;
    case 'netns':
      return `commands run in the namespace (ip netns exec ${a.name})`;
  }
}

const CONTAINER_REF = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,254}$/;
const NETNS_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$/;

/** Validates a container name or id; returns the reason it is refused, or undefined. */
export function invalidContainerRef(ref: string): string | undefined {
  if (ref.startsWith('-')) return `container name "${ref}" starts with "-"; refusing it (it would be read as an option)`;
  if (!CONTAINER_REF.test(ref)) return `"${ref}" is not a valid container name or id (letters, digits, _ . - only)`;
  return undefined;
}

/** Validates a network namespace name; returns the reason it is refused, or undefined. */
export function invalidNetnsName(name: string): string | undefined {
  if (name.startsWith('-')) return `namespace name "${name}" starts with "-"; refusing it (it would be read as an option)`;
  if (!NETNS_NAME.test(name) || name === '.' || name === '..') {
    return `"${name}" is not a valid network namespace name (letters, digits, _ . - only)`;
  }
  return undefined;
}
