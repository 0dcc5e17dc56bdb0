/**
 * Ctrl-C at a fix prompt (issue 13): inquirer answers it with its ExitPromptError (the terminal is in
 * raw mode, so no SIGINT arrives); the prompter turns it into the run's interrupt (exit 130 in the CLI,
 * no further change, no further window: test/e2e/interrupt.test.ts) and quits. A terminal that closes
 * quits without claiming an interrupt. The summary line says what was applied and how to undo it.
 */
import { describe, expect, it } from 'vitest';
import { fixChoices, inquirerPrompter, keysHelpTheme, questionLines, type AskFix } from './prompter.js';
import { interruptedLine } from '../cli/diagnose-command.js';
import type { Finding, FixProposal, FixRecord } from '../core/types.js';

const fix: FixProposal = { id: 'f1', findingId: 'qdisc.netem', subject: 's', title: 'Delete the netem qdisc on eth0', risk: 'safe', scope: 'target', commands: [['tc', 'qdisc', 'del', 'dev', 'eth0', 'root']], inverse: [['tc', 'qdisc', 'add', 'dev', 'eth0', 'root', 'netem', 'loss', '30%']] };
const finding: Finding = { id: 'qdisc.netem', layer: 'qdisc', scope: 'target', severity: 'error', basis: 'state', role: 'cause', subject: 's', title: 't', explanation: 'e', evidence: [], action: 'a' };
const named = (name: string): Error => Object.assign(new Error('User force closed the prompt with SIGINT'), { name });

describe('Ctrl-C at a prompt', () => {
  it('ExitPromptError: the run is interrupted, and nothing more is applied', async () => {
    let interrupts = 0;
    const p = inquirerPrompter(process.stderr, () => void (interrupts += 1), async () => { throw named('ExitPromptError'); });
    expect(await p.decideFix(fix, finding, 0, 2)).toBe('quit');
    expect(interrupts).toBe(1);
  });

  it('any other failure of the prompt (the terminal went away): quit, but no interrupt is claimed', async () => {
    let interrupts = 0;
    const p = inquirerPrompter(process.stderr, () => void (interrupts += 1), async () => { throw new Error('read EIO'); });
    expect(await p.decideFix(fix, finding, 0, 2)).toBe('quit');
    expect(interrupts).toBe(0);
  });

  it('the question: the finding in one line, its risk, the exact command and what undo would run; then the four choices', async () => {
    let config: Parameters<AskFix>[0] | undefined;
    const written: string[] = [];
    const out = { write: (s: string) => void written.push(s) } as unknown as NodeJS.WritableStream;
    const p = inquirerPrompter(out, () => {}, async (c) => { config = c; return 'skip'; });
    expect(await p.decideFix(fix, finding, 0, 2)).toBe('skip');
    expect(written.join('')).toBe('\nFix 1/2 · safe · qdisc.netem: t\n  $ tc qdisc del dev eth0 root\n  undo: tc qdisc add dev eth0 root netem loss 30%\n');
    expect(config?.message).toBe('Apply fix 1/2?');
    expect(config?.choices.map((c) => [c.name, c.value])).toEqual([['apply', 'apply'], ['skip', 'skip'], ['apply all remaining', 'apply-all'], ['quit (change nothing more)', 'quit']]);
  });

  it('in Chinese the question is Chinese, the command and ids untouched, and each choice keeps its English word first', () => {
    const lines = questionLines({ ...fix, risk: 'disruptive' }, finding, 1, 3, { lang: 'zh' });
    expect(lines[1]).toBe('修复 2/3 · 有风险 · qdisc.netem：t');
    expect(lines[2]).toBe('  $ tc qdisc del dev eth0 root');
    expect(fixChoices('zh').map((c) => c.name.split('（')[0])).toEqual(['apply', 'skip', 'apply all remaining', 'quit']);
    // inquirer's key help too: ↑↓ navigate • ⏎ select.
    expect(keysHelpTheme('zh')?.style.keysHelpTip([['↑↓', 'navigate'], ['⏎', 'select']])).toBe('↑↓ 移动 • ⏎ 选定');
    expect(keysHelpTheme('en')).toBeUndefined();
  });

  it('a long finding title wraps to the width with a hanging indent; a long command is never wrapped', () => {
    const long = { ...finding, title: 'word '.repeat(30).trim() };
    const longFix = { ...fix, commands: [['iptables-nft', '-t', 'filter', '-D', 'INPUT', ...'-m statistic --mode random --probability 0.29999999981 -j DROP'.split(' '), ...Array(10).fill('-x')]] };
    const lines = questionLines(longFix, long, 0, 1, { width: 80 });
    const titleLines = lines.slice(1, lines.findIndex((l) => l.startsWith('  $ ')));
    expect(titleLines.length).toBeGreaterThan(1);
    for (const l of titleLines) expect(l.length).toBeLessThanOrEqual(80);
    expect(titleLines.slice(1).every((l) => l.startsWith('  '))).toBe(true);
    expect(lines.filter((l) => l.startsWith('  $ '))).toHaveLength(1);
  });

  it('the summary of an interrupted run: what was applied and the undo command', () => {
    const rec = (status: FixRecord['status'], title: string): FixRecord => ({ proposal: { ...fix, id: title, title }, status, verified: null });
    expect(interruptedLine({ fixes: [rec('applied', 'Delete the netem qdisc on eth0'), rec('proposed', 'Delete INPUT rule #1')], journal: '/j.json' }, 'pktdrop undo --container web'))
      .toBe('pktdrop: interrupted: 1 change(s) applied and journaled (Delete the netem qdisc on eth0); undo them with: pktdrop undo --container web');
    expect(interruptedLine({ fixes: [rec('proposed', 'x')] }, 'pktdrop undo')).toBe('pktdrop: interrupted: nothing was changed');
    expect(interruptedLine({ fixes: [rec('not-asked', 'x')] }, 'pktdrop undo', 'zh')).toBe('pktdrop：已中断：没有做任何改动');
  });
});
