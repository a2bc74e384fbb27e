// Savepoints in a transaction: a part of it undone alone (a rule that fails, a subscriber's
// handler that throws) while the rest commits.
import type { Prisma } from '../generated/prisma/client.js';

/** Sets a savepoint `name` (an identifier made by the caller, never input) in `tx`. */
export async function savepoint(tx: Prisma.TransactionClient, name: string): Promise<void> {
  await tx.$executeRawUnsafe(`SAVEPOINT ${name}`);
}

/** Undoes what `tx` wrote since savepoint `name`; the transaction goes on. */
export async function rollbackTo(tx: Prisma.TransactionClient, name: string): Promise<void> {
  await tx.$executeRawUnsafe(`ROLLBACK TO SAVEPOINT ${name}`);
}
