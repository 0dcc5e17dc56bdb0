/**
 * The pinned probe on recorded `ip -j route get` outputs (test/fixtures/route, see its .source.txt):
 * a route by the target's link lets the probe go; the default route via a gateway (the host end of a
 * veth down), a local address or no route at all stops it, and the broken path is the finding.
 */
import { describe, expect, it } from 'vitest';
import { checkProbeRoute, judgeRoute, offPathFinding, parseRouteGet } from './route-check.js';
import { FakeRunner } from '../../test/fakes/fake-runner.js';
import { fixture } from '../../test/fakes/scenario.js';

const CMD = 'ip -j route get 10.212.0.2';
const PATH = ['pd12rt-h'];

describe('parseRouteGet', () => {
  it('reads dst, dev, gateway, type and flags', () => {
    expect(parseRouteGet(fixture('fixtures/route/host-veth-down.json'))).toEqual({ dst: '10.212.0.2', dev: 'eth0', gateway: '192.0.2.1', flags: [] });
    expect(parseRouteGet(fixture('fixtures/route/local.json'))).toEqual({ dst: '172.17.0.1', dev: 'lo', type: 'local', flags: [] });
    expect(parseRouteGet('RTNETLINK answers: Network is unreachable')).toBeUndefined();
  });
});

describe('judgeRoute', () => {
  it('by the target\'s link: the probe may go', () => {
    expect(judgeRoute(CMD, fixture('fixtures/route/up.json'), PATH)).toMatchObject({ ok: true, route: { dev: 'pd12rt-h' } });
    // The namespace's end down: the route still leaves by the veth (the packets stay on this machine).
    expect(judgeRoute(CMD, fixture('fixtures/route/peer-down.json'), PATH)).toMatchObject({ ok: true });
  });
  it('the host end of the veth down: the default route via the gateway on eth0 — no probe', () => {
    const v = judgeRoute(CMD, fixture('fixtures/route/host-veth-down.json'), PATH);
    expect(v).toMatchObject({
      ok: false,
      reason: 'the route to 10.212.0.2 goes via the gateway 192.0.2.1 on eth0, not by the target\'s link (pd12rt-h): a probe would leave by eth0 toward whatever answers for that address there',
    });
  });
  it('another device, or a local address: no probe', () => {
    expect(judgeRoute(CMD, fixture('fixtures/route/up.json'), ['veth0', 'docker0'])).toMatchObject({ ok: false, reason: 'the route to 10.212.0.2 leaves by pd12rt-h, not by the target\'s link (veth0, docker0)' });
    expect(judgeRoute('ip -j route get 172.17.0.1', fixture('fixtures/route/local.json'), ['docker0'])).toMatchObject({ ok: false, reason: 'the route to 172.17.0.1 is of type local (dev lo), not by the target\'s link (docker0)' });
  });
});

describe('checkProbeRoute and the finding', () => {
  it('no route at all (recorded stderr, exit 2): no probe, and the finding says what would have run', async () => {
    const runner = new FakeRunner().on(['ip', '-j', 'route', 'get', '10.212.0.2'], { exitCode: 2, stderr: fixture('fixtures/route/unreachable.stderr') });
    const v = await checkProbeRoute(runner, '10.212.0.2', PATH);
    expect(v.ok).toBe(false);
    if (v.ok) return;
    expect(v.reason).toBe('ip -j route get 10.212.0.2: RTNETLINK answers: Network is unreachable: there is no route to the target');
    const f = offPathFinding(v, 'hping3 -c 20 -i u100000 -S -p 80 10.212.0.2');
    expect(f).toMatchObject({ id: 'ip.route-off-path', layer: 'ip', scope: 'host', severity: 'error', basis: 'state', role: 'cause', subject: 'route to the target' });
    expect(f.explanation).toContain('it would have run hping3 -c 20 -i u100000 -S -p 80 10.212.0.2');
    expect(f.evidence).toEqual([{ kind: 'state', name: 'route', subject: 'route', value: 'RTNETLINK answers: Network is unreachable', source: 'ip -j route get 10.212.0.2' }]);
  });
  it('the gateway case through the runner', async () => {
    const runner = new FakeRunner().on(['ip', '-j', 'route', 'get', '10.212.0.2'], fixture('fixtures/route/host-veth-down.json'));
    const v = await checkProbeRoute(runner, '10.212.0.2', PATH);
    expect(v).toMatchObject({ ok: false, route: { dev: 'eth0', gateway: '192.0.2.1' } });
    if (v.ok) return;
    expect(offPathFinding(v, 'x')).toMatchObject({ subject: 'route to 10.212.0.2', title: 'The route to 10.212.0.2 does not lead to the target: no probe was sent', action: 'ip -br link show dev pd12rt-h (is the target\'s link up?); ip route show; then rerun pktdrop' });
  });
});
