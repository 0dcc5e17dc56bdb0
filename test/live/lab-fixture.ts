/**
 * Helpers for live tests against a real lab (see src/lab/lab.ts): is a lab possible here, run a
 * test inside one and always remove it, prove that nothing the test made is left, and small
 * readers (hping3 loss, TcpExt counters, nft counters) inside the lab's namespace.
 *
 * The host is shared: other labs, containers, nft tables, tracing instances and traffic may come
 * and go while a test runs (the live project's globalSetup starts such a noisy neighbour on
 * purpose, test/live/noisy-neighbour.ts). So a test asserts only on what it created: its lab's
 * container, namespace, veth, state file, the host rules that carry its container's id, its own
 * tracefs instances. Nothing here snapshots or compares the whole host.
 *
 * Under CI (`CI=true`) a lab that cannot start is a failure, never a skip.
 */
import { expect } from 'vitest';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { labDown, labStateDir, labUp, type LabEngine, type LabInfo, type LabOptions, type LabSpec } from '../../src/lab/lab.js';
import { hostVethName, isContainerEngine } from '../../src/lab/lab-parts.js';
import { ProcessRunner, readCommand, type Runner } from '../../src/targets/runner.js';

export const runner: Runner = new ProcessRunner();

export type Availability = { ok: true } | { ok: false; reason: string };

/**
 * A lab name for this test run: `base` plus a tag from this worker's pid, so two runs of the suite
 * on one host (or a lab someone left with the plain name) do not collide.
 */
export function labName(base: string): string {
  return `${base}-${(process.pid % 46_656).toString(36).padStart(3, '0')}`;
}

/**
 * Whether a lab of `engine` can be built here: root, iproute2, nginx, iptables, nft, tc, python3,
 * nsenter and (for docker/podman) an answering engine; `alsoNeeds` adds tools the test uses (hping3).
 */
export async function labAvailability(engine: LabEngine, alsoNeeds: readonly string[] = ['hping3']): Promise<Availability> {
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return { ok: false, reason: 'the lab needs root' };
  const tools: [string, string[], string][] = [
    ['ip', ['ip', '-V'], 'iproute2'],
    ['nginx', ['nginx', '-v'], 'nginx-light'],
    ['iptables', ['iptables', '--version'], 'iptables'],
    ['nft', ['nft', '--version'], 'nftables'],
    ['tc', ['tc', '-V'], 'iproute2'],
    ['python3', ['python3', '--version'], 'python3'],
    ['nsenter', ['nsenter', '--version'], 'util-linux'],
  ];
  if (alsoNeeds.includes('hping3')) tools.push(['hping3', ['hping3', '--version'], 'hping3']);
  for (const [name, argv, pkg] of tools) {
    const r = await runner.run(readCommand(argv));
    if (r.failure?.kind === 'not-found') return { ok: false, reason: `${name} is not installed (apt-get install ${pkg})` };
  }
  if (!existsSync('/usr/sbin/nginx') && !existsSync('/usr/bin/nginx')) return { ok: false, reason: 'nginx is not under /usr' };
  if (engine === 'docker') {
    const r = await runner.run(readCommand(['docker', 'info', '--format', '{{.ServerVersion}}'], 20_000));
    if (!r.ok) return { ok: false, reason: `the Docker engine does not answer: ${r.failure?.hint ?? 'docker info failed'}` };
  }
  if (engine === 'podman') {
    const r = await runner.run(readCommand(['podman', 'info', '--format', '{{.Version.Version}}'], 20_000));
    if (r.failure?.kind === 'not-found') return { ok: false, reason: 'podman is not installed (apt-get install podman; .ci/run also configures it)' };
    if (!r.ok) return { ok: false, reason: `podman does not answer: ${r.stderr.trim().split('\n').pop() ?? r.failure?.hint ?? 'podman info failed'}` };
  }
  return { ok: true };
}

/**
 * Skip the current test (visibly, with the reason) when the lab is unavailable — or, under
 * `CI=true`, fail it with the reason. Call first thing in the test: `await requireLabOrSkip('docker', ctx)`.
 */
export async function requireLabOrSkip(engine: LabEngine, ctx: { skip: (note?: string) => never }): Promise<void> {
  const a = await labAvailability(engine);
  if (a.ok) return;
  if (process.env.CI === 'true') throw new Error(`live lab (${engine}) unavailable under CI: ${a.reason}`);
  console.warn(`SKIPPED live lab test (${engine}): ${a.reason}`);
  ctx.skip(a.reason);
}

async function lines(argv: readonly string[]): Promise<string[]> {
  const r = await runner.run(readCommand(argv, 30_000));
  return r.ok ? r.stdout.split('\n').map((l) => l.trim()).filter((l) => l !== '') : [];
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Objects a lab made besides those named after it: learnt while it is up (see {@link labObjects}). */
export interface LabObjects {
  /** The lab's container id (docker or podman). */
  readonly containerId?: string;
  /** Host-side links of the lab: a netns lab's veth end, a container's veth peer. */
  readonly hostLinks: readonly string[];
}

/**
 * Everything on this host that belongs to the lab `name` (and to `objects`, learnt while it was up):
 * - containers in Docker and podman named `name` or labelled `pktdrop.lab=<name>`;
 * - the network namespace `name`;
 * - host links: the netns lab's veth end (`pdlab-<hash>`) and the recorded ones;
 * - the lab's state file and directory;
 * - host iptables rules (either backend) and nft tables whose comment or name carries the lab's
 *   name or its container's id (podman's CNI plugin comments its rules with the container id).
 * Empty lists mean nothing of the lab is left. Counters and other objects are never read.
 */
export interface LabFootprint {
  readonly containers: string[];
  readonly netns: string[];
  readonly links: string[];
  readonly state: string[];
  readonly rules: string[];
}

export async function labFootprint(name: string, objects: LabObjects = { hostLinks: [] }): Promise<LabFootprint> {
  const containers: string[] = [];
  for (const runtime of ['docker', 'podman'] as const) {
    const nameFilter = runtime === 'docker' ? `name=^/${name}$` : `name=^${name}$`;
    for (const filter of [nameFilter, `label=pktdrop.lab=${name}`]) {
      for (const id of await lines([runtime, 'ps', '-a', '-q', '--no-trunc', '--filter', filter])) {
        const item = `${runtime} container ${id.slice(0, 12)}`;
        if (!containers.includes(item)) containers.push(item);
      }
    }
  }
  const netns = (await lines(['ip', 'netns', 'list'])).map((l) => l.split(/\s+/)[0] ?? '').filter((n) => n === name);
  const links: string[] = [];
  for (const link of new Set([hostVethName(name), ...objects.hostLinks])) {
    if ((await runner.run(readCommand(['ip', '-j', 'link', 'show', 'dev', link]))).ok) links.push(link);
  }
  const stateDir = join(labStateDir(), 'lab');
  const state = [join(stateDir, `${name}.json`), join(stateDir, name)].filter((p) => existsSync(p));
  const marks = [name, ...(objects.containerId ? [objects.containerId] : [])];
  const carries = (l: string): boolean => marks.some((m) => l.includes(m));
  const rules = [
    ...(await lines(['iptables-save'])).filter((l) => l.startsWith('-A') && carries(l)).map((l) => `iptables: ${l}`),
    ...(await lines(['iptables-legacy-save'])).filter((l) => l.startsWith('-A') && carries(l)).map((l) => `iptables-legacy: ${l}`),
    ...(await lines(['nft', 'list', 'tables'])).filter(carries).map((l) => `nft: ${l}`),
  ];
  return { containers, netns, links, state, rules };
}

export const EMPTY_FOOTPRINT: LabFootprint = { containers: [], netns: [], links: [], state: [], rules: [] };

/**
 * The lab's footprint once whatever the kernel and the engines finish asynchronously has finished:
 * a veth outlives `ip netns del` by a moment, so an unfinished removal is polled for up to 5 s
 * before it counts as a leak.
 */
export async function settledFootprint(name: string, objects?: LabObjects): Promise<LabFootprint> {
  let f = await labFootprint(name, objects);
  for (let waited = 0; waited < 5000 && JSON.stringify(f) !== JSON.stringify(EMPTY_FOOTPRINT); waited += 100) {
    await sleep(100);
    f = await labFootprint(name, objects);
  }
  return f;
}

/** The host-side objects of a running lab that are not named after it: its container id and veth peer. */
export async function labObjects(info: LabInfo): Promise<LabObjects> {
  if (!info.container || !isContainerEngine(info.engine)) return { hostLinks: info.netns ? [info.netns.hostVeth] : [] };
  // eth0's peer: `link_index` inside the container is the host end's ifindex.
  const inside = await runner.run(readCommand(inLabNamespace(info, ['ip', '-j', 'link', 'show', 'dev', 'eth0'])));
  const host = await runner.run(readCommand(['ip', '-j', 'link', 'show']));
  let hostLinks: string[] = [];
  try {
    const peer = (JSON.parse(inside.stdout) as { link_index?: number }[])[0]?.link_index;
    const all = JSON.parse(host.stdout) as { ifindex: number; ifname: string }[];
    hostLinks = all.filter((l) => l.ifindex === peer).map((l) => l.ifname);
  } catch {
    hostLinks = [];
  }
  return { containerId: info.container.id, hostLinks };
}

/**
 * Build the lab, run `fn`, and always remove the lab; then assert that nothing the lab made is
 * left (its {@link labFootprint}, with the container id and veth peer learnt while it was up).
 * Nothing of that name may exist before. A failure of `fn` is not masked.
 */
export async function withLab<T>(spec: LabSpec, fn: (info: LabInfo) => Promise<T>, opts: LabOptions = {}): Promise<T> {
  expect(await labFootprint(spec.name), `nothing of lab ${spec.name} exists before it is built`).toEqual(EMPTY_FOOTPRINT);
  const up = await labUp(runner, spec, opts);
  if (!up.ok) {
    expect(await settledFootprint(spec.name), 'a failed lab up must roll back everything it made').toEqual(EMPTY_FOOTPRINT);
    throw new Error(`lab up failed: ${up.message}${up.hint ? ` (${up.hint})` : ''}`);
  }
  const objects = await labObjects(up.info);
  let failed = false;
  try {
    return await fn(up.info);
  } catch (e) {
    failed = true;
    throw e;
  } finally {
    const down = await labDown(runner, { name: spec.name }, opts);
    const after = await settledFootprint(spec.name, objects);
    if (!failed) {
      expect(down.ok, down.ok ? '' : down.message).toBe(true);
      expect(after, `lab down must remove everything lab ${spec.name} made`).toEqual(EMPTY_FOOTPRINT);
    } else if (!down.ok || JSON.stringify(after) !== JSON.stringify(EMPTY_FOOTPRINT)) {
      console.error(`withLab(${spec.name}): cleanup after a failure left`, down, after);
    }
  }
}

/** `argv` run in the lab's network namespace with the host's tools. */
export function inLabNamespace(info: LabInfo, argv: readonly string[]): string[] {
  if (info.container) return ['nsenter', '-t', String(info.container.pid), '-n', '--', ...argv];
  return ['ip', 'netns', 'exec', info.netns?.name ?? info.name, ...argv];
}

/** The pktdrop target options of a lab: `--container X` (`--runtime podman`), or `--netns X`. */
export function targetArgs(info: LabInfo): string[] {
  return info.diagnoseArgs.slice(1);
}

/**
 * Tracing instances this process made: pktdrop names its private instance
 * `pktdrop-<pid>-<random>` (src/trace/session.ts). Other instances on the host are not ours.
 */
export async function ownTraceInstances(pid: number = process.pid): Promise<string[]> {
  for (const root of ['/sys/kernel/tracing', '/sys/kernel/debug/tracing']) {
    const names = await readdir(join(root, 'instances')).catch(() => undefined);
    if (names) return names.filter((n) => n.startsWith(`pktdrop-${pid}-`)).sort();
  }
  return [];
}

export interface HpingLoss {
  readonly sent: number;
  /** Distinct probe sequence numbers answered (duplicates from SYN-ACK retransmits not counted). */
  readonly answered: number;
  readonly lossPct: number;
  readonly stderr: string;
}

/**
 * A bounded SYN probe: `hping3 -c <count> -i u100000 -S -p <port> <address>` (10 probes/s). hping3
 * prints one line per reply on stdout (`... seq=N ... rtt=...`, `DUP!` for repeats) and its summary
 * (`N packets transmitted, M packets received, P% packet loss`) on stderr.
 */
export async function hpingLoss(address: string, port: number, count = 20): Promise<HpingLoss> {
  const r = await runner.run(readCommand(['hping3', '-c', String(count), '-i', 'u100000', '-S', '-p', String(port), address], 60_000));
  const sent = Number(/(\d+) packets transmitted/.exec(r.stderr)?.[1] ?? NaN);
  const seqs = new Set<string>();
  for (const line of r.stdout.split('\n')) {
    const m = /\bseq=(\d+)\b.*\bflags=SA\b|\bflags=SA\b.*\bseq=(\d+)\b/.exec(line);
    if (m) seqs.add(m[1] ?? m[2] ?? '');
  }
  const answered = seqs.size;
  return { sent, answered, lossPct: sent > 0 ? Math.round((100 * (sent - answered)) / sent) : NaN, stderr: r.stderr };
}

/** One TcpExt counter (e.g. `ListenDrops`) from /proc/net/netstat inside the lab's namespace. */
export async function tcpExtCounter(info: LabInfo, counter: string): Promise<number> {
  const r = await runner.run(readCommand(inLabNamespace(info, ['cat', '/proc/net/netstat'])));
  const rows = r.stdout.split('\n');
  for (let i = 0; i + 1 < rows.length; i += 2) {
    const names = (rows[i] ?? '').trim().split(/\s+/);
    const values = (rows[i + 1] ?? '').trim().split(/\s+/);
    if (names[0] !== 'TcpExt:') continue;
    const idx = names.indexOf(counter);
    if (idx > 0) return Number(values[idx]);
  }
  return NaN;
}

/** The packet count of the lab's nft drop rule (`counter packets N bytes M`). */
export async function nftDropPackets(info: LabInfo): Promise<number> {
  const r = await runner.run(readCommand(inLabNamespace(info, ['nft', 'list', 'chain', 'inet', 'pktdrop_lab', 'input'])));
  return Number(/tcp dport 80 counter packets (\d+) bytes \d+ drop/.exec(r.stdout)?.[1] ?? NaN);
}

/** An HTTP GET over a plain TCP socket; resolves with the status line and body, or null. */
export async function httpGet(address: string, port = 80, timeoutMs = 3000): Promise<string | null> {
  const { connect } = await import('node:net');
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const s = connect({ host: address, port });
    const timer = setTimeout(() => { s.destroy(); resolve(null); }, timeoutMs);
    s.on('connect', () => s.write(`GET / HTTP/1.0\r\nHost: ${address}\r\n\r\n`));
    s.on('data', (d: Buffer) => chunks.push(d));
    s.on('end', () => { clearTimeout(timer); resolve(Buffer.concat(chunks).toString('utf8')); });
    s.on('error', () => { clearTimeout(timer); resolve(null); });
  });
}

export type { LabInfo, LabSpec, LabEngine };
