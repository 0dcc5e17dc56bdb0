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
//           incomplete lab "pdtest-e2e" with no faults; diagnose --yes on a host without `tc`: for the
//                      diagnose only, PATH is a scratch directory of symlinks to every program of the PATH
//                      directories but `tc` (removed afterwards), so tc is really not found, on the host
//                      and through nsenter in the container
//           rounds     the masked seed case: lab "pdtest-e2e" with iptables-random-drop,qdisc-drop, and after
//                      `lab up` one more random DROP rule appended on each of INPUT and OUTPUT in the container's
//                      netns (`-m statistic --mode random --probability 0.60 -j DROP`, not recorded: the lab's
//                      set-up), so that so few SYN-ACKs reach the tbf in the first window that it drops none;
//                      diagnose --yes, kept only when the tbf was fixed in a later round (rounds > 1); otherwise
//                      the lab is removed and made afresh, at most ROUNDS_ATTEMPTS times (each attempt printed)
// The lab is created by pktdrop's own lab module and removed afterwards, even on failure.
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';

const [build, scenario, out] = process.argv.slice(2);
if (!build || !scenario || !out) throw new Error('usage: record-scenario.mjs <build dir> <scenario> <out.json>');
const load = (p) => import(pathToFileURL(join(build, p)).href);
const { ProcessRunner, mutateCommand } = await load('targets/runner.js');
const { labUp, labDown } = await load('lab/lab.js');
const { diagnose } = await load('diagnose/run.js');
const { yesPrompter } = await load('core/prompter.js');
const { LAYERS } = await load('layers/index.js');
const { runProbe } = await load('probe/probe.js');
const { MemoryJournal } = await load('remediation/journal.js');

const real = new ProcessRunner();
const name = 'pdtest-e2e';
const SCENARIOS = {
  'seed-yes': { faults: ['iptables-random-drop', 'qdisc-drop'], isRoot: true },
  healthy: { faults: [], isRoot: true },
  incomplete: { faults: [], isRoot: true, without: 'tc' },
  rounds: { faults: ['iptables-random-drop', 'qdisc-drop'], isRoot: true, extraDropProbability: '0.60', keep: (report) => report.rounds.length > 1 },
};
const ROUNDS_ATTEMPTS = 8;
const chosen = SCENARIOS[scenario];
if (!chosen) throw new Error(`unknown scenario ${scenario}: one of ${Object.keys(SCENARIOS).join(', ')}`);
const { faults } = chosen;

/** A scratch directory of symlinks to every program on PATH but `program` (the first of each name wins). */
function pathWithout(program) {
  const dir = mkdtempSync(join(tmpdir(), 'pktdrop-record-path-'));
  const seen = new Set([program]);
  for (const d of (process.env.PATH ?? '').split(':')) {
    if (!d || !existsSync(d)) continue;
    for (const f of readdirSync(d)) {
      if (seen.has(f)) continue;
      seen.add(f);
      symlinkSync(join(d, f), join(dir, f));
    }
  }
  return dir;
}

/** One lab, one recorded diagnose, the lab removed; the recording, or undefined when `keep` refused it. */
async function attempt(n) {
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
  const up = await labUp(real, { name, engine: 'docker', faults });
  if (!up.ok) throw new Error(`lab up failed: ${up.message} ${up.hint ?? ''}`);
  if (chosen.extraDropProbability) {
    for (const chain of ['INPUT', 'OUTPUT']) {
      const argv = ['nsenter', '-t', String(up.info.container.pid), '-n', '--', 'iptables', '-A', chain, '-m', 'statistic', '--mode', 'random', '--probability', chosen.extraDropProbability, '-j', 'DROP'];
      const r = await real.run(mutateCommand(argv));
      if (!r.ok) {
        await labDown(real, { name });
        throw new Error(`could not add the extra rule: ${r.stderr}`);
      }
    }
  }
  const path = process.env.PATH;
  const scratch = chosen.without ? pathWithout(chosen.without) : undefined;
  try {
    if (scratch) process.env.PATH = scratch;
    const journal = new MemoryJournal();
    const result = await diagnose(
      { runner: recording, prompter: yesPrompter, journal, layers: LAYERS, runProbe: (s) => runProbe(recording, s), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) },
      {
        spec: { kind: 'container', ref: name, runtime: 'docker' },
        probeTarget: { kind: 'auto' },
        probe: { count: 20, intervalMs: 100, timeoutMs: 1000, method: 'auto' },
        idleWindowMs: 2000,
        isRoot: chosen.isRoot,
      },
    );
    console.log(
      `attempt ${n}: ${calls.length} calls; ${result.ok ? `verdict ${result.report.verdict}, rounds ${result.report.rounds.length}` : result.message}`,
    );
    if (chosen.keep && !(result.ok && chosen.keep(result.report))) return undefined;
    return { up, calls, result };
  } finally {
    process.env.PATH = path;
    if (scratch) rmSync(scratch, { recursive: true, force: true });
    const down = await labDown(real, { name });
    console.log(down.ok ? `lab removed: ${down.removed.join(', ')}` : `lab down FAILED: ${down.message}`);
  }
}

let kept;
for (let n = 1; n <= (chosen.keep ? ROUNDS_ATTEMPTS : 1) && !kept; n++) kept = await attempt(n);
if (!kept) throw new Error(`no attempt of ${scenario} was kept`);
const { up, calls, result } = kept;
writeFileSync(
  out,
  `${JSON.stringify({ scenario, recordedAt: new Date().toISOString(), lab: up.info, faults, calls, outcome: result.ok ? { verdict: result.report.verdict, exitCode: result.report.exitCode, ...(scenario === 'rounds' ? { rounds: result.report.rounds.length } : {}) } : result }, null, 1)}\n`,
);
console.log(`${calls.length} calls recorded; verdict ${result.ok ? result.report.verdict : result.message}`);
