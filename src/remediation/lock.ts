/**
 * One pktdrop at a time per target: a lock file per target under the state directory, created
 * exclusively, holding the owner's pid, start time and command. A lock whose owner is dead is stale
 * and taken over; a live one is waited for briefly, then refused with the holder's name.
 */
import { constants } from 'node:fs';
import { access, chmod, mkdir, open, readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isRecord, num, parseJson, str } from '../core/json.js';
import type { TargetSpec } from '../core/target.js';
import { targetKey } from './journal.js';
import { t } from '../i18n/index.js';

export interface LockHolder {
  readonly pid: number;
  readonly startedAt: string;
  readonly command: string;
}

export type LockOutcome =
  | { readonly ok: true; readonly release: () => Promise<void>; readonly tookOverStale?: LockHolder }
  | { readonly ok: false; readonly holder: LockHolder | undefined; readonly message: string }
  /** The state directory cannot be created or written (read-only file system, no permission): nothing was changed. */
  | { readonly ok: false; readonly holder?: undefined; readonly state: true; readonly message: string };

const codeOf = (e: unknown): string => (e instanceof Error && 'code' in e && typeof e.code === 'string' ? e.code : e instanceof Error ? e.message : String(e));

/**
 * Why `dir` cannot be created: `mkdir -p` under a read-only mount reports ENOENT or EACCES for the
 * missing part, so the nearest existing ancestor is asked whether it is writable (EROFS says so).
 */
async function underlyingError(dir: string, e: unknown): Promise<unknown> {
  const code = codeOf(e);
  if (code !== 'ENOENT' && code !== 'EACCES') return e;
  for (let d = dir; ; d = dirname(d)) {
    const exists = await access(d, constants.F_OK).then(() => true, () => false);
    if (exists) return access(d, constants.W_OK).then(() => e, (w: unknown) => w);
    if (dirname(d) === d) return e;
  }
}

/** The one line for a state directory pktdrop cannot write. */
export function stateDirMessage(dir: string, e: unknown): string {
  const code = codeOf(e);
  const what = code === 'EROFS'
    ? t('remediation.state.read-only')
    : code === 'EACCES' || code === 'EPERM'
      ? t('remediation.state.not-writable')
      : code === 'ENOTDIR'
        ? t('remediation.state.not-dir')
        : t('remediation.state.cannot-write', { code });
  return t('remediation.state.dir', { dir, what });
}

export interface LockOptions {
  /** The state directory (chosen by the CLI); locks go under `dir/locks/`. */
  readonly dir: string;
  /** How long to wait for a live holder before refusing. */
  readonly waitMs?: number;
  readonly pollMs?: number;
  readonly command?: string;
  readonly isAlive?: (pid: number) => boolean;
  readonly pid?: number;
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e instanceof Error && 'code' in e && e.code === 'EPERM';
  }
}

function readHolder(text: string): LockHolder | undefined {
  const d = parseJson(text);
  if (!isRecord(d)) return undefined;
  const pid = num(d['pid']);
  if (pid === undefined) return undefined;
  return { pid, startedAt: str(d['startedAt']) ?? '?', command: str(d['command']) ?? '?' };
}

export async function acquireTargetLock(target: TargetSpec, opts: LockOptions): Promise<LockOutcome> {
  const folder = join(opts.dir, 'locks');
  const path = join(folder, `${targetKey(target)}.lock`);
  const pid = opts.pid ?? process.pid;
  const isAlive = opts.isAlive ?? processAlive;
  const deadline = Date.now() + (opts.waitMs ?? 5000);
  const me: LockHolder = { pid, startedAt: new Date().toISOString(), command: opts.command ?? 'pktdrop' };
  try {
    await mkdir(folder, { recursive: true, mode: 0o700 });
    await chmod(folder, 0o700);
  } catch (e) {
    return { ok: false, state: true, message: stateDirMessage(opts.dir, await underlyingError(opts.dir, e)) };
  }
  let tookOverStale: LockHolder | undefined;
  for (;;) {
    try {
      const fh = await open(path, 'wx', 0o600);
      await fh.writeFile(`${JSON.stringify(me)}\n`);
      await fh.close();
      const release = async () => {
        const now = readHolder(await readFile(path, 'utf8').catch(() => ''));
        if (now?.pid === pid) await rm(path, { force: true });
      };
      return { ok: true, release, ...(tookOverStale ? { tookOverStale } : {}) };
    } catch (e) {
      if (!(e instanceof Error && 'code' in e && e.code === 'EEXIST')) return { ok: false, state: true, message: stateDirMessage(opts.dir, e) };
    }
    const holder = readHolder(await readFile(path, 'utf8').catch(() => ''));
    if (!holder || !isAlive(holder.pid)) {
      // The owner died (or the file is unreadable garbage): the lock is stale.
      tookOverStale = holder;
      await rm(path, { force: true });
      continue;
    }
    if (Date.now() >= deadline) {
      return {
        ok: false,
        holder,
        message: t('remediation.lock.held', { pid: String(holder.pid), command: holder.command, since: holder.startedAt }),
      };
    }
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 200));
  }
}
