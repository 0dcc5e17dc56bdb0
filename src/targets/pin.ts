/**
 * Pinning a target: once it is resolved, its network namespace is opened and the descriptor held for
 * the whole run, and its identity (boot id, container id, namespace inode, init pid and start time) is
 * recorded. Commands then enter the namespace through pktdrop's own descriptor (`nsenter
 * --net=/proc/<pktdrop's pid>/fd/N`), never through a PID or a name that could be taken over by
 * another process or another namespace between two steps.
 *
 * Holding the descriptor keeps the namespace object alive even when its container stops, so whether
 * the target is still there is a separate question: {@link PinnedTarget.lost} answers it from /proc and
 * /run/netns (no process is started), cheaply enough to ask before and after every command.
 */
import { open, readFile, stat, type FileHandle } from 'node:fs/promises';
import type { ResolvedTarget, TargetIdentity } from '../core/target.js';
import { t } from '../i18n/index.js';

/** A target held for the run. */
export interface PinnedTarget {
  /** The target with its access through the held descriptor and its identity. */
  readonly target: ResolvedTarget;
  /** Why the target is no longer the instance that was pinned, or undefined while it is. Never throws. */
  lost(): Promise<string | undefined>;
  /** Close the descriptor. */
  release(): Promise<void>;
}

export type PinOutcome = { readonly ok: true; readonly pinned: PinnedTarget } | { readonly ok: false; readonly message: string };

/** Pins resolved targets (the real one reads /proc; tests give their own). */
export interface Pinner {
  pin(target: ResolvedTarget): Promise<PinOutcome>;
}

/** Where the pinner looks: the real paths, or a test's. */
export interface ProcPaths {
  readonly proc: string;
  readonly netnsDir: string;
  /** This process's pid, whose `/proc/<pid>/fd/N` names a held descriptor. */
  readonly selfPid: number;
}

const errCode = (e: unknown): string | undefined => (e instanceof Error && 'code' in e && typeof e.code === 'string' ? e.code : undefined);

/** Field 22 of `/proc/PID/stat` (start time in clock ticks after boot); undefined when unreadable. */
export function parseStartTime(stat: string): number | undefined {
  // The command name (field 2) is in parentheses and may contain spaces or ')': split after the last ')'.
  const close = stat.lastIndexOf(')');
  if (close < 0) return undefined;
  const fields = stat.slice(close + 1).trim().split(/\s+/);
  // fields[0] is field 3 (state); field 22 is fields[19].
  const v = Number(fields[19]);
  return fields.length > 19 && Number.isSafeInteger(v) && v >= 0 ? v : undefined;
}

/** The boot id, new at every boot; undefined when unreadable. */
export async function readBootId(proc = '/proc'): Promise<string | undefined> {
  const text = await readFile(`${proc}/sys/kernel/random/boot_id`, 'utf8').catch(() => '');
  const id = text.trim();
  return /^[0-9a-f-]{8,64}$/i.test(id) ? id : undefined;
}

async function startTimeOf(proc: string, pid: number): Promise<number | 'gone' | undefined> {
  try {
    return parseStartTime(await readFile(`${proc}/${pid}/stat`, 'utf8'));
  } catch (e) {
    return errCode(e) === 'ENOENT' || errCode(e) === 'ESRCH' ? 'gone' : undefined;
  }
}

async function inodeOf(path: string): Promise<number | 'gone' | undefined> {
  try {
    return (await stat(path)).ino;
  } catch (e) {
    return errCode(e) === 'ENOENT' || errCode(e) === 'ESRCH' ? 'gone' : undefined;
  }
}

/** The name a person knows the target by: `container nginx`, `network namespace lab`. */
export function targetName(target: Pick<ResolvedTarget, 'spec'>): string {
  switch (target.spec.kind) {
    case 'host':
      return t('targets.name.host');
    case 'container':
      return t('targets.name.container', { ref: target.spec.ref });
    case 'netns':
      return t('targets.name.netns', { name: target.spec.name });
  }
}

/**
 * Why `now` is not the instance `then` recorded, in plain words; undefined when nothing recorded
 * differs. Fields either side does not know are not compared. Pure.
 */
export function identityMismatch(name: string, then: TargetIdentity, now: TargetIdentity): string | undefined {
  if (then.bootId !== undefined && now.bootId !== undefined && then.bootId !== now.bootId) {
    return t('targets.pin.rebooted', { then: then.bootId.slice(0, 8), now: now.bootId.slice(0, 8) });
  }
  if (then.containerId !== undefined && now.containerId !== undefined && then.containerId !== now.containerId) {
    return t('targets.pin.recreated-container', { name, then: then.containerId.slice(0, 12), now: now.containerId.slice(0, 12) });
  }
  if (then.netnsInode !== undefined && now.netnsInode !== undefined && then.netnsInode !== now.netnsInode) {
    return t('targets.pin.recreated-netns', { name, then: String(then.netnsInode), now: String(now.netnsInode) });
  }
  if (then.pid !== undefined && now.pid !== undefined && then.pidStart !== undefined && now.pidStart !== undefined &&
      (then.pid !== now.pid || then.pidStart !== now.pidStart)) {
    return t('targets.pin.restarted', { name, then: String(then.pid), now: String(now.pid) });
  }
  return undefined;
}

/** The real pinner: /proc and /run/netns of this host. */
export class ProcPinner implements Pinner {
  private readonly paths: ProcPaths;
  constructor(paths: Partial<ProcPaths> = {}) {
    this.paths = { proc: paths.proc ?? '/proc', netnsDir: paths.netnsDir ?? '/run/netns', selfPid: paths.selfPid ?? process.pid };
  }

  async pin(target: ResolvedTarget): Promise<PinOutcome> {
    const { proc, netnsDir, selfPid } = this.paths;
    const bootId = await readBootId(proc);
    const name = targetName(target);
    const a = target.access;
    if (a.via === 'host') {
      return { ok: true, pinned: { target: { ...target, identity: { ...target.identity, ...(bootId ? { bootId } : {}) } }, lost: async () => undefined, release: async () => {} } };
    }
    if (a.via === 'exec') {
      // Not root: nothing to hold; the container's init is still watched.
      const pid = target.identity?.pid;
      const pidStart = pid !== undefined ? await startTimeOf(proc, pid) : undefined;
      const identity: TargetIdentity = { ...target.identity, ...(bootId ? { bootId } : {}), ...(typeof pidStart === 'number' ? { pidStart } : {}) };
      return { ok: true, pinned: { target: { ...target, identity }, lost: () => this.lostProcess(name, identity), release: async () => {} } };
    }
    const path = a.via === 'nsenter' ? `${proc}/${a.pid}/ns/net` : `${netnsDir}/${a.name}`;
    let fh: FileHandle;
    try {
      fh = await open(path, 'r');
    } catch (e) {
      const code = errCode(e);
      if (code === 'ENOENT' || code === 'ESRCH') {
        return { ok: false, message: a.via === 'netns' ? t('targets.resolve.no-netns', { name: a.name }) : t('targets.pin.stopped-resolving', { name }) };
      }
      return { ok: false, message: t('targets.pin.open-failed', { path, name, code: code ?? String(e) }) };
    }
    const netnsInode = (await fh.stat()).ino;
    let identity: TargetIdentity = { ...target.identity, ...(bootId ? { bootId } : {}), netnsInode };
    if (a.via === 'nsenter') {
      const pidStart = await startTimeOf(proc, a.pid);
      if (pidStart === 'gone') {
        await fh.close();
        return { ok: false, message: t('targets.pin.stopped-resolving', { name }) };
      }
      identity = { ...identity, pid: a.pid, ...(pidStart !== undefined ? { pidStart } : {}) };
    }
    const pinned = `${proc}/${selfPid}/fd/${fh.fd}`;
    const access = { ...a, pinned };
    let closed = false;
    return {
      ok: true,
      pinned: {
        target: { ...target, access, identity },
        lost: () => (a.via === 'nsenter' ? this.lostProcess(name, identity) : this.lostNetns(name, `${netnsDir}/${a.name}`, netnsInode)),
        release: async () => {
          if (closed) return;
          closed = true;
          await fh.close().catch(() => undefined);
        },
      },
    };
  }

  /** A container: its init still runs (same pid, same start time) in the same network namespace. */
  private async lostProcess(name: string, identity: TargetIdentity): Promise<string | undefined> {
    const { pid, pidStart, netnsInode } = identity;
    if (pid === undefined) return undefined;
    const start = await startTimeOf(this.paths.proc, pid);
    if (start === 'gone') return t('targets.pin.init-gone', { name, pid: String(pid) });
    if (pidStart !== undefined && start !== undefined && start !== pidStart) return t('targets.pin.pid-reused', { name, pid: String(pid) });
    if (netnsInode !== undefined) {
      const ino = await inodeOf(`${this.paths.proc}/${pid}/ns/net`);
      if (ino === 'gone') return t('targets.pin.init-gone', { name, pid: String(pid) });
      if (ino !== undefined && ino !== netnsInode) return t('targets.pin.init-moved', { name, pid: String(pid) });
    }
    return undefined;
  }

  /** A named namespace: the name still points at the namespace that was pinned. */
  private async lostNetns(name: string, path: string, netnsInode: number): Promise<string | undefined> {
    const ino = await inodeOf(path);
    if (ino === 'gone') return t('targets.pin.netns-deleted', { name });
    if (ino !== undefined && ino !== netnsInode) return t('targets.pin.netns-recreated', { name });
    return undefined;
  }
}
