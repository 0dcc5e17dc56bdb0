/**
 * Resolving a target: find the container or namespace, decide how to reach it, and learn its
 * addresses, listening ports, interfaces and the host end of its link. Every failure is a value
 * with a one-line message a person can act on.
 */
import { arr, field, isRecord, num, parseJson, str } from '../core/json.js';
import type { CommandResult } from '../core/types.js';
import { parseIpLinkJson } from '../layers/link/parse-ip-link.js';
import type { LinkState } from '../layers/link/model.js';
import { parseListeningSockets } from './parse-proc-net-tcp.js';
import { parseSsListen } from './parse-ss-ltn.js';
import { runReads } from './batch.js';
import { readCommand, type Runner } from './runner.js';
import { t } from '../i18n/index.js';
import {
  inScope,
  invalidContainerRef,
  invalidNetnsName,
  type Access,
  type ResolvedTarget,
  type Runtime,
  type TargetSpec,
} from '../core/target.js';

export type ResolveOutcome = { readonly ok: true; readonly target: ResolvedTarget } | { readonly ok: false; readonly message: string };

const fail = (message: string): ResolveOutcome => ({ ok: false, message });

function runtimeError(runtime: Runtime, ref: string, r: CommandResult): string {
  if (r.failure?.kind === 'not-found') {
    return runtime === 'docker' ? t('targets.resolve.docker-not-found') : t('targets.resolve.podman-not-found');
  }
  if (r.failure?.kind === 'timeout') return t('targets.resolve.runtime-timeout', { runtime });
  const err = r.stderr;
  if (/no such (container|object)/i.test(err)) return t('targets.resolve.no-container', { ref, runtime });
  if (/cannot connect to the docker daemon|is the docker daemon running|connection refused/i.test(err)) {
    return t('targets.resolve.daemon-down', { runtime });
  }
  if (/permission denied/i.test(err)) return t('targets.resolve.runtime-denied', { runtime });
  return t('targets.resolve.inspect-failed', { runtime, ref, hint: r.failure?.hint ?? t('targets.resolve.unknown-error') });
}

interface ContainerFacts {
  readonly id: string;
  readonly name: string;
  readonly running: boolean;
  readonly status: string;
  readonly pid: number;
  readonly addresses: readonly string[];
  readonly networkMode: string;
}

/** The facts pktdrop needs from `docker container inspect` JSON, or undefined if it is not that. */
export function parseContainerInspect(text: string): ContainerFacts | undefined {
  const doc = arr(parseJson(text))[0];
  if (!isRecord(doc)) return undefined;
  const id = str(doc['Id']);
  if (!id) return undefined;
  const networks = field(doc, 'NetworkSettings', 'Networks');
  const addresses = new Set<string>();
  if (isRecord(networks)) {
    for (const n of Object.values(networks)) {
      const ip = str(field(n, 'IPAddress'));
      if (ip) addresses.add(ip);
    }
  }
  const legacy = str(field(doc, 'NetworkSettings', 'IPAddress'));
  if (legacy) addresses.add(legacy);
  return {
    id,
    name: (str(doc['Name']) ?? id).replace(/^\//, ''),
    running: field(doc, 'State', 'Running') === true,
    status: str(field(doc, 'State', 'Status')) ?? 'unknown',
    pid: num(field(doc, 'State', 'Pid')) ?? 0,
    addresses: [...addresses],
    networkMode: str(field(doc, 'HostConfig', 'NetworkMode')) ?? '',
  };
}

/** IPv4 addresses from `ip -j -4 addr show`, without loopback. */
export function parseIpv4Addresses(text: string): string[] {
  const out: string[] = [];
  for (const link of arr(parseJson(text))) {
    if (str(field(link, 'ifname')) === 'lo') continue;
    for (const info of arr(field(link, 'addr_info'))) {
      const local = str(field(info, 'local'));
      if (str(field(info, 'family')) === 'inet' && local && !local.startsWith('127.')) out.push(local);
    }
  }
  return out;
}

const LIST_LINKS = ['ip', '-j', 'link', 'show'] as const;
/**
 * Listening sockets through netlink: the kernel walks only the listening hash. `/proc/net/tcp` walks
 * the whole established hash (262,144 buckets here, 5–7 ms per file), so it is only the fallback
 * for a target without ss.
 */
const LIST_LISTENERS = ['ss', '-Htln'] as const;
const TCP_TABLES = ['/proc/net/tcp', '/proc/net/tcp6'] as const;

function linksOf(r: CommandResult | undefined): LinkState[] | undefined {
  if (!r?.ok) return undefined;
  const p = parseIpLinkJson(r.stdout);
  return p.ok ? p.data : undefined;
}

/** 127/8 and ::1 as ss prints them (`[::1]`, `[::ffff:127.0.0.1]`) and as the socket tables decode them. */
const onLoopback = (address: string): boolean => /^(127\.|\[?::1\]?$|\[::ffff:127\.|0:0:0:0:0:0:0:1$)/.test(address);

/** TCP ports the target listens on (not on loopback only), from `ss -Htln`; undefined if it failed. */
export function portsFromSs(r: CommandResult | undefined): number[] | undefined {
  if (!r?.ok) return undefined;
  if (r.stdout.trim() === '') return [];
  const p = parseSsListen(r.stdout);
  if (!p.ok) return undefined;
  const ports = new Set<number>();
  for (const l of p.data) {
    const address = l.local.slice(0, l.local.lastIndexOf(':')).replace(/%[^\]]*$/, '');
    if (l.port !== undefined && !onLoopback(address)) ports.add(l.port);
  }
  return [...ports].sort((a, b) => a - b);
}

/** The same from the socket tables, for a target without ss. */
function portsFromProc(results: readonly (CommandResult | undefined)[]): number[] {
  const ports = new Set<number>();
  for (const r of results) {
    if (!r?.ok) continue;
    const p = parseListeningSockets(r.stdout);
    if (!p.ok) continue;
    for (const s of p.data) {
      if (onLoopback(s.address)) continue;
      ports.add(s.port);
    }
  }
  return [...ports].sort((a, b) => a - b);
}

/**
 * Interfaces inside the target and, through each veth's peer ifindex, the host end of its link
 * and the bridge that host end is enslaved to.
 */
export function discoverLinks(inside: LinkState[] | undefined, host: LinkState[] | undefined): { interfaces: string[]; hostSide: string[]; notes: string[] } {
  const notes: string[] = [];
  if (!inside) {
    notes.push(t('targets.resolve.note.target-links'));
    return { interfaces: [], hostSide: [], notes };
  }
  const interfaces = inside.filter((l) => l.name !== 'lo').map((l) => l.name);
  const veths = inside.filter((l) => l.peerIfindex !== undefined);
  if (veths.length === 0) return { interfaces, hostSide: [], notes };
  if (!host) {
    notes.push(t('targets.resolve.note.host-side-links'));
    return { interfaces, hostSide: [], notes };
  }
  const hostSide = new Set<string>();
  for (const l of veths) {
    const peer = host.find((h) => h.ifindex === l.peerIfindex);
    if (!peer) {
      notes.push(t('targets.resolve.note.peer-elsewhere', { dev: l.name, ifindex: String(l.peerIfindex) }));
      continue;
    }
    // An ifindex names a device only within one namespace (the peer's is given by link-netnsid). The
    // host device with that number is the peer only when it is a veth pointing back at this interface;
    // otherwise it is an unrelated device and the real peer lives in another namespace.
    if (peer.peerIfindex !== l.ifindex) {
      notes.push(
        peer.peerIfindex === undefined
          ? t('targets.resolve.note.peer-not-veth', { dev: l.name, ifindex: String(l.peerIfindex), host: peer.name })
          : t('targets.resolve.note.peer-points-elsewhere', { dev: l.name, ifindex: String(l.peerIfindex), host: peer.name, points: String(peer.peerIfindex), own: String(l.ifindex) }),
      );
      continue;
    }
    hostSide.add(peer.name);
    if (peer.master) hostSide.add(peer.master);
  }
  if (hostSide.size > 0) notes.push(t('targets.resolve.note.host-side', { devs: [...hostSide].join(', ') }));
  return { interfaces, hostSide: [...hostSide], notes };
}

/**
 * Learn the target's interfaces, listening ports and host side: one round trip into the target
 * (its links and socket tables), concurrent with one on the host (its links).
 */
async function complete(runner: Runner, base: ResolvedTarget, batch: boolean): Promise<ResolvedTarget> {
  const [inside, host] = await Promise.all([
    runReads(runner, base, 'target', [LIST_LINKS, LIST_LISTENERS], batch),
    runReads(runner, base, 'host', [LIST_LINKS], batch),
  ]);
  const links = discoverLinks(linksOf(inside[0]), linksOf(host[0]));
  const ports = portsFromSs(inside[1]) ?? portsFromProc(await runReads(runner, base, 'target', TCP_TABLES.map((f) => ['cat', f]), batch));
  return {
    ...base,
    interfaces: links.interfaces,
    listeningPorts: ports,
    ...(links.hostSide.length > 0 ? { hostSide: { interfaces: links.hostSide } } : {}),
    notes: [...base.notes, ...links.notes],
  };
}

export interface ResolveOptions {
  /** Root may enter namespaces with nsenter; others must use the runtime's exec. */
  readonly isRoot: boolean;
  /** Read each scope in one process ({@link runReads}). */
  readonly batch?: boolean;
}

async function resolveContainer(
  runner: Runner,
  spec: Extract<TargetSpec, { kind: 'container' }>,
  opts: ResolveOptions,
): Promise<ResolveOutcome> {
  const bad = invalidContainerRef(spec.ref);
  if (bad) return fail(bad);
  const r = await runner.run(readCommand([spec.runtime, 'container', 'inspect', spec.ref]));
  if (!r.ok) return fail(runtimeError(spec.runtime, spec.ref, r));
  const facts = parseContainerInspect(r.stdout);
  if (!facts) return fail(t('targets.resolve.inspect-unreadable', { runtime: spec.runtime, ref: spec.ref }));
  if (!facts.running || facts.pid <= 0) {
    return fail(t('targets.resolve.not-running', { name: facts.name, status: facts.status, runtime: spec.runtime }));
  }
  const notes: string[] = [];
  let access: Access;
  if (opts.isRoot) {
    access = { via: 'nsenter', pid: facts.pid };
    notes.push(t('targets.resolve.note.nsenter', { pid: String(facts.pid) }));
  } else {
    access = { via: 'exec', runtime: spec.runtime, id: facts.id };
    notes.push(t('targets.resolve.note.exec', { runtime: spec.runtime }));
  }
  if (facts.networkMode === 'host') notes.push(t('targets.resolve.note.host-network'));
  const base: ResolvedTarget = {
    spec,
    label: `container ${facts.name} (${facts.id.slice(0, 12)})`,
    access,
    identity: { containerId: facts.id, pid: facts.pid },
    addresses: facts.addresses,
    listeningPorts: [],
    interfaces: [],
    notes,
  };
  return { ok: true, target: await complete(runner, base, opts.batch === true) };
}

async function resolveNetns(runner: Runner, spec: Extract<TargetSpec, { kind: 'netns' }>, opts: ResolveOptions): Promise<ResolveOutcome> {
  const bad = invalidNetnsName(spec.name);
  if (bad) return fail(bad);
  const base: ResolvedTarget = {
    spec,
    label: `netns ${spec.name}`,
    access: { via: 'netns', name: spec.name },
    addresses: [],
    listeningPorts: [],
    interfaces: [],
    notes: [t('targets.resolve.note.netns', { name: spec.name })],
  };
  // Checked on its own first, so a name that does not exist costs one command and a clear message.
  const r = await runner.run(readCommand(inScope(base, 'target', ['ip', '-j', '-4', 'addr', 'show'])));
  if (!r.ok) {
    if (r.failure?.kind === 'not-found') return fail(t('targets.resolve.ip-not-found'));
    if (/cannot open network namespace|no such file/i.test(r.stderr)) {
      return fail(t('targets.resolve.no-netns', { name: spec.name }));
    }
    return fail(t('targets.resolve.netns-enter-failed', { name: spec.name, hint: r.failure?.hint ?? t('targets.resolve.unknown-error') }));
  }
  return { ok: true, target: await complete(runner, { ...base, addresses: parseIpv4Addresses(r.stdout) }, opts.batch === true) };
}

async function resolveHost(runner: Runner, spec: TargetSpec): Promise<ResolveOutcome> {
  const links = linksOf(await runner.run(readCommand(LIST_LINKS)));
  return {
    ok: true,
    target: {
      spec,
      label: 'host',
      access: { via: 'host' },
      addresses: [],
      listeningPorts: [],
      interfaces: (links ?? []).filter((l) => l.name !== 'lo').map((l) => l.name),
      notes: links ? [] : [t('targets.resolve.note.host-links')],
    },
  };
}

/** Find the target and learn how to reach it. Never throws. */
export async function resolveTarget(runner: Runner, spec: TargetSpec, opts: ResolveOptions): Promise<ResolveOutcome> {
  switch (spec.kind) {
    case 'host':
      return resolveHost(runner, spec);
    case 'container':
      return resolveContainer(runner, spec, opts);
    case 'netns':
      return resolveNetns(runner, spec, opts);
  }
}
