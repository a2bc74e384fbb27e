/**
 * The `custom_field_definitions` table (docs/decisions/0005-repositories.md): each function takes
 * the client or a transaction client first; the rules are custom-fields.service.ts's and
 * custom-field-values.ts's.
 */
import { Prisma } from '../../generated/prisma/client.js';
import { selectRows } from '../../db/select-rows.js';
import type { Db } from '../../lib/db.js';

const definitionSelect = {
  id: true,
  key: true,
  label: true,
  type: true,
  options: true,
  required: true,
  customerVisible: true,
  customerEditable: true,
  position: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.CustomFieldDefinitionSelect;
/** A definition row, before its dates are formatted. */
export type CustomFieldRow = Prisma.CustomFieldDefinitionGetPayload<{
  select: typeof definitionSelect;
}>;

const ORDER = [
  { position: 'asc' },
  { key: 'asc' },
] satisfies Prisma.CustomFieldDefinitionOrderByWithRelationInput[];

/**
 * Takes the transaction-scoped advisory lock on the definitions of `organizationId`, so that the
 * count and key checks of concurrent creates cannot interleave.
 */
export async function lockCustomFields(tx: Db, organizationId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`custom-fields:${organizationId}`}, 0))`;
}

/** The organization's definitions by position then key; only customer-visible ones when asked. */
export function listCustomFields(
  db: Db,
  organizationId: string,
  customerVisibleOnly = false,
): Promise<CustomFieldRow[]> {
  // Raw and prepared: every ticket create checks its values against them (bench/README.md
  // "Writes off Prisma's pipeline": the ORM's pipeline costs the server several times pg's).
  return selectRows<CustomFieldRow>(
    db,
    Prisma.sql`SELECT id, key, label, type::text AS type, options, required, "customerVisible",
        "customerEditable", position, "createdAt", "updatedAt"
      FROM custom_field_definitions
      WHERE "organizationId" = ${organizationId}::uuid
        AND (NOT ${customerVisibleOnly}::boolean OR "customerVisible")
      ORDER BY position, key`,
    { prepared: true },
  );
}

/**
 * The customer-visible definitions of the organization of ticket `ticketId` (the public tracker,
 * which knows the ticket only). A query to run in the tracker's snapshot.
 */
export function listCustomerVisibleFieldsOfTicket(db: Db, ticketId: string) {
  return db.customFieldDefinition.findMany({
    where: { customerVisible: true, organization: { tickets: { some: { id: ticketId } } } },
    select: definitionSelect,
    orderBy: ORDER,
  });
}

/** The definition `id` (lower-cased uuid) of `organizationId`, or null. */
export function findCustomField(
  db: Db,
  organizationId: string,
  id: string,
): Promise<CustomFieldRow | null> {
  return db.customFieldDefinition.findFirst({
    where: { id, organizationId },
    select: definitionSelect,
  });
}

/** How many definitions the organization has, and whether `key` is one of them. */
export async function countCustomFields(
  db: Db,
  organizationId: string,
  key: string,
): Promise<{ total: number; keyTaken: boolean }> {
  const [total, same] = await Promise.all([
    db.customFieldDefinition.count({ where: { organizationId } }),
    db.customFieldDefinition.count({ where: { organizationId, key } }),
  ]);
  return { total, keyTaken: same > 0 };
}

/** The largest position of the organization's definitions, or -1 without any. */
export async function lastCustomFieldPosition(db: Db, organizationId: string): Promise<number> {
  const row = await db.customFieldDefinition.aggregate({
    where: { organizationId },
    _max: { position: true },
  });
  return row._max.position ?? -1;
}

/** A new definition's columns. */
type NewCustomField = Omit<CustomFieldRow, 'id' | 'createdAt' | 'updatedAt'> & {
  organizationId: string;
  label: Prisma.InputJsonObject;
};

/** Inserts a definition. Throws the database's unique violation for a key taken. */
export function insertCustomField(db: Db, field: NewCustomField): Promise<CustomFieldRow> {
  return db.customFieldDefinition.create({ data: field, select: definitionSelect });
}

/** The columns an update may change. */
export interface CustomFieldChanges {
  label?: Prisma.InputJsonObject;
  options?: string[];
  required?: boolean;
  customerVisible?: boolean;
  customerEditable?: boolean;
  position?: number;
}

/** Applies `changes` to definition `id` and returns it after them. */
export function updateCustomField(
  db: Db,
  id: string,
  changes: CustomFieldChanges,
): Promise<CustomFieldRow> {
  return db.customFieldDefinition.update({
    where: { id },
    data: changes,
    select: definitionSelect,
  });
}

/** Deletes definition `id`. */
export async function deleteCustomField(db: Db, id: string): Promise<void> {
  await db.customFieldDefinition.delete({ where: { id } });
}
