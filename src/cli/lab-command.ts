/**
 * `pktdrop lab up|status|down`: the seed case on this host, to practise on and to test against.
 * Human text on stdout, errors as one line on stderr; `process.exitCode` 0 ok, 2 usage/environment.
 */
import { Command, Option } from 'commander';
import { ProcessRunner, readCommand } from '../targets/runner.js';
import { labDown, labStatus, labUp, type LabInfo } from '../lab/lab.js';
import { isLabEngine, parseFaultList, SEED_FAULTS, validateLabName } from '../lab/lab-parts.js';

const EXIT_OK = 0;
const EXIT_ENV = 2;

function fail(message: string, hint?: string): void {
  process.stderr.write(`pktdrop lab: ${message}${hint ? ` (${hint})` : ''}\n`);
  process.exitCode = EXIT_ENV;
}

function needsRoot(): boolean {
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    fail('pktdrop lab needs root', 'run it with sudo');
    return true;
  }
  return false;
}

function describe(info: LabInfo): string {
  const where = info.container
    ? `container ${info.name} (${info.container.id.slice(0, 12)}, pid ${info.container.pid})`
    : `netns ${info.netns?.name ?? info.name} (host end ${info.netns?.hostVeth ?? '?'})`;
  return `${where}: nginx on ${info.address}:${info.port}; faults: ${info.faults.length ? info.faults.join(', ') : 'none'}`;
}

export function labCommand(): Command {
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
    .addOption(new Option('--engine <engine>', 'docker (default when Docker answers) or netns').choices(['docker', 'netns']))
    .option('--faults <list>', `comma-separated: iptables-random-drop, netem-loss, qdisc-drop, listen-overflow, nft-drop, or none (default: ${SEED_FAULTS.join(',')})`)
    .option('--json', 'print the lab as one JSON document')
    .addHelpText('after', `
The seed's netem-loss needs the sch_netem module; without it the default falls back to qdisc-drop
(a tiny tbf qdisc) and says so. An explicit --faults netem-loss fails instead.`)
    .action(async (o: { name: string; engine?: string; faults?: string; json?: boolean }) => {
      if (needsRoot()) return;
      const valid = validateLabName(o.name);
      if (!valid.ok) return fail(valid.message);
      const faults = parseFaultList(o.faults ?? SEED_FAULTS.join(','));
      if (!faults.ok) return fail(faults.message);
      const runner = new ProcessRunner();
      let engine = o.engine;
      if (engine === undefined) {
        const info = await runner.run(readCommand(['docker', 'info', '--format', '{{.ServerVersion}}'], 20_000));
        engine = info.ok ? 'docker' : 'netns';
        if (!info.ok && !o.json) process.stdout.write('Docker does not answer here: using --engine netns\n');
      }
      if (!isLabEngine(engine)) return fail(`unknown engine ${engine}`);
      const r = await labUp(runner, { name: o.name, engine, faults: faults.faults }, { netemFallback: o.faults === undefined });
      if (!r.ok) return fail(r.message, r.hint);
      if (o.json) {
        process.stdout.write(`${JSON.stringify(r.info, null, 2)}\n`);
      } else {
        const lines = [`lab ${r.info.name} is up: ${describe(r.info)}`, ...r.info.notes.map((n) => `  note: ${n}`), '', 'Try next:',
          ...r.info.tryCommands.map((c) => `  ${c}`)];
        process.stdout.write(`${lines.join('\n')}\n`);
      }
      process.exitCode = EXIT_OK;
    });

  lab
    .command('status')
    .description('show the labs that exist and whether they are healthy')
    .option('--json', 'print the labs as one JSON document')
    .action(async (o: { json?: boolean }) => {
      if (needsRoot()) return;
      const r = await labStatus(new ProcessRunner());
      if (!r.ok) return fail(r.message);
      if (o.json) {
        process.stdout.write(`${JSON.stringify({ labs: r.labs }, null, 2)}\n`);
      } else if (r.labs.length === 0) {
        process.stdout.write('no lab exists (pktdrop lab up creates one)\n');
      } else {
        for (const l of r.labs) {
          process.stdout.write(`${l.name} [${l.engine}] ${l.healthy ? 'up' : `BROKEN: ${l.problems.join('; ')}`}\n  ${describe(l)}\n`);
        }
      }
      process.exitCode = EXIT_OK;
    });

  lab
    .command('down')
    .description('remove what the lab created (containers, namespaces, veths, processes, the image) and nothing else')
    .option('--name <name>', 'the lab to remove', 'nginx')
    .option('--all', 'remove every lab')
    .option('--json', 'print what was removed as one JSON document')
    .action(async (o: { name: string; all?: boolean; json?: boolean }) => {
      if (needsRoot()) return;
      const r = await labDown(new ProcessRunner(), o.all ? { all: true } : { name: o.name });
      if (o.json) process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
      if (!r.ok) return fail(r.message);
      if (!o.json) {
        process.stdout.write(r.removed.length ? `removed:\n${r.removed.map((x) => `  ${x}`).join('\n')}\n` : 'nothing to remove\n');
      }
      process.exitCode = EXIT_OK;
    });

  return lab;
}
