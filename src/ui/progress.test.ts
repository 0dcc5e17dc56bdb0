/**
 * Live feedback (issue 16): the spinner names the step and the target, a window shows its elapsed
 * time against the time it should take, in the user's language; the confirm-or-revert prompt counts
 * down once a second and stops at the answer or the timeout.
 */
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { phaseText } from './progress.js';
import { t } from '../i18n/index.js';
import { waitForConfirmation } from '../cli/diagnose-command.js';
import { confirmText } from './render-text.js';

describe('spinner text', () => {
  const label = t('diagnose.phase.probe', { label: t('diagnose.phase.measuring'), host: '172.17.0.7', port: 80, count: 20 });
  it('names the step and the target, and a window its elapsed and expected time', () => {
    expect(phaseText('en', label, 'container web (1602643be167)')).toBe('measuring: probing 172.17.0.7:80 (20 probes) — container web (1602643be167)');
    expect(phaseText('en', label, 'container web (1602643be167)', 2400, 3000)).toBe('measuring: probing 172.17.0.7:80 (20 probes) — container web (1602643be167) (2 s of about 3 s)');
    expect(phaseText('en', t('diagnose.phase.resolve'), undefined)).toBe('finding the target');
    expect(phaseText('zh', t('diagnose.phase.resolve-container', { runtime: 'docker', ref: 'web' }), undefined)).toBe('查找 docker 容器 web');
  });
  it('in Chinese, the step is said in Chinese; the address and the target stay as they are', () => {
    expect(phaseText('zh', label, 'container web (1602643be167)', 1000, 3000)).toBe('测量：探测 172.17.0.7:80（20 个探测包） — container web (1602643be167)（1 秒 / 约 3 秒）');
  });
});

/** A stdin that is not a terminal: data and end are emitted by the test. */
function fakeStdin(): NodeJS.ReadStream {
  return Object.assign(new EventEmitter(), { isTTY: false, pause() {}, resume() {}, setRawMode() {} }) as unknown as NodeJS.ReadStream;
}

describe('confirm-or-revert countdown', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('ticks the whole seconds left, once a second, and rolls back (false) when the time is up', async () => {
    vi.useFakeTimers();
    const ticks: number[] = [];
    const keep = waitForConfirmation(fakeStdin(), 3000, (s) => ticks.push(s));
    await vi.advanceTimersByTimeAsync(3000);
    expect(await keep).toBe(false);
    expect(ticks).toEqual([2, 1]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a key before the time is up keeps the changes and stops the countdown', async () => {
    vi.useFakeTimers();
    const stdin = fakeStdin();
    const ticks: number[] = [];
    const keep = waitForConfirmation(stdin, 8000, (s) => ticks.push(s));
    await vi.advanceTimersByTimeAsync(2000);
    stdin.emit('data', Buffer.from('\n'));
    expect(await keep).toBe(true);
    await vi.advanceTimersByTimeAsync(8000);
    expect(ticks).toEqual([7, 6]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('the line it rewrites says the seconds left, in the user\'s language', () => {
    expect(confirmText('en', 7)).toBe('Keep these changes? Press Enter within 7 s; otherwise pktdrop rolls them back.');
    expect(confirmText('zh', 7)).toBe('保留这些改动吗？请在 7 秒内按回车，否则 pktdrop 会回滚。');
  });
});
