/**
 * Reading the organization activity log, newest first, for the organization's admins.
 */
import { decodeDateCursor, keysetPage } from '../../lib/cursor.js';
import type { PrismaClient } from '../../lib/db.js';
import type { Principal } from '../../lib/principal.js';
import type { OrganizationActivityType } from './organization-activity.recorder.js';
import {
  findActorNames,
  findOrganizationActivityPage,
} from './organization-activity.repository.js';
import type {
  ListOrganizationActivityQuery,
  OrganizationActivityList,
} from './organization-activity.schemas.js';

export function createOrganizationActivityService(deps: { prisma: PrismaClient }) {
  const { prisma } = deps;

  /**
   * The caller's organization's entries, newest first (keyset on createdAt, id), optionally of
   * one `type`; actors' names from their user rows. @throws ValidationError for a bad cursor.
   */
  async function list(
    principal: Principal,
    query: ListOrganizationActivityQuery,
  ): Promise<OrganizationActivityList> {
    const rows = await findOrganizationActivityPage(prisma, {
      organizationId: principal.organizationId,
      type: query.type,
      before: query.cursor ? decodeDateCursor(query.cursor) : null,
      take: query.limit + 1,
    });
    const { rows: page, nextCursor } = keysetPage(rows, query.limit, (row) =>
      row.createdAt.toISOString(),
    );
    const actorIds = [...new Set(page.flatMap((r) => (r.actorId ? [r.actorId] : [])))];
    const actors = actorIds.length
      ? await findActorNames(prisma, principal.organizationId, actorIds)
      : [];
    const names = new Map(actors.map((a) => [a.id, a.name]));
    return {
      data: page.map((row) => ({
        id: row.id,
        type: row.type as OrganizationActivityType,
        actor: row.actorId
          ? { id: row.actorId, name: names.get(row.actorId) ?? 'Deleted user' }
          : { id: null, name: 'Docket' },
        data: (row.data ?? {}) as Record<string, unknown>,
        createdAt: row.createdAt.toISOString(),
      })),
      nextCursor,
    };
  }

  return { list };
}

export type OrganizationActivityService = ReturnType<typeof createOrganizationActivityService>;
