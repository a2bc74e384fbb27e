/**
 * Writes the OpenAPI document (the one `GET /api/openapi.json` serves) to a file, without a
 * database: the app is built as in production, with a database client that never connects (the
 * routes are registered, no request is served). `pnpm lint:openapi` lints the result with Redocly
 * CLI (redocly.yaml at the repository root).
 *
 * Usage: `tsx src/write-openapi.ts <file.json>` (or `node dist/write-openapi.js <file.json>`).
 * `PUBLIC_URL` from the environment becomes the document's server, as it does for the server;
 * without it a placeholder deployment URL is used (https://docket.invalid, a reserved name).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { createPrismaClient } from './db/prisma.js';

async function main() {
  const out = process.argv[2];
  if (!out) throw new Error('usage: write-openapi <file.json>');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'docket-openapi-'));
  try {
    const config = loadConfig({
      NODE_ENV: 'production',
      // Never used to sign anything: no request is served.
      JWT_SECRET: 'openapi-document-only-0123456789abcdef',
      PUBLIC_URL: process.env.PUBLIC_URL ?? 'https://docket.invalid',
      DATA_DIR: dataDir,
      SERVE_WEB: 'false',
      SEED_DEMO_DATA: 'false',
      OUTBOX_WORKERS: 'false',
      ATTACHMENT_CLEANUP_INTERVAL_MINUTES: '0',
      LOG_LEVEL: 'silent',
    });
    // Lazy: connects on the first query, and none is made.
    const prisma = createPrismaClient('postgresql://docket@127.0.0.1:1/docket');
    const app = await buildApp(config, { prisma, logger: false });
    await app.ready();
    const document = app.swagger();
    await app.close();
    mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
    writeFileSync(out, `${JSON.stringify(document, null, 2)}\n`);
    const operations = Object.values(document.paths ?? {}).flatMap((item) => Object.keys(item));
    console.log(`OpenAPI document: ${operations.length} operations → ${out}`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
