import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseListeningSockets } from './parse-proc-net-tcp.js';

// Real outputs from jc's fixtures (test/fixtures/jc/linux-proc, MIT; see test/fixtures/jc/SOURCE.md).
const corpus = (name: string) => readFileSync(new URL(`../../test/fixtures/jc/linux-proc/${name}`, import.meta.url), 'utf8');

describe('parseListeningSockets', () => {
  it('finds the LISTEN sockets of a real /proc/net/tcp and agrees with jc', () => {
    const r = parseListeningSockets(corpus('net_tcp'));
    const jc: { local_address: string; local_port: number; state: string }[] = JSON.parse(corpus('net_tcp.json'));
    const expected = jc.filter((e) => e.state === '0A').map((e) => ({ address: e.local_address, port: e.local_port, family: 'ipv4' }));
    expect(r).toEqual({ ok: true, data: expected });
    expect(expected.length).toBeGreaterThan(0);
  });
  it('reads a real /proc/net/tcp6 (remote_address header)', () => {
    const r = parseListeningSockets(corpus('net_tcp6'));
    expect(r.ok && r.data[0]).toEqual({ address: '0:0:0:0:0:0:0:0', port: 22, family: 'ipv6' });
  });
  it('refuses another file', () => {
    expect(parseListeningSockets(corpus('net_dev')).ok).toBe(false);
    expect(parseListeningSockets('').ok).toBe(false);
  });
});
