/**
 * Collection: run every layer's commands in every scope of the target and parse them into a
 * snapshot. The only stage of a measurement that runs processes (through the injected runner).
 */
import type { AnyLayer, ProbeCommand, ScopeContext } from '../core/layer.js';
import type { CommandResult, Scope } from '../core/types.js';
import type { ResolvedTarget } from '../core/target.js';
import { activeScopes, readingKey, scopeContext, type CommandTrace, type Reading, type Snapshot } from '../core/judge.js';
import type { Runner } from '../targets/runner.js';
import { runReads } from '../targets/batch.js';
import { t } from '../i18n/index.js';

function trace(r: CommandResult, keep: boolean): CommandTrace {
  return {
    argv: r.argv,
    ok: r.ok,
    durationMs: r.durationMs,
    exitCode: r.exitCode,
    ...(r.failure ? { failure: r.failure.hint } : {}),
    ...(keep ? { stdout: r.stdout } : {}),
  };
}

export interface CollectOptions {
  /** Keep each command's stdout in the snapshot (for --save and bundles). */
  readonly keepOutput?: boolean;
  /** One process per scope per round ({@link runBatch}) instead of one per command. */
  readonly batch?: boolean;
}

/**
 * Run every layer's commands and parse them. The scopes are read concurrently; with `batch`, each
 * scope's commands of a round run in one process (a second round runs only the fallbacks of
 * commands that failed). Never throws.
 */
export async function collectSnapshot(runner: Runner, target: ResolvedTarget, layers: readonly AnyLayer[], opts: CollectOptions = {}): Promise<Snapshot> {
  interface Job {
    readonly layer: AnyLayer;
    readonly ctx: ScopeContext;
    readonly cmds: readonly ProbeCommand[];
    readonly byKey: Map<string, CommandResult>;
    readonly ran: CommandResult[];
  }
  const jobs = new Map<string, Job>();
  for (const layer of layers) {
    for (const scope of activeScopes(target, layer)) {
      const k = readingKey(layer.probe.id, scope);
      if (jobs.has(k)) continue;
      const ctx = scopeContext(target, scope);
      jobs.set(k, { layer, ctx, cmds: layer.probe.commands(ctx), byKey: new Map(), ran: [] });
    }
  }
  /** One round: the chosen commands of every job, grouped by scope, each scope's group run at once. */
  const round = async (pick: (job: Job) => readonly ProbeCommand[]): Promise<void> => {
    const byScope = new Map<Scope, { job: Job; cmd: ProbeCommand }[]>();
    for (const job of jobs.values()) {
      for (const cmd of pick(job)) {
        const list = byScope.get(job.ctx.scope) ?? [];
        list.push({ job, cmd });
        byScope.set(job.ctx.scope, list);
      }
    }
    await Promise.all([...byScope.entries()].map(async ([scope, list]) => {
      const results = await runReads(runner, target, scope, list.map((x) => x.cmd.argv), opts.batch === true);
      list.forEach(({ job, cmd }, i) => {
        const r = results[i] as CommandResult;
        job.byKey.set(cmd.key, r);
        job.ran.push(r);
      });
    }));
  };
  await round((job) => job.cmds.filter((c) => !c.onlyIfFailed));
  await round((job) => job.cmds.filter((c) => c.onlyIfFailed?.every((k) => job.byKey.get(k)?.ok === false)));
  await round((job) => {
    try {
      return job.layer.probe.followUp?.(job.byKey, job.ctx) ?? [];
    } catch {
      return [];
    }
  });
  const entries = [...jobs.entries()].map(([k, { layer, ctx, byKey, ran }]): [string, Reading] => {
    const commands = ran.map((r) => trace(r, opts.keepOutput === true));
    try {
      const p = layer.probe.parse(byKey, ctx);
      return [k, p.ok ? { ok: true, data: p.data, commands } : { ok: false, reason: p.reason, commands }];
    } catch (e) {
      return [k, { ok: false, reason: t('diagnose.layer-bug', { error: e instanceof Error ? e.message : String(e) }), commands }];
    }
  });
  return { takenAt: Date.now(), readings: new Map(entries) };
}

