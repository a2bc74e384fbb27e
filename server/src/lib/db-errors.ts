/**
 * Recognizing database errors by kind, in one place, so that services agree on what a given
 * failure is.
 */

/**
 * True for a unique-constraint violation (PostgreSQL SQLSTATE 23505) as Prisma reports it:
 * P2002 from an ORM call, or P2010 with the driver adapter's `UniqueConstraintViolation` from a
 * raw statement (e.g. tickets/ticket-writes.repository.ts insertNumberedTicket) — or as `pg`
 * does, for a statement sent straight through it (db/select-rows.ts). Used to turn a lost race
 * for a unique value (an email, a name, a chat's one ticket) into the answer the product gives.
 */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, meta } = error as {
    code?: unknown;
    meta?: { driverAdapterError?: { cause?: { kind?: unknown } } };
  };
  return (
    code === 'P2002' ||
    code === '23505' ||
    (code === 'P2010' && meta?.driverAdapterError?.cause?.kind === 'UniqueConstraintViolation')
  );
}
