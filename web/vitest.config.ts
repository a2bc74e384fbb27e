import { defineConfig } from 'vitest/config';

// Both projects extend vite.config.ts, so tests resolve `@/` and the contract exactly as the app does.
export default defineConfig({
  test: {
    projects: [
      {
        extends: './vite.config.ts',
        test: {
          name: 'unit',
          environment: 'jsdom',
          include: ['src/**/*.test.{ts,tsx}'],
          setupFiles: ['./src/testing/setup-tests.ts'],
          restoreMocks: true,
          unstubGlobals: true,
        },
      },
      {
        extends: './vite.config.ts',
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['e2e/**/*.e2e.test.ts'],
          // A real browser against a freshly started server: boot and first paint take seconds.
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One browser and one server at a time; the machines have two cores.
          fileParallelism: false,
          // A browser test that fails is run once more before it fails the suite: on a loaded
          // two-core CI machine a page has been seen to miss a 30 s wait it meets in 4 s alone.
          retry: 1,
        },
      },
    ],
  },
});
