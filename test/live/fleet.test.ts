/**
 * Live: the fleet over real OpenSSH on one machine (test/live/fleet-topology.ts): three host
 * namespaces, each with its own sshd in a PID namespace, an operator namespace where pktdrop's ssh
 * and probes run (the CLI runs in process with a runner that prefixes `ip netns exec OP`), keys,
 * ssh_config and known_hosts in a temporary directory (nothing in /root/.ssh). Faults are seeded
 * only inside the test's own host namespace; assertions are only on the topology's own objects.
 * Under CI=true a topology that cannot start fails.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { main, type CliIo, type Wiring } from '../../src/cli/main.js';
import { mutateCommand, ProcessRunner, readCommand } from '../../src/targets/runner.js';
import { cleanHost, startSshd, stopSshd, topologyAvailability, topologyDown, topologyLeftovers, topologyUp, TEST_USER, type Topology } from './fleet-topology.js';

const local = new ProcessRunner();
let topo: Topology | undefined;
let unavailable: string | undefined;

async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), stdoutIsTty: false, stderrIsTty: false, stdinIsTty: false, env: { HOME: '/nonexistent' }, isRoot: true };
  const t = need();
  const wiring: Wiring = { fleet: { runner: t.runner }, diagnose: { runner: t.runner, lock: false }, undo: { runner: t.runner, lock: false } };
  const code = await main(['node', 'pktdrop', ...argv], io, wiring);
  return { code, stdout, stderr };
}

function need(): Topology {
  if (!topo) throw new Error(`fleet topology unavailable: ${unavailable ?? 'not built'}`);
  return topo;
}

/**
 * The seed's random DROP rule, inside one host's namespace only, on SYNs: the operator's RSTs to the
 * probe's SYN-ACKs pass, so no half-open connection of the faulted window outlives it and answers
 * the verification window twice (that made the verdict flaky: "loss-unexplained" at 2.5%).
 */
const seedArgv = (ns: string, op: '-A' | '-D') => ['ip', 'netns', 'exec', ns, 'iptables', op, 'INPUT', '-p', 'tcp', '--dport', '80', '--syn', '-m', 'statistic', '--mode', 'random', '--probability', '0.30', '-j', 'DROP'];

async function dropRules(ns: string): Promise<number> {
  const r = await local.run(readCommand(['ip', 'netns', 'exec', ns, 'iptables', '-S', 'INPUT']));
  return r.stdout.split('\n').filter((l) => /statistic --mode random/.test(l) && /-j DROP/.test(l)).length;
}

beforeAll(async () => {
  unavailable = await topologyAvailability();
  if (unavailable !== undefined) {
    if (process.env.CI === 'true') throw new Error(`fleet topology unavailable under CI: ${unavailable}`);
    return;
  }
  topo = await topologyUp(3);
});

afterAll(async () => {
  if (!topo) return;
  const t = topo;
  await topologyDown(t);
  expect(await topologyLeftovers(t)).toEqual([]);
});

describe('live: pktdrop over ssh on a fleet of namespaces', () => {
  test('a hostile host name exits 2 and starts no process', async (ctx) => {
    if (!topo) return ctx.skip(unavailable);
    const t = need();
    const before = t.runner.started.length;
    for (const bad of ['-oProxyCommand=touch /tmp/pdfl-pwned', '$(reboot)', 'a;id']) {
      const f = await cli(['fleet', 'diagnose', '-F', t.sshConfig, '-H', `${t.hosts[0]?.name ?? ''} ${bad}`]);
      expect(f.code).toBe(2);
      expect(f.stderr).toMatch(/refusing the inventory/);
      const d = await cli(['diagnose', '--host', bad, '-F', t.sshConfig]);
      expect(d.code).toBe(2);
    }
    expect(t.runner.started.length).toBe(before);
  });

  test('three hosts, one seeded, one down: healthy / causes-remain / unreachable, exit 5, JSON to match', async (ctx) => {
    if (!topo) return ctx.skip(unavailable);
    const t = need();
    const [h1, h2, h3] = t.hosts;
    if (!h1 || !h2 || !h3) throw new Error('three hosts expected');
    await local.run(mutateCommand(seedArgv(h2.ns, '-A')));
    await local.run(mutateCommand(seedArgv(h2.ns, '-A')));
    await stopSshd(h3);
    try {
      const t0 = Date.now();
      const saveDir = join(t.dir, 'bundles');
      const reportFile = join(t.dir, 'fleet.md');
      const r = await cli(['fleet', 'diagnose', '-F', t.sshConfig, '-H', `${h1.name} ${h2.name} ${h3.name}`, '--target-port', '80', '--count', '40', '--interval', '20', '--json', '--connect-timeout', '3', '--save-dir', saveDir, '--report', reportFile]);
      const ms = Date.now() - t0;
      if (r.code !== 5) console.log(r.stderr, r.stdout.slice(0, 6000));
      expect(r.code, r.stderr).toBe(5);
      const doc = JSON.parse(r.stdout) as { command: string; exitCode: number; hosts: { host: string; status: string; error?: string; report?: { verdict: { status: string }; findings: { id: string }[]; steps: { layer: string; status: string; reason?: string }[] } }[]; summary: { total: number; byStatus: Record<string, number>; byVerdict: Record<string, number> } };
      expect(doc.command).toBe('fleet diagnose');
      expect(doc.exitCode).toBe(5);
      const by = Object.fromEntries(doc.hosts.map((h) => [h.host, h]));
      expect(by[h1.name]?.status).toBe('diagnosed');
      expect(cleanHost(by[h1.name]?.report), JSON.stringify(by[h1.name]?.report?.verdict)).toBe(true);
      expect(by[h2.name]?.status).toBe('diagnosed');
      // Without --yes nothing changes: the seeded host's fixes are proposed (exit 1 for it).
      expect(by[h2.name]?.report?.verdict.status).toBe('proposed');
      expect(by[h2.name]?.report?.findings.map((f) => f.id)).toContain('netfilter.drop-rule');
      expect(by[h3.name]?.status).toBe('unreachable');
      expect(by[h3.name]?.error).toMatch(/Connection refused/);
      expect(doc.summary).toMatchObject({ total: 3, byStatus: { diagnosed: 2, unreachable: 1 } });
      expect(doc.summary.byVerdict['proposed']).toBe(1);
      expect((doc.summary.byVerdict['healthy'] ?? 0) + (doc.summary.byVerdict['incomplete'] ?? 0)).toBe(1);
      // The seed was not changed: fleet diagnose without --yes changes nothing.
      expect(await dropRules(h2.ns)).toBe(2);
      console.log(`fleet of 3 (one unreachable) took ${ms} ms`);
      // A progress line per host on stderr.
      expect(r.stderr).toMatch(/\[3\/3\] /);
      // One bundle per diagnosed host; pktdrop analyze convicts the seeded rule from h2's alone.
      expect((await readdir(saveDir)).sort()).toEqual([`${h1.name}.json`, `${h2.name}.json`]);
      const analyzed = await cli(['analyze', '--json', join(saveDir, `${h2.name}.json`)]);
      expect(analyzed.code).toBe(1);
      expect(analyzed.stdout).toContain('netfilter.drop-rule');
      const md = await readFile(reportFile, 'utf8');
      expect(md).toMatch(/^# pktdrop fleet report/);
      expect(md).toContain(`## ${h3.name}`);
      expect(md).toMatch(/status: unreachable: ssh: connect to host .* Connection refused/);

      const text = await cli(['fleet', 'diagnose', '-F', t.sshConfig, '-H', `${h1.name} ${h2.name} ${h3.name}`, '--target-port', '80', '--count', '40', '--interval', '20', '--connect-timeout', '3']);
      expect(text.code).toBe(5);
      console.log(`TABLE\n${text.stdout}`);
      const lines = text.stdout.trim().split('\n');
      expect(lines.find((l) => l.startsWith('HOST'))).toMatch(/STATUS\s+VERDICT\s+TOP FINDING\s+LOSS\s+TIME/);
      expect(text.stdout).toMatch(new RegExp(`${h3.name}\\s+unreachable`));
      expect(text.stdout).toMatch(/3 hosts: .*1 not diagnosed \(1 unreachable\)/);
    } finally {
      await startSshd(t, h3);
      while ((await dropRules(h2.ns)) > 0) await local.run(mutateCommand(seedArgv(h2.ns, '-D')));
    }
  });

  test('diagnose --host H --yes fixes the seeded host over ssh; the journal is on H; undo --host H restores it', async (ctx) => {
    if (!topo) return ctx.skip(unavailable);
    const t = need();
    const h2 = t.hosts[1];
    if (!h2) throw new Error('h2 expected');
    // One rule: with two identical rules the engine's undo re-inserts #2 before #1 and iptables says
    // "Index of insertion too big" (reported to the undo/identity work, issue 13; not the transport).
    await local.run(mutateCommand(seedArgv(h2.ns, '-A')));
    try {
      const fix = await cli(['diagnose', '--host', h2.name, '-F', t.sshConfig, '--target', `${h2.address}:80`, '--count', '40', '--interval', '20', '--yes', '--json']);
      const doc = JSON.parse(fix.stdout) as { verdict: { status: string } };
      if (fix.code !== 0) console.log(JSON.stringify({ verdict: doc.verdict, probe: (doc as unknown as { probe: unknown }).probe }));
      expect(fix.code, fix.stderr).toBe(0);
      expect(doc.verdict.status).toBe('fixed');
      expect(await dropRules(h2.ns)).toBe(0);
      // The journal lives under the host's own /var/lib/pktdrop (bind-mounted from its directory).
      const journals = await readdir(join(h2.dir, 'state', 'journal', 'host'));
      expect(journals.filter((n) => n.endsWith('.json')).length).toBe(1);

      const undo = await cli(['undo', '--host', h2.name, '-F', t.sshConfig]);
      expect(undo.code, undo.stdout + undo.stderr).toBe(0);
      expect(undo.stdout).toMatch(/undone, verified/);
      expect(await dropRules(h2.ns)).toBe(1);
    } finally {
      while ((await dropRules(h2.ns)) > 0) await local.run(mutateCommand(seedArgv(h2.ns, '-D')));
    }
  });

  test('rollback timer: the client is lost after a change → the host reverts it by itself; no timer is left; undo has nothing left', async (ctx) => {
    if (!topo) return ctx.skip(unavailable);
    const t = need();
    const h2 = t.hosts[1];
    if (!h2) throw new Error('h2 expected');
    const { SshSession } = await import('../../src/targets/ssh.js');
    const { RemoteJournal } = await import('../../src/fleet/remote-journal.js');
    await local.run(mutateCommand(seedArgv(h2.ns, '-A')));
    try {
      const s = new SshSession({ label: h2.name, host: h2.name }, t.runner, { configFile: t.sshConfig });
      expect(await s.open()).toBeUndefined();
      const journal = new RemoteJournal(s, '/var/lib/pktdrop', h2.name, 'deadman-test', { seconds: 3 });
      const run = await journal.begin({ kind: 'host' });
      const rule = ['-p', 'tcp', '--dport', '80', '--syn', '-m', 'statistic', '--mode', 'random', '--probability', '0.30', '-j', 'DROP'];
      const entry = await run.record({ id: 'test', findingId: 'netfilter.drop-rule', subject: 'INPUT#1', title: 'delete the seeded rule', risk: 'safe', scope: 'target', commands: [['iptables', '-D', 'INPUT', ...rule]], inverse: [['iptables', '-I', 'INPUT', '1', ...rule]] });
      const del = await s.run(mutateCommand(['iptables', '-D', 'INPUT', ...rule]));
      expect(del.ok).toBe(true);
      entry.status = 'applied';
      entry.completed = 1;
      await run.update(entry);
      expect(await dropRules(h2.ns)).toBe(0);
      // The operator is gone: its master closes and nothing confirms.
      await s.close();
      const t0 = Date.now();
      while ((await dropRules(h2.ns)) === 0 && Date.now() - t0 < 8000) await new Promise((r) => setTimeout(r, 200));
      expect(await dropRules(h2.ns)).toBe(1);
      console.log(`rollback timer reverted the change ${Date.now() - t0} ms after the client left (armed for 3 s)`);
      const files = await readdir(join(h2.dir, 'state', 'deadman'));
      expect(files.filter((f) => f.endsWith('.fired'))).toHaveLength(1);
      expect(files.filter((f) => f.endsWith('.pid'))).toEqual([]);
      const ps = await local.run(readCommand(['ps', '-eo', 'args=']));
      expect(ps.stdout.split('\n').filter((l) => l.startsWith('pktdrop-deadman') && l.includes('deadman-test'))).toEqual([]);
      // The host's journal reads this run as rolled back: undo has nothing of it left to do.
      const again = new SshSession({ label: h2.name, host: h2.name }, t.runner, { configFile: t.sshConfig });
      try {
        const open = await new RemoteJournal(again, '/var/lib/pktdrop', h2.name).latest({ kind: 'host' }, { all: true });
        expect(open.filter((h) => h.doc.runId.endsWith('deadman-test'))).toEqual([]);
      } finally {
        await again.close();
      }
      expect(await dropRules(h2.ns)).toBe(1);
    } finally {
      while ((await dropRules(h2.ns)) > 0) await local.run(mutateCommand(seedArgv(h2.ns, '-D')));
    }
  });

  test('rollback timer with diagnose --host --yes --confirm-timeout: a confirmation over a fresh connection cancels it; a refusal reverts once', async (ctx) => {
    if (!topo) return ctx.skip(unavailable);
    const t = need();
    const h2 = t.hosts[1];
    if (!h2) throw new Error('h2 expected');
    const run = async (keep: boolean) => {
      let stdout = '';
      let stderr = '';
      const io: CliIo = { stdout: (x) => void (stdout += x), stderr: (x) => void (stderr += x), stdoutIsTty: false, stderrIsTty: false, stdinIsTty: false, env: {}, isRoot: true };
      const prompter = { decideFix: async () => 'apply' as const, confirmKeep: async () => keep };
      const code = await main(['node', 'pktdrop', 'diagnose', '--host', h2.name, '-F', t.sshConfig, '--target', `${h2.address}:80`, '--count', '40', '--interval', '20', '--yes', '--confirm-timeout', '2', '--json'], io, { diagnose: { runner: t.runner, lock: false, prompter } });
      return { code, stdout, stderr };
    };
    const pids = async () => (await readdir(join(h2.dir, 'state', 'deadman')).catch(() => [])).filter((f) => f.endsWith('.pid'));
    await local.run(mutateCommand(seedArgv(h2.ns, '-A')));
    try {
      const kept = await run(true);
      expect(kept.code, kept.stderr).toBe(0);
      expect(await dropRules(h2.ns)).toBe(0);
      expect(await pids()).toEqual([]);
      // Past the timer's time (2 s + 2 s margin): nothing came back.
      await new Promise((r) => setTimeout(r, 5000));
      expect(await dropRules(h2.ns)).toBe(0);

      await local.run(mutateCommand(seedArgv(h2.ns, '-A')));
      const refused = await run(false);
      expect(refused.code, refused.stderr).toBe(1);
      expect(await dropRules(h2.ns)).toBe(1);
      expect(await pids()).toEqual([]);
      await new Promise((r) => setTimeout(r, 5000));
      // Reverted once, by the operator; the cancelled timer did not insert it again.
      expect(await dropRules(h2.ns)).toBe(1);
    } finally {
      while ((await dropRules(h2.ns)) > 0) await local.run(mutateCommand(seedArgv(h2.ns, '-D')));
    }
  });

  test('drop reasons over ssh: the seeded host shows NETFILTER_DROP; the private instance is gone after the run, and after the connection drops', async (ctx) => {
    if (!topo) return ctx.skip(unavailable);
    const t = need();
    const h2 = t.hosts[1];
    if (!h2) throw new Error('h2 expected');
    const ours = async () => {
      const r = await local.run(readCommand(['ls', '-1', '/sys/kernel/tracing/instances']));
      // Instances are named pktdrop-<pid>-<random>: ours carry this process's pid.
      return r.stdout.split('\n').filter((n) => n.startsWith(`pktdrop-${process.pid}-`));
    };
    await local.run(mutateCommand(seedArgv(h2.ns, '-A')));
    try {
      const r = await cli(['diagnose', '--host', h2.name, '-F', t.sshConfig, '--target', `${h2.address}:80`, '--count', '40', '--interval', '20', '--json']);
      const doc = JSON.parse(r.stdout) as { dropReasons: { before?: { ok: boolean; summary?: { byReason: Record<string, number> } } } };
      expect(doc.dropReasons.before?.ok, JSON.stringify(doc.dropReasons).slice(0, 400)).toBe(true);
      // The kernel and tracefs are shared by every namespace here (and anything else on the machine): presence, not counts.
      expect(doc.dropReasons.before?.summary?.byReason['NETFILTER_DROP'] ?? 0).toBeGreaterThan(0);
      expect(await ours()).toEqual([]);

      // The connection drops while an instance exists: the guard on the host removes it.
      const { SshSession } = await import('../../src/targets/ssh.js');
      const { RunnerTraceFs } = await import('../../src/fleet/remote-tracefs.js');
      const s = new SshSession({ label: h2.name, host: h2.name }, t.runner, { configFile: t.sshConfig });
      expect(await s.open()).toBeUndefined();
      const fs = new RunnerTraceFs(s);
      const name = `instances/pktdrop-${process.pid}-guardtest`;
      expect((await fs.mkdir(name)).ok).toBe(true);
      expect(fs.guards).toEqual([name]);
      expect(await ours()).toEqual([`pktdrop-${process.pid}-guardtest`]);
      await s.close();
      const t0 = Date.now();
      while ((await ours()).length > 0 && Date.now() - t0 < 8000) await new Promise((res) => setTimeout(res, 200));
      expect(await ours()).toEqual([]);
      console.log(`trace guard removed the instance ${Date.now() - t0} ms after the connection ended`);
    } finally {
      while ((await dropRules(h2.ns)) > 0) await local.run(mutateCommand(seedArgv(h2.ns, '-D')));
    }
  });

  test('--probe-from another host: the probe runs over ssh on that host, and still convicts the seeded rule', async (ctx) => {
    if (!topo) return ctx.skip(unavailable);
    const t = need();
    const [h1, h2] = t.hosts;
    if (!h1 || !h2) throw new Error('hosts expected');
    await local.run(mutateCommand(seedArgv(h2.ns, '-A')));
    try {
      const from = t.runner.started.length;
      const r = await cli(['diagnose', '--host', h2.name, '--probe-from', h1.name, '-F', t.sshConfig, '--target', `${h2.address}:80`, '--count', '40', '--interval', '20', '--no-trace', '--json']);
      expect(r.code, r.stderr).toBe(1);
      const doc = JSON.parse(r.stdout) as { findings: { id: string }[]; probe: { before: { method: string; sent: number } } };
      expect(doc.findings.map((f) => f.id)).toContain('netfilter.drop-rule');
      expect(doc.probe.before.sent).toBe(40);
      // Every ssh process went to h2 (the target) or h1 (the prober); some to h1.
      const sshTo = t.runner.started.slice(from).filter((a) => a[0] === 'ssh' && !a.includes('-G') && !a.includes('-O')).map((a) => a[a.indexOf('--') + 1]);
      expect(new Set(sshTo)).toEqual(new Set([h1.name, h2.name]));
    } finally {
      while ((await dropRules(h2.ns)) > 0) await local.run(mutateCommand(seedArgv(h2.ns, '-D')));
    }
  });

  test('fleet --yes --confirm-timeout: the seeded host is fixed and verified, kept over a fresh connection (its timer cancelled); exit 0', async (ctx) => {
    if (!topo) return ctx.skip(unavailable);
    const t = need();
    const [h1, h2] = t.hosts;
    if (!h1 || !h2) throw new Error('hosts expected');
    await local.run(mutateCommand(seedArgv(h2.ns, '-A')));
    try {
      const r = await cli(['fleet', 'diagnose', '-F', t.sshConfig, '-H', `${h1.name} ${h2.name}`, '--target-port', '80', '--count', '40', '--interval', '20', '--yes', '--confirm-timeout', '2', '--no-trace', '--json']);
      const doc = JSON.parse(r.stdout) as { hosts: { host: string; report?: { verdict: { status: string }; steps: { layer: string; status: string; reason?: string }[] } }[] };
      const one = doc.hosts.find((h) => h.host === h1.name)?.report;
      expect(cleanHost(one)).toBe(true);
      expect(r.code, r.stderr).toBe(one?.verdict.status === 'healthy' ? 0 : 1);
      expect(doc.hosts.find((h) => h.host === h2.name)?.report?.verdict.status).toBe('fixed');
      expect(await dropRules(h2.ns)).toBe(0);
      expect((await readdir(join(h2.dir, 'state', 'deadman')).catch(() => [])).filter((f) => f.endsWith('.pid'))).toEqual([]);
      await new Promise((res) => setTimeout(res, 5000));
      expect(await dropRules(h2.ns)).toBe(0);
      // The fleet's journal is on h2: undo --host restores the rule.
      const undo = await cli(['undo', '--host', h2.name, '-F', t.sshConfig]);
      expect(undo.code, undo.stdout).toBe(0);
      expect(await dropRules(h2.ns)).toBe(1);
    } finally {
      while ((await dropRules(h2.ns)) > 0) await local.run(mutateCommand(seedArgv(h2.ns, '-D')));
    }
  });

  test('an INI inventory with --limit (through ansible-inventory when installed), and --json-lines', async (ctx) => {
    if (!topo) return ctx.skip(unavailable);
    const t = need();
    const [h1, h2, h3] = t.hosts;
    if (!h1 || !h2 || !h3) throw new Error('hosts expected');
    const inv = join(t.dir, 'hosts.ini');
    await writeFile(inv, `[web]\nweb-a ansible_host=${h1.address}\nweb-b ansible_host=${h2.address}\n\n[db]\ndb-a ansible_host=${h3.address}\n`);
    const before = t.runner.started.length;
    const r = await cli(['fleet', 'diagnose', '-F', t.sshConfig, '-i', inv, '--limit', 'web', '--json-lines']);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { host?: string; status?: string; report?: { verdict: { status: string }; steps: { layer: string; status: string; reason?: string }[] }; summary?: { total: number } });
    expect(lines.slice(0, -1).every((l) => cleanHost(l.report))).toBe(true);
    expect(r.code, r.stderr).toBe(lines.slice(0, -1).every((l) => l.report?.verdict.status === 'healthy') ? 0 : 1);
    expect(lines.slice(0, -1).map((l) => [l.host, l.status]).sort()).toEqual([['web-a', 'diagnosed'], ['web-b', 'diagnosed']]);
    expect(lines.at(-1)?.summary?.total).toBe(2);
    // Ansible refuses the C locale the runner gives every process: ask it the way pktdrop runs it.
    const ansible = await local.run(readCommand(['env', 'LC_ALL=C.UTF-8', 'LANG=C.UTF-8', 'ansible-inventory', '--version']));
    const used = t.runner.started.slice(before).some((a) => a[3] === 'ansible-inventory');
    expect(used).toBe(ansible.ok);
  });

  test('unknown host key → hostkey (nothing reaches the host); --accept-new-host-keys proceeds', async (ctx) => {
    if (!topo) return ctx.skip(unavailable);
    const t = need();
    const h1 = t.hosts[0];
    if (!h1) throw new Error('h1 expected');
    const known = join(t.dir, 'known_hosts_without_h1');
    await writeFile(known, (await readFile(t.knownHosts, 'utf8')).split('\n').filter((l) => !l.startsWith(`${h1.address} `)).join('\n'));
    const cfg = join(t.dir, 'ssh_config_without_h1');
    await writeFile(cfg, (await readFile(t.sshConfig, 'utf8')).replace(`UserKnownHostsFile ${t.knownHosts}`, `UserKnownHostsFile ${known}`));
    const logBefore = (await readFile(join(h1.dir, 'sshd.log'), 'utf8')).split('\n').filter((l) => /Accepted publickey/.test(l)).length;
    const r = await cli(['fleet', 'diagnose', '-F', cfg, '-H', h1.name, '--json']);
    expect(r.code).toBe(4);
    const doc = JSON.parse(r.stdout) as { hosts: { status: string; error: string; advice: string }[] };
    expect(doc.hosts[0]?.status).toBe('hostkey');
    expect(doc.hosts[0]?.error).toMatch(/No ED25519 host key is known|Host key verification failed/);
    const logAfter = (await readFile(join(h1.dir, 'sshd.log'), 'utf8')).split('\n').filter((l) => /Accepted publickey/.test(l)).length;
    expect(logAfter).toBe(logBefore);
    const ok = await cli(['fleet', 'diagnose', '-F', cfg, '-H', h1.name, '--accept-new-host-keys', '--json']);
    const okDoc = JSON.parse(ok.stdout) as { hosts: { status: string; report?: { verdict: { status: string }; steps: { layer: string; status: string; reason?: string }[] } }[] };
    expect(okDoc.hosts[0]?.status).toBe('diagnosed');
    expect(cleanHost(okDoc.hosts[0]?.report)).toBe(true);
    expect(await readFile(known, 'utf8')).toContain(h1.address);
  });

  test('sudo that needs a password → sudo with its own line (exit 4); a banner from ~/.ssh/rc is skipped and kept', async (ctx) => {
    if (!topo) return ctx.skip(unavailable);
    const t = need();
    const [h1, h2] = t.hosts;
    if (!h1 || !h2) throw new Error('hosts expected');
    const r = await cli(['fleet', 'diagnose', '-F', t.sshConfig, '-H', `${TEST_USER}@${h1.name} ${TEST_USER}@${h2.name}`, '--json']);
    const doc = JSON.parse(r.stdout) as { hosts: { host: string; status: string; error?: string; preamble?: string; report?: { verdict: { status: string }; steps: { layer: string; status: string; reason?: string }[] } }[] };
    const one = doc.hosts.find((h) => h.host === `${TEST_USER}@${h1.name}`);
    const two = doc.hosts.find((h) => h.host === `${TEST_USER}@${h2.name}`);
    expect(one?.status).toBe('sudo');
    expect(one?.error).toMatch(/^sudo: a (password|terminal) is required/);
    expect(two?.status).toBe('diagnosed');
    expect(cleanHost(two?.report)).toBe(true);
    // 4: a host not diagnosed; 5 if the other is only clean-but-for-neigh (incomplete counts as causes).
    expect(r.code, r.stderr).toBe(two?.report?.verdict.status === 'healthy' ? 4 : 5);
    expect(two?.preamble).toMatch(/Welcome to the fleet test host/);
  });

  test('the hostile-word batch over real ssh equals the same words run locally, byte for byte', async (ctx) => {
    if (!topo) return ctx.skip(unavailable);
    const t = need();
    const { SshSession } = await import('../../src/targets/ssh.js');
    const h1 = t.hosts[0];
    if (!h1) throw new Error('h1 expected');
    const s = new SshSession({ label: h1.name, host: h1.name }, t.runner, { configFile: t.sshConfig });
    const words = ["a'b", '$(touch /tmp/pdfl-pwned)', '`id`', 'x\ny', '\\c', '%s%n', ' lead', 'tail ', '', 'PKTDROP_DATA_END', 'w', 'ü'];
    try {
      const remote = await s.run(readCommand(['printf', '[%s]\\n', ...words]));
      const here = await local.run(readCommand(['printf', '[%s]\\n', ...words]));
      expect(remote.ok).toBe(true);
      expect(remote.stdout).toBe(here.stdout);
      const piped = await s.run({ ...readCommand(['cat']), input: 'line 1\n$(x) \\0101\n' });
      expect(piped.stdout).toBe('line 1\n$(x) \\0101\n');
      // Cost of one remote command over the warm master.
      const t0 = performance.now();
      for (let i = 0; i < 10; i++) await s.run(readCommand(['true']));
      console.log(`one remote command over a warm ControlMaster: ${((performance.now() - t0) / 10).toFixed(0)} ms`);
    } finally {
      await s.close();
    }
  });
});
