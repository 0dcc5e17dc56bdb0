/**
 * The runner's and the target modules' messages in Simplified Chinese (issue 16): each is built by t(),
 * so English stays what JSON and the journal see, and tr('zh', …) says the same thing in Chinese with
 * the data (program, device, container name and id, ssh's own line) untouched. The failures come from
 * the real code on real inputs: a program that does not exist started through the ProcessRunner, and
 * outputs recorded on this project's VM (test/fixtures/docker/SOURCES.txt, test/fixtures/ssh/*.source.txt).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FakeRunner } from '../../test/fakes/fake-runner.js';
import { tr } from '../i18n/index.js';
import { sectionResult } from './batch.js';
import { voidResult } from './guard.js';
import { identityMismatch, targetName } from './pin.js';
import { discoverLinks, resolveTarget } from './resolve.js';
import { describeFailure, ProcessRunner, readCommand } from './runner.js';
import { classifySshFailure, describeSshFailure, parseSshDestination } from './ssh.js';

const fixture = (path: string): string => readFileSync(new URL(`../../test/fixtures/${path}`, import.meta.url), 'utf8');
const CJK = /[\u3400-\u9fff]/;

describe('the runner\'s hints in Chinese', () => {
  it('a missing tool (a real ENOENT from the ProcessRunner): Chinese, the program name kept', async () => {
    const r = await new ProcessRunner().run(readCommand(['pktdrop-h3-no-such-tool', '-V'], 5000));
    expect(r.failure?.kind).toBe('not-found');
    const hint = r.failure?.hint ?? '';
    expect(hint).toBe('pktdrop-h3-no-such-tool not found: install it or add it to PATH');
    expect(tr('zh', hint)).toBe('找不到 pktdrop-h3-no-such-tool：请安装它，或把它所在目录加入 PATH');
    expect(tr('en', hint)).toBe(hint);
  });

  it('a host tool missing, run in the target through nsenter (the recorded message of a host without tc): install it on the host, not "run as root"', () => {
    // test/e2e/fixtures/incomplete-container-yes.json: pktdrop ran as root, the host has no tc.
    const f = describeFailure(['nsenter', '--net=/proc/1/fd/9', '--', 'tc', '-s', 'qdisc', 'show'], {
      exitCode: 127, stderr: 'nsenter: failed to execute tc: No such file or directory\n', stdout: '',
      timedOut: false, isTerminated: false, isCanceled: false,
    }, 10_000);
    expect(f).toEqual({ kind: 'not-found', hint: "tc not found: install it on the host (pktdrop runs the host's tc in this scope)" });
    expect(tr('zh', f.hint)).toMatch(/宿主机/);
  });

  it('a tool missing inside the container (docker exec, the OCI runtime\'s recorded message): the inner program is named', () => {
    const f = describeFailure(['docker', 'exec', 'pdtmp-bare3', 'sh', '-c', ':'], {
      exitCode: 126, stderr: fixture('docker/exec-no-shell.stderr'), stdout: fixture('docker/exec-no-shell.stdout'),
      timedOut: false, isTerminated: false, isCanceled: false,
    }, 10_000);
    expect(f).toEqual({ kind: 'not-found', hint: "sh not found in the target: install it there, or run pktdrop as root so it can use the host's sh" });
    expect(tr('zh', f.hint)).toBe('目标内找不到 sh：请在目标内安装，或以 root 运行 pktdrop，让它使用宿主机的 sh');
  });

  it('a namespace that is gone: the tool\'s own line stays as it was printed', () => {
    const stderr = fixture('docker/netns-exec-unknown.stderr');
    const f = describeFailure(['ip', 'netns', 'exec', 'nosuchns', 'true'], { exitCode: 1, stderr, timedOut: false, isTerminated: false, isCanceled: false }, 10_000);
    const line = stderr.trim().split('\n')[0] ?? '';
    expect(line).toMatch(/^Cannot open network namespace "nosuchns"/);
    expect(tr('zh', f.hint)).toBe(`目标的网络命名空间已不存在（${line}）：容器已停止，或命名空间已被删除`);
  });

  it('a timeout and a plain non-zero exit keep the command, the milliseconds and the first stderr line', () => {
    const argv = ['tc', '-s', 'qdisc', 'show', 'dev', 'eth0'];
    const timeout = describeFailure(argv, { timedOut: true, isTerminated: true, stderr: '', isCanceled: false }, 10_000);
    expect(tr('zh', timeout.hint)).toBe('tc -s qdisc show dev eth0 未在 10000 ms 内结束，已被强制终止');
    // Recorded here: `tc qdisc del dev pktdrop-h3-nope root handle 800b:` (iproute2 6.1), exit 1.
    const exited = describeFailure(['tc', 'qdisc', 'del', 'dev', 'pktdrop-h3-nope', 'root', 'handle', '800b:'], {
      exitCode: 1, stderr: 'Cannot find device "pktdrop-h3-nope"\n', timedOut: false, isTerminated: false, isCanceled: false,
    }, 15_000);
    expect(exited.hint).toBe('tc exited with 1: Cannot find device "pktdrop-h3-nope"');
    expect(tr('zh', exited.hint)).toBe('tc 以退出码 1 退出：Cannot find device "pktdrop-h3-nope"');
  });

  it('a batched read whose tool the host lacks (the shell\'s 127): told to install it on the host', () => {
    const r = sectionResult({ prefix: ['nsenter', '-t', '42', '-n', '--'], watchdog: true }, readCommand(['ethtool', '-S', 'eth0']),
      { stdout: '', stderr: 'sh: 1: ethtool: not found', exitCode: 127 }, 3);
    expect(tr('zh', r.failure?.hint ?? '')).toBe('找不到 ethtool：请在宿主机上安装（在这个范围内 pktdrop 运行的是宿主机的 ethtool）');
  });

  it('a read voided by the target\'s loss: the reason is said in Chinese inside the hint', () => {
    const name = targetName({ spec: { kind: 'container', ref: 'nginx', runtime: 'docker' } });
    const why = identityMismatch(name, { pid: 4242, pidStart: 5000 }, { pid: 4317, pidStart: 9000 });
    expect(why).toBeDefined();
    const r = voidResult(readCommand(['nsenter', '-t', '4242', '-n', '--', 'nstat', '-az']), why ?? '');
    expect(r.failure?.hint).toBe('void: container nginx was restarted (init pid 4242 then, 4317 now): its network namespace is not the one that was changed; nstat was not run');
    expect(tr('zh', r.failure?.hint ?? '')).toBe('作废：容器 nginx 已重启（当时 init pid 4242，现在 4317）：它的网络命名空间不是当初被修改的那个；未运行 nstat');
  });
});

describe('resolving and pinning a target in Chinese', () => {
  it('an unknown container (docker\'s recorded answer) and a missing namespace: the names kept', async () => {
    const runner = new FakeRunner()
      .on(['docker', 'container', 'inspect', 'nosuchcontainer'], { stdout: fixture('docker/inspect-no-such.stdout'), stderr: fixture('docker/inspect-no-such.stderr'), exitCode: 1 })
      .on(['ip', 'netns', 'exec', 'nosuchns', 'ip', '-j', '-4', 'addr', 'show'], { stderr: fixture('docker/netns-exec-unknown.stderr'), exitCode: 1 });
    const c = await resolveTarget(runner, { kind: 'container', ref: 'nosuchcontainer', runtime: 'docker' }, { isRoot: true });
    expect(c).toEqual({ ok: false, message: 'no container named "nosuchcontainer": docker ps -a lists the containers' });
    expect(!c.ok && tr('zh', c.message)).toBe('没有名为 "nosuchcontainer" 的容器：用 docker ps -a 列出所有容器');
    const n = await resolveTarget(runner, { kind: 'netns', name: 'nosuchns' }, { isRoot: true });
    expect(!n.ok && tr('zh', n.message)).toBe('没有名为 "nosuchns" 的网络命名空间：用 ip netns list 查看已有的命名空间');
  });

  it('a stopped container (recorded inspect): Chinese, with its name, status and the start command', async () => {
    const runner = new FakeRunner().on(['docker', 'container', 'inspect', 'pdstopped'], fixture('docker/inspect-stopped.json'));
    const r = await resolveTarget(runner, { kind: 'container', ref: 'pdstopped', runtime: 'docker' }, { isRoot: true });
    expect(r.ok).toBe(false);
    const zh = r.ok ? '' : tr('zh', r.message);
    expect(zh).toMatch(CJK);
    expect(zh).toContain('容器 "pdstopped" 没有运行（状态：created）');
    expect(zh).toContain('docker start pdstopped');
  });

  it('a container re-created under its name: both ids kept, the name said as 容器', () => {
    const name = targetName({ spec: { kind: 'container', ref: 'web', runtime: 'docker' } });
    const why = identityMismatch(name, { containerId: 'aaaaaaaaaaaa1111' }, { containerId: 'bbbbbbbbbbbb2222' }) ?? '';
    expect(why).toBe('container web is another container now (id aaaaaaaaaaaa then, bbbbbbbbbbbb now): it was removed and created again under the same name');
    expect(tr('zh', why)).toBe('容器 web 现在已是另一个容器（当时 id aaaaaaaaaaaa，现在 bbbbbbbbbbbb）：它被删除后又以同名重新创建');
  });

  it('a veth whose peer lives in another namespace: the note keeps the device names and ifindexes', () => {
    const inside = [{ name: 'eth0', ifindex: 2, peerIfindex: 9 }] as Parameters<typeof discoverLinks>[0];
    const host = [{ name: 'vethX', ifindex: 9, peerIfindex: 5 }] as Parameters<typeof discoverLinks>[1];
    const note = discoverLinks(inside, host).notes[0] ?? '';
    expect(tr('zh', note)).toBe('eth0 的对端（ifindex 9）在另一个命名空间里：宿主机上 ifindex 9 是 vethX，它指向 ifindex 5 而不是 2，所以不在这条路径上');
  });
});

describe('ssh in Chinese', () => {
  it('a refused connection (recorded): ssh\'s own line untouched, the advice in Chinese', () => {
    const stderr = fixture('ssh/refused.stderr.txt');
    const f = classifySshFailure('10.252.113.13', 255, stderr, false);
    const s = describeSshFailure(f);
    expect(s).toBe('unreachable: ssh: connect to host 10.252.113.13 port 22: Connection refused — check that 10.252.113.13 is up and its sshd listens (ssh -G 10.252.113.13 shows the address and port used)');
    expect(tr('zh', s)).toBe('unreachable：ssh: connect to host 10.252.113.13 port 22: Connection refused——检查 10.252.113.13 是否在线、sshd 是否在监听（ssh -G 10.252.113.13 会显示实际使用的地址和端口）');
  });

  it('a refused host name says why in Chinese, the name kept', () => {
    const r = parseSshDestination('-oProxyCommand=x');
    expect(typeof r === 'string' && tr('zh', r)).toBe('主机 "-oProxyCommand=x" 以 "-" 开头，拒绝使用（ssh 会把它当成选项）');
  });
});
