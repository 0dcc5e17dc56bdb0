/** The drop map's lab faults as data: their commands, what cannot be combined, the MAC reader on recorded output. */
import { describe, expect, it } from 'vitest';
import { brNfCallCommands, dropMapAConflict, fanoutFilters, forwardingOffCommands, macOf, rpFilterLabCommands, softnetBacklogCommands } from './drop-map-faults.js';
import { parseFaultList } from './lab-parts.js';
import { fixture } from '../../test/fakes/scenario.js';

describe('drop map faults (part A)', () => {
  it('softnet-backlog: a veth pair, clsact on eth0 and 40 u32 filters of 32 mirred actions (1280 copies per packet)', () => {
    const cmds = softnetBacklogCommands();
    expect(cmds.slice(0, 4)).toEqual([
      ['ip', 'link', 'add', 'pdsn0', 'type', 'veth', 'peer', 'name', 'pdsn1'],
      ['ip', 'link', 'set', 'pdsn0', 'up'],
      ['ip', 'link', 'set', 'pdsn1', 'up'],
      ['tc', 'qdisc', 'add', 'dev', 'eth0', 'clsact'],
    ]);
    const filters = cmds.slice(4);
    expect(filters).toHaveLength(40);
    expect(filters.reduce((n, f) => n + f.filter((w) => w === 'mirred').length, 0)).toBe(1280);
    expect(filters[0]?.slice(-7)).toEqual(['action', 'mirred', 'egress', 'mirror', 'dev', 'pdsn0', 'continue']);
  });

  it('softnet-backlog: the burst follows the host\'s netdev_max_backlog (a host left at 2000 once hid the fault), bounded', () => {
    expect(softnetBacklogCommands(2000).slice(4)).toHaveLength(80);
    expect([500, 1000, 2000, 4096, 1e6, Number.NaN].map(fanoutFilters)).toEqual([40, 40, 80, 164, 400, 40]);
  });

  it('rp-filter, forwarding-off and br-nf-call: exact commands in the lab, behind it and on the lab\'s own veth', () => {
    expect(rpFilterLabCommands('10.251.0.1')).toContainEqual(['ip', 'route', 'add', '10.251.0.1/32', 'dev', 'pdrp0']);
    const fwd = forwardingOffCommands({ hostAddress: '10.251.0.5', labAddress: '10.251.0.6' }, '02:00:00:00:00:02', 'pdlab-1');
    expect(fwd.lab).toContainEqual(['sysctl', '-w', 'net.ipv4.ip_forward=0']);
    // On-link, no gateway: the route check keeps the probe on the lab's own link.
    expect(fwd.host).toEqual([
      ['ip', 'route', 'add', '10.251.0.6/32', 'dev', 'pdlab-1'],
      ['ip', 'neigh', 'replace', '10.251.0.6', 'lladdr', '02:00:00:00:00:02', 'dev', 'pdlab-1', 'nud', 'permanent'],
    ]);
    const br = brNfCallCommands('10.251.0.6', '10.251.0.2', '10.251.0.1', 'pdlab-1');
    expect(br.lab.slice(-2)).toEqual([['sysctl', '-w', 'net.bridge.bridge-nf-call-iptables=1'], ['iptables', '-P', 'FORWARD', 'DROP']]);
    expect(br.host).toEqual([['ip', 'route', 'add', '10.251.0.6/32', 'dev', 'pdlab-1']]);
  });

  it('one topology fault per lab, netns engine only; softnet-backlog goes anywhere; the fault list knows the names', () => {
    expect(dropMapAConflict(['rp-filter', 'br-nf-call'], 'netns')).toBe('rp-filter and br-nf-call each build their own topology around eth0: choose one per lab');
    expect(dropMapAConflict(['forwarding-off'], 'docker')).toMatch(/^forwarding-off needs --engine netns/);
    expect(dropMapAConflict(['softnet-backlog', 'iptables-random-drop'], 'docker')).toBeUndefined();
    expect(parseFaultList('softnet-backlog,rp-filter,forwarding-off,br-nf-call')).toEqual({ ok: true, faults: ['softnet-backlog', 'rp-filter', 'forwarding-off', 'br-nf-call'] });
  });

  it('macOf reads the address of a recorded ip -j link line; anything else is undefined', () => {
    expect(macOf(JSON.stringify([JSON.parse(fixture('fixtures/ip/netns-ip-j-d-link-bridge.json'))[1]]))).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
    expect(macOf('[]')).toBeUndefined();
    expect(macOf('garbage')).toBeUndefined();
  });
});
