/**
 * The journal kept ON the remote host, through its runner (an ssh session): the same JSON document
 * and the same layout as {@link FileJournal} (`<state dir>/journal/<target>/<runId>.json`, root's
 * state dir `/var/lib/pktdrop` by default), so `pktdrop undo` run on the host itself finds it too.
 * Each write is atomic on the host (written to a temporary name, then renamed), by a constant script
 * whose paths are arguments and whose document is stdin.
 */
import type { TargetSpec } from '../core/target.js';
import { isOpen, pendingEntry, readJournalDoc, targetKey, type Journal, type JournalDoc, type JournalRun, type JournalRunHandle } from '../remediation/journal.js';
import { mutateCommand, readCommand, type Runner } from '../targets/runner.js';
import { t } from '../i18n/index.js';
import { DeadMan } from './dead-man.js';

/** The state directory pktdrop uses on a remote host (root's default, which `pktdrop undo` there reads). */
export const REMOTE_STATE_DIR = '/var/lib/pktdrop';

const WRITE = 'umask 077; mkdir -p -- "$1" && cat >"$2.tmp" && mv -f -- "$2.tmp" "$2"';
const LIST = 'for f in "$1"/*.json; do [ -f "$f" ] && printf "%s\\n" "$f"; done; exit 0';

/** With a rollback timer: how long the host waits, after the last change, before it reverts by itself. */
export interface DeadManOptions {
  readonly seconds: number;
}

export class RemoteJournal implements Journal {
  /** The rollback timer of the current run, once a change was recorded (with {@link DeadManOptions}). */
  deadMan: DeadMan | undefined;

  /** `dir`: the state directory on the host; `label`: the host's name, for the paths shown. */
  constructor(
    private readonly runner: Runner,
    private readonly dir: string,
    private readonly label: string,
    private readonly runTag: string = String(process.pid),
    private readonly deadManOptions?: DeadManOptions,
  ) {}

  /** Arm the timer with the inverses of every change that may be in effect, newest first; none: cancel it. */
  private lastDoc: JournalDoc | undefined;
  private seconds: number | undefined;

  /**
   * Re-arm the timer to fire `seconds` from now (at the confirmation prompt: the confirmation's own
   * timeout plus a little), with the same inverses. Nothing when no change is in effect.
   */
  async tighten(seconds: number): Promise<void> {
    this.seconds = seconds;
    if (this.lastDoc) await this.rearm(this.lastDoc);
  }

  private async rearm(doc: JournalDoc): Promise<void> {
    if (!this.deadManOptions) return;
    this.lastDoc = doc;
    this.deadMan ??= new DeadMan(this.runner, `${this.dir}/deadman/${doc.runId}.pid`);
    const open = doc.entries.filter((e) => e.status === 'applied' || e.status === 'pending');
    if (open.length === 0) {
      await this.deadMan.cancel();
      return;
    }
    const inverses = [...open].reverse().flatMap((e) => e.inverse);
    await this.deadMan.arm(this.seconds ?? this.deadManOptions.seconds, inverses);
  }

  private async write(folder: string, path: string, doc: JournalDoc): Promise<void> {
    const r = await this.runner.run({ ...mutateCommand(['sh', '-c', WRITE, 'pktdrop-journal', folder, path]), input: `${JSON.stringify(doc, null, 2)}\n` });
    if (!r.ok) throw new Error(t('fleet.journal.write-failed', { label: this.label, path, hint: r.failure?.hint ?? 'failed' }));
  }

  async begin(target: TargetSpec): Promise<JournalRun> {
    const key = targetKey(target);
    const folder = `${this.dir}/journal/${key}`;
    const startedAt = new Date().toISOString();
    const runId = `${startedAt.replace(/[:.]/g, '-')}-${this.runTag}`;
    const path = `${folder}/${runId}.json`;
    const doc: JournalDoc = { version: 1, runId, target, targetKey: key, startedAt, entries: [] };
    // The timer is (re)armed before each change runs (record) and after each outcome (update), so a
    // change that cuts the connection is already covered; one that failed or was reverted is dropped.
    const save = async () => {
      await this.write(folder, path, doc);
      await this.rearm(doc);
    };
    return {
      path: `${this.label}:${path}`,
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
    const folder = `${this.dir}/journal/${targetKey(target)}`;
    const list = await this.runner.run(readCommand(['sh', '-c', LIST, 'pktdrop-journal', folder]));
    if (!list.ok) return [];
    const paths = list.stdout.split('\n').filter((p) => p.endsWith('.json')).sort().reverse();
    const out: JournalRunHandle[] = [];
    for (const path of paths) {
      const r = await this.runner.run(readCommand(['cat', '--', path]));
      const doc = r.ok ? readJournalDoc(r.stdout) : undefined;
      if (doc) {
        // The host's rollback timer fired for this run: its changes were reverted there.
        const fired = await this.runner.run(readCommand(['cat', '--', `${this.dir}/deadman/${doc.runId}.fired`]));
        if (fired.ok) {
          for (const e of doc.entries) {
            if (e.status === 'applied' || e.status === 'pending') {
              e.status = 'rolled-back';
              e.message = t('fleet.rolled-back-by-timer', { at: fired.stdout.trim() });
            }
          }
        }
      }
      if (!doc || !doc.entries.some(isOpen)) continue;
      out.push({ path: `${this.label}:${path}`, doc, save: () => this.write(folder, path, doc) });
      if (!opts.all) break;
    }
    return out;
  }
}
