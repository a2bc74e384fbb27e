/**
 * What a ticket keeps of its replies, written by the statement that inserts a reply in the same
 * UPDATE that moves the ticket's version (responses/responses.repository.ts
 * insertResponseIfCurrent), so that the ticket gets one new row version per reply — each version
 * of a row enters every index of `tickets`, the two GIN indexes of the search vectors among them.
 * Triggers did this in UPDATEs of their own before (prisma/migrations `*_search_vectors_on_reply`,
 * `*_customer_activity_on_reply`). Measured at 1,000,000 tickets (bench/README.md "Replies: one
 * row version"): a reply's ticket update and vectors cost 2.1-2.8 ms of PostgreSQL time instead
 * of 3.3-7.4 ms.
 *
 * The search vectors (docs/product.md "Search"; `*_ticket_search`, `*_staff_search_vector`):
 * - `searchVector`: subject (weight A), description (B), requester's name and email (C) and the
 *   public replies (D), what a customer's search matches;
 * - `internalSearchVector`: the internal notes;
 * - `staffSearchVector`: both, what staff search.
 * The tickets trigger recomputes them when a searched field of the ticket changes, the responses
 * trigger when a reply's content or visibility changes or a reply is deleted; a new reply's words
 * are appended by its statement (replySearchVectorsSql).
 *
 * The requester's last activity (`customerActivityAt`, docs/product.md "Unread markers"): the
 * time of the latest public reply from the customer's side (portal, tracker, email), moved
 * forward only, by the reply's statement (customerActivitySql).
 */
import { Prisma } from '../../generated/prisma/client.js';
import { executeSql } from '../../db/select-rows.js';
import type { Db } from '../../lib/db.js';

/** A reply's words: `content` (an SQL text expression) as Docket's search configuration reads it. */
export function replyWordsSql(content: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`to_tsvector('docket_search', ${content})`;
}

/**
 * The SET items (each led by a comma) of an `UPDATE tickets t` that add a new reply's words to
 * the ticket's vectors: a public reply to the public and staff vectors with weight D, an internal
 * note to the internal and staff vectors. `words` is the reply's tsvector as an SQL expression,
 * made by replyWordsSql once per statement (a column of the statement's inserted row or of a
 * subquery) so that the reply is not read twice.
 *
 * Appending gives the vectors the same words as recomputing them from every reply (what the
 * trigger does); only the positions of the words may differ, as the replies' order in the
 * recomputation is unspecified anyway.
 */
export function replySearchVectorsSql(isInternal: boolean, words: Prisma.Sql): Prisma.Sql {
  if (isInternal) {
    return Prisma.sql`,
      "internalSearchVector" = coalesce(t."internalSearchVector", ''::tsvector) || ${words},
      "staffSearchVector" = coalesce(t."staffSearchVector", ''::tsvector) || ${words}`;
  }
  return Prisma.sql`,
      "searchVector" = coalesce(t."searchVector", ''::tsvector) || setweight(${words}, 'D'),
      "staffSearchVector" = coalesce(t."staffSearchVector", ''::tsvector) || setweight(${words}, 'D')`;
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

/**
 * The SET item (led by a comma) of an `UPDATE tickets t` for a reply written at `at`: the
 * requester's last activity moves to `at` for a public reply from the customer's side (author
 * CUSTOMER: portal, tracker; EMAIL: a mail), never backwards (a reply imported with an older date
 * does not move it); nothing for any other reply.
 */
export function customerActivitySql(
  reply: { isInternal: boolean; authorType: string },
  at: Date,
): Prisma.Sql {
  return !reply.isInternal && (reply.authorType === 'CUSTOMER' || reply.authorType === 'EMAIL')
    ? Prisma.sql`, "customerActivityAt" = greatest(t."customerActivityAt", ${at}::timestamptz)`
    : Prisma.empty;
}

/**
 * Recomputes the requester's last activity of the tickets `ticketIds` from their public replies
 * from the customer's side (customerActivitySql's rule), after replies were inserted by other
 * means than a reply's statement (the demo data, test factories). @returns rows updated.
 */
export function recomputeCustomerActivity(db: Db, ticketIds: readonly string[]): Promise<number> {
  return executeSql(
    db,
    Prisma.sql`UPDATE tickets t SET "customerActivityAt" = greatest(t."customerActivityAt", r.at)
    FROM (
      SELECT "ticketId", max("createdAt") AS at FROM ticket_responses
      WHERE "ticketId" = ANY(${ticketIds as string[]}::uuid[]) AND NOT "isInternal"
        AND "authorType" IN ('CUSTOMER', 'EMAIL')
      GROUP BY "ticketId"
    ) r
    WHERE t.id = r."ticketId"`,
  );
}
