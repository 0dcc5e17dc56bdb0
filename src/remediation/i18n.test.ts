/**
 * Remediation's messages in Simplified Chinese (issue 16): apply failures, undo refusals and failures,
 * journal validation and the lock, each built by t() so the English (JSON, the journal on disk, the
 * existing tests) is unchanged, and tr('zh', …) says it in Chinese with the data (commands, device,
 * container name and ids, paths, the tools' own lines) untouched. The failing tc line is the one this
 * VM's iproute2 6.1 prints for a device that is gone (`tc qdisc del dev pd-h3-gone root`, exit 1).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeRunner } from '../../test/fakes/fake-runner.js';
import { HOST_TARGET } from '../../test/fakes/scenario.js';
import type { ResolvedTarget, TargetIdentity } from '../core/target.js';
import type { Command, CommandResult, FixProposal } from '../core/types.js';
import { tr } from '../i18n/index.js';
import { describeFailure, type Runner } from '../targets/runner.js';
import { applyFix } from './apply.js';
import { MemoryJournal } from './journal.js';
import { acquireTargetLock } from './lock.js';
import { undoChanges } from './undo.js';
import { invalidEntry } from './validate.js';

const GONE = 'Cannot find device "pd-h3-gone"\n';
const TBF: FixProposal = {
  id: 'qdisc.drops:target:qdisc tbf 800b: dev pd-h3-gone root', findingId: 'qdisc.drops', subject: 'qdisc tbf 800b: dev pd-h3-gone root',
  title: 'Delete the tbf qdisc on pd-h3-gone', risk: 'disruptive', scope: 'target',
  commands: [['tc', 'qdisc', 'del', 'dev', 'pd-h3-gone', 'root']],
  inverse: [['tc', 'qdisc', 'add', 'dev', 'pd-h3-gone', 'root', 'handle', '800b:', 'tbf', 'rate', '1Kbit', 'burst', '300b', 'limit', '100b']],
  presence: { argv: ['tc', 'qdisc', 'show', 'dev', 'pd-h3-gone'], marker: 'qdisc tbf 800b: ', match: 'substring' },
};

/** The strict fake for reads; every change fails as tc fails on a device that is gone, described by the real runner's words. */
class DeviceGoneRunner implements Runner {
  constructor(readonly reads: FakeRunner) {}
  readonly changes: (readonly string[])[] = [];
  async run(c: Command): Promise<CommandResult> {
    if (!c.mutates) return this.reads.run(c);
    this.changes.push(c.argv);
    const failure = describeFailure(c.argv, { exitCode: 1, stderr: GONE, timedOut: false, isTerminated: false, isCanceled: false }, c.timeoutMs);
    return { argv: c.argv, executed: true, exitCode: 1, stdout: '', stderr: GONE, durationMs: 1, ok: false, failure };
  }
}

describe('apply and undo failures in Chinese', () => {
  it('a fix whose command fails: the command and tc\'s own line kept, the rest in Chinese', async () => {
    const runner = new DeviceGoneRunner(new FakeRunner().on(['tc', 'qdisc', 'show', 'dev', 'pd-h3-gone'], 'qdisc tbf 800b: root refcnt 2 rate 1Kbit burst 300b lat 0us\n'));
    const r = await applyFix(runner, HOST_TARGET, await new MemoryJournal().begin({ kind: 'host' }), TBF);
    expect(r.status).toBe('failed');
    if (r.status !== 'failed') return;
    expect(r.message).toBe('tc qdisc del dev pd-h3-gone root failed: tc exited with 1: Cannot find device "pd-h3-gone"');
    expect(tr('zh', r.message)).toBe('tc qdisc del dev pd-h3-gone root 执行失败：tc 以退出码 1 退出：Cannot find device "pd-h3-gone"');
  });

  it('an object no longer as measured: not applied, subject and marker kept', async () => {
    const runner = new FakeRunner().on(['tc', 'qdisc', 'show', 'dev', 'pd-h3-gone'], 'qdisc noqueue 0: root refcnt 2\n');
    const r = await applyFix(runner, HOST_TARGET, await new MemoryJournal().begin({ kind: 'host' }), TBF);
    expect(r.status === 'failed' && tr('zh', r.message)).toBe(
      '未执行：qdisc tbf 800b: dev pd-h3-gone root 已不是测量时的状态（tc qdisc show dev pd-h3-gone 的输出里没有 "qdisc tbf 800b:"）：未做任何更改',
    );
  });

  it('an undo whose inverse fails and whose state is not back: both failures said one after another, in Chinese', async () => {
    const journal = new MemoryJournal();
    const run = await journal.begin({ kind: 'host' });
    const e = await run.record(TBF);
    e.status = 'applied';
    e.completed = 1;
    const runner = new DeviceGoneRunner(new FakeRunner().on(['tc', 'qdisc', 'show', 'dev', 'pd-h3-gone'], 'qdisc noqueue 0: root refcnt 2\n'));
    const report = await undoChanges(runner, HOST_TARGET, journal);
    const message = report.steps[0]?.message ?? '';
    expect(message).toBe(
      'tc qdisc add dev pd-h3-gone root handle 800b: tbf rate 1Kbit burst 300b limit 100b: tc exited with 1: Cannot find device "pd-h3-gone"; ' +
        're-reading the state does not show it restored',
    );
    expect(tr('zh', message)).toBe(
      'tc qdisc add dev pd-h3-gone root handle 800b: tbf rate 1Kbit burst 300b limit 100b：tc 以退出码 1 退出：Cannot find device "pd-h3-gone"；' +
        '重新读取状态后，未见它已恢复',
    );
  });
});

describe('undo refusals in Chinese', () => {
  const OLD: TargetIdentity = { containerId: 'aaaaaaaaaaaa0000000000000000000000000000000000000000000000000000', pid: 100, pidStart: 5000 };
  const NOW: TargetIdentity = { containerId: 'bbbbbbbbbbbb0000000000000000000000000000000000000000000000000000', pid: 200, pidStart: 9000 };
  const spec = { kind: 'container', ref: 'web', runtime: 'docker' } as const;
  const target = (identity: TargetIdentity): ResolvedTarget => ({
    spec, label: 'container web (bbbbbbbbbbbb)', access: { via: 'nsenter', pid: 200 }, identity, addresses: [], listeningPorts: [], interfaces: ['eth0'], notes: [],
  });

  it('a container re-created under its name: refused, the ids and the label kept, nothing run', async () => {
    const journal = new MemoryJournal();
    const run = await journal.begin(spec, OLD);
    const e = await run.record(TBF);
    e.status = 'applied';
    const runner = new FakeRunner();
    const r = await undoChanges(runner, target(NOW), journal);
    const message = r.steps[0]?.message ?? '';
    expect(message).toBe('refused: container web is another container now (id aaaaaaaaaaaa then, bbbbbbbbbbbb now): it was removed and created again under the same name. Nothing was run in container web (bbbbbbbbbbbb)');
    expect(tr('zh', message)).toBe(
      '已拒绝：容器 web 现在已是另一个容器（当时 id aaaaaaaaaaaa，现在 bbbbbbbbbbbb）：它被删除后又以同名重新创建。未在 container web (bbbbbbbbbbbb) 中运行任何命令',
    );
    expect(runner.mutations).toEqual([]);
  });

  it('a journal entry edited by hand: the reason and the offending command kept', async () => {
    const journal = new MemoryJournal();
    const run = await journal.begin(spec, OLD);
    const e = await run.record({ ...TBF, inverse: [['iptables', '-t', 'filter', '-F', 'INPUT']] });
    e.status = 'applied';
    const r = await undoChanges(new FakeRunner(), target(OLD), journal);
    const zh = tr('zh', r.steps[0]?.message ?? '');
    expect(zh).toBe('已拒绝：这条变更日志记录不是 pktdrop 写的（只撤销 -I（把规则插回去），不撤销 -F（出现在：iptables -t filter -F INPUT））；它被手工改过，所以其中的命令一条都没有运行。请检查 memory:mem-0');
  });

  it('validation reasons on their own', () => {
    const why = invalidEntry({ scope: 'target', inverse: [['tc', 'qdisc', 'add', 'dev', 'eth0', 'root', 'handle', '1:', 'nosuchkind']] }) ?? '';
    expect(tr('zh', why)).toBe('"nosuchkind" 不是 pktdrop 会删除的队列规则（qdisc）（出现在：tc qdisc add dev eth0 root handle 1: nosuchkind）');
  });
});

describe('the lock and the state directory in Chinese', () => {
  it('another pktdrop holds the target: its pid and command kept', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pktdrop-i18n-lock-'));
    const spec = { kind: 'container', ref: 'nginx', runtime: 'docker' } as const;
    const first = await acquireTargetLock(spec, { dir, pid: 111, command: 'pktdrop diagnose --container nginx', isAlive: () => true });
    const second = await acquireTargetLock(spec, { dir, pid: 222, waitMs: 20, pollMs: 5, isAlive: () => true });
    expect(second.ok).toBe(false);
    const zh = second.ok ? '' : tr('zh', second.message);
    expect(zh).toMatch(/^另一个 pktdrop（pid 111，"pktdrop diagnose --container nginx"，始于 \S+）正在修改这个目标；请等它结束，或停止它$/);
    if (first.ok) await first.release();
  });

  it('a state directory that is a file: the path kept, the reason in Chinese', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'pktdrop-i18n-state-'));
    const file = join(parent, 'not-a-dir');
    writeFileSync(file, '');
    const lock = await acquireTargetLock({ kind: 'host' }, { dir: file });
    expect(!lock.ok && tr('zh', lock.message)).toBe(`状态目录 ${file} 不是目录：未做任何更改（变更日志和锁都放在这里）；请把 PKTDROP_STATE_DIR 设为一个可写的目录`);
  });
});
