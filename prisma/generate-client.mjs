// Generates the Prisma client (server/src/generated/prisma) from prisma/schema.prisma; run by `pnpm install`.
// The Prisma CLI would download its native schema engine first; `generate` does not need it,
// and PRISMA_SCHEMA_ENGINE_BINARY set to any path skips the download (see shared docs/OFFLINE.md).
import { spawnSync } from 'node:child_process';

const result = spawnSync('pnpm', ['exec', 'prisma', 'generate'], {
  stdio: 'inherit',
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    CHECKPOINT_DISABLE: '1',
  },
});
process.exit(result.status ?? 1);
