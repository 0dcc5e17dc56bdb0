/**
 * `bin/pktdrop` on the built bundle (dist/bundle, from `npm ci` / `npm run build`, like
 * test/bundle.test.ts): a reader that goes away (`| head -1`, `| true`) ends the run quietly with its
 * usual exit code, never `Error: write EPIPE` and a stack.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUILT = existsSync(new URL('../dist/bundle/main.js', import.meta.url));

/** Runs `node bin/pktdrop ARGS | READER` in bash; the bin's stderr and its own exit status. */
function piped(args: string, reader: string): { code: number; stderr: string } {
  const errFile = join(mkdtempSync(join(tmpdir(), 'pktdrop-bin-')), 'stderr');
  const r = spawnSync('bash', ['-c', `node bin/pktdrop ${args} 2>"$0" | ${reader} >/dev/null; echo "\${PIPESTATUS[0]}"`, errFile], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: Number(r.stdout.trim()), stderr: `${r.stderr}${readFileSync(errFile, 'utf8')}` };
}

describe('bin/pktdrop and a closed stdout', () => {
  it('is built', () => {
    expect(BUILT, 'dist/bundle is built by npm ci (prepare) or npm run build').toBe(true);
  });

  it.each([
    ['--help', 'head -1', 0],
    ['diagnose --help', 'head -1', 0],
    ['diagnose --help', 'true', 0],
    ['analyze test/fixtures/seed/iptables-nvL.txt', 'head -1', 1],
    ['analyze test/fixtures/seed/iptables-nvL.txt', 'true', 1],
    ['analyze --json test/fixtures/seed/iptables-nvL.txt', 'true', 1],
  ])('pktdrop %s | %s: exit %i, nothing on stderr', (args, reader, code) => {
    const r = piped(args, reader);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(code);
  });
});

describe('bin/pktdrop and a closed stderr', () => {
  it('a usage error written to a reader that is gone (2>&1 >/dev/null | true): exit 2, no crash', () => {
    const r = spawnSync('bash', ['-c', 'node bin/pktdrop diagnose --frobnicate 2>&1 >/dev/null | (exec 0<&-; true); echo "${PIPESTATUS[0]}"'], { cwd: ROOT, encoding: 'utf8' });
    expect(Number(r.stdout.trim())).toBe(2);
    expect(r.stderr).toBe('');
  });
});

describe('bin/pktdrop in the user\'s language', () => {
  const run = (args: string[], env: NodeJS.ProcessEnv) => spawnSync('node', ['bin/pktdrop', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', LC_ALL: '', LC_MESSAGES: '', ...env } });

  it('LANG=zh_CN.UTF-8: the help in Chinese (its first line), exit 0; LC_ALL=C beats it', () => {
    const zh = run(['diagnose', '--help'], { LANG: 'zh_CN.UTF-8' });
    expect([zh.status, zh.stdout.split('\n')[0], zh.stderr]).toEqual([0, '用法：pktdrop diagnose [options]', '']);
    const c = run(['diagnose', '--help'], { LANG: 'zh_CN.UTF-8', LC_ALL: 'C' });
    expect(c.stdout.split('\n')[0]).toBe('Usage: pktdrop diagnose [options]');
  });

  it('--lang zh: a usage error in Chinese on stderr, exit 2; an unknown --lang is exit 2', () => {
    const r = run(['diagnose', '--count', '0', '--lang', 'zh'], { LANG: 'C.UTF-8' });
    expect([r.status, r.stdout, r.stderr]).toEqual([2, '', 'pktdrop: --count 必须是 1 到 1000 之间的整数（收到的是 "0"）\n']);
    const f = run(['analyze', '--lang', 'fr'], { LANG: 'C.UTF-8' });
    expect([f.status, f.stderr]).toEqual([2, 'pktdrop: --lang must be en or zh (got "fr")\n']);
  });
});
