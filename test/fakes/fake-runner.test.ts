import { describe, expect, it } from 'vitest';
import { assertEveryFakeConsumed, FakeRunner, repeat, times, UnconsumedAnswersError, UnexpectedCommandError } from './fake-runner.js';
import { readCommand } from '../../src/targets/runner.js';
import { runBatch } from '../../src/targets/batch.js';

const HOST = { prefix: [], watchdog: true } as const;
const outs = async (fake: FakeRunner, argv: string[], n: number): Promise<string[]> => {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push((await fake.run(readCommand(argv))).stdout);
  return out;
};

describe('FakeRunner fails closed', () => {
  it('throws on a command it was not given, and remembers it even if the error is swallowed', async () => {
    const fake = new FakeRunner().on(['cat', '/proc/net/dev'], 'x');
    await expect(fake.run(readCommand(['cat', '/proc/net/snmp']))).rejects.toBeInstanceOf(UnexpectedCommandError);
    await fake.run(readCommand(['cat', '/proc/net/dev']));
    expect(fake.refused).toEqual([['cat', '/proc/net/snmp']]);
    expect(() => fake.assertConsumed()).toThrow(/refused command: \["cat","\/proc\/net\/snmp"\]/);
  });

  it('throws on an unexpected command inside a batch: the batch process fails, nothing is made up', async () => {
    const fake = new FakeRunner().on(['cat', '/proc/net/snmp'], 'Ip: 1\n');
    await expect(runBatch(fake, HOST, [readCommand(['cat', '/proc/net/snmp']), readCommand(['cat', '/proc/net/nope'])], () => 'pdnonce'))
      .rejects.toBeInstanceOf(UnexpectedCommandError);
    expect(fake.batches).toEqual([{ prefix: [], commands: [['cat', '/proc/net/snmp'], ['cat', '/proc/net/nope']] }]);
    expect(() => fake.assertConsumed()).toThrow(/refused command: \["cat","\/proc\/net\/nope"\]/);
  });

  it('answers a batch section by section, each inner command using its own answers', async () => {
    const fake = new FakeRunner().on(['a'], 'one\n', 'two\n').on(['tc'], { notFound: true });
    const first = await runBatch(fake, HOST, [readCommand(['a']), readCommand(['tc'])], () => 'pdnonce');
    expect(first.map((r) => [r.stdout, r.ok, r.failure?.kind])).toEqual([['one\n', true, undefined], ['', false, 'not-found']]);
    expect((await fake.run(readCommand(['a']))).stdout).toBe('two\n');
    fake.assertConsumed();
  });

  it('answers each recorded answer once, in turn, and throws on one call more', async () => {
    const fake = new FakeRunner().on(['a'], 'one', 'two');
    expect(await outs(fake, ['a'], 2)).toEqual(['one', 'two']);
    await expect(fake.run(readCommand(['a']))).rejects.toThrow(/called 3 times, answered only 2/);
    expect(fake.refused).toEqual([['a']]);
    expect(() => fake.assertConsumed()).toThrow(UnconsumedAnswersError);
  });

  it('turns a missing tool into a not-found failure value', async () => {
    const fake = new FakeRunner().on(['tc'], { notFound: true });
    const r = await fake.run(readCommand(['tc']));
    expect(r.ok).toBe(false);
    expect(r.failure?.kind).toBe('not-found');
  });
});

describe('FakeRunner: every answer must be used', () => {
  it('assertConsumed lists every unused answer', async () => {
    const fake = new FakeRunner().on(['a'], 'one', 'two', 'three').on(['b'], 'x').on(['c'], 'y');
    await fake.run(readCommand(['a']));
    await fake.run(readCommand(['c']));
    expect(fake.unused()).toEqual(['["a"]: 2 of 3 answers unused', '["b"]: 1 of 1 answer unused']);
    let message = '';
    try {
      fake.assertConsumed();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message.split('\n')).toEqual([
      'fake runner: not every answer was used as recorded:',
      '  unused answer: ["a"]: 2 of 3 answers unused',
      '  unused answer: ["b"]: 1 of 1 answer unused',
    ]);
  });

  it('after each test, every fake made in it is checked (test/fakes/setup.ts): one left unused fails the test', async () => {
    const used = new FakeRunner().on(['a'], 'one');
    await used.run(readCommand(['a']));
    new FakeRunner().on(['b'], 'never asked');
    expect(() => assertEveryFakeConsumed('test')).toThrow(/unused answer: \["b"\]: 1 of 1 answer unused/);
    // Checked once: the check after this test finds nothing left.
    expect(() => assertEveryFakeConsumed('test')).not.toThrow();
  });

  it('passes when every answer was used exactly as given', async () => {
    const fake = new FakeRunner().on(['a'], 'one', 'two').on(['b'], 'x');
    expect([...(await outs(fake, ['a'], 2)), ...(await outs(fake, ['b'], 1))]).toEqual(['one', 'two', 'x']);
    expect(fake.unused()).toEqual([]);
    expect(() => fake.assertConsumed()).not.toThrow();
  });
});

describe('FakeRunner: repetition is opt-in', () => {
  it('times(n, answer) is exactly n answers', async () => {
    const fake = new FakeRunner().on(['a'], ...times(3, 'same'));
    expect(await outs(fake, ['a'], 3)).toEqual(['same', 'same', 'same']);
    await expect(fake.run(readCommand(['a']))).rejects.toBeInstanceOf(UnexpectedCommandError);
    expect(fake.unused()).toEqual([]);
    expect(() => fake.assertConsumed()).toThrow(/refused command: \["a"\]/);
  });

  it('repeat(answer) as the last answer answers every later call, and must be used at least once', async () => {
    const fake = new FakeRunner().on(['a'], 'first', repeat('again'));
    expect(await outs(fake, ['a'], 4)).toEqual(['first', 'again', 'again', 'again']);
    fake.assertConsumed();
    const unused = new FakeRunner().on(['a'], 'first', repeat('again'));
    await unused.run(readCommand(['a']));
    expect(unused.unused()).toEqual(['["a"]: 1 of 2 answers unused (the last repeats)']);
    expect(() => unused.assertConsumed()).toThrow(UnconsumedAnswersError);
  });

  it('repeat() anywhere but last, and times(0), are refused', () => {
    expect(() => new FakeRunner().on(['a'], repeat('x'), 'y')).toThrow(/only the last answer can repeat/);
    expect(() => times(0, 'x')).toThrow(/≥ 1/);
    expect(() => new FakeRunner().on(['a'])).toThrow(/at least one answer/);
  });
});

describe('FakeRunner: registering an argv twice', () => {
  it('.on() of an argv that already has answers throws instead of replacing them', async () => {
    const fake = new FakeRunner().on(['a'], 'one');
    expect(() => fake.on(['a'], 'two')).toThrow(/already has answers; give them all in one \.on\(\), or \.replace\(\) them/);
    expect(await outs(fake, ['a'], 1)).toEqual(['one']); // the first answers stand
  });

  it('.replace() swaps only the answers not used yet, and needs an argv registered before', async () => {
    const fake = new FakeRunner().on(['a'], 'one', 'two', 'three');
    expect(await outs(fake, ['a'], 1)).toEqual(['one']);
    fake.replace(['a'], 'TWO');
    expect(await outs(fake, ['a'], 1)).toEqual(['TWO']);
    fake.assertConsumed();
    expect(() => new FakeRunner().replace(['b'], 'x')).toThrow(/has no answers to replace; use \.on\(\)/);
  });
});
