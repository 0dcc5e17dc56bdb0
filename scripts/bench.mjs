#!/usr/bin/env node
/**
 * `npm run bench` (issue 6): ratios measured side by side in one run, with the method printed.
 *
 *   (a) `pktdrop diagnose --container <lab> --no-probe --json` (shortest window, and the default window) against
 *       the seed's commands typed one by one (`docker exec` per command), on a healthy lab this script builds and
 *       removes; then where the time of one diagnose run goes (phases and every command, measured in process);
 *   (b) startup: `pktdrop --version` and `--help` against `node -e 0`;
 *   (c) parse+check time of the real parsers and checks on generated inputs at 1×, 10×, 100×.
 *
 * This is a measuring script outside src/, like hyperfine: it starts processes with node:child_process to time
 * them from outside (src/ never does; there every process goes through the Runner). It imports the built
 * dist/ (it runs after `npm run build`). Traffic: none (`--no-probe`). Everything it creates (one lab) is
 * removed at the end, also on error or Ctrl-C.
 *
 * Options: --reps N (default 7), --no-live (skip a), --lab NAME (default pdbench).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { availableParallelism, cpus, release } from 'node:os';
import { performance } from 'node:perf_hooks';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'pktdrop');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : dflt;
};
const REPS = Math.max(3, Number(opt('--reps', '7')) || 7);
const LIVE = !args.includes('--no-live');
const LAB = opt('--lab', 'pdbench');

const { prepareScaleCase, SCALE_SIZES, SCALE_UNITS, SCALE_COMMANDS, median } = await import('../dist/bench/scale.js');

const fmt = (ms) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
const out = (s = '') => process.stdout.write(`${s}\n`);

/** Run argv once, wall-clock timed from spawn to exit. */
function timed(argv, input) {
  const t0 = performance.now();
  const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, LC_ALL: 'C' }, ...(input ? { input } : {}) });
  const ms = performance.now() - t0;
  return { ms, status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', error: r.error };
}

/**
 * Interleaved repetitions: each round runs every variant once, in an order rotated each round, so drift
 * (caches, a busy neighbour) spreads over all of them. Returns the timings per variant.
 */
function interleave(variants, reps) {
  const times = variants.map(() => []);
  for (let r = 0; r < reps; r++) {
    for (let k = 0; k < variants.length; k++) {
      const i = (k + r) % variants.length;
      times[i].push(variants[i].run());
    }
  }
  return times;
}

out('pktdrop bench (issue 6)');
out(`machine: ${cpus()[0]?.model ?? 'cpu'} × ${availableParallelism()}, Linux ${release()}, node ${process.version}`);
out(`method: wall-clock per process (spawn to exit) or per call (performance.now); ${REPS} interleaved repetitions; medians`);
out();

// ---------------------------------------------------------------------------------------------------------------
// (b) startup
// ---------------------------------------------------------------------------------------------------------------
function startup() {
  out('(b) startup: pktdrop --version / --help against node -e 0');
  const variants = [
    { name: 'node -e 0', argv: [process.execPath, '-e', '0'] },
    { name: 'pktdrop --version', argv: [process.execPath, BIN, '--version'] },
    { name: 'pktdrop --help', argv: [process.execPath, BIN, '--help'] },
  ].map((v) => ({
    ...v,
    run: () => {
      const r = timed(v.argv);
      if (r.status !== 0) throw new Error(`${v.name} exited ${r.status}: ${r.stderr.trim()}`);
      return r.ms;
    },
  }));
  for (const v of variants) v.run(); // warm the page cache once
  const n = Math.max(REPS, 15);
  const times = interleave(variants, n);
  const base = median(times[0]);
  for (const [i, v] of variants.entries()) {
    const m = median(times[i]);
    out(`  ${pad(v.name, 20)} ${lpad(fmt(m), 7)} ms  ×${(m / base).toFixed(2)} of bare node   (N=${n})`);
  }
  out('  target (issue 6): ≤ 2× bare node');
  out();
}

// ---------------------------------------------------------------------------------------------------------------
// (c) parse + check at scale
// ---------------------------------------------------------------------------------------------------------------
function scale() {
  out('(c) parse + check on generated inputs (real parsers and checks; formats of recorded outputs, bench/large-inputs.ts)');
  out('    time = the layer probe\'s parse of both samples (before, after) + the layer\'s check of the pair');
  for (const c of ['iptables', 'link', 'qdisc', 'nft']) {
    const prepared = SCALE_SIZES[c].map((s) => prepareScaleCase(c, s));
    for (const p of prepared) p.run(); // warm-up (JIT), not counted
    const variants = prepared.map((p) => ({ run: () => p.run() }));
    const runs = interleave(variants, REPS);
    out(`  ${SCALE_COMMANDS[c]}`);
    const totals = [];
    for (const [i, p] of prepared.entries()) {
      const rs = runs[i];
      const parse = median(rs.map((r) => r.parseMs));
      const check = median(rs.map((r) => r.checkMs));
      const total = median(rs.map((r) => r.totalMs));
      totals.push(total);
      const found = rs[0].findings === p.expectedFindings ? `${rs[0].findings} findings` : `${rs[0].findings} findings (expected ${p.expectedFindings}!)`;
      out(`    ${lpad(p.size, 6)} ${pad(SCALE_UNITS[c], 10)} ${lpad((p.inputBytes / 1e6).toFixed(2), 6)} MB  parse ${lpad(fmt(parse), 6)} ms  check ${lpad(fmt(check), 6)} ms  total ${lpad(fmt(total), 6)} ms  ${found}`);
    }
    out(`    growth 10×/1×: ×${(totals[1] / totals[0]).toFixed(1)}   100×/10×: ×${(totals[2] / totals[1]).toFixed(1)}   (≈10 = linear; 100 = quadratic)`);
  }
  out('  target (issue 6): linear; 50,000 rules under 0.5 s');
  out();
}

// ---------------------------------------------------------------------------------------------------------------
// (a) diagnose against the manual walk, on a lab
// ---------------------------------------------------------------------------------------------------------------
function liveSkipReason() {
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return 'not root (the lab and diagnose need root)';
  const d = timed(['docker', 'info', '--format', '{{.ServerVersion}}']);
  if (d.error) return `docker not runnable: ${d.error.message}`;
  if (d.status !== 0) return `the Docker engine does not answer: ${d.stderr.trim().split('\n')[0]}`;
  return undefined;
}

function pktdrop(argv) {
  return timed([process.execPath, BIN, ...argv]);
}

function labDown() {
  const r = pktdrop(['lab', 'down', '--name', LAB]);
  return r.status === 0;
}

async function live() {
  out(`(a) diagnose --container ${LAB} --no-probe --json against the seed's commands run one by one`);
  const skip = liveSkipReason();
  if (skip) {
    out(`  skipped: ${skip}`);
    out();
    return;
  }
  // A lab of this name left by an interrupted bench is ours to remove.
  pktdrop(['lab', 'down', '--name', LAB]);
  let up = false;
  const cleanup = () => {
    if (up) {
      up = false;
      out(labDown() ? `  lab ${LAB} removed` : `  WARNING: could not remove lab ${LAB}: run pktdrop lab down --name ${LAB}`);
    }
  };
  const onSignal = (sig) => {
    cleanup();
    process.exit(sig === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const u = pktdrop(['lab', 'up', '--name', LAB, '--faults', 'none', '--json']);
    if (u.status !== 0) {
      out(`  skipped: lab up failed (exit ${u.status}): ${(u.stderr || u.stdout).trim().split('\n')[0]}`);
      out();
      return;
    }
    up = true;
    out(`  lab: pktdrop lab up --name ${LAB} --faults none (healthy nginx container; built in ${fmt(u.ms)} ms)`);

    // The issue's command: --no-probe with its default window (0 ms: two back-to-back samples).
    const diag = (extra) => () => {
      const r = pktdrop(['diagnose', '--container', LAB, '--no-probe', '--json', ...extra]);
      if (r.status !== 0) throw new Error(`diagnose exited ${r.status}: ${r.stderr.trim()}`);
      const doc = JSON.parse(r.stdout);
      if (doc.verdict?.status !== 'healthy') throw new Error(`diagnose of the healthy lab said ${JSON.stringify(doc.verdict)}`);
      return r.ms;
    };
    const manualCommands = [
      ['docker', 'exec', LAB, 'netstat', '-i'],
      ['docker', 'exec', LAB, 'tc', '-s', 'qdisc'],
      ['docker', 'exec', LAB, 'netstat', '-s'],
      ['sysctl', 'net.netfilter.nf_conntrack_max'],
      ['sysctl', 'net.netfilter.nf_conntrack_count'],
      ['docker', 'exec', LAB, 'iptables', '-nvL'],
    ];
    const perCommand = manualCommands.map(() => []);
    const manual = () => {
      let total = 0;
      for (const [i, argv] of manualCommands.entries()) {
        const r = timed(argv);
        if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr.trim()}`);
        perCommand[i].push(r.ms);
        total += r.ms;
      }
      return total;
    };
    const variants = [
      { name: 'pktdrop diagnose --no-probe --json', run: diag([]) },
      { name: '  the same, --no-trace', run: diag(['--no-trace']) },
      { name: 'manual: 6 commands one by one', run: manual },
    ];
    for (const v of variants) v.run(); // warm-up
    for (const p of perCommand) p.length = 0;
    const times = interleave(variants, REPS);
    const manualMs = median(times[2]);
    for (const [i, v] of variants.entries()) {
      const m = median(times[i]);
      out(`  ${pad(v.name, 38)} ${lpad(fmt(m), 7)} ms  ×${(m / manualMs).toFixed(2)} of manual  (N=${REPS}, min ${fmt(Math.min(...times[i]))}, max ${fmt(Math.max(...times[i]))})`);
    }
    out('  manual commands (median each):');
    for (const [i, argv] of manualCommands.entries()) out(`    ${pad(argv.join(' '), 44)} ${lpad(fmt(median(perCommand[i])), 7)} ms`);
    out('  target (issue 6): ≤ 0.5× the manual sequence');
    out();
    await breakdown(0);
  } finally {
    cleanup();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    out();
  }
}

/**
 * Where one diagnose run's time goes: the CLI's own wiring rebuilt in this process (same engine, layers, runner
 * and drop tracer from dist/), with a runner that records every command's start and end and the engine's phase
 * events timestamped. Plus what a fresh process spends before the engine starts (node + imports).
 */
async function breakdown(windowMs) {
  out(`  where the time of one diagnose --container ${LAB} --no-probe --window ${windowMs} goes (in process, N=${REPS}):`);
  const { diagnose } = await import('../dist/diagnose/run.js');
  const { LAYERS } = await import('../dist/layers/index.js');
  const { ProcessRunner } = await import('../dist/targets/runner.js');
  const { proposeOnlyPrompter } = await import('../dist/core/prompter.js');
  const { MemoryJournal } = await import('../dist/remediation/journal.js');
  const { makeDropTracer } = await import('../dist/trace/drop-tracer.js');
  const { decodeBatch } = await import('../dist/targets/batch.js');
  /** A process as a person reads it: a batch shows its scope and the commands it runs. */
  const show = (argv) => {
    const b = decodeBatch(argv);
    if (!b) return argv.join(' ');
    return `batch${b.prefix.length ? ` in ${b.prefix.join(' ')}` : ' on the host'}: ${b.commands.map((c) => c.join(' ')).join('; ')}`;
  };

  const runOnce = async (withTrace) => {
    const t0 = performance.now();
    const commands = [];
    const inner = new ProcessRunner();
    const runner = {
      async run(cmd) {
        const s = performance.now() - t0;
        const r = await inner.run(cmd);
        commands.push({ argv: cmd.argv, start: s, end: performance.now() - t0, ok: r.ok });
        return r;
      },
    };
    const marks = [];
    let sampleN = 0;
    const emit = (e) => {
      const at = performance.now() - t0;
      if (e.type === 'phase') marks.push({ what: e.phase === 'sample' ? `sample ${++sampleN}` : e.phase, start: at });
      if (e.type === 'phase-done') {
        const m = [...marks].reverse().find((x) => x.end === undefined);
        if (m) m.end = at;
      }
    };
    const deps = {
      runner,
      prompter: proposeOnlyPrompter('bench'),
      journal: new MemoryJournal(),
      layers: LAYERS,
      runProbe: async () => ({ ok: false, reason: 'no probe in the bench' }),
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      emit,
      ...(withTrace ? { dropTracer: makeDropTracer() } : {}),
      batch: true, // as the CLI runs it
    };
    const res = await diagnose(deps, {
      spec: { kind: 'container', ref: LAB, runtime: 'docker' },
      probeTarget: { kind: 'none' },
      probe: { count: 20, intervalMs: 100, timeoutMs: 1000, method: 'auto' },
      idleWindowMs: windowMs,
      isRoot: true,
    });
    if (!res.ok) throw new Error(`diagnose failed: ${res.message}`);
    return { total: performance.now() - t0, marks, commands };
  };

  await runOnce(true); // warm-up
  const runs = [];
  const runsNoTrace = [];
  for (let i = 0; i < REPS; i++) {
    runs.push(await runOnce(true));
    runsNoTrace.push(await runOnce(false));
  }
  const phaseNames = ['resolve', 'sample 1', 'window', 'sample 2'];
  const phaseMs = (r, name) => {
    const m = r.marks.find((x) => x.what === name);
    return m && m.end !== undefined ? m.end - m.start : 0;
  };
  const total = median(runs.map((r) => r.total));
  out(`    engine total (drop trace on)   ${lpad(fmt(total), 7)} ms`);
  for (const name of phaseNames) out(`      ${pad(name, 28)} ${lpad(fmt(median(runs.map((r) => phaseMs(r, name)))), 7)} ms`);
  const accounted = (r) => phaseNames.reduce((s, n) => s + phaseMs(r, n), 0);
  out(`      ${pad('trace start/stop, analyse', 28)} ${lpad(fmt(median(runs.map((r) => r.total - accounted(r)))), 7)} ms  (outside the phases above)`);
  out(`    engine total (--no-trace)      ${lpad(fmt(median(runsNoTrace.map((r) => r.total))), 7)} ms`);

  // Commands of the median run: how many, how long each, how much they overlap.
  const mid = [...runs].sort((a, b) => a.total - b.total)[runs.length >> 1];
  const procs = mid.commands.length;
  const busy = mid.commands.reduce((s, c) => s + (c.end - c.start), 0);
  out(`    processes started by one run: ${procs} (sum of their durations ${fmt(busy)} ms; run took ${fmt(mid.total)} ms)`);
  const resolveEnd = mid.marks.find((m) => m.what === 'resolve')?.end ?? 0;
  const resolveCmds = mid.commands.filter((c) => c.start < resolveEnd);
  out(`    resolve starts ${resolveCmds.length} processes:`);
  for (const c of resolveCmds) out(`      ${lpad(fmt(c.start), 7)} → ${lpad(fmt(c.end), 7)} ms  ${show(c.argv)}`);
  const s1 = mid.marks.find((m) => m.what === 'sample 1');
  if (s1) {
    const cmds = mid.commands.filter((c) => c.start >= s1.start && c.start < (s1.end ?? Infinity)).sort((a, b) => b.end - b.start - (a.end - a.start));
    out(`    sample 1 starts ${cmds.length} processes at once; the slowest:`);
    for (const c of cmds.slice(0, 6)) out(`      ${lpad(fmt(c.end - c.start), 7)} ms  ${show(c.argv)}${c.ok ? '' : '  (failed)'}`);
  }

  // What a fresh process spends before the engine starts.
  const imp = [];
  for (let i = 0; i < REPS; i++) {
    const r = timed([
      process.execPath,
      '--input-type=module',
      '-e',
      `const t=performance.now();await import(${JSON.stringify(join(ROOT, 'dist/bundle/main.js'))});const a=performance.now();await import(${JSON.stringify(join(ROOT, 'dist/bundle/diagnose-command.js'))});const b=performance.now();console.log(JSON.stringify({boot:t,main:a-t,diag:b-a}))`,
    ]);
    if (r.status === 0) imp.push(JSON.parse(r.stdout));
  }
  if (imp.length > 0) {
    out(`    a fresh process: node boot ${fmt(median(imp.map((x) => x.boot)))} ms, import main ${fmt(median(imp.map((x) => x.main)))} ms, import diagnose-command (engine, layers, execa, chalk, ora...) ${fmt(median(imp.map((x) => x.diag)))} ms`);
  }
}

try {
  if (LIVE) await live();
  else out('(a) skipped: --no-live\n');
  startup();
  scale();
} catch (e) {
  process.exitCode = 1;
  out(`bench failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
}
