// Prisma CLI configuration. Docket applies migrations itself through Prisma's schema engine
// compiled to WebAssembly (server/src/db/migrate.ts), so the CLI is used only for `generate`.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
