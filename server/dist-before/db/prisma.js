// The application's PrismaClient: Prisma 7's Rust-free client over `pg` (@prisma/adapter-pg).
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client.js';
/**
 * A PrismaClient for `databaseUrl` (`postgresql://user:password@host:port/database`) through the
 * `@prisma/adapter-pg` driver adapter, with its own `pg` pool of at most `poolSize` connections.
 *
 * Connects lazily (the first query opens the pool; `$connect()` forces it). The caller owns it:
 * `await prisma.$disconnect()` closes the pool, at shutdown or at the end of a test file.
 * Query errors surface as Prisma's usual errors (`Prisma.PrismaClientKnownRequestError`, code P2002
 * for unique violations, etc.).
 */
export function createPrismaClient(databaseUrl, options = {}) {
  const adapter = new PrismaPg(
    {
      connectionString: databaseUrl,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: options.connectionTimeoutMs ?? 10_000,
      idleTimeoutMillis: options.idleTimeoutMs ?? 10_000,
    },
    options.onPoolError ? { onPoolError: options.onPoolError } : undefined,
  );
  return new PrismaClient({ adapter, log: options.log ?? [] });
}
//# sourceMappingURL=prisma.js.map
