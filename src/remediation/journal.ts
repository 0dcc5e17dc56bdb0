/**
 * The change journal. Before any change runs, its exact inverse is written to disk, so a run that
 * is interrupted — even by SIGKILL — can be undone by the next one (`pktdrop undo`).
 * Journals live under `<state dir>/journal/<target>/`; the CLI chooses the state directory
 * (src/cli/context.ts: `$PKTDROP_STATE_DIR`, `/var/lib/pktdrop` for root, `$XDG_STATE_HOME/pktdrop`).
 */
import { chmod, mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { arr, field, isRecord, parseJson, str } from '../core/json.js';
import type { FixProposal, Presence, Scope } from '../core/types.js';
import type { TargetIdentity, TargetSpec } from '../core/target.js';

/**
 * `instance-gone`: the target the change was made in no longer exists (the container was re-created,
 * the namespace re-created, the host rebooted): the change went with it, and undo will not run its
 * inverse in another instance.
 */
export type EntryStatus = 'pending' | 'applied' | 'failed' | 'rolled-back' | 'undone' | 'undo-failed' | 'instance-gone';

export interface JournalEntry {
  readonly fixId: string;
  readonly title: string;
  readonly scope: Scope;
  readonly commands: readonly (readonly string[])[];
  readonly inverse: readonly (readonly string[])[];
  /** How to tell whether the changed object exists (see FixProposal.presence). */
  readonly presence?: Presence;
  /** The state the change touches, read just before it (`iptables-nft-save -t filter`, `tc qdisc show dev eth0`). */
  readonly stateBefore?: { readonly command: string; readonly output: string };
  status: EntryStatus;
  /** How many of `commands` completed; undo runs the inverse only of a started change. */
  completed: number;
  at: string;
  message?: string;
}

/** An entry whose change may still be in effect: applied, interrupted, or a failed undo. */
export const isOpen = (e: Pick<JournalEntry, 'status'>): boolean => e.status === 'applied' || e.status === 'pending' || e.status === 'undo-failed';

export interface JournalDoc {
  readonly version: 1;
  readonly runId: string;
  readonly target: TargetSpec;
  readonly targetKey: string;
  /** The instance changed (boot id, container id, namespace inode, init pid and start time); undo refuses any other. */
  readonly identity?: TargetIdentity;
  readonly startedAt: string;
  readonly entries: JournalEntry[];
}

/** A file-system-safe key per target: `host`, `container-nginx`, `netns-lab`. */
export function targetKey(spec: TargetSpec): string {
  switch (spec.kind) {
    case 'host':
      return 'host';
    case 'container':
      return `${spec.runtime === 'podman' ? 'podman' : 'container'}-${spec.ref}`;
    case 'netns':
      return `netns-${spec.name}`;
  }
}

/** A change as it is journaled before it runs: the fix, its exact inverse and the state it touches. */
export function pendingEntry(fix: FixProposal, stateBefore: { command: string; output: string } | undefined, at: string): JournalEntry {
  return {
    ...(stateBefore ? { stateBefore } : {}),
    fixId: fix.id,
    title: fix.title,
    scope: fix.scope,
    commands: fix.commands,
    inverse: fix.inverse,
    ...(fix.presence ? { presence: fix.presence } : {}),
    status: 'pending',
    completed: 0,
    at,
  };
}

export interface Journal {
  /** Begin a run's journal for this instance of the target; nothing is written until the first entry. */
  begin(target: TargetSpec, identity?: TargetIdentity): Promise<JournalRun>;
  /** The newest journal for the target with changes that were not undone, if any. */
  latest(target: TargetSpec, opts?: { all?: boolean }): Promise<JournalRunHandle[]>;
}

export interface JournalRun {
  readonly path: string;
  /** Record a change, its inverse and the state it touches, before it runs. */
  record(fix: FixProposal, stateBefore?: { command: string; output: string }): Promise<JournalEntry>;
  update(entry: JournalEntry): Promise<void>;
}

export interface JournalRunHandle {
  readonly path: string;
  readonly doc: JournalDoc;
  save(): Promise<void>;
}

function isScope(v: unknown): v is Scope {
  return v === 'target' || v === 'host';
}

const argvList = (v: unknown): string[][] =>
  arr(v).map((a) => arr(a).filter((x): x is string => typeof x === 'string'));

/** Read a journal file written by {@link FileJournal}; undefined when it is not one. */
export function readJournalDoc(text: string): JournalDoc | undefined {
  const d = parseJson(text);
  if (!isRecord(d) || d['version'] !== 1) return undefined;
  const target = d['target'];
  const kind = field(target, 'kind');
  let spec: TargetSpec | undefined;
  if (kind === 'host') spec = { kind: 'host' };
  else if (kind === 'container') {
    const ref = str(field(target, 'ref'));
    const runtime = field(target, 'runtime') === 'podman' ? 'podman' : 'docker';
    if (ref) spec = { kind: 'container', ref, runtime };
  } else if (kind === 'netns') {
    const name = str(field(target, 'name'));
    if (name) spec = { kind: 'netns', name };
  }
  if (!spec) return undefined;
  const identity = identityOf(d['identity']);
  const entries: JournalEntry[] = [];
  for (const e of arr(d['entries'])) {
    const fixId = str(field(e, 'fixId'));
    const scope = field(e, 'scope');
    const status = str(field(e, 'status'));
    if (!fixId || !isScope(scope) || !status) continue;
    const pArgv = arr(field(e, 'presence', 'argv')).filter((x): x is string => typeof x === 'string');
    const pMarker = str(field(e, 'presence', 'marker'));
    const pMatch = field(e, 'presence', 'match');
    const presence: Presence | undefined =
      pArgv.length > 0 && pMarker !== undefined && (pMatch === 'line' || pMatch === 'substring') ? { argv: pArgv, marker: pMarker, match: pMatch } : undefined;
    const sbCommand = str(field(e, 'stateBefore', 'command'));
    const sbOutput = str(field(e, 'stateBefore', 'output'));
    entries.push({
      ...(sbCommand !== undefined && sbOutput !== undefined ? { stateBefore: { command: sbCommand, output: sbOutput } } : {}),
      fixId,
      ...(presence ? { presence } : {}),
      title: str(field(e, 'title')) ?? fixId,
      scope,
      commands: argvList(field(e, 'commands')),
      inverse: argvList(field(e, 'inverse')),
      status: (['pending', 'applied', 'failed', 'rolled-back', 'undone', 'undo-failed', 'instance-gone'] as const).find((s) => s === status) ?? 'pending',
      completed: typeof field(e, 'completed') === 'number' ? Number(field(e, 'completed')) : 0,
      at: str(field(e, 'at')) ?? '',
      ...(str(field(e, 'message')) ? { message: str(field(e, 'message')) } : {}),
    });
  }
  return {
    version: 1,
    runId: str(d['runId']) ?? '',
    target: spec,
    targetKey: str(d['targetKey']) ?? targetKey(spec),
    ...(identity ? { identity } : {}),
    startedAt: str(d['startedAt']) ?? '',
    entries,
  };
}

function identityOf(v: unknown): TargetIdentity | undefined {
  if (!isRecord(v)) return undefined;
  const n = (k: string): number | undefined => {
    const x = v[k];
    return typeof x === 'number' && Number.isSafeInteger(x) && x >= 0 ? x : undefined;
  };
  const bootId = str(v['bootId']);
  const containerId = str(v['containerId']);
  const netnsInode = n('netnsInode');
  const pid = n('pid');
  const pidStart = n('pidStart');
  return {
    ...(bootId !== undefined ? { bootId } : {}),
    ...(containerId !== undefined ? { containerId } : {}),
    ...(netnsInode !== undefined ? { netnsInode } : {}),
    ...(pid !== undefined ? { pid } : {}),
    ...(pidStart !== undefined ? { pidStart } : {}),
  };
}

/** Write atomically: a crash never leaves a half-written journal. */
async function writeAtomic(path: string, doc: JournalDoc): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, `${JSON.stringify(doc, null, 2)}\n`, { mode: 0o600 });
  await rename(tmp, path);
}

export class FileJournal implements Journal {
  /** `dir`: the state directory; journals go under `dir/journal/`. */
  constructor(private readonly dir: string) {}

  async begin(target: TargetSpec, identity?: TargetIdentity): Promise<JournalRun> {
    const key = targetKey(target);
    const folder = join(this.dir, 'journal', key);
    const startedAt = new Date().toISOString();
    const runId = `${startedAt.replace(/[:.]/g, '-')}-${process.pid}`;
    const path = join(folder, `${runId}.json`);
    const doc: JournalDoc = { version: 1, runId, target, targetKey: key, ...(identity ? { identity } : {}), startedAt, entries: [] };
    let created = false;
    const save = async () => {
      if (!created) {
        // Root-only: the journal holds commands undo runs as root.
        await mkdir(folder, { recursive: true, mode: 0o700 });
        await chmod(join(this.dir, 'journal'), 0o700);
        await chmod(folder, 0o700);
        created = true;
      }
      await writeAtomic(path, doc);
    };
    return {
      path,
      async record(fix, stateBefore) {
        const entry = pendingEntry(fix, stateBefore, new Date().toISOString());
        doc.entries.push(entry);
        await save();
        return entry;
      },
      async update() {
        await save();
      },
    };
  }

  async latest(target: TargetSpec, opts: { all?: boolean } = {}): Promise<JournalRunHandle[]> {
    const folder = join(this.dir, 'journal', targetKey(target));
    let names: string[];
    try {
      names = (await readdir(folder)).filter((n) => n.endsWith('.json')).sort();
    } catch {
      return [];
    }
    const out: JournalRunHandle[] = [];
    for (const name of names.reverse()) {
      const path = join(folder, name);
      const doc = readJournalDoc(await readFile(path, 'utf8').catch(() => ''));
      if (!doc) continue;
      if (!doc.entries.some(isOpen)) continue;
      out.push({ path, doc, save: () => writeAtomic(path, doc) });
      if (!opts.all) break;
    }
    return out;
  }
}

/** A journal in memory, for tests and `--dry-run`. */
export class MemoryJournal implements Journal {
  readonly runs: JournalDoc[] = [];
  async begin(target: TargetSpec, identity?: TargetIdentity): Promise<JournalRun> {
    const doc: JournalDoc = { version: 1, runId: `mem-${this.runs.length}`, target, targetKey: targetKey(target), ...(identity ? { identity } : {}), startedAt: '', entries: [] };
    this.runs.push(doc);
    return {
      path: `memory:${doc.runId}`,
      async record(fix, stateBefore) {
        const entry = pendingEntry(fix, stateBefore, '');
        doc.entries.push(entry);
        return entry;
      },
      async update() {},
    };
  }
  async latest(target: TargetSpec, opts: { all?: boolean } = {}): Promise<JournalRunHandle[]> {
    const key = targetKey(target);
    const docs = this.runs.filter((d) => d.targetKey === key && d.entries.some(isOpen)).reverse();
    return (opts.all ? docs : docs.slice(0, 1)).map((doc) => ({ path: `memory:${doc.runId}`, doc, save: async () => {} }));
  }
}
