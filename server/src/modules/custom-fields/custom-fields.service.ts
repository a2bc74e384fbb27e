/**
 * Custom field definitions (docs/product.md "Custom fields"): the organization's extra ticket
 * fields. Staff list them all, customers the customer-visible ones (the portal's create form
 * needs them); admins create, change and delete them, each change recorded in the organization's
 * activity log (`custom_field.created|updated|deleted`) in the change's transaction.
 * - Keys are unique in the organization (409 `custom_field_exists`); at most 50 definitions
 *   (409 `custom_field_limit`).
 * - select and multi_select need 1–100 options; other types take none (400 on `options`).
 * - A customer-editable field is customer-visible (400 on `customerVisible`).
 * - `key` and `type` are fixed once created (400 naming the field): tickets store values by key,
 *   checked by type.
 * Deleting a definition leaves the values already stored on tickets; they are no longer shown
 * to customers nor accepted in new writes.
 */
import { isUniqueViolation } from '../../lib/db-errors.js';
import { isUuid } from '../../lib/cursor.js';
import type { Db, PrismaClient } from '../../lib/db.js';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { isStaff, userIdOf, type Principal } from '../../lib/principal.js';
import { recordOrganizationActivity } from '../organization-activity/index.js';
import {
  MAX_CUSTOM_FIELDS,
  type CreateCustomFieldInput,
  type CustomField,
  type CustomFieldList,
  type CustomFieldType,
  type UpdateCustomFieldInput,
} from './custom-fields.schemas.js';
import {
  countCustomFields,
  deleteCustomField,
  findCustomField,
  insertCustomField,
  lastCustomFieldPosition,
  listCustomFields,
  lockCustomFields,
  updateCustomField,
  type CustomFieldChanges,
  type CustomFieldRow,
} from './custom-fields.repository.js';

/** The API shape of a definition. */
function toCustomField(row: CustomFieldRow): CustomField {
  const label = (row.label ?? {}) as { en?: unknown; fr?: unknown };
  return {
    ...row,
    label: { en: String(label.en ?? ''), fr: String(label.fr ?? '') },
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const keyExists = (key: string) =>
  new ConflictError(`A custom field with key "${key}" already exists`, 'custom_field_exists');

const hasOptions = (type: CustomFieldType) => type === 'select' || type === 'multi_select';

/**
 * The options and visibility of a definition as they will be, checked together.
 * @throws ValidationError on `options` or `customerVisible`
 */
function checkShape(field: {
  type: CustomFieldType;
  options: readonly string[];
  customerVisible: boolean;
  customerEditable: boolean;
}): void {
  if (hasOptions(field.type) && field.options.length === 0) {
    throw new ValidationError('This type needs options', [
      { path: 'options', message: `${field.type} needs at least one option` },
    ]);
  }
  if (!hasOptions(field.type) && field.options.length > 0) {
    throw new ValidationError('This type takes no options', [
      { path: 'options', message: `${field.type} takes no options` },
    ]);
  }
  if (field.customerEditable && !field.customerVisible) {
    throw new ValidationError('A customer-editable field must be visible to customers', [
      { path: 'customerVisible', message: 'must be true when customerEditable is true' },
    ]);
  }
}

/** The custom fields service: `list`, `create`, `update`, `remove`, scoped to the principal's organization. */
export function createCustomFieldsService(deps: { prisma: PrismaClient }) {
  const { prisma } = deps;

  async function findInOrganization(db: Db, principal: Principal, id: string) {
    if (!isUuid(id)) throw new NotFoundError('Custom field');
    const row = await findCustomField(db, principal.organizationId, id.toLowerCase());
    if (!row) throw new NotFoundError('Custom field');
    return row;
  }

  /** The definitions by position then key: all for staff and API keys, customer-visible ones for customers. */
  async function list(principal: Principal): Promise<CustomFieldList> {
    const rows = await listCustomFields(prisma, principal.organizationId, !isStaff(principal));
    return { data: rows.map(toCustomField) };
  }

  /**
   * Creates a definition (position: after the last one when not given).
   * @throws ValidationError (options, customerVisible), ConflictError `custom_field_exists`,
   * `custom_field_limit`
   */
  async function create(principal: Principal, input: CreateCustomFieldInput): Promise<CustomField> {
    const organizationId = principal.organizationId;
    const options = input.options ?? [];
    checkShape({ ...input, options });
    try {
      const row = await prisma.$transaction(async (tx) => {
        await lockCustomFields(tx, organizationId);
        const { total, keyTaken } = await countCustomFields(tx, organizationId, input.key);
        if (keyTaken) throw keyExists(input.key);
        if (total >= MAX_CUSTOM_FIELDS) {
          throw new ConflictError(
            `An organization has at most ${MAX_CUSTOM_FIELDS} custom fields`,
            'custom_field_limit',
          );
        }
        const position = input.position ?? (await lastCustomFieldPosition(tx, organizationId)) + 1;
        const created = await insertCustomField(tx, {
          organizationId,
          key: input.key,
          label: input.label,
          type: input.type,
          options,
          required: input.required,
          customerVisible: input.customerVisible,
          customerEditable: input.customerEditable,
          position,
        });
        await recordOrganizationActivity(tx, {
          organizationId,
          actorId: userIdOf(principal),
          type: 'custom_field.created',
          data: { id: created.id, key: created.key, type: created.type },
        });
        return created;
      });
      return toCustomField(row);
    } catch (error) {
      if (isUniqueViolation(error)) throw keyExists(input.key);
      throw error;
    }
  }

  /**
   * Changes a definition's label, options, flags or position.
   * @throws NotFoundError; ValidationError on `key` or `type` (fixed once created), `options`,
   * `customerVisible`
   */
  async function update(
    principal: Principal,
    id: string,
    input: UpdateCustomFieldInput,
  ): Promise<CustomField> {
    const row = await prisma.$transaction(async (tx) => {
      const current = await findInOrganization(tx, principal, id);
      for (const field of ['key', 'type'] as const) {
        if (input[field] !== undefined && input[field] !== current[field]) {
          throw new ValidationError(`A custom field's ${field} cannot change`, [
            { path: field, message: `cannot change once created (it is "${current[field]}")` },
          ]);
        }
      }
      const next = {
        type: current.type,
        options: input.options ?? current.options,
        customerVisible: input.customerVisible ?? current.customerVisible,
        customerEditable: input.customerEditable ?? current.customerEditable,
      };
      checkShape(next);
      const changes: CustomFieldChanges = {};
      if (input.label !== undefined) changes.label = input.label;
      if (input.options !== undefined) changes.options = input.options;
      if (input.required !== undefined) changes.required = input.required;
      if (input.customerVisible !== undefined) changes.customerVisible = input.customerVisible;
      if (input.customerEditable !== undefined) changes.customerEditable = input.customerEditable;
      if (input.position !== undefined) changes.position = input.position;
      const updated = await updateCustomField(tx, current.id, changes);
      await recordOrganizationActivity(tx, {
        organizationId: principal.organizationId,
        actorId: userIdOf(principal),
        type: 'custom_field.updated',
        data: { id: current.id, key: current.key, fields: Object.keys(changes) },
      });
      return updated;
    });
    return toCustomField(row);
  }

  /**
   * Deletes a definition; values already on tickets stay (no longer validated, shown to customers
   * or accepted in writes). @throws NotFoundError
   */
  async function remove(principal: Principal, id: string): Promise<void> {
    await prisma.$transaction(async (tx) => {
      const current = await findInOrganization(tx, principal, id);
      await deleteCustomField(tx, current.id);
      await recordOrganizationActivity(tx, {
        organizationId: principal.organizationId,
        actorId: userIdOf(principal),
        type: 'custom_field.deleted',
        data: { id: current.id, key: current.key },
      });
    });
  }

  return { list, create, update, remove };
}

export type CustomFieldsService = ReturnType<typeof createCustomFieldsService>;
