/**
 * Ctrl-C at a fix prompt (issue 13): inquirer answers it with its ExitPromptError (the terminal is in
 * raw mode, so no SIGINT arrives); the prompter turns it into the run's interrupt (exit 130 in the CLI,
 * no further change, no further window: test/e2e/interrupt.test.ts) and quits. A terminal that closes
 * quits without claiming an interrupt. The summary line says what was applied and how to undo it.
 */
import { describe, expect, it } from 'vitest';
import { inquirerPrompter } from './prompter.js';
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

  it('the question shows the fix\'s exact commands', async () => {
    let message = '';
    const p = inquirerPrompter(process.stderr, () => {}, async (config) => { message = config.message; return 'skip'; });
    expect(await p.decideFix(fix, finding, 0, 2)).toBe('skip');
    expect(message).toBe('Fix 1/2: Delete the netem qdisc on eth0\n    $ tc qdisc del dev eth0 root\n');
  });

  it('the summary of an interrupted run: what was applied and the undo command', () => {
    const rec = (status: FixRecord['status'], title: string): FixRecord => ({ proposal: { ...fix, id: title, title }, status, verified: null });
    expect(interruptedLine({ fixes: [rec('applied', 'Delete the netem qdisc on eth0'), rec('proposed', 'Delete INPUT rule #1')], journal: '/j.json' }, 'pktdrop undo --container web'))
      .toBe('pktdrop: interrupted: 1 change(s) applied and journaled (Delete the netem qdisc on eth0); undo them with: pktdrop undo --container web');
    expect(interruptedLine({ fixes: [rec('proposed', 'x')] }, 'pktdrop undo')).toBe('pktdrop: interrupted: nothing was changed');
  });
});
