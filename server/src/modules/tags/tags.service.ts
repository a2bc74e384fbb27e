/**
 * Tag suggestions (docs/product.md "Ticket": tags; the dashboard's tag filter and bulk "add tag"). Tags
 * are free text on tickets, not a table of their own, so suggestions are the tags in use: those
 * of the organization's TAG_SAMPLE_TICKETS most recently updated tickets (deleted ones left
 * out), most used first. Bounded work whatever the organization's size (bench/: a million
 * tickets), through the (organizationId, updatedAt) index; a tag used only on old tickets is
 * still accepted by every filter, it is only not suggested.
 * Staff and API keys only (customers do not see tags: docs/product.md roles table).
 */
import type { PrismaClient } from '../../lib/db.js';
import type { Principal } from '../../lib/principal.js';
import { TAG_SAMPLE_TICKETS, type ListTagsQuery, type TagList } from './tags.schemas.js';
import { findTagsInUse } from './tags.repository.js';

/** `%` and `_` typed by a person are literal in a LIKE pattern. */
function likePrefix(text: string): string {
  return `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The tags service: `list(principal, {q?, limit})`. */
export function createTagsService(deps: { prisma: PrismaClient }) {
  const { prisma } = deps;

  /** Tags of the caller's organization starting with `q`, by use then name; at most `limit`. */
  async function list(principal: Principal, query: ListTagsQuery): Promise<TagList> {
    const pattern = likePrefix(query.q ?? '');
    const rows = await findTagsInUse(
      prisma,
      principal.organizationId,
      pattern,
      TAG_SAMPLE_TICKETS,
      query.limit,
    );
    return { data: rows.map((r) => ({ name: r.name, count: Number(r.count) })) };
  }

  return { list };
}

export type TagsService = ReturnType<typeof createTagsService>;
