/**
 * Builds the real app against a fresh, migrated database of its own (one per test file), with
 * the demo data seeded, and signs in the demo users. Tests talk HTTP to it through supertest.
 */
import type { FastifyInstance } from 'fastify';
import request from 'supertest';
import { buildApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { PrismaClient } from '../../src/lib/db.js';
import { seedDemoData } from '../../src/seed/demo-data.js';
import { signIn } from './auth.js';
import { createTestDatabase } from './database.js';

export interface TestApp {
  app: FastifyInstance;
  prisma: PrismaClient;
  config: Config;
  /** supertest agent bound to the app's server. */
  http: () => ReturnType<typeof request>;
  /** Signs in a user with TEST_PASSWORD (helpers/auth.ts signIn) and returns the bearer token. */
  login(email: string): Promise<string>;
  close(): Promise<void>;
}

/** A config for tests: a throwaway data folder, no SPA, fixed secret, quiet logs. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-0123456789',
    SERVE_WEB: 'false',
    SEED_DEMO_DATA: 'false',
    LOG_LEVEL: 'silent',
    // Load shedding off: a busy CI machine must not turn test requests into 503s
    // (test/load-shedding.test.ts turns it on for itself).
    SHED_LOAD_EVENT_LOOP_DELAY_MS: '0',
    DATA_DIR: '/tmp/docket-test-data',
    ...overrides,
  });
}

export async function createTestApp(
  options: { seed?: boolean; config?: Config } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = options.config ?? testConfig();
  if (options.seed ?? true) await seedDemoData(database.prisma, { repoRoot: config.repoRoot });
  const app = await buildApp(config, { prisma: database.prisma, ownsPrisma: false, logger: false });
  await app.ready();
  const http = () => request(app.server);
  const t: TestApp = {
    app,
    prisma: database.prisma,
    config,
    http,
    login: (email: string) => signIn(t, email),
    async close() {
      await app.close();
      await database.drop();
    },
  };
  return t;
}
