/**
 * Reading the organization activity log for the organization's admins (docs/product.md "Audit
 * trail"): pages newest first, the CSV of the same filters, and verifying the hash chain.
 */
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { decodeDateCursor, keysetPage } from '../../lib/cursor.js';
import type { PrismaClient } from '../../lib/db.js';
import type { Principal } from '../../lib/principal.js';
import type { OrganizationActivityType } from './organization-activity.types.js';
import {
  findActorNames,
  findChainLinks,
  findOrganizationActivityPage,
  type OrganizationActivityFilter,
  type OrganizationActivityRow,
} from './organization-activity.repository.js';
import type {
  ActivityChainVerification,
  ExportOrganizationActivityQuery,
  ListOrganizationActivityQuery,
  OrganizationActivity,
  OrganizationActivityList,
} from './organization-activity.schemas.js';

/** Entries read per query by the CSV export and by verify. */
const BATCH = 1000;

/** The CSV columns, in order. */
const CSV_HEADER = [
  'created_at',
  'position',
  'type',
  'actor_id',
  'actor',
  'ip',
  'user_agent',
  'data',
  'before',
  'after',
  'previous_hash',
  'hash',
];

export function createOrganizationActivityService(deps: { prisma: PrismaClient }) {
  const { prisma } = deps;

  function filterOf(
    principal: Principal,
    query: ExportOrganizationActivityQuery,
  ): OrganizationActivityFilter {
    return {
      organizationId: principal.organizationId,
      type: query.type,
      actorId: query.actorId?.toLowerCase(),
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
    };
  }

  /** The API shape of `rows`, actors named from their user rows. */
  async function present(
    organizationId: string,
    rows: OrganizationActivityRow[],
  ): Promise<OrganizationActivity[]> {
    const actorIds = [...new Set(rows.flatMap((r) => (r.actorId ? [r.actorId] : [])))];
    const actors = actorIds.length ? await findActorNames(prisma, organizationId, actorIds) : [];
    const names = new Map(actors.map((a) => [a.id, a.name]));
    return rows.map((row) => {
      const data = (row.data ?? {}) as Record<string, unknown>;
      return {
        id: row.id,
        type: row.type as OrganizationActivityType,
        actor: row.actorId
          ? { id: row.actorId, name: names.get(row.actorId) ?? 'Deleted user' }
          : { id: null, name: typeof data.actorApiKeyId === 'string' ? 'API key' : 'Docket' },
        data,
        ip: row.ip,
        userAgent: row.userAgent,
        before: (row.before ?? null) as Record<string, unknown> | null,
        after: (row.after ?? null) as Record<string, unknown> | null,
        position: Number(row.position),
        createdAt: row.createdAt.toISOString(),
      };
    });
  }

  /**
   * The caller's organization's entries, newest first (keyset on createdAt, id), filtered by
   * `type`, `actorId` and [`from`, `to`). @throws ValidationError for a bad cursor.
   */
  async function list(
    principal: Principal,
    query: ListOrganizationActivityQuery,
  ): Promise<OrganizationActivityList> {
    const rows = await findOrganizationActivityPage(prisma, {
      filter: filterOf(principal, query),
      before: query.cursor ? decodeDateCursor(query.cursor) : null,
      take: query.limit + 1,
    });
    const { rows: page, nextCursor } = keysetPage(rows, query.limit, (row) =>
      row.createdAt.toISOString(),
    );
    return { data: await present(principal.organizationId, page), nextCursor };
  }

  /**
   * The entries of `query`'s filters as CSV (RFC 4180, CRLF, a header row, newest first), read
   * in batches of 1000 and streamed; JSON columns as JSON text; cells a spreadsheet would read
   * as a formula get a leading `'` (OWASP "CSV Injection", as the ticket export).
   */
  function exportCsv(principal: Principal, query: ExportOrganizationActivityQuery): Readable {
    const filter = filterOf(principal, query);
    const json = (value: unknown): string => (value == null ? '' : JSON.stringify(value));
    async function* rows(): AsyncGenerator<string[]> {
      yield CSV_HEADER;
      let before: { at: Date; id: string } | null = null;
      for (;;) {
        const batch = await findOrganizationActivityPage(prisma, { filter, before, take: BATCH });
        const entries = await present(principal.organizationId, batch);
        for (const [index, entry] of entries.entries()) {
          const row = batch[index]!;
          yield [
            entry.createdAt,
            String(entry.position),
            entry.type,
            entry.actor.id ?? '',
            entry.actor.name,
            entry.ip ?? '',
            entry.userAgent ?? '',
            json(entry.data),
            json(entry.before),
            json(entry.after),
            row.previousHash ?? '',
            row.hash,
          ];
        }
        const last = batch.at(-1);
        if (batch.length < BATCH || !last) return;
        before = { at: last.createdAt, id: last.id };
      }
    }
    return Readable.from(rows()).pipe(
      stringify({ record_delimiter: 'windows', escape_formulas: true }),
    );
  }

  /**
   * Walks the organization's chain by position, 1000 entries per query, and reports the first
   * entry where it breaks: `altered` (its stored content no longer gives its hash),
   * `missing_before` (its position is not the previous one + 1: entries were removed before it),
   * `broken_link` (its previousHash is not the previous entry's hash). What this proves and what
   * it cannot (a whole chain rewritten by someone with database access): docs/product.md
   * "Audit trail".
   */
  async function verify(principal: Principal): Promise<ActivityChainVerification> {
    let expectedPosition = 1n;
    let previousHash: string | null = null;
    let checked = 0;
    for (;;) {
      const links = await findChainLinks(
        prisma,
        principal.organizationId,
        expectedPosition - 1n,
        BATCH,
      );
      for (const link of links) {
        const reason =
          link.position !== expectedPosition
            ? ('missing_before' as const)
            : (link.previousHash ?? null) !== previousHash
              ? ('broken_link' as const)
              : link.hash !== link.expectedHash
                ? ('altered' as const)
                : null;
        if (reason) {
          return {
            valid: false,
            checked,
            firstInvalid: { id: link.id, position: Number(link.position), reason },
          };
        }
        checked += 1;
        previousHash = link.hash;
        expectedPosition += 1n;
      }
      if (links.length < BATCH) return { valid: true, checked, firstInvalid: null };
    }
  }

  return { list, exportCsv, verify };
}

export type OrganizationActivityService = ReturnType<typeof createOrganizationActivityService>;
