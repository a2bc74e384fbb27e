// Server tests: Node environment, one PostgreSQL for the whole run (test/global-setup.ts), and a
// fresh migrated database per test file (test/helpers/database.ts), so files run in parallel
// without seeing each other's rows.
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    // Needs the built server: run after `pnpm build` (vitest.cluster.config.ts, `pnpm test:cluster`).
    exclude: [...configDefaults.exclude, 'test/cluster/**'],
    globalSetup: ['test/global-setup.ts'],
    // Separate processes: Prisma's WebAssembly engines and pg pools stay out of each other's way.
    pool: 'forks',
    // Database work (creating and migrating a database, PostgreSQL start) is slower than unit tests.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
  },
});
