// The application's PrismaClient: Prisma 7's Rust-free client over `pg` (@prisma/adapter-pg).
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient, type Prisma } from '../generated/prisma/client.js';

export interface CreatePrismaClientOptions {
  /** Most connections the pool opens (pg `max`). Default 10; keep small in tests (each file has its own). */
  poolSize?: number;
  /** How long to wait for a free connection before failing, in ms (pg `connectionTimeoutMillis`). Default 10 000. */
  connectionTimeoutMs?: number;
  /** How long an idle connection is kept, in ms (pg `idleTimeoutMillis`). Default 10 000. */
  idleTimeoutMs?: number;
  /** Prisma log levels printed to stdout, e.g. `['warn', 'error']`. Default: none. */
  log?: Prisma.LogLevel[];
  /** Called with errors of idle pooled connections (e.g. the server restarted); they are otherwise only dropped. */
  onPoolError?: (error: Error) => void;
}

/**
 * A PrismaClient for `databaseUrl` (`postgresql://user:password@host:port/database`) through the
 * `@prisma/adapter-pg` driver adapter, with its own `pg` pool of at most `poolSize` connections.
 *
 * Connects lazily (the first query opens the pool; `$connect()` forces it). The caller owns it:
 * `await prisma.$disconnect()` closes the pool, at shutdown or at the end of a test file.
 * Query errors surface as Prisma's usual errors (`Prisma.PrismaClientKnownRequestError`, code P2002
 * for unique violations, etc.).
 */
export function createPrismaClient(
  databaseUrl: string,
  options: CreatePrismaClientOptions = {},
): PrismaClient {
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
