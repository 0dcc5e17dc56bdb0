/**
 * The probe's words in Simplified Chinese (issue 16): why a fallback happened, why a probe could not
 * measure, and the route check's finding, each built by t() so the English (JSON, tests) is unchanged
 * and tr('zh', …) says it in Chinese with the data (commands, addresses, devices) untouched. The route
 * outputs are the recorded ones of test/fixtures/route (see route-get.source.txt); the connect probe
 * runs for real against a node `net` server on 127.0.0.1 (nothing leaves loopback).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FakeRunner } from '../../test/fakes/fake-runner.js';
import { tr } from '../i18n/index.js';
import { DEFAULT_PROBE, hping3Argv, runProbe, validateProbeSpec } from './probe.js';
import { judgeRoute, offPathFinding } from './route-check.js';
import type { ProbeSpec } from './types.js';
import { loopbackListeners } from '../../test/support/loopback.js';

const fixture = (path: string): string => readFileSync(new URL(`../../test/fixtures/${path}`, import.meta.url), 'utf8');
const spec = (over: Partial<ProbeSpec> = {}): ProbeSpec => ({ host: '127.0.0.1', port: 80, ...DEFAULT_PROBE, method: 'auto', ...over });

const listen = loopbackListeners();

describe('probe notes and failures in Chinese', () => {
  it('hping3 not installed: the fallback note and the built-in probe\'s description, address and port kept', async () => {
    const port = await listen();
    const runner = new FakeRunner().on(['hping3', '--version'], { notFound: true });
    const r = await runProbe(runner, spec({ port, count: 3, intervalMs: 20 }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.stats.notes).toEqual(['hping3 is not installed: used the built-in TCP connect probe']);
    expect(r.stats.notes.map((n) => tr('zh', n))).toEqual(['未安装 hping3：改用内置的 TCP 连接探测']);
    expect(tr('zh', r.stats.command)).toBe(`pktdrop 内置 TCP 连接探测：向 127.0.0.1:${port} 发起 3 次 connect()，每 20 ms 一次，每次超时 1000 ms`);
  });

  it('hping3 without root (recorded stderr) under auto: the note, and both runs joined in Chinese', async () => {
    const port = await listen();
    const argv = hping3Argv('127.0.0.1', port, 3, 20);
    const runner = new FakeRunner()
      .on(['hping3', '--version'], { stdout: 'hping3 version 3.0.0-alpha-2\n' })
      .on(argv, { stdout: fixture('hping3/not-root.stdout.txt'), stderr: fixture('hping3/not-root.stderr.txt'), exitCode: 1 });
    const r = await runProbe(runner, spec({ port, count: 3, intervalMs: 20 }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(tr('zh', r.stats.notes[0] ?? '')).toBe('hping3 需要 root 权限才能发送原始 SYN：改用内置的 TCP 连接探测');
    expect(tr('zh', r.stats.command)).toBe(
      `hping3 -c 3 -i u20000 -S -p ${port} 127.0.0.1；然后 pktdrop 内置 TCP 连接探测：向 127.0.0.1:${port} 发起 3 次 connect()，每 20 ms 一次，每次超时 1000 ms`,
    );
  });

  it('explicit hping3 that prints garbage: the reason names the command and hping3\'s first line, unchanged', async () => {
    const argv = hping3Argv('10.251.0.2', 80, 20, 100);
    const runner = new FakeRunner().on(['hping3', '--version'], { stdout: 'hping3 version 3.0.0-alpha-2\n' }).on(argv, { stdout: 'zzz\n', exitCode: 1 });
    const r = await runProbe(runner, spec({ host: '10.251.0.2', method: 'hping3' }));
    expect(r.ok).toBe(false);
    expect(!r.ok && tr('zh', r.reason)).toBe('hping3 -c 20 -i u100000 -S -p 80 10.251.0.2：hping3 没有输出统计摘要（第一行：zzz）');
  });

  it('an invalid spec is refused in Chinese, the bad value kept', () => {
    const why = validateProbeSpec(spec({ port: 70000 })) ?? '';
    expect(why).toBe('invalid probe port 70000: expected 1..65535');
    expect(tr('zh', why)).toBe('探测端口 70000 无效：应为 1..65535');
  });
});

describe('the route check in Chinese', () => {
  it('off path (the host end of the veth down, recorded): the finding\'s title, explanation and action, data kept', () => {
    const v = judgeRoute('ip -j route get 10.212.0.2', fixture('route/host-veth-down.json'), ['pd12rt-h']);
    expect(v.ok).toBe(false);
    if (v.ok) return;
    const f = offPathFinding(v, 'hping3 -c 20 -i u100000 -S -p 80 10.212.0.2');
    // English as before (JSON and the existing tests see it).
    expect(f.title).toBe('The route to 10.212.0.2 does not lead to the target: no probe was sent');
    expect(tr('zh', f.title)).toBe('到 10.212.0.2 的路由通不到目标：未发送任何探测');
    expect(tr('zh', f.explanation)).toBe(
      '到 10.212.0.2 的路由经由 eth0 上的网关 192.0.2.1，不经过目标的链路（pd12rt-h）：探测包会从 eth0 发出，发往那边应答该地址的任何主机。' +
        '到目标的路径已断（链路断开或路由缺失），所以 pktdrop 没有发送探测：它本会运行 hping3 -c 20 -i u100000 -S -p 80 10.212.0.2，而这些包到不了目标。',
    );
    expect(tr('zh', f.action)).toBe('ip -br link show dev pd12rt-h（目标的链路是否 up？）；ip route show；然后重新运行 pktdrop');
    // Data is never translated.
    expect(f.id).toBe('ip.route-off-path');
    expect(tr('zh', f.subject)).toBe('route to 10.212.0.2');
  });

  it('a local address: the route type and device kept', () => {
    const v = judgeRoute('ip -j route get 172.17.0.1', fixture('route/local.json'), ['docker0']);
    expect(!v.ok && tr('zh', v.reason)).toBe('到 172.17.0.1 的路由类型是 local（dev lo），不经过目标的链路（docker0）');
  });
});
