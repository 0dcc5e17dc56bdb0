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
import { EXIT, fail as failWith, langOfIo, stateDirOf, type CliIo, type ExitCode, type LabWiring } from './context.js';
import { say, t, tr, type Lang } from '../i18n/index.js';

function describe(lang: Lang, info: LabInfo): string {
  const common = { address: info.address, port: info.port, faults: info.faults.length ? info.faults.join(', ') : say(lang, 'lab.faults.none') };
  return info.container
    ? say(lang, 'lab.describe.container', { name: info.name, id: info.container.id.slice(0, 12), pid: info.container.pid, ...common })
    : say(lang, 'lab.describe.netns', { name: info.netns?.name ?? info.name, veth: info.netns?.hostVeth ?? '?', ...common });
}

export function labCommand(io: CliIo, done: (code: ExitCode) => void, wiring: LabWiring = {}): Command {
  // main resolved the language (--lang, else the locale); the messages below are built in English by
  // t() (what --json and the error document carry) and said in that language on the terminal.
  const lang = langOfIo(io);
  const fail = async (message: string, hint?: string, json?: boolean, kind: 'lab' | 'not-root' | 'usage' = 'lab'): Promise<void> => {
    done(await failWith(io, { command: 'lab', kind, message: hint ? t('lab.with-hint', { message, hint }) : message, code: EXIT.usage, json: json === true }));
  };
  const needsRoot = async (json?: boolean): Promise<boolean> => {
    if (io.isRoot || wiring.skipRootCheck === true) return false;
    await fail(t('lab.needs-root'), t('lab.hint.sudo'), json, 'not-root');
    return true;
  };
  const runner = () => wiring.runner ?? new ProcessRunner();
  // The lab's state (what it created, to remove exactly that) lives under the state directory.
  const where = () => ({ stateDir: stateDirOf(io) });
  const lab = new Command('lab')
    .description(say(lang, 'lab.help'))
    .addHelpText('after', `\n${say(lang, 'lab.help.examples')}`);

  lab
    .command('up')
    .description(say(lang, 'lab.help.up'))
    .option('--name <name>', say(lang, 'lab.help.up.name'), 'nginx')
    .addOption(new Option('--engine <engine>', say(lang, 'lab.help.up.engine')).choices([...LAB_ENGINES]))
    .option('--faults <list>', say(lang, 'lab.help.up.faults', { faults: LAB_FAULTS.join(', '), seed: SEED_FAULTS.join(',') }))
    .option('--json', say(lang, 'lab.help.up.json'))
    .addHelpText('after', `\n${say(lang, 'lab.help.up.after')}`)
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
        if (!info.ok && !o.json) io.stdout(`${say(lang, 'lab.no-docker')}\n`);
      }
      if (!isLabEngine(engine)) return fail(t('lab.unknown-engine', { engine }), undefined, o.json, 'usage');
      const r = await labUp(run, { name: o.name, engine, faults: faults.faults }, { ...where(), netemFallback: o.faults === undefined });
      if (!r.ok) return fail(r.message, r.hint, o.json);
      if (o.json) {
        io.stdout(`${JSON.stringify(r.info, null, 2)}\n`);
      } else {
        const lines = [say(lang, 'lab.up.done', { name: r.info.name, what: describe(lang, r.info) }), ...r.info.notes.map((n) => `  ${say(lang, 'lab.up.note', { note: tr(lang, n) })}`), '',
          say(lang, 'lab.up.try'), ...r.info.tryCommands.map((c) => `  ${tr(lang, c)}`)];
        io.stdout(`${lines.join('\n')}\n`);
      }
      done(EXIT.ok);
    });

  lab
    .command('status')
    .description(say(lang, 'lab.help.status'))
    .option('--json', say(lang, 'lab.help.status.json'))
    .action(async (o: { json?: boolean }) => {
      if (await needsRoot(o.json)) return;
      const r = await labStatus(runner(), where());
      if (!r.ok) return fail(r.message, undefined, o.json);
      if (o.json) {
        io.stdout(`${JSON.stringify({ labs: r.labs }, null, 2)}\n`);
      } else if (r.labs.length === 0) {
        io.stdout(`${say(lang, 'lab.status.none')}\n`);
      } else {
        for (const l of r.labs) {
          const health = l.healthy ? say(lang, 'lab.status.up') : say(lang, 'lab.status.broken', { problems: l.problems.map((p) => tr(lang, p)).join(lang === 'zh' ? '；' : '; ') });
          io.stdout(`${l.name} [${l.engine}] ${health}\n  ${describe(lang, l)}\n`);
        }
      }
      // A broken lab is not "ok": scripts and tests waiting on the lab see it in the exit code.
      done(r.labs.some((l) => !l.healthy) ? EXIT.causes : EXIT.ok);
    });

  lab
    .command('down')
    .description(say(lang, 'lab.help.down'))
    .option('--name <name>', say(lang, 'lab.help.down.name'), 'nginx')
    .option('--all', say(lang, 'lab.help.down.all'))
    .option('--json', say(lang, 'lab.help.down.json'))
    .action(async (o: { name: string; all?: boolean; json?: boolean }) => {
      if (await needsRoot(o.json)) return;
      const r = await labDown(runner(), o.all ? { all: true } : { name: o.name }, where());
      if (!r.ok) return fail(r.removed.length ? t('lab.down.partly', { message: r.message, removed: r.removed.join(', ') }) : r.message, undefined, o.json);
      if (o.json) io.stdout(`${JSON.stringify(r, null, 2)}\n`);
      else io.stdout(r.removed.length ? `${say(lang, 'lab.down.removed')}\n${r.removed.map((x) => `  ${tr(lang, x)}`).join('\n')}\n` : `${say(lang, 'lab.down.nothing')}\n`);
      done(EXIT.ok);
    });

  return lab;
}
