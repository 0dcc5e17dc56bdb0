/**
 * Pure building blocks of `pktdrop lab`: name validation, the empty image archive, the nginx
 * configuration, the choice of a free /30 for a netns lab, and the reading of small command outputs.
 * No I/O here; `lab.ts` does the work through the Runner.
 */

import { t } from '../i18n/index.js';

/**
 * The lab kinds: a Docker container, a bare network namespace joined to the host by a veth pair, or
 * a rootful podman container (the same empty image and bind mounts as Docker, on podman's bridge).
 */
export const LAB_ENGINES = ['docker', 'netns', 'podman'] as const;
export type LabEngine = (typeof LAB_ENGINES)[number];
/** The engines whose lab is a container, named after the container runtime that runs it. */
export type ContainerEngine = Extract<LabEngine, 'docker' | 'podman'>;
export const isContainerEngine = (e: LabEngine): e is ContainerEngine => e === 'docker' || e === 'podman';

/**
 * Faults the lab can inject into the server's own network namespace:
 * - `iptables-random-drop`: the seed's `-m statistic --mode random --probability 0.30 -j DROP` on
 *   INPUT and OUTPUT (the packet is dropped by netfilter; the rule's packet counter rises);
 * - `netem-loss`: `tc qdisc add dev eth0 root netem loss 30%` (needs the sch_netem module);
 * - `qdisc-drop`: a `tbf` qdisc so small (1 kbit/s, 100 byte queue) that it drops at probe rates
 *   (the qdisc's `dropped` counter rises);
 * - `listen-overflow`: a listener on port 8080 with backlog 1 that never accepts, its accept queue
 *   filled, so further SYNs are dropped (TcpExtListenOverflows and TcpExtListenDrops rise);
 * - `nft-drop`: an nftables table `inet pktdrop_lab` whose input chain counts and drops tcp dport 80;
 * - `softnet-backlog`, `rp-filter`, `forwarding-off`, `br-nf-call`: the drop map's per-CPU backlog
 *   overflow, reverse-path filter, forwarding switched off and br_netfilter (see `drop-map-faults.ts`).
 * - `mtu-mismatch`, `conntrack-invalid`, `syn-queue`, `rx-dropped-benign`: the drop map's veth MTU
 *   mismatch, conntrack INVALID drops, SYN queue overflow and receive drops that are not loss (see
 *   `drop-map-faults-b.ts`); `mtu-blackhole`: the lab routes for a namespace behind it over a link
 *   with a smaller MTU and drops the ICMP that would tell senders (netns engine); `timewait-overflow`
 *   (tcp_max_tw_buckets=2) and `frag-reasm` (ipfrag_time=1) in the lab.
 */
export const LAB_FAULTS = [
  'iptables-random-drop',
  'netem-loss',
  'qdisc-drop',
  'listen-overflow',
  'nft-drop',
  'softnet-backlog',
  'rp-filter',
  'forwarding-off',
  'br-nf-call',
  'mtu-mismatch',
  'conntrack-invalid',
  'syn-queue',
  'rx-dropped-benign',
  'mtu-blackhole',
  'timewait-overflow',
  'frag-reasm',
] as const;
export type LabFault = (typeof LAB_FAULTS)[number];

export const isLabFault = (s: string): s is LabFault => (LAB_FAULTS as readonly string[]).includes(s);
export const isLabEngine = (s: string): s is LabEngine => (LAB_ENGINES as readonly string[]).includes(s);

/** The seed case's faults: two random-drop iptables rules and a netem qdisc losing 30%. */
export const SEED_FAULTS: readonly LabFault[] = ['iptables-random-drop', 'netem-loss'];

/** What the kernel can do, as far as the lab's faults care. */
export interface LabCapabilities {
  /** True when `tc qdisc add ... netem` works (the sch_netem module is built or loadable). */
  readonly netem: boolean;
}

/**
 * The seed's faults, adapted to this kernel: without sch_netem the netem qdisc is replaced by a
 * `tbf` qdisc that drops at probe rates, and a note says so.
 */
export function defaultFaults(capabilities: LabCapabilities): { faults: LabFault[]; notes: string[] } {
  if (capabilities.netem) return { faults: [...SEED_FAULTS], notes: [] };
  return {
    faults: ['iptables-random-drop', 'qdisc-drop'],
    notes: [t('lab.note.no-netem')],
  };
}

/** A lab name is also a container name, a hostname and a netns name. */
export const LAB_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$/;

export function validateLabName(name: string): { ok: true } | { ok: false; message: string } {
  if (LAB_NAME.test(name)) return { ok: true };
  return {
    ok: false,
    message: t('lab.invalid-name', { name: JSON.stringify(name) }),
  };
}

/** Parse a `--faults a,b` list; `none` or an empty string means no fault (a healthy lab). */
export function parseFaultList(text: string): { ok: true; faults: LabFault[] } | { ok: false; message: string } {
  const items = text.split(',').map((s) => s.trim()).filter((s) => s !== '' && s !== 'none');
  const faults: LabFault[] = [];
  for (const item of items) {
    if (!isLabFault(item)) {
      return { ok: false, message: t('lab.unknown-fault', { fault: JSON.stringify(item), faults: LAB_FAULTS.join(', ') }) };
    }
    if (!faults.includes(item)) faults.push(item);
  }
  if (faults.includes('netem-loss') && faults.includes('qdisc-drop')) {
    return { ok: false, message: t('lab.conflict.netem-qdisc') };
  }
  return { ok: true, faults };
}

/**
 * An empty tar archive: the end-of-archive marker, two 512-byte blocks of zeros. `docker import`
 * of it gives an image with no files, to which the lab bind-mounts the host's binaries read-only.
 */
export function emptyTarArchive(): Uint8Array {
  return new Uint8Array(1024);
}

/** Where the nginx of a lab keeps its runtime files. */
export interface NginxPaths {
  /** Directory for pid, temp files and the error log. */
  readonly runDir: string;
  /** `daemon off` in a container (nginx is its main process); `on` in a netns (it detaches). */
  readonly daemon: boolean;
}

/** A minimal nginx configuration: one worker, port 80, no access log, every path under `runDir`. */
export function nginxConfig(paths: NginxPaths): string {
  const d = paths.runDir;
  return [
    '# written by pktdrop lab',
    'worker_processes 1;',
    `daemon ${paths.daemon ? 'on' : 'off'};`,
    `pid ${d}/nginx.pid;`,
    `error_log ${paths.daemon ? `${d}/error.log` : 'stderr'} warn;`,
    'events { worker_connections 256; }',
    'http {',
    '  access_log off;',
    `  client_body_temp_path ${d}/client_body;`,
    `  proxy_temp_path ${d}/proxy;`,
    `  fastcgi_temp_path ${d}/fastcgi;`,
    `  uwsgi_temp_path ${d}/uwsgi;`,
    `  scgi_temp_path ${d}/scgi;`,
    '  server {',
    '    listen 80 default_server;',
    '    location / { default_type text/plain; return 200 "ok\\n"; }',
    '  }',
    '}',
    '',
  ].join('\n');
}

/**
 * Python lines that detach a lab helper when a pid file (`pidfile`) is given: double fork, new
 * session, stdio to /dev/null, then the daemon's own pid written to the file (lab down kills it).
 */
export const PY_DAEMONIZE: readonly string[] = [
  'if pidfile:',
  '    if os.fork() > 0:',
  '        os._exit(0)',
  '    os.setsid()',
  '    if os.fork() > 0:',
  '        os._exit(0)',
  '    fd = os.open(os.devnull, os.O_RDWR)',
  '    for i in (0, 1, 2):',
  '        os.dup2(fd, i)',
  "    with open(pidfile, 'w') as f:",
  '        f.write(str(os.getpid()))',
];

/**
 * A listener that never accepts: backlog 1, so the kernel keeps at most two finished handshakes
 * in its accept queue and then drops further SYNs (TcpExtListenOverflows, TcpExtListenDrops).
 * argv: port, and optionally a pid file — given a pid file it detaches (double fork, stdio to
 * /dev/null) after binding, so the command returns once the port is listening.
 */
export const NEVER_ACCEPTING_LISTENER = [
  'import os, socket, sys, time',
  'port = int(sys.argv[1])',
  "pidfile = sys.argv[2] if len(sys.argv) > 2 else ''",
  's = socket.socket(socket.AF_INET, socket.SOCK_STREAM)',
  's.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)',
  "s.bind(('0.0.0.0', port))",
  's.listen(1)',
  ...PY_DAEMONIZE,
  'while True:',
  '    time.sleep(3600)',
  '',
].join('\n');

export const LISTEN_OVERFLOW_PORT = 8080;
export const LISTEN_OVERFLOW_BACKLOG = 1;

const ipToInt = (ip: string): number | null => {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return null;
  return parts.reduce((acc, p) => acc * 256 + p, 0);
};

const intToIp = (n: number): string => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');

/** An IPv4 network as [first, last] address, both inclusive. */
function range(ip: string, prefix: number): [number, number] | null {
  const n = ipToInt(ip);
  if (n === null || prefix < 0 || prefix > 32) return null;
  const size = 2 ** (32 - prefix);
  const first = Math.floor(n / size) * size;
  return [first, first + size - 1];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every IPv4 `address/prefix` in the output of `ip -j addr`; an unreadable output gives `null`. */
export function ipv4Networks(ipJsonAddr: string): { address: string; prefix: number; ifname: string }[] | null {
  let data: unknown;
  try {
    data = JSON.parse(ipJsonAddr);
  } catch {
    return null;
  }
  if (!Array.isArray(data)) return null;
  const out: { address: string; prefix: number; ifname: string }[] = [];
  for (const link of data) {
    if (!isRecord(link) || !Array.isArray(link.addr_info)) continue;
    const ifname = typeof link.ifname === 'string' ? link.ifname : '?';
    for (const a of link.addr_info) {
      if (isRecord(a) && a.family === 'inet' && typeof a.local === 'string' && typeof a.prefixlen === 'number') {
        out.push({ address: a.local, prefix: a.prefixlen, ifname });
      }
    }
  }
  return out;
}

/** A /30 for a netns lab: the host end takes `.1`, the namespace's eth0 `.2`. */
export interface LabSubnet {
  readonly network: string;
  readonly hostAddress: string;
  readonly labAddress: string;
  readonly prefix: 30;
}

/**
 * The first /30 in 10.251.0.0/16 that overlaps no address already configured on the host (from
 * `ip -j addr`) and no subnet another lab holds. `null` when every candidate is taken.
 */
export function pickLabSubnet(
  existing: readonly { address: string; prefix: number }[],
  takenByLabs: readonly string[],
): LabSubnet | null {
  const used = existing.flatMap((e) => {
    const r = range(e.address, e.prefix);
    return r ? [r] : [];
  });
  for (const t of takenByLabs) {
    const r = range(t, 30);
    if (r) used.push(r);
  }
  const base = ipToInt('10.251.0.0') ?? 0;
  for (let i = 0; i < 16384; i++) {
    const first = base + i * 4;
    const last = first + 3;
    if (used.some(([a, b]) => a <= last && first <= b)) continue;
    return { network: intToIp(first), hostAddress: intToIp(first + 1), labAddress: intToIp(first + 2), prefix: 30 };
  }
  return null;
}

/** The host end of a netns lab's veth pair: `pdlab-` and 8 hex digits of the name (15 chars at most). */
export function hostVethName(name: string): string {
  let h = 0x811c9dc5;
  for (const ch of name) {
    h ^= ch.codePointAt(0) ?? 0;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `pdlab-${h.toString(16).padStart(8, '0')}`;
}

/**
 * One listening socket from `ss -Hltn`: for a listener, Recv-Q is the current accept queue length
 * and Send-Q its limit (the backlog); the queue is full when Recv-Q exceeds Send-Q.
 */
export interface ListenQueue {
  readonly local: string;
  readonly port: number;
  readonly recvQ: number;
  readonly sendQ: number;
}

/** Read `ss -Hltn` (or `ss -ltn`) output; lines that are not LISTEN sockets are skipped. */
export function parseSsListen(text: string): ListenQueue[] {
  const out: ListenQueue[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f[0] !== 'LISTEN' || f.length < 4) continue;
    const local = f[3] ?? '';
    const port = Number(local.slice(local.lastIndexOf(':') + 1));
    const recvQ = Number(f[1]);
    const sendQ = Number(f[2]);
    if (!Number.isInteger(port) || !Number.isInteger(recvQ) || !Number.isInteger(sendQ)) continue;
    out.push({ local, port, recvQ, sendQ });
  }
  return out;
}

/** The `ip netns list` / `ip -j netns list` names. */
export function parseNetnsList(text: string): string[] {
  const t = text.trim();
  if (t.startsWith('[')) {
    try {
      const data: unknown = JSON.parse(t);
      if (Array.isArray(data)) return data.flatMap((e) => (isRecord(e) && typeof e.name === 'string' ? [e.name] : []));
    } catch {
      return [];
    }
  }
  return t === '' ? [] : t.split('\n').map((l) => l.trim().split(/\s+/)[0] ?? '').filter((n) => n !== '');
}
