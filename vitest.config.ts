import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'bench/**/*.test.ts'],
          exclude: ['test/live/**'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'live',
          include: ['test/live/**/*.test.ts'],
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
