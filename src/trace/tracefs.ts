/**
 * tracefs access. Reading and writing tracefs files is not a process, so it does not go through
 * the Runner; it goes through this small interface instead, so that every test can use the
 * in-memory fake ({@link MemoryTraceFs}) and never touch the host's tracing state.
 *
 * All paths are relative to the tracefs mount (`events/skb/kfree_skb/format`,
 * `instances/pktdrop-123-ab12/trace`). Nothing here throws: failures are values.
 */
import * as fsp from 'node:fs/promises';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { msg, t, type Param } from '../i18n/index.js';

export type FsOutcome = { readonly ok: true } | { readonly ok: false; readonly reason: string; readonly code?: string };

/** The operations pktdrop needs on tracefs. */
export interface TraceFs {
  /** The mount point, for messages (`/sys/kernel/tracing`). */
  readonly root: string;
  /** The whole file, or undefined when it does not exist or cannot be read. */
  read(path: string): Promise<string | undefined>;
  write(path: string, data: string): Promise<FsOutcome>;
  mkdir(path: string): Promise<FsOutcome>;
  rmdir(path: string): Promise<FsOutcome>;
  exists(path: string): Promise<boolean>;
  /** Entry names of a directory (needed to see other tracing instances), or undefined. */
  list(path: string): Promise<string[] | undefined>;
  /**
   * Synchronous variants used only on the way out of the process (SIGINT/SIGTERM/`exit`), when
   * an async cleanup could be cut short by `process.exit`. Optional: a fake may omit them.
   */
  writeSync?(path: string, data: string): FsOutcome;
  rmdirSync?(path: string): FsOutcome;
}

function errorCode(e: unknown): string | undefined {
  if (typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string') return e.code;
  return undefined;
}

function failure(op: string, p: string, e: unknown): FsOutcome {
  const code = errorCode(e);
  const why: Param =
    code === 'EACCES' || code === 'EPERM'
      ? msg('trace.fs.denied')
      : code === 'ENOENT'
        ? msg('trace.fs.no-file')
        : code === 'EBUSY'
          ? msg('trace.fs.busy')
          : code === 'EINVAL'
            ? msg('trace.fs.refused')
            : e instanceof Error
              ? e.message
              : String(e);
  const reason = t('trace.fs.failure', { op, path: p, why });
  return code === undefined ? { ok: false, reason } : { ok: false, reason, code };
}

/** The real tracefs, through node:fs. */
export class NodeTraceFs implements TraceFs {
  constructor(readonly root: string = '/sys/kernel/tracing') {}

  private abs(p: string): string {
    return path.join(this.root, p);
  }

  async read(p: string): Promise<string | undefined> {
    try {
      return await fsp.readFile(this.abs(p), 'utf8');
    } catch {
      return undefined;
    }
  }

  async write(p: string, data: string): Promise<FsOutcome> {
    try {
      // tracefs wants one write(2) per value; 'r+' never creates or truncates a file.
      const fh = await fsp.open(this.abs(p), 'r+');
      try {
        await fh.write(data);
      } finally {
        await fh.close();
      }
      return { ok: true };
    } catch (e) {
      return failure('write', p, e);
    }
  }

  async mkdir(p: string): Promise<FsOutcome> {
    try {
      await fsp.mkdir(this.abs(p));
      return { ok: true };
    } catch (e) {
      return failure('mkdir', p, e);
    }
  }

  async rmdir(p: string): Promise<FsOutcome> {
    try {
      await fsp.rmdir(this.abs(p));
      return { ok: true };
    } catch (e) {
      return failure('rmdir', p, e);
    }
  }

  async exists(p: string): Promise<boolean> {
    try {
      await fsp.access(this.abs(p));
      return true;
    } catch {
      return false;
    }
  }

  async list(p: string): Promise<string[] | undefined> {
    try {
      return await fsp.readdir(this.abs(p));
    } catch {
      return undefined;
    }
  }

  writeSync(p: string, data: string): FsOutcome {
    try {
      const fd = fs.openSync(this.abs(p), 'r+');
      try {
        fs.writeSync(fd, data);
      } finally {
        fs.closeSync(fd);
      }
      return { ok: true };
    } catch (e) {
      return failure('write', p, e);
    }
  }

  rmdirSync(p: string): FsOutcome {
    try {
      fs.rmdirSync(this.abs(p));
      return { ok: true };
    } catch (e) {
      return failure('rmdir', p, e);
    }
  }
}

/** Where tracefs is mounted: the modern path, or the debugfs one on older systems; undefined if neither. */
export async function locateTraceFs(
  candidates: readonly string[] = ['/sys/kernel/tracing', '/sys/kernel/debug/tracing'],
): Promise<NodeTraceFs | undefined> {
  for (const root of candidates) {
    const t = new NodeTraceFs(root);
    if (await t.exists('events')) return t;
  }
  return undefined;
}
