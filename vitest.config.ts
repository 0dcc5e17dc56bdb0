import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'bench/**/*.test.ts'],
          exclude: ['test/live/**'],
          // Strict fakes: an answer a FakeRunner was given and never used fails the test.
          setupFiles: ['test/fakes/setup.ts'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'live',
          include: ['test/live/**/*.test.ts'],
          // A lab with faults and bounded traffic, an nft table and a tracefs instance run beside
          // the live tests, so they prove they assert only on what they made (test/live/noisy-neighbour.ts).
          globalSetup: ['test/live/noisy-neighbour.ts'],
          testTimeout: 240_000,
          hookTimeout: 240_000,
          // The live tests share one Docker engine, the host's conntrack table and tracefs:
          // they run one file at a time.
          fileParallelism: false,
          sequence: { concurrent: false },
        },
      },
    ],
  },
});
