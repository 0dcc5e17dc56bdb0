/** The guarded runner (issue 13): nothing runs in a target after it is lost; the first loss is kept with its step. */
import { describe, expect, it } from 'vitest';
import { FakeRunner } from '../../test/fakes/fake-runner.js';
import { GuardedRunner } from './guard.js';
import { mutateCommand, readCommand } from './runner.js';

const WHY = 'container web stopped (its init, pid 4242, is gone)';

describe('GuardedRunner', () => {
  it('runs commands while the target is there; from the loss on, every command is void and not run', async () => {
    let gone = false;
    const fake = new FakeRunner().on(['tc', '-s', 'qdisc', 'show'], 'qdisc noqueue 0: dev eth0 root refcnt 2\n').on(['tc', 'qdisc', 'del', 'dev', 'eth0', 'root'], '');
    const guard = new GuardedRunner(fake, { lost: async () => (gone ? WHY : undefined) });
    guard.setStep('measuring: reading every layer');
    expect((await guard.run(readCommand(['tc', '-s', 'qdisc', 'show']))).ok).toBe(true);
    expect(await guard.run(mutateCommand(['tc', 'qdisc', 'del', 'dev', 'eth0', 'root']))).toMatchObject({ ok: true });
    gone = true;
    guard.setStep('verifying: reading every layer');
    const r = await guard.run(readCommand(['iptables-save']));
    expect(r).toMatchObject({ ok: false, executed: false, failure: { kind: 'void', hint: `void: ${WHY}; iptables-save was not run` } });
    expect(guard.lost).toMatchObject({ why: WHY, during: 'verifying: reading every layer', changesBefore: 1 });
    // Even if the target looked fine again, nothing runs any more.
    gone = false;
    expect((await guard.run(mutateCommand(['tc', 'qdisc', 'del', 'dev', 'eth0', 'root']))).failure?.kind).toBe('void');
    expect(await guard.targetLost()).toBe(WHY);
    expect(fake.mutations).toEqual([['tc', 'qdisc', 'del', 'dev', 'eth0', 'root']]);
  });

  it('a read during which the target went is void (its output came from a namespace being torn down)', async () => {
    let calls = 0;
    const fake = new FakeRunner().on(['cat', '/proc/net/snmp'], 'Ip: Forwarding\n');
    const guard = new GuardedRunner(fake, { lost: async () => (calls++ >= 1 ? WHY : undefined) });
    const r = await guard.run(readCommand(['cat', '/proc/net/snmp']));
    expect(r.failure?.kind).toBe('void');
    expect(r.stdout).toBe('');
  });

  it('a change that ran while the target went is reported as it ran: it happened, and it is journaled', async () => {
    let calls = 0;
    const fake = new FakeRunner().on(['tc', 'qdisc', 'del', 'dev', 'eth0', 'root'], '');
    const guard = new GuardedRunner(fake, { lost: async () => (calls++ >= 1 ? WHY : undefined) });
    expect((await guard.run(mutateCommand(['tc', 'qdisc', 'del', 'dev', 'eth0', 'root']))).ok).toBe(true);
    expect(guard.lost?.changesBefore).toBe(1);
  });
});
