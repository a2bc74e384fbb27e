/**
 * The queries of the organization activity log (`organization_activity`): one entry written in
 * the transaction of a change, the pages of the log, and the names of the entries' actors.
 */
import type { Db, Prisma } from '../../lib/db.js';

/** An organization activity row as stored. */
export type OrganizationActivityRow = Prisma.OrganizationActivityGetPayload<object>;

/** Inserts one entry with `tx` (the transaction of the change); `createdAt` defaults to now. */
export async function insertOrganizationActivity(
  tx: Prisma.TransactionClient,
  entry: {
    organizationId: string;
    actorId: string | null;
    type: string;
    data: Prisma.InputJsonObject;
    createdAt?: Date | undefined;
  },
): Promise<void> {
  await tx.organizationActivity.create({
    data: {
      organizationId: entry.organizationId,
      actorId: entry.actorId,
      type: entry.type,
      data: entry.data,
      ...(entry.createdAt ? { createdAt: entry.createdAt } : {}),
    },
    select: { id: true },
  });
}

/**
 * One page of an organization's entries, newest first by (createdAt, id): `take` rows before
 * the cursor position `before` (exclusive), of one `type` when given.
 */
export function findOrganizationActivityPage(
  db: Db,
  query: {
    organizationId: string;
    type: string | undefined;
    before: { at: Date; id: string } | null;
    take: number;
  },
): Promise<OrganizationActivityRow[]> {
  const and: object[] = [{ organizationId: query.organizationId }];
  if (query.type) and.push({ type: query.type });
  if (query.before) {
    const { at, id } = query.before;
    and.push({ OR: [{ createdAt: { lt: at } }, { createdAt: at, id: { lt: id } }] });
  }
  return db.organizationActivity.findMany({
    where: { AND: and },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: query.take,
  });
}

/**
 * The names of the users `ids` of the organization (the actors of a page of entries; a user of
 * another organization, or deleted, is absent).
 */
export function findActorNames(
  db: Db,
  organizationId: string,
  ids: readonly string[],
): Promise<{ id: string; name: string }[]> {
  return db.user.findMany({
    where: { id: { in: [...ids] }, organizationId },
    select: { id: true, name: true },
  });
}
