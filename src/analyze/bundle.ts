/**
 * Bundles: everything `pktdrop diagnose --save <file>` collected — the target, the raw output of every
 * command of both samples with timings, the probe's traffic and the capability report — in one JSON
 * file, so `pktdrop analyze <file>` can reproduce the report on another machine. Replaying a bundle
 * runs no process: a replay Runner answers each command from the bundle, the engine's own
 * collectSnapshot parses the answers with the layers' probes, and the engine's analyse judges them —
 * exactly the diagnose judgement.
 */
import { analyse, findingsOf, planFixes, type CommandTrace, type Snapshot } from '../core/judge.js';
import { collectSnapshot } from '../diagnose/collect.js';
import { arr, isRecord, num, parseJson, str } from '../core/json.js';
import type { ProbeTraffic } from '../core/layer.js';
import { parsed, unparsable, type CommandResult, type FailureKind, type ParseResult, type Scope } from '../core/types.js';
import { LAYERS } from '../layers/index.js';
import type { ProbeOutcome } from '../probe/types.js';
import type { Runner } from '../targets/runner.js';
import type { Access, ResolvedTarget, Runtime, TargetSpec } from '../core/target.js';
import type { AnalyzeReport } from './analyze.js';
import { createRedactor, learnTarget, type Redactor } from './redact.js';
import * as i18n from '../i18n/index.js';

export const BUNDLE_KIND = 'pktdrop-bundle';
export const BUNDLE_SCHEMA_VERSION = 1;

/** One command as it ran: the exact argv (with its nsenter/exec prefix), its outcome and raw output. */
export interface BundleCommand {
  readonly scope: Scope;
  readonly argv: readonly string[];
  readonly ok: boolean;
  readonly exitCode: number | null;
  readonly durationMs: number;
  readonly stdout: string;
  readonly stderr?: string;
  readonly failure?: { readonly kind: FailureKind; readonly hint: string };
}

export interface BundleSample {
  readonly label: 'before' | 'after';
  /** ISO 8601. The window is the time between the two samples. */
  readonly takenAt: string;
  readonly commands: readonly BundleCommand[];
}

/** The target as diagnose resolved it (enough to rebuild every probe's commands and scopes). */
export interface BundleTarget {
  readonly label: string;
  readonly spec: TargetSpec;
  readonly notes: readonly string[];
  readonly access: Access;
  readonly addresses: readonly string[];
  readonly listeningPorts: readonly number[];
  readonly interfaces: readonly string[];
  readonly hostSide?: readonly string[];
}

/** `pktdrop diagnose --save` output, schema version 1. */
export interface Bundle {
  readonly kind: typeof BUNDLE_KIND;
  readonly schemaVersion: typeof BUNDLE_SCHEMA_VERSION;
  readonly tool: { readonly name: string; readonly version: string };
  readonly createdAt: string;
  readonly target: BundleTarget;
  readonly capabilities?: unknown;
  readonly samples: readonly BundleSample[];
  /** The probe traffic of the window, so the checks subtract pktdrop's own packets as diagnose did. */
  readonly probe?: { readonly traffic: ProbeTraffic; readonly lossPct?: number; readonly command?: string };
  /** True when addresses, MACs and hostnames were replaced (`--redact`). */
  readonly redacted?: boolean;
}

export interface BuildBundleInput {
  readonly target: ResolvedTarget;
  /** Snapshots collected with `keepOutput: true` (CommandTrace.stdout filled). */
  readonly before: Snapshot;
  readonly after: Snapshot;
  readonly probe?: ProbeOutcome | null;
  readonly capabilities?: unknown;
  readonly version: string;
  readonly createdAt?: Date;
}

function failureKindOf(hint: string): FailureKind {
  if (/not found/i.test(hint)) return 'not-found';
  if (/permission denied|not permitted/i.test(hint)) return 'permission';
  if (/did not finish/i.test(hint)) return 'timeout';
  if (/interrupted|killed by/i.test(hint)) return 'signal';
  if (/could not be started/i.test(hint)) return 'spawn';
  return 'nonzero';
}

function sampleOf(label: 'before' | 'after', snap: Snapshot): BundleSample {
  const commands: BundleCommand[] = [];
  const seen = new Set<string>();
  for (const [key, reading] of snap.readings) {
    const scope: Scope = key.slice(key.lastIndexOf('@') + 1) === 'host' ? 'host' : 'target';
    for (const c of reading.commands satisfies readonly CommandTrace[]) {
      const id = `${scope}\u0000${c.argv.join('\u0000')}`;
      if (seen.has(id)) continue;
      seen.add(id);
      commands.push({
        scope,
        argv: [...c.argv],
        ok: c.ok,
        exitCode: c.exitCode,
        durationMs: c.durationMs,
        stdout: c.stdout ?? '',
        ...(c.failure !== undefined ? { failure: { kind: failureKindOf(c.failure), hint: c.failure } } : {}),
      });
    }
  }
  return { label, takenAt: new Date(snap.takenAt).toISOString(), commands };
}

/** The bundle of one diagnose measurement (its first window). Pure. */
export function buildBundle(input: BuildBundleInput): Bundle {
  const t = input.target;
  const p = input.probe;
  return {
    kind: BUNDLE_KIND,
    schemaVersion: BUNDLE_SCHEMA_VERSION,
    tool: { name: 'pktdrop', version: input.version },
    createdAt: (input.createdAt ?? new Date()).toISOString(),
    target: {
      label: t.label,
      spec: t.spec,
      notes: [...t.notes],
      access: t.access,
      addresses: [...t.addresses],
      listeningPorts: [...t.listeningPorts],
      interfaces: [...t.interfaces],
      ...(t.hostSide ? { hostSide: [...t.hostSide.interfaces] } : {}),
    },
    ...(input.capabilities !== undefined ? { capabilities: input.capabilities } : {}),
    samples: [sampleOf('before', input.before), sampleOf('after', input.after)],
    ...(p?.ok
      ? {
          probe: {
            traffic: { method: p.stats.method, sent: p.stats.sent, received: p.stats.received, synAckNoise: p.stats.synAckNoise, port: p.stats.port },
            lossPct: p.stats.lossPct,
            command: p.stats.command,
          },
        }
      : {}),
  };
}

function redactSpec(spec: TargetSpec, r: Redactor): TargetSpec {
  switch (spec.kind) {
    case 'host':
      return spec;
    case 'container':
      return { ...spec, ref: r.redact(spec.ref) };
    case 'netns':
      return { ...spec, name: r.redact(spec.name) };
  }
}

function redactAccess(a: Access, r: Redactor): Access {
  switch (a.via) {
    case 'exec':
      return { ...a, id: r.redact(a.id) };
    case 'netns':
      return { ...a, name: r.redact(a.name) };
    default:
      return a;
  }
}

/** The bundle with addresses, MACs and hostnames (container names and ids included) replaced. */
export function redactBundle(b: Bundle, r: Redactor = createRedactor()): Bundle {
  const spec = b.target.spec;
  learnTarget(r, b.target);
  for (const s of b.samples) for (const c of s.commands) r.learn(c.stdout);
  const cmd = (c: BundleCommand): BundleCommand => ({
    ...c,
    argv: c.argv.map((a) => r.redact(a)),
    stdout: r.redact(c.stdout),
    ...(c.stderr !== undefined ? { stderr: r.redact(c.stderr) } : {}),
    ...(c.failure ? { failure: { kind: c.failure.kind, hint: r.redact(c.failure.hint) } } : {}),
  });
  const { capabilities, probe, ...rest } = b;
  return {
    ...rest,
    target: {
      ...b.target,
      label: r.redact(b.target.label),
      spec: redactSpec(spec, r),
      notes: b.target.notes.map((n) => r.redact(n)),
      access: redactAccess(b.target.access, r),
      addresses: b.target.addresses.map((a) => r.redact(a)),
    },
    ...(capabilities !== undefined ? { capabilities: parseJson(r.redact(JSON.stringify(capabilities))) } : {}),
    samples: b.samples.map((s) => ({ ...s, commands: s.commands.map(cmd) })),
    ...(probe ? { probe: { ...probe, ...(probe.command !== undefined ? { command: r.redact(probe.command) } : {}) } } : {}),
    redacted: true,
  };
}

/** The bundle as the JSON text `diagnose --save` writes (redacted when asked). */
export function writeBundle(b: Bundle, opts: { redact?: boolean } = {}): string {
  return `${JSON.stringify(opts.redact ? redactBundle(b) : b, null, 2)}\n`;
}

// ---- reading -------------------------------------------------------------------------------------

const strings = (v: unknown): string[] | undefined => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? [...v] : undefined);
const numbers = (v: unknown): number[] | undefined => (Array.isArray(v) && v.every((x) => typeof x === 'number') ? [...v] : undefined);
const FAILURES: readonly FailureKind[] = ['not-found', 'permission', 'timeout', 'signal', 'nonzero', 'spawn'];
const isFailureKind = (v: unknown): v is FailureKind => typeof v === 'string' && FAILURES.some((k) => k === v);
const isRuntime = (v: unknown): v is Runtime => v === 'docker' || v === 'podman';

function specOf(v: unknown): TargetSpec | undefined {
  if (!isRecord(v)) return undefined;
  if (v['kind'] === 'host') return { kind: 'host' };
  const ref = str(v['ref']);
  if (v['kind'] === 'container' && ref !== undefined && isRuntime(v['runtime'])) return { kind: 'container', ref, runtime: v['runtime'] };
  const name = str(v['name']);
  if (v['kind'] === 'netns' && name !== undefined) return { kind: 'netns', name };
  return undefined;
}

function accessOf(v: unknown): Access | undefined {
  if (!isRecord(v)) return undefined;
  const pid = num(v['pid']);
  const id = str(v['id']);
  const name = str(v['name']);
  switch (v['via']) {
    case 'host':
      return { via: 'host' };
    case 'nsenter':
      return pid !== undefined ? { via: 'nsenter', pid } : undefined;
    case 'exec':
      return id !== undefined && isRuntime(v['runtime']) ? { via: 'exec', runtime: v['runtime'], id } : undefined;
    case 'netns':
      return name !== undefined ? { via: 'netns', name } : undefined;
    default:
      return undefined;
  }
}

function commandOfJson(v: unknown): BundleCommand | undefined {
  if (!isRecord(v)) return undefined;
  const argv = strings(v['argv']);
  const stdout = str(v['stdout']);
  const scope = v['scope'] === 'host' ? 'host' : v['scope'] === 'target' ? 'target' : undefined;
  const exitCode = v['exitCode'] === null ? null : num(v['exitCode']);
  if (!argv || stdout === undefined || !scope || exitCode === undefined || typeof v['ok'] !== 'boolean') return undefined;
  const f = v['failure'];
  const hint = isRecord(f) ? str(f['hint']) : undefined;
  const stderr = str(v['stderr']);
  return {
    scope,
    argv,
    ok: v['ok'],
    exitCode,
    durationMs: num(v['durationMs']) ?? 0,
    stdout,
    ...(stderr !== undefined ? { stderr } : {}),
    ...(isRecord(f) && isFailureKind(f['kind']) && hint !== undefined ? { failure: { kind: f['kind'], hint } } : {}),
  };
}

function trafficOf(v: unknown): ProbeTraffic | undefined {
  if (!isRecord(v)) return undefined;
  const method = v['method'];
  const sent = num(v['sent']);
  const received = num(v['received']);
  const synAckNoise = num(v['synAckNoise']);
  const port = num(v['port']);
  if ((method !== 'hping3' && method !== 'connect' && method !== 'none') || sent === undefined || received === undefined || synAckNoise === undefined) return undefined;
  return { method, sent, received, synAckNoise, ...(port !== undefined ? { port } : {}) };
}

/** True when `text` looks like a bundle (cheap check before a full read). */
export const looksLikeBundle = (text: string): boolean => /^\s*\{/.test(text) && text.includes(`"${BUNDLE_KIND}"`);

/** Read and validate a bundle. Never throws. */
export function readBundle(text: string): ParseResult<Bundle> {
  const j = parseJson(text);
  if (!isRecord(j)) return unparsable(i18n.t('analyze.bundle.not-json-object'));
  if (j['kind'] !== BUNDLE_KIND) return unparsable(i18n.t('analyze.bundle.not-bundle', { kind: BUNDLE_KIND }));
  if (j['schemaVersion'] !== BUNDLE_SCHEMA_VERSION) return unparsable(i18n.t('analyze.bundle.schema', { version: String(j['schemaVersion']), supported: BUNDLE_SCHEMA_VERSION }));
  const t = j['target'];
  if (!isRecord(t)) return unparsable(i18n.t('analyze.bundle.no-target'));
  const spec = specOf(t['spec']);
  const access = accessOf(t['access']) ?? (spec?.kind === 'host' ? { via: 'host' as const } : undefined);
  const label = str(t['label']);
  if (!spec || !access || label === undefined) return unparsable(i18n.t('analyze.bundle.target-incomplete'));
  const samples: BundleSample[] = [];
  for (const s of arr(j['samples'])) {
    if (!isRecord(s)) return unparsable(i18n.t('analyze.bundle.sample-not-object'));
    const sl = s['label'];
    const takenAt = str(s['takenAt']);
    if ((sl !== 'before' && sl !== 'after') || takenAt === undefined) return unparsable(i18n.t('analyze.bundle.sample-incomplete'));
    const commands: BundleCommand[] = [];
    for (const c of arr(s['commands'])) {
      const cmd = commandOfJson(c);
      if (!cmd) return unparsable(i18n.t('analyze.bundle.command-malformed', { sample: sl }));
      commands.push(cmd);
    }
    samples.push({ label: sl, takenAt, commands });
  }
  if (samples.length === 0) return unparsable(i18n.t('analyze.bundle.no-samples'));
  const tool = j['tool'];
  const probe = j['probe'];
  const traffic = isRecord(probe) ? trafficOf(probe['traffic']) : undefined;
  const hostSide = strings(t['hostSide']);
  const lossPct = isRecord(probe) ? num(probe['lossPct']) : undefined;
  const probeCommand = isRecord(probe) ? str(probe['command']) : undefined;
  return parsed({
    kind: BUNDLE_KIND,
    schemaVersion: BUNDLE_SCHEMA_VERSION,
    tool: { name: (isRecord(tool) ? str(tool['name']) : undefined) ?? 'pktdrop', version: (isRecord(tool) ? str(tool['version']) : undefined) ?? '?' },
    createdAt: str(j['createdAt']) ?? '',
    target: {
      label,
      spec,
      notes: strings(t['notes']) ?? [],
      access,
      addresses: strings(t['addresses']) ?? [],
      listeningPorts: numbers(t['listeningPorts']) ?? [],
      interfaces: strings(t['interfaces']) ?? [],
      ...(hostSide ? { hostSide } : {}),
    },
    ...(j['capabilities'] !== undefined ? { capabilities: j['capabilities'] } : {}),
    samples,
    ...(traffic ? { probe: { traffic, ...(lossPct !== undefined ? { lossPct } : {}), ...(probeCommand !== undefined ? { command: probeCommand } : {}) } } : {}),
    ...(j['redacted'] === true ? { redacted: true } : {}),
  });
}

// ---- replay --------------------------------------------------------------------------------------

/** The target a bundle was collected from, as the engine needs it. */
export function bundleTarget(b: Bundle): ResolvedTarget {
  const t = b.target;
  return {
    spec: t.spec,
    label: t.label,
    access: t.access,
    addresses: t.addresses,
    listeningPorts: t.listeningPorts,
    interfaces: t.interfaces,
    ...(t.hostSide ? { hostSide: { interfaces: t.hostSide } } : {}),
    notes: t.notes,
  };
}

/** A Runner that answers from one bundle sample and never starts a process. */
export class ReplayRunner implements Runner {
  private readonly byArgv = new Map<string, BundleCommand>();
  constructor(sample: BundleSample) {
    for (const c of sample.commands) this.byArgv.set(JSON.stringify(c.argv), c);
  }
  async run(command: { readonly argv: readonly string[] }): Promise<CommandResult> {
    const c = this.byArgv.get(JSON.stringify(command.argv));
    if (!c) {
      return {
        argv: command.argv, executed: false, exitCode: null, stdout: '', stderr: '', durationMs: 0, ok: false,
        failure: { kind: 'not-found', hint: i18n.t('analyze.bundle.not-collected', { command: command.argv.join(' ') }) },
      };
    }
    return {
      argv: command.argv,
      executed: c.failure?.kind !== 'not-found' && c.failure?.kind !== 'spawn',
      exitCode: c.exitCode,
      stdout: c.stdout,
      stderr: c.stderr ?? '',
      durationMs: c.durationMs,
      ok: c.ok,
      ...(c.failure ? { failure: c.failure } : {}),
    };
  }
}

const NO_TRAFFIC: ProbeTraffic = { method: 'none', sent: 0, received: 0, synAckNoise: 0 };

/** What the report says about a replayed bundle. */
export interface BundleSummary {
  readonly file: string;
  readonly target: string;
  readonly createdAt: string;
  readonly tool: string;
  readonly windowMs: number;
  readonly commands: number;
  readonly redacted: boolean;
}

/**
 * Replay a bundle through the layers' probes and checks: the same judgement diagnose made on the
 * machine it came from. Runs no process.
 */
export async function analyzeBundle(b: Bundle, file = 'bundle'): Promise<AnalyzeReport & { readonly bundle: BundleSummary }> {
  const target = bundleTarget(b);
  const before = b.samples.find((s) => s.label === 'before') ?? b.samples[0];
  const after = b.samples.find((s) => s.label === 'after') ?? before;
  if (!before || !after) throw new Error('bundle without samples (readBundle refuses those)');
  const snap = async (s: BundleSample): Promise<Snapshot> => ({ ...(await collectSnapshot(new ReplayRunner(s), target, LAYERS)), takenAt: Date.parse(s.takenAt) || 0 });
  const a = await snap(before);
  const z = await snap(after);
  const steps = analyse(target, LAYERS, a, z, b.probe?.traffic ?? NO_TRAFFIC);
  const findings = findingsOf(steps);
  return {
    inputs: [file],
    sections: [],
    unrecognised: [],
    steps,
    findings,
    proposals: planFixes(target, LAYERS, findings),
    exitCode: findings.some((f) => f.severity === 'error') ? 1 : 0,
    bundle: {
      file,
      target: b.target.label,
      createdAt: b.createdAt,
      tool: `${b.tool.name} ${b.tool.version}`,
      windowMs: Math.max(0, z.takenAt - a.takenAt),
      commands: b.samples.reduce((n, s) => n + s.commands.length, 0),
      redacted: b.redacted === true,
    },
  };
}
