import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { parseContainerInspect } from '../targets/resolve.js';

// Real `podman container inspect` of a podman lab (test/fixtures/podman/container-inspect.source.txt):
// the lab and `diagnose --container X --runtime podman` read it with the same parser as Docker's.
const fixture = (name: string): string => readFileSync(new URL(`../../test/fixtures/podman/${name}`, import.meta.url), 'utf8');

test('a running podman container: id, name without a slash, pid and its address on the podman network', () => {
  expect(parseContainerInspect(fixture('container-inspect.lab.json'))).toEqual({
    id: 'c0e4e4800650335f0be41f98d30f2acf5c4b56430b9df09eeea77e1db18099b5',
    name: 'pdtry-podman',
    running: true,
    status: 'running',
    pid: 21116,
    addresses: ['10.88.0.5'],
    networkMode: 'bridge',
  });
});

test('a stopped podman container: not running, pid 0, no address', () => {
  expect(parseContainerInspect(fixture('container-inspect.stopped.json'))).toMatchObject({
    name: 'pdtry-podman',
    running: false,
    status: 'exited',
    pid: 0,
    addresses: [],
  });
});

test("podman's answer for a container that does not exist ([] on stdout) is not a container", () => {
  expect(parseContainerInspect('[]\n')).toBeUndefined();
});
