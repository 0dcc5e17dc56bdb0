/**
 * Helpers for live tests against a real lab (see src/lab/lab.ts): is a lab possible here, run a
 * test inside one and always remove it, snapshot the host's network state to prove nothing leaked,
 * and small readers (hping3 loss, TcpExt counters, nft counters) inside the lab's namespace.
 *
 * Under CI (`CI=true`) a lab that cannot start is a failure, never a skip.
 */
import { expect } from 'vitest';
import { existsSync } from 'node:fs';
import { labDown, labUp, type LabEngine, type LabInfo, type LabOptions, type LabSpec } from '../../src/lab/lab.js';
import { ProcessRunner, readCommand, type Runner } from '../../src/targets/runner.js';

export const runner: Runner = new ProcessRunner();

export type Availability = { ok: true } | { ok: false; reason: string };

/**
 * Whether a lab of `engine` can be built here: root, iproute2, nginx, iptables, nft, tc, python3,
 * nsenter and (for docker) an answering Docker engine; `alsoNeeds` adds tools the test uses (hping3).
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

/** A comparable snapshot of what a lab could leave behind on the host. Counters are stripped. */
export interface HostNetworkState {
  readonly containers: string;
  readonly images: string;
  readonly netns: string;
  readonly links: string;
  readonly iptables: string;
  readonly iptablesLegacy: string;
  readonly nft: string;
}

async function text(argv: readonly string[]): Promise<string> {
  const r = await runner.run(readCommand(argv, 30_000));
  if (r.failure?.kind === 'not-found') return `(${argv[0]} not installed)`;
  return r.ok ? r.stdout : `(failed: ${r.failure?.hint ?? ''})`;
}

/** `docker ps -a`, docker images, `ip netns list`, `ip -o link` names, iptables-save and nft ruleset. */
export async function hostNetworkState(): Promise<HostNetworkState> {
  const stripIptables = (s: string): string =>
    s.split('\n').filter((l) => !l.startsWith('#')).map((l) => l.replace(/\[\d+:\d+\]/g, '[]')).join('\n');
  return {
    containers: await text(['docker', 'ps', '-a', '--no-trunc', '--format', '{{.ID}} {{.Names}} {{.Image}} {{.Labels}}']),
    images: await text(['docker', 'images', '-q', '--no-trunc']),
    netns: await text(['ip', 'netns', 'list']),
    links: (await text(['ip', '-o', 'link', 'show']))
      .split('\n')
      .map((l) => /^\d+:\s+([^:@\s]+)/.exec(l)?.[1] ?? '')
      .filter((n) => n !== '')
      .sort()
      .join(' '),
    iptables: stripIptables(await text(['iptables-save'])),
    iptablesLegacy: stripIptables(await text(['iptables-legacy-save'])),
    nft: (await text(['nft', 'list', 'ruleset'])).replace(/counter packets \d+ bytes \d+/g, 'counter'),
  };
}

/**
 * Build the lab, run `fn`, and always remove the lab; then assert the host is as it was before
 * (containers, images, netns, links, iptables and nft rules). A failure of `fn` is not masked.
 */
export async function withLab<T>(spec: LabSpec, fn: (info: LabInfo) => Promise<T>, opts: LabOptions = {}): Promise<T> {
  const before = await hostNetworkState();
  const up = await labUp(runner, spec, opts);
  if (!up.ok) {
    expect(await hostNetworkState(), 'a failed lab up must roll back').toEqual(before);
    throw new Error(`lab up failed: ${up.message}${up.hint ? ` (${up.hint})` : ''}`);
  }
  let failed = false;
  try {
    return await fn(up.info);
  } catch (e) {
    failed = true;
    throw e;
  } finally {
    const down = await labDown(runner, { name: spec.name }, opts);
    const after = await hostNetworkState();
    if (!failed) {
      expect(down.ok, down.ok ? '' : down.message).toBe(true);
      expect(after, 'lab down must leave the host as it found it').toEqual(before);
    } else if (!down.ok || JSON.stringify(after) !== JSON.stringify(before)) {
      console.error(`withLab(${spec.name}): cleanup after a failure left differences`, down);
    }
  }
}

/** `argv` run in the lab's network namespace with the host's tools. */
export function inLabNamespace(info: LabInfo, argv: readonly string[]): string[] {
  if (info.container) return ['nsenter', '-t', String(info.container.pid), '-n', '--', ...argv];
  return ['ip', 'netns', 'exec', info.netns?.name ?? info.name, ...argv];
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
  const lines = r.stdout.split('\n');
  for (let i = 0; i + 1 < lines.length; i += 2) {
    const names = (lines[i] ?? '').trim().split(/\s+/);
    const values = (lines[i + 1] ?? '').trim().split(/\s+/);
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
