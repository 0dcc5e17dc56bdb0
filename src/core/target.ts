/**
 * Targets: where commands run. A host target runs commands as they are; a container or netns
 * target runs them inside its network namespace, and also knows the host side of its path.
 */
import { t } from '../i18n/index.js';
import type { Scope } from './types.js';

export type Runtime = 'docker' | 'podman';

export type TargetSpec =
  | { readonly kind: 'host' }
  | { readonly kind: 'container'; readonly ref: string; readonly runtime: Runtime }
  | { readonly kind: 'netns'; readonly name: string };

/**
 * How a command reaches the target's network namespace. `pinned`, when set, is the path of a file
 * descriptor this process holds open on the namespace itself for the whole run (`/proc/<pktdrop's
 * pid>/fd/N`, opened from `/proc/PID/ns/net` or `/run/netns/NAME` once, when the target was resolved).
 * Commands enter it with `nsenter --net=<that path>`: the path resolves through pktdrop's own
 * descriptor to the namespace object it holds, so a PID reused by another process, or a namespace
 * re-created under the same name, can never redirect a read or a change. An open descriptor keeps the
 * namespace alive; whether the target is still the instance resolved is a separate check
 * ({@link TargetIdentity}).
 */
export type Access =
  | { readonly via: 'host' }
  /** The host's own tools, run inside the container's network namespace. */
  | { readonly via: 'nsenter'; readonly pid: number; readonly pinned?: string }
  /** The tools of the container image, through the runtime. */
  | { readonly via: 'exec'; readonly runtime: Runtime; readonly id: string }
  | { readonly via: 'netns'; readonly name: string; readonly pinned?: string };

/**
 * Which instance of a target a run saw, so that a later check (before every change, and by `undo`)
 * can tell "the same" from "another one under the same name":
 * - `bootId`: `/proc/sys/kernel/random/boot_id`, new at every boot (rules, qdiscs and sysctls do not
 *   survive a reboot);
 * - `containerId`: the runtime's full container id (a container re-created under its name gets a new one);
 * - `netnsInode`: the inode of the network namespace (nsfs; `stat -L -c %i /proc/PID/ns/net`), unique
 *   among the namespaces alive at one time;
 * - `pid`, `pidStart`: the container's init and its start time (field 22 of `/proc/PID/stat`, clock
 *   ticks since boot): a PID reused by another process has another start time.
 */
export interface TargetIdentity {
  readonly bootId?: string;
  readonly containerId?: string;
  readonly netnsInode?: number;
  readonly pid?: number;
  readonly pidStart?: number;
}

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
  /** The instance resolved (set once the target is pinned; see {@link TargetIdentity}). */
  readonly identity?: TargetIdentity;
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
      return a.pinned !== undefined ? pinnedArgv(a.pinned, argv) : ['nsenter', '-t', String(a.pid), '-n', '--', ...argv];
    case 'exec':
      return [a.runtime, 'exec', a.id, ...argv];
    case 'netns':
      return a.pinned !== undefined ? pinnedArgv(a.pinned, argv) : ['ip', 'netns', 'exec', a.name, ...argv];
  }
}

/** `nsenter --net=<held descriptor> -- argv`. */
export const pinnedArgv = (pinned: string, argv: readonly string[]): readonly string[] => ['nsenter', `--net=${pinned}`, '--', ...argv];

/** How commands reach the target, in words for the report. */
export function describeAccess(target: ResolvedTarget): string {
  const a = target.access;
  switch (a.via) {
    case 'host':
      return t('core.access.host');
    case 'nsenter':
      return a.pinned !== undefined ? t('core.access.nsenter-pinned', { pinned: a.pinned, pid: a.pid }) : t('core.access.nsenter', { pid: a.pid });
    case 'exec':
      return t('core.access.exec', { runtime: a.runtime, id: a.id.slice(0, 12) });
    case 'netns':
      return a.pinned !== undefined ? t('core.access.netns-pinned', { pinned: a.pinned, name: a.name }) : t('core.access.netns', { name: a.name });
  }
}

const CONTAINER_REF = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,254}$/;
const NETNS_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$/;

/** Validates a container name or id; returns the reason it is refused, or undefined. */
export function invalidContainerRef(ref: string): string | undefined {
  if (ref.startsWith('-')) return t('core.ref.dash', { ref });
  if (!CONTAINER_REF.test(ref)) return t('core.ref.invalid', { ref });
  return undefined;
}

/** Validates a network namespace name; returns the reason it is refused, or undefined. */
export function invalidNetnsName(name: string): string | undefined {
  if (name.startsWith('-')) return t('core.netns.dash', { name });
  if (!NETNS_NAME.test(name) || name === '.' || name === '..') return t('core.netns.invalid', { name });
  return undefined;
}
