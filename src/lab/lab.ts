/**
 * `pktdrop lab`: builds the seed case on this host — an nginx answering on port 80 in a Docker or
 * podman container or in a network namespace — and injects drop faults into the server's own network
 * namespace. Every process runs through the Runner; results are values, never thrown.
 *
 * State: one JSON file per lab under `${PKTDROP_STATE_DIR:-/var/lib/pktdrop}/lab/<name>.json`
 * recording exactly what was created, written after every step, so `labDown` removes exactly that
 * (and a failed `labUp` rolls back through the same path).
 */
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync, lstatSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandResult } from '../core/types.js';
import { displayArgv, mutateCommand, readCommand, type Runner } from '../targets/runner.js';
import { connectOnce } from '../probe/connect-probe.js';
import { parseContainerInspect } from '../targets/resolve.js';
import { msg, t } from '../i18n/index.js';
import {
  defaultFaults,
  emptyTarArchive,
  hostVethName,
  ipv4Networks,
  isContainerEngine,
  isLabEngine,
  LISTEN_OVERFLOW_BACKLOG,
  LISTEN_OVERFLOW_PORT,
  NEVER_ACCEPTING_LISTENER,
  nginxConfig,
  parseNetnsList,
  parseSsListen,
  pickLabSubnet,
  validateLabName,
  type ContainerEngine,
  type LabEngine,
  type LabFault,
} from './lab-parts.js';
import {
  BEHIND_DEV,
  BEHIND_FAULTS,
  behindName,
  brNfCallCommands,
  dropMapAConflict,
  forwardingOffCommands,
  macOf,
  rpFilterHostCommand,
  rpFilterLabCommands,
  softnetBacklogCommands,
  fanoutFilters,
  FANOUT_ACTIONS,
} from './drop-map-faults.js';

import {
  BENIGN_DEVS,
  conntrackInvalidCommands,
  dropMapBConflict,
  BLACKHOLE_MTU,
  blackholeBurst,
  firstFragments,
  fragReasmCommands,
  timewaitOverflowCommands,
  MISMATCH_MTU,
  mtuBlackholeCommands,
  mtuMismatchCommands,
  rxDroppedBenignCommands,
  SYN_QUEUE_PORT,
  synQueueBurst,
  synQueueCommands,
  UNKNOWN_PROTO_SENDER,
} from './drop-map-faults-b.js';

export { defaultFaults, LAB_ENGINES, LAB_FAULTS, SEED_FAULTS, validateLabName, parseFaultList } from './lab-parts.js';
export type { ContainerEngine, LabEngine, LabFault, LabCapabilities } from './lab-parts.js';

export interface LabSpec {
  readonly name: string;
  readonly engine: LabEngine;
  /** Faults to inject; empty for a healthy lab. */
  readonly faults: readonly LabFault[];
}

/** What a lab is, for the user and for the tests that diagnose it. */
export interface LabInfo {
  readonly name: string;
  readonly engine: LabEngine;
  /** IPv4 address of the server (container address, or the namespace's eth0). */
  readonly address: string;
  readonly port: 80;
  /** The faults really injected (after any fallback, e.g. qdisc-drop for netem-loss). */
  readonly faults: LabFault[];
  /** docker or podman engine: the container (its runtime is `engine`). */
  readonly container?: { readonly id: string; readonly pid: number };
  /** netns engine: the namespace, the host end of its veth pair and the /30 between them. */
  readonly netns?: { readonly name: string; readonly hostVeth: string; readonly hostAddress: string };
  /**
   * The pktdrop arguments that diagnose this lab: `['diagnose', '--container', 'nginx']`
   * (`... '--runtime', 'podman'` on podman).
   */
  readonly diagnoseArgs: string[];
  /** Lines to type next, for display. */
  readonly tryCommands: string[];
  /** What the lab decided on its own (fallbacks, measurements), in plain words. */
  readonly notes: string[];
}

/** Exactly what one lab created; `labDown` removes these and nothing else. */
interface LabState {
  readonly stateVersion: 1;
  readonly name: string;
  readonly engine: LabEngine;
  createdAt: string;
  /** Complete once `labUp` returned ok. */
  complete: boolean;
  containerId?: string;
  /** The image the container runs, and whether this lab imported it. */
  imageId?: string;
  imageBuilt?: boolean;
  netns?: string;
  hostVeth?: string;
  subnet?: string;
  /** The lab's own directory under the state dir (nginx config, pid files, logs). */
  dir: string;
  info?: LabInfo;
  /** netns engine: the host end's address of the lab's /30. */
  hostAddress?: string;
  /** Namespaces a fault created next to the lab (the one behind a router or bridge). */
  extraNetns?: string[];
  /** /30 networks a fault took (so other labs avoid them). */
  extraSubnets?: string[];
  /** The address behind the lab that the probes must be sent to (forwarding-off, br-nf-call). */
  behindAddress?: string;
}

export interface LabOptions {
  /** The state directory, chosen by the CLI from its environment (src/cli/context.ts); defaults to root's `/var/lib/pktdrop`. */
  readonly stateDir?: string;
  /**
   * When the spec asks for `netem-loss` and this kernel has no sch_netem: true substitutes
   * `qdisc-drop` with a note (the CLI's default faults); false fails with a plain message.
   */
  readonly netemFallback?: boolean;
  /** TCP connect used to wait for nginx and to fill the accept queue; resolves true when connected. */
  readonly connect?: (host: string, port: number, timeoutMs: number) => Promise<boolean>;
  /** Waits between polls (tests pass a fake clock); defaults to a real timer. */
  readonly sleep?: (ms: number) => Promise<void>;
}

export type LabUpResult = { ok: true; info: LabInfo } | { ok: false; message: string; hint?: string };
export type LabDownResult = { ok: true; removed: string[] } | { ok: false; message: string; removed: string[] };
export type LabStatusEntry = LabInfo & { healthy: boolean; problems: string[] };
export type LabStatusResult = { ok: true; labs: LabStatusEntry[] } | { ok: false; message: string };

export const LAB_IMAGE = 'pktdrop-lab:empty';
/** Label on everything the lab creates in Docker or podman: `pktdrop.lab=<name>` on containers, this on the image. */
export const LAB_IMAGE_LABEL = 'pktdrop.lab.image';
export const LAB_CONTAINER_LABEL = 'pktdrop.lab';

const APT_PACKAGE: Readonly<Record<string, string>> = {
  docker: 'docker.io',
  podman: 'podman',
  nginx: 'nginx-light',
  ip: 'iproute2',
  tc: 'iproute2',
  ss: 'iproute2',
  iptables: 'iptables',
  nft: 'nftables',
  nsenter: 'util-linux',
  python3: 'python3',
  kill: 'procps',
};

/** The state directory: the one given (the CLI passes `$PKTDROP_STATE_DIR` when set), else root's `/var/lib/pktdrop`. */
export function labStateDir(opts?: LabOptions): string {
  return opts?.stateDir ?? '/var/lib/pktdrop';
}

const labsDir = (opts?: LabOptions): string => join(labStateDir(opts), 'lab');
const stateFile = (name: string, opts?: LabOptions): string => join(labsDir(opts), `${name}.json`);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function isLabState(v: unknown): v is LabState {
  return (
    isRecord(v) &&
    v.stateVersion === 1 &&
    typeof v.name === 'string' &&
    typeof v.engine === 'string' &&
    isLabEngine(v.engine) &&
    typeof v.dir === 'string'
  );
}

async function readState(name: string, opts?: LabOptions): Promise<LabState | null> {
  let text: string;
  try {
    text = await readFile(stateFile(name, opts), 'utf8');
  } catch {
    return null;
  }
  try {
    const data: unknown = JSON.parse(text);
    return isLabState(data) ? data : null;
  } catch {
    return null;
  }
}

async function writeState(state: LabState, opts?: LabOptions): Promise<void> {
  await mkdir(labsDir(opts), { recursive: true });
  await writeFile(stateFile(state.name, opts), `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}

/** Names of the labs with a state file. */
async function stateNames(opts?: LabOptions): Promise<string[]> {
  try {
    const files = await readdir(labsDir(opts));
    return files.filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -'.json'.length)).sort();
  } catch {
    return [];
  }
}

/** Turn a failed command into one line: which tool is missing and how to install it, or what it said. */
function failureMessage(r: CommandResult, what: string): { message: string; hint?: string } {
  const program = r.argv[0] ?? '';
  if (r.failure?.kind === 'not-found') {
    const pkg = APT_PACKAGE[program];
    return { message: t('lab.not-installed', { program }), ...(pkg ? { hint: `apt-get install ${pkg}` } : {}) };
  }
  const detail = r.stderr.split('\n').map((l) => l.trim()).find((l) => l !== '') ?? r.failure?.hint ?? t('lab.fail.failed');
  return { message: t('lab.fail.command', { what, argv: displayArgv(r.argv), detail }) };
}

class LabError extends Error {
  constructor(readonly result: { message: string; hint?: string }) {
    super(result.message);
  }
}

async function must(runner: Runner, argv: readonly string[], what: string, mutates = true, timeoutMs?: number): Promise<CommandResult> {
  const r = await runner.run(mutates ? mutateCommand(argv, timeoutMs) : readCommand(argv, timeoutMs));
  if (!r.ok) throw new LabError(failureMessage(r, what));
  return r;
}

/** A TCP connect with a timeout, through node's `net` (no process). */
export async function tcpConnect(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return (await connectOnce(host, port, timeoutMs)).kind === 'connected';
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The argv that runs `argv` inside the lab's network namespace, with the host's tools. */
function inLab(state: LabState, pid: number | undefined, argv: readonly string[]): string[] {
  if (state.engine === 'netns') return ['ip', 'netns', 'exec', state.netns ?? state.name, ...argv];
  return ['nsenter', '-t', String(pid ?? 0), '-n', '--', ...argv];
}

/**
 * Host directories to bind read-only into the empty image. On merged-/usr systems /bin, /sbin,
 * /lib and /lib64 are symlinks into /usr: the real directory is bound at the link's path, so the
 * ELF interpreter (/lib64/ld-linux-x86-64.so.2) and the `#!` paths resolve inside the container.
 */
function hostBinds(): { source: string; target: string }[] {
  const out: { source: string; target: string }[] = [];
  for (const dir of ['/usr', '/lib', '/lib64', '/bin', '/sbin', '/etc']) {
    if (!existsSync(dir)) continue;
    const source = lstatSync(dir).isSymbolicLink() ? realpathSync(dir) : dir;
    out.push({ source, target: dir });
  }
  return out;
}

/** The absolute path of the host's nginx, which must live under a bound directory. */
function findNginx(): string | null {
  for (const p of ['/usr/sbin/nginx', '/usr/bin/nginx', '/sbin/nginx', '/bin/nginx']) if (existsSync(p)) return p;
  return null;
}

/** Check the tools a lab needs: one line naming the missing one and its package. */
async function requireTools(runner: Runner, tools: readonly (readonly string[])[]): Promise<void> {
  for (const argv of tools) {
    const r = await runner.run(readCommand(argv));
    if (r.failure?.kind === 'not-found') throw new LabError(failureMessage(r, t('lab.step.missing-tool')));
  }
}

function toolChecks(engine: LabEngine, faults: readonly LabFault[]): string[][] {
  const t: string[][] = [['ip', '-V']];
  if (isContainerEngine(engine)) t.push(['nsenter', '--version']);
  t.push(['nginx', '-v']);
  if (faults.includes('iptables-random-drop')) t.push(['iptables', '--version']);
  if (faults.includes('nft-drop')) t.push(['nft', '--version']);
  if (faults.includes('netem-loss') || faults.includes('qdisc-drop')) t.push(['tc', '-V']);
  if (faults.includes('listen-overflow')) t.push(['python3', '--version']);
  if ((faults.includes('syn-queue') || faults.includes('rx-dropped-benign')) && !faults.includes('listen-overflow')) t.push(['python3', '--version']);
  if (faults.includes('conntrack-invalid') && !faults.includes('iptables-random-drop')) t.push(['iptables', '--version']);
  if (faults.includes('mtu-blackhole')) t.push(['iptables', '--version'], ['sysctl', '--version']);
  if (faults.includes('softnet-backlog') && !faults.includes('netem-loss') && !faults.includes('qdisc-drop')) t.push(['tc', '-V']);
  if (faults.includes('br-nf-call') && !faults.includes('iptables-random-drop')) t.push(['iptables', '--version']);
  if (faults.includes('rp-filter') || faults.includes('forwarding-off') || faults.includes('br-nf-call')) t.push(['sysctl', '--version']);
  return t;
}

/**
 * Build the lab and inject its faults. On any failure, everything created so far is removed
 * before the error is returned.
 */
export async function labUp(runner: Runner, spec: LabSpec, opts: LabOptions = {}): Promise<LabUpResult> {
  const started = performance.now();
  const valid = validateLabName(spec.name);
  if (!valid.ok) return { ok: false, message: valid.message };
  if (spec.faults.includes('netem-loss') && spec.faults.includes('qdisc-drop')) {
    return { ok: false, message: t('lab.conflict.netem-qdisc') };
  }
  const conflict = dropMapAConflict(spec.faults, spec.engine);
  if (conflict) return { ok: false, message: conflict };
  const conflictB = dropMapBConflict(spec.faults);
  if (conflictB) return { ok: false, message: conflictB };
  if (await readState(spec.name, opts)) {
    return {
      ok: false,
      message: t('lab.exists', { name: spec.name }),
      hint: t('lab.exists.hint', { name: spec.name }),
    };
  }
  const state: LabState = {
    stateVersion: 1,
    name: spec.name,
    engine: spec.engine,
    createdAt: new Date().toISOString(),
    complete: false,
    dir: join(labsDir(opts), spec.name),
  };
  try {
    await requireTools(runner, toolChecks(spec.engine, spec.faults));
    const info = isContainerEngine(spec.engine)
      ? await upContainer(runner, spec.engine, spec, state, opts)
      : await upNetns(runner, spec, state, opts);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    state.info = { ...info, notes: [...info.notes, t('lab.note.took', { s: seconds })] };
    state.complete = true;
    await writeState(state, opts);
    return { ok: true, info: state.info };
  } catch (e) {
    const failure = e instanceof LabError ? e.result : { message: t('lab.up-failed', { why: e instanceof Error ? e.message : String(e) }) };
    // Roll back whatever exists: the state file lists it (possibly nothing but the directory).
    await removeLab(runner, state, opts).catch(() => undefined);
    return { ok: false, ...failure };
  }
}

async function ensureImage(runner: Runner, runtime: ContainerEngine, state: LabState, opts: LabOptions): Promise<void> {
  const existing = await runner.run(readCommand([runtime, 'image', 'inspect', '--format', '{{.Id}}', LAB_IMAGE]));
  if (existing.ok && existing.stdout.trim() !== '') {
    state.imageId = existing.stdout.trim();
    state.imageBuilt = false;
    await writeState(state, opts);
    return;
  }
  const tmp = await mkdtemp(join(tmpdir(), 'pktdrop-lab-'));
  try {
    const tar = join(tmp, 'empty.tar');
    await writeFile(tar, emptyTarArchive());
    const r = await must(
      runner,
      [runtime, 'import', '--change', `LABEL ${LAB_IMAGE_LABEL}=true`, '--message', 'pktdrop lab: empty image', tar, LAB_IMAGE],
      t('lab.step.image'),
      true,
      60_000,
    );
    // podman prints its progress first and the image id last.
    state.imageId = r.stdout.trim().split('\n').pop()?.trim() ?? '';
    state.imageBuilt = true;
    await writeState(state, opts);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** `['diagnose', '--container', name]`, with `--runtime podman` on podman, or `--netns name`. */
function diagnoseArgsOf(name: string, engine: LabEngine): string[] {
  if (engine === 'netns') return ['diagnose', '--netns', name];
  return engine === 'podman' ? ['diagnose', '--container', name, '--runtime', 'podman'] : ['diagnose', '--container', name];
}

function tryCommands(name: string, engine: LabEngine, address: string, faults: readonly LabFault[]): string[] {
  const lines = [
    `pktdrop ${diagnoseArgsOf(name, engine).join(' ')}`,
    `hping3 -c 20 -S -p 80 ${address}`,
  ];
  if (faults.includes('mtu-mismatch')) lines.push(t('lab.try.mtu-mismatch', { cmd: `hping3 -c 5 -2 -d 1472 -p 9 ${address}`, mtu: MISMATCH_MTU }));
  if (faults.includes('conntrack-invalid')) lines.push(t('lab.try.conntrack-invalid', { cmd: `hping3 -c 10 -A -p 80 ${address}` }));
  if (faults.includes('syn-queue')) lines.push(synQueueBurst(address).join(' '));
  if (faults.includes('timewait-overflow')) lines.push(t('lab.try.timewait', { cmd: `for i in 1 2 3 4 5 6; do curl -s -o /dev/null http://${address}/; done` }));
  if (faults.includes('frag-reasm')) lines.push(t('lab.try.frag', { cmd: `${firstFragments(address).slice(0, 2).join(' ')} '<FIRST_FRAGMENTS_SENDER>' ${address} ${address} 5` }));
  if (faults.includes('mtu-blackhole')) lines.push(t('lab.try.mtu-blackhole', { cmd: blackholeBurst(address).join(' ') }));
  if (faults.includes('listen-overflow')) lines.push(`hping3 -c 10 -S -p ${LISTEN_OVERFLOW_PORT} ${address}`);
  lines.push(`pktdrop lab down --name ${name}`);
  return lines;
}

async function upContainer(runner: Runner, runtime: ContainerEngine, spec: LabSpec, state: LabState, opts: LabOptions): Promise<LabInfo> {
  const info = await runner.run(readCommand(
    runtime === 'docker' ? ['docker', 'info', '--format', '{{.ServerVersion}}'] : ['podman', 'info', '--format', '{{.Version.Version}}'], 20_000));
  if (info.failure?.kind === 'not-found') {
    throw new LabError({ message: t('lab.not-installed', { program: runtime }), hint: t('lab.engine.hint', { pkg: APT_PACKAGE[runtime] ?? runtime }) });
  }
  if (!info.ok) {
    throw new LabError(runtime === 'docker'
      ? { message: t('lab.docker-down'), hint: t('lab.docker-down.hint') }
      : { message: t('lab.podman-down', { why: info.stderr.trim().split('\n').pop() ?? '' }), hint: t('lab.podman-down.hint') });
  }
  // Docker matches names with their leading slash; podman without.
  const nameFilter = runtime === 'docker' ? `name=^/${spec.name}$` : `name=^${spec.name}$`;
  const clash = await runner.run(readCommand([runtime, 'ps', '-a', '-q', '--filter', nameFilter]));
  if (clash.ok && clash.stdout.trim() !== '') {
    throw new LabError({ message: t('lab.container-exists', { name: spec.name }), hint: t('lab.hint.other-name') });
  }
  const nginx = findNginx();
  if (nginx === null) throw new LabError({ message: t('lab.not-installed', { program: 'nginx' }), hint: 'apt-get install nginx-light' });

  await mkdir(state.dir, { recursive: true });
  await writeState(state, opts);
  const conf = join(state.dir, 'nginx.conf');
  await writeFile(conf, nginxConfig({ runDir: '/tmp', daemon: false }));
  await ensureImage(runner, runtime, state, opts);

  const argv = [runtime, 'run', '-d', '--name', spec.name, '--hostname', spec.name,
    '--label', `${LAB_CONTAINER_LABEL}=${spec.name}`, '--cap-add', 'NET_ADMIN', '--cap-add', 'NET_RAW'];
  for (const b of hostBinds()) argv.push('--mount', `type=bind,source=${b.source},target=${b.target},readonly`);
  for (const t of ['/run', '/tmp', '/var/lib/nginx', '/var/log/nginx']) argv.push('--tmpfs', t);
  argv.push('--mount', `type=bind,source=${conf},target=/pktdrop-lab/nginx.conf,readonly`);
  argv.push(LAB_IMAGE, nginx, '-c', '/pktdrop-lab/nginx.conf');
  const run = await runner.run(mutateCommand(argv, 60_000));
  const id = run.stdout.trim().split('\n').pop() ?? '';
  if (/^[0-9a-f]{64}$/.test(id)) {
    state.containerId = id;
    await writeState(state, opts);
  }
  if (!run.ok) throw new LabError(failureMessage(run, t('lab.step.container')));

  const inspect = await must(runner, [runtime, 'container', 'inspect', id], t('lab.step.inspect'), false);
  const facts = parseContainerInspect(inspect.stdout);
  const pid = facts?.pid ?? 0;
  const address = facts?.addresses[0];
  if (!facts?.running || pid <= 0 || !address) {
    const logs = await runner.run(readCommand([runtime, 'logs', '--tail', '5', id]));
    const why = `${logs.stdout}${logs.stderr}`.trim().split('\n').pop() ?? '';
    throw new LabError({ message: why ? t('lab.container-stopped.why', { why }) : t('lab.container-stopped') });
  }
  const notes: string[] = [];
  await waitForListener(runner, inLab(state, pid, ['ss', '-Hltn']), 80, 'nginx');
  const faults = await injectFaults(runner, spec, state, pid, address, opts, notes);
  return {
    name: spec.name,
    engine: runtime,
    address,
    port: 80,
    faults,
    container: { id, pid },
    diagnoseArgs: diagnoseArgsOf(spec.name, runtime),
    tryCommands: tryCommands(spec.name, runtime, address, faults),
    notes,
  };
}

async function upNetns(runner: Runner, spec: LabSpec, state: LabState, opts: LabOptions): Promise<LabInfo> {
  const list = await must(runner, ['ip', '-j', 'netns', 'list'], t('lab.step.list-netns'), false);
  if (parseNetnsList(list.stdout).includes(spec.name)) {
    throw new LabError({ message: t('lab.netns-exists', { name: spec.name }), hint: t('lab.hint.other-name') });
  }
  const veth = hostVethName(spec.name);
  const vethClash = await runner.run(readCommand(['ip', '-j', 'link', 'show', 'dev', veth]));
  if (vethClash.ok) throw new LabError({ message: t('lab.iface-exists', { name: veth }), hint: t('lab.hint.other-name') });
  const addrs = await must(runner, ['ip', '-j', 'addr'], t('lab.step.list-addresses'), false);
  const networks = ipv4Networks(addrs.stdout);
  if (networks === null) throw new LabError({ message: t('lab.read-addr') });
  const taken: string[] = [];
  for (const other of await stateNames(opts)) {
    const s = await readState(other, opts);
    if (s?.subnet) taken.push(s.subnet);
    taken.push(...(s?.extraSubnets ?? []));
  }
  const subnet = pickLabSubnet(networks, taken);
  if (subnet === null) throw new LabError({ message: t('lab.no-subnet') });

  await mkdir(state.dir, { recursive: true });
  state.subnet = subnet.network;
  state.hostAddress = subnet.hostAddress;
  await writeState(state, opts);
  await must(runner, ['ip', 'netns', 'add', spec.name], t('lab.step.netns'));
  state.netns = spec.name;
  await writeState(state, opts);
  await must(runner, ['ip', 'link', 'add', veth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', spec.name], t('lab.step.veth'));
  state.hostVeth = veth;
  await writeState(state, opts);
  await must(runner, ['ip', 'addr', 'add', `${subnet.hostAddress}/30`, 'dev', veth], t('lab.step.address-host-end'));
  await must(runner, ['ip', 'link', 'set', veth, 'up'], t('lab.step.host-end-up'));
  await must(runner, inLab(state, undefined, ['ip', 'addr', 'add', `${subnet.labAddress}/30`, 'dev', 'eth0']), t('lab.step.address-eth0'));
  await must(runner, inLab(state, undefined, ['ip', 'link', 'set', 'eth0', 'up']), t('lab.step.eth0-up'));
  await must(runner, inLab(state, undefined, ['ip', 'link', 'set', 'lo', 'up']), t('lab.step.lo-up'));

  const conf = join(state.dir, 'nginx.conf');
  await writeFile(conf, nginxConfig({ runDir: state.dir, daemon: true }));
  // nginx daemonises: the command returns once the master has forked and the port is bound.
  await must(runner, inLab(state, undefined, ['nginx', '-c', conf, '-e', join(state.dir, 'error.log')]), t('lab.step.nginx'), true, 20_000);
  await waitForListener(runner, inLab(state, undefined, ['ss', '-Hltn']), 80, 'nginx');
  const notes: string[] = [];
  const faults = await injectFaults(runner, spec, state, undefined, subnet.labAddress, opts, notes);
  // Faults that drop forwarded or bridged traffic are seen by probing the namespace behind the lab.
  const diagnoseArgs = [...diagnoseArgsOf(spec.name, 'netns'), ...(state.behindAddress ? ['--target', `${state.behindAddress}:80`] : [])];
  const tries = tryCommands(spec.name, 'netns', state.behindAddress ?? subnet.labAddress, faults);
  return {
    name: spec.name,
    engine: 'netns',
    address: subnet.labAddress,
    port: 80,
    faults,
    netns: { name: spec.name, hostVeth: veth, hostAddress: subnet.hostAddress },
    diagnoseArgs,
    tryCommands: [`pktdrop ${diagnoseArgs.join(' ')}`, ...tries.slice(1)],
    notes,
  };
}

/** Poll the namespace's socket table (ss -Hltn) until `port` listens, for up to 10 s. */
async function waitForListener(runner: Runner, ssArgv: readonly string[], port: number, what: string): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const r = await runner.run(readCommand(ssArgv));
    if (!r.ok && r.failure?.kind === 'not-found') throw new LabError(failureMessage(r, t('lab.step.missing-tool')));
    if (r.ok && parseSsListen(r.stdout).some((l) => l.port === port)) return;
    await sleep(200);
  }
  throw new LabError({ message: t('lab.not-listening', { what, port }) });
}

const NO_NETEM = /qdisc kind is unknown|Unknown qdisc|not supported|No such file or directory/i;

async function injectFaults(
  runner: Runner,
  spec: LabSpec,
  state: LabState,
  pid: number | undefined,
  address: string,
  opts: LabOptions,
  notes: string[],
): Promise<LabFault[]> {
  const applied: LabFault[] = [];
  const run = (argv: readonly string[], what: string): Promise<CommandResult> => must(runner, inLab(state, pid, argv), what);
  // The accept queue is filled before any other fault can drop the filling handshakes.
  if (spec.faults.includes('listen-overflow')) {
    await startListenOverflow(runner, state, pid, address, opts, notes);
    applied.push('listen-overflow');
  }
  if (spec.faults.includes('nft-drop')) {
    await run(['nft', 'add', 'table', 'inet', 'pktdrop_lab'], t('lab.step.nft-table'));
    await run(['nft', 'add', 'chain', 'inet', 'pktdrop_lab', 'input',
      '{', 'type', 'filter', 'hook', 'input', 'priority', '0', ';', 'policy', 'accept', ';', '}'], t('lab.step.nft-chain'));
    await run(['nft', 'add', 'rule', 'inet', 'pktdrop_lab', 'input', 'tcp', 'dport', '80', 'counter', 'drop'], t('lab.step.nft-rule'));
    applied.push('nft-drop');
  }
  if (spec.faults.includes('iptables-random-drop')) {
    for (const chain of ['INPUT', 'OUTPUT']) {
      await run(['iptables', '-A', chain, '-m', 'statistic', '--mode', 'random', '--probability', '0.30', '-j', 'DROP'],
        t('lab.step.random-drop-rule'));
    }
    applied.push('iptables-random-drop');
  }
  let tbf = spec.faults.includes('qdisc-drop');
  if (spec.faults.includes('netem-loss')) {
    const r = await runner.run(mutateCommand(inLab(state, pid, ['tc', 'qdisc', 'add', 'dev', 'eth0', 'root', 'netem', 'loss', '30%'])));
    if (r.ok) {
      applied.push('netem-loss');
    } else if (r.failure?.kind === 'nonzero' && NO_NETEM.test(r.stderr)) {
      if (!opts.netemFallback) {
        throw new LabError({
          message: t('lab.no-netem'),
          hint: t('lab.hint.use-faults', { faults: [...spec.faults.filter((f) => f !== 'netem-loss'), 'qdisc-drop'].join(',') }),
        });
      }
      notes.push(defaultFaults({ netem: false }).notes[0] ?? t('lab.note.no-netem'));
      tbf = true;
    } else {
      throw new LabError(failureMessage(r, t('lab.step.netem')));
    }
  }
  await injectDropMapA(runner, spec, state, pid, address, opts, notes, applied);
  await injectDropMapB(runner, state, pid, spec.faults, notes, applied);
  if (tbf) {
    // 1 kbit/s with a 300-byte bucket and a 100-byte queue: a 58-byte SYN-ACK every 100 ms already
    // exceeds the rate, so the qdisc drops a good part of the replies at hping3's 10 probes/s.
    await run(['tc', 'qdisc', 'add', 'dev', 'eth0', 'root', 'tbf', 'rate', '1kbit', 'burst', '300', 'limit', '100'],
      t('lab.step.tbf'));
    applied.push('qdisc-drop');
  }
  return applied;
}

/**
 * The drop map's faults (drop-map-faults.ts): softnet-backlog on any engine; rp-filter,
 * forwarding-off and br-nf-call (netns engine) with their namespace behind the lab, recorded in the
 * state before anything is put in it.
 */
async function injectDropMapA(
  runner: Runner,
  spec: LabSpec,
  state: LabState,
  pid: number | undefined,
  address: string,
  opts: LabOptions,
  notes: string[],
  applied: LabFault[],
): Promise<void> {
  const run = (argv: readonly string[], what: string): Promise<CommandResult> => must(runner, inLab(state, pid, argv), what);
  if (spec.faults.includes('softnet-backlog')) {
    // The burst is sized to the host's own backlog, which is read and left as it is.
    const knob = await runner.run(readCommand(['cat', '/proc/sys/net/core/netdev_max_backlog']));
    const backlog = knob.ok && /^\d+\s*$/.test(knob.stdout) ? Number(knob.stdout.trim()) : 1000;
    for (const argv of softnetBacklogCommands(backlog)) await run(argv, t('lab.step.softnet'));
    applied.push('softnet-backlog');
    const copies = fanoutFilters(backlog) * FANOUT_ACTIONS;
    notes.push(copies > backlog ? t('lab.note.softnet', { copies, backlog, dropped: copies - backlog }) : t('lab.note.softnet-none', { copies, backlog }));
  }
  const hostVeth = state.hostVeth;
  const hostAddress = state.hostAddress;
  if (spec.faults.includes('rp-filter') && hostVeth && hostAddress) {
    for (const argv of rpFilterLabCommands(hostAddress)) await run(argv, t('lab.step.rp-filter'));
    const link = await must(runner, inLab(state, pid, ['ip', '-j', 'link', 'show', 'dev', 'eth0']), t('lab.step.read-eth0'), false);
    const mac = macOf(link.stdout);
    if (!mac) throw new LabError({ message: t('lab.step.read-mac') });
    await must(runner, rpFilterHostCommand(address, mac, hostVeth), t('lab.step.neighbour-entry'));
    applied.push('rp-filter');
    notes.push(t('lab.note.rp-filter', { host: hostAddress }));
  }
  const behind = BEHIND_FAULTS.find((f) => spec.faults.includes(f));
  if (behind && hostVeth && hostAddress) {
    const name = behindName(spec.name);
    const list = await must(runner, ['ip', '-j', 'netns', 'list'], t('lab.step.list-netns'), false);
    if (parseNetnsList(list.stdout).includes(name)) throw new LabError({ message: t('lab.netns-exists', { name }), hint: t('lab.hint.other-name') });
    const addrs = await must(runner, ['ip', '-j', 'addr'], t('lab.step.list-addresses'), false);
    const taken = [...(state.subnet ? [state.subnet] : [])];
    for (const other of await stateNames(opts)) {
      const s = await readState(other, opts);
      if (s?.subnet) taken.push(s.subnet);
      taken.push(...(s?.extraSubnets ?? []));
    }
    const second = pickLabSubnet(ipv4Networks(addrs.stdout) ?? [], taken);
    if (second === null) throw new LabError({ message: t('lab.no-subnet.behind') });
    state.extraSubnets = [second.network];
    await writeState(state, opts);
    await must(runner, ['ip', 'netns', 'add', name], t('lab.step.behind-netns'));
    state.extraNetns = [name];
    await writeState(state, opts);
    await run(['ip', 'link', 'add', BEHIND_DEV, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', name], t('lab.step.link-behind'));
    const plan = behind === 'mtu-blackhole'
      ? mtuBlackholeCommands(second, macOf((await must(runner, inLab(state, pid, ['ip', '-j', 'link', 'show', 'dev', 'eth0']), t('lab.step.read-eth0'), false)).stdout) ?? '', hostVeth)
      : behind === 'forwarding-off'
      ? forwardingOffCommands(second, macOf((await must(runner, inLab(state, pid, ['ip', '-j', 'link', 'show', 'dev', 'eth0']), t('lab.step.read-eth0'), false)).stdout) ?? '', hostVeth)
      : brNfCallCommands(second.labAddress, address, hostAddress, hostVeth);
    for (const argv of plan.behind) await must(runner, ['ip', 'netns', 'exec', name, ...argv], t('lab.step.setup-behind'));
    for (const argv of plan.lab) await run(argv, t('lab.step.setup-fault', { fault: behind }));
    for (const argv of plan.host) await must(runner, argv, t('lab.step.route-behind'));
    state.behindAddress = second.labAddress;
    await writeState(state, opts);
    applied.push(behind);
    notes.push(behind === 'mtu-blackhole'
      ? t('lab.note.mtu-blackhole', { lab: spec.name, address: second.labAddress, netns: name, dev: BEHIND_DEV, mtu: BLACKHOLE_MTU })
      : behind === 'forwarding-off'
      ? t('lab.note.forwarding-off', { lab: spec.name, address: second.labAddress, netns: name })
      : t('lab.note.br-nf-call', { lab: spec.name, dev: BEHIND_DEV, address: second.labAddress, netns: name }));
  }
}

/**
 * The drop map's faults of part B (drop-map-faults-b.ts), all inside the lab's namespace, any
 * engine. The processes they start (a never-accepting listener, a frame sender) live in the lab:
 * a container's die with it, a netns lab's are killed by lab down with every process of the netns.
 */
async function injectDropMapB(
  runner: Runner,
  state: LabState,
  pid: number | undefined,
  faults: readonly LabFault[],
  notes: string[],
  applied: LabFault[],
): Promise<void> {
  const run = (argv: readonly string[], what: string): Promise<CommandResult> => must(runner, inLab(state, pid, argv), what);
  /** A python3 program inside the lab: detached by the runtime, or by itself with a pid file. */
  const startInLab = (program: string, args: readonly string[], pidfile: string, what: string): Promise<CommandResult> =>
    isContainerEngine(state.engine)
      ? must(runner, [state.engine, 'exec', '-d', state.containerId ?? state.name, '/usr/bin/python3', '-c', program, ...args], what)
      : must(runner, inLab(state, pid, ['python3', '-c', program, ...args, join(state.dir, pidfile)]), what);
  if (faults.includes('mtu-mismatch')) {
    for (const argv of mtuMismatchCommands()) await run(argv, t('lab.step.mtu'));
    applied.push('mtu-mismatch');
    notes.push(t('lab.note.mtu-mismatch', { mtu: MISMATCH_MTU }));
  }
  if (faults.includes('conntrack-invalid')) {
    for (const argv of conntrackInvalidCommands()) await run(argv, t('lab.step.invalid-rule'));
    applied.push('conntrack-invalid');
    notes.push(t('lab.note.conntrack-invalid'));
  }
  if (faults.includes('syn-queue')) {
    for (const argv of synQueueCommands()) await run(argv, t('lab.step.syn-queue'));
    await startInLab(NEVER_ACCEPTING_LISTENER, [String(SYN_QUEUE_PORT)], 'synq-listener.pid', t('lab.step.syn-listener'));
    await waitForListener(runner, inLab(state, pid, ['ss', '-Hltn']), SYN_QUEUE_PORT, t('lab.listener.syn-queue'));
    applied.push('syn-queue');
    notes.push(t('lab.note.syn-queue', { port: SYN_QUEUE_PORT, burst: synQueueBurst('<address>').join(' ') }));
  }
  if (faults.includes('timewait-overflow')) {
    for (const argv of timewaitOverflowCommands()) await run(argv, t('lab.step.timewait'));
    applied.push('timewait-overflow');
    notes.push(t('lab.note.timewait'));
  }
  if (faults.includes('frag-reasm')) {
    for (const argv of fragReasmCommands()) await run(argv, t('lab.step.frag'));
    applied.push('frag-reasm');
    notes.push(t('lab.note.frag'));
  }
  if (faults.includes('rx-dropped-benign')) {
    for (const argv of rxDroppedBenignCommands()) await run(argv, t('lab.step.sender-veth'));
    await startInLab(UNKNOWN_PROTO_SENDER, [BENIGN_DEVS[0]], 'frame-sender.pid', t('lab.step.frame-sender'));
    applied.push('rx-dropped-benign');
    notes.push(t('lab.note.rx-benign', { sender: BENIGN_DEVS[0], receiver: BENIGN_DEVS[1] }));
  }
}

async function startListenOverflow(
  runner: Runner,
  state: LabState,
  pid: number | undefined,
  address: string,
  opts: LabOptions,
  notes: string[],
): Promise<void> {
  const port = String(LISTEN_OVERFLOW_PORT);
  if (isContainerEngine(state.engine)) {
    // Runs inside the container (the host's python3 through the /usr bind), dies with it.
    await must(runner, [state.engine, 'exec', '-d', state.containerId ?? state.name, '/usr/bin/python3', '-c', NEVER_ACCEPTING_LISTENER, port],
      t('lab.step.never-accepting'));
  } else {
    // Detaches itself once bound; lab down kills every process left in the namespace.
    await must(runner, inLab(state, pid, ['python3', '-c', NEVER_ACCEPTING_LISTENER, port, join(state.dir, 'listener.pid')]),
      t('lab.step.never-accepting'));
  }
  const ss = inLab(state, pid, ['ss', '-Hltn']);
  await waitForListener(runner, ss, LISTEN_OVERFLOW_PORT, t('lab.listener.never-accepting'));
  // Backlog 1: the kernel queues up to backlog + 1 finished handshakes; the sockets are closed
  // again at once, but their server halves stay queued (CLOSE-WAIT) because nobody accepts them.
  const connect = opts.connect ?? tcpConnect;
  let connected = 0;
  for (let i = 0; i < LISTEN_OVERFLOW_BACKLOG + 1; i++) if (await connect(address, LISTEN_OVERFLOW_PORT, 2000)) connected++;
  const r = await runner.run(readCommand(ss));
  const q = r.ok ? parseSsListen(r.stdout).find((l) => l.port === LISTEN_OVERFLOW_PORT) : undefined;
  if (!q || q.recvQ <= q.sendQ) {
    throw new LabError({
      message: t('lab.fill-accept', { port, connected, queue: q ? `${q.recvQ}/${q.sendQ}` : msg('lab.unknown') }),
    });
  }
  notes.push(t('lab.note.listen-overflow', { port, queued: q.recvQ, backlog: q.sendQ }));
}

/** Remove what `state` records, tolerating what is already gone. Returns what was removed. */
async function removeLab(runner: Runner, state: LabState, opts: LabOptions): Promise<{ removed: string[]; errors: string[] }> {
  const removed: string[] = [];
  const errors: string[] = [];
  if (isContainerEngine(state.engine)) {
    const runtime = state.engine;
    const id = state.containerId;
    const byLabel = await runner.run(readCommand([runtime, 'ps', '-a', '-q', '--no-trunc', '--filter', `label=${LAB_CONTAINER_LABEL}=${state.name}`]));
    const ids = new Set<string>(id ? [id] : []);
    if (byLabel.ok) for (const l of byLabel.stdout.split('\n').map((s) => s.trim()).filter((s) => s !== '')) ids.add(l);
    // The engine does not answer: what it runs cannot be known, so the state that names it is kept.
    else errors.push(failureMessage(byLabel, t('lab.step.list-containers', { runtime })).message);
    for (const cid of ids) {
      // docker rm -f kills at once; podman would first wait 10 s for SIGTERM unless told not to.
      const rm = runtime === 'docker' ? ['docker', 'rm', '-f', '-v', cid] : ['podman', 'rm', '-f', '-v', '--time', '0', cid];
      const r = await runner.run(mutateCommand(rm, 60_000));
      if (r.ok) removed.push(t('lab.removed.container', { name: state.name, id: cid.slice(0, 12) }));
      else if (!/No such container/i.test(r.stderr)) errors.push(failureMessage(r, t('lab.step.remove-container')).message);
    }
  }
  if (state.netns) {
    // Every process in the lab's namespace was started by the lab (nginx, the listener).
    for (let attempt = 0; attempt < 20; attempt++) {
      const pids = await runner.run(readCommand(['ip', 'netns', 'pids', state.netns]));
      const list = pids.ok ? pids.stdout.split('\n').map((s) => s.trim()).filter((s) => /^\d+$/.test(s)) : [];
      if (list.length === 0) break;
      await runner.run(mutateCommand(['kill', attempt < 10 ? '-TERM' : '-KILL', ...list]));
      if (attempt === 0) removed.push(t('lab.removed.processes', { pids: list.join(' '), netns: state.netns ?? state.name }));
      await sleep(100);
    }
    const list = await runner.run(readCommand(['ip', '-j', 'netns', 'list']));
    if (list.ok && parseNetnsList(list.stdout).includes(state.netns)) {
      const r = await runner.run(mutateCommand(['ip', 'netns', 'del', state.netns]));
      if (r.ok) removed.push(t('lab.removed.netns', { name: state.netns ?? state.name }));
      else errors.push(failureMessage(r, t('lab.step.delete-netns')).message);
    }
  }
  for (const extra of state.extraNetns ?? []) {
    const pids = await runner.run(readCommand(['ip', 'netns', 'pids', extra]));
    const list = pids.ok ? pids.stdout.split('\n').map((s) => s.trim()).filter((s) => /^\d+$/.test(s)) : [];
    if (list.length > 0) await runner.run(mutateCommand(['kill', '-KILL', ...list]));
    const all = await runner.run(readCommand(['ip', '-j', 'netns', 'list']));
    if (all.ok && parseNetnsList(all.stdout).includes(extra)) {
      const r = await runner.run(mutateCommand(['ip', 'netns', 'del', extra]));
      if (r.ok) removed.push(t('lab.removed.netns', { name: extra }));
      else errors.push(failureMessage(r, t('lab.step.delete-netns')).message);
    }
  }
  if (state.hostVeth) {
    const gone = await removeHostVeth(runner, state.hostVeth, state.netns !== undefined, opts);
    if (gone.ok) removed.push(t('lab.removed.veth', { name: state.hostVeth }));
    else errors.push(gone.message);
  }
  if (errors.length > 0) {
    // Something the lab created may still exist: keep the state that says what to remove next time.
    errors.push(t('lab.state-kept', { file: stateFile(state.name, opts) }));
    return { removed, errors };
  }
  await rm(stateFile(state.name, opts), { force: true });
  await rm(state.dir, { recursive: true, force: true });
  if (state.imageId && isContainerEngine(state.engine)) {
    const msg = await removeImageIfUnused(runner, state.engine, state.imageId, opts);
    if (msg) removed.push(msg);
  }
  return { removed, errors };
}

/** How long lab down waits for the kernel to destroy a netns lab's veth after `ip netns del`. */
export const VETH_GONE_TIMEOUT_MS = 5000;

/**
 * Make sure the host end of a netns lab's veth pair is gone. `ip netns del` only drops the
 * namespace's mount; the kernel tears the namespace down later (cleanup_net), and the pair with
 * it, so the host end can outlive the command by a moment. Wait for that (bounded, polling
 * `ip -j link show dev X`), then delete the end if it is still there. A "Cannot find device"
 * from the delete means the kernel got there first: gone either way.
 */
async function removeHostVeth(
  runner: Runner,
  veth: string,
  afterNetnsDel: boolean,
  opts: LabOptions,
): Promise<{ ok: true } | { ok: false; message: string }> {
  const exists = async (): Promise<boolean> => (await runner.run(readCommand(['ip', '-j', 'link', 'show', 'dev', veth]))).ok;
  const pause = opts.sleep ?? sleep;
  if (afterNetnsDel) {
    for (let waited = 0; waited < VETH_GONE_TIMEOUT_MS && (await exists()); waited += 100) await pause(100);
  }
  if (!(await exists())) return { ok: true };
  const r = await runner.run(mutateCommand(['ip', 'link', 'del', veth]));
  if (r.ok || /Cannot find device|does not exist/i.test(r.stderr)) return { ok: true };
  if (!(await exists())) return { ok: true };
  return { ok: false, message: failureMessage(r, t('lab.step.delete-veth')).message };
}

/** Remove the lab image when no other lab records it, no container uses it and it carries our label. */
async function removeImageIfUnused(runner: Runner, runtime: ContainerEngine, imageId: string, opts: LabOptions): Promise<string | null> {
  for (const other of await stateNames(opts)) {
    const s = await readState(other, opts);
    if (s?.imageId === imageId && s.engine === runtime) return null;
  }
  const label = await runner.run(readCommand([runtime, 'image', 'inspect', '--format', `{{index .Config.Labels "${LAB_IMAGE_LABEL}"}}`, imageId]));
  if (!label.ok || label.stdout.trim() !== 'true') return null;
  const users = await runner.run(readCommand([runtime, 'ps', '-a', '-q', '--filter', `ancestor=${imageId}`]));
  if (!users.ok || users.stdout.trim() !== '') return null;
  const r = await runner.run(mutateCommand([runtime, 'rmi', imageId], 60_000));
  return r.ok ? t('lab.removed.image', { runtime, image: LAB_IMAGE }) : null;
}

/** The lab names on containers labelled `pktdrop.lab=<name>` in `runtime` (none when it is absent). */
async function labelledLabs(runner: Runner, runtime: ContainerEngine): Promise<string[]> {
  // docker ps has {{.Label "k"}} (its {{.Labels}} is one string); podman ps has only the {{.Labels}} map.
  const format = runtime === 'docker' ? `{{.Label "${LAB_CONTAINER_LABEL}"}}` : `{{index .Labels "${LAB_CONTAINER_LABEL}"}}`;
  const r = await runner.run(readCommand([runtime, 'ps', '-a', '--filter', `label=${LAB_CONTAINER_LABEL}`, '--format', format]));
  return r.ok ? r.stdout.split('\n').map((s) => s.trim()).filter((s) => s !== '') : [];
}

/**
 * Remove a lab (by name) or every lab (`all`): exactly what its state file records, plus Docker
 * containers labelled `pktdrop.lab=<name>`. Idempotent: a lab that is already gone removes nothing.
 */
export async function labDown(runner: Runner, which: { name?: string; all?: boolean }, opts: LabOptions = {}): Promise<LabDownResult> {
  let names: string[];
  if (which.all) {
    names = await stateNames(opts);
    for (const runtime of ['docker', 'podman'] as const) {
      for (const n of await labelledLabs(runner, runtime)) if (!names.includes(n)) names.push(n);
    }
  } else {
    const name = which.name ?? 'nginx';
    const valid = validateLabName(name);
    if (!valid.ok) return { ok: false, message: valid.message, removed: [] };
    names = [name];
  }
  const removed: string[] = [];
  const errors: string[] = [];
  for (const name of names) {
    const state = (await readState(name, opts)) ?? (await orphanState(runner, name, opts));
    if (!state) continue;
    const r = await removeLab(runner, state, opts);
    removed.push(...r.removed);
    errors.push(...r.errors);
  }
  if (errors.length > 0) return { ok: false, message: errors.join('; '), removed };
  return { ok: true, removed };
}

/**
 * A lab without a state file: only a container labelled with its name (Docker first, then podman)
 * can be known to be ours.
 */
async function orphanState(runner: Runner, name: string, opts: LabOptions): Promise<LabState | null> {
  for (const engine of ['docker', 'podman'] as const) {
    const r = await runner.run(readCommand([engine, 'ps', '-a', '-q', '--no-trunc', '--filter', `label=${LAB_CONTAINER_LABEL}=${name}`]));
    if (r.failure?.kind === 'not-found' || !r.ok || r.stdout.trim() === '') continue;
    return { stateVersion: 1, name, engine, createdAt: '', complete: false, dir: join(labsDir(opts), name) };
  }
  return null;
}

/** Every lab with a state file, and whether what it created is still there and serving. */
export async function labStatus(runner: Runner, opts: LabOptions = {}): Promise<LabStatusResult> {
  const labs: LabStatusEntry[] = [];
  for (const name of await stateNames(opts)) {
    const state = await readState(name, opts);
    if (!state) {
      labs.push(emptyEntry(name, 'docker', [t('lab.status.unreadable', { file: stateFile(name, opts) })]));
      continue;
    }
    const problems: string[] = [];
    if (!state.complete || !state.info) problems.push(t('lab.status.unfinished'));
    let pid: number | undefined = state.info?.container?.pid;
    if (isContainerEngine(state.engine)) {
      const r = await runner.run(readCommand([state.engine, 'container', 'inspect', state.containerId ?? name]));
      const facts = r.ok ? parseContainerInspect(r.stdout) : undefined;
      if (!r.ok && !/no such (container|object)/i.test(r.stderr)) problems.push(t('lab.status.engine-down', { engine: state.engine, why: r.failure?.hint ?? msg('lab.status.inspect-failed') }));
      else if (!facts) problems.push(t('lab.status.container-gone'));
      else if (!facts.running) problems.push(t('lab.status.container-stopped'));
      else pid = facts.pid;
    } else {
      const list = await runner.run(readCommand(['ip', '-j', 'netns', 'list']));
      if (!parseNetnsList(list.stdout).includes(state.netns ?? name)) problems.push(t('lab.status.netns-gone', { name: state.netns ?? name }));
      if (state.hostVeth) {
        const link = await runner.run(readCommand(['ip', '-j', 'link', 'show', 'dev', state.hostVeth]));
        if (!link.ok) problems.push(t('lab.status.veth-gone', { name: state.hostVeth }));
      }
    }
    if (problems.length === 0) {
      const ss = await runner.run(readCommand(inLab(state, pid, ['ss', '-Hltn'])));
      if (!ss.ok || !parseSsListen(ss.stdout).some((l) => l.port === 80)) problems.push(t('lab.status.no-listener'));
    }
    const base = state.info ?? emptyEntry(name, state.engine, []);
    const info: LabInfo = isContainerEngine(state.engine) && base.container && pid !== undefined
      ? { ...base, container: { id: base.container.id, pid } }
      : base;
    labs.push({ ...info, healthy: problems.length === 0, problems });
  }
  return { ok: true, labs };
}

function emptyEntry(name: string, engine: LabEngine, problems: string[]): LabStatusEntry {
  return { name, engine, address: '', port: 80, faults: [], diagnoseArgs: [], tryCommands: [], notes: [], healthy: false, problems };
}
