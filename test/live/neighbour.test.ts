/**
 * Live: the noisy neighbour (test/live/noisy-neighbour.ts, the live project's globalSetup) is really
 * there and really noisy while the live tests run: its lab serves and its faults drop the traffic
 * sent to it, its nft table counts on the host, its tracing instance records kfree_skb. This is
 * what makes the other live tests prove they hold on a busy host. Under CI=true the globalSetup
 * already failed the run if the neighbour could not start; elsewhere this test is skipped with
 * the reason.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, inject, test } from 'vitest';
import { labStatus } from '../../src/lab/lab.js';
import { readCommand } from '../../src/targets/runner.js';
import { runner } from './lab-fixture.js';

const neighbour = inject('neighbour');
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('the noisy neighbour', () => {
  test('runs beside the suite: its lab is healthy, its drop counters and nft counter rise, its trace instance records', async (ctx) => {
    if (!neighbour.up) {
      if (process.env.CI === 'true') throw new Error(`no noisy neighbour under CI: ${neighbour.reason}`);
      console.warn(`SKIPPED: no noisy neighbour: ${neighbour.reason}`);
      ctx.skip(neighbour.reason);
      return;
    }
    const status = await labStatus(runner);
    const lab = status.ok ? status.labs.find((l) => l.name === neighbour.name) : undefined;
    expect(lab, 'the neighbour lab exists').toBeDefined();
    expect(lab?.problems).toEqual([]);
    const inNs = (argv: string[]): string[] =>
      lab?.netns ? ['ip', 'netns', 'exec', lab.netns.name, ...argv] : ['nsenter', '-t', String(lab?.container?.pid ?? 0), '-n', '--', ...argv];

    const read = async (): Promise<{ rules: number; tbf: number; nft: number }> => {
      const ipt = await runner.run(readCommand(inNs(['iptables', '-nvxL'])));
      const rules = ipt.stdout.split('\n').filter((l) => /\bDROP\b/.test(l) && /statistic/.test(l)).reduce((n, l) => n + Number(l.trim().split(/\s+/)[0] ?? 0), 0);
      const tc = await runner.run(readCommand(inNs(['tc', '-s', 'qdisc', 'show', 'dev', 'eth0'])));
      const nft = await runner.run(readCommand(['nft', 'list', 'chain', 'inet', neighbour.nftTable, 'output']));
      return {
        rules,
        tbf: Number(/dropped (\d+)/.exec(tc.stdout)?.[1] ?? NaN),
        nft: Number(/counter packets (\d+)/.exec(nft.stdout)?.[1] ?? NaN),
      };
    };
    const before = await read();
    await sleep(3000);
    const after = await read();
    console.info(`[noisy neighbour] in 3 s: random DROP +${after.rules - before.rules}, tbf dropped +${after.tbf - before.tbf}, nft counter +${after.nft - before.nft}`);
    expect(after.rules).toBeGreaterThan(before.rules);
    expect(after.tbf + after.rules).toBeGreaterThan(before.tbf + before.rules);
    expect(after.nft).toBeGreaterThan(before.nft);

    if (neighbour.traceInstance !== '') {
      const dir = `/sys/kernel/tracing/instances/${neighbour.traceInstance}`;
      expect((await readFile(`${dir}/events/skb/kfree_skb/enable`, 'utf8')).trim()).toBe('1');
    }
  });
});
