/**
 * `pktdrop fleet diagnose`: read an inventory, refuse any hostile host name before a process starts,
 * run diagnose on every host over ssh (src/fleet/fleet.ts), print a progress line per host, the fleet
 * table and tally (or JSON / JSON lines), write per-host bundles and a Markdown report on request, and
 * map the fleet to its exit code (0/1/2/4/5, README: Fleet).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { proposeOnlyPrompter, yesPrompter } from '../core/prompter.js';
import { adviceLines, fleetExitCode, fleetTable, lossOf, runFleet, statusWord, summarize, topFinding, verdictOf, verdictWord, type HostResult } from '../fleet/fleet.js';
import { say, t, tr, type Lang, type MessageKey } from '../i18n/index.js';
import { applyLimit, looksLikeYaml, parseAnsibleListJson, parseHostList, parseIniInventory, parseSshConfigHosts, type InventoryHost, type InventoryResult } from '../fleet/inventory.js';
import { RemoteJournal, REMOTE_STATE_DIR } from '../fleet/remote-journal.js';
import type { Journal } from '../remediation/journal.js';
import { describeSshFailure, parseSshDestination, SshSession } from '../targets/ssh.js';
import { remoteConfirmPrompter, VERIFY_MARGIN_S } from './remote.js';
import { remoteDropTracer } from '../fleet/remote-tracefs.js';
import { MemoryJournal } from '../remediation/journal.js';
import { runProbe } from '../probe/probe.js';
import { ProcessRunner, readCommand, type Runner } from '../targets/runner.js';
import { reportJson } from '../ui/render-json.js';
import { FIX_STATUS_WORDS } from '../ui/render-markdown.js';
import { EXIT, fail, langOf, targetSpecOf, UsageError, VERSION, withLang, type CliIo, type ExitCode, type FleetOptions, type FleetWiring } from './context.js';

async function readInventory(opts: FleetOptions, io: CliIo, local: Runner | undefined): Promise<InventoryResult> {
  const sources = [opts.inventory !== undefined, opts.sshConfig === true, opts.hosts !== undefined, opts.hostsFile !== undefined].filter(Boolean).length;
  if (sources !== 1) return { ok: false, errors: [t('fleet.inventory.one-way')] };
  if (opts.hosts !== undefined) return parseHostList(opts.hosts);
  const read = async (path: string): Promise<string | undefined> => readFile(path, 'utf8').catch(() => undefined);
  if (opts.hostsFile !== undefined) {
    const text = await read(opts.hostsFile);
    return text === undefined ? { ok: false, errors: [t('fleet.inventory.cannot-read', { path: opts.hostsFile })] } : parseHostList(text);
  }
  if (opts.sshConfig) {
    const path = opts.sshConfigFile ?? join(io.env['HOME'] ?? '', '.ssh', 'config');
    const text = await read(path);
    return text === undefined ? { ok: false, errors: [t('fleet.inventory.cannot-read', { path })] } : parseSshConfigHosts(text);
  }
  const path = opts.inventory ?? '';
  const text = await read(path);
  if (text === undefined) return { ok: false, errors: [t('fleet.inventory.cannot-read-inventory', { path })] };
  // Ansible's own reader when it is installed: YAML, dynamic plugins and group_vars too.
  // Ansible refuses to start in the C locale the runner gives every process ("requires the locale
  // encoding to be UTF-8"), so it runs under env with C.UTF-8; env's 127 is "not installed".
  const ansible = local ? await local.run(readCommand(['env', 'LC_ALL=C.UTF-8', 'LANG=C.UTF-8', 'ansible-inventory', '-i', path, '--list'], 60_000)) : undefined;
  if (ansible?.ok) return parseAnsibleListJson(ansible.stdout);
  if (ansible && ansible.exitCode !== 127 && ansible.failure?.kind !== 'not-found') return { ok: false, errors: [t('fleet.inventory.ansible-failed', { path, hint: ansible.failure?.hint ?? '' })] };
  if (looksLikeYaml(text)) return { ok: false, errors: [t('fleet.inventory.yaml', { path })] };
  return parseIniInventory(text);
}

const secs = (ms: number) => `${(ms / 1000).toFixed(1)}s`;

function hostJson(r: HostResult, startedAt: string): unknown {
  return {
    host: r.name,
    address: r.address ?? null,
    user: r.user ?? null,
    status: r.status,
    ...(r.error !== undefined ? { error: r.error } : {}),
    ...(r.advice !== undefined ? { advice: r.advice } : {}),
    ...(r.preamble !== undefined ? { preamble: r.preamble } : {}),
    durationMs: r.durationMs,
    exitCode: r.exitCode,
    ...(r.report ? { report: reportJson(r.report, { version: VERSION, startedAt, durationMs: r.durationMs }) } : {}),
  };
}

function markdown(results: readonly HostResult[], runId: string, lang: Lang): string {
  const lines = [`# ${say(lang, 'fleet.md.title')}`, '', say(lang, 'fleet.md.run', { runId, version: VERSION }), '', '```text', ...fleetTable(results, lang), '```', ''];
  for (const r of results) {
    lines.push(`## ${r.name}`, '');
    if (!r.report) {
      lines.push(`- ${say(lang, 'fleet.md.status', { status: statusWord(lang, r.status), error: tr(lang, r.error ?? '') })}`, ...(r.advice ? [`- ${say(lang, 'fleet.md.advice', { advice: tr(lang, r.advice) })}`] : []), '');
      continue;
    }
    lines.push(`- ${say(lang, 'fleet.md.verdict', { verdict: verdictWord(lang, r.report.verdict), loss: lossOf(r) })}`);
    for (const f of r.report.remaining) lines.push(`- ${say(lang, 'fleet.md.finding', { id: f.id, subject: f.subject, title: tr(lang, f.title), action: tr(lang, f.action) })}`);
    for (const x of r.report.fixes) {
      const key = FIX_STATUS_WORDS[x.status];
      lines.push(`- ${say(lang, 'fleet.md.fix', { title: tr(lang, x.proposal.title), status: key === undefined ? x.status : say(lang, key) })}`);
    }
    lines.push(`- ${say(lang, 'fleet.md.undo', { host: r.name })}`, '');
  }
  return `${lines.join('\n')}\n`;
}

/** An inventory's reasons for refusal, as one sentence list (each reason said in the reader's language). */
function refusal(errors: readonly string[]): string {
  const shown = errors.slice(0, 5).reduce((acc, e) => t('fleet.list.pair', { a: acc, b: e }));
  return errors.length > 5 ? t('fleet.refusing-more', { errors: shown, more: errors.length - 5 }) : t('fleet.refusing', { errors: shown });
}

export async function runFleetDiagnose(opts: FleetOptions, io: CliIo, wiring: FleetWiring = {}): Promise<ExitCode> {
  let lang: Lang;
  try {
    lang = langOf(opts.lang, io);
  } catch (e) {
    if (e instanceof UsageError) return fail(io, { command: 'fleet', kind: 'usage', message: e.message, code: EXIT.usage, json: opts.json === true || opts.jsonLines === true });
    throw e;
  }
  io = withLang(io, lang);
  const failure = (message: string) => fail(io, { command: 'fleet', kind: 'usage', message, code: EXIT.usage, json: opts.json === true || opts.jsonLines === true });
  if (opts.json && opts.jsonLines) return failure(t('fleet.json-both'));
  if (opts.confirmTimeout !== undefined && !opts.yes) return failure(t('cli.usage.confirm-timeout-needs-yes'));
  // --probe-from: checked before any process, like every host name.
  const probeFrom = opts.probeFrom === undefined || opts.probeFrom === 'operator' || opts.probeFrom === 'self' ? opts.probeFrom ?? 'operator' : parseSshDestination(opts.probeFrom);
  if (typeof probeFrom === 'string' && probeFrom !== 'operator' && probeFrom !== 'self') return failure(t('cli.usage.probe-from', { reason: probeFrom }));
  const spec = targetSpecOf({ ...opts, runtime: opts.runtime });
  if (typeof spec === 'string') return failure(spec);
  // Hosts first, validated, before any ssh process (ansible-inventory is the only process allowed, and only with -i).
  const inv = await readInventory(opts, io, opts.inventory !== undefined ? (wiring.runner ?? new ProcessRunner()) : undefined);
  if (!inv.ok) return failure(refusal(inv.errors));
  const hosts: InventoryHost[] = opts.limit !== undefined ? applyLimit(inv.hosts, opts.limit) : [...inv.hosts];
  if (hosts.length === 0) return failure(opts.limit !== undefined ? t('fleet.no-match', { limit: opts.limit }) : t('fleet.no-host'));
  for (const n of inv.notes) io.stderr(`pktdrop fleet: ${say(lang, 'fleet.note', { note: tr(lang, n) })}\n`);

  const local = wiring.runner ?? new ProcessRunner();
  const startedAt = new Date().toISOString();
  const runId = `${startedAt.replace(/[:.]/g, '-')}-fleet`;
  const t0 = Date.now();
  let stop = false;
  const onSigint = () => {
    stop = true;
    io.stderr(`\npktdrop fleet: ${say(lang, 'fleet.interrupted')}\n`);
  };
  process.once('SIGINT', onSigint);
  const prompter = opts.yes ? yesPrompter : proposeOnlyPrompter(t('fleet.no-yes'));
  const sshOpts = { connectTimeoutS: opts.connectTimeout, ...(opts.sshConfigFile !== undefined ? { configFile: opts.sshConfigFile } : {}), ...(opts.acceptNewHostKeys ? { acceptNewHostKeys: true } : {}), ...(opts.become ? { become: true } : {}) };
  // One shared session to the probing host, opened before the sweep.
  let probeHost: SshSession | undefined;
  if (typeof probeFrom !== 'string') {
    probeHost = new SshSession(probeFrom, local, sshOpts);
    const failed = await probeHost.open();
    if (failed) {
      await probeHost.close();
      process.removeListener('SIGINT', onSigint);
      return fail(io, { command: 'fleet', kind: 'target', message: t('cli.remote.probe-host-unreachable', { label: probeFrom.label, reason: describeSshFailure(failed) }), code: EXIT.usage, json: opts.json === true || opts.jsonLines === true });
    }
  }
  try {
    const results = await runFleet({
      hosts,
      spec,
      forks: opts.forks,
      hostTimeoutMs: opts.hostTimeout * 1000,
      ...(opts.targetPort !== undefined ? { targetPort: opts.targetPort } : {}),
      probe: { count: opts.count, intervalMs: opts.interval, timeoutMs: opts.timeout, method: opts.method },
      idleWindowMs: opts.window,
      ssh: sshOpts,
      ...(opts.confirmTimeout !== undefined ? { confirmTimeoutMs: opts.confirmTimeout * 1000 } : {}),
      remoteStateDir: REMOTE_STATE_DIR,
      ...(opts.saveDir !== undefined ? { keepOutput: true } : {}),
    }, {
      local,
      ...(wiring.runner === undefined ? { localFor: (signal: AbortSignal) => new ProcessRunner(signal) } : {}),
      prompter,
      journalFor: (session, host) => (opts.yes
        ? new RemoteJournal(session, REMOTE_STATE_DIR, host.name, runId, opts.confirmTimeout !== undefined ? { seconds: opts.confirmTimeout + VERIFY_MARGIN_S } : undefined)
        : new MemoryJournal()),
      // Unattended: a host's changes are kept when pktdrop, after verifying them, can still reach it over a
      // fresh connection (which cancels its rollback timer); otherwise they are reverted.
      ...(opts.confirmTimeout !== undefined
        ? { prompterFor: (session: SshSession, journal: Journal, host: InventoryHost) => (journal instanceof RemoteJournal
          ? remoteConfirmPrompter({ decideFix: async () => 'apply', confirmKeep: async () => true }, { session, journal, lockDir: '' }, host.dest, opts, local)
          : prompter) }
        : {}),
      ...(probeFrom === 'self' ? { probeRunnerFor: (session: SshSession) => session } : probeHost ? { probeRunnerFor: () => probeHost as Runner } : {}),
      runProbe: (runner, s, signal) => runProbe(runner, s, { signal }),
      ...(opts.trace ? { tracerFor: (session: Runner) => remoteDropTracer(session) } : {}),
      sleep: wiring.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
      shouldStop: () => stop,
      onHostDone: (r, done, total) => {
        const v = verdictOf(r);
        const state = v ? say(lang, 'fleet.progress.status-verdict', { status: statusWord(lang, r.status), verdict: verdictWord(lang, v) }) : statusWord(lang, r.status);
        const why = r.status !== 'diagnosed' && r.error ? ` — ${tr(lang, r.error)}` : '';
        io.stderr(`[${done}/${total}] ${r.name}: ${state}${why} (${secs(r.durationMs)})\n`);
        if (opts.jsonLines) io.stdout(`${JSON.stringify(hostJson(r, startedAt))}\n`);
      },
    });
    const code = fleetExitCode(results);
    const summary = { ...summarize(results), durationMs: Date.now() - t0 };
    if (opts.saveDir !== undefined) {
      const { buildBundle, writeBundle } = await import('../analyze/bundle.js');
      await mkdir(opts.saveDir, { recursive: true, mode: 0o700 });
      for (const r of results) {
        if (!r.report?.snapshots) continue;
        const bundle = buildBundle({ target: r.report.target, before: r.report.snapshots.before, after: r.report.snapshots.after, probe: r.report.probeBefore, capabilities: undefined, version: VERSION });
        await writeFile(join(opts.saveDir, `${r.name}.json`), writeBundle(bundle, { redact: opts.redact === true }), { mode: 0o600 }).catch((e: unknown) => io.stderr(`pktdrop fleet: ${say(lang, 'fleet.bundle-write-failed', { host: r.name, error: String(e) })}\n`));
      }
    }
    if (opts.report !== undefined) {
      let md = markdown(results, runId, lang);
      if (opts.redact) md = (await import('../analyze/redact.js')).createRedactor().redact(md);
      await writeFile(opts.report, md).catch((e: unknown) => io.stderr(`pktdrop fleet: ${say(lang, 'fleet.report-write-failed', { file: opts.report ?? '', error: String(e) })}\n`));
    }
    if (opts.jsonLines) {
      io.stdout(`${JSON.stringify({ summary, exitCode: code, runId })}\n`);
    } else if (opts.json) {
      io.stdout(`${JSON.stringify({ schemaVersion: 1, tool: { name: 'pktdrop', version: VERSION }, command: 'fleet diagnose', runId, startedAt, hosts: results.map((r) => hostJson(r, startedAt)), summary, exitCode: code }, null, 2)}\n`);
    } else {
      io.stdout('\n');
      for (const l of fleetTable(results, lang)) io.stdout(`${l}\n`);
      const advice = adviceLines(results, lang);
      if (advice.length > 0) io.stdout(`\n${say(lang, 'fleet.what-to-do')}\n${advice.map((a) => `  ${a}`).join('\n')}\n`);
      const fixable = results.filter((r) => r.report && r.report.remaining.length > 0 && topFinding(r));
      if (fixable.length > 0 && !opts.yes) io.stdout(`\n${say(lang, 'fleet.fix-one', { host: fixable[0]?.name ?? 'HOST' })}\n`);
    }
    return code;
  } finally {
    process.removeListener('SIGINT', onSigint);
    await probeHost?.close();
  }
}
