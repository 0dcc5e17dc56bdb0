/**
 * Checks tier for conntrack: the real /proc/net/stat/nf_conntrack table recorded on this host
 * (test/fixtures/proc/host-stat-nf-conntrack.txt.source.txt) and the seed's nf_conntrack_max 65536
 * (test/fixtures/sysctl/seed-conntrack.txt); rising counters and a nearly full table are documented
 * edits of those readings.
 */
import { describe, expect, it } from 'vitest';
import { checkConntrack, conntrackProbe, planConntrackFix, type ConntrackData } from './layer.js';
import { CONTAINER_TARGET, HOST_TARGET, checkInputOf, ctxOf, failedResult, fixCore, fixture, readWith } from '../../../test/fakes/scenario.js';

const ctx = ctxOf(HOST_TARGET, 'target');
const stat = fixture('fixtures/proc/host-stat-nf-conntrack.txt');
/** Documented edit: set column `name` of CPU row `cpu` (0-based) to `hex`. */
function setStat(text: string, cpu: number, name: string, hex: string): string {
  const lines = text.split('\n');
  const header = lines[0]?.trim().split(/\s+/) ?? [];
  const row = lines[cpu + 1]?.trim().split(/\s+/) ?? [];
  row[header.indexOf(name)] = hex;
  lines[cpu + 1] = row.join(' ');
  return lines.join('\n');
}
const read = (count: string, max: string, s = stat) => readWith<ConntrackData>(conntrackProbe, ctx, { count, max, stat: s });
const SRC = 'conntrack -S (cat /proc/net/stat/nf_conntrack)';

describe('checkConntrack', () => {
  it('table >= 90% full with drop rising: conntrack.table-full (error) and a host-wide sysctl fix with its inverse', () => {
    // Documented edit: nf_conntrack_count 60000 of the seed's max 65536; cpu0 drop 0 -> 3.
    const before = read('60000\n', '65536\n');
    const after = read('60000\n', '65536\n', setStat(stat, 0, 'drop', '00000003'));
    const { findings } = checkConntrack(checkInputOf(CONTAINER_TARGET, 'target', before, after));
    expect(findings.map((f) => ({ id: f.id, scope: f.scope, severity: f.severity, subject: f.subject, evidence: f.evidence }))).toEqual([
      {
        id: 'conntrack.table-full',
        scope: 'target',
        severity: 'error',
        subject: 'nf_conntrack',
        evidence: [
          { kind: 'state', name: 'nf_conntrack_count', subject: 'nf_conntrack', value: 60000, source: 'sysctl net.netfilter.nf_conntrack_count' },
          { kind: 'state', name: 'nf_conntrack_max', subject: 'nf_conntrack', value: 65536, source: 'sysctl net.netfilter.nf_conntrack_max' },
          { kind: 'counter', counter: 'drop', subject: 'nf_conntrack', before: 0, after: 3, delta: 3, source: SRC },
        ],
      },
    ]);
    expect(fixCore(planConntrackFix(findings[0]!))).toEqual({
      id: 'conntrack.table-full:host:nf_conntrack',
      findingId: 'conntrack.table-full',
      subject: 'nf_conntrack',
      title: 'Raise nf_conntrack_max from 65536 to 131072 (host-wide)',
      risk: 'safe',
      scope: 'host',
      commands: [['sysctl', '-w', 'net.netfilter.nf_conntrack_max=131072']],
      inverse: [['sysctl', '-w', 'net.netfilter.nf_conntrack_max=65536']],
    });
  });

  it('nearly full but nothing dropped: a warning (the engine plans fixes only for errors)', () => {
    const r = read('60000\n', '65536\n');
    expect(checkConntrack(checkInputOf(HOST_TARGET, 'target', r, r)).findings.map((f) => [f.id, f.severity])).toEqual([['conntrack.table-full', 'warning']]);
  });

  it('insert_failed rising alone (real count 7 of 262144): conntrack.drops, no fix', () => {
    const before = read('7\n', '262144\n');
    const after = read('7\n', '262144\n', setStat(stat, 1, 'insert_failed', '00000002'));
    const { findings, notes } = checkConntrack(checkInputOf(HOST_TARGET, 'target', before, after));
    expect(findings.map((f) => [f.id, f.severity, f.evidence[0]])).toEqual([
      ['conntrack.drops', 'error', { kind: 'counter', counter: 'insert_failed', subject: 'nf_conntrack', before: 0, after: 2, delta: 2, source: SRC }],
    ]);
    expect(planConntrackFix(findings[0]!)).toBeUndefined();
    expect(notes).toEqual(['nf_conntrack_count 7 of nf_conntrack_max 262144 (0%)']);
  });

  it('healthy: no finding, the fill level in the notes', () => {
    const r = read('7\n', '262144\n');
    expect(checkConntrack(checkInputOf(HOST_TARGET, 'target', r, r))).toEqual({ findings: [], notes: ['nf_conntrack_count 7 of nf_conntrack_max 262144 (0%)'] });
  });

  it('nf_conntrack not loaded (synthetic: cat\'s standard "No such file or directory"): pass with a note', () => {
    const gone = (f: string) => failedResult(`cat: ${f}: No such file or directory\n`, 1, ['cat', f]);
    const r = readWith<ConntrackData>(conntrackProbe, ctx, {
      count: gone('/proc/sys/net/netfilter/nf_conntrack_count'),
      max: gone('/proc/sys/net/netfilter/nf_conntrack_max'),
      stat: gone('/proc/net/stat/nf_conntrack'),
    });
    expect(r).toEqual({ loaded: false, state: {} });
    expect(checkConntrack(checkInputOf(HOST_TARGET, 'target', r, r))).toEqual({ findings: [], notes: ['nf_conntrack is not loaded: no connection tracking, so no conntrack drops'] });
  });

  it('nothing readable at all (an image without cat, found live): unparsable, so the step is skipped, never passed', () => {
    const noCat = (f: string) => ({ ...failedResult('', 126, ['docker', 'exec', 'x', 'cat', f]), executed: false,
      failure: { kind: 'not-found' as const, hint: 'cat not found in the target: install it there, or run pktdrop as root so it can use the host\'s cat' } });
    const r = conntrackProbe.parse(new Map([
      ['count', noCat('/proc/sys/net/netfilter/nf_conntrack_count')],
      ['max', noCat('/proc/sys/net/netfilter/nf_conntrack_max')],
      ['stat', noCat('/proc/net/stat/nf_conntrack')],
    ]));
    expect(r).toEqual({ ok: false, reason: 'conntrack state unreadable: cat not found in the target: install it there, or run pktdrop as root so it can use the host\'s cat' });
  });
});
