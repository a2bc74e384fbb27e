/**
 * The event feed's SQL: an organization's EVENT rows of the outbox in (writeTx, sequence) order,
 * only those of transactions that have ended (docs/product.md "Event feed").
 */
import type { Db } from '../../lib/db.js';
import { INTERNAL_CAPABLE_EVENT_TYPES } from '../events/events.schemas.js';

/** A place in the feed: after the event of this transaction and outbox sequence. */
export interface FeedPosition {
  /** The writing transaction's id (xid8), as a decimal string. */
  writeTx: string;
  /** The outbox row's sequence, as a decimal string. */
  sequence: string;
  /** When that event's row was written (for the retention check). */
  at: Date;
}

export interface FeedRow extends FeedPosition {
  payload: unknown;
}

export interface FeedScan {
  /** The matching events, in order, at most `limit`. */
  rows: FeedRow[];
  /** How many rows were looked at (matching or not), at most `scanLimit`. */
  scanned: number;
  /** The last row looked at, matching or not; null when none was. */
  last: FeedPosition | null;
}

/**
 * Reads the feed after `after` (null: from the start): at most `scanLimit` EVENT rows of the
 * organization in (writeTx, sequence) order, of transactions below the reading snapshot's
 * `xmin` only — every transaction with a lower id has committed or rolled back, so no event can
 * later appear before the last one read (no gap); of those, the first `limit` of the `types`
 * (internal notes only with `includeInternal`; for a principal limited to groups, events whose
 * ticket was in one of `groupIds`). One statement (index outbox_messages
 * (organizationId, kind, writeTx, sequence)).
 */
export async function scanFeed(
  db: Db,
  input: {
    organizationId: string;
    after: FeedPosition | null;
    types: readonly string[];
    includeInternal: boolean;
    groupIds: readonly string[] | null;
    limit: number;
    scanLimit: number;
  },
): Promise<FeedScan> {
  const afterTx = input.after?.writeTx ?? '-1';
  const afterSequence = input.after?.sequence ?? '-1';
  const rows = await db.$queryRaw<
    {
      writeTx: string | null;
      sequence: string | null;
      at: Date | null;
      payload: unknown;
      scanned: number;
      lastTx: string | null;
      lastSequence: string | null;
      lastAt: Date | null;
    }[]
  >`
    WITH scanned AS (
      SELECT o."writeTx", o.sequence, o.topic, o.payload, o."createdAt"
      FROM outbox_messages o
      WHERE o."organizationId" = ${input.organizationId}::uuid
        AND o.kind = 'EVENT'
        AND (o."writeTx", o.sequence) > (${afterTx}::bigint, ${afterSequence}::bigint)
        AND o."writeTx" < pg_snapshot_xmin(pg_current_snapshot())::text::bigint
      ORDER BY o."writeTx", o.sequence
      LIMIT ${input.scanLimit}
    ), matched AS (
      SELECT s."writeTx", s.sequence, s.payload, s."createdAt"
      FROM scanned s
      WHERE s.topic = ANY(${[...input.types]}::text[])
        AND (${input.includeInternal}::boolean
             OR NOT (s.topic = ANY(${[...INTERNAL_CAPABLE_EVENT_TYPES]}::text[]))
             OR (s.payload -> 'data' ->> 'isInternal') = 'false')
        AND (${input.groupIds === null}::boolean
             OR (s.payload -> 'data' -> 'ticket' -> 'group' ->> 'id') = ANY(${[...(input.groupIds ?? [])]}::text[]))
      ORDER BY s."writeTx", s.sequence
      LIMIT ${input.limit}
    ), tail AS (
      SELECT s."writeTx", s.sequence, s."createdAt" FROM scanned s
      ORDER BY s."writeTx" DESC, s.sequence DESC LIMIT 1
    )
    SELECT m."writeTx"::text AS "writeTx", m.sequence::text AS sequence, m."createdAt" AS at,
           m.payload,
           (SELECT count(*)::int FROM scanned) AS scanned,
           t."writeTx"::text AS "lastTx", t.sequence::text AS "lastSequence", t."createdAt" AS "lastAt"
    FROM (SELECT 1) one
    LEFT JOIN tail t ON true
    LEFT JOIN matched m ON true
    ORDER BY m."writeTx", m.sequence`;
  const first = rows[0];
  return {
    rows: rows.flatMap((row) =>
      row.writeTx !== null && row.sequence !== null && row.at !== null
        ? [{ writeTx: row.writeTx, sequence: row.sequence, at: row.at, payload: row.payload }]
        : [],
    ),
    scanned: first?.scanned ?? 0,
    last:
      first?.lastTx && first.lastSequence && first.lastAt
        ? { writeTx: first.lastTx, sequence: first.lastSequence, at: first.lastAt }
        : null,
  };
}
