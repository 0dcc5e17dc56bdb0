/**
 * `--redact` covers every output (issue 13): the target's own names (container name, full and short
 * id, namespace name) are hidden in titles, headers and analyze's own text, not only addresses and
 * MACs. The bundle's outputs are recorded ones (test/fixtures/proc, tc, iptables, each with its
 * .source.txt); the container name and id are made up for the test.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildBundle, writeBundle } from '../src/analyze/bundle.js';
import { createRedactor, learnTarget } from '../src/analyze/redact.js';
import { runAnalyze } from '../src/cli/analyze-command.js';
import type { CliIo } from '../src/cli/context.js';
import type { ResolvedTarget } from '../src/core/target.js';
import { collectSnapshot } from '../src/diagnose/collect.js';
import { LAYERS } from '../src/layers/index.js';

const fx = (p: string): string => readFileSync(new URL(`./fixtures/${p}`, import.meta.url), 'utf8');
const ID = '3f2a1b9c0d1e44556677889900aabbccddeeff00112233445566778899aabbcc';
const TARGET: ResolvedTarget = {
  spec: { kind: 'container', ref: 'payments-api', runtime: 'docker' },
  label: `container payments-api (${ID.slice(0, 12)})`,
  access: { via: 'exec', runtime: 'docker', id: ID },
  addresses: ['172.17.0.9'],
  listeningPorts: [80],
  interfaces: [],
  notes: [`commands run inside the container (docker exec ${ID.slice(0, 12)})`],
};

describe('--redact and the target\'s own names', () => {
  it('learnTarget hides the container name, its short and full id in a title and a header', () => {
    const r = createRedactor();
    learnTarget(r, TARGET);
    const out = r.redact(`# pktdrop: container payments-api (${ID.slice(0, 12)})\n## docker exec ${ID}\npayments-api listens on 172.17.0.9:80\n`);
    expect(out).not.toMatch(/payments-api|3f2a1b9c0d1e/);
    // The same name gets the same placeholder everywhere.
    const names = out.match(/host-\d+/g) ?? [];
    expect(names.length).toBeGreaterThanOrEqual(3);
  });

  it('analyze --redact of a bundle: neither its text nor its JSON names the container', async () => {
    // The collector reads through docker exec: recorded outputs for five reads; every other tool is absent in this image.
    const snap = async () => collectSnapshot({
      run: async (c) => {
        const known = ['cat /proc/net/dev', 'cat /proc/net/snmp', 'cat /proc/net/netstat', 'tc -s qdisc show', 'iptables-save -c'];
        const line = c.argv.slice(c.argv.indexOf(ID) + 1).join(' ');
        const file = { 'cat /proc/net/dev': 'proc/host-net-dev.txt', 'cat /proc/net/snmp': 'proc/host-net-snmp.txt', 'cat /proc/net/netstat': 'proc/host-net-netstat.txt', 'tc -s qdisc show': 'tc/host-s-qdisc-show.txt', 'iptables-save -c': 'iptables/netns-legacy-save-c.txt' }[line];
        return known.includes(line) && file
          ? { argv: c.argv, executed: true, exitCode: 0, stdout: fx(file), stderr: '', durationMs: 1, ok: true }
          : { argv: c.argv, executed: false, exitCode: null, stdout: '', stderr: '', durationMs: 0, ok: false, failure: { kind: 'not-found', hint: `${c.argv[3] ?? '?'} not found in the target` } };
      },
    }, TARGET, LAYERS, { keepOutput: true });
    const before = await snap();
    const after = await snap();
    const bundle = buildBundle({ target: TARGET, before: { ...before, takenAt: 1000 }, after: { ...after, takenAt: 3000 }, version: '0.1.0', createdAt: new Date(0) });
    const file = join(mkdtempSync(join(tmpdir(), 'pktdrop-redact-')), 'bundle.json');
    writeFileSync(file, writeBundle(bundle));
    expect(readFileSync(file, 'utf8')).toMatch(/payments-api/); // the bundle itself was not redacted
    for (const json of [false, true]) {
      let out = '';
      const io: CliIo = { stdout: (s) => void (out += s), stderr: () => {}, stdoutIsTty: false, stderrIsTty: false, stdinIsTty: false, env: {}, isRoot: false };
      await runAnalyze([file], { redact: true, color: false, ...(json ? { json: true } : {}) }, io);
      expect(out.length).toBeGreaterThan(0);
      expect(out).not.toMatch(/payments-api|3f2a1b9c0d1e|172\.17\.0\.9/);
    }
  });
});
