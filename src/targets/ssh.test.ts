/**
 * The ssh transport's pure parts and its program. The program is run for real by the local `sh`
 * (what `sh -s` does on a remote host), so the encoding is checked on a real shell; ssh's own
 * failure messages are the ones recorded on this machine (test/fixtures/ssh, each with .source.txt).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Command, CommandResult } from '../core/types.js';
import { ProcessRunner, readCommand, type Runner } from './runner.js';
import { classifySshFailure, encodeWord, invalidHostName, parseSshDestination, parseSshG, remoteCommand, remoteProgram, sshBaseArgv, SshSession, unframe } from './ssh.js';

const fixture = (name: string) => readFileSync(new URL(`../../test/fixtures/ssh/${name}`, import.meta.url), 'utf8');
const sh = new ProcessRunner();

describe('host names', () => {
  it.each([
    ['-oProxyCommand=touch /tmp/x', /starts with "-"/],
    ['$(reboot)', /not a valid host name/],
    ['a;id', /not a valid host name/],
    ['web 01', /not a valid host name/],
    ['`id`', /not a valid host name/],
    ['host%h', /not a valid host name/],
    ['', /empty/],
  ])('refuses %j', (name, says) => {
    const d = parseSshDestination(name);
    expect(typeof d).toBe('string');
    expect(d).toMatch(says);
  });

  it('reads [user@]host[:port] and [v6]:port', () => {
    expect(parseSshDestination('web-03')).toEqual({ label: 'web-03', host: 'web-03' });
    expect(parseSshDestination('ops@10.0.0.7:2222')).toEqual({ label: 'ops@10.0.0.7:2222', host: '10.0.0.7', user: 'ops', port: 2222 });
    expect(parseSshDestination('root@[fd00::7]:22')).toEqual({ label: 'root@[fd00::7]:22', host: 'fd00::7', user: 'root', port: 22 });
    expect(parseSshDestination('a:99999')).toMatch(/not 1..65535/);
    expect(parseSshDestination('-x@h')).toMatch(/starts with "-"/);
    expect(parseSshDestination('u$(id)@h')).toMatch(/not a valid user name/);
    expect(invalidHostName('db-01.example.org')).toBeUndefined();
  });
});

describe('ssh argv', () => {
  const g = parseSshG(fixture('ssh-G-default.txt'));

  it('parses ssh -G', () => {
    expect(g?.hostname).toBe('10.1.2.3');
    expect(g?.user).toBe('root');
    expect(g?.port).toBe(22);
    expect(g?.options.get('stricthostkeychecking')).toBe('ask');
  });

  it('forces the safety options, never StrictHostKeyChecking=no, and passes the host after --', () => {
    const argv = sshBaseArgv({ label: 'h', host: 'h', user: 'ops', port: 2222 }, { configFile: '/tmp/cfg' }, g, '/tmp/ctl');
    expect(argv.slice(0, 4)).toEqual(['ssh', '-F', '/tmp/cfg', '-T']);
    for (const o of ['BatchMode=yes', 'ForwardAgent=no', 'ForwardX11=no', 'ClearAllForwardings=yes', 'PermitLocalCommand=no', 'RequestTTY=no', 'ControlPath=/tmp/ctl/%C', 'ConnectTimeout=10', 'ServerAliveInterval=5']) {
      expect(argv).toContain(o);
    }
    expect(argv.join(' ')).not.toMatch(/StrictHostKeyChecking=no/);
    expect(argv.slice(-4)).toEqual(['-l', 'ops', '-p', '2222']);
    const accept = sshBaseArgv({ label: 'h', host: 'h' }, { acceptNewHostKeys: true }, g, undefined);
    expect(accept).toContain('StrictHostKeyChecking=accept-new');
  });

  it('overrides a config that says StrictHostKeyChecking no, and keeps the user\'s own ConnectTimeout', () => {
    const lax = parseSshG('hostname h\nuser root\nport 22\nstricthostkeychecking false\nconnecttimeout 4\nserveraliveinterval 9\n');
    const argv = sshBaseArgv({ label: 'h', host: 'h' }, {}, lax, undefined);
    expect(argv).toContain('StrictHostKeyChecking=yes');
    expect(argv.join(' ')).not.toMatch(/ConnectTimeout|ServerAliveInterval/);
  });

  it('the remote command is a constant but for an integer', () => {
    expect(remoteCommand(12, false)).toBe('timeout -k 1 12 sh -s');
    expect(remoteCommand(3, true)).toBe('sudo -n -- timeout -k 1 3 sh -s');
    expect(() => remoteCommand(1.5, false)).toThrow();
  });
});

describe('the remote program, run by a real sh', () => {
  const words = ["a'b", '$(touch /tmp/pktdrop-unit-pwned)', '`id`', 'x\ny', '\\c', '%s%n', ' lead', 'tail ', '', 'PKTDROP_DATA_END', 'w', 'ü', '-n'];

  it('runs every word as data: the same bytes as running the argv directly', async () => {
    const direct = await sh.run(readCommand(['printf', '[%s]\\n', ...words]));
    const viaProgram = await sh.run({ ...readCommand(['sh', '-s']), input: remoteProgram('pdabc', ['printf', '[%s]\\n', ...words]) });
    const out = unframe(viaProgram.stdout, viaProgram.stderr, 'pdabc');
    expect(out.started).toBe(true);
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toBe(direct.stdout);
  });

  it('feeds input to the command and passes its status through', async () => {
    const r = await sh.run({ ...readCommand(['sh', '-s']), input: remoteProgram('pd1', ['sh', '-c', 'cat; exit 7'], 'one\n$(two) \\0101\n') });
    const out = unframe(r.stdout, r.stderr, 'pd1');
    expect(out).toMatchObject({ started: true, exitCode: 7, stdout: 'one\n$(two) \\0101\n' });
  });

  it('encodes only what is not plainly safe', () => {
    expect(encodeWord('iptables-nft')).toBe('iptables-nft');
    expect(encodeWord("a b'")).toBe('a\\0040b\\0047');
  });
});

describe('unframe', () => {
  it('skips a banner printed before the program and keeps it as preamble', () => {
    const out = unframe('Welcome!\nn S\nhello\n\nn X 0\n', 'motd on stderr\nn S\nwarn\n', 'n');
    expect(out).toEqual({ started: true, exitCode: 0, stdout: 'hello\n', stderr: 'warn\n', preamble: 'Welcome!\nmotd on stderr\n' });
  });

  it('a cut session has no status; no start marker means the command never ran', () => {
    expect(unframe('n S\npartial', '', 'n')).toMatchObject({ started: true, stdout: 'partial' });
    expect(unframe('', 'ssh: connect to host x port 22: Connection refused\n', 'n').started).toBe(false);
  });
});

describe('failure classification on the messages ssh and sudo print (recorded here)', () => {
  it.each([
    ['refused.stderr.txt', 255, 'unreachable', /Connection refused/],
    ['resolve.stderr.txt', 255, 'unreachable', /Could not resolve hostname/],
    ['hostkey-unknown.stderr.txt', 255, 'hostkey', /Host key verification failed/],
    ['hostkey-changed.stderr.txt', 255, 'hostkey', /REMOTE HOST IDENTIFICATION HAS CHANGED/],
    ['auth.stderr.txt', 255, 'auth', /Permission denied \(publickey\)/],
    ['sudo-password.stderr.txt', 1, 'sudo', /^sudo: a (password|terminal) is required/],
  ] as const)('%s → %s', (file, code, status, line) => {
    const f = classifySshFailure('h', code, fixture(file), false);
    expect(f.status).toBe(status);
    expect(f.line).toMatch(line);
    expect(f.advice).not.toBe('');
  });

  it('the operator-side deadline is a timeout; a lost link too', () => {
    expect(classifySshFailure('h', null, '', true).status).toBe('timeout');
    expect(classifySshFailure('h', 255, 'Timeout, server 10.252.77.13 not responding.\n', false).status).toBe('timeout');
    expect(classifySshFailure('h', 255, 'something new\n', false)).toMatchObject({ status: 'error', line: 'something new' });
  });
});

describe('SshSession over a scripted local runner', () => {
  /** Stands in for ssh: `ssh -G` answers from the fixture; any program is run by the local sh. */
  class LocalSsh implements Runner {
    readonly argvs: (readonly string[])[] = [];
    constructor(private readonly banner = '') {}
    async run(c: Command): Promise<CommandResult> {
      this.argvs.push(c.argv);
      if (c.argv.includes('-G')) return { argv: c.argv, executed: true, exitCode: 0, stdout: fixture('ssh-G-default.txt'), stderr: '', durationMs: 1, ok: true };
      if (c.argv.includes('-O')) return { argv: c.argv, executed: true, exitCode: 255, stdout: '', stderr: 'Control socket connect: No such file or directory\n', durationMs: 1, ok: false };
      const r = await sh.run({ ...readCommand(['sh', '-s']), ...(c.input !== undefined ? { input: c.input } : {}) });
      return { ...r, argv: c.argv, stdout: this.banner + r.stdout };
    }
  }

  it('runs a command as root without sudo, names the command (not ssh) in its result, and closes', async () => {
    const local = new LocalSsh('Hello from .bashrc\n');
    const s = new SshSession({ label: 'web-03', host: 'web-03' }, local);
    expect(await s.open()).toBeUndefined();
    expect(s.usesSudo).toBe(false);
    expect(s.preamble).toBe('Hello from .bashrc\n');
    const r = await s.run(readCommand(['printf', '%s', 'ok']));
    expect(r).toMatchObject({ argv: ['printf', '%s', 'ok'], ok: true, stdout: 'ok', exitCode: 0 });
    const ssh = local.argvs.find((a) => a.includes('timeout -k 1 12 sh -s'));
    expect(ssh?.slice(-3)).toEqual(['--', 'web-03', 'timeout -k 1 12 sh -s']);
    await s.close();
    expect(local.argvs.at(-1)).toContain('exit');
  });

  it('a missing tool on the host is not-found, never a pass', async () => {
    const s = new SshSession({ label: 'h', host: 'h' }, new LocalSsh());
    const r = await s.run(readCommand(['pktdrop-no-such-tool-xyz']));
    expect(r.ok).toBe(false);
    expect(r.failure?.kind).toBe('not-found');
    await s.close();
  });
});
