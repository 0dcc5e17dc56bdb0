/**
 * Scenarios for the strict {@link FakeRunner}: a real pktdrop run recorded on this machine (every
 * command's argv, exit code, stdout and stderr; see test/e2e/fixtures/recorded-here.source.txt),
 * replayed command by command. A command run several times (every reading is taken before and
 * after the window, and again to verify) gets its recorded answers in turn, each once. Anything the
 * recording does not hold, or one call more than it recorded, makes the fake runner throw, so a
 * replay can never reach a real process; an answer left unused fails the test.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FakeRunner, type FakeAnswer } from './fake-runner.js';
import type { CheckInput, Probe, ProbeTraffic, ScopeContext } from '../../src/core/layer.js';
import type { CommandResult, FixProposal, Scope } from '../../src/core/types.js';
import { scopeContext } from '../../src/core/judge.js';
import type { ResolvedTarget } from '../../src/core/target.js';

export interface RecordedResult {
  readonly ok: boolean;
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly failure?: { readonly kind: string; readonly hint: string };
}

export interface RecordedCall {
  readonly argv: readonly string[];
  readonly mutates: boolean;
  readonly result: RecordedResult;
}

export interface Recording {
  readonly scenario: string;
  /** The lab the run diagnosed: its name, address, container id and pid. */
  readonly lab: { readonly name: string; readonly address: string; readonly container: { readonly id: string; readonly pid: number } };
  readonly calls: readonly RecordedCall[];
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

function isResult(v: unknown): v is RecordedResult {
  return (
    isObj(v) &&
    typeof v['ok'] === 'boolean' &&
    (typeof v['exitCode'] === 'number' || v['exitCode'] === null) &&
    typeof v['stdout'] === 'string' &&
    typeof v['stderr'] === 'string' &&
    (v['failure'] === undefined || (isObj(v['failure']) && typeof v['failure']['kind'] === 'string' && typeof v['failure']['hint'] === 'string'))
  );
}

const isCall = (v: unknown): v is RecordedCall => isObj(v) && isStrings(v['argv']) && typeof v['mutates'] === 'boolean' && isResult(v['result']);

function isRecording(v: unknown): v is Recording {
  if (!isObj(v) || typeof v['scenario'] !== 'string' || !Array.isArray(v['calls']) || !v['calls'].every(isCall)) return false;
  const lab = v['lab'];
  if (!isObj(lab) || typeof lab['name'] !== 'string' || typeof lab['address'] !== 'string') return false;
  const c = lab['container'];
  return isObj(c) && typeof c['id'] === 'string' && typeof c['pid'] === 'number';
}

/** Load `test/e2e/fixtures/<name>.json`, written by test/e2e/record/record-scenario.mjs. */
export function loadRecording(name: string): Recording {
  const path = fileURLToPath(new URL(`../e2e/fixtures/${name}.json`, import.meta.url));
  const doc: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (!isRecording(doc)) throw new Error(`${path} is not a pktdrop recording`);
  return doc;
}

/** The fake runner's answer that reproduces a recorded result. */
export function answerOf(r: RecordedResult): FakeAnswer {
  if (r.failure?.kind === 'not-found') return { notFound: true, stderr: r.stderr };
  if (r.failure?.kind === 'timeout') return { timeout: true };
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.ok ? 0 : (r.exitCode ?? 1) };
}

/** Every distinct argv of the recording with its answers in the order they were recorded. */
export function answersByArgv(rec: Recording, opts: { mutations?: boolean } = {}): Map<string, { argv: readonly string[]; answers: FakeAnswer[] }> {
  const out = new Map<string, { argv: readonly string[]; answers: FakeAnswer[] }>();
  for (const c of rec.calls) {
    if (c.mutates && opts.mutations === false) continue;
    const k = JSON.stringify(c.argv);
    const slot = out.get(k) ?? { argv: c.argv, answers: [] };
    slot.answers.push(answerOf(c.result));
    out.set(k, slot);
  }
  return out;
}

/**
 * A strict fake runner that replays `rec`: every recorded answer is given once, in the recorded
 * order, and every one must be used (test/fakes/setup.ts checks after each test). With
 * `mutations: false` the recorded changes are not answerable: any attempt to change the system
 * throws (dry runs, healthy scenarios). A test whose run stops earlier than the recording, or skips
 * a change, replays a cut of it ({@link untilPhase}, {@link withoutChange}).
 */
export function replay(rec: Recording, opts: { mutations?: boolean } = {}): FakeRunner {
  const runner = new FakeRunner();
  for (const { argv, answers } of answersByArgv(rec, opts).values()) runner.on(argv, ...answers);
  return runner;
}

/**
 * The phases of a recorded `diagnose`, by where each starts: `window` at the first sample after
 * resolve, `apply` at the first command after the second sample that is not a sample's read (the
 * state read before a change, or the change), `verify` at the first sample read after that. A phase
 * that did not happen (a healthy run applies nothing) starts at the end.
 */
export function phasesOf(rec: Recording): Record<'window' | 'apply' | 'verify', number> {
  const keys = rec.calls.map((c) => JSON.stringify(c.argv));
  const isProbe = (i: number): boolean => rec.calls[i]?.argv[0] === 'hping3';
  const firstProbe = rec.calls.findIndex((_, i) => isProbe(i));
  if (firstProbe < 0) throw new Error(`recording ${rec.scenario} has no probe window`);
  // A sample's reads are those run both before and after the first probe.
  const after = new Set(keys.slice(firstProbe + 1));
  const sample = new Set(keys.slice(0, firstProbe).filter((k) => after.has(k)));
  const window = keys.findIndex((k) => sample.has(k));
  let apply = keys.findIndex((k, i) => i > firstProbe && !sample.has(k) && !isProbe(i));
  if (apply < 0) apply = keys.length;
  let verify = keys.findIndex((k, i) => i > apply && sample.has(k));
  if (verify < 0) verify = keys.length;
  return { window, apply, verify };
}

/**
 * The recording cut before a phase: `untilPhase(seed, 'apply')` is resolve and the first window
 * (both samples and the probe) of a run that changed nothing (quit, dry run, an interrupt).
 */
export function untilPhase(rec: Recording, phase: 'window' | 'apply' | 'verify'): Recording {
  return { ...rec, calls: rec.calls.slice(0, phasesOf(rec)[phase]) };
}

/**
 * The recording without one change: the mutation `argv` (as recorded, with its scope prefix) and
 * the state read recorded just before it, for a run where that fix was skipped. Each later read of
 * the same state then gets the earlier recorded answer (which still shows the object, as it would).
 */
export function withoutChange(rec: Recording, argv: readonly string[]): Recording {
  const key = (c: RecordedCall): string => JSON.stringify(c.argv);
  const k = JSON.stringify(argv);
  const i = rec.calls.findIndex((c) => c.mutates && key(c) === k);
  if (i < 0) throw new Error(`recording ${rec.scenario} has no change ${k}`);
  const drop = new Set([i]);
  const read = rec.calls[i - 1];
  if (read && !read.mutates) {
    // Answers go in recorded order: the read that goes unasked is the last of that state before verifying.
    const { verify } = phasesOf(rec);
    let last = i - 1;
    rec.calls.forEach((c, j) => {
      if (j > last && j < verify && key(c) === key(read)) last = j;
    });
    drop.add(last);
  }
  return { ...rec, calls: rec.calls.filter((_, j) => !drop.has(j)) };
}

/** The argv of a command run in the recorded container's network namespace. */
export const inContainer = (rec: Recording, argv: readonly string[]): string[] => ['nsenter', '-t', String(rec.lab.container.pid), '-n', '--', ...argv];

/** The recorded results of one argv, in order. */
export function recordedResults(rec: Recording, argv: readonly string[]): RecordedResult[] {
  const k = JSON.stringify(argv);
  return rec.calls.filter((c) => JSON.stringify(c.argv) === k).map((c) => c.result);
}

/** Read a fixture file under test/ (e.g. `fixtures/tc/netns-tbf-s-qdisc-show.txt`). */
export function fixture(relative: string): string {
  return readFileSync(fileURLToPath(new URL(`../${relative}`, import.meta.url)), 'utf8');
}

// ---- Helpers for the checks tier: real parsed readings in, whole finding lists out. ----


/** A successful command result with `stdout`. */
export function okResult(stdout: string, argv: readonly string[] = []): CommandResult {
  return { argv, executed: true, exitCode: 0, stdout, stderr: '', durationMs: 1, ok: true };
}

/** A command that could not be started because the program is missing. */
export function notFoundResult(argv: readonly string[] = []): CommandResult {
  return { argv, executed: false, exitCode: null, stdout: '', stderr: '', durationMs: 0, ok: false, failure: { kind: 'not-found', hint: `${argv[0] ?? 'program'} not found: install it or add it to PATH` } };
}

/** A command that ran and failed with `stderr`. */
export function failedResult(stderr: string, exitCode = 1, argv: readonly string[] = []): CommandResult {
  const first = stderr.split('\n')[0] ?? '';
  return { argv, executed: true, exitCode, stdout: '', stderr, durationMs: 1, ok: false, failure: { kind: 'nonzero', hint: `${argv[0] ?? 'program'} exited with ${exitCode}: ${first}` } };
}

export const HOST_TARGET: ResolvedTarget = {
  spec: { kind: 'host' },
  label: 'host',
  access: { via: 'host' },
  addresses: [],
  listeningPorts: [],
  interfaces: ['eth0', 'docker0'],
  notes: [],
};

/** A container reached with nsenter, its eth0 paired with the host's veth on docker0. */
export const CONTAINER_TARGET: ResolvedTarget = {
  spec: { kind: 'container', ref: 'nginx', runtime: 'docker' },
  label: 'container nginx (0123456789ab)',
  access: { via: 'nsenter', pid: 4242 },
  addresses: ['172.17.0.2'],
  listeningPorts: [80],
  interfaces: ['eth0'],
  hostSide: { interfaces: ['veth1234', 'docker0'] },
  notes: [],
};

export const NO_TRAFFIC: ProbeTraffic = { method: 'none', sent: 0, received: 0, synAckNoise: 0 };

/** Parse command outputs (by probe key) with a layer's own probe; throws when unparsable. */
export function readWith<T>(probe: Probe<T>, ctx: ScopeContext, results: Readonly<Record<string, CommandResult | string>>): T {
  const map = new Map(Object.entries(results).map(([k, v]) => [k, typeof v === 'string' ? okResult(v) : v]));
  const p = probe.parse(map, ctx);
  if (!p.ok) throw new Error(`probe ${probe.id} could not parse: ${p.reason}`);
  return p.data;
}

/** The input of a layer's check for `scope` of `target`. */
export function checkInputOf<T>(target: ResolvedTarget, scope: Scope, before: T, after: T, traffic: ProbeTraffic = NO_TRAFFIC): CheckInput<T> {
  return { scope, ctx: scopeContext(target, scope), before, after, window: 'measured', windowMs: 2000, traffic };
}

/** The scope context of a target (the host scope of a container sees only its host side). */
export const ctxOf = (target: ResolvedTarget, scope: Scope): ScopeContext => scopeContext(target, scope);

/** The parts of a fix proposal every planner fills in (other fields are free to grow). */
export function fixCore(fix: FixProposal | undefined): Pick<FixProposal, 'id' | 'findingId' | 'subject' | 'title' | 'risk' | 'scope' | 'commands' | 'inverse'> | undefined {
  if (!fix) return undefined;
  const { id, findingId, subject, title, risk, scope, commands, inverse } = fix;
  return { id, findingId, subject, title, risk, scope, commands, inverse };
}
