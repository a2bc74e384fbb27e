/**
 * The `macros` table (docs/decisions/0005-repositories.md): each function takes the client or a
 * transaction client first; who may see or change a macro is macros.service.ts's rule.
 */
import type { Prisma } from '../../generated/prisma/client.js';
import type { Db } from '../../lib/db.js';

const macroSelect = {
  id: true,
  organizationId: true,
  ownerId: true,
  name: true,
  shared: true,
  actions: true,
  createdAt: true,
  updatedAt: true,
  owner: { select: { id: true, name: true } },
} satisfies Prisma.MacroSelect;
/** A macro row with its owner's name. */
export type MacroRow = Prisma.MacroGetPayload<{ select: typeof macroSelect }>;

/** The macros `userId` may apply in `organizationId`: theirs and the shared ones, by name. */
export function listUsableMacros(
  db: Db,
  organizationId: string,
  userId: string,
): Promise<MacroRow[]> {
  return db.macro.findMany({
    where: { organizationId, OR: [{ shared: true }, { ownerId: userId }] },
    select: macroSelect,
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
  });
}

/** Macro `id` of `organizationId`, or null. */
export function findMacro(db: Db, organizationId: string, id: string): Promise<MacroRow | null> {
  return db.macro.findFirst({ where: { id, organizationId }, select: macroSelect });
}

/** Inserts a macro. */
export function insertMacro(db: Db, data: Prisma.MacroUncheckedCreateInput): Promise<MacroRow> {
  return db.macro.create({ data, select: macroSelect });
}

/** Updates macro `id` (the caller checked who may). */
export function updateMacroRow(
  db: Db,
  id: string,
  data: Prisma.MacroUncheckedUpdateInput,
): Promise<MacroRow> {
  return db.macro.update({ where: { id }, data, select: macroSelect });
}

/** Deletes macro `id`. */
export async function deleteMacroRow(db: Db, id: string): Promise<void> {
  await db.macro.delete({ where: { id } });
}
