/**
 * `--host [user@]host[:port]` for diagnose and undo: validate the name before any process starts,
 * open an ssh session (the user's own OpenSSH, src/targets/ssh.ts), and hand back what the command
 * swaps in: the session as its runner and the journal kept on the host.
 */
import { join } from 'node:path';
import { RemoteJournal, REMOTE_STATE_DIR } from '../fleet/remote-journal.js';
import { describeSshFailure, parseSshDestination, SshSession, type SshDestination, type SshOptions } from '../targets/ssh.js';
import type { Runner } from '../targets/runner.js';
import type { Prompter } from '../core/prompter.js';
import { t } from '../i18n/index.js';

export interface RemoteFlags {
  host?: string;
  /** `operator` (default), `self` (the diagnosed host), or another `[user@]host[:port]`. */
  probeFrom?: string;
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

/**
 * With `--confirm-timeout`: the host's rollback timer (src/fleet/dead-man.ts) is armed for as long
 * as the changes need to be verified, plus this margin; at the prompt it is re-armed to the prompt's
 * own timeout plus {@link PROMPT_MARGIN_S}.
 */
export const VERIFY_MARGIN_S = 120;
export const PROMPT_MARGIN_S = 2;

export interface OpenRemote {
  readonly session: SshSession;
  readonly journal: RemoteJournal;
  /** The local lock directory for this host (one pktdrop at a time changes it from here). */
  readonly lockDir: string;
}

/** Open the session; the failure line (status, ssh's own words, what to do) when the host does not answer. */
export async function openRemote(dest: SshDestination, flags: RemoteFlags & { confirmTimeout?: number }, local: Runner, stateDir: string): Promise<OpenRemote | string> {
  const session = new SshSession(dest, local, sshOptionsOf(flags));
  const failed = await session.open();
  if (failed) {
    await session.close();
    return t('cli.remote.unreachable', { label: dest.label, reason: describeSshFailure(failed) });
  }
  const deadMan = flags.confirmTimeout !== undefined ? { seconds: flags.confirmTimeout + VERIFY_MARGIN_S } : undefined;
  return { session, journal: new RemoteJournal(session, REMOTE_STATE_DIR, dest.label, String(process.pid), deadMan), lockDir: join(stateDir, 'remote', dest.host) };
}

/**
 * The confirm-or-revert prompter over ssh: before asking, the host's timer is re-armed to the
 * prompt's timeout; a "keep" counts only when a FRESH ssh connection (its own control socket, not
 * the session's master) reaches the host and cancels the timer. Without it the answer is "revert",
 * and the host reverts by itself if the operator's revert cannot reach it either.
 */
export function remoteConfirmPrompter(inner: Prompter, remote: OpenRemote, dest: SshDestination, flags: RemoteFlags, local: Runner): Prompter {
  if (!inner.confirmKeep) return inner;
  const ask = inner.confirmKeep.bind(inner);
  return {
    ...inner,
    decideFix: inner.decideFix.bind(inner),
    async confirmKeep(ms) {
      await remote.journal.tighten(Math.ceil(ms / 1000) + PROMPT_MARGIN_S).catch(() => undefined);
      if (!(await ask(ms))) return false;
      const timer = remote.journal.deadMan;
      if (!timer) return true;
      const fresh = new SshSession(dest, local, sshOptionsOf(flags));
      try {
        if (await fresh.open()) return false;
        return await timer.cancel(fresh);
      } finally {
        await fresh.close();
      }
    },
  };
}

/** ` --host web-03`, for the commands a report suggests. */
export const hostArgs = (flags: RemoteFlags): string => (flags.host !== undefined ? ` --host ${flags.host}` : '');

/** Where probes go from: this side, the diagnosed host, or another host (checked before any process). */
export type ProbeFrom = { readonly kind: 'operator' } | { readonly kind: 'self' } | { readonly kind: 'host'; readonly dest: SshDestination };

export function probeFromOf(flags: RemoteFlags): ProbeFrom | string {
  const v = flags.probeFrom;
  if (v === undefined || v === 'operator') return { kind: 'operator' };
  if (flags.host === undefined) return t('cli.usage.probe-from-needs-host');
  if (v === 'self') return { kind: 'self' };
  const d = parseSshDestination(v);
  return typeof d === 'string' ? t('cli.usage.probe-from', { reason: d }) : { kind: 'host', dest: d };
}

/** The runner probes go through, and how to close it; the failure line when the probing host does not answer. */
export async function openProber(from: ProbeFrom, remote: OpenRemote | undefined, flags: RemoteFlags, local: Runner): Promise<{ runner: Runner; close: () => Promise<void> } | string> {
  if (from.kind === 'operator' || !remote) return { runner: local, close: async () => {} };
  if (from.kind === 'self') return { runner: remote.session, close: async () => {} };
  const s = new SshSession(from.dest, local, sshOptionsOf(flags));
  const failed = await s.open();
  if (failed) {
    await s.close();
    return t('cli.remote.probe-host-unreachable', { label: from.dest.label, reason: describeSshFailure(failed) });
  }
  return { runner: s, close: () => s.close() };
}
