/**
 * Resolve's reading of listening ports from `ss -Htln` (real outputs recorded here, test/fixtures/ss/SOURCES.txt).
 * The `/proc/net/tcp` fallback replays in the end-to-end tests; the ss path also runs in the live tests.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CommandResult } from '../core/types.js';
import { portsFromSs } from './resolve.js';

const fx = (name: string) => readFileSync(new URL(`../../test/fixtures/ss/${name}`, import.meta.url), 'utf8');
const ok = (stdout: string): CommandResult => ({ argv: ['ss', '-Htln'], executed: true, exitCode: 0, stdout, stderr: '', durationMs: 1, ok: true });

describe('listening ports from ss -Htln', () => {
  it('keeps wildcard and dual-stack listeners, drops loopback-only ones (v4, v6, 127.0.0.53)', () => {
    expect(portsFromSs(ok(fx('netns-Htln-mixed.txt')))).toEqual([8083, 8084]);
  });
  it('the lab container: nginx on 80', () => {
    expect(portsFromSs(ok(fx('container-nginx-Htln.txt')))).toEqual([80]);
  });
  it('no listener at all is an empty list, not a failure', () => {
    expect(portsFromSs(ok(''))).toEqual([]);
  });
  it('ss missing or unreadable output: undefined, so resolve falls back to the socket tables', () => {
    expect(portsFromSs({ ...ok(''), ok: false, exitCode: null, failure: { kind: 'not-found', hint: 'ss not found' } })).toBeUndefined();
    expect(portsFromSs(ok('Usage: ss [ OPTIONS ]\n'))).toBeUndefined();
  });
});
