/**
 * The command line: commander wiring, option validation, and the one top-level handler. `main`
 * resolves to the exit status (never rejects, never exits the process); the contract it keeps (exit
 * codes, io, options, the state directory, the JSON error document) is in context.ts, which the
 * commands import instead of this file. Subcommands are loaded lazily, so `--help` and `--version`
 * load no prompt, spinner or execution library.
 *
 * Language: `--lang` and the locale are read from argv and the environment before the program is
 * built, so the help (commander's own words included), commander's error lines and every line for
 * people are in it (words: src/i18n/messages/cli.ts); each command gets it as `opts.lang` and
 * `io.lang`. The JSON documents stay English.
 */
import { Command, CommanderError, Help, Option, type Argument } from 'commander';
import { displayWidth, wrap } from '../ui/wrap.js';
import { say, t, type Lang, type MessageKey } from '../i18n/index.js';
import { EXIT, fail, langOf, langOfIo, UsageError, VERSION, withLang as ioWithLang, writeErrorJson, processIo, type CliIo, type DiagnoseOptions, type ExitCode, type UndoOptions, type Wiring, type AnalyzeOptions, type FleetOptions } from './context.js';

// The contract lives in context.ts; these re-exports keep `main.js` a complete entry for callers.
export { EXIT, UsageError, VERSION, processIo } from './context.js';
export type { CliIo, DiagnoseOptions, ExitCode, Wiring } from './context.js';

function positiveInt(name: string, max: number) {
  return (v: string): number => {
    if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > max) throw new UsageError(t('cli.usage.range', { name, min: 1, max, got: v }));
    return Number(v);
  };
}

const HOST = /^[a-zA-Z0-9]([a-zA-Z0-9-]{0,62})(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,62}))*$/;

function nonNegativeInt(name: string, max: number) {
  return (v: string): number => {
    if (!/^\d+$/.test(v) || Number(v) > max) throw new UsageError(t('cli.usage.range', { name, min: 0, max, got: v }));
    return Number(v);
  };
}

/** `host:port`, `[v6]:port`. */
export function parseHostPort(v: string): { host: string; port: number } {
  const m = /^\[([0-9a-fA-F:.]+)\]:(\d{1,5})$/.exec(v) ?? /^([^:\s[\]]+):(\d{1,5})$/.exec(v);
  if (!m || !m[1] || !m[2]) throw new UsageError(t('cli.usage.target-format', { got: v }));
  const port = Number(m[2]);
  if (port < 1 || port > 65535) throw new UsageError(t('cli.usage.target-port', { port }));
  if (m[1].startsWith('-')) throw new UsageError(t('cli.usage.target-dash', { host: m[1] }));
  if (!HOST.test(m[1]) && !/^[0-9a-fA-F:.]+$/.test(m[1])) throw new UsageError(t('cli.usage.target-host', { host: m[1] }));
  return { host: m[1], port };
}

/**
 * Commander's own words in `lang`: the help's titles (Usage:, Options:, ...), the `(choices: ...,
 * default: ...)` after an option, and, in Chinese, wrapping and padding that count a Chinese
 * character as two columns and may break a line between two of them (Chinese has no spaces).
 */
function helpConfiguration(lang: Lang): Partial<Help> {
  const TITLES: Readonly<Record<string, MessageKey>> = {
    'Usage:': 'cli.help.title.usage',
    'Options:': 'cli.help.title.options',
    'Commands:': 'cli.help.title.commands',
    'Arguments:': 'cli.help.title.arguments',
    'Global Options:': 'cli.help.title.global-options',
  };
  const styleTitle = (str: string): string => {
    const key = TITLES[str];
    return key === undefined ? str : say(lang, key);
  };
  if (lang === 'en') return { styleTitle };
  const extra = (o: { argChoices?: string[] | undefined; defaultValue?: unknown; defaultValueDescription?: string | undefined }, showDefault: boolean): string[] => [
    ...(o.argChoices ? [say(lang, 'cli.help.choices', { choices: o.argChoices.map((c) => JSON.stringify(c)).join('、') })] : []),
    ...(showDefault && o.defaultValue !== undefined ? [say(lang, 'cli.help.default', { value: o.defaultValueDescription ?? JSON.stringify(o.defaultValue) })] : []),
  ];
  // Full-width brackets carry their own spacing: no space before them; a description that already
  // ends in brackets (（毫秒）) takes the extra inside them rather than a second pair.
  const withExtra = (description: string, info: string[]): string => {
    if (info.length === 0) return description;
    return description.endsWith('）') ? `${description.slice(0, -1)}；${info.join('；')}）` : `${description}（${info.join('；')}）`;
  };
  const usage = say(lang, 'cli.help.title.usage');
  return {
    styleTitle,
    // commander puts a space after the title; a full-width colon carries its own.
    formatHelp: (cmd: Command, helper: Help) => Help.prototype.formatHelp.call(helper, cmd, helper).replace(`${usage} `, usage),
    optionDescription: (o: Option) => withExtra(o.description, extra(o, o.required || o.optional || (o.isBoolean() && typeof o.defaultValue === 'boolean'))),
    argumentDescription: (a: Argument) => withExtra(a.description, extra(a, true)),
    displayWidth: (str: string) => displayWidth(str),
    // Below 40 columns commander does not wrap either.
    boxWrap: (str: string, width: number) => (width < 40 ? str : wrap(str, width).join('\n')),
  };
}

/**
 * Commander's error lines (unknown option, missing value, bad choice, unknown command) in `lang`;
 * any other line as commander wrote it. The JSON error document keeps commander's English.
 */
export function commanderErrorText(lang: Lang, str: string): string {
  if (lang === 'en') return str;
  const line = (s: string): string => {
    let m: RegExpExecArray | null;
    if ((m = /^error: unknown option '(.+)'$/.exec(s))) return say(lang, 'cli.commander.unknown-option', { flag: m[1] ?? '' });
    if ((m = /^\(Did you mean (?:one of )?(.+)\?\)$/.exec(s))) return say(lang, 'cli.commander.did-you-mean', { what: m[1] ?? '' });
    if ((m = /^error: option '(.+)' argument missing$/.exec(s))) return say(lang, 'cli.commander.argument-missing', { flags: m[1] ?? '' });
    if ((m = /^error: option '(.+)' argument '(.*)' is invalid\. Allowed choices are (.+)\.$/.exec(s))) {
      return say(lang, 'cli.commander.invalid-choice', { flags: m[1] ?? '', value: m[2] ?? '', choices: m[3] ?? '' });
    }
    if ((m = /^error: unknown command '(.+)'$/.exec(s))) return say(lang, 'cli.commander.unknown-command', { name: m[1] ?? '' });
    if ((m = /^error: too many arguments(?: for '(.+)')?\. Expected (\d+) arguments? but got (\d+)\.$/.exec(s))) {
      return say(lang, 'cli.commander.too-many', { expected: Number(m[2]), got: Number(m[3]) });
    }
    if ((m = /^error: missing required argument '(.+)'$/.exec(s))) return say(lang, 'cli.commander.missing-argument', { name: m[1] ?? '' });
    if (s === '(pktdrop --help for usage)') return say(lang, 'cli.help.after-error');
    return s;
  };
  return str.split('\n').map(line).join('\n');
}

export function buildProgram(io: CliIo, done: (code: ExitCode) => void, wiring: Wiring = {}, lang: Lang = langOfIo(io)): Command {
  const h = (key: MessageKey): string => say(lang, key);
  // Every command gets the language main resolved, whichever command line spelled --lang (the
  // program's own option takes it wherever it stands).
  const withLang = <T extends { lang?: string }>(opts: T): T => ({ ...opts, lang });
  io = ioWithLang(io, lang);
  const program = new Command('pktdrop')
    .description(h('cli.help.program'))
    .configureHelp(helpConfiguration(lang))
    .helpOption('-h, --help', h('cli.help.help-option'))
    .helpCommand('help [command]', h('cli.help.help-command'))
    .version(VERSION, '-V, --version', h('cli.help.version'))
    .option('--lang <lang>', h('cli.help.lang-any'))
    .showHelpAfterError(h('cli.help.after-error'))
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: (str, write) => write(commanderErrorText(lang, str)) })
    .exitOverride();

  program
    .command('diagnose')
    .description(h('cli.help.diagnose'))
    .option('--container <name|id>', h('cli.help.diagnose.container'))
    .addOption(new Option('--runtime <runtime>', h('cli.help.runtime')).choices(['docker', 'podman']).default('docker'))
    .option('--netns <name>', h('cli.help.diagnose.netns'))
    .option('--target <host:port>', h('cli.help.diagnose.target'), parseHostPort)
    .option('-y, --yes', h('cli.help.diagnose.yes'))
    .option('--dry-run', h('cli.help.diagnose.dry-run'))
    .option('--json', h('cli.help.diagnose.json'))
    .option('--count <n>', h('cli.help.count'), positiveInt('--count', 1000), 20)
    .option('--interval <ms>', h('cli.help.interval'), positiveInt('--interval', 10_000), 100)
    .option('--timeout <ms>', h('cli.help.timeout'), positiveInt('--timeout', 30_000), 1000)
    .option('--no-probe', h('cli.help.diagnose.no-probe'))
    .addOption(new Option('--method <method>', h('cli.help.method')).choices(['auto', 'hping3', 'connect']).default('auto'))
    .option('--window <ms>', h('cli.help.diagnose.window'), nonNegativeInt('--window', 600_000), 0)
    .option('--no-trace', h('cli.help.diagnose.no-trace'))
    .option('--save <file>', h('cli.help.diagnose.save'))
    .option('--report <file.md>', h('cli.help.report'))
    .option('--redact', h('cli.help.diagnose.redact'))
    .option('--confirm-timeout <seconds>', h('cli.help.diagnose.confirm-timeout'), positiveInt('--confirm-timeout', 3600))
    .option('-v, --verbose', h('cli.help.diagnose.verbose'))
    .option('--no-color', h('cli.help.no-color'))
    .option('--lang <lang>', h('cli.help.lang'))
    .option('--host <[user@]host[:port]>', h('cli.help.diagnose.host'))
    .option('--probe-from <operator|self|host>', h('cli.help.diagnose.probe-from'))
    .option('-F, --ssh-config-file <file>', h('cli.help.with-host.ssh-config-file'))
    .option('--accept-new-host-keys', h('cli.help.diagnose.accept-new-host-keys'))
    .option('--connect-timeout <seconds>', h('cli.help.with-host.connect-timeout'), positiveInt('--connect-timeout', 300))
    .option('--become', h('cli.help.diagnose.become'))
    .addHelpText('after', `\n${h('cli.help.diagnose.after')}`)
    .action(async (opts: DiagnoseOptions) => {
      const { runDiagnose } = await import('./diagnose-command.js');
      done(await runDiagnose(withLang(opts), io, wiring.diagnose));
    });

  program
    .command('analyze')
    .description(h('cli.help.analyze'))
    .argument('[files...]', h('cli.help.analyze.files'))
    .option('--json', h('cli.help.analyze.json'))
    .option('--report <file.md>', h('cli.help.report'))
    .option('--redact', h('cli.help.analyze.redact'))
    .option('-v, --verbose', h('cli.help.analyze.verbose'))
    .option('--no-color', h('cli.help.no-color'))
    .option('--lang <lang>', h('cli.help.lang'))
    .addHelpText('after', `\n${h('cli.help.analyze.after')}`)
    .action(async (files: string[], opts: AnalyzeOptions) => {
      const { runAnalyze } = await import('./analyze-command.js');
      done(await runAnalyze(files, withLang(opts), io, wiring.analyze?.readStdin));
    });

  program
    .command('undo')
    .description(h('cli.help.undo'))
    .option('--container <name|id>', h('cli.help.undo.container'))
    .addOption(new Option('--runtime <runtime>', h('cli.help.runtime')).choices(['docker', 'podman']).default('docker'))
    .option('--netns <name>', h('cli.help.undo.netns'))
    .option('--all', h('cli.help.undo.all'))
    .option('--json', h('cli.help.undo.json'))
    .option('--lang <lang>', h('cli.help.lang-any'))
    .option('--host <[user@]host[:port]>', h('cli.help.undo.host'))
    .option('-F, --ssh-config-file <file>', h('cli.help.with-host.ssh-config-file'))
    .option('--accept-new-host-keys', h('cli.help.undo.accept-new-host-keys'))
    .option('--connect-timeout <seconds>', h('cli.help.with-host.connect-timeout'), positiveInt('--connect-timeout', 300))
    .option('--become', h('cli.help.undo.become'))
    .addHelpText('after', `\n${h('cli.help.undo.after')}`)
    .action(async (opts: UndoOptions) => {
      const { runUndo } = await import('./undo-command.js');
      done(await runUndo(withLang(opts), io, wiring.undo));
    });

  const fleet = program.command('fleet').description(h('cli.help.fleet'));
  fleet
    .command('diagnose')
    .description(h('cli.help.fleet.diagnose'))
    .option('-i, --inventory <file>', h('cli.help.fleet.inventory'))
    .option('--ssh-config', h('cli.help.fleet.ssh-config'))
    .option('-H, --hosts <list>', h('cli.help.fleet.hosts'))
    .option('--hosts-file <file>', h('cli.help.fleet.hosts-file'))
    .option('--limit <pattern>', h('cli.help.fleet.limit'))
    .option('--forks <n>', h('cli.help.fleet.forks'), positiveInt('--forks', 500), 10)
    .option('--host-timeout <seconds>', h('cli.help.fleet.host-timeout'), positiveInt('--host-timeout', 86_400), 120)
    .option('--connect-timeout <seconds>', h('cli.help.fleet.connect-timeout'), positiveInt('--connect-timeout', 300), 10)
    .option('--become', h('cli.help.fleet.become'))
    .option('--target-port <port>', h('cli.help.fleet.target-port'), positiveInt('--target-port', 65535))
    .option('--count <n>', h('cli.help.count'), positiveInt('--count', 1000), 20)
    .option('--interval <ms>', h('cli.help.interval'), positiveInt('--interval', 10_000), 100)
    .option('--timeout <ms>', h('cli.help.timeout'), positiveInt('--timeout', 30_000), 1000)
    .addOption(new Option('--method <method>', h('cli.help.method')).choices(['auto', 'hping3', 'connect']).default('auto'))
    .option('--window <ms>', h('cli.help.fleet.window'), nonNegativeInt('--window', 600_000), 0)
    .option('--no-trace', h('cli.help.fleet.no-trace'))
    .option('--container <name|id>', h('cli.help.fleet.container'))
    .addOption(new Option('--runtime <runtime>', h('cli.help.runtime')).choices(['docker', 'podman']).default('docker'))
    .option('--netns <name>', h('cli.help.fleet.netns'))
    .option('-y, --yes', h('cli.help.fleet.yes'))
    .option('--confirm-timeout <seconds>', h('cli.help.fleet.confirm-timeout'), positiveInt('--confirm-timeout', 3600))
    .option('--probe-from <operator|self|host>', h('cli.help.fleet.probe-from'))
    .option('--json', h('cli.help.fleet.json'))
    .option('--json-lines', h('cli.help.fleet.json-lines'))
    .option('--save-dir <dir>', h('cli.help.fleet.save-dir'))
    .option('--report <file.md>', h('cli.help.fleet.report'))
    .option('--redact', h('cli.help.fleet.redact'))
    .option('--accept-new-host-keys', h('cli.help.fleet.accept-new-host-keys'))
    .option('-F, --ssh-config-file <file>', h('cli.help.fleet.ssh-config-file'))
    .option('--lang <lang>', h('cli.help.lang-any'))
    .addHelpText('after', `\n${h('cli.help.fleet.after')}`)
    .action(async (opts: FleetOptions) => {
      const { runFleetDiagnose } = await import('./fleet-command.js');
      done(await runFleetDiagnose(withLang(opts), io, wiring.fleet));
    });

  return program;
}

const COMMANDS = ['diagnose', 'analyze', 'undo', 'lab', 'fleet'];

interface ArgvFacts {
  readonly command: string | null;
  readonly json: boolean;
  readonly debug: boolean;
  /** `--lang X` / `--lang=X` as written (the last one, as commander keeps it), before `--`. */
  readonly lang: string | undefined;
  /** The first word that is neither `--lang` nor its value: the command when it is one. */
  readonly first: string | undefined;
}

/** What main needs to know before commander has parsed anything (it may fail to). */
function argvFacts(argv: readonly string[], io: CliIo): ArgvFacts {
  const args = argv.slice(2);
  const end = args.indexOf('--');
  const flags = end === -1 ? args : args.slice(0, end);
  let lang: string | undefined;
  let first: string | undefined;
  for (let i = 0; i < flags.length; i++) {
    const a = flags[i] ?? '';
    if (a === '--lang' && i + 1 < flags.length) lang = flags[++i];
    else if (a.startsWith('--lang=')) lang = a.slice('--lang='.length);
    else first ??= a;
  }
  return {
    command: flags.find((a) => COMMANDS.includes(a)) ?? null,
    json: flags.includes('--json'),
    debug: flags.includes('--verbose') || flags.includes('-v') || io.env['PKTDROP_DEBUG'] === '1',
    lang,
    first,
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
 *
 * The language (`--lang`, else LC_ALL, LC_MESSAGES, LANG) is read from argv before the program is
 * built, so that its help, commander's own words and every line for people are in it; an unknown
 * `--lang` is a usage error (exit 2), said in the locale's language.
 */
export async function main(argv: readonly string[], io: CliIo = processIo(), wiring: Wiring = {}): Promise<ExitCode> {
  const facts = argvFacts(argv, io);
  let lio = io;
  try {
    try {
      lio = ioWithLang(io, langOf(facts.lang, { env: io.env }));
    } catch (e) {
      if (e instanceof UsageError) return await fail(ioWithLang(io, langOfIo({ env: io.env })), { command: facts.command, kind: 'usage', message: e.message, code: EXIT.usage, json: facts.json });
      throw e;
    }
    const lang = langOfIo(lio);
    let code: ExitCode = EXIT.ok;
    const done = (c: ExitCode) => {
      code = c;
    };
    const program = buildProgram(lio, done, wiring, lang);
    // The lab pulls in the runner; load it only when it is the command being run.
    if (facts.first === 'lab') {
      const { labCommand } = await import('./lab-command.js');
      const lab = labCommand(lio, done, wiring.lab);
      // addCommand does not pass the program's settings down: without them a usage error in the
      // lab would write to the real stderr and exit the process by itself. The help option, the
      // help's words and the error lines' language come down the same way.
      const inherit = (cmd: Command): void => {
        cmd.copyInheritedSettings(program);
        // --lang is the program's option (taken wherever it stands); listed in the lab's help too.
        if (!cmd.options.some((o) => o.long === '--lang')) cmd.addOption(new Option('--lang <lang>', say(lang, 'cli.help.lang-any')));
        cmd.commands.forEach(inherit);
      };
      inherit(lab);
      program.addCommand(lab);
    } else {
      program.command('lab').description(say(lang, 'cli.help.lab')).allowUnknownOption().helpOption(false);
    }
    try {
      await program.parseAsync([...argv]);
    } catch (e) {
      if (e instanceof CommanderError) {
        if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
        // commander has written its line (and the --help hint) on stderr.
        if (facts.json) await writeErrorJson(lio, { command: facts.command, kind: 'usage', message: e.message.replace(/^error: /, ''), code: EXIT.usage });
        return EXIT.usage;
      }
      if (e instanceof UsageError) return await fail(lio, { command: facts.command, kind: 'usage', message: e.message, code: EXIT.usage, json: facts.json });
      throw e;
    }
    return code;
  } catch (e) {
    return internalError(lio, e, facts);
  }
}

/** A bug: one line (and the stack only when asked for), the error document under --json, exit 70. */
async function internalError(io: CliIo, e: unknown, facts: ArgvFacts): Promise<ExitCode> {
  const message = messageOf(e);
  io.stderr(`pktdrop: ${say(langOfIo(io), 'cli.internal-error', { message })}\n`);
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
