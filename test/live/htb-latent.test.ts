/**
 * Live test of issue 12, item 4 (latent limiters from configuration), htb class rates: a netns lab of
 * this test (no fault injected by the lab) gets an htb on its eth0 whose default class 1:10 is rate
 * 8kbit ceil 8kbit, under a 100mbit class 1:1 (and a 50mbit class 1:20 that carries nothing). diagnose
 * reads the htb's classes as a follow-up (`tc -s class show dev eth0`) and warns on 1:10 with the
 * `tc class change` that lifts it; it never deletes anything for it. Then the advice is applied by
 * hand and a second run no longer names the class.
 *
 * Assertions are on this file's lab only (its namespace, its eth0, its classes); the probe goes to the
 * lab's address, checked with `ip route get` first; the lab (and the htb with its namespace) is removed
 * after, and withLab proves nothing of it is left.
 */
import { describe, expect, test } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPktdropJson } from './cli-fixture.js';
import { mutateCommand, readCommand } from '../../src/targets/runner.js';
import { inLabNamespace, labName, requireLabOrSkip, runner, targetArgs, withLab } from './lab-fixture.js';

interface JsonFinding {
  id: string;
  scope: string;
  severity: string;
  basis: string;
  subject: string;
  title: string;
  action: string;
}
interface JsonReport {
  findings: JsonFinding[];
  fixes: { finding: string; status: string }[];
  steps?: { layer?: string; notes?: string[] }[];
}

describe('an htb whose default class is 8kbit', () => {
  test('netns lab: qdisc.latent-limiter names class 1:10 and the tc class change; none once it is lifted', async (ctx) => {
    await requireLabOrSkip('netns', ctx);
    const state = await mkdtemp(join(tmpdir(), 'pktdrop-htb-'));
    try {
      await withLab({ name: labName('pdhtb'), engine: 'netns', faults: [] }, async (info) => {
        const inNs = (argv: string[]) => inLabNamespace(info, argv);
        const made = async (argv: string[]) => {
          const r = await runner.run(mutateCommand(inNs(argv)));
          expect(r.ok, `${argv.join(' ')}: ${r.stderr}`).toBe(true);
        };
        // The probe's way to the lab: through the lab's own veth, nowhere else.
        const route = await runner.run(readCommand(['ip', '-j', 'route', 'get', info.address]));
        expect(route.ok).toBe(true);
        expect((JSON.parse(route.stdout) as { dev?: string }[])[0]?.dev).toBe(info.netns?.hostVeth);

        await made(['tc', 'qdisc', 'add', 'dev', 'eth0', 'root', 'handle', '1:', 'htb', 'default', '10']);
        await made(['tc', 'class', 'add', 'dev', 'eth0', 'parent', '1:', 'classid', '1:1', 'htb', 'rate', '100mbit', 'ceil', '100mbit']);
        await made(['tc', 'class', 'add', 'dev', 'eth0', 'parent', '1:1', 'classid', '1:10', 'htb', 'rate', '8kbit', 'ceil', '8kbit']);
        await made(['tc', 'class', 'add', 'dev', 'eth0', 'parent', '1:1', 'classid', '1:20', 'htb', 'rate', '50mbit', 'ceil', '100mbit']);

        const first = await runPktdropJson<JsonReport>(['diagnose', ...targetArgs(info), '--json'], state);
        expect(first.report, `stdout is one JSON document; stderr: ${first.stderr}`).toBeDefined();
        const latent = first.report!.findings.filter((f) => f.id === 'qdisc.latent-limiter');
        expect(latent.map((f) => [f.scope, f.severity, f.basis, f.subject]), JSON.stringify(first.report!.findings.map((f) => [f.id, f.subject]))).toEqual([
          ['target', 'warning', 'state', 'class htb 1:10 dev eth0 parent 1:1'],
        ]);
        expect(latent[0]?.title).toBe('htb class 1:10 on eth0 is configured far below what the path carries (rate 8Kbit, ceil 8Kbit)');
        const change = 'tc class change dev eth0 parent 1:1 classid 1:10 htb rate 8kbit ceil 100mbit';
        expect(latent[0]?.action.startsWith(`${change} (`)).toBe(true);
        // A warning from state: no fix is planned for it; the htb and its classes are all still there.
        expect(first.report!.fixes.filter((x) => x.finding === 'qdisc.latent-limiter')).toEqual([]);
        const classes = await runner.run(readCommand(inNs(['tc', 'class', 'show', 'dev', 'eth0'])));
        expect(classes.stdout).toContain('class htb 1:10 parent 1:1 prio 0 rate 8Kbit ceil 8Kbit');

        // The advice, applied by hand, is a command tc takes; after it the class is no longer named.
        await made(change.split(' '));
        const lifted = await runner.run(readCommand(inNs(['tc', 'class', 'show', 'dev', 'eth0'])));
        expect(lifted.stdout).toMatch(/class htb 1:10 parent 1:1 prio 0 rate 8Kbit ceil 100Mbit/);
        const second = await runPktdropJson<JsonReport>(['diagnose', ...targetArgs(info), '--json'], state);
        expect(second.report, `stderr: ${second.stderr}`).toBeDefined();
        expect(second.report!.findings.filter((f) => f.id === 'qdisc.latent-limiter' && f.subject.includes('1:10'))).toEqual([]);

        // Not the lab's to keep: removed before the lab goes (its namespace would take it anyway).
        await made(['tc', 'qdisc', 'del', 'dev', 'eth0', 'root', 'handle', '1:']);
      });
    } finally {
      await rm(state, { recursive: true, force: true });
    }
  }, 180_000);
});
