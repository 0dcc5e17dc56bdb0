/**
 * Checks tier for conntrack.invalid-dropped: /proc/net/stat/nf_conntrack recorded in a private netns
 * before and after 10 bare ACKs met an `--ctstate INVALID -j DROP` rule with nf_conntrack_tcp_loose=0
 * (test/fixtures/proc/netns-stat-nf-conntrack-invalid*.txt.source.txt), parsed by the real probe.
 */
import { describe, expect, it } from 'vitest';
import { checkConntrack, conntrackProbe, zeroConntrackData, type ConntrackData } from './layer.js';
import { CONTAINER_TARGET, HOST_TARGET, checkInputOf, ctxOf, fixture, readWith } from '../../../test/fakes/scenario.js';

const read = (stat: string, liberal?: string) =>
  readWith<ConntrackData>(conntrackProbe, ctxOf(CONTAINER_TARGET, 'target'), {
    count: '0\n',
    max: '262144\n',
    stat,
    ...(liberal !== undefined ? { liberal } : {}),
  });
const before = read(fixture('fixtures/proc/netns-stat-nf-conntrack-invalid-before.txt'), '0\n');
const after = read(fixture('fixtures/proc/netns-stat-nf-conntrack-invalid.txt'), '0\n');

describe('conntrack.invalid-dropped', () => {
  it('invalid rose by 10 in the target namespace: an error naming be_liberal=0 and the next commands', () => {
    const { findings } = checkConntrack(checkInputOf(CONTAINER_TARGET, 'target', before, after));
    expect(findings.map((f) => [f.id, f.scope, f.severity, f.basis, f.role, f.subject])).toEqual([
      ['conntrack.invalid-dropped', 'target', 'error', 'window', 'cause', 'nf_conntrack'],
    ]);
    const f = findings[0];
    expect(f?.evidence).toEqual([
      { kind: 'counter', counter: 'invalid', subject: 'nf_conntrack', before: 0, after: 10, delta: 10, source: 'conntrack -S (cat /proc/net/stat/nf_conntrack)' },
      { kind: 'state', name: 'net.netfilter.nf_conntrack_tcp_be_liberal', subject: 'nf_conntrack', value: 0, source: 'sysctl net.netfilter.nf_conntrack_tcp_be_liberal' },
    ]);
    expect(f?.explanation).toContain('nf_conntrack_tcp_be_liberal is 0');
    expect(f?.action).toContain('iptables-save -c | grep -- "--ctstate INVALID"');
    expect(f?.details).toEqual({ kind: 'sysctl', key: 'net.netfilter.nf_conntrack_tcp_be_liberal', value: 0 });
  });

  it('the same rise in the host table of a container target is never blamed on the container: a note, no finding', () => {
    const { findings, notes } = checkConntrack(checkInputOf(CONTAINER_TARGET, 'host', before, after));
    expect(findings).toEqual([]);
    expect(notes).toContain("host table: invalid +10 during the window (host-wide: every container's and the host's own flows, not the target's)");
  });

  it('on a host target the host table is the target: an error', () => {
    const { findings } = checkConntrack(checkInputOf(HOST_TARGET, 'target', before, after));
    expect(findings.map((f) => [f.id, f.scope, f.severity])).toEqual([['conntrack.invalid-dropped', 'target', 'error']]);
  });

  it('no rise, no finding; the since-boot total alone is history (a warning at most)', () => {
    expect(checkConntrack(checkInputOf(CONTAINER_TARGET, 'target', after, after)).findings).toEqual([]);
    const once = checkConntrack({ ...checkInputOf(CONTAINER_TARGET, 'target', zeroConntrackData(after), after), window: 'since-boot' });
    expect(once.findings.map((f) => [f.id, f.basis])).toEqual([['conntrack.invalid-dropped', 'history']]);
  });

  it('be_liberal unreadable: still convicted on the counter, without the setting', () => {
    const b = read(fixture('fixtures/proc/netns-stat-nf-conntrack-invalid-before.txt'));
    const a = read(fixture('fixtures/proc/netns-stat-nf-conntrack-invalid.txt'));
    const f = checkConntrack(checkInputOf(CONTAINER_TARGET, 'target', b, a)).findings[0];
    expect(f?.evidence.map((e) => e.kind)).toEqual(['counter']);
    expect(f?.details).toBeUndefined();
  });
});
