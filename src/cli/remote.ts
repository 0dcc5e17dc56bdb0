/**
 * `--host [user@]host[:port]` for diagnose and undo: validate the name before any process starts,
 * open an ssh session (the user's own OpenSSH, src/targets/ssh.ts), and hand back what the command
 * swaps in: the session as its runner and the journal kept on the host.
 */
import { join } from 'node:path';
import { RemoteJournal, REMOTE_STATE_DIR } from '../fleet/remote-journal.js';
import { describeSshFailure, parseSshDestination, SshSession, type SshDestination, type SshOptions } from '../targets/ssh.js';
import type { Runner } from '../targets/runner.js';

export interface RemoteFlags {
  host?: string;
  sshConfigFile?: string;
  acceptNewHostKeys?: boolean;
  connectTimeout?: number;
  become?: boolean;
}

/** The destination named by --host, undefined without it, or the usage error (checked before any process). */
export function remoteDestination(flags: RemoteFlags): SshDestination | undefined | string {
  return flags.host === undefined ? undefined : parseSshDestination(flags.host);
}

export const sshOptionsOf = (flags: RemoteFlags): SshOptions => ({
  ...(flags.sshConfigFile !== undefined ? { configFile: flags.sshConfigFile } : {}),
  ...(flags.acceptNewHostKeys ? { acceptNewHostKeys: true } : {}),
  ...(flags.connectTimeout !== undefined ? { connectTimeoutS: flags.connectTimeout } : {}),
  ...(flags.become ? { become: true } : {}),
});

export interface OpenRemote {
  readonly session: SshSession;
  readonly journal: RemoteJournal;
  /** The local lock directory for this host (one pktdrop at a time changes it from here). */
  readonly lockDir: string;
}

/** Open the session; the failure line (status, ssh's own words, what to do) when the host does not answer. */
export async function openRemote(dest: SshDestination, flags: RemoteFlags, local: Runner, stateDir: string): Promise<OpenRemote | string> {
  const session = new SshSession(dest, local, sshOptionsOf(flags));
  const failed = await session.open();
  if (failed) {
    await session.close();
    return `${dest.label}: ${describeSshFailure(failed)}`;
  }
  return { session, journal: new RemoteJournal(session, REMOTE_STATE_DIR, dest.label), lockDir: join(stateDir, 'remote', dest.host) };
}

/** ` --host web-03`, for the commands a report suggests. */
export const hostArgs = (flags: RemoteFlags): string => (flags.host !== undefined ? ` --host ${flags.host}` : '');
