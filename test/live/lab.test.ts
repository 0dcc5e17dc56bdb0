/**
 * Live tests of `pktdrop lab` itself, on this machine (Debian 12 VM, kernel 6.18, Docker with vfs,
 * podman 4.3 with CNI): real containers and namespaces, real faults, real probes (bounded: 20 SYNs
 * at 10/s, only to the lab's own address). Every test removes what it made and checks that nothing
 * of its lab is left (its footprint: container, netns, veth, state, rules carrying its id); what
 * else exists on the host is not its business.
 */
import { describe, expect, test } from 'vitest';
import { labDown, labStatus, labUp } from '../../src/lab/lab.js';
import { LAB_ENGINES } from '../../src/lab/lab-parts.js';
import {
  EMPTY_FOOTPRINT,
  hpingLoss,
  httpGet,
  inLabNamespace,
  labFootprint,
  labName,
  labObjects,
  nftDropPackets,
  requireLabOrSkip,
  runner,
  settledFootprint,
  tcpExtCounter,
  withLab,
} from './lab-fixture.js';
import { readCommand } from '../../src/targets/runner.js';

describe('lab names', () => {
  test('a bad name is rejected before anything is created', async () => {
    for (const name of ['-rm', 'a b', '', 'x'.repeat(64), '../etc', 'nginx;id']) {
      const r = await labUp(runner, { name, engine: 'netns', faults: [] });
      expect(r.ok, name).toBe(false);
      if (!r.ok) expect(r.message).toMatch(/invalid lab name/);
    }
  });

  test('lab down of a lab that does not exist removes nothing and succeeds', async () => {
    const r = await labDown(runner, { name: 'pktdrop-never-created' });
    expect(r).toEqual({ ok: true, removed: [] });
  });
});

describe.each(LAB_ENGINES)('%s lab', (engine) => {
  const name = labName(`pdtest-${engine}`);

  test('healthy lab: nginx answers 200 on :80 and a SYN probe loses nothing', async (ctx) => {
    await requireLabOrSkip(engine, ctx);
    await withLab({ name, engine, faults: [] }, async (info) => {
      expect(info.engine).toBe(engine);
      expect(info.address).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
      expect(info.diagnoseArgs).toEqual(
        engine === 'netns' ? ['diagnose', '--netns', name]
          : engine === 'podman' ? ['diagnose', '--container', name, '--runtime', 'podman']
            : ['diagnose', '--container', name],
      );
      const body = await httpGet(info.address);
      expect(body).toMatch(/^HTTP\/1\.1 200 OK/);
      expect(body).toMatch(/\r\n\r\nok\n$/);
      const probe = await hpingLoss(info.address, 80);
      expect(probe.sent).toBe(20);
      expect(probe.lossPct).toBe(0);
      const status = await labStatus(runner);
      expect(status.ok && status.labs.find((l) => l.name === name)).toMatchObject({ healthy: true, problems: [] });
    });
  });

  test("seed faults (random-drop rules + netem, or tbf without sch_netem): probes lose packets; down restores the host", async (ctx) => {
    await requireLabOrSkip(engine, ctx);
    const up = await withLab({ name, engine, faults: ['iptables-random-drop', 'netem-loss'] }, async (info) => {
        expect(info.faults).toContain('iptables-random-drop');
        expect(info.faults.some((f) => f === 'netem-loss' || f === 'qdisc-drop')).toBe(true);
        const rules = await runner.run(readCommand(inLabNamespace(info, ['iptables', '-S'])));
        expect(rules.stdout).toContain('-A INPUT -m statistic --mode random --probability 0.29999999981 -j DROP');
        expect(rules.stdout).toContain('-A OUTPUT -m statistic --mode random --probability 0.29999999981 -j DROP');
        const qdisc = await runner.run(readCommand(inLabNamespace(info, ['tc', '-s', 'qdisc', 'show', 'dev', 'eth0'])));
        expect(qdisc.stdout).toMatch(/qdisc (netem|tbf) /);
        const probe = await hpingLoss(info.address, 80);
        console.log(`${engine} seed faults (${info.faults.join(',')}): ${probe.stderr.trim().split('\n').slice(-2).join(' | ')}; distinct answered ${probe.answered}/${probe.sent}`);
        expect(probe.sent).toBe(20);
        expect(probe.lossPct).toBeGreaterThan(0);
        return info;
      }, { netemFallback: true });
    expect(up.name).toBe(name);
  });

  test('qdisc-drop alone: the tbf qdisc drops at 10 SYN probes/s and its dropped counter rises', async (ctx) => {
    await requireLabOrSkip(engine, ctx);
    await withLab({ name, engine, faults: ['qdisc-drop'] }, async (info) => {
      const probe = await hpingLoss(info.address, 80);
      const qdisc = await runner.run(readCommand(inLabNamespace(info, ['tc', '-s', 'qdisc', 'show', 'dev', 'eth0'])));
      const dropped = Number(/dropped (\d+)/.exec(qdisc.stdout)?.[1] ?? NaN);
      console.log(`${engine} qdisc-drop: loss ${probe.lossPct}% (${probe.answered}/${probe.sent}), tbf dropped ${dropped}`);
      expect(probe.lossPct).toBeGreaterThan(0);
      expect(dropped).toBeGreaterThan(0);
    });
  });

  test('listen-overflow: SYNs to 8080 are dropped and TcpExtListenDrops rises in the target', async (ctx) => {
    await requireLabOrSkip(engine, ctx);
    await withLab({ name, engine, faults: ['listen-overflow'] }, async (info) => {
      const before = await tcpExtCounter(info, 'ListenDrops');
      const overflowsBefore = await tcpExtCounter(info, 'ListenOverflows');
      const probe = await hpingLoss(info.address, 8080, 10);
      const after = await tcpExtCounter(info, 'ListenDrops');
      const overflowsAfter = await tcpExtCounter(info, 'ListenOverflows');
      console.log(`${engine} listen-overflow: loss ${probe.lossPct}%, ListenDrops ${before}->${after}, ListenOverflows ${overflowsBefore}->${overflowsAfter}`);
      expect(probe.lossPct).toBe(100);
      expect(after - before).toBeGreaterThanOrEqual(10);
      expect(overflowsAfter - overflowsBefore).toBeGreaterThanOrEqual(10);
      // port 80 is untouched by this fault
      expect((await hpingLoss(info.address, 80, 10)).lossPct).toBe(0);
    });
  });

  test('nft-drop: port 80 is dropped and the rule counter rises', async (ctx) => {
    await requireLabOrSkip(engine, ctx);
    await withLab({ name, engine, faults: ['nft-drop'] }, async (info) => {
      const before = await nftDropPackets(info);
      const probe = await hpingLoss(info.address, 80, 10);
      const after = await nftDropPackets(info);
      console.log(`${engine} nft-drop: loss ${probe.lossPct}%, rule counter ${before}->${after}`);
      expect(probe.lossPct).toBe(100);
      expect(after - before).toBeGreaterThanOrEqual(10);
    });
  });

  test('lab down twice is fine, and lab up of an existing name is refused', async (ctx) => {
    await requireLabOrSkip(engine, ctx);
    expect(await labFootprint(name)).toEqual(EMPTY_FOOTPRINT);
    const up = await labUp(runner, { name, engine, faults: [] });
    expect(up.ok).toBe(true);
    const objects = up.ok ? await labObjects(up.info) : { hostLinks: [] };
    try {
      const again = await labUp(runner, { name, engine, faults: [] });
      expect(again.ok).toBe(false);
      if (!again.ok) expect(again.message).toMatch(/already exists/);
    } finally {
      const first = await labDown(runner, { name });
      expect(first.ok, first.ok ? '' : first.message).toBe(true);
      expect(first.removed.length).toBeGreaterThan(0);
    }
    // Right after the first down nothing the lab made is left (a netns lab's veth included: down
    // waits for the kernel to destroy it); a container's veth peer is the engine's, given 5 s.
    expect(await labFootprint(name)).toEqual(EMPTY_FOOTPRINT);
    expect(await settledFootprint(name, objects)).toEqual(EMPTY_FOOTPRINT);
    const second = await labDown(runner, { name });
    expect(second).toEqual({ ok: true, removed: [] });
  });

  test('down then up again at once under the same name (the old veth must not be in the way)', async (ctx) => {
    await requireLabOrSkip(engine, ctx);
    for (let round = 0; round < 2; round++) {
      const up = await labUp(runner, { name, engine, faults: [] });
      expect(up.ok, up.ok ? '' : `${up.message} ${up.hint ?? ''}`).toBe(true);
      const down = await labDown(runner, { name });
      expect(down.ok, down.ok ? '' : down.message).toBe(true);
    }
    expect(await settledFootprint(name)).toEqual(EMPTY_FOOTPRINT);
  });

  test('explicit netem-loss: works where sch_netem exists, else fails plainly and rolls back', async (ctx) => {
    await requireLabOrSkip(engine, ctx);
    expect(await labFootprint(name)).toEqual(EMPTY_FOOTPRINT);
    const up = await labUp(runner, { name, engine, faults: ['netem-loss'] });
    if (up.ok) {
      expect(up.info.faults).toEqual(['netem-loss']);
      expect((await labDown(runner, { name })).ok).toBe(true);
    } else {
      expect(up.message).toMatch(/no sch_netem/);
      expect(up.hint).toMatch(/qdisc-drop/);
    }
    expect(await settledFootprint(name)).toEqual(EMPTY_FOOTPRINT);
  });
});
