/** The SQL of the open-children rule (ticket-links.ts). */
import type { Db } from '../../lib/db.js';

/**
 * The numbers of the child tickets of `parentId` (its `parent` links) that are neither RESOLVED
 * nor CLOSED nor deleted, lowest first, at most `limit`. One query on ticket_links' unique
 * (sourceId, targetId) index and the tickets' primary key.
 */
export function findOpenChildNumbers(
  db: Db,
  parentId: string,
  limit: number,
): Promise<{ number: number }[]> {
  return db.$queryRaw<{ number: number }[]>`
    SELECT c.number FROM ticket_links l JOIN tickets c ON c.id = l."targetId"
    WHERE l."sourceId" = ${parentId}::uuid AND l.type = 'parent'
      AND c.status NOT IN ('RESOLVED', 'CLOSED') AND c."deletedAt" IS NULL
    ORDER BY c.number LIMIT ${limit}`;
}
