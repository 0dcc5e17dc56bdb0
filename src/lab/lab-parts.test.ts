import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  defaultFaults,
  emptyTarArchive,
  hostVethName,
  ipv4Networks,
  nginxConfig,
  parseFaultList,
  parseNetnsList,
  parseSsListen,
  pickLabSubnet,
  validateLabName,
} from './lab-parts.js';

// Recorded on this Debian 12 VM (kernel 6.18.44): `ip -j addr` (see __fixtures__/ip-j-addr.host.source.txt).
const hostAddrs = readFileSync(new URL('./__fixtures__/ip-j-addr.host.json', import.meta.url), 'utf8');

describe('validateLabName', () => {
  test.each(['nginx', 'lab1', 'a', 'my_lab.v2-x', 'x'.repeat(63)])('accepts %s', (n) => {
    expect(validateLabName(n).ok).toBe(true);
  });
  test.each(['', '-rm', '.hidden', '_x', 'a b', 'a/b', 'x'.repeat(64), 'nginx;id', 'é'])('rejects %j', (n) => {
    expect(validateLabName(n).ok).toBe(false);
  });
});

describe('faults', () => {
  test('defaults are the seed case, with tbf instead of netem when the kernel lacks sch_netem', () => {
    expect(defaultFaults({ netem: true })).toEqual({ faults: ['iptables-random-drop', 'netem-loss'], notes: [] });
    const fallback = defaultFaults({ netem: false });
    expect(fallback.faults).toEqual(['iptables-random-drop', 'qdisc-drop']);
    expect(fallback.notes[0]).toMatch(/no sch_netem/);
  });
  test('parseFaultList', () => {
    expect(parseFaultList('nft-drop, listen-overflow,nft-drop')).toEqual({ ok: true, faults: ['nft-drop', 'listen-overflow'] });
    expect(parseFaultList('none')).toEqual({ ok: true, faults: [] });
    expect(parseFaultList('')).toEqual({ ok: true, faults: [] });
    expect(parseFaultList('netem')).toMatchObject({ ok: false });
    expect(parseFaultList('netem-loss,qdisc-drop')).toMatchObject({ ok: false });
  });
});

test('the empty image archive is two zero blocks (a valid, empty tar)', () => {
  const tar = emptyTarArchive();
  expect(tar.length).toBe(1024);
  expect(tar.every((b) => b === 0)).toBe(true);
});

test('nginx config: port 80, no access log, every runtime path under the run dir', () => {
  const c = nginxConfig({ runDir: '/var/lib/pktdrop/lab/x', daemon: true });
  expect(c).toContain('listen 80 default_server;');
  expect(c).toContain('access_log off;');
  expect(c).toContain('daemon on;');
  expect(c).toContain('pid /var/lib/pktdrop/lab/x/nginx.pid;');
  expect(nginxConfig({ runDir: '/tmp', daemon: false })).toContain('daemon off;');
});

describe('pickLabSubnet', () => {
  test('on this host (recorded ip -j addr) the first /30 of 10.251.0.0/16 is free', () => {
    const nets = ipv4Networks(hostAddrs);
    expect(nets).toEqual([
      { address: '127.0.0.1', prefix: 8, ifname: 'lo' },
      { address: '192.0.2.2', prefix: 24, ifname: 'eth0' },
      { address: '172.17.0.1', prefix: 16, ifname: 'docker0' },
    ]);
    expect(pickLabSubnet(nets ?? [], [])).toEqual({ network: '10.251.0.0', hostAddress: '10.251.0.1', labAddress: '10.251.0.2', prefix: 30 });
  });
  test('synthetic: skips subnets held by other labs and overlapping host addresses', () => {
    expect(pickLabSubnet([{ address: '10.251.0.5', prefix: 30 }], ['10.251.0.0'])?.network).toBe('10.251.0.8');
    expect(pickLabSubnet([{ address: '10.251.0.1', prefix: 24 }], [])?.network).toBe('10.251.1.0');
    expect(pickLabSubnet([{ address: '10.0.0.1', prefix: 8 }], [])).toBeNull();
  });
  test('synthetic: unreadable ip -j output gives null', () => {
    expect(ipv4Networks('')).toBeNull();
    expect(ipv4Networks('{"a":1')).toBeNull();
  });
});

test('host veth names fit IFNAMSIZ and are stable per name', () => {
  const n = hostVethName('x'.repeat(63));
  expect(n.length).toBeLessThanOrEqual(15);
  expect(hostVethName('nginx')).toBe(hostVethName('nginx'));
  expect(hostVethName('nginx')).not.toBe(hostVethName('nginx2'));
});

test('parseSsListen on `ss -ltn` recorded in a lab container (listen-overflow, queue full)', () => {
  // Recorded on this VM: nsenter -t <pid> -n ss -ltn, after two connects to the backlog-1 listener.
  const out = [
    'State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess',
    'LISTEN 2      1            0.0.0.0:8080      0.0.0.0:*          ',
    'LISTEN 0      511          0.0.0.0:80        0.0.0.0:*          ',
  ].join('\n');
  expect(parseSsListen(out)).toEqual([
    { local: '0.0.0.0:8080', port: 8080, recvQ: 2, sendQ: 1 },
    { local: '0.0.0.0:80', port: 80, recvQ: 0, sendQ: 511 },
  ]);
  expect(parseSsListen('')).toEqual([]);
});

test('parseNetnsList reads ip -j netns list and plain ip netns list', () => {
  expect(parseNetnsList('[]')).toEqual([]); // recorded on this VM: ip -j netns list, no namespace
  expect(parseNetnsList('[{"name":"lab1","id":0},{"name":"b"}]')).toEqual(['lab1', 'b']); // synthetic
  expect(parseNetnsList('lab1 (id: 0)\nb\n')).toEqual(['lab1', 'b']); // synthetic
});
