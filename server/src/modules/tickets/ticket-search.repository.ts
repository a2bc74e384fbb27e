/**
 * The search vectors of a ticket (docs/product.md "Search"; prisma/migrations `*_ticket_search`,
 * `*_staff_search_vector`, `*_search_vectors_on_reply`):
 * - `searchVector`: subject (weight A), description (B), requester's name and email (C) and the
 *   public replies (D), what a customer's search matches;
 * - `internalSearchVector`: the internal notes;
 * - `staffSearchVector`: both, what staff search.
 *
 * The tickets trigger recomputes them when a searched field of the ticket changes, and the
 * responses trigger when a reply's content or visibility changes or a reply is deleted. A NEW
 * reply is not the trigger's: the statement that inserts it appends its words in the same UPDATE
 * of the ticket that moves its version (`replySearchVectorsSql`), so that the ticket gets one new
 * row version per reply instead of two — each version of a row enters every index of `tickets`,
 * the two GIN indexes of the vectors among them. Measured at 1,000,000 tickets (bench/README.md
 * "Replies: one row version"): a reply's ticket update and vectors cost 2.1-2.8 ms of PostgreSQL
 * time instead of 3.3-7.4 ms.
 */
import { Prisma } from '../../generated/prisma/client.js';
import { executeSql } from '../../db/select-rows.js';
import type { Db } from '../../lib/db.js';

/**
 * The SET items (each led by a comma) of an `UPDATE tickets t` that add a new reply's words to
 * the ticket's vectors: a public reply to the public and staff vectors with weight D, an internal
 * note to the internal and staff vectors. `content` is the reply's text as an SQL expression (a
 * parameter, or a column of the statement's inserted row).
 *
 * Appending gives the vectors the same words as recomputing them from every reply (what the
 * trigger does); only the positions of the words may differ, as the replies' order in the
 * recomputation is unspecified anyway.
 */
export function replySearchVectorsSql(isInternal: boolean, content: Prisma.Sql): Prisma.Sql {
  if (isInternal) {
    return Prisma.sql`,
      "internalSearchVector" = coalesce(t."internalSearchVector", ''::tsvector)
        || to_tsvector('docket_search', ${content}),
      "staffSearchVector" = coalesce(t."staffSearchVector", ''::tsvector)
        || to_tsvector('docket_search', ${content})`;
  }
  return Prisma.sql`,
      "searchVector" = coalesce(t."searchVector", ''::tsvector)
        || setweight(to_tsvector('docket_search', ${content}), 'D'),
      "staffSearchVector" = coalesce(t."staffSearchVector", ''::tsvector)
        || setweight(to_tsvector('docket_search', ${content}), 'D')`;
}

/**
 * Recomputes the three vectors of the tickets `ticketIds` from their fields and every reply, as
 * the responses trigger does: after replies were inserted by other means than a reply's
 * statement (a merge moving replies, the demo data, test factories). @returns rows updated.
 */
export function recomputeSearchVectors(db: Db, ticketIds: readonly string[]): Promise<number> {
  return executeSql(
    db,
    Prisma.sql`UPDATE tickets t SET ("searchVector", "internalSearchVector", "staffSearchVector") = (
      SELECT v.pub, v.int, v.pub || v.int FROM (
        SELECT docket_ticket_search_vector(t.id, t.subject, t.description, t."requesterName", t."requesterEmail") AS pub,
               docket_ticket_internal_search_vector(t.id) AS int
      ) v
    )
    WHERE t.id = ANY(${ticketIds as string[]}::uuid[])`,
  );
}
