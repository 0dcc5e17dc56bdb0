/**
 * The rollback timer on a remote host (a dead-man switch, the `netplan try` / `iptables-apply`
 * pattern moved to the host): a fix over ssh can cut the operator off (a rule or qdisc on the
 * interface that carries the session), and then the operator's own revert cannot reach the host.
 * So while changes of a `--confirm-timeout` run are in effect, a detached process on the host waits
 * S seconds and then runs their journaled inverses, newest first, by itself. Only a FRESH
 * confirmation cancels it: a new ssh connection (not the old master), made after the operator
 * confirmed, which proves the host is still reachable from the operator's side.
 *
 * The timer is a constant script started with `setsid -f` (its own session and process group, so
 * neither the ssh session's end nor the remote `timeout` stops it); the inverses travel as
 * positional arguments (a count, then the words, as in the batch script), never as code. It writes
 * its pid to `<state>/deadman/<run>.pid`; re-arming or cancelling kills that process group. When it
 * fires it leaves `<run>.fired`, which {@link RemoteJournal} reads as "rolled back by the host".
 */
import { mutateCommand, type Runner } from '../targets/runner.js';
import { t } from '../i18n/index.js';

/** argv[0] of the timer, as `ps` shows it on the host. */
export const DEAD_MAN_NAME = 'pktdrop-deadman';

/** The timer: `$1` pid file, `$2` seconds, then for each inverse command its word count and words. */
export const DEAD_MAN_SCRIPT = [
  'exec </dev/null >/dev/null 2>&1',
  'pf=$1; s=$2; shift 2',
  'echo $$ >"$pf.tmp" && mv -f "$pf.tmp" "$pf"',
  'sleep "$s"',
  'one() {',
  '  k=0',
  '  for a do',
  '    [ "$k" -lt "$n" ] && set -- "$@" "$a"',
  '    k=$((k+1))',
  '  done',
  '  shift "$k"',
  '  "$@"',
  '}',
  'while [ "$#" -gt 0 ]; do n=$1; shift; one "$@"; shift "$n"; done',
  'date -u +%Y-%m-%dT%H:%M:%SZ >"${pf%.pid}.fired"',
  'rm -f "$pf"',
].join('\n');

/** Stop the timer whose pid file is `$1` (its whole process group), if it runs. */
const CANCEL = 'if [ -f "$1" ]; then p=$(cat "$1"); case $p in ""|*[!0-9]*) ;; *) kill -TERM "-$p" 2>/dev/null ;; esac; rm -f "$1"; fi; exit 0';

/** Cancel the old timer, start a new one, and wait (up to 2 s) until it has written its pid. */
const ARM = [
  'umask 077; mkdir -p -- "$(dirname -- "$1")" || exit 1',
  'if [ -f "$1" ]; then p=$(cat "$1"); case $p in ""|*[!0-9]*) ;; *) kill -TERM "-$p" 2>/dev/null ;; esac; rm -f "$1"; fi',
  's=$1; shift',
  `setsid -f sh -c "$0" ${DEAD_MAN_NAME} "$s" "$@" || exit 1`,
  'i=0; while [ ! -s "$s" ] && [ "$i" -lt 20 ]; do sleep 0.1; i=$((i+1)); done',
  '[ -s "$s" ]',
].join('\n');

/** A rollback timer on one host, through its runner. */
export class DeadMan {
  constructor(private readonly runner: Runner, readonly pidFile: string) {}

  /** (Re)arm: after `seconds`, run `inverses` (already newest first). Throws when it cannot be armed. */
  async arm(seconds: number, inverses: readonly (readonly string[])[]): Promise<void> {
    if (!Number.isInteger(seconds) || seconds < 1) throw new Error(`DeadMan.arm: bad seconds ${seconds} (a bug)`);
    const words: string[] = [];
    for (const c of inverses) if (c.length > 0) words.push(String(c.length), ...c);
    // `sh -c ARM DEAD_MAN_SCRIPT pidfile seconds words…`: $0 is the timer's script, handed on as data.
    const r = await this.runner.run(mutateCommand(['sh', '-c', ARM, DEAD_MAN_SCRIPT, this.pidFile, String(seconds), ...words]));
    if (!r.ok) throw new Error(t('fleet.dead-man.arm-failed', { hint: r.failure?.hint ?? 'failed' }));
  }

  /** Stop the timer through `runner` (for a fresh confirmation, a new connection). True when done. */
  async cancel(runner: Runner = this.runner): Promise<boolean> {
    const r = await runner.run(mutateCommand(['sh', '-c', CANCEL, 'pktdrop-deadman-cancel', this.pidFile]));
    return r.ok;
  }
}
