/**
 * The CLI's contract (README: Exit status, JSON errors, Undo and the journal), through `main(argv, io)`:
 * - every failure is one line on stderr; with --json also exactly one error document on stdout,
 *   usage errors included;
 * - a bug is exit 70 and one line, its stack only with --verbose or PKTDROP_DEBUG=1;
 * - the test seams are explicit: a fake runner neither skips the root check nor the lock;
 * - the state directory comes from the injected environment;
 * - the lab reports its exit code through main, like every command.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { EXIT, stateDirOf, type CliIo, type Wiring } from '../src/cli/context.js';
import type { Command, CommandResult } from '../src/core/types.js';
import { MemoryJournal } from '../src/remediation/journal.js';
import type { Runner } from '../src/targets/runner.js';

function makeIo(over: Partial<CliIo> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (s) => void out.push(s), stderr: (s) => void err.push(s), stdoutIsTty: false, stderrIsTty: false, stdinIsTty: false, env: { NO_COLOR: '1' }, isRoot: true, ...over };
  return { io, out, err };
}

async function cli(args: string[], over: Partial<CliIo> = {}, wiring: Wiring = {}) {
  const t = makeIo(over);
  const code = await main(['node', 'pktdrop', ...args], t.io, wiring);
  return { code, out: t.out.join(''), err: t.err.join(''), writes: t.out.length };
}

/** The one JSON document on stdout (throws when there is not exactly one). */
function oneDocument(out: string): unknown {
  return JSON.parse(out);
}

const envelope = (command: string | null, kind: string, message: string | RegExp, exitCode: number) => ({
  schemaVersion: 1,
  tool: { name: 'pktdrop', version: expect.any(String) },
  command,
  ok: false,
  error: { kind, message: typeof message === 'string' ? message : expect.stringMatching(message) },
  exitCode,
});

/** A runner that answers `ip -j link show` (the host's resolve) and calls `onRun` first. */
function hostRunner(onRun: (c: Command) => void = () => {}): Runner {
  return {
    run: async (c): Promise<CommandResult> => {
      onRun(c);
      return { argv: c.argv, executed: true, exitCode: 0, stdout: '[]', stderr: '', durationMs: 0, ok: true };
    },
  };
}

const throwingRunner: Runner = {
  run: async () => {
    throw new TypeError('boom: a bug in a command');
  },
};

describe('exit codes', () => {
  it('are named, one table', () => {
    expect(EXIT).toEqual({ ok: 0, causes: 1, targetLost: 3, usage: 2, notDiagnosed: 4, causesAndNotDiagnosed: 5, internal: 70, interrupted: 130 });
  });
});

describe('usage errors', () => {
  it('without --json: commander\'s line on stderr, nothing on stdout, exit 2', async () => {
    const r = await cli(['diagnose', '--frobnicate']);
    expect(r.code).toBe(EXIT.usage);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^error: unknown option '--frobnicate'\n/);
  });

  it('with --json: the same line on stderr and one error document on stdout, exit 2', async () => {
    const r = await cli(['diagnose', '--json', '--frobnicate']);
    expect(r.code).toBe(2);
    expect(r.writes).toBe(1);
    expect(oneDocument(r.out)).toEqual(envelope('diagnose', 'usage', "unknown option '--frobnicate'", 2));
  });

  it('with --json: an option value pktdrop refuses (UsageError) is the error document too', async () => {
    const r = await cli(['diagnose', '--count', '0', '--json']);
    expect(r.code).toBe(2);
    expect(oneDocument(r.out)).toEqual(envelope('diagnose', 'usage', '--count must be a whole number from 1 to 1000 (got "0")', 2));
    expect(r.err).toBe('pktdrop: --count must be a whole number from 1 to 1000 (got "0")\n');
  });

  it('with --json and no command: command is null', async () => {
    const r = await cli(['--json', '--nope']);
    expect(r.code).toBe(2);
    expect(oneDocument(r.out)).toEqual(envelope(null, 'usage', /^unknown option '--(json|nope)'/, 2));
  });

  it('a target option pktdrop refuses (--container and --netns) under --json', async () => {
    const r = await cli(['undo', '--container', 'a', '--netns', 'b', '--json']);
    expect(r.code).toBe(2);
    expect(oneDocument(r.out)).toEqual(envelope('undo', 'usage', '--container and --netns cannot be used together: pick one target', 2));
  });

  it('--json after `--` is an argument, not the flag', async () => {
    const r = await cli(['diagnose', '--frobnicate', '--', '--json']);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
  });
});

describe('not root', () => {
  it.each([
    ['diagnose', 'diagnose needs root to read iptables, nftables, qdiscs and other namespaces: rerun it with sudo'],
    ['undo', 'undo needs root to change iptables, nftables and qdiscs: rerun it with sudo'],
  ])('%s --json: one line on stderr, the error document (kind not-root), exit 2', async (command, message) => {
    const r = await cli([command, '--json'], { isRoot: false });
    expect(r.code).toBe(2);
    expect(r.err).toBe(`pktdrop: ${message}\n`);
    expect(oneDocument(r.out)).toEqual(envelope(command, 'not-root', message, 2));
  });

  it('a fake runner does not skip the root check: only skipRootCheck does', async () => {
    let ran = 0;
    const runner = hostRunner(() => void (ran += 1));
    const refused = await cli(['undo'], { isRoot: false }, { undo: { runner, journal: new MemoryJournal(), lock: false } });
    expect([refused.code, ran]).toEqual([2, 0]);
    expect(refused.err).toMatch(/undo needs root/);
    const allowed = await cli(['undo'], { isRoot: false }, { undo: { runner, journal: new MemoryJournal(), lock: false, skipRootCheck: true } });
    expect(allowed.code).toBe(0);
    expect(allowed.out).toBe('nothing to undo for host: no journaled change that is not already undone\n');
  });
});

describe('undo --json', () => {
  it('a report (not an error document): one document, exit 0', async () => {
    const r = await cli(['undo', '--json'], {}, { undo: { runner: hostRunner(), journal: new MemoryJournal(), lock: false } });
    expect(r.code).toBe(0);
    expect(r.writes).toBe(1);
    expect(oneDocument(r.out)).toEqual({ schemaVersion: 1, tool: { name: 'pktdrop', version: expect.any(String) }, command: 'undo', target: 'host', journals: [], steps: [] });
  });
});

describe('the state directory and the lock', () => {
  it('the lock is taken under $PKTDROP_STATE_DIR from the injected environment, also with a fake runner', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pktdrop-state-'));
    const lockFile = join(dir, 'locks', 'host.lock');
    const held: boolean[] = [];
    const runner = hostRunner(() => held.push(existsSync(lockFile)));
    const r = await cli(['undo'], { isRoot: false, env: { PKTDROP_STATE_DIR: dir } }, { undo: { runner, journal: new MemoryJournal(), skipRootCheck: true } });
    expect(r.code).toBe(0);
    expect(held).toEqual([true]);
    expect(existsSync(lockFile)).toBe(false); // released
  });

  it('lock: false is the only way a test runs without it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pktdrop-state-'));
    const held: boolean[] = [];
    const runner = hostRunner(() => held.push(existsSync(join(dir, 'locks'))));
    await cli(['undo'], { isRoot: false, env: { PKTDROP_STATE_DIR: dir } }, { undo: { runner, journal: new MemoryJournal(), skipRootCheck: true, lock: false } });
    expect(held).toEqual([false]);
  });

  it('stateDirOf: $PKTDROP_STATE_DIR, else /var/lib/pktdrop for root, else $XDG_STATE_HOME/pktdrop, else ~/.local/state/pktdrop', () => {
    expect(stateDirOf({ env: { PKTDROP_STATE_DIR: '/s', XDG_STATE_HOME: '/x' }, isRoot: true })).toBe('/s');
    expect(stateDirOf({ env: { XDG_STATE_HOME: '/x' }, isRoot: true })).toBe('/var/lib/pktdrop');
    expect(stateDirOf({ env: { XDG_STATE_HOME: '/x', HOME: '/h' }, isRoot: false })).toBe('/x/pktdrop');
    expect(stateDirOf({ env: { HOME: '/h' }, isRoot: false })).toBe('/h/.local/state/pktdrop');
  });
});

describe('a bug (an injected command that throws)', () => {
  const wiring: Wiring = { undo: { runner: throwingRunner, journal: new MemoryJournal(), skipRootCheck: true, lock: false } };

  it('is exit 70 and one line on stderr, with no stack', async () => {
    const r = await cli(['undo'], {}, wiring);
    expect(r.code).toBe(EXIT.internal);
    expect(r.out).toBe('');
    expect(r.err.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.err).toMatch(/^pktdrop: internal error: boom: a bug in a command — please report it/);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('a message over several lines is still one line', async () => {
    const multi: Runner = { run: async () => { throw new Error('first line\nsecond line'); } };
    const r = await cli(['undo'], {}, { undo: { runner: multi, journal: new MemoryJournal(), skipRootCheck: true, lock: false } });
    expect(r.code).toBe(70);
    expect(r.err.split('\n').filter(Boolean)).toEqual([expect.stringMatching(/^pktdrop: internal error: first line — /)]);
  });

  it('shows the stack with PKTDROP_DEBUG=1', async () => {
    const r = await cli(['undo'], { env: { PKTDROP_DEBUG: '1' } }, wiring);
    expect(r.code).toBe(70);
    expect(r.err).toMatch(/^pktdrop: internal error: boom/);
    expect(r.err).toMatch(/\n\s+at /);
  });

  it('with --json: the error document, kind internal, exit 70', async () => {
    const r = await cli(['undo', '--json'], {}, wiring);
    expect(r.code).toBe(70);
    expect(r.writes).toBe(1);
    expect(oneDocument(r.out)).toEqual(envelope('undo', 'internal', 'boom: a bug in a command', 70));
    expect(r.err).not.toMatch(/\n\s+at /);
  });
});

describe('analyze', () => {
  it('an unreadable file under --json: the error document (kind input), exit 2', async () => {
    const r = await cli(['analyze', '--json', '/nonexistent/pktdrop-input.txt']);
    expect(r.code).toBe(2);
    expect(oneDocument(r.out)).toEqual(envelope('analyze', 'input', /^cannot read \/nonexistent\/pktdrop-input\.txt \(ENOENT\)/, 2));
  });

  it('reads stdin through the wiring', async () => {
    const r = await cli(['analyze'], {}, { analyze: { readStdin: () => 'nothing pktdrop knows\n' } });
    // Read from stdin, and judged: nothing recognised is exit 1, as an incomplete diagnose is.
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^pktdrop analyze — stdin/);
    expect(r.out).toContain('nothing recognised');
  });
});

describe('lab: exit codes through main and io', () => {
  const never: Runner = {
    run: async (c) => {
      throw new Error(`no command expected, got ${c.argv.join(' ')}`);
    },
  };

  it('not root: exit 2, one line on stderr; with --json the error document', async () => {
    const r = await cli(['lab', 'status'], { isRoot: false });
    expect(r).toMatchObject({ code: 2, out: '', err: 'pktdrop lab: pktdrop lab needs root (run it with sudo)\n' });
    const j = await cli(['lab', 'status', '--json'], { isRoot: false });
    expect(j.code).toBe(2);
    expect(oneDocument(j.out)).toEqual(envelope('lab', 'not-root', 'pktdrop lab needs root (run it with sudo)', 2));
  });

  it('a bad lab name or fault list: exit 2 before anything runs', async () => {
    const name = await cli(['lab', 'up', '--name', '-x'], {}, { lab: { runner: never } });
    expect(name.code).toBe(2);
    expect(name.err).toMatch(/^pktdrop lab: .*"-x"/);
    const faults = await cli(['lab', 'up', '--faults', 'nonsense', '--json'], {}, { lab: { runner: never } });
    expect(faults.code).toBe(2);
    expect(oneDocument(faults.out)).toMatchObject({ command: 'lab', ok: false, error: { kind: 'usage' }, exitCode: 2 });
  });

  it('an unknown --engine is a usage error (exit 2)', async () => {
    const r = await cli(['lab', 'up', '--engine', 'qemu', '--json'], {}, { lab: { runner: never } });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error: option '--engine <engine>' argument 'qemu' is invalid/);
    expect(oneDocument(r.out)).toMatchObject({ command: 'lab', error: { kind: 'usage' }, exitCode: 2 });
  });

  it('status with no lab, in the state directory from the injected environment: exit 0 through io', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pktdrop-state-'));
    const r = await cli(['lab', 'status'], { env: { PKTDROP_STATE_DIR: dir } }, { lab: { runner: never } });
    expect(r).toEqual({ code: 0, out: 'no lab exists (pktdrop lab up creates one)\n', err: '', writes: 1 });
    const j = await cli(['lab', 'status', '--json'], { env: { PKTDROP_STATE_DIR: dir } }, { lab: { runner: never } });
    expect([j.code, oneDocument(j.out)]).toEqual([0, { labs: [] }]);
  });

  it('a failing lab command is not masked by an earlier process.exitCode', async () => {
    process.exitCode = undefined;
    const r = await cli(['lab', 'status'], { isRoot: false });
    expect(r.code).toBe(2);
    expect(process.exitCode).toBeUndefined();
  });
});
