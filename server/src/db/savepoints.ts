// Savepoints in a transaction: a part of it undone alone (a rule that fails, a subscriber's
// handler that throws) while the rest commits. Sent on the transaction's own connection
// (db/select-rows.ts executeSql): a subscriber takes one per row it handles.
import { Prisma } from '../generated/prisma/client.js';
import { executeSql } from './select-rows.js';

/** Sets a savepoint `name` (an identifier made by the caller, never input) in `tx`. */
export async function savepoint(tx: Prisma.TransactionClient, name: string): Promise<void> {
  await executeSql(tx, Prisma.raw(`SAVEPOINT ${name}`));
}

/** Undoes what `tx` wrote since savepoint `name`; the transaction goes on. */
export async function rollbackTo(tx: Prisma.TransactionClient, name: string): Promise<void> {
  await executeSql(tx, Prisma.raw(`ROLLBACK TO SAVEPOINT ${name}`));
}
