/**
 * The fleet's live test topology on one machine (README: Fleet, tests): a switch namespace holding
 * a bridge, an operator namespace where pktdrop's ssh and probes run, and N host namespaces, each
 * running its own sshd as PID 1 of a PID namespace (`unshare -p --kill-child`), so killing that one
 * process ends every session with it. Each host has a private mount namespace: its own /etc/hosts
 * (sudo never goes to DNS), /etc/passwd, /etc/shadow and /etc/sudoers copies (a test user), and its
 * own /var/lib/pktdrop (the remote journal is that host's, not the machine's). A python http.server
 * listens on port 80 for probes.
 *
 * Everything is made under one temporary directory: host keys, the client key, ssh_config and
 * known_hosts. Nothing is written to /root/.ssh. Names carry a per-run tag; `down()` removes only
 * what `up()` made.
 *
 * Why a bridge in its own namespace: in the root namespace, with bridge-nf-call-iptables=1 and a
 * FORWARD policy of DROP, east-west traffic between the fake hosts is dropped.
 */
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command, CommandResult } from '../../src/core/types.js';
import { mutateCommand, ProcessRunner, readCommand, type Runner } from '../../src/targets/runner.js';

const local = new ProcessRunner();

async function must(argv: readonly string[], input?: string, timeoutMs = 15_000): Promise<CommandResult> {
  const r = await local.run({ ...mutateCommand(argv, timeoutMs), ...(input !== undefined ? { input } : {}) });
  if (!r.ok) throw new Error(`${argv.join(' ')}: ${r.failure?.hint ?? ''} ${r.stderr}`);
  return r;
}

/** A runner whose every process runs in the operator namespace (what pktdrop uses in these tests). */
export class NetnsRunner implements Runner {
  readonly started: (readonly string[])[] = [];
  constructor(private readonly ns: string) {}
  run(c: Command): Promise<CommandResult> {
    this.started.push(c.argv);
    return local.run({ ...c, argv: ['ip', 'netns', 'exec', this.ns, ...c.argv] });
  }
}

export interface FleetHost {
  readonly name: string;
  readonly ns: string;
  readonly address: string;
  readonly dir: string;
  /** The pid of the `unshare` that owns the host's PID namespace (sshd is its child, PID 1 inside). */
  pid?: number;
}

export interface Topology {
  readonly tag: string;
  readonly dir: string;
  readonly sw: string;
  readonly op: string;
  readonly hosts: FleetHost[];
  readonly sshConfig: string;
  readonly knownHosts: string;
  readonly clientKey: string;
  /** The test user (password-required sudo on h1, NOPASSWD elsewhere) with a banner-printing ~/.ssh/rc. */
  readonly user: string;
  readonly runner: NetnsRunner;
}

export const TEST_USER = 'pdflusr';

/** Tools the topology needs; the reason when one is missing. */
export async function topologyAvailability(): Promise<string | undefined> {
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return 'the fleet topology needs root';
  for (const [argv, pkg] of [[['/usr/sbin/sshd', '-V'], 'openssh-server'], [['ssh', '-V'], 'openssh-client'], [['ssh-keygen', '-?'], 'openssh-client'], [['sudo', '-V'], 'sudo'], [['python3', '-V'], 'python3'], [['hping3', '--version'], 'hping3'], [['unshare', '--version'], 'util-linux']] as const) {
    const r = await local.run(readCommand(argv));
    if (r.failure?.kind === 'not-found') return `${argv[0]} is not installed (apt-get install ${pkg})`;
  }
  return undefined;
}

function hostScript(t: { address: string; dir: string; name: string }): string {
  // Runs as PID 1's parent shell inside the new PID and mount namespaces; ends by exec'ing sshd.
  return [
    'set -e',
    `mount --bind ${t.dir}/hosts /etc/hosts`,
    `mount --bind ${t.dir}/passwd /etc/passwd`,
    `mount --bind ${t.dir}/shadow /etc/shadow`,
    `mount --bind ${t.dir}/group /etc/group`,
    `mount --bind ${t.dir}/sudoers /etc/sudoers`,
    `mount --bind ${t.dir}/state /var/lib/pktdrop`,
    `hostname ${t.name}`,
    // ip netns exec remounted /sys for the namespace: tracefs is mounted again (shared kernel, shared events).
    'mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null || true',
    `python3 -m http.server 80 --bind ${t.address} --directory ${t.dir}/www >/dev/null 2>&1 &`,
    `exec /usr/sbin/sshd -D -e -f ${t.dir}/sshd_config 2>>${t.dir}/sshd.log`,
  ].join('\n');
}

/** Build the topology with `n` hosts. On any failure it removes what it made and throws. */
export async function topologyUp(n = 3): Promise<Topology> {
  const tag = `pdfl${(process.pid % 1296).toString(36)}${Math.floor(Math.random() * 36).toString(36)}`;
  const dir = await mkdtemp(join(tmpdir(), `${tag}-`));
  const net = `10.252.${77 + (process.pid % 100)}`;
  const sw = `${tag}-sw`;
  const op = `${tag}-op`;
  const hosts: FleetHost[] = Array.from({ length: n }, (_, i) => ({ name: `${tag}-h${i + 1}`, ns: `${tag}-h${i + 1}`, address: `${net}.${11 + i}`, dir: join(dir, `h${i + 1}`) }));
  const topo: Topology = {
    tag, dir, sw, op, hosts,
    sshConfig: join(dir, 'ssh_config'),
    knownHosts: join(dir, 'known_hosts'),
    clientKey: join(dir, 'id_ed25519'),
    user: TEST_USER,
    runner: new NetnsRunner(op),
  };
  try {
    // The test user's sshd child must reach its home and keys under here.
    await chmod(dir, 0o711);
    await must(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', `${tag}-client`, '-f', topo.clientKey]);
    const pub = await readFile(`${topo.clientKey}.pub`, 'utf8');
    await mkdir('/run/sshd', { recursive: true, mode: 0o755 });
    await mkdir('/var/lib/pktdrop', { recursive: true, mode: 0o700 });
    await must(['ip', 'netns', 'add', sw]);
    await must(['ip', '-n', sw, 'link', 'add', 'br0', 'type', 'bridge']);
    await must(['ip', '-n', sw, 'link', 'set', 'br0', 'up']);
    await must(['ip', '-n', sw, 'link', 'set', 'lo', 'up']);
    const attach = async (ns: string, port: string, address: string) => {
      await must(['ip', 'netns', 'add', ns]);
      await must(['ip', '-n', sw, 'link', 'add', port, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns]);
      await must(['ip', '-n', sw, 'link', 'set', port, 'master', 'br0', 'up']);
      await must(['ip', '-n', ns, 'addr', 'add', `${address}/24`, 'dev', 'eth0']);
      await must(['ip', '-n', ns, 'link', 'set', 'eth0', 'up']);
      await must(['ip', '-n', ns, 'link', 'set', 'lo', 'up']);
    };
    await attach(op, 'vop', `${net}.2`);
    const known: string[] = [];
    const cfg: string[] = [];
    const passwd = await readFile('/etc/passwd', 'utf8');
    const shadow = await readFile('/etc/shadow', 'utf8');
    const group = await readFile('/etc/group', 'utf8');
    for (const [i, h] of hosts.entries()) {
      await mkdir(join(h.dir, 'state'), { recursive: true, mode: 0o700 });
      await chmod(h.dir, 0o711);
      await mkdir(join(h.dir, 'www'), { recursive: true });
      const home = join(h.dir, 'home');
      await mkdir(join(home, '.ssh'), { recursive: true, mode: 0o700 });
      await writeFile(join(h.dir, 'www', 'index.html'), 'ok\n');
      await must(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', h.name, '-f', join(h.dir, 'ssh_host_ed25519_key')]);
      await writeFile(join(h.dir, 'authorized_keys'), pub, { mode: 0o600 });
      await writeFile(join(home, '.ssh', 'authorized_keys'), pub, { mode: 0o600 });
      // A banner from an rc file: sshd runs ~/.ssh/rc before the command, its output in the session.
      await writeFile(join(home, '.ssh', 'rc'), 'echo "Welcome to the fleet test host (a banner from ~/.ssh/rc)"\necho "banner on stderr" >&2\n');
      await writeFile(join(h.dir, 'hosts'), `127.0.0.1 localhost\n${h.address} ${h.name}\n`);
      await writeFile(join(h.dir, 'passwd'), `${passwd.trimEnd()}\n${TEST_USER}:x:4242:4242::${home}:/bin/sh\n`);
      await writeFile(join(h.dir, 'shadow'), `${shadow.trimEnd()}\n${TEST_USER}:*:19000:0:99999:7:::\n`, { mode: 0o640 });
      await writeFile(join(h.dir, 'group'), `${group.trimEnd()}\n${TEST_USER}:x:4242:\n`);
      // The test user may sudo, but only with a password: `sudo -n` must fail with sudo's own line.
      // On h1 only with a password (`sudo -n` must fail with sudo's own line); elsewhere NOPASSWD.
      await writeFile(join(h.dir, 'sudoers'), `Defaults env_reset\nroot ALL=(ALL:ALL) ALL\n${TEST_USER} ALL=(ALL:ALL) ${i === 0 ? '' : 'NOPASSWD: '}ALL\n`, { mode: 0o440 });
      await must(['chown', '-R', '4242:4242', home]);
      await writeFile(join(h.dir, 'sshd_config'), [
        'Port 22', `ListenAddress ${h.address}`, `HostKey ${join(h.dir, 'ssh_host_ed25519_key')}`, 'PidFile none', 'UsePAM no',
        'PasswordAuthentication no', 'KbdInteractiveAuthentication no', 'PubkeyAuthentication yes', 'PermitRootLogin prohibit-password',
        `AuthorizedKeysFile ${join(h.dir, 'authorized_keys')} .ssh/authorized_keys`, 'StrictModes no', 'PermitUserRC yes', 'LogLevel VERBOSE', '',
      ].join('\n'));
      await attach(h.ns, `vh${i + 1}`, h.address);
      const hostPub = (await readFile(join(h.dir, 'ssh_host_ed25519_key.pub'), 'utf8')).trim().split(' ').slice(0, 2).join(' ');
      known.push(`${h.address} ${hostPub}`);
      cfg.push(`Host ${h.name}`, `  HostName ${h.address}`, '  User root', '');
    }
    await writeFile(topo.knownHosts, `${known.join('\n')}\n`);
    await writeFile(topo.sshConfig, [...cfg, 'Host *', `  IdentityFile ${topo.clientKey}`, '  IdentitiesOnly yes', `  UserKnownHostsFile ${topo.knownHosts}`, '  GlobalKnownHostsFile /dev/null', '  LogLevel ERROR', ''].join('\n'));
    await chmod(topo.sshConfig, 0o600);
    for (const h of hosts) await startSshd(topo, h);
    return topo;
  } catch (e) {
    await topologyDown(topo);
    throw e;
  }
}

/** Start (or restart) one host's sshd in its own PID and mount namespaces; waits until it listens. */
export async function startSshd(topo: Topology, h: FleetHost): Promise<void> {
  // setsid -f detaches it; the small sh records its own pid (which `ip netns exec` and then
  // `unshare` keep, both exec) and lets go of the runner's pipes. Paths travel as arguments.
  const pidFile = join(h.dir, 'unshare.pid');
  await rm(pidFile, { force: true });
  await must(['setsid', '-f', 'sh', '-c', 'echo $$ >"$1"; shift; exec "$@" </dev/null >/dev/null 2>&1', 'pd-fl-start', pidFile,
    'ip', 'netns', 'exec', h.ns, 'unshare', '-m', '-u', '-p', '-f', '--kill-child', '--mount-proc', 'sh', '-c', hostScript(h)]);
  for (let i = 0; i < 50; i++) {
    const r = await local.run(readCommand(['ip', 'netns', 'exec', h.ns, 'ss', '-Htln', `sport = :22`]));
    if (h.pid === undefined) {
      const pid = Number((await readFile(pidFile, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(pid) && pid > 1) h.pid = pid;
    }
    if (r.ok && r.stdout.includes(':22')) {
      const w = await local.run(readCommand(['ip', 'netns', 'exec', h.ns, 'ss', '-Htln', `sport = :80`]));
      if (w.ok && w.stdout.includes(':80')) return;
    }
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`sshd of ${h.name} did not listen within 5 s: ${await readFile(join(h.dir, 'sshd.log'), 'utf8').catch(() => '')}`);
}

/** Stop one host's sshd: kill its unshare; the PID namespace's end takes every session with it. */
export async function stopSshd(h: FleetHost): Promise<void> {
  if (h.pid === undefined) return;
  try {
    process.kill(h.pid, 'SIGKILL');
  } catch {
    // already gone
  }
  h.pid = undefined;
  for (let i = 0; i < 50; i++) {
    const r = await local.run(readCommand(['ip', 'netns', 'exec', h.ns, 'ss', '-Htln', 'sport = :22']));
    if (r.ok && !r.stdout.includes(':22')) return;
    await new Promise((res) => setTimeout(res, 100));
  }
}

/** Remove everything up() made: sshd (by its own pid), namespaces, the temporary directory. */
export async function topologyDown(topo: Topology): Promise<void> {
  for (const h of topo.hosts) await stopSshd(h);
  for (const ns of [...topo.hosts.map((h) => h.ns), topo.op, topo.sw]) {
    await local.run(mutateCommand(['ip', 'netns', 'del', ns]));
  }
  await rm(topo.dir, { recursive: true, force: true });
}

/** What of this topology is left on the machine: its namespaces and processes in them. */
export async function topologyLeftovers(topo: Topology): Promise<string[]> {
  const left: string[] = [];
  const ns = await local.run(readCommand(['ip', '-j', 'netns', 'list']));
  for (const name of [topo.sw, topo.op, ...topo.hosts.map((h) => h.ns)]) {
    if (ns.stdout.includes(`"${name}"`)) left.push(`netns ${name}`);
  }
  const ps = await local.run(readCommand(['ps', '-eo', 'pid=,args=']));
  for (const line of ps.stdout.split('\n')) if (line.includes(topo.dir)) left.push(`process ${line.trim()}`);
  return left;
}


/** A step of a host's JSON report, as much as the tests read. */
interface StepJson {
  readonly layer: string;
  readonly status: string;
  readonly reason?: string;
}

/**
 * What the fake hosts cannot give: the kernel keeps /proc/net/stat/arp_cache and ndisc_cache in the
 * initial network namespace only, and each fake host is a namespace, so the neigh layer (host-wide
 * neighbour tables) is skipped there and a clean host is `incomplete`, not `healthy`. A real host is
 * in its initial namespace. This accepts exactly that and nothing else: verdict `incomplete` whose
 * only unread steps are neigh's, for that missing file.
 */
export function onlyNeighUnreadable(report: { verdict: { status: string }; steps: readonly StepJson[] }): boolean {
  const unread = report.steps.filter((s) => s.status === 'skipped' || s.status === 'crashed');
  return report.verdict.status === 'incomplete' && unread.length > 0 &&
    unread.every((s) => s.layer === 'neigh' && /\/proc\/net\/stat\/(arp|ndisc)_cache/.test(s.reason ?? '') && /No such file/.test(s.reason ?? ''));
}

/** `healthy`, or clean but for the one reading a namespace cannot give ({@link onlyNeighUnreadable}). */
export const cleanHost = (report: { verdict: { status: string }; steps: readonly StepJson[] } | undefined): boolean =>
  report !== undefined && (report.verdict.status === 'healthy' || onlyNeighUnreadable(report));
