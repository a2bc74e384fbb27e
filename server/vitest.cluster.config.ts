// The cluster test (test/cluster/): two built server processes behind nginx, with Redis, s3rver,
// an SMTP capture and a webhook receiver. Run after `pnpm build` (`pnpm test:cluster`); the test
// PostgreSQL comes from the same global setup as the other server tests.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/cluster/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 180_000,
    teardownTimeout: 60_000,
  },
});
