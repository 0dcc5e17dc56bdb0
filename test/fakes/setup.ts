/**
 * Unit-tier setup: every FakeRunner must have used every answer it was given and refused nothing
 * (test/fakes/fake-runner.ts). One made in a test is checked after that test; one made while the
 * file's tests were collected, after the file. A recorded answer left over means the code under test
 * ran fewer commands than the test says: the test fails and names them.
 */
import { afterAll, afterEach, beforeEach } from 'vitest';
import { assertEveryFakeConsumed, beginFakeScope } from './fake-runner.js';

beforeEach(() => {
  beginFakeScope();
});

afterEach(() => {
  assertEveryFakeConsumed('test');
});

afterAll(() => {
  assertEveryFakeConsumed('file');
});
