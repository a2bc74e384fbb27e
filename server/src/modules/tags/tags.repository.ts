/**
 * Tags in use (docs/decisions/0005-repositories.md): tags are free text on `tickets`, so their
 * suggestions are read from the organization's recently updated tickets. The function takes the
 * client or a transaction client first and returns rows; which tickets count is tags.service.ts's
 * rule, passed in as `sample`.
 */
import type { Db } from '../../lib/db.js';

/** A tag and how many of the sampled tickets carry it. */
export interface TagUseRow {
  name: string;
  count: bigint;
}

/**
 * The tags matching the LIKE `pattern` on the `sample` most recently updated tickets of
 * `organizationId` (deleted ones left out), most used first then by name, at most `limit`.
 */
export function findTagsInUse(
  db: Db,
  organizationId: string,
  pattern: string,
  sample: number,
  limit: number,
): Promise<TagUseRow[]> {
  return db.$queryRaw<TagUseRow[]>`
      SELECT tag AS name, count(*) AS count
      FROM (
        SELECT tags FROM tickets
        WHERE "organizationId" = ${organizationId}::uuid AND "deletedAt" IS NULL
        ORDER BY "updatedAt" DESC
        LIMIT ${sample}
      ) recent, unnest(recent.tags) AS tag
      WHERE tag LIKE ${pattern}
      GROUP BY tag
      ORDER BY count(*) DESC, tag
      LIMIT ${limit}`;
}
