/**
 * `pktdrop analyze` through the command line: the exit status is each report's own (an error finding,
 * nothing recognised, a layer read only in part), and the verdict line says why. Real pastes from
 * test/fixtures/pastes (sources beside them).
 */
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { main, type CliIo } from '../src/cli/main.js';

const paste = (name: string): string => fileURLToPath(new URL(`./fixtures/pastes/${name}`, import.meta.url));

async function cli(args: string[], input = '') {
  const out: string[] = [];
  const io: CliIo = { stdout: (s) => void out.push(s), stderr: () => {}, stdoutIsTty: false, stderrIsTty: false, stdinIsTty: false, env: { NO_COLOR: '1' }, isRoot: false };
  const code = await main(['node', 'pktdrop', ...args], io, { analyze: { readStdin: () => input } });
  return { code, out: out.join('') };
}

describe('analyze exit status through the CLI', () => {
  it('a layer read only in part: exit 1, and the verdict says partly read, not healthy', async () => {
    const r = await cli(['analyze', paste('netstat-s-prompt-inside-hiboma.txt')]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/Verdict.*tcp could be read only in part.*not healthy.*exit 1/);
    const j = await cli(['analyze', '--json', paste('netstat-s-prompt-inside-hiboma.txt')]);
    expect(j.code).toBe(1);
    expect((JSON.parse(j.out) as { verdict: { exitCode: number } }).verdict.exitCode).toBe(1);
  });

  it('nothing recognised: exit 1, never "no cause found"', async () => {
    const r = await cli(['analyze', '-'], 'Hello, my server drops packets, please help.\nThanks!\n');
    expect(r.code).toBe(1);
    expect(r.out).toContain('nothing recognised');
    expect(r.out).not.toContain('no cause of packet loss found');
  });

  it('the seed case pasted: causes found, exit 1', async () => {
    const r = await cli(['analyze', fileURLToPath(new URL('../examples/seed-case-paste.txt', import.meta.url))]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('netfilter.drop-rule');
  });
});
