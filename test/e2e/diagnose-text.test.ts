/**
 * The diagnose command's text output, wired as the CLI wires it (runDiagnose with a recorded run on
 * the strict FakeRunner): the language from --lang or the locale, the width (80 when stdout is not a
 * terminal), the list of fixes with their commands when nothing will be asked, the reason nothing was
 * changed said once, at the end. JSON stays English whatever the language.
 */
import { describe, expect, it } from 'vitest';
import type { CliIo, DiagnoseOptions } from '../../src/cli/context.js';
import { runDiagnose } from '../../src/cli/diagnose-command.js';
import { runProbe } from '../../src/probe/probe.js';
import { MemoryJournal } from '../../src/remediation/journal.js';
import { displayWidth } from '../../src/ui/wrap.js';
import { loadRecording, replay, untilPhase } from '../fakes/scenario.js';

const seed = loadRecording('seed-container-yes');
const base: DiagnoseOptions = { container: seed.lab.name, runtime: 'docker', count: 20, interval: 100, timeout: 1000, probe: true, method: 'auto', window: 2000, color: false, trace: false };

async function diagnoseText(opts: Partial<DiagnoseOptions>, env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (s) => void out.push(s), stderr: (s) => void err.push(s), stdoutIsTty: false, stderrIsTty: false, stdinIsTty: false, env: { NO_COLOR: '1', ...env }, isRoot: true };
  const runner = replay(untilPhase(seed, 'apply'), { mutations: false });
  const code = await runDiagnose({ ...base, ...opts }, io, { runner, journal: new MemoryJournal(), dropTracer: null, runProbe: (s) => runProbe(runner, s), sleep: async () => {}, lock: false, pin: false });
  return { code, out: out.join(''), lines: out.join('').split('\n'), err: err.join('') };
}

describe('diagnose, text report through the CLI', () => {
  it('stdin not a terminal, no --yes: the summary, every fix with its command once, the reason once at the end; 80 columns; exit 1', async () => {
    const r = await diagnoseText({});
    expect(r.code).toBe(1);
    expect(r.lines).toContain('Summary');
    expect(r.lines).toContain('  3 fixes proposed');
    expect(r.lines).toContain('Proposed fixes, safest first');
    expect(r.lines.filter((l) => l.trim() === '$ tc qdisc del dev eth0 root handle 80ad:')).toHaveLength(1);
    expect(r.lines.filter((l) => l.includes('stdin is not a terminal and --yes was not given'))).toHaveLength(1);
    expect(r.lines.filter((l) => !/^\s*\$ /.test(l) && displayWidth(l) > 80)).toEqual([]);
    expect(r.err).toBe('');
  });

  it('--lang zh: the same report in Chinese, the commands and ids untouched', async () => {
    const r = await diagnoseText({ dryRun: true, lang: 'zh' });
    expect(r.code).toBe(1);
    expect(r.lines).toContain('概要');
    expect(r.lines).toContain('建议的修复（安全的在前）');
    expect(r.lines).toContain('  提出 3 项修复');
    expect(r.out).toContain('演练模式（dry run）：没有做任何改动');
    expect(r.lines.filter((l) => l.trim() === '$ tc qdisc del dev eth0 root handle 80ad:')).toHaveLength(1);
  });

  it('LANG=zh_CN.UTF-8 speaks Chinese; --json stays English and has the same structure as the English run', async () => {
    expect((await diagnoseText({ dryRun: true }, { LANG: 'zh_CN.UTF-8' })).lines).toContain('概要');
    const zh = JSON.parse((await diagnoseText({ dryRun: true, json: true }, { LANG: 'zh_CN.UTF-8' })).out) as Record<string, unknown>;
    const en = JSON.parse((await diagnoseText({ dryRun: true, json: true })).out) as Record<string, unknown>;
    const shape = (v: unknown): unknown => (Array.isArray(v) ? v.map(shape) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)])) : typeof v);
    expect(shape(zh)).toEqual(shape(en));
    expect(JSON.stringify(zh)).not.toMatch(/[\u4e00-\u9fff]/);
    expect((zh['fixes'] as { message: string }[]).map((f) => f.message)).toEqual(Array(3).fill('dry run: nothing was changed'));
  });

  it('an unknown --lang is a usage error (exit 2), before anything runs', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = { stdout: (s) => void out.push(s), stderr: (s) => void err.push(s), stdoutIsTty: false, stderrIsTty: false, stdinIsTty: false, env: {}, isRoot: true };
    expect(await runDiagnose({ ...base, lang: 'fr' }, io, { lock: false, pin: false })).toBe(2);
    expect(err.join('')).toMatch(/^pktdrop: .*fr/);
  });
});
