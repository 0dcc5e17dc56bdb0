/**
 * The interactive wizard as a person meets it (issue 16): the real CLI (bin/pktdrop, dist/ built) runs
 * in a pseudo-terminal of 100×30 (test/live/pty-drive.py, which also keeps a small terminal emulator's
 * screen) against a fresh seed lab of its own (two random DROP rules and a tiny tbf in a Docker
 * container), and each test answers the questions as a person would, with the keys a person types:
 * - at the first question the summary and the list of every proposed fix are on the 30 rows, safest first, and the first
 *   question is a `safe` fix and shows its command and what undo would run;
 * - apply: the first fix is applied (the lab's state shows it), verified by a fresh window; the rest skipped;
 * - skip: every fix skipped, the lab's rules and qdisc byte-identical after the run;
 * - apply all: one question, every fix applied, verdict fixed, exit 0;
 * - quit at the first question: says how many fixes were not applied, the report marks the fixes never
 *   asked `not asked`, nothing changed;
 * - Ctrl-C at the second question (after the first was applied): exit 130, the undo command printed, and
 *   the lab's rules and qdisc byte-identical to what they were when that question was on the screen;
 * - --yes --confirm-timeout: the confirm-or-revert line counts down in place (one line on the screen); without
 *   Enter every fix is rolled back and the lab is byte-identical to before the run; with Enter, "Kept.";
 * - LANG=zh_CN.UTF-8: the screen speaks Chinese; `--json` of the same lab has the same keys and the
 *   same causes (finding ids) as the English run.
 * Traffic goes only to the lab's own address, after `ip route get` shows it behind the lab's bridge;
 * every lab is removed (withLab checks that nothing of it is left).
 */
import { describe, expect, test } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCommand } from '../../src/targets/runner.js';
import { inLabNamespace, labName, requireLabOrSkip, runner, withLab, type LabInfo } from './lab-fixture.js';

const BIN = new URL('../../bin/pktdrop', import.meta.url).pathname;
const DRIVER = new URL('./pty-drive.py', import.meta.url).pathname;
const DIST = new URL('../../dist/bundle/main.js', import.meta.url).pathname;
const COLS = 100;
const ROWS = 30;
const SEED: LabInfo['faults'] = ['iptables-random-drop', 'qdisc-drop'];

const ENTER = '\r';
const DOWN = '\x1b[B';
const CTRL_C = '\x03';
/** The choices, in the order the contract gives them: apply, skip, apply all remaining, quit. */
const KEYS = { apply: ENTER, skip: DOWN + ENTER, applyAll: DOWN + DOWN + ENTER, quit: DOWN + DOWN + DOWN + ENTER } as const;
/** A question is on the screen: the select's pointer on its first choice (the English word in every language). */
const QUESTION = '❯ apply';
/** The select's line once answered: `✔ <question> <choice>` (the choice's English word first in every language). */
const ANSWERED = '✔ [^\\n]*\\s(?:apply|skip|quit)';

interface Step {
  readonly wait: string;
  readonly keys: string;
  readonly run?: readonly (readonly string[])[];
  readonly answered?: string;
  readonly repeat?: boolean;
}
/** Answer a question with one of the choices, then wait for the select to show it was taken. */
const answer = (choice: keyof typeof KEYS, extra: Partial<Step> = {}): Step => ({ wait: QUESTION, keys: KEYS[choice], answered: ANSWERED, ...extra });
interface Shot {
  readonly step: number;
  readonly matched: boolean;
  readonly screen: string[];
  readonly scrolled: number;
  readonly ran: string[];
}
interface Drive {
  readonly exit: number;
  readonly steps: Shot[];
  readonly screen: string[];
  readonly scrollback: string[];
  readonly text: string;
}

/** The lab's iptables rules (counters taken out) and qdiscs (no statistics), as text: what a fix changes. */
const STATE_READS = (info: LabInfo): string[][] => [inLabNamespace(info, ['iptables-save']), inLabNamespace(info, ['tc', 'qdisc', 'show'])];
const normalise = (iptablesSave: string, qdiscs: string): string =>
  `${iptablesSave
    .split('\n')
    .filter((l) => !l.startsWith('#'))
    .map((l) => l.replace(/\[\d+:\d+\]/g, ''))
    .join('\n')}\n--- qdiscs\n${qdiscs}`;

async function labState(info: LabInfo): Promise<string> {
  const [rules, qdiscs] = await Promise.all(STATE_READS(info).map((a) => runner.run(readCommand(a))));
  expect(rules?.ok && qdiscs?.ok, 'the lab state is readable').toBe(true);
  return normalise(rules?.stdout ?? '', qdiscs?.stdout ?? '');
}

/** Refuse to send anything unless the kernel routes the lab's address to a local bridge, not the uplink. */
async function checkRoute(info: LabInfo): Promise<void> {
  const json = async (argv: string[]) => JSON.parse((await runner.run(readCommand(argv))).stdout || '[]') as { dev?: string; gateway?: string }[];
  const [route] = await json(['ip', '-j', 'route', 'get', info.address]);
  const uplinks = (await json(['ip', '-j', 'route', 'show', 'default'])).map((r) => r.dev);
  expect(route?.dev, `ip route get ${info.address}`).toBeDefined();
  expect(uplinks, `ip route get ${info.address} goes via ${route?.dev}, an uplink: no traffic sent`).not.toContain(route?.dev);
  expect(route?.gateway, `ip route get ${info.address} goes through a gateway: no traffic sent`).toBeUndefined();
}

/** `pktdrop diagnose --container <lab> ...args` in a 100×30 pty, answered by `steps`. */
async function drive(info: LabInfo, state: string, steps: readonly Step[], opts: { lang?: string; args?: string[] } = {}): Promise<Drive> {
  await checkRoute(info);
  const argv = [
    'env', '-u', 'LC_ALL', '-u', 'LC_MESSAGES', '-u', 'LANGUAGE', '-u', 'NO_COLOR', '-u', 'CI',
    `LANG=${opts.lang ?? 'C.UTF-8'}`, `PKTDROP_STATE_DIR=${state}`,
    process.execPath, BIN, 'diagnose', '--container', info.name, ...(opts.args ?? []),
  ];
  const spec = { cols: COLS, rows: ROWS, timeout: 150, argv, steps };
  const r = await runner.run(readCommand(['python3', DRIVER, '--script', JSON.stringify(spec)], 200_000));
  expect(r.ok, `pty-drive ran: ${r.stderr}`).toBe(true);
  return JSON.parse(r.stdout) as Drive;
}

const lines = (screen: readonly string[]): string[] => screen.map((l) => l.trim());
const show = (d: Drive, screen: readonly string[] = d.screen): string => `exit ${d.exit}; screen:\n${screen.join('\n')}\n--- text tail:\n${d.text.slice(-4000)}`;

/** The question on a screen: `Fix i of n · risk · id: title` (also `Fix i/n`). */
function questionOf(screen: readonly string[]): { i: number; n: number; risk: string; id: string; title: string } | undefined {
  for (const l of lines(screen)) {
    const m = /^Fix (\d+)(?: of |\/)(\d+) · (\S+) · ([\w.-]+): (.+)$/.exec(l);
    if (m) return { i: Number(m[1]), n: Number(m[2]), risk: m[3]!, id: m[4]!, title: m[5]! };
  }
  return undefined;
}

/** The fix list under `Proposed fixes, safest first`: `k. [risk] title` (the title's first row), up to the first blank row. */
function fixList(screen: readonly string[]): { k: number; risk: string; title: string }[] {
  const ls = lines(screen);
  const at = ls.findIndex((l) => l === 'Proposed fixes, safest first');
  if (at < 0) return [];
  const out: { k: number; risk: string; title: string }[] = [];
  for (const l of ls.slice(at + 1)) {
    if (l === '') break;
    const m = /^(\d+)\. \[([a-z-]+)\] (.+)$/.exec(l);
    if (m) out.push({ k: Number(m[1]), risk: m[2]!, title: m[3]! });
  }
  return out;
}

const RISK_ORDER = ['safe', 'disruptive'];

async function withSeedLab(tag: string, ctx: { skip: (note?: string) => never }, fn: (info: LabInfo, state: string) => Promise<void>): Promise<void> {
  await requireLabOrSkip('docker', ctx);
  expect(existsSync(DIST), 'dist/ is built (npm ci / npm run build)').toBe(true);
  const state = await mkdtemp(join(tmpdir(), 'pktdrop-wizard-'));
  try {
    await withLab({ name: labName(`pdwiz-${tag}`), engine: 'docker', faults: [...SEED] }, async (info) => {
      expect(info.faults).toEqual(SEED);
      await fn(info, state);
    });
  } finally {
    await rm(state, { recursive: true, force: true });
  }
}

describe('the wizard in a 100×30 pseudo-terminal, on the seed lab', () => {
  test('before the first question: every proposed fix listed on the 100×30 screen, safest first; the first question is a safe fix with its command and undo', async (ctx) => {
    await withSeedLab('screen', ctx, async (info, state) => {
      const before = await labState(info);
      const d = await drive(info, state, [{ wait: QUESTION, keys: CTRL_C, run: STATE_READS(info) }]);
      const first = d.steps[0]!;
      expect(first.matched, show(d)).toBe(true);
      const screen = lines(first.screen);
      const q = questionOf(first.screen);
      expect(q, show(d, first.screen)).toBeDefined();
      const n = q!.n;
      expect(n).toBeGreaterThan(1);
      // The answer first: the summary (its heading, the symptom, the causes' count) is on the same screen.
      expect(screen, show(d, first.screen)).toContain('Summary');
      expect(screen.some((l) => l.startsWith('symptom ')), show(d, first.screen)).toBe(true);
      expect(screen.some((l) => /^\d+ fix(es)? proposed$/.test(l)), show(d, first.screen)).toBe(true);
      // Every proposed fix is listed on the screen, numbered in order, safest first.
      const list = fixList(first.screen);
      expect(list.map((f) => f.k), show(d, first.screen)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
      const ranks = list.map((f) => RISK_ORDER.indexOf(f.risk));
      expect(ranks.every((r) => r >= 0), list.map((f) => f.risk).join(' ')).toBe(true);
      expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
      // The seed lab's fixes: the random DROP rules (safe) come before the tbf (disruptive).
      expect(list[0]?.risk).toBe('safe');
      // The first question is fix 1 of n, safe, with its exact command and what undo would run.
      expect(q, show(d, first.screen)).toMatchObject({ i: 1, risk: 'safe', id: 'netfilter.drop-rule' });
      const qAt = screen.findIndex((l) => /^Fix 1(?: of |\/)/.test(l));
      expect(screen[qAt + 1], show(d, first.screen)).toMatch(/^\$ iptables\S* .* -D (INPUT|OUTPUT) .*-j DROP$/);
      expect(screen.slice(qAt + 1).some((l) => /^undo: iptables\S* .* -I (INPUT|OUTPUT) 1 /.test(l)), show(d, first.screen)).toBe(true);
      expect(screen.some((l) => l.startsWith(`? Apply fix 1 of ${n}?`) || l.startsWith(`? Apply fix 1/${n}?`)), show(d, first.screen)).toBe(true);
      // Each command printed once on that screen.
      const commands = screen.filter((l) => l.startsWith('$ ') && !l.startsWith('$ hping3'));
      expect(new Set(commands).size, commands.join('\n')).toBe(commands.length);
      // Nothing changed before the first answer, nor after Ctrl-C there.
      expect(normalise(first.ran[0] ?? '', first.ran[1] ?? '')).toBe(before);
      expect(d.exit, show(d)).toBe(130);
      expect(await labState(info)).toBe(before);
    });
  }, 240_000);

  test('apply: the first (safest) fix applied and verified by a fresh window, the others skipped, exit 1', async (ctx) => {
    await withSeedLab('apply', ctx, async (info, state) => {
      const before = await labState(info);
      const d = await drive(info, state, [answer('apply'), answer('skip', { repeat: true })]);
      const first = d.steps[0]!;
      expect(first.matched, show(d)).toBe(true);
      const q = questionOf(first.screen);
      expect(q, show(d, first.screen)).toMatchObject({ i: 1, risk: 'safe' });
      // The fix asked first is the first of the list: its title (first row) is the one applied.
      const title = fixList(first.screen)[0]?.title ?? '';
      expect(title, show(d, first.screen)).not.toBe('');
      const asked = d.steps.filter((s) => s.matched).length;
      expect(asked, show(d)).toBeGreaterThanOrEqual(q!.n);
      const head = escape(title.slice(0, 30));
      // Lines wrapped at the terminal's width read as one: whitespace runs taken as one space.
      const flat = d.text.replace(/\s+/g, ' ');
      expect(flat, show(d)).toMatch(new RegExp(`✔ applied ${head}`));
      expect(flat, show(d)).toMatch(new RegExp(`✔ ${head}[^✔]*?: gone from a fresh measurement`));
      expect((d.text.match(/– skipped\s/g) ?? []).length, show(d)).toBe(asked - 1);
      // One random DROP rule fewer, nothing else changed.
      const after = await labState(info);
      const drops = (s: string) => s.split('\n').filter((l) => /--mode random .*-j DROP/.test(l));
      expect(drops(after).length).toBe(drops(before).length - 1);
      expect(after.split('--- qdiscs')[1]).toBe(before.split('--- qdiscs')[1]);
      expect(d.exit, show(d)).toBe(1);
    });
  }, 240_000);

  test('skip: every fix skipped, the lab byte-identical after the run, exit 1', async (ctx) => {
    await withSeedLab('skip', ctx, async (info, state) => {
      const before = await labState(info);
      const d = await drive(info, state, [answer('skip', { repeat: true })]);
      const asked = d.steps.filter((s) => s.matched);
      expect(asked.length, show(d)).toBeGreaterThan(0);
      const n = questionOf(asked[0]!.screen)?.n;
      expect(asked.length).toBe(n);
      expect((d.text.match(/– skipped\s/g) ?? []).length, show(d)).toBe(n);
      expect(d.text).not.toMatch(/✔ applied\s/);
      expect(d.exit, show(d)).toBe(1);
      expect(await labState(info)).toBe(before);
    });
  }, 240_000);

  test('apply all remaining: one question, every fix applied, no question after, verdict fixed, exit 0', async (ctx) => {
    await withSeedLab('all', ctx, async (info, state) => {
      const d = await drive(info, state, [answer('applyAll', { repeat: true })]);
      const asked = d.steps.filter((s) => s.matched);
      expect(asked.length, show(d)).toBe(1);
      const n = questionOf(asked[0]!.screen)?.n ?? 0;
      expect((d.text.match(/✔ applied\s/g) ?? []).length, show(d)).toBeGreaterThanOrEqual(n);
      expect(d.text, show(d)).toMatch(/Verdict\s.*\(exit 0\)/);
      expect(d.exit, show(d)).toBe(0);
      const after = await labState(info);
      expect(after).not.toMatch(/--mode random/);
      expect(after).not.toMatch(/qdisc tbf/);
    });
  }, 240_000);

  test('quit at the first question: how many fixes were not applied, the others `not asked`, nothing changed, exit 1', async (ctx) => {
    await withSeedLab('quit', ctx, async (info, state) => {
      const before = await labState(info);
      const d = await drive(info, state, [answer('quit', { repeat: true })]);
      const asked = d.steps.filter((s) => s.matched);
      expect(asked.length, show(d)).toBe(1);
      const n = questionOf(asked[0]!.screen)?.n ?? 0;
      expect(n).toBeGreaterThan(1);
      const quit = n === 1 ? 'Quit: 1 fix not applied; nothing more will be changed.' : `Quit: ${n} fixes not applied; nothing more will be changed.`;
      expect(d.text, show(d)).toContain(quit);
      // The fixes never asked are `not asked`, not `skipped`; the one quit was chosen at is skipped.
      expect(d.text, show(d)).toMatch(new RegExp(`not asked: you quit \\(${n - 1} fix(?:es)?\\)`));
      // In the verdict, each remaining cause says what became of its fix: the one quit at skipped, the others not asked.
      const flat = d.text.replace(/\s+/g, ' ');
      expect((flat.match(/its fix was not asked/g) ?? []).length, show(d)).toBe(n - 1);
      expect((flat.match(/its fix was skipped/g) ?? []).length, show(d)).toBe(1);
      expect(d.text).not.toMatch(/✔ applied\s/);
      expect(d.exit, show(d)).toBe(1);
      expect(await labState(info)).toBe(before);
    });
  }, 240_000);

  test('Ctrl-C at the second question: exit 130, the undo command said, the lab byte-identical to what it was at that question', async (ctx) => {
    await withSeedLab('ctrlc', ctx, async (info, state) => {
      const before = await labState(info);
      const d = await drive(info, state, [
        answer('apply'),
        { wait: QUESTION, keys: CTRL_C, run: STATE_READS(info) },
      ]);
      expect(d.steps.map((s) => s.matched), show(d)).toEqual([true, true]);
      const atSecond = normalise(d.steps[1]!.ran[0] ?? '', d.steps[1]!.ran[1] ?? '');
      // The first fix was applied before the second question.
      expect(atSecond).not.toBe(before);
      expect(d.exit, show(d)).toBe(130);
      expect(d.text).toMatch(/interrupted/);
      expect(d.text).toMatch(/pktdrop undo/);
      expect(d.text).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
      // Nothing further changed: no verification window undid or added anything.
      expect(await labState(info)).toBe(atSecond);
    });
  }, 240_000);
});

describe('--yes --confirm-timeout in a 100×30 pseudo-terminal: the confirm-or-revert line counts down in place', () => {
  test('no Enter: 4, 3, 2, 1 s on one line, then every fix rolled back; the lab byte-identical to before the run, exit 1', async (ctx) => {
    await withSeedLab('cdown', ctx, async (info, state) => {
      const before = await labState(info);
      const d = await drive(info, state, [], { args: ['--yes', '--confirm-timeout', '4'] });
      const counts = [...d.text.matchAll(/Keep these changes\? Press Enter within (\d+) s/g)].map((m) => Number(m[1]));
      expect(counts.slice(0, 4), show(d)).toEqual([4, 3, 2, 1]);
      // Rewritten in place: one such line on the screen, not one per second.
      expect(d.screen.filter((l) => l.includes('Keep these changes?')).length, show(d)).toBe(1);
      expect(d.text, show(d)).toContain('Rolled back (no confirmation within 4 s):');
      const rolledBack = (d.text.match(/\[rolled back\] /g) ?? []).length;
      expect(rolledBack, show(d)).toBeGreaterThanOrEqual(2);
      expect(d.text).not.toMatch(/^Kept\.$/m);
      expect(d.exit, show(d)).toBe(1);
      expect(await labState(info)).toBe(before);
    });
  }, 240_000);

  test('Enter while it counts: "Kept.", the fixes stay, exit 0', async (ctx) => {
    await withSeedLab('ckeep', ctx, async (info, state) => {
      const d = await drive(info, state, [{ wait: 'Keep these changes\\? Press Enter within \\d+ s', keys: ENTER }], { args: ['--yes', '--confirm-timeout', '20'] });
      expect(d.steps[0]?.matched, show(d)).toBe(true);
      expect(d.text, show(d)).toMatch(/^Kept\.\r?$/m);
      expect(d.text).not.toContain('Rolled back');
      expect(d.exit, show(d)).toBe(0);
      const after = await labState(info);
      expect(after).not.toMatch(/--mode random/);
      expect(after).not.toMatch(/qdisc tbf/);
    });
  }, 240_000);
});

describe('the wizard in Chinese', () => {
  test('LANG=zh_CN.UTF-8: the screen speaks Chinese; --json of the same lab has the English run\'s keys and finding ids', async (ctx) => {
    await withSeedLab('zh', ctx, async (info, state) => {
      const before = await labState(info);
      const d = await drive(info, state, [{ wait: QUESTION, keys: CTRL_C }], { lang: 'zh_CN.UTF-8' });
      const first = d.steps[0]!;
      expect(first.matched, show(d)).toBe(true);
      const screen = lines(first.screen);
      const chinese = screen.filter((l) => /[\u4e00-\u9fff]/.test(l));
      expect(chinese.length, show(d, first.screen)).toBeGreaterThan(5);
      expect(screen).not.toContain('Summary');
      expect(screen).not.toContain('Proposed fixes, safest first');
      // Data stays data: the question still names the finding id and the exact command in ASCII.
      expect(screen.some((l) => /^\$ (iptables\S*|tc) /.test(l)), show(d, first.screen)).toBe(true);
      expect(d.exit).toBe(130);
      expect(await labState(info)).toBe(before);

      // --json: proposals only (stdin is not a terminal here), in both languages, on the same lab, without the
      // host-wide kernel drop trace (its reasons are whatever else this host drops at that moment). The lab's
      // drops are random: a pair whose causes' finding ids or whose keys differ is measured again (at most five
      // pairs); a difference the language made would be there in every pair. A key there only when its data is
      // (an evidence's probeNoise) is left out of the comparison.
      const json = async (lang: string) => {
        await checkRoute(info);
        const r = await runner.run(
          readCommand(['env', '-u', 'LC_ALL', '-u', 'LC_MESSAGES', '-u', 'LANGUAGE', `LANG=${lang}`, `PKTDROP_STATE_DIR=${state}`, process.execPath, BIN, 'diagnose', '--container', info.name, '--json', '--no-trace'], 120_000),
        );
        expect(r.stdout.trim().startsWith('{'), `one JSON document; stderr: ${r.stderr}`).toBe(true);
        expect(r.stdout, 'the JSON is English whatever the language').not.toMatch(/[\u4e00-\u9fff]/);
        return JSON.parse(r.stdout) as { findings: { id: string; scope: string; subject: string; role: string }[] };
      };
      // The causes' ids: a symptom (failing handshakes) comes and goes with the SYN-ACKs left over from the run before.
      const ids = (r: { findings: { id: string; scope: string; subject: string; role: string }[] }) =>
        r.findings.filter((f) => f.role === 'cause').map((f) => `${f.id}:${f.scope}:${f.subject}`).sort();
      const pairs: { en: Awaited<ReturnType<typeof json>>; zh: Awaited<ReturnType<typeof json>> }[] = [];
      const same = (p: (typeof pairs)[number]) => JSON.stringify([ids(p.en), keyPaths(p.en)]) === JSON.stringify([ids(p.zh), keyPaths(p.zh)]);
      for (let attempt = 0; attempt < 5; attempt++) {
        const pair = { en: await json('C.UTF-8'), zh: await json('zh_CN.UTF-8') };
        pairs.push(pair);
        if (same(pair)) break;
      }
      console.log(
        `[wizard] --json en/zh: ${pairs.length} pair(s) measured; the last ${same(pairs.at(-1)!) ? 'matched' : 'did not match'}` +
          pairs.map((p) => `\n  en ${ids(p.en).join(' ')}\n  zh ${ids(p.zh).join(' ')}`).join(''),
      );
      const { en, zh } = pairs.at(-1)!;
      expect(ids(zh), JSON.stringify(pairs.map((p) => [ids(p.en), ids(p.zh)]))).toEqual(ids(en));
      expect(ids(en).some((id) => id.startsWith('netfilter.drop-rule:target:'))).toBe(true);
      expect(keyPaths(zh)).toEqual(keyPaths(en));
      expect(await labState(info)).toBe(before);
    });
  }, 300_000);
});

/** Objects keyed by data (drop reasons, kernel functions): their keys are collapsed to `*`. */
const DATA_KEYED = new Set(['byLocation', 'byReason', 'verdicts']);
/** Keys there only when their data is (core/types.ts: an evidence's probeNoise, when the probe's own traffic was counted). */
const DATA_PRESENCE = new Set(['probeNoise']);

/** Every key path of a JSON value, arrays' elements merged (`findings[].id`): the document's structure. */
function keyPaths(v: unknown): string[] {
  const out = new Set<string>();
  const walk = (x: unknown, p: string, dataKeyed: boolean): void => {
    if (Array.isArray(x)) for (const e of x) walk(e, `${p}[]`, false);
    else if (x !== null && typeof x === 'object') {
      for (const [k, y] of Object.entries(x)) {
        if (DATA_PRESENCE.has(k)) continue;
        const at = `${p}.${dataKeyed ? '*' : k}`;
        out.add(at);
        walk(y, at, DATA_KEYED.has(k));
      }
    }
  };
  walk(v, '', false);
  return [...out].sort();
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
