/**
 * `pktdrop fleet diagnose`: read an inventory, refuse any hostile host name before a process starts,
 * run diagnose on every host over ssh (src/fleet/fleet.ts), print a progress line per host, the fleet
 * table and tally (or JSON / JSON lines), write per-host bundles and a Markdown report on request, and
 * map the fleet to its exit code (0/1/2/4/5, README: Fleet).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { proposeOnlyPrompter, yesPrompter } from '../core/prompter.js';
import { adviceLines, fleetExitCode, fleetTable, lossOf, runFleet, summarize, topFinding, verdictOf, type HostResult } from '../fleet/fleet.js';
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
import { EXIT, fail, targetSpecOf, VERSION, type CliIo, type ExitCode, type FleetOptions, type FleetWiring } from './context.js';

async function readInventory(opts: FleetOptions, io: CliIo, local: Runner | undefined): Promise<InventoryResult> {
  const sources = [opts.inventory !== undefined, opts.sshConfig === true, opts.hosts !== undefined, opts.hostsFile !== undefined].filter(Boolean).length;
  if (sources !== 1) return { ok: false, errors: ['name the hosts one way: -i INVENTORY, --ssh-config, -H "h1 h2", or --hosts-file FILE'] };
  if (opts.hosts !== undefined) return parseHostList(opts.hosts);
  const read = async (path: string): Promise<string | undefined> => readFile(path, 'utf8').catch(() => undefined);
  if (opts.hostsFile !== undefined) {
    const t = await read(opts.hostsFile);
    return t === undefined ? { ok: false, errors: [`cannot read ${opts.hostsFile}`] } : parseHostList(t);
  }
  if (opts.sshConfig) {
    const path = opts.sshConfigFile ?? join(io.env['HOME'] ?? '', '.ssh', 'config');
    const t = await read(path);
    return t === undefined ? { ok: false, errors: [`cannot read ${path}`] } : parseSshConfigHosts(t);
  }
  const path = opts.inventory ?? '';
  const text = await read(path);
  if (text === undefined) return { ok: false, errors: [`cannot read the inventory ${path}`] };
  // Ansible's own reader when it is installed: YAML, dynamic plugins and group_vars too.
  // Ansible refuses to start in the C locale the runner gives every process ("requires the locale
  // encoding to be UTF-8"), so it runs under env with C.UTF-8; env's 127 is "not installed".
  const ansible = local ? await local.run(readCommand(['env', 'LC_ALL=C.UTF-8', 'LANG=C.UTF-8', 'ansible-inventory', '-i', path, '--list'], 60_000)) : undefined;
  if (ansible?.ok) return parseAnsibleListJson(ansible.stdout);
  if (ansible && ansible.exitCode !== 127 && ansible.failure?.kind !== 'not-found') return { ok: false, errors: [`ansible-inventory -i ${path} --list failed: ${ansible.failure?.hint ?? ''}`] };
  if (looksLikeYaml(text)) return { ok: false, errors: [`${path} looks like YAML: install ansible-core (pktdrop then reads it with ansible-inventory) or use an INI inventory`] };
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

function markdown(results: readonly HostResult[], runId: string): string {
  const lines = [`# pktdrop fleet report`, '', `Run ${runId}, pktdrop ${VERSION}.`, '', '```text', ...fleetTable(results), '```', ''];
  for (const r of results) {
    lines.push(`## ${r.name}`, '');
    if (!r.report) {
      lines.push(`- status: ${r.status}: ${r.error ?? ''}`, ...(r.advice ? [`- what to do: ${r.advice}`] : []), '');
      continue;
    }
    lines.push(`- verdict: ${r.report.verdict}; loss ${lossOf(r)}`);
    for (const f of r.report.remaining) lines.push(`- ${f.id} ${f.subject}: ${f.title}. ${f.action}`);
    for (const x of r.report.fixes) lines.push(`- fix ${x.proposal.title}: ${x.status}`);
    lines.push(`- undo: pktdrop undo --host ${r.name}`, '');
  }
  return `${lines.join('\n')}\n`;
}

export async function runFleetDiagnose(opts: FleetOptions, io: CliIo, wiring: FleetWiring = {}): Promise<ExitCode> {
  const failure = (message: string) => fail(io, { command: 'fleet', kind: 'usage', message, code: EXIT.usage, json: opts.json === true || opts.jsonLines === true });
  if (opts.json && opts.jsonLines) return failure('--json and --json-lines cannot be used together');
  if (opts.confirmTimeout !== undefined && !opts.yes) return failure('--confirm-timeout goes with --yes (it guards unattended changes)');
  // --probe-from: checked before any process, like every host name.
  const probeFrom = opts.probeFrom === undefined || opts.probeFrom === 'operator' || opts.probeFrom === 'self' ? opts.probeFrom ?? 'operator' : parseSshDestination(opts.probeFrom);
  if (typeof probeFrom === 'string' && probeFrom !== 'operator' && probeFrom !== 'self') return failure(`--probe-from: ${probeFrom}`);
  const spec = targetSpecOf({ ...opts, runtime: opts.runtime });
  if (typeof spec === 'string') return failure(spec);
  // Hosts first, validated, before any ssh process (ansible-inventory is the only process allowed, and only with -i).
  const inv = await readInventory(opts, io, opts.inventory !== undefined ? (wiring.runner ?? new ProcessRunner()) : undefined);
  if (!inv.ok) return failure(`refusing the inventory: ${inv.errors.slice(0, 5).join('; ')}${inv.errors.length > 5 ? ` (and ${inv.errors.length - 5} more)` : ''}`);
  const hosts: InventoryHost[] = opts.limit !== undefined ? applyLimit(inv.hosts, opts.limit) : [...inv.hosts];
  if (hosts.length === 0) return failure(opts.limit !== undefined ? `no host matched --limit ${opts.limit}` : 'the inventory has no host');
  for (const n of inv.notes) io.stderr(`pktdrop fleet: note: ${n}\n`);

  const local = wiring.runner ?? new ProcessRunner();
  const startedAt = new Date().toISOString();
  const runId = `${startedAt.replace(/[:.]/g, '-')}-fleet`;
  const t0 = Date.now();
  let stop = false;
  const onSigint = () => {
    stop = true;
    io.stderr('\npktdrop fleet: interrupted; no new host is started, changes in flight are let finish\n');
  };
  process.once('SIGINT', onSigint);
  const prompter = opts.yes ? yesPrompter : proposeOnlyPrompter('fleet diagnose changes nothing without --yes');
  const sshOpts = { connectTimeoutS: opts.connectTimeout, ...(opts.sshConfigFile !== undefined ? { configFile: opts.sshConfigFile } : {}), ...(opts.acceptNewHostKeys ? { acceptNewHostKeys: true } : {}), ...(opts.become ? { become: true } : {}) };
  // One shared session to the probing host, opened before the sweep.
  let probeHost: SshSession | undefined;
  if (typeof probeFrom !== 'string') {
    probeHost = new SshSession(probeFrom, local, sshOpts);
    const failed = await probeHost.open();
    if (failed) {
      await probeHost.close();
      process.removeListener('SIGINT', onSigint);
      return fail(io, { command: 'fleet', kind: 'target', message: `--probe-from ${probeFrom.label}: ${describeSshFailure(failed)}`, code: EXIT.usage, json: opts.json === true || opts.jsonLines === true });
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
        io.stderr(`[${done}/${total}] ${r.name}: ${r.status}${verdictOf(r) ? ` ${verdictOf(r)}` : ''}${r.status !== 'diagnosed' && r.error ? ` — ${r.error}` : ''} (${secs(r.durationMs)})\n`);
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
        await writeFile(join(opts.saveDir, `${r.name}.json`), writeBundle(bundle, { redact: opts.redact === true }), { mode: 0o600 }).catch((e: unknown) => io.stderr(`pktdrop fleet: could not write the bundle of ${r.name}: ${String(e)}\n`));
      }
    }
    if (opts.report !== undefined) {
      let md = markdown(results, runId);
      if (opts.redact) md = (await import('../analyze/redact.js')).createRedactor().redact(md);
      await writeFile(opts.report, md).catch((e: unknown) => io.stderr(`pktdrop fleet: could not write the report ${opts.report}: ${String(e)}\n`));
    }
    if (opts.jsonLines) {
      io.stdout(`${JSON.stringify({ summary, exitCode: code, runId })}\n`);
    } else if (opts.json) {
      io.stdout(`${JSON.stringify({ schemaVersion: 1, tool: { name: 'pktdrop', version: VERSION }, command: 'fleet diagnose', runId, startedAt, hosts: results.map((r) => hostJson(r, startedAt)), summary, exitCode: code }, null, 2)}\n`);
    } else {
      io.stdout('\n');
      for (const l of fleetTable(results)) io.stdout(`${l}\n`);
      const advice = adviceLines(results);
      if (advice.length > 0) io.stdout(`\nWhat to do:\n${advice.map((a) => `  ${a}`).join('\n')}\n`);
      const fixable = results.filter((r) => r.report && r.report.remaining.length > 0 && topFinding(r));
      if (fixable.length > 0 && !opts.yes) io.stdout(`\nFix one host: pktdrop diagnose --host ${fixable[0]?.name ?? 'HOST'} --yes   (then pktdrop undo --host HOST restores it)\n`);
    }
    return code;
  } finally {
    process.removeListener('SIGINT', onSigint);
    await probeHost?.close();
  }
}
