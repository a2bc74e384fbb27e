/**
 * Types for code that runs inside or outside a transaction: a repository or service function
 * takes `Db` and works with either the client or the transaction client handed to it.
 */
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';

export type Db = PrismaClient | Prisma.TransactionClient;
export type { Prisma, PrismaClient };
