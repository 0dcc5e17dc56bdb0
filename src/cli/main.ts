/**
 * The command line: commander wiring, option validation, and the one top-level handler. `main`
 * resolves to the exit status (never rejects, never exits the process); the contract it keeps (exit
 * codes, io, options, the state directory, the JSON error document) is in context.ts, which the
 * commands import instead of this file. Subcommands are loaded lazily, so `--help` and `--version`
 * load no prompt, spinner or execution library.
 */
import { Command, CommanderError, Option } from 'commander';
import { EXIT, fail, UsageError, VERSION, writeErrorJson, processIo, type CliIo, type DiagnoseOptions, type ExitCode, type UndoOptions, type Wiring, type AnalyzeOptions, type FleetOptions } from './context.js';

// The contract lives in context.ts; these re-exports keep `main.js` a complete entry for callers.
export { EXIT, UsageError, VERSION, processIo } from './context.js';
export type { CliIo, DiagnoseOptions, ExitCode, Wiring } from './context.js';

function positiveInt(name: string, max: number) {
  return (v: string): number => {
    if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > max) throw new UsageError(`${name} must be a whole number from 1 to ${max} (got "${v}")`);
    return Number(v);
  };
}

const HOST = /^[a-zA-Z0-9]([a-zA-Z0-9-]{0,62})(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,62}))*$/;

function nonNegativeInt(name: string, max: number) {
  return (v: string): number => {
    if (!/^\d+$/.test(v) || Number(v) > max) throw new UsageError(`${name} must be a whole number from 0 to ${max} (got "${v}")`);
    return Number(v);
  };
}

/** `host:port`, `[v6]:port`. */
export function parseHostPort(v: string): { host: string; port: number } {
  const m = /^\[([0-9a-fA-F:.]+)\]:(\d{1,5})$/.exec(v) ?? /^([^:\s[\]]+):(\d{1,5})$/.exec(v);
  if (!m || !m[1] || !m[2]) throw new UsageError(`--target must be host:port, e.g. 172.17.0.2:80 or [::1]:80 (got "${v}")`);
  const port = Number(m[2]);
  if (port < 1 || port > 65535) throw new UsageError(`--target port must be 1..65535 (got ${port})`);
  if (m[1].startsWith('-')) throw new UsageError(`--target host must not start with "-" (got "${m[1]}")`);
  if (!HOST.test(m[1]) && !/^[0-9a-fA-F:.]+$/.test(m[1])) {
    throw new UsageError(`--target host must be an IP address or a host name (letters, digits, - and .) (got "${m[1]}")`);
  }
  return { host: m[1], port };
}

export function buildProgram(io: CliIo, done: (code: ExitCode) => void, wiring: Wiring = {}): Command {
  const program = new Command('pktdrop')
    .description('Find where a Linux host or container drops packets, explain it, fix it with consent, and prove the fix.')
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(pktdrop --help for usage)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();

  program
    .command('diagnose')
    .description('walk the drop map bottom-up (link, qdisc, ip, tcp, udp, conntrack, netfilter), name the cause, fix it, verify')
    .option('--container <name|id>', 'diagnose a container (and the host side of its path)')
    .addOption(new Option('--runtime <runtime>', 'container runtime').choices(['docker', 'podman']).default('docker'))
    .option('--netns <name>', 'diagnose a named network namespace (ip netns)')
    .option('--target <host:port>', 'the service to probe (default for a container or netns: its address and listening port)', parseHostPort)
    .option('-y, --yes', 'apply every proposed fix without asking')
    .option('--dry-run', 'change nothing; print the exact commands that would run')
    .option('--json', 'write exactly one JSON document on stdout and nothing else there')
    .option('--count <n>', 'probes per measurement', positiveInt('--count', 1000), 20)
    .option('--interval <ms>', 'milliseconds between probes', positiveInt('--interval', 10_000), 100)
    .option('--timeout <ms>', 'how long one probe waits for its answer', positiveInt('--timeout', 30_000), 1000)
    .option('--no-probe', 'do not send probe traffic; judge from counters over an idle window')
    .addOption(new Option('--method <method>', 'probe method').choices(['auto', 'hping3', 'connect']).default('auto'))
    .option('--window <ms>', 'with --no-probe, how long to watch the counters between the two samples (0: back to back)', nonNegativeInt('--window', 600_000), 0)
    .option('--no-trace', 'do not record kernel drop reasons (skb:kfree_skb) during the window')
    .option('--save <file>', 'write everything collected (commands, outputs, timings, target, capabilities) to a bundle for pktdrop analyze')
    .option('--report <file.md>', 'also write a Markdown handoff for a ticket')
    .option('--redact', 'replace addresses, MACs, host names and the target\'s own names (container name and id, namespace) in every output: what is printed, --save and --report')
    .option('--confirm-timeout <seconds>', 'with --yes: after fixing, roll everything back unless Enter is pressed within this many seconds (for remote sessions)', positiveInt('--confirm-timeout', 3600))
    .option('-v, --verbose', 'show every note and the capability report')
    .option('--no-color', 'no colour in the report')
    .option('--lang <lang>', 'language of the report: en or zh (Simplified Chinese); default from LC_ALL, LC_MESSAGES, LANG. --json is always English')
    .option('--host <[user@]host[:port]>', 'diagnose a remote host over your own ssh (its config, keys, agent, known_hosts); --container/--netns are on that host')
    .option('--probe-from <operator|self|host>', 'with --host: where the probe runs: here (default), on the diagnosed host, or on another host over ssh')
    .option('-F, --ssh-config-file <file>', 'with --host: the ssh config file (ssh -F)')
    .option('--accept-new-host-keys', 'with --host: trust a host key seen for the first time (StrictHostKeyChecking=accept-new; a changed key still fails)')
    .option('--connect-timeout <seconds>', 'with --host: ssh ConnectTimeout when your ssh config sets none', positiveInt('--connect-timeout', 300))
    .option('--become', 'with --host: run the remote program with sudo -n even when the ssh user is root')
    .addHelpText(
      'after',
      `
Examples:
  pktdrop diagnose --host web-03 --target web-03:80    # a remote host over ssh, probed from here
  sudo pktdrop diagnose                                 # the host; no probe unless --target
  sudo pktdrop diagnose --target 127.0.0.1:80           # the host, probing a local service
  sudo pktdrop diagnose --container nginx               # a Docker container and its host side
  sudo pktdrop diagnose --container nginx --yes         # ... and apply every fix unattended
  sudo pktdrop diagnose --container nginx --dry-run     # print the fixes, change nothing
  sudo pktdrop diagnose --netns lab --json              # a network namespace, JSON report

Exit status: 0 no cause found, or every cause fixed and verified; 1 causes remain;
2 usage or target error (unknown or stopped container, Docker not running, not root, unwritable state dir);
3 the target was lost mid-run (container stopped, namespace deleted: readings after that are void);
70 internal error (a bug: please report it); 130 interrupted (pktdrop undo reverses what was applied).`,
    )
    .action(async (opts: DiagnoseOptions) => {
      const { runDiagnose } = await import('./diagnose-command.js');
      done(await runDiagnose(opts, io, wiring.diagnose));
    });

  program
    .command('analyze')
    .description('read pasted outputs (netstat -s, tc -s qdisc, iptables -nvL, nft, ...) or a --save bundle, and judge them; runs nothing')
    .argument('[files...]', 'files to read; stdin when none or "-"')
    .option('--json', 'write exactly one JSON document on stdout')
    .option('--report <file.md>', 'also write a Markdown handoff for a ticket')
    .option('--redact', 'replace addresses, MACs and host names in the output')
    .option('-v, --verbose', 'show every note')
    .option('--no-color', 'no colour in the report')
    .option('--lang <lang>', 'language of the report: en or zh (Simplified Chinese); default from LC_ALL, LC_MESSAGES, LANG. --json is always English')
    .addHelpText(
      'after',
      `
Examples:
  pktdrop analyze ticket.txt                 # outputs pasted into a ticket, prompts and prose included
  netstat -s | pktdrop analyze               # one command's output on stdin
  pktdrop analyze bundle.json --report r.md  # a bundle written by diagnose --save on another machine

Exit status: 0 nothing convicted; 1 findings; 2 unreadable input.`,
    )
    .action(async (files: string[], opts: AnalyzeOptions) => {
      const { runAnalyze } = await import('./analyze-command.js');
      done(await runAnalyze(files, opts, io, wiring.analyze?.readStdin));
    });

  program
    .command('undo')
    .description("undo the changes of pktdrop's last run on a target, from its journal")
    .option('--container <name|id>', 'the container whose changes to undo')
    .addOption(new Option('--runtime <runtime>', 'container runtime').choices(['docker', 'podman']).default('docker'))
    .option('--netns <name>', 'the network namespace whose changes to undo')
    .option('--all', 'undo every journaled run, newest first, not only the last')
    .option('--json', 'write one JSON document on stdout')
    .option('--host <[user@]host[:port]>', 'undo on a remote host over ssh, from the journal kept on that host')
    .option('-F, --ssh-config-file <file>', 'with --host: the ssh config file (ssh -F)')
    .option('--accept-new-host-keys', 'with --host: trust a host key seen for the first time')
    .option('--connect-timeout <seconds>', 'with --host: ssh ConnectTimeout when your ssh config sets none', positiveInt('--connect-timeout', 300))
    .option('--become', 'with --host: use sudo -n even when the ssh user is root')
    .action(async (opts: UndoOptions) => {
      const { runUndo } = await import('./undo-command.js');
      done(await runUndo(opts, io, wiring.undo));
    });

  const fleet = program.command('fleet').description('diagnose every host of an inventory over ssh, agentless (pktdrop fleet diagnose --help)');
  fleet
    .command('diagnose')
    .description('run diagnose on every host of an inventory over your own OpenSSH; one table, one exit code')
    .option('-i, --inventory <file>', 'an Ansible inventory (through ansible-inventory when installed; a built-in INI subset otherwise)')
    .option('--ssh-config', 'the literal Host names of your ssh config (or of -F FILE)')
    .option('-H, --hosts <list>', 'hosts separated by spaces: [user@]host[:port] ...')
    .option('--hosts-file <file>', 'a file of [user@]host[:port], one or more per line')
    .option('--limit <pattern>', 'hosts, groups or globs, comma-separated; !pat excludes, &pat intersects')
    .option('--forks <n>', 'hosts diagnosed at once', positiveInt('--forks', 500), 10)
    .option('--host-timeout <seconds>', 'give up on a host after this long', positiveInt('--host-timeout', 86_400), 120)
    .option('--connect-timeout <seconds>', 'ssh ConnectTimeout when your ssh config sets none', positiveInt('--connect-timeout', 300), 10)
    .option('--become', 'use sudo -n even when the ssh user is root')
    .option('--target-port <port>', "probe each host's own address on this TCP port from here (no probe without it)", positiveInt('--target-port', 65535))
    .option('--count <n>', 'probes per measurement', positiveInt('--count', 1000), 20)
    .option('--interval <ms>', 'milliseconds between probes', positiveInt('--interval', 10_000), 100)
    .option('--timeout <ms>', 'how long one probe waits for its answer', positiveInt('--timeout', 30_000), 1000)
    .addOption(new Option('--method <method>', 'probe method').choices(['auto', 'hping3', 'connect']).default('auto'))
    .option('--window <ms>', 'without --target-port, how long to watch the counters between the two samples', nonNegativeInt('--window', 600_000), 0)
    .option('--no-trace', "do not record kernel drop reasons (skb:kfree_skb) on the hosts during the window")
    .option('--container <name|id>', 'on every host, diagnose this container')
    .addOption(new Option('--runtime <runtime>', 'container runtime').choices(['docker', 'podman']).default('docker'))
    .option('--netns <name>', 'on every host, diagnose this network namespace')
    .option('-y, --yes', 'apply fixes, host by host, each journaled on its host and verified (never the default)')
    .option('--confirm-timeout <seconds>', "with --yes: arm each host's rollback timer; a host keeps its fixes only if a fresh ssh connection reaches it after verification", positiveInt('--confirm-timeout', 3600))
    .option('--probe-from <operator|self|host>', 'where probes run: here (default), on each host itself, or on one other host over ssh')
    .option('--json', 'one JSON document on stdout: every host, its report unchanged, a summary')
    .option('--json-lines', 'one JSON line per host as it finishes, then a summary line')
    .option('--save-dir <dir>', 'one bundle per host for pktdrop analyze')
    .option('--report <file.md>', 'a Markdown handoff covering every host')
    .option('--redact', 'with --save-dir/--report: replace addresses, MACs and host names')
    .option('--accept-new-host-keys', 'trust host keys seen for the first time (StrictHostKeyChecking=accept-new; a changed key still fails)')
    .option('-F, --ssh-config-file <file>', 'the ssh config file (ssh -F)')
    .addHelpText(
      'after',
      `
Examples:
  pktdrop fleet diagnose -i hosts.ini --limit web --target-port 80
  pktdrop fleet diagnose -H "web-01 root@10.0.0.7:2222" --json
  pktdrop fleet diagnose --ssh-config --limit 'web*,!web-07' --json-lines

Exit status: 0 every host diagnosed, healthy or fixed; 1 some host has causes remaining (every host
diagnosed); 4 some host not diagnosed (unreachable, auth, hostkey, sudo, timeout, error), no causes on
the rest; 5 both; 2 usage (bad inventory, hostile host name, no host matched); 130 interrupted.`,
    )
    .action(async (opts: FleetOptions) => {
      const { runFleetDiagnose } = await import('./fleet-command.js');
      done(await runFleetDiagnose(opts, io, wiring.fleet));
    });

  return program;
}

const COMMANDS = ['diagnose', 'analyze', 'undo', 'lab', 'fleet'];

/** What main needs to know before commander has parsed anything (it may fail to). */
function argvFacts(argv: readonly string[], io: CliIo): { command: string | null; json: boolean; debug: boolean } {
  const args = argv.slice(2);
  const end = args.indexOf('--');
  const flags = end === -1 ? args : args.slice(0, end);
  return {
    command: flags.find((a) => COMMANDS.includes(a)) ?? null,
    json: flags.includes('--json'),
    debug: flags.includes('--verbose') || flags.includes('-v') || io.env['PKTDROP_DEBUG'] === '1',
  };
}

/** An error's message as one line (the first non-empty one): a bug never spills over several lines. */
const messageOf = (e: unknown): string => {
  const text = e instanceof Error ? e.message : String(e);
  return text.split('\n').find((l) => l.trim() !== '')?.trim() ?? (e instanceof Error ? e.name : 'unknown error');
};

/**
 * Run the CLI; resolves to the exit code and never rejects, never calls process.exit. Usage errors
 * exit 2; a bug (anything a command throws) is one line on stderr and exit 70, its stack only with
 * --verbose or PKTDROP_DEBUG=1. With --json, every failure is the one error document on stdout.
 */
export async function main(argv: readonly string[], io: CliIo = processIo(), wiring: Wiring = {}): Promise<ExitCode> {
  const facts = argvFacts(argv, io);
  try {
    let code: ExitCode = EXIT.ok;
    const done = (c: ExitCode) => {
      code = c;
    };
    const program = buildProgram(io, done, wiring);
    // The lab pulls in the runner; load it only when it is the command being run.
    if (argv[2] === 'lab') {
      const { labCommand } = await import('./lab-command.js');
      const lab = labCommand(io, done, wiring.lab);
      // addCommand does not pass the program's settings down: without them a usage error in the
      // lab would write to the real stderr and exit the process by itself.
      const inherit = (cmd: Command): void => {
        cmd.copyInheritedSettings(program);
        cmd.commands.forEach(inherit);
      };
      inherit(lab);
      program.addCommand(lab);
    } else {
      program.command('lab').description('build the seed case on this host to practise on (pktdrop lab --help)').allowUnknownOption().helpOption(false);
    }
    try {
      await program.parseAsync([...argv]);
    } catch (e) {
      if (e instanceof CommanderError) {
        if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
        // commander has written its line (and the --help hint) on stderr.
        if (facts.json) await writeErrorJson(io, { command: facts.command, kind: 'usage', message: e.message.replace(/^error: /, ''), code: EXIT.usage });
        return EXIT.usage;
      }
      if (e instanceof UsageError) return await fail(io, { command: facts.command, kind: 'usage', message: e.message, code: EXIT.usage, json: facts.json });
      throw e;
    }
    return code;
  } catch (e) {
    return internalError(io, e, facts);
  }
}

/** A bug: one line (and the stack only when asked for), the error document under --json, exit 70. */
async function internalError(io: CliIo, e: unknown, facts: { command: string | null; json: boolean; debug: boolean }): Promise<ExitCode> {
  const message = messageOf(e);
  io.stderr(`pktdrop: internal error: ${message} — please report it with the output of the same command run with PKTDROP_DEBUG=1\n`);
  if (facts.debug && e instanceof Error && e.stack) io.stderr(`${e.stack}\n`);
  if (facts.json) {
    try {
      await writeErrorJson(io, { command: facts.command, kind: 'internal', message, code: EXIT.internal });
    } catch {
      // The renderer itself failed to load: the line on stderr is all there is.
    }
  }
  return EXIT.internal;
}
