/**
 * The command line in the user's language (issue 16): `--lang` on every command, else LC_ALL,
 * LC_MESSAGES, LANG. Help (commander's own words included), usage errors and the commands' own lines
 * in Chinese, with option names, ids and commands unchanged; the JSON documents byte-identical in
 * both languages; an unknown `--lang` is a usage error.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeTexts } from '../src/analyze/analyze.js';
import { commanderErrorText, buildProgram, main } from '../src/cli/main.js';
import type { CliIo } from '../src/cli/context.js';
import { fleetTable, tally, type HostResult } from '../src/fleet/fleet.js';
import { displayWidth as textWidth } from '../src/ui/wrap.js';
import { MemoryJournal } from '../src/remediation/journal.js';
import type { Runner } from '../src/targets/runner.js';
import { analyzeTextLines } from '../src/ui/render-analyze.js';
import { markdownFromAnalyze, renderMarkdown } from '../src/ui/render-markdown.js';
import type { Command } from 'commander';
import { FakeRunner } from './fakes/fake-runner.js';

const CJK = /[\u3400-\u9fff]/;

function makeIo(env: NodeJS.ProcessEnv = {}, isRoot = false) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (s) => void out.push(s), stderr: (s) => void err.push(s), stdoutIsTty: false, stderrIsTty: false, stdinIsTty: false, env: { NO_COLOR: '1', ...env }, isRoot };
  return { io, out, err };
}

async function cli(args: string[], env: NodeJS.ProcessEnv = {}, isRoot = false) {
  const t = makeIo(env, isRoot);
  const code = await main(['node', 'pktdrop', ...args], t.io);
  return { code, out: t.out.join(''), err: t.err.join('') };
}

/** Every command of the program, subcommands included (`fleet diagnose`), with its words as argv. */
function commandsOf(cmd: Command, path: string[] = []): { path: string[]; cmd: Command }[] {
  return cmd.commands.flatMap((c) => [{ path: [...path, c.name()], cmd: c }, ...commandsOf(c, [...path, c.name()])]);
}

const HELPS = [[], ['diagnose'], ['analyze'], ['undo'], ['fleet'], ['fleet', 'diagnose']];

describe('help in the chosen language', () => {
  it.each(HELPS)('pktdrop %s --help: English by default, Chinese with --lang zh, every option name unchanged', async (...words) => {
    const en = await cli([...words, '--help']);
    const zh = await cli([...words, '--help', '--lang', 'zh']);
    expect([en.code, zh.code]).toEqual([0, 0]);
    expect(en.out).toMatch(/^Usage: pktdrop/);
    expect(en.out).not.toMatch(CJK);
    expect(zh.out).toMatch(/^用法：pktdrop/);
    expect(zh.out).toContain('选项：');
    expect(zh.out).toContain('显示命令帮助');
    // Every option is listed under its own name in both languages.
    const program = buildProgram(makeIo().io, () => {}, {}, 'en');
    const cmd = words.length === 0 ? program : commandsOf(program).find((c) => c.path.join(' ') === words.join(' '))?.cmd;
    expect(cmd).toBeDefined();
    for (const o of cmd?.options ?? []) {
      expect(en.out, o.flags).toContain(o.flags);
      expect(zh.out, o.flags).toContain(o.flags);
    }
    // Wrapped by display width: no option line of the Chinese help is wider than 80 columns.
    const optionLines = zh.out.split('示例：')[0]?.split('\n') ?? [];
    for (const l of optionLines) expect(textWidth(l), l).toBeLessThanOrEqual(80);
  });

  it('the Examples and Exit status blocks are translated; commands in them are not', async () => {
    const zh = await cli(['diagnose', '--help', '--lang=zh']);
    expect(zh.out).toContain('示例：');
    expect(zh.out).toContain('sudo pktdrop diagnose --container nginx --dry-run');
    expect(zh.out).toContain('退出码：0 未发现原因');
    const en = await cli(['diagnose', '--help']);
    expect(en.out).toContain('Exit status: 0 no cause found, or every cause fixed and verified; 1 causes remain;');
  });

  it('--lang before the command works too, and LANG=zh_CN.UTF-8 picks Chinese; LC_ALL=C beats it', async () => {
    expect((await cli(['--lang', 'zh', 'undo', '--help'])).out).toMatch(/^用法：/);
    expect((await cli(['--help'], { LANG: 'zh_CN.UTF-8' })).out).toMatch(/^用法：/);
    expect((await cli(['--help'], { LC_MESSAGES: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' })).out).toMatch(/^用法：/);
    expect((await cli(['--help'], { LC_ALL: 'C', LANG: 'zh_CN.UTF-8' })).out).toMatch(/^Usage:/);
    expect((await cli(['--help', '--lang', 'en'], { LANG: 'zh_CN.UTF-8' })).out).toMatch(/^Usage:/);
  });

  it("the lab's help gets commander's words and --lang too (its own descriptions are the lab's)", async () => {
    const zh = await cli(['lab', '--help', '--lang', 'zh']);
    expect(zh.code).toBe(0);
    expect(zh.out).toMatch(/^用法：pktdrop lab/);
    expect(zh.out).toContain('--lang <lang>');
  });

  it('pktdrop lab up --lang zh: --lang is taken (never an unknown option), whatever the lab then says', async () => {
    for (const args of [['lab', 'up', '--lang', 'zh'], ['--lang', 'zh', 'lab', 'up'], ['lab', 'status', '--lang=zh']]) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toMatch(/^pktdrop lab: /);
      expect(r.err).not.toMatch(/unknown option|未知选项/);
    }
  });
});

describe('errors in the chosen language, the JSON error document in English', () => {
  it('a usage error in Chinese: one line, exit 2', async () => {
    const r = await cli(['diagnose', '--count', '0', '--lang', 'zh'], {}, true);
    expect(r).toEqual({ code: 2, out: '', err: 'pktdrop: --count 必须是 1 到 1000 之间的整数（收到的是 "0"）\n' });
    const t = await cli(['diagnose', '--target', 'nohostport'], { LANG: 'zh_CN.UTF-8' }, true);
    expect(t.err).toBe('pktdrop: --target 的格式必须是 host:port，例如 172.17.0.2:80 或 [::1]:80（收到的是 "nohostport"）\n');
    const u = await cli(['undo', '--container', 'a', '--netns', 'b', '--lang', 'zh'], {}, true);
    expect([u.code, u.err]).toEqual([2, 'pktdrop: --container 和 --netns 不能同时使用：只能选一个目标\n']);
  });

  it('the same usage errors stay byte-identical in English', async () => {
    expect((await cli(['diagnose', '--count', '0'], {}, true)).err).toBe('pktdrop: --count must be a whole number from 1 to 1000 (got "0")\n');
    expect((await cli(['undo'], { LC_ALL: 'C', LANG: 'zh_CN.UTF-8' })).err).toBe('pktdrop: undo needs root to change iptables, nftables and qdiscs: rerun it with sudo\n');
  });

  it("commander's own error lines in Chinese (unknown option, bad choice), with the --help hint", async () => {
    const r = await cli(['diagnose', '--frobnicate', '--lang', 'zh']);
    expect(r.code).toBe(2);
    expect(r.err).toBe("错误：未知选项 '--frobnicate'\n（用法见 pktdrop --help）\n");
    const c = await cli(['undo', '--runtime', 'lxc', '--lang', 'zh']);
    expect(c.err).toContain("错误：选项 '--runtime <runtime>' 的取值 'lxc' 无效。可选值：docker, podman。");
    expect(commanderErrorText('zh', "error: unknown option '--cont'\n(Did you mean --container?)")).toBe("错误：未知选项 '--cont'\n（是不是想用 --container？）");
    expect(commanderErrorText('zh', 'something commander says that has no translation')).toBe('something commander says that has no translation');
    expect(commanderErrorText('en', "error: unknown option '--x'")).toBe("error: unknown option '--x'");
  });

  it.each([
    [['diagnose', '--count', '0', '--json']],
    [['diagnose', '--frobnicate', '--json']],
    [['undo', '--container', 'a', '--netns', 'b', '--json']],
    [['fleet', 'diagnose', '--json', '--json-lines']],
    [['analyze', '--json', 'no-such-file.txt']],
  ])('%j: the JSON error document is byte-identical in both languages', async (args) => {
    const en = await cli(args, {}, true);
    const zh = await cli([...args, '--lang', 'zh'], {}, true);
    const env = await cli(args, { LANG: 'zh_CN.UTF-8' }, true);
    expect(en.code).toBe(2);
    expect(en.out).not.toBe('');
    expect(zh.out).toBe(en.out);
    expect(env.out).toBe(en.out);
    expect(en.out).not.toMatch(CJK);
    expect(zh.err).toMatch(CJK);
  });

  it('a state directory that cannot be created: the line in Chinese, exit 2, the JSON document unchanged', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pktdrop-lang-')), 'a-file');
    writeFileSync(file, '');
    const env = { PKTDROP_STATE_DIR: join(file, 'state') };
    const zh = await cli(['undo', '--lang', 'zh'], env, true);
    expect(zh.code).toBe(2);
    expect(zh.err).toMatch(/^pktdrop: .*[\u3400-\u9fff]/);
    expect(zh.err).toContain(file);
    const en = await cli(['undo', '--json'], env, true);
    expect((await cli(['undo', '--json', '--lang', 'zh'], env, true)).out).toBe(en.out);
    expect(JSON.parse(en.out)).toMatchObject({ command: 'undo', error: { kind: 'state' }, exitCode: 2 });
  });

  it('a bug: the one line in Chinese, exit 70; the error document in English', async () => {
    const throwing: Runner = { run: async () => Promise.reject(new TypeError('boom: a bug in a command')) };
    const run = async (args: string[]) => {
      const t = makeIo({}, true);
      const code = await main(['node', 'pktdrop', 'undo', ...args], t.io, { undo: { runner: throwing, journal: new MemoryJournal(), lock: false } });
      return { code, out: t.out.join(''), err: t.err.join('') };
    };
    const zh = await run(['--lang', 'zh', '--json']);
    const en = await run(['--json']);
    expect(zh.code).toBe(70);
    expect(zh.err).toBe('pktdrop: 内部错误：boom: a bug in a command——请报告这个问题，并附上用 PKTDROP_DEBUG=1 重新运行同一命令的输出\n');
    expect(zh.out).toBe(en.out);
    expect(JSON.parse(en.out)).toMatchObject({ error: { kind: 'internal', message: 'boom: a bug in a command' }, exitCode: 70 });
  });

  it('an unknown --lang is a usage error (exit 2) that says what is allowed, before anything runs', async () => {
    const r = await cli(['diagnose', '--lang', 'fr'], {}, true);
    expect(r).toEqual({ code: 2, out: '', err: 'pktdrop: --lang must be en or zh (got "fr")\n' });
    const j = await cli(['undo', '--lang=fr', '--json'], {}, true);
    expect(j.code).toBe(2);
    expect(JSON.parse(j.out)).toMatchObject({ command: 'undo', ok: false, error: { kind: 'usage', message: '--lang must be en or zh (got "fr")' }, exitCode: 2 });
    // Said in the locale's language when the locale is Chinese.
    expect((await cli(['--lang', 'fr', '--help'], { LANG: 'zh_CN.UTF-8' })).err).toBe('pktdrop: --lang 只能是 en 或 zh（收到的是 "fr"）\n');
  });
});

describe('undo in the chosen language', () => {
  /** A runner that answers `ip -j link show` (the host's resolve). */
  const hostRunner: Runner = { run: async (c) => ({ argv: c.argv, executed: true, exitCode: 0, stdout: '[]', stderr: '', durationMs: 0, ok: true }) };

  it('nothing to undo: one line in Chinese, exit 0; the --json report the same document', async () => {
    const run = async (args: string[], env: NodeJS.ProcessEnv = {}) => {
      const t = makeIo(env, true);
      const code = await main(['node', 'pktdrop', 'undo', ...args], t.io, { undo: { runner: hostRunner, journal: new MemoryJournal(), lock: false } });
      return { code, out: t.out.join('') };
    };
    expect(await run(['--lang', 'zh'])).toEqual({ code: 0, out: 'host 没有需要撤销的改动：日志里的改动都已撤销\n' });
    expect(await run([], { LANG: 'zh_CN.UTF-8' })).toEqual({ code: 0, out: 'host 没有需要撤销的改动：日志里的改动都已撤销\n' });
    expect(await run([])).toEqual({ code: 0, out: 'nothing to undo for host: no journaled change that is not already undone\n' });
    expect((await run(['--json', '--lang', 'zh'])).out).toBe((await run(['--json'])).out);
  });
});

describe("analyze's text report and the Markdown handoff in the chosen language", () => {
  const SEED = readFileSync(new URL('fixtures/seed/iptables-nvL.txt', import.meta.url), 'utf8');
  const seedFile = 'test/fixtures/seed/iptables-nvL.txt';

  it('analyze --lang zh: Chinese words, the same ids and commands; --json byte-identical', async () => {
    const en = await cli(['analyze', seedFile]);
    const zh = await cli(['analyze', seedFile, '--lang', 'zh']);
    expect([en.code, zh.code]).toEqual([1, 1]);
    expect(en.out).not.toMatch(CJK);
    expect(zh.out).toContain('逐层检查（自底向上）');
    expect(zh.out).toContain('结论  找到 2 个丢包原因（退出码 1）');
    for (const data of ['netfilter.drop-rule', 'iptables -t filter -D INPUT -m statistic --mode random --probability 0.29999999981 -j DROP']) {
      expect(en.out).toContain(data);
      expect(zh.out).toContain(data);
    }
    const jEn = await cli(['analyze', '--json', seedFile]);
    const jZh = await cli(['analyze', '--json', seedFile, '--lang', 'zh']);
    expect(jZh.out).toBe(jEn.out);
  });

  it('renders the Markdown handoff in Chinese; English unchanged by default', () => {
    const report = analyzeTexts([{ name: 'seed.txt', text: SEED }]);
    const md = markdownFromAnalyze(report, { createdAt: '2026-01-01T00:00:00Z', tool: 'pktdrop 0.0.0' });
    const en = renderMarkdown(md);
    expect(renderMarkdown(md, 'en')).toBe(en);
    expect(en).toContain('## Symptom');
    expect(en).toContain('outputs pasted from another machine: 1 recognised section(s), 0 unrecognised range(s)');
    expect(en).toContain('**2 cause(s) of packet loss found** (exit 1)');
    const zh = renderMarkdown(md, 'zh');
    expect(zh).toContain('## 症状');
    expect(zh).toContain('从另一台机器粘贴来的输出：识别出 1 段，0 处未识别');
    expect(zh).toContain('**找到 2 个丢包原因**（退出码 1）');
    expect(zh).toContain('| 层 | 范围 | 结论 | 查看的命令 |');
    expect(zh).toContain('### `netfilter.drop-rule` — iptables filter/INPUT#1（错误）');
    expect(zh).toContain('iptables -t filter -D INPUT -m statistic --mode random --probability 0.29999999981 -j DROP');
    expect(zh).not.toContain('## Symptom');
  });

  it("analyze's report wrapped to a width: every line of Chinese prose within it, commands whole", () => {
    const report = { ...analyzeTexts([{ name: 'seed.txt', text: SEED }]), bundles: [] };
    const whole = analyzeTextLines(report, false, false, 'zh');
    const wrapped = analyzeTextLines(report, false, false, 'zh', 80);
    expect(wrapped.length).toBeGreaterThan(whole.length);
    // A command is never broken, even behind a label (撤销：iptables ...).
    for (const l of wrapped.filter((x) => CJK.test(x) && !/撤销：|\$ /.test(x))) expect(textWidth(l), l).toBeLessThanOrEqual(80);
    expect(wrapped).toContain('      $ iptables -t filter -D INPUT -m statistic --mode random --probability 0.29999999981 -j DROP');
  });

  it("analyze's last line in both languages", () => {
    const report = { ...analyzeTexts([{ name: 'seed.txt', text: SEED }]), bundles: [] };
    expect(analyzeTextLines(report, false, false).at(-1)).toBe('Verdict  2 cause(s) of packet loss found (exit 1)');
    expect(analyzeTextLines(report, false, false, 'zh').at(-1)).toBe('结论  找到 2 个丢包原因（退出码 1）');
  });
});

describe('fleet diagnose refusals in the chosen language, before any process', () => {
  const fleet = async (args: string[]) => {
    const runner = new FakeRunner();
    const t = makeIo({}, true);
    const code = await main(['node', 'pktdrop', 'fleet', 'diagnose', ...args], t.io, { fleet: { runner } });
    return { code, out: t.out.join(''), err: t.err.join(''), calls: runner.calls.length };
  };

  it('a hostile name among good ones: the refusal in Chinese (each reason too), the JSON document as in English', async () => {
    const zh = await fleet(['-H', 'web-01 -oProxyCommand=sh', '--lang', 'zh']);
    expect([zh.code, zh.calls]).toEqual([2, 0]);
    expect(zh.err).toMatch(/^pktdrop: 拒绝使用该清单：/);
    const en = await fleet(['-H', 'web-01 -oProxyCommand=sh', '--json']);
    expect(en.err).toMatch(/^pktdrop: refusing the inventory: /);
    expect((await fleet(['-H', 'web-01 -oProxyCommand=sh', '--json', '--lang', 'zh'])).out).toBe(en.out);
  });

  it('no host matched --limit, and two ways of naming hosts', async () => {
    expect((await fleet(['-H', 'a b', '--limit', 'c*', '--lang', 'zh'])).err).toBe('pktdrop: 没有主机匹配 --limit c*\n');
    expect((await fleet(['-H', 'a', '--ssh-config', '--lang', 'zh'])).err).toBe(
      'pktdrop: 拒绝使用该清单：主机只能用一种方式给出：-i INVENTORY、--ssh-config、-H "h1 h2" 或 --hosts-file FILE\n',
    );
  });
});

describe('the fleet table in Chinese', () => {
  const row = (name: string, status: HostResult['status'], error?: string): HostResult => ({ name, status, durationMs: 1200, exitCode: 2, ...(error ? { error, advice: 'check it' } : {}) });
  const results = [row('web-11', 'unreachable', 'ssh: connect to host 10.0.0.11 port 22: Connection timed out'), row('db-01', 'sudo', 'sudo: a password is required')];

  it('headers, statuses and the tally in Chinese, columns aligned by display width; English as before', () => {
    const zh = fleetTable(results, 'zh');
    expect(zh[0]).toMatch(/^主机\s+状态\s+结论\s+首要发现\s+丢包率\s+耗时$/);
    expect(zh[1]).toMatch(/^db-01\s+sudo 失败\s+—\s+sudo: a password is required\s+—\s+1\.2s$/);
    expect(zh[2]).toMatch(/^web-11\s+连不上\s+/);
    // Each column starts at the same terminal column on every line.
    const colOf = (line: string, cell: string) => textWidth(line.slice(0, line.indexOf(cell)));
    expect(colOf(zh[0] ?? '', '结论')).toBe(colOf(zh[1] ?? '', '—'));
    expect(colOf(zh[0] ?? '', '耗时')).toBe(colOf(zh[2] ?? '', '1.2s'));
    expect(tally(results, 'zh')).toBe('共 2 台主机：未能诊断 2 台（连不上 1 台，sudo 失败 1 台）');
    expect(fleetTable(results)[3]).toBe('2 hosts: 2 not diagnosed (1 unreachable, 1 sudo)');
  });
});
