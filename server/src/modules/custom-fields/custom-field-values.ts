/**
 * A ticket's `customFields` checked against its organization's definitions (docs/product.md
 * "Custom fields"): the one place that decides whether a value fits its field, who may set it,
 * and what a customer may see of it. Used by the ticket module on POST and PATCH
 * /api/tickets, by the ticket list's `cf.<key>` filter, and by the presenters of the customer's
 * views.
 */
import type { Db, Prisma } from '../../lib/db.js';
import { ValidationError, type FieldError } from '../../lib/errors.js';
import { isStaff, type Principal } from '../../lib/principal.js';
import { listCustomFields, type CustomFieldRow } from './custom-fields.repository.js';

/** What validateCustomFields needs of a definition. */
type CustomFieldDefinition = Pick<
  CustomFieldRow,
  'key' | 'type' | 'options' | 'required' | 'customerVisible' | 'customerEditable'
>;

/** Longest text value, in characters. */
const MAX_CUSTOM_TEXT_LENGTH = 2000;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a calendar date written YYYY-MM-DD (2026-02-30 is not one). */
function isIsoDate(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

/** Why `value` does not fit `field`, or null when it does. */
function valueProblem(field: CustomFieldDefinition, value: unknown): string | null {
  switch (field.type) {
    case 'text':
      if (typeof value !== 'string') return 'must be a string';
      if (value.length > MAX_CUSTOM_TEXT_LENGTH)
        return `at most ${MAX_CUSTOM_TEXT_LENGTH} characters`;
      return null;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'must be a finite number';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false';
    case 'date':
      return isIsoDate(value) ? null : 'must be a date written YYYY-MM-DD';
    case 'select':
      return typeof value === 'string' && field.options.includes(value)
        ? null
        : `must be one of: ${field.options.join(', ')}`;
    case 'multi_select': {
      if (!Array.isArray(value)) return 'must be an array of options';
      if (value.some((v) => typeof v !== 'string' || !field.options.includes(v)))
        return `each item must be one of: ${field.options.join(', ')}`;
      if (new Set(value).size !== value.length) return 'items must be distinct';
      return null;
    }
  }
}

/** True when a value counts as filled for a required field. */
function isFilled(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  return !(Array.isArray(value) && value.length === 0);
}

/**
 * Checks `values` (a ticket's `customFields`, or a PATCH's part of them) against `definitions`.
 * - Every key must be a defined field (a customer knows only the customer-visible ones) and its
 *   value fit the field's type: text ≤ 2,000 characters, a finite number, a boolean, a date
 *   YYYY-MM-DD, one of the options (select), an array of distinct options (multi_select).
 *   `null` removes a value (PATCH) or leaves it unset (create).
 * - A customer (`actor: 'customer'`) may set customer-editable fields only.
 * - `partial: false` (a create): every required field the actor may set must be filled.
 *   `partial: true` (a PATCH): a required field may not be set to null.
 * @throws ValidationError whose errors name each field at fault as `customFields.<key>`.
 */
export function validateCustomFields(
  definitions: readonly CustomFieldDefinition[],
  values: Readonly<Record<string, unknown>>,
  options: { partial: boolean; actor: 'staff' | 'customer' },
): void {
  const byKey = new Map(definitions.map((d) => [d.key, d]));
  const customer = options.actor === 'customer';
  const errors: FieldError[] = [];
  const fail = (key: string, message: string) =>
    errors.push({ path: `customFields.${key}`, message });
  for (const [key, value] of Object.entries(values)) {
    const field = byKey.get(key);
    if (!field || (customer && !field.customerVisible)) {
      fail(key, 'no custom field has this key');
      continue;
    }
    if (customer && !field.customerEditable) {
      fail(key, 'customers may not set this field');
      continue;
    }
    if (value === null) {
      if (options.partial && field.required) fail(key, 'this field is required');
      continue;
    }
    const problem = valueProblem(field, value);
    if (problem) fail(key, problem);
  }
  if (!options.partial) {
    for (const field of definitions) {
      if (!field.required || (customer && !field.customerEditable)) continue;
      if (
        !isFilled(values[field.key]) &&
        !errors.some((e) => e.path === `customFields.${field.key}`)
      )
        fail(field.key, 'this field is required');
    }
  }
  if (errors.length) throw new ValidationError('Some custom fields are not valid', errors);
}

const actorOf = (principal: Principal) => (isStaff(principal) ? 'staff' : 'customer');

/** `values` without its null entries. */
function withoutNulls(values: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null));
}

/**
 * A new ticket's `customFields` (POST /api/tickets), checked by validateCustomFields against the
 * organization's definitions (one query), null entries dropped; with the keys of the
 * customer-visible fields, for presenting the new ticket to a customer.
 * @throws ValidationError naming `customFields.<key>`
 */
export async function checkNewTicketCustomFields(
  db: Db,
  principal: Principal,
  values: Readonly<Record<string, unknown>> | undefined,
): Promise<{ values: Record<string, unknown>; visibleKeys: ReadonlySet<string> }> {
  const definitions = await listCustomFields(db, principal.organizationId);
  validateCustomFields(definitions, values ?? {}, { partial: false, actor: actorOf(principal) });
  const visibleKeys = new Set(definitions.filter((d) => d.customerVisible).map((d) => d.key));
  return { values: withoutNulls(values ?? {}), visibleKeys };
}

/**
 * A PATCH's `customFields` merged into the ticket's `current` ones (PATCH /api/tickets/:id):
 * the keys given are checked by validateCustomFields (partial) against the organization's
 * definitions (one query) and replace the current values; a key set to null is removed; other
 * keys stay as they are.
 * @throws ValidationError naming `customFields.<key>`
 */
export async function mergeTicketCustomFields(
  db: Db,
  principal: Principal,
  current: Prisma.JsonValue,
  patch: Readonly<Record<string, unknown>>,
): Promise<Record<string, unknown>> {
  const definitions = await listCustomFields(db, principal.organizationId);
  validateCustomFields(definitions, patch, { partial: true, actor: actorOf(principal) });
  const base =
    current && typeof current === 'object' && !Array.isArray(current)
      ? (current as Record<string, unknown>)
      : {};
  return withoutNulls({ ...base, ...patch });
}

/** The keys of the organization's customer-visible fields (one query), for customer views. */
export async function customerVisibleFieldKeys(
  db: Db,
  organizationId: string,
): Promise<ReadonlySet<string>> {
  const rows = await listCustomFields(db, organizationId, true);
  return new Set(rows.map((r) => r.key));
}

/**
 * `values` reduced to the keys in `visibleKeys`: what a customer may see of a ticket's
 * `customFields` (docs/product.md "Custom fields": a field not marked visible never reaches a
 * customer). Without `visibleKeys`, nothing.
 */
export function customerVisibleValues(
  values: unknown,
  visibleKeys: ReadonlySet<string> | undefined,
): Record<string, unknown> {
  if (!visibleKeys || !values || typeof values !== 'object' || Array.isArray(values)) return {};
  return Object.fromEntries(
    Object.entries(values as Record<string, unknown>).filter(([key]) => visibleKeys.has(key)),
  );
}

/** A `cf.<key>` filter's number: a decimal literal (no hex, no blanks), finite. */
const DECIMAL = /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The JSON value `text` (a `cf.<key>` query value) stands for in `field`, or a problem. */
function filterValue(
  field: CustomFieldDefinition,
  text: string,
): { value: unknown } | { problem: string } {
  switch (field.type) {
    case 'number': {
      const n = Number(text);
      return DECIMAL.test(text) && Number.isFinite(n)
        ? { value: n }
        : { problem: 'must be a finite number' };
    }
    case 'boolean':
      return text === 'true' || text === 'false'
        ? { value: text === 'true' }
        : { problem: 'must be true or false' };
    case 'multi_select':
      // "Holds the option": containment of a one-item array.
      return field.options.includes(text)
        ? { value: [text] }
        : { problem: `must be one of: ${field.options.join(', ')}` };
    default: {
      const problem = valueProblem(field, text);
      return problem ? { problem } : { value: text };
    }
  }
}

/**
 * The ticket list's `cf.<key>=<value>` filters (docs/product.md "Custom fields", GET
 * /api/tickets) as one JSON object for jsonb containment (`customFields @> match`): each value
 * typed by its field — text, date (YYYY-MM-DD) and select as the string, number as a number,
 * boolean from `true`/`false`, multi_select as `[option]` (the ticket holds that option). A
 * customer may filter by customer-visible fields only; any other key is "unknown", exactly as a
 * key no field has, so a hidden field's existence does not show. One query (the definitions).
 * @throws ValidationError naming each `cf.<key>` at fault (unknown key, value not of the type)
 */
export async function customFieldFilterMatch(
  db: Db,
  principal: Principal,
  filters: Readonly<Record<string, string>>,
): Promise<Record<string, unknown>> {
  const definitions = await listCustomFields(db, principal.organizationId, !isStaff(principal));
  const byKey = new Map(definitions.map((d) => [d.key, d]));
  const match: Record<string, unknown> = {};
  const errors: FieldError[] = [];
  for (const [key, text] of Object.entries(filters)) {
    const field = byKey.get(key);
    if (!field) {
      errors.push({ path: `cf.${key}`, message: 'no custom field has this key' });
      continue;
    }
    const typed = filterValue(field, text);
    if ('problem' in typed) errors.push({ path: `cf.${key}`, message: typed.problem });
    else match[key] = typed.value;
  }
  if (errors.length) throw new ValidationError('Some custom field filters are not valid', errors);
  return match;
}
