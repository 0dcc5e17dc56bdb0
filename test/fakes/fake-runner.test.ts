import { describe, expect, it } from 'vitest';
import { FakeRunner, UnexpectedCommandError } from './fake-runner.js';
import { readCommand } from '../../src/targets/runner.js';

describe('FakeRunner', () => {
  it('fails closed on a command it was not given', async () => {
    const fake = new FakeRunner().on(['cat', '/proc/net/dev'], 'x');
    await expect(fake.run(readCommand(['cat', '/proc/net/snmp']))).rejects.toBeInstanceOf(UnexpectedCommandError);
  });
  it('answers in turn and repeats the last answer', async () => {
    const fake = new FakeRunner().on(['a'], 'one', 'two');
    const outs = [];
    for (let i = 0; i < 3; i++) outs.push((await fake.run(readCommand(['a']))).stdout);
    expect(outs).toEqual(['one', 'two', 'two']);
  });
  it('turns a missing tool into a not-found failure value', async () => {
    const fake = new FakeRunner().on(['tc'], { notFound: true });
    const r = await fake.run(readCommand(['tc']));
    expect(r.ok).toBe(false);
    expect(r.failure?.kind).toBe('not-found');
  });
});
