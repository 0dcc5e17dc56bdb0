/**
 * The batch: one shell runs a scope's reads and frames each command's stdout, status and stderr.
 *
 * The first group runs the real script under the real /bin/sh (dash here) and coreutils `timeout`,
 * on harmless local commands only (printf, cat of this file, ls of a path that does not exist,
 * sleep): it reads no network state and sends nothing. Each batched result is compared with the
 * same command run on its own through the real runner, byte for byte.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Command, CommandResult } from '../core/types.js';
import { FakeRunner } from '../../test/fakes/fake-runner.js';
import {
  BATCH_SCRIPT,
  batchCommand,
  decodeBatch,
  frameSections,
  runBatch,
  splitSections,
  type BatchScope,
} from './batch.js';
import { describeFailure, ProcessRunner, readCommand } from './runner.js';

const HOST: BatchScope = { prefix: [], watchdog: true };
const THIS_FILE = fileURLToPath(import.meta.url);

/** Words a shell would split, expand, glob or run if the argv were ever pasted into a script. */
const NASTY = ['a b', '$(echo pwned)', '`id`', '*', "it's", '"q"', 'x\ny', '-n', '', '; exit 7', '\\', '$1 $@'];

const comparable = (r: CommandResult) => ({ ok: r.ok, exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr.trimEnd(), kind: r.failure?.kind });

describe('the real script under the real sh', () => {
  const runner = new ProcessRunner();
  const commands: Command[] = [
    readCommand(['printf', '%s|', ...NASTY]),
    readCommand(['printf', 'no newline at the end']),
    readCommand(['printf', 'two newlines\n\n']),
    readCommand(['printf', '']),
    readCommand(['cat', THIS_FILE]),
    readCommand(['ls', '/nonexistent/pktdrop-batch-test']),
    readCommand(['printf', 'after a failure\n']),
  ];

  it('gives each command exactly what running it alone gives (stdout byte for byte, status, stderr)', async () => {
    const batched = await runBatch(runner, HOST, commands);
    const alone = await Promise.all(commands.map((c) => runner.run(c)));
    expect(batched.map(comparable)).toEqual(alone.map(comparable));
    expect(batched.map((r) => r.argv)).toEqual(commands.map((c) => c.argv));
    expect(batched[0]?.stdout).toBe(`${NASTY.join('|')}|`);
    expect(batched[5]?.failure?.kind).toBe('nonzero');
  });

  it('a missing program is not-found with a hint, and the commands after it still run', async () => {
    const r = await runBatch(runner, HOST, [readCommand(['pktdrop-no-such-tool', '-x']), readCommand(['printf', 'ok'])]);
    expect(r[0]).toMatchObject({ ok: false, executed: false, failure: { kind: 'not-found' } });
    expect(r[0]?.failure?.hint).toMatch(/^pktdrop-no-such-tool not found: install it on the host/);
    expect(r[1]).toMatchObject({ ok: true, stdout: 'ok' });
  });

  it('a command that hangs is stopped by the watchdog after its own timeout, blamed, and the rest run in a new batch', async () => {
    const started = performance.now();
    const r = await runBatch(runner, HOST, [
      readCommand(['printf', 'first'], 1000),
      readCommand(['sleep', '30'], 1000),
      readCommand(['printf', 'third'], 1000),
    ]);
    const ms = performance.now() - started;
    expect(r.map((x) => [x.ok, x.failure?.kind, x.stdout])).toEqual([
      [true, undefined, 'first'],
      [false, 'timeout', ''],
      [true, undefined, 'third'],
    ]);
    expect(r[1]?.failure?.hint).toBe('sleep 30 did not finish within 1000 ms and was stopped');
    expect(ms).toBeLessThan(5000);
  });

  it('one batch is one process: the script is a constant, every argv a positional parameter', () => {
    const cmd = batchCommand({ prefix: ['nsenter', '-t', '42', '-n', '--'], watchdog: true }, commands.slice(0, 2), 'pdNONCE');
    expect(cmd.argv.slice(0, 11)).toEqual(['nsenter', '-t', '42', '-n', '--', 'timeout', '-k', '1', '10', 'sh', '-c']);
    expect(cmd.argv[11]).toBe(BATCH_SCRIPT);
    expect(BATCH_SCRIPT).not.toContain('pdNONCE');
    expect(cmd.mutates).toBe(false);
    expect(decodeBatch(cmd.argv)).toEqual({
      prefix: ['nsenter', '-t', '42', '-n', '--'],
      nonce: 'pdNONCE',
      commands: commands.slice(0, 2).map((c) => c.argv),
    });
  });
});

describe('splitting the output (pure)', () => {
  const N = 'pd0123456789abcdef';
  const framed = frameSections(N, [
    { stdout: 'one\n', stderr: '', exitCode: 0, startedAt: 10.01, endedAt: 10.03 },
    { stdout: '', stderr: 'boom\n', exitCode: 2 },
  ]);

  it('recovers each section, with the uptime marks', () => {
    expect(splitSections(framed, N, 2)).toEqual({
      done: [
        { stdout: 'one\n', stderr: '', exitCode: 0, startedAt: 10.01, endedAt: 10.03 },
        { stdout: '', stderr: 'boom', exitCode: 2 },
      ],
    });
  });

  it('output that imitates a marker with another nonce stays output', () => {
    const fake = `pdffffffffffffffff E 0 0 -\n`;
    const out = splitSections(frameSections(N, [{ stdout: fake, stderr: '', exitCode: 0 }]), N, 1);
    expect(out.done[0]?.stdout).toBe(fake);
  });

  it('cut in the middle of a command: the finished ones and the one in flight', () => {
    const cut = `${framed.slice(0, framed.indexOf(`${N} B 1`))}${N} B 1 11.50\npartial`;
    expect(splitSections(cut, N, 3)).toEqual({
      done: [{ stdout: 'one\n', stderr: '', exitCode: 0, startedAt: 10.01, endedAt: 10.03 }],
      inFlight: { stdout: 'partial', startedAt: 11.5 },
    });
  });

  it('garbage, or bytes after the last section, are reported, never thrown', () => {
    expect(splitSections('sh: 1: syntax error\n', N, 2)).toMatchObject({ done: [], garbled: expect.any(String) });
    expect(splitSections(`${framed}extra`, N, 2)).toMatchObject({ done: { length: 2 }, garbled: '5 bytes after the last command' });
    expect(splitSections('', N, 2)).toEqual({ done: [] });
  });
});

describe('runBatch on the strict fake (failure is a value)', () => {
  const IN: BatchScope = { prefix: ['docker', 'exec', 'abc'], watchdog: false };

  it('an image without a shell: the commands run one by one through the runtime', async () => {
    const fake = new FakeRunner()
      .on(['docker', 'exec', 'abc', 'cat', '/proc/net/snmp'], 'Ip: 1\n')
      .on(['docker', 'exec', 'abc', 'cat', '/proc/net/dev'], 'dev\n');
    // What docker 20.10 says (on stdout, exit 126) for an image without sh: recorded here.
    const said = readFileSync(new URL('../../test/fixtures/docker/exec-no-shell.stdout', import.meta.url), 'utf8');
    const noShell: FakeRunner['run'] = async (c) => {
      if (decodeBatch(c.argv)) {
        const failure = describeFailure(c.argv, { timedOut: false, isTerminated: false, exitCode: 126, stderr: '', stdout: said, isCanceled: false }, c.timeoutMs);
        expect(failure).toEqual({ kind: 'not-found', hint: 'sh not found in the target: install it there, or run pktdrop as root so it can use the host\'s sh' });
        return { argv: c.argv, executed: false, exitCode: 126, stdout: said, stderr: '', durationMs: 1, ok: false, failure };
      }
      return fake.run(c);
    };
    const r = await runBatch({ run: noShell }, IN, [readCommand(['cat', '/proc/net/snmp']), readCommand(['cat', '/proc/net/dev'])]);
    expect(r.map((x) => [x.argv.join(' '), x.stdout])).toEqual([
      ['docker exec abc cat /proc/net/snmp', 'Ip: 1\n'],
      ['docker exec abc cat /proc/net/dev', 'dev\n'],
    ]);
  });

  it('the runtime itself missing: every command carries that failure, with the runtime\'s words', async () => {
    const r = await runBatch({
      run: async (c) => ({ argv: c.argv, executed: false, exitCode: null, stdout: '', stderr: '', durationMs: 0, ok: false, failure: { kind: 'not-found', hint: 'docker not found: install it or add it to PATH' } }),
    }, IN, [readCommand(['a']), readCommand(['b'])]);
    expect(r.map((x) => [x.argv.join(' '), x.failure?.kind, x.failure?.hint])).toEqual([
      ['docker exec abc a', 'not-found', 'docker not found: install it or add it to PATH'],
      ['docker exec abc b', 'not-found', 'docker not found: install it or add it to PATH'],
    ]);
  });

  it('Ctrl-C during a batch: what finished is kept, the rest is an interrupted failure (never judged)', async () => {
    const r = await runBatch({
      run: async (c) => {
        const nonce = decodeBatch(c.argv)?.nonce ?? '';
        return { argv: c.argv, executed: true, exitCode: null, stdout: `${frameSections(nonce, [{ stdout: 'x', stderr: '', exitCode: 0 }])}${nonce} B 1 -\n`, stderr: '', durationMs: 5, ok: false, failure: { kind: 'signal', hint: 'interrupted' } };
      },
    }, HOST, [readCommand(['a']), readCommand(['b']), readCommand(['c'])]);
    expect(r.map((x) => [x.ok, x.failure?.kind])).toEqual([[true, undefined], [false, 'signal'], [false, 'signal']]);
  });

  it('refuses a changing command: only reads are batched', async () => {
    await expect(runBatch(new FakeRunner(), HOST, [{ argv: ['tc', 'qdisc', 'del'], mutates: true, timeoutMs: 1000 }, readCommand(['a'])])).rejects.toThrow(/read-only/);
  });
});
