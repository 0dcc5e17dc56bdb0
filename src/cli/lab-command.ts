/**
 * `pktdrop lab up|status|down`: the seed case on this host, to practise on and to test against.
 * Human text on stdout, errors as one line on stderr (with --json the error document on stdout);
 * the exit code goes to `done`: 0 ok, 1 a lab is broken (`status`) or left partly in place (`down`),
 * 2 usage/environment (EXIT in context.ts).
 */
import { Command, Option } from 'commander';
import { ProcessRunner, readCommand } from '../targets/runner.js';
import { labDown, labStatus, labUp, type LabInfo } from '../lab/lab.js';
import { isLabEngine, LAB_ENGINES, LAB_FAULTS, parseFaultList, SEED_FAULTS, validateLabName } from '../lab/lab-parts.js';
import { EXIT, fail as failWith, stateDirOf, type CliIo, type ExitCode, type LabWiring } from './context.js';

function describe(info: LabInfo): string {
  const where = info.container
    ? `container ${info.name} (${info.container.id.slice(0, 12)}, pid ${info.container.pid})`
    : `netns ${info.netns?.name ?? info.name} (host end ${info.netns?.hostVeth ?? '?'})`;
  return `${where}: nginx on ${info.address}:${info.port}; faults: ${info.faults.length ? info.faults.join(', ') : 'none'}`;
}

export function labCommand(io: CliIo, done: (code: ExitCode) => void, wiring: LabWiring = {}): Command {
  const fail = async (message: string, hint?: string, json?: boolean, kind: 'lab' | 'not-root' | 'usage' = 'lab'): Promise<void> => {
    done(await failWith(io, { command: 'lab', kind, message: `${message}${hint ? ` (${hint})` : ''}`, code: EXIT.usage, json: json === true }));
  };
  const needsRoot = async (json?: boolean): Promise<boolean> => {
    if (io.isRoot || wiring.skipRootCheck === true) return false;
    await fail('pktdrop lab needs root', 'run it with sudo', json, 'not-root');
    return true;
  };
  const runner = () => wiring.runner ?? new ProcessRunner();
  // The lab's state (what it created, to remove exactly that) lives under the state directory.
  const where = () => ({ stateDir: stateDirOf(io) });
  const lab = new Command('lab')
    .description('build the seed case on this host: nginx in a container or netns with injected packet drops')
    .addHelpText('after', `
Examples:
  sudo pktdrop lab up                            # docker container "nginx", the seed's faults
  sudo pktdrop lab up --engine netns --name lab1 # no Docker: a network namespace and a veth pair
  sudo pktdrop lab up --faults listen-overflow,nft-drop
  sudo pktdrop lab up --faults none              # a healthy lab
  sudo pktdrop lab status
  sudo pktdrop lab down --all`);

  lab
    .command('up')
    .description('create the lab and inject its faults')
    .option('--name <name>', 'lab name (container / netns name)', 'nginx')
    .addOption(new Option('--engine <engine>', 'docker (default when Docker answers), netns or podman').choices([...LAB_ENGINES]))
    .option('--faults <list>', `comma-separated: ${LAB_FAULTS.join(', ')}, or none (default: ${SEED_FAULTS.join(',')})`)
    .option('--json', 'print the lab as one JSON document')
    .addHelpText('after', `
The seed's netem-loss needs the sch_netem module; without it the default falls back to qdisc-drop
(a tiny tbf qdisc) and says so. An explicit --faults netem-loss fails instead.
softnet-backlog mirrors each IPv4 packet reaching eth0 1280 times into a veth's per-CPU backlog
(host-wide drops, CPU_BACKLOG). rp-filter, forwarding-off and br-nf-call need --engine netns and
one per lab: an asymmetric route with strict rp_filter; a namespace behind the lab with
ip_forward=0 in the lab; the lab as a bridge with bridge-nf-call-iptables=1 and FORWARD policy
DROP. The last two print the diagnose line to use (--target <address behind the lab>:80).
mtu-mismatch sets eth0's MTU to 1400 (its host end keeps 1500). conntrack-invalid adds an INPUT
--ctstate INVALID DROP rule with nf_conntrack_tcp_loose=0. syn-queue listens on 8081 (backlog 1)
with SYN cookies off and routes a spoofed source's SYN-ACKs into a sink inside the lab.
rx-dropped-benign runs a sender of 5 unknown-EtherType frames/s on a veth pair inside the lab.
mtu-blackhole (netns, one per lab, like the routed faults) routes for a namespace behind the lab
over a 1400-MTU link and drops the ICMP "fragmentation needed" it would send. Each prints the
bounded hping3 line that shows it; none of them changes anything outside the lab.
timewait-overflow sets tcp_max_tw_buckets=2 and frag-reasm ipfrag_time=1 in the lab.`)
    .action(async (o: { name: string; engine?: string; faults?: string; json?: boolean }) => {
      if (await needsRoot(o.json)) return;
      const valid = validateLabName(o.name);
      if (!valid.ok) return fail(valid.message, undefined, o.json, 'usage');
      const faults = parseFaultList(o.faults ?? SEED_FAULTS.join(','));
      if (!faults.ok) return fail(faults.message, undefined, o.json, 'usage');
      const run = runner();
      let engine = o.engine;
      if (engine === undefined) {
        const info = await run.run(readCommand(['docker', 'info', '--format', '{{.ServerVersion}}'], 20_000));
        engine = info.ok ? 'docker' : 'netns';
        if (!info.ok && !o.json) io.stdout('Docker does not answer here: using --engine netns\n');
      }
      if (!isLabEngine(engine)) return fail(`unknown engine ${engine}`, undefined, o.json, 'usage');
      const r = await labUp(run, { name: o.name, engine, faults: faults.faults }, { ...where(), netemFallback: o.faults === undefined });
      if (!r.ok) return fail(r.message, r.hint, o.json);
      if (o.json) {
        io.stdout(`${JSON.stringify(r.info, null, 2)}\n`);
      } else {
        const lines = [`lab ${r.info.name} is up: ${describe(r.info)}`, ...r.info.notes.map((n) => `  note: ${n}`), '', 'Try next:',
          ...r.info.tryCommands.map((c) => `  ${c}`)];
        io.stdout(`${lines.join('\n')}\n`);
      }
      done(EXIT.ok);
    });

  lab
    .command('status')
    .description('show the labs that exist and whether they are healthy')
    .option('--json', 'print the labs as one JSON document')
    .action(async (o: { json?: boolean }) => {
      if (await needsRoot(o.json)) return;
      const r = await labStatus(runner(), where());
      if (!r.ok) return fail(r.message, undefined, o.json);
      if (o.json) {
        io.stdout(`${JSON.stringify({ labs: r.labs }, null, 2)}\n`);
      } else if (r.labs.length === 0) {
        io.stdout('no lab exists (pktdrop lab up creates one)\n');
      } else {
        for (const l of r.labs) {
          io.stdout(`${l.name} [${l.engine}] ${l.healthy ? 'up' : `BROKEN: ${l.problems.join('; ')}`}\n  ${describe(l)}\n`);
        }
      }
      // A broken lab is not "ok": scripts and tests waiting on the lab see it in the exit code.
      done(r.labs.some((l) => !l.healthy) ? EXIT.causes : EXIT.ok);
    });

  lab
    .command('down')
    .description('remove what the lab created (containers, namespaces, veths, processes, the image) and nothing else')
    .option('--name <name>', 'the lab to remove', 'nginx')
    .option('--all', 'remove every lab')
    .option('--json', 'print what was removed as one JSON document')
    .action(async (o: { name: string; all?: boolean; json?: boolean }) => {
      if (await needsRoot(o.json)) return;
      const r = await labDown(runner(), o.all ? { all: true } : { name: o.name }, where());
      if (!r.ok) return fail(`${r.message}${r.removed.length ? ` (removed before that: ${r.removed.join(', ')})` : ''}`, undefined, o.json);
      if (o.json) io.stdout(`${JSON.stringify(r, null, 2)}\n`);
      else io.stdout(r.removed.length ? `removed:\n${r.removed.map((x) => `  ${x}`).join('\n')}\n` : 'nothing to remove\n');
      done(EXIT.ok);
    });

  return lab;
}
