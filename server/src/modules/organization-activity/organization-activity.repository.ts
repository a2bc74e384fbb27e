/**
 * The queries of the organization activity log (`organization_activity`): one entry written in
 * the transaction of a change (the trigger organization_activity_chain links it into the
 * organization's hash chain), the pages of the log, the chain as verify walks it, and the names
 * of the entries' actors.
 */
import type { Db, Prisma } from '../../lib/db.js';

/** An organization activity row as stored. */
export type OrganizationActivityRow = Prisma.OrganizationActivityGetPayload<object>;

/**
 * Inserts one entry with `tx` (the transaction of the change); `createdAt` defaults to now.
 * `position`, `previousHash` and `hash` are the trigger's: it takes the organization's advisory
 * lock, held until `tx` ends.
 */
export async function insertOrganizationActivity(
  tx: Prisma.TransactionClient,
  entry: {
    organizationId: string;
    actorId: string | null;
    type: string;
    data: Prisma.InputJsonObject;
    ip: string | null;
    userAgent: string | null;
    before: Prisma.InputJsonObject | null;
    after: Prisma.InputJsonObject | null;
    createdAt?: Date | undefined;
  },
): Promise<void> {
  await tx.organizationActivity.create({
    data: {
      organizationId: entry.organizationId,
      actorId: entry.actorId,
      type: entry.type,
      data: entry.data,
      ip: entry.ip,
      userAgent: entry.userAgent,
      ...(entry.before ? { before: entry.before } : {}),
      ...(entry.after ? { after: entry.after } : {}),
      ...(entry.createdAt ? { createdAt: entry.createdAt } : {}),
    },
    select: { id: true },
  });
}

/** Which entries of an organization: all given conditions hold. */
export interface OrganizationActivityFilter {
  organizationId: string;
  type?: string | undefined;
  actorId?: string | undefined;
  /** createdAt ≥ from. */
  from?: Date | undefined;
  /** createdAt < to. */
  to?: Date | undefined;
}

/**
 * One page of an organization's entries matching `filter`, newest first by (createdAt, id):
 * `take` rows before the cursor position `before` (exclusive).
 */
export function findOrganizationActivityPage(
  db: Db,
  query: {
    filter: OrganizationActivityFilter;
    before: { at: Date; id: string } | null;
    take: number;
  },
): Promise<OrganizationActivityRow[]> {
  const { filter } = query;
  const and: Prisma.OrganizationActivityWhereInput[] = [{ organizationId: filter.organizationId }];
  if (filter.type) and.push({ type: filter.type });
  if (filter.actorId) and.push({ actorId: filter.actorId });
  if (filter.from) and.push({ createdAt: { gte: filter.from } });
  if (filter.to) and.push({ createdAt: { lt: filter.to } });
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

/** One link of the chain as verify checks it; `expectedHash` is the hash recomputed now. */
interface ChainLink {
  id: string;
  position: bigint;
  hash: string;
  previousHash: string | null;
  expectedHash: string;
}

/**
 * The next `take` entries of the organization's chain after `afterPosition`, by position, each
 * with its hash recomputed from its stored content and stored previousHash by
 * organization_activity_hash() (the function the trigger uses).
 */
export function findChainLinks(
  db: Db,
  organizationId: string,
  afterPosition: bigint,
  take: number,
): Promise<ChainLink[]> {
  return db.$queryRaw<ChainLink[]>`
    SELECT "id", "position", "hash", "previousHash",
      organization_activity_hash("organizationId", "position", "type", "actorId", "ip",
        "userAgent", "data", "before", "after", "createdAt", "previousHash") AS "expectedHash"
    FROM "organization_activity"
    WHERE "organizationId" = ${organizationId}::uuid AND "position" > ${afterPosition}
    ORDER BY "position"
    LIMIT ${take}`;
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
