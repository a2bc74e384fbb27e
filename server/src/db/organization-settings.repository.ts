/**
 * The organization's settings JSON (`organizations.settings`), read and merged by the modules
 * that keep a setting there (satisfaction ratings, two-factor sign-in, retention): one place for
 * the statement, so that every writer merges the same way.
 */
import type { Db, Prisma } from '../lib/db.js';

/** The settings JSON of the organization `id` (null when it has none or does not exist). */
export async function findOrganizationSettings(
  db: Db,
  id: string,
): Promise<Prisma.JsonValue | null> {
  const row = await db.organization.findUnique({ where: { id }, select: { settings: true } });
  return row?.settings ?? null;
}

/**
 * Merges `patch` into the settings JSON of the organization `id` in one statement
 * (`settings || patch`: the other keys stay as they are, a concurrent change of another key is
 * not lost) and returns the settings after it; null when there is no such organization.
 */
export async function mergeOrganizationSettings(
  db: Db,
  id: string,
  patch: Prisma.InputJsonObject,
): Promise<Prisma.JsonValue | null> {
  const rows = await db.$queryRaw<{ settings: Prisma.JsonValue }[]>`
    UPDATE organizations
    SET settings = COALESCE(settings, '{}'::jsonb) || ${JSON.stringify(patch)}::jsonb,
      "updatedAt" = now()
    WHERE id = ${id}::uuid
    RETURNING settings`;
  return rows[0]?.settings ?? null;
}
