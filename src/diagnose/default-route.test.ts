/**
 * The operator's own route (issue 13): unattended, a host fix on the default-route interface is held as
 * a proposal unless --confirm-timeout guards it. Routes are this machine's, recorded
 * (test/fixtures/ip/host-route-default-j.json.source.txt).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FakeRunner } from '../../test/fakes/fake-runner.js';
import { yesPrompter } from '../core/prompter.js';
import type { Finding, FixProposal } from '../core/types.js';
import { defaultRouteDevices, deviceOf, holdDefaultRouteFixes } from './default-route.js';

const v4 = readFileSync(new URL('../../test/fixtures/ip/host-route-default-j.json', import.meta.url), 'utf8');
const v6 = readFileSync(new URL('../../test/fixtures/ip/host-route6-default-j.json', import.meta.url), 'utf8');
const fix = (dev: string, scope: 'target' | 'host' = 'target'): FixProposal => ({
  id: `qdisc.netem:${scope}:${dev}`, findingId: 'qdisc.netem', subject: dev, title: `Delete the netem qdisc on ${dev}`, risk: 'safe', scope,
  commands: [['tc', 'qdisc', 'del', 'dev', dev, 'root']], inverse: [['tc', 'qdisc', 'add', 'dev', dev, 'root', 'netem', 'loss', '30%']],
});
const finding: Finding = { id: 'qdisc.netem', layer: 'qdisc', scope: 'target', severity: 'error', basis: 'state', role: 'cause', subject: 'eth0', title: 't', explanation: 'e', evidence: [], action: 'a' };

describe('default-route interfaces', () => {
  it('read from ip -j route show default (v4 and v6)', () => {
    expect(defaultRouteDevices(v4, v6)).toEqual(['eth0']);
    expect(defaultRouteDevices('garbage', '[]')).toEqual([]);
    expect(deviceOf(fix('veth9'))).toBe('veth9');
  });

  it('--yes on the host: a fix on eth0 is held with its reason; a fix elsewhere is applied', async () => {
    const runner = new FakeRunner().on(['ip', '-j', 'route', 'show', 'default'], v4).on(['ip', '-j', '-6', 'route', 'show', 'default'], v6);
    const p = holdDefaultRouteFixes(yesPrompter, runner, { kind: 'host' });
    expect(await p.decideFix(fix('eth0'), finding, 0, 2)).toBe('propose');
    expect(await p.decideFix(fix('veth9'), finding, 1, 2)).toBe('apply');
    expect(p.held?.get('qdisc.netem:target:eth0')).toMatch(/^not applied unattended: eth0 carries this host's default route .*--yes --confirm-timeout 60/);
    expect(runner.mutations).toEqual([]);
  });

  it('a container or netns target: its own eth0 is not the operator\'s route; nothing is read', async () => {
    const runner = new FakeRunner();
    const p = holdDefaultRouteFixes(yesPrompter, runner, { kind: 'container', ref: 'web', runtime: 'docker' });
    expect(p).toBe(yesPrompter);
  });
});
