/** Ticket numbers by id, for other modules that show tickets by reference (e.g. notifications). */
import type { Db } from '../../lib/db.js';

/** The id and number of each ticket among `ids` that exists (any organization, any order). */
export function findTicketNumbers(
  db: Db,
  ids: readonly string[],
): Promise<{ id: string; number: number }[]> {
  return db.ticket.findMany({
    where: { id: { in: [...ids] } },
    select: { id: true, number: true },
  });
}
