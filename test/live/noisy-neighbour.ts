/**
 * The live suite's noisy neighbour (vitest globalSetup of the `live` project): while the live tests
 * run, this host is made busy the way a real one is, so a test that asserts on anything but its own
 * objects fails.
 *
 * - A lab built with the product's own lab code (src/lab/lab.ts), named `pktdrop-neighbour-<tag>`,
 *   with faults: the seed's random DROP rules and a dropping tbf qdisc (Docker; a netns lab where
 *   Docker does not answer, outside CI).
 * - Bounded traffic to that lab only, after `ip route get` shows its address behind the lab's own
 *   bridge or veth: a TCP connect + GET loop at 10/s and raw SYNs with hping3 at 5/s
 *   (test/live/neighbour-traffic.mjs), at most 9,000 connects / 4,500 SYNs and 15 minutes.
 * - An nftables table `inet pktdrop_neighbour_<tag>` on the host: a counter rule on the traffic to
 *   the neighbour and a counter + drop rule on tcp dport 65001, which no test uses.
 * - A tracefs instance `instances/pktdrop_neighbour_<tag>` with skb:kfree_skb enabled.
 *
 * `<tag>` is the pid of the vitest process that owns the neighbour, in base 36: two runs of the
 * suite on one host (it happens: several people share a machine) each have their own neighbour and
 * each is the other's noise. The teardown removes all of it, also when tests failed; the setup
 * first removes what an aborted earlier run left, recognised by a tag whose process is gone (its
 * traffic process by the owner file and its argv marker).
 * Under CI=true a neighbour that cannot start fails the run; elsewhere it warns and the suite runs
 * on a quiet host. Tests can `inject('neighbour')` to see what runs beside them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { labDown, labStateDir, labUp, type LabEngine, type LabInfo } from '../../src/lab/lab.js';
import { mutateCommand, ProcessRunner, readCommand } from '../../src/targets/runner.js';

/** Base 36 of a pid, and back: the owner of every neighbour object is in its name. */
const tagOf = (pid: number): string => pid.toString(36);
const OWNER_TAG = tagOf(process.pid);
export const NEIGHBOUR = `pktdrop-neighbour-${OWNER_TAG}`;
export const NEIGHBOUR_NFT_TABLE = `pktdrop_neighbour_${OWNER_TAG}`;
export const NEIGHBOUR_TRACE_INSTANCE = `pktdrop_neighbour_${OWNER_TAG}`;
/** `pktdrop-neighbour-<tag>` / `pktdrop_neighbour_<tag>` → the owner's pid. */
const OWNED = /^pktdrop[-_]neighbour[-_]([0-9a-z]+)$/;
/** A port no live test uses: the neighbour's host nft drop rule matches nothing of theirs. */
export const NEIGHBOUR_DROP_PORT = 65001;
const TRACEFS = '/sys/kernel/tracing';
const CAP_MS = 15 * 60 * 1000;
const CONNECTS = 9000;
const HPING_SYNS = 4500;

export type NeighbourInfo =
  | {
      readonly up: true;
      readonly name: string;
      readonly engine: LabEngine;
      readonly address: string;
      readonly nftTable: string;
      /** Empty when tracefs is not available here (outside CI only). */
      readonly traceInstance: string;
      readonly notes: readonly string[];
    }
  | { readonly up: false; readonly reason: string };

declare module 'vitest' {
  export interface ProvidedContext {
    neighbour: NeighbourInfo;
  }
}

const runner = new ProcessRunner();
/** The owner's record of its traffic process: `<state dir>/pktdrop-neighbour-<tag>.traffic.pid`. */
const pidFile = (name: string = NEIGHBOUR): string => join(labStateDir(), `${name}.traffic.pid`);

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return typeof e === 'object' && e !== null && 'code' in e && e.code === 'EPERM';
  }
};
/** A neighbour object (by name) whose owning vitest process is gone. */
const orphaned = (name: string): boolean => {
  const m = OWNED.exec(name);
  return m !== null && !alive(Number.parseInt(m[1] ?? '', 36));
};
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function must(argv: readonly string[], what: string): Promise<string> {
  const r = await runner.run(mutateCommand(argv, 30_000));
  if (!r.ok) throw new Error(`${what}: ${argv.join(' ')}: ${r.stderr.trim() || r.failure?.hint || 'failed'}`);
  return r.stdout;
}

async function json(argv: readonly string[]): Promise<unknown> {
  const r = await runner.run(readCommand(argv));
  if (!r.ok) return undefined;
  try {
    return JSON.parse(r.stdout) as unknown;
  } catch {
    return undefined;
  }
}

/** The host interface the neighbour's address must be routed through: its veth, or the bridge its veth hangs on. */
async function expectedDevice(info: LabInfo): Promise<string> {
  if (info.netns) return info.netns.hostVeth;
  const pid = String(info.container?.pid ?? 0);
  const inside = (await json(['nsenter', '-t', pid, '-n', '--', 'ip', '-j', 'link', 'show', 'dev', 'eth0'])) as { link_index?: number }[] | undefined;
  const peer = inside?.[0]?.link_index;
  const host = (await json(['ip', '-j', 'link', 'show'])) as { ifindex: number; ifname: string; master?: string }[] | undefined;
  const veth = host?.find((l) => l.ifindex === peer);
  if (!veth) throw new Error(`could not find the host end of ${info.name}'s eth0`);
  return veth.master ?? veth.ifname;
}

/** Refuse to send anything unless the kernel routes the address to the neighbour's own link. */
async function checkRoute(info: LabInfo): Promise<string> {
  const want = await expectedDevice(info);
  const route = (await json(['ip', '-j', 'route', 'get', info.address])) as { dev?: string }[] | undefined;
  const dev = route?.[0]?.dev;
  const defaultRoute = (await json(['ip', '-j', 'route', 'show', 'default'])) as { dev?: string }[] | undefined;
  const uplinks = (defaultRoute ?? []).map((r) => r.dev);
  if (dev === undefined || dev !== want || uplinks.includes(dev)) {
    throw new Error(`ip route get ${info.address} goes via ${dev ?? '?'}, not the neighbour's own ${want}: no traffic sent`);
  }
  return `ip route get ${info.address}: dev ${dev} (the neighbour's own link)`;
}

async function addNftTable(address: string): Promise<void> {
  const t = ['inet', NEIGHBOUR_NFT_TABLE];
  await must(['nft', 'add', 'table', ...t], 'could not add the neighbour nft table');
  await must(['nft', 'add', 'chain', ...t, 'output', '{', 'type', 'filter', 'hook', 'output', 'priority', '10', ';', 'policy', 'accept', ';', '}'],
    'could not add the neighbour nft output chain');
  await must(['nft', 'add', 'rule', ...t, 'output', 'ip', 'daddr', address, 'counter'], 'could not add the neighbour counter rule');
  await must(['nft', 'add', 'chain', ...t, 'input', '{', 'type', 'filter', 'hook', 'input', 'priority', '10', ';', 'policy', 'accept', ';', '}'],
    'could not add the neighbour nft input chain');
  await must(['nft', 'add', 'rule', ...t, 'input', 'tcp', 'dport', String(NEIGHBOUR_DROP_PORT), 'counter', 'drop'], 'could not add the neighbour drop rule');
}

async function addTraceInstance(): Promise<void> {
  const dir = join(TRACEFS, 'instances', NEIGHBOUR_TRACE_INSTANCE);
  await mkdir(dir);
  await writeFile(join(dir, 'buffer_size_kb'), '64');
  await writeFile(join(dir, 'events/skb/kfree_skb/enable'), '1');
}

async function removeTraceInstance(instance: string): Promise<string | undefined> {
  const dir = join(TRACEFS, 'instances', instance);
  if (!existsSync(dir)) return undefined;
  await writeFile(join(dir, 'events/skb/kfree_skb/enable'), '0').catch(() => undefined);
  for (let i = 0; i < 20; i++) {
    try {
      await rmdir(dir);
      return undefined;
    } catch (e) {
      if (!existsSync(dir)) return undefined;
      if (i === 19) return `could not remove ${dir}: ${e instanceof Error ? e.message : String(e)}`;
      await sleep(100); // EBUSY while a reader still has it open
    }
  }
  return undefined;
}

/** Kill the traffic process of neighbour `name`, if its pid file names one that is still it. */
async function killTraffic(name: string): Promise<void> {
  const text = await readFile(pidFile(name), 'utf8').catch(() => '');
  const pid = Number(text.trim());
  if (Number.isInteger(pid) && pid > 1) {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes('pktdrop-neighbour-traffic')) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // gone meanwhile
      }
    }
  }
  await rm(pidFile(name), { force: true });
}

/** Remove everything neighbour `name` (`pktdrop-neighbour-<tag>`) may have made; idempotent. Returns what could not be removed. */
async function removeNeighbour(name: string = NEIGHBOUR): Promise<string[]> {
  const underscored = name.replace(/-/g, '_');
  const problems: string[] = [];
  await killTraffic(name);
  const down = await labDown(runner, { name });
  if (!down.ok) problems.push(down.message);
  const tables = await runner.run(readCommand(['nft', 'list', 'tables']));
  if (tables.ok && tables.stdout.split('\n').some((l) => l.trim() === `table inet ${underscored}`)) {
    const r = await runner.run(mutateCommand(['nft', 'delete', 'table', 'inet', underscored]));
    if (!r.ok) problems.push(`could not delete nft table inet ${underscored}: ${r.stderr.trim()}`);
  }
  const trace = await removeTraceInstance(underscored);
  if (trace) problems.push(trace);
  return problems;
}

/**
 * Neighbours an aborted run left (its vitest process is gone): their labs (state files), traffic
 * pid files, nft tables and tracing instances. A neighbour whose owner still runs is left alone.
 */
async function orphanedNeighbours(): Promise<string[]> {
  const names = new Set<string>();
  const add = (n: string): void => {
    const m = OWNED.exec(n);
    if (m && orphaned(n)) names.add(`pktdrop-neighbour-${m[1] ?? ''}`);
  };
  for (const f of await readdir(join(labStateDir(), 'lab')).catch(() => [] as string[])) if (f.endsWith('.json')) add(f.slice(0, -'.json'.length));
  for (const f of await readdir(labStateDir()).catch(() => [] as string[])) if (f.endsWith('.traffic.pid')) add(f.slice(0, -'.traffic.pid'.length));
  const tables = await runner.run(readCommand(['nft', 'list', 'tables']));
  if (tables.ok) for (const l of tables.stdout.split('\n')) add(l.trim().split(/\s+/)[2] ?? '');
  for (const i of await readdir(join(TRACEFS, 'instances')).catch(() => [] as string[])) add(i);
  return [...names].sort();
}

/** What is left of the neighbour: empty when it is all gone. */
async function neighbourLeftovers(): Promise<string[]> {
  // Only this run's neighbour: another run's neighbour beside it is that run's business.
  const left: string[] = [];
  for (const runtime of ['docker', 'podman'] as const) {
    const r = await runner.run(readCommand([runtime, 'ps', '-a', '-q', '--filter', `label=pktdrop.lab=${NEIGHBOUR}`]));
    if (r.ok && r.stdout.trim() !== '') left.push(`${runtime} container ${r.stdout.trim()}`);
  }
  const ns = await runner.run(readCommand(['ip', 'netns', 'list']));
  if (ns.ok && ns.stdout.split('\n').some((l) => l.split(' ')[0] === NEIGHBOUR)) left.push(`netns ${NEIGHBOUR}`);
  if (existsSync(join(labStateDir(), 'lab', `${NEIGHBOUR}.json`))) left.push('lab state file');
  const tables = await runner.run(readCommand(['nft', 'list', 'tables']));
  if (tables.ok && tables.stdout.split('\n').some((l) => l.trim() === `table inet ${NEIGHBOUR_NFT_TABLE}`)) left.push(`nft table inet ${NEIGHBOUR_NFT_TABLE}`);
  if (existsSync(join(TRACEFS, 'instances', NEIGHBOUR_TRACE_INSTANCE))) left.push(`tracefs instance ${NEIGHBOUR_TRACE_INSTANCE}`);
  if (existsSync(pidFile())) left.push(pidFile());
  return left;
}

interface TrafficCounts {
  connects?: number;
  connected?: number;
  answered?: number;
  failed?: number;
  hping?: string;
  stoppedBy?: string;
  seconds?: number;
}

function startTraffic(address: string): { child: ChildProcess; done: Promise<TrafficCounts> } {
  const script = new URL('./neighbour-traffic.mjs', import.meta.url).pathname;
  const child = spawn(process.execPath, [script, 'pktdrop-neighbour-traffic', address, '80', String(CONNECTS), String(CAP_MS), String(HPING_SYNS)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  const done = new Promise<TrafficCounts>((resolve) => {
    child.on('close', () => {
      try {
        resolve(JSON.parse(out.trim().split('\n').pop() ?? '{}') as TrafficCounts);
      } catch {
        resolve({});
      }
    });
  });
  return { child, done };
}

async function stopTraffic(t: { child: ChildProcess; done: Promise<TrafficCounts> }): Promise<TrafficCounts> {
  if (t.child.exitCode === null && t.child.signalCode === null) t.child.kill('SIGTERM');
  const timeout = sleep(5000).then(() => {
    if (t.child.exitCode === null && t.child.signalCode === null) t.child.kill('SIGKILL');
    return {} as TrafficCounts;
  });
  return Promise.race([t.done, timeout]);
}

/** The neighbour's own drop counters, for the summary: its random DROP rules and its tbf qdisc. */
async function neighbourDrops(info: LabInfo): Promise<string> {
  const inNs = (argv: string[]): string[] =>
    info.netns ? ['ip', 'netns', 'exec', info.netns.name, ...argv] : ['nsenter', '-t', String(info.container?.pid ?? 0), '-n', '--', ...argv];
  const ipt = await runner.run(readCommand(inNs(['iptables', '-nvxL'])));
  const dropped = ipt.stdout.split('\n').filter((l) => /\bDROP\b/.test(l) && /statistic/.test(l)).reduce((n, l) => n + Number(l.trim().split(/\s+/)[0] ?? 0), 0);
  const tc = await runner.run(readCommand(inNs(['tc', '-s', 'qdisc', 'show', 'dev', 'eth0'])));
  const tbf = Number(/dropped (\d+)/.exec(tc.stdout)?.[1] ?? NaN);
  return `random DROP rules ${dropped} packets, tbf dropped ${tbf}`;
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const ci = process.env.CI === 'true';
  const notUp = (reason: string): (() => Promise<void>) => {
    if (ci) throw new Error(`the noisy neighbour could not start under CI=true: ${reason}`);
    console.warn(`[noisy neighbour] not started: ${reason}. The live tests run on a quiet host.`);
    project.provide('neighbour', { up: false, reason });
    return async () => undefined;
  };
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return notUp('not root');

  for (const name of await orphanedNeighbours()) {
    const problems = await removeNeighbour(name);
    console.info(`[noisy neighbour] removed ${name}, left by a run that is gone${problems.length ? `; problems: ${problems.join('; ')}` : ''}`);
  }

  const docker = await runner.run(readCommand(['docker', 'info', '--format', '{{.ServerVersion}}'], 20_000));
  if (!docker.ok && ci) return notUp('the Docker engine does not answer');
  const engine: LabEngine = docker.ok ? 'docker' : 'netns';
  const up = await labUp(runner, { name: NEIGHBOUR, engine, faults: ['iptables-random-drop', 'qdisc-drop'] });
  if (!up.ok) return notUp(`lab up failed: ${up.message}${up.hint ? ` (${up.hint})` : ''}`);
  const info = up.info;

  const notes: string[] = [];
  let traffic: ReturnType<typeof startTraffic> | undefined;
  let traceInstance = '';
  try {
    notes.push(await checkRoute(info));
    await addNftTable(info.address);
    if (existsSync(join(TRACEFS, 'instances'))) {
      await addTraceInstance();
      traceInstance = NEIGHBOUR_TRACE_INSTANCE;
    } else if (ci) {
      throw new Error(`tracefs is not mounted at ${TRACEFS} (mount -t tracefs nodev ${TRACEFS})`);
    } else {
      notes.push('no tracefs here: no neighbour tracing instance');
    }
    traffic = startTraffic(info.address);
    if (traffic.child.pid !== undefined) {
      await mkdir(labStateDir(), { recursive: true });
      await writeFile(pidFile(), `${traffic.child.pid}\n`);
    }
  } catch (e) {
    if (traffic) await stopTraffic(traffic);
    const problems = await removeNeighbour();
    return notUp(`${e instanceof Error ? e.message : String(e)}${problems.length ? `; cleanup: ${problems.join('; ')}` : ''}`);
  }
  const started = traffic;
  console.info(`[noisy neighbour] ${engine} lab ${NEIGHBOUR} at ${info.address} (${info.faults.join(', ')}), ` +
    `traffic to it (10 connects/s, 5 SYNs/s, ≤ 15 min), nft table inet ${NEIGHBOUR_NFT_TABLE}` +
    `${traceInstance ? `, tracefs instance ${traceInstance}` : ''}; ${notes.join('; ')}`);
  project.provide('neighbour', {
    up: true, name: NEIGHBOUR, engine, address: info.address, nftTable: NEIGHBOUR_NFT_TABLE, traceInstance, notes,
  });

  return async () => {
    const counts = await stopTraffic(started);
    const drops = await neighbourDrops(info).catch(() => 'drop counters unreadable');
    const problems = await removeNeighbour();
    const left = await neighbourLeftovers();
    console.info(`[noisy neighbour] sent ${counts.connects ?? '?'} connects (${counts.connected ?? '?'} connected, ${counts.answered ?? '?'} answered) over ${counts.seconds ?? '?'} s, ` +
      `hping3 ${counts.hping ?? '?'}, stopped by ${counts.stoppedBy ?? '?'}; ${drops}; removed${left.length ? `, LEFT: ${left.join(', ')}` : ' everything'}`);
    if (problems.length > 0 || left.length > 0) {
      const message = `the noisy neighbour was not removed cleanly: ${[...problems, ...left].join('; ')}`;
      if (ci) process.exitCode = 1;
      throw new Error(message);
    }
  };
}
