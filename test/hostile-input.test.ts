/**
 * The README's hostile-input table, row by row: each input, what pktdrop says, and its exit code.
 * Runs the real CLI entry (`main`) with a strict fake runner: any command the row does not expect
 * fails the test, so none of these inputs can reach a process it should not.
 * Docker and ip outputs are real, recorded on this project's machine (test/fixtures/docker/SOURCES.txt).
 */
import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main, type CliIo, type Wiring } from '../src/cli/main.js';
import { MemoryJournal, type Journal } from '../src/remediation/journal.js';
import { FakeRunner, times, type FakeAnswer } from './fakes/fake-runner.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/docker/${name}`, import.meta.url), 'utf8');

interface Row {
  readonly input: string;
  readonly argv: string[];
  readonly says: RegExp;
  readonly exit: number;
  readonly runner?: FakeRunner;
  readonly isRoot?: boolean;
  readonly journal?: Journal;
}

async function run(row: Row): Promise<{ code: number; stdout: string; stderr: string; runner: FakeRunner }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    stdoutIsTty: false,
    stderrIsTty: false,
    stdinIsTty: false,
    env: {},
    isRoot: row.isRoot ?? true,
  };
  const runner = row.runner ?? new FakeRunner();
  const wiring: Wiring = row.isRoot === false
    ? {}
    : { diagnose: { runner, journal: row.journal ?? new MemoryJournal(), dropTracer: null, lock: false }, undo: { runner, journal: new MemoryJournal(), lock: false } };
  const code = await main(['node', 'pktdrop', ...row.argv], io, wiring);
  return { code, stdout, stderr, runner };
}

const rows: Row[] = [
  { input: '--container=-x (option injection)', argv: ['diagnose', '--container=-x'], says: /starts with "-"; refusing it/, exit: 2 },
  { input: "--container 'a;rm -rf /'", argv: ['diagnose', '--container', 'a;rm -rf /'], says: /not a valid container name/, exit: 2 },
  { input: '--container "$(reboot)"', argv: ['diagnose', '--container', '$(reboot)'], says: /not a valid container name/, exit: 2 },
  { input: '--netns ../../etc', argv: ['diagnose', '--netns', '../../etc'], says: /not a valid network namespace name/, exit: 2 },
  { input: '--netns=-n', argv: ['diagnose', '--netns=-n'], says: /starts with "-"/, exit: 2 },
  { input: '--target=-p:80', argv: ['diagnose', '--target=-p:80'], says: /must not start with "-"/, exit: 2 },
  { input: "--target '$(reboot):80'", argv: ['diagnose', '--target', '$(reboot):80'], says: /must be an IP address or a host name/, exit: 2 },
  { input: '--target 10.0.0.1:99999', argv: ['diagnose', '--target', '10.0.0.1:99999'], says: /port must be 1\.\.65535/, exit: 2 },
  { input: '--target nohostport', argv: ['diagnose', '--target', 'nohostport'], says: /must be host:port/, exit: 2 },
  { input: '--count 0', argv: ['diagnose', '--count', '0'], says: /--count must be a whole number from 1 to 1000/, exit: 2 },
  { input: '--count 1e9', argv: ['diagnose', '--count', '1e9'], says: /--count must be a whole number/, exit: 2 },
  { input: '--container a --netns b', argv: ['diagnose', '--container', 'a', '--netns', 'b'], says: /cannot be used together/, exit: 2 },
  { input: '--confirm-timeout without --yes', argv: ['diagnose', '--confirm-timeout', '30'], says: /goes with --yes/, exit: 2 },
  { input: 'an unknown option', argv: ['diagnose', '--frobnicate'], says: /unknown option/, exit: 2 },
  {
    input: 'unknown container',
    argv: ['diagnose', '--container', 'nosuchcontainer'],
    runner: new FakeRunner().on(['docker', 'container', 'inspect', 'nosuchcontainer'], { exitCode: 1, stdout: fixture('inspect-no-such.stdout'), stderr: fixture('inspect-no-such.stderr') }),
    says: /no container named "nosuchcontainer": docker ps -a lists the containers/,
    exit: 2,
  },
  {
    input: 'stopped container',
    argv: ['diagnose', '--container', 'pdstopped'],
    runner: new FakeRunner().on(['docker', 'container', 'inspect', 'pdstopped'], fixture('inspect-stopped.json')),
    says: /container "pdstopped" is not running \(status: created\): start it with docker start pdstopped/,
    exit: 2,
  },
  {
    input: 'Docker daemon down',
    argv: ['diagnose', '--container', 'nginx'],
    runner: new FakeRunner().on(['docker', 'container', 'inspect', 'nginx'], { exitCode: 1, stderr: fixture('inspect-daemon-down.stderr') }),
    says: /the docker daemon is not running: start it/,
    exit: 2,
  },
  {
    input: '--runtime podman, podman not installed',
    argv: ['diagnose', '--container', 'nginx', '--runtime', 'podman'],
    runner: new FakeRunner().on(['podman', 'container', 'inspect', 'nginx'], { notFound: true }),
    says: /podman not found: install it/,
    exit: 2,
  },
  {
    input: 'unknown netns',
    argv: ['diagnose', '--netns', 'nosuchns'],
    runner: new FakeRunner().on(['ip', 'netns', 'exec', 'nosuchns', 'ip', '-j', '-4', 'addr', 'show'], { exitCode: 255, stderr: fixture('netns-exec-unknown.stderr') }),
    says: /no network namespace named "nosuchns": ip netns list shows them/,
    exit: 2,
  },
  { input: 'not root', argv: ['diagnose', '--no-probe'], isRoot: false, says: /needs root .* rerun it with sudo/, exit: 2 },
  { input: 'not root (undo)', argv: ['undo'], isRoot: false, says: /undo needs root/, exit: 2 },
];

describe('hostile and bad input (README table)', () => {
  for (const row of rows) {
    it(`${row.input} → exit ${row.exit}, one line, nothing run beyond what the row expects`, async () => {
      const r = await run(row);
      expect(r.code).toBe(row.exit);
      expect(r.stderr).toMatch(row.says);
      const lines = r.stderr.trim().split('\n').filter((l) => !l.startsWith('(pktdrop --help'));
      expect(lines).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(r.runner.mutations).toEqual([]);
    });
  }

  it('a journal that cannot be written (read-only file system): the fix is not applied, and the run says why', async () => {
    const { FileJournal } = await import('../src/remediation/journal.js');
    const dir = await mkdtemp(join(tmpdir(), 'pktdrop-ro-'));
    const { chmod } = await import('node:fs/promises');
    await chmod(dir, 0o500);
    const readOnly: Journal = {
      begin: async (t) => {
        const run = await new FileJournal(join(dir, 'state')).begin(t);
        return { ...run, record: async () => { throw new Error('EROFS: read-only file system, mkdir'); } };
      },
      latest: async () => [],
    };
    // A host with a netem qdisc: the fix would be `tc qdisc del`.
    const netem = readFileSync(new URL('./fixtures/tc/netem-systemd-delay-jitter-loss.txt', import.meta.url), 'utf8');
    const runner = new FakeRunner();
    hostAnswers(runner, netem);
    const r = await run({ input: 'read-only', argv: ['diagnose', '--yes', '--no-probe', '--window', '1', '--json'], runner, journal: readOnly, says: /./, exit: 1 });
    const report = JSON.parse(r.stdout);
    expect(report.fixes.map((f: { status: string }) => f.status)).toEqual(['proposed']);
    expect(report.fixes[0].message).toMatch(/journal could not be written .*EROFS/);
    expect(r.runner.mutations).toEqual([]);
    expect(r.code).toBe(1);
  });
});

/**
 * A host whose every read answers from recorded outputs, once per sample (before and after the
 * window); only `tc` carries the netem qdisc.
 */
function hostAnswers(runner: FakeRunner, tc: string): void {
  const proc = (name: string) => readFileSync(new URL(`./fixtures/proc/${name}`, import.meta.url), 'utf8');
  const twice = (answer: FakeAnswer) => times(2, answer);
  runner
    .on(['ip', '-j', 'link', 'show'], '[]')
    .on(['ip', '-j', '-s', '-s', 'link', 'show'], ...twice('[]'))
    .on(['tc', '-s', 'qdisc', 'show'], ...twice(tc))
    // --yes without --confirm-timeout on the host: is veth99 the default-route interface? (no: eth0)
    .on(['ip', '-j', 'route', 'show', 'default'], readFileSync(new URL('./fixtures/ip/host-route-default-j.json', import.meta.url), 'utf8'))
    .on(['ip', '-j', '-6', 'route', 'show', 'default'], readFileSync(new URL('./fixtures/ip/host-route6-default-j.json', import.meta.url), 'utf8'))
    // The state read before the change (the journal then refuses to record it).
    .on(['tc', 'qdisc', 'show', 'dev', 'veth99'], tc)
    .on(['cat', '/proc/net/snmp'], ...twice(proc('host-net-snmp.txt')))
    .on(['cat', '/proc/net/netstat'], ...twice(proc('host-net-netstat.txt')))
    .on(['ss', '-H', '-tn', 'state', 'syn-recv'], ...twice(''))
    .on(['cat', '/proc/sys/net/netfilter/nf_conntrack_count'], ...twice('10\n'))
    .on(['cat', '/proc/sys/net/netfilter/nf_conntrack_max'], ...twice('262144\n'))
    .on(['cat', '/proc/net/stat/nf_conntrack'], ...twice({ notFound: true }))
    .on(['iptables-nft-save', '-c'], ...twice({ notFound: true }))
    .on(['iptables-legacy-save', '-c'], ...twice({ notFound: true }))
    .on(['ip6tables-nft-save', '-c'], ...twice({ notFound: true }))
    .on(['ip6tables-legacy-save', '-c'], ...twice({ notFound: true }))
    .on(['iptables-save', '-c'], ...twice({ notFound: true }))
    .on(['nft', '-a', 'list', 'ruleset'], ...twice(''))
    // The drop map's reads (issue 14): softnet, /proc/sys settings, snmp6, bridging; recorded outputs.
    .on(['cat', '/proc/net/softnet_stat'], ...twice(recorded('softnet/host-softnet-stat-before.txt')))
    .on(['grep', '-H', '-r', '', '/proc/sys/net/core/netdev_max_backlog', '/proc/sys/net/core/netdev_budget', '/proc/sys/net/core/netdev_budget_usecs'], ...twice(recorded('softnet/host-grep-netdev-knobs.txt')))
    .on(['cat', '/proc/net/snmp6'], ...twice(proc('netns-net-snmp6.txt')))
    .on(['grep', '-H', '-r', '--include=rp_filter', '--include=forwarding', '', '/proc/sys/net/ipv4/conf', '/proc/sys/net/ipv6/conf'], ...twice(recorded('sysctl/netns-grep-conf-forwarding-off.txt')))
    .on(['grep', '-H', '-r', '', '/proc/sys/net/bridge', '/proc/sys/net/ipv4/ip_forward'], ...twice(recorded('sysctl/netns-grep-bridge.txt')))
    .on(['ip', '-j', '-d', 'link', 'show'], ...twice('[]'))
    .on(['grep', '^Ip:', '/proc/net/snmp'], ...twice(proc('host-net-snmp.txt').split('\n').filter((l) => l.startsWith('Ip:')).join('\n')))
    // Part B: the listener knobs, conntrack's be_liberal, the host's neighbour tables; recorded outputs.
    .on(['cat', '/proc/sys/net/ipv4/tcp_syncookies', '/proc/sys/net/ipv4/tcp_max_syn_backlog', '/proc/sys/net/core/somaxconn'], ...twice(recorded('sysctl/netns-cat-tcp-listen-syncookies-off.txt')))
    .on(['cat', '/proc/sys/net/netfilter/nf_conntrack_tcp_be_liberal'], ...twice('0\n'))
    .on(['cat', '/proc/net/stat/arp_cache'], ...twice(recorded('neigh/host-stat-arp-cache.txt')))
    .on(['cat', '/proc/net/stat/ndisc_cache'], ...twice(recorded('neigh/host-stat-ndisc-cache.txt')))
    .on(['grep', '-H', '-r', '', '/proc/sys/net/ipv4/neigh/default/gc_thresh1', '/proc/sys/net/ipv4/neigh/default/gc_thresh2', '/proc/sys/net/ipv4/neigh/default/gc_thresh3', '/proc/sys/net/ipv6/neigh/default/gc_thresh3'], ...twice(recorded('neigh/host-grep-gc-thresh.txt')));
}

function recorded(path: string): string {
  return readFileSync(new URL(`./fixtures/${path}`, import.meta.url), 'utf8');
}
