/**
 * An in-memory tracefs for tests. It models what pktdrop relies on: files with contents, directories,
 * and `mkdir instances/<name>` creating an instance populated from a template (as the kernel does).
 * It fails closed: a write to a file that does not exist, or a mkdir/rmdir outside `instances/`,
 * throws {@link UnexpectedTraceFsOpError}, so code under test can never wander unnoticed.
 */
import type { FsOutcome, TraceFs } from '../../src/trace/tracefs.js';

export class UnexpectedTraceFsOpError extends Error {
  constructor(op: string, p: string) {
    super(`memory tracefs: unexpected ${op} ${JSON.stringify(p)}`);
  }
}

export interface MemoryTraceFsOptions {
  /** Files of the top level: `events/skb/kfree_skb/format`, `tracing_on`, ... */
  readonly files: Readonly<Record<string, string>>;
  /** Files every new instance gets (relative to the instance), e.g. `tracing_on`, `trace`. */
  readonly instanceTemplate?: Readonly<Record<string, string>>;
  /** Existing instance names (other tracers, stale pktdrop ones). */
  readonly instances?: readonly string[];
  /** Operations that fail, keyed by `op path` (`mkdir instances/pktdrop-1-x`) or `op *` for all of an op. */
  readonly failures?: Readonly<Record<string, FsOutcome>>;
  /** Called after every successful write: a test can make the "kernel" react (fill `trace`). */
  readonly onWrite?: (fs: MemoryTraceFs, path: string, data: string) => void;
}

const parentOf = (p: string): string => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '');

export class MemoryTraceFs implements TraceFs {
  readonly root = '/memory/tracing';
  readonly files = new Map<string, string>();
  readonly dirs = new Set<string>(['', 'instances']);
  /** Every mutation, in order: `write path=data`, `mkdir path`, `rmdir path`. */
  readonly log: string[] = [];
  private readonly template: Readonly<Record<string, string>>;

  constructor(private readonly options: MemoryTraceFsOptions) {
    this.template = options.instanceTemplate ?? {};
    for (const [p, c] of Object.entries(options.files)) this.addFile(p, c);
    for (const name of options.instances ?? []) this.populateInstance(`instances/${name}`);
  }

  addFile(p: string, content: string): void {
    this.files.set(p, content);
    for (let d = parentOf(p); d !== ''; d = parentOf(d)) this.dirs.add(d);
  }

  private populateInstance(dir: string): void {
    this.dirs.add(dir);
    for (const [p, c] of Object.entries(this.template)) this.addFile(`${dir}/${p}`, c);
  }

  private failureFor(op: string, p: string): FsOutcome | undefined {
    return this.options.failures?.[`${op} ${p}`] ?? this.options.failures?.[`${op} *`];
  }

  async read(p: string): Promise<string | undefined> {
    return this.files.get(p);
  }

  async write(p: string, data: string): Promise<FsOutcome> {
    return this.writeSync(p, data);
  }

  writeSync(p: string, data: string): FsOutcome {
    const f = this.failureFor('write', p);
    if (f) return f;
    if (!this.files.has(p)) throw new UnexpectedTraceFsOpError('write', p);
    this.files.set(p, data.replace(/\n$/, ''));
    this.log.push(`write ${p}=${data}`);
    this.options.onWrite?.(this, p, data);
    return { ok: true };
  }

  async mkdir(p: string): Promise<FsOutcome> {
    if (parentOf(p) !== 'instances') throw new UnexpectedTraceFsOpError('mkdir', p);
    const f = this.failureFor('mkdir', p);
    if (f) return f;
    if (this.dirs.has(p)) return { ok: false, reason: `mkdir ${p}: exists`, code: 'EEXIST' };
    this.populateInstance(p);
    this.log.push(`mkdir ${p}`);
    return { ok: true };
  }

  async rmdir(p: string): Promise<FsOutcome> {
    return this.rmdirSync(p);
  }

  rmdirSync(p: string): FsOutcome {
    if (parentOf(p) !== 'instances') throw new UnexpectedTraceFsOpError('rmdir', p);
    const f = this.failureFor('rmdir', p);
    if (f) return f;
    if (!this.dirs.has(p)) return { ok: false, reason: `rmdir ${p}: no such file`, code: 'ENOENT' };
    for (const k of [...this.files.keys()]) if (k.startsWith(`${p}/`)) this.files.delete(k);
    for (const d of [...this.dirs]) if (d === p || d.startsWith(`${p}/`)) this.dirs.delete(d);
    this.log.push(`rmdir ${p}`);
    return { ok: true };
  }

  async exists(p: string): Promise<boolean> {
    return this.files.has(p) || this.dirs.has(p);
  }

  async list(p: string): Promise<string[] | undefined> {
    if (!this.dirs.has(p)) return undefined;
    const prefix = p === '' ? '' : `${p}/`;
    const names = new Set<string>();
    for (const k of [...this.files.keys(), ...this.dirs]) {
      if (k.startsWith(prefix) && k !== p) {
        const rest = k.slice(prefix.length);
        if (rest !== '') names.add(rest.split('/')[0] ?? rest);
      }
    }
    return [...names].sort();
  }
}
