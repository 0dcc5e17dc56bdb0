// Records every command a real `pktdrop diagnose` makes, with its real result, so the end-to-end
// tests can replay the run on the strict FakeRunner. Not a test: run by hand, as root, against the
// JavaScript built from src into a scratch directory:
//
//   npx tsc -p tsconfig.build.json --outDir /tmp/pdbuild
//   ln -sfn "$PWD/node_modules" /tmp/pdbuild/node_modules     # the build imports execa from there
//   PKTDROP_STATE_DIR=/tmp/pd-e2e-state node test/e2e/record/record-scenario.mjs /tmp/pdbuild <scenario> <out.json>
//
// The engine runs one process per command (no batch), so each read is recorded with its own result;
// the replays answer both ways from that (test/fakes/fake-runner.ts answers a batch command by command).
// Then update test/e2e/fixtures/recorded-here.source.txt and the e2e snapshot (npx vitest run test/e2e -u).
//
// scenario: seed-yes   lab "pdtest-e2e" with faults iptables-random-drop,qdisc-drop; diagnose --yes
//           healthy    lab "pdtest-e2e" with no faults; diagnose --yes (nothing to fix)
// The lab is created by pktdrop's own lab module and removed afterwards, even on failure.
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

const [build, scenario, out] = process.argv.slice(2);
if (!build || !scenario || !out) throw new Error('usage: record-scenario.mjs <build dir> <scenario> <out.json>');
const load = (p) => import(pathToFileURL(join(build, p)).href);
const { ProcessRunner } = await load('targets/runner.js');
const { labUp, labDown } = await load('lab/lab.js');
const { diagnose } = await load('diagnose/run.js');
const { yesPrompter } = await load('core/prompter.js');
const { LAYERS } = await load('layers/index.js');
const { runProbe } = await load('probe/probe.js');
const { MemoryJournal } = await load('remediation/journal.js');

const real = new ProcessRunner();
const calls = [];
const recording = {
  async run(command) {
    const r = await real.run(command);
    calls.push({
      argv: command.argv,
      mutates: command.mutates,
      result: { ok: r.ok, exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr, ...(r.failure ? { failure: r.failure } : {}) },
    });
    return r;
  },
};

const name = 'pdtest-e2e';
const faults = scenario === 'seed-yes' ? ['iptables-random-drop', 'qdisc-drop'] : [];
const up = await labUp(real, { name, engine: 'docker', faults });
if (!up.ok) throw new Error(`lab up failed: ${up.message} ${up.hint ?? ''}`);
try {
  const journal = new MemoryJournal();
  const result = await diagnose(
    { runner: recording, prompter: yesPrompter, journal, layers: LAYERS, runProbe: (s) => runProbe(recording, s), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) },
    {
      spec: { kind: 'container', ref: name, runtime: 'docker' },
      probeTarget: { kind: 'auto' },
      probe: { count: 20, intervalMs: 100, timeoutMs: 1000, method: 'auto' },
      idleWindowMs: 2000,
      isRoot: true,
    },
  );
  writeFileSync(
    out,
    `${JSON.stringify({ scenario, recordedAt: new Date().toISOString(), lab: up.info, faults, calls, outcome: result.ok ? { verdict: result.report.verdict, exitCode: result.report.exitCode } : result }, null, 1)}\n`,
  );
  console.log(`${calls.length} calls recorded; verdict ${result.ok ? result.report.verdict : result.message}`);
} finally {
  const down = await labDown(real, { name });
  console.log(down.ok ? `lab removed: ${down.removed.join(', ')}` : `lab down FAILED: ${down.message}`);
}
