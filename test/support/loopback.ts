/** A test's own TCP listeners on 127.0.0.1 that accept and close at once, closed after each test. */
import { afterEach } from 'vitest';
import { createServer, type Server } from 'node:net';

/** Call at the top of a test file: returns `listen()`, which opens one listener and resolves to its port. */
export function loopbackListeners(): () => Promise<number> {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => new Promise<void>((r) => s.close(() => r()))));
  });
  return async () => {
    const s = createServer((c) => c.destroy());
    servers.push(s);
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    const a = s.address();
    if (a === null || typeof a === 'string') throw new Error('no port');
    return a.port;
  };
}
