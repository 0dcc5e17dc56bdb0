/**
 * The fleet scheduler and its outputs, with ssh played by a scripted runner that answers with the
 * messages OpenSSH and sudo printed on this machine (test/fixtures/ssh). Diagnosed hosts over real
 * sshd are in test/live/fleet.test.ts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Command, CommandResult } from '../core/types.js';
import { proposeOnlyPrompter } from '../core/prompter.js';
import { MemoryJournal } from '../remediation/journal.js';
import type { Runner } from '../targets/runner.js';
import { adviceLines, fleetExitCode, fleetTable, runFleet, severityOf, summarize, tally, type HostResult } from './fleet.js';
import { parseHostList } from './inventory.js';

const fixture = (name: string) => readFileSync(new URL(`../../test/fixtures/ssh/${name}`, import.meta.url), 'utf8');

/** ssh as a script: `-G` answers; the first program to each host fails the way its name says. */
class ScriptedSsh implements Runner {
  active = 0;
  maxActive = 0;
  readonly programs: string[] = [];
  async run(c: Command): Promise<CommandResult> {
    const host = c.argv[c.argv.indexOf('--') + 1] ?? '';
    const done = (exitCode: number, stdout: string, stderr: string): CommandResult => ({ argv: c.argv, executed: true, exitCode, stdout, stderr, durationMs: 1, ok: exitCode === 0 });
    if (c.argv.includes('-G')) return done(0, fixture('ssh-G-default.txt').replace('10.1.2.3', host), '');
    if (c.argv.includes('-O')) return done(255, '', 'Control socket connect: No such file or directory\n');
    this.programs.push(host);
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
    await new Promise((r) => setTimeout(r, 5));
    this.active--;
    const file = { refused: 'refused.stderr.txt', auth: 'auth.stderr.txt', hostkey: 'hostkey-changed.stderr.txt', sudo: 'sudo-password.stderr.txt', resolve: 'resolve.stderr.txt' }[host.replace(/-\d+$/, '')];
    if (file) return done(file.startsWith('sudo') ? 1 : 255, '', fixture(file));
    return done(255, '', 'something ssh never said before\n');
  }
}

const hosts = (list: string) => {
  const r = parseHostList(list);
  if (!r.ok) throw new Error(r.errors.join());
  return r.hosts;
};

async function fleet(list: string, forks = 10) {
  const ssh = new ScriptedSsh();
  const done: string[] = [];
  const results = await runFleet({
    hosts: hosts(list),
    spec: { kind: 'host' },
    forks,
    hostTimeoutMs: 10_000,
    probe: { count: 1, intervalMs: 10, timeoutMs: 100, method: 'auto' },
    idleWindowMs: 0,
    ssh: {},
    remoteStateDir: '/var/lib/pktdrop',
  }, {
    local: ssh,
    prompter: proposeOnlyPrompter('unit'),
    journalFor: () => new MemoryJournal(),
    runProbe: async () => ({ ok: false, reason: 'no probe in this test' }),
    sleep: async () => {},
    onHostDone: (r, n, total) => done.push(`${n}/${total} ${r.name}`),
  });
  return { results, ssh, done };
}

describe('runFleet over ssh failures', () => {
  it('classifies each host with ssh\'s own line and what to do; exit 4 (not diagnosed)', async () => {
    const { results, done } = await fleet('refused-1 auth-1 hostkey-1 sudo-1 resolve-1 odd-1');
    expect(results.map((r) => [r.name, r.status])).toEqual([
      ['refused-1', 'unreachable'], ['auth-1', 'auth'], ['hostkey-1', 'hostkey'], ['sudo-1', 'sudo'], ['resolve-1', 'unreachable'], ['odd-1', 'error'],
    ]);
    expect(results.find((r) => r.name === 'sudo-1')?.error).toBe('sudo: a password is required');
    expect(results.find((r) => r.name === 'hostkey-1')?.error).toMatch(/REMOTE HOST IDENTIFICATION HAS CHANGED/);
    expect(results.every((r) => r.exitCode === 2 && r.address !== undefined)).toBe(true);
    expect(done).toHaveLength(6);
    expect(fleetExitCode(results)).toBe(4);
    expect(adviceLines(results)).toContainEqual(expect.stringMatching(/^hostkey-1: hostkey: .*never bypassed/));
  });

  it('runs at most --forks hosts at once', async () => {
    const { ssh } = await fleet('refused-1 refused-2 refused-3 refused-4 refused-5 refused-6 refused-7', 2);
    expect(ssh.programs).toHaveLength(7);
    expect(ssh.maxActive).toBeLessThanOrEqual(2);
  });
});

const row = (name: string, status: HostResult['status'], extra: Partial<HostResult> = {}): HostResult => ({ name, status, durationMs: 1234, exitCode: status === 'diagnosed' ? 0 : 2, ...extra });

describe('table, tally and exit codes', () => {
  const results = [
    row('web-11', 'unreachable', { error: 'ssh: connect to host 10.0.0.11 port 22: Connection timed out', advice: 'check it' }),
    row('db-01', 'sudo', { error: 'sudo: a password is required', advice: 'allow NOPASSWD' }),
  ];

  it('one line per host under a header, then the tally', () => {
    const lines = fleetTable(results);
    expect(lines[0]).toMatch(/^HOST\s+STATUS\s+VERDICT\s+TOP FINDING\s+LOSS\s+TIME$/);
    expect(lines[1]).toMatch(/^db-01\s+sudo\s+—\s+sudo: a password is required\s+—\s+1\.2s$/);
    expect(lines[2]).toMatch(/^web-11\s+unreachable/);
    expect(lines[3]).toBe('2 hosts: 2 not diagnosed (1 unreachable, 1 sudo)');
  });

  it('sorts by severity: not-diagnosed hosts before healthy ones', () => {
    expect(severityOf(row('a', 'sudo'))).toBeLessThan(severityOf(row('b', 'unreachable')));
    expect(severityOf(row('a', 'unreachable'))).toBeLessThan(severityOf(row('b', 'interrupted')));
  });

  it('exit codes are a bit mask: 1 causes, 4 not diagnosed, 5 both; 0 all healthy; 130 interrupted', () => {
    const healthy = row('h', 'diagnosed');
    const causes = row('c', 'diagnosed', { exitCode: 1 });
    expect(fleetExitCode([healthy])).toBe(0);
    expect(fleetExitCode([healthy, causes])).toBe(1);
    expect(fleetExitCode([healthy, row('u', 'unreachable')])).toBe(4);
    expect(fleetExitCode([causes, row('u', 'auth')])).toBe(5);
    expect(fleetExitCode([causes, row('i', 'interrupted', { exitCode: 130 })])).toBe(130);
  });

  it('summary counts statuses', () => {
    expect(summarize(results)).toEqual({ total: 2, byStatus: { unreachable: 1, sudo: 1 }, byVerdict: {}, findings: {} });
    expect(tally([row('h', 'timeout')])).toBe('1 host: 1 not diagnosed (1 timeout)');
  });
});
