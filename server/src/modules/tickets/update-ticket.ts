/**
 * Changing a ticket (`PATCH /api/tickets/:id`; the product's "Ticket" and "Roles" rules): the
 * `If-Match` precondition, what a requester may change, status transitions (ticket-lifecycle.ts),
 * category and assignee checks, and the activity rows and events of the change (ticket-events.ts), in one transaction holding the
 * ticket's row lock.
 */
import type { TicketStatus } from '../../lib/domain.js';
import type { Db, Prisma, PrismaClient } from '../../lib/db.js';
import {
  ConflictError,
  ForbiddenError,
  PreconditionFailedError,
  ValidationError,
  refuseIfClosed,
  type FieldError,
} from '../../lib/errors.js';
import { isStaff, type Principal } from '../../lib/principal.js';
import { findVisibleTicket, lockVisibleTicketRow, reloadTicket } from './ticket-access.js';
import { changeActivityRows, changeEvents, type ActivityDraft } from './ticket-events.js';
import { checkTransition, evaluateIfMatch, statusDates } from './ticket-lifecycle.js';
import { insertTicketEvents } from './ticket-outbox.repository.js';
import { findActiveCategoryByName } from './ticket-parties.repository.js';
import {
  updateTicketIfCurrent,
  updateTicketWithActivities,
  type TicketColumnChanges,
} from './ticket-writes.repository.js';
import { presentTicket, type TicketRow } from './tickets.presenter.js';
import { mergeTicketCustomFields } from '../custom-fields/index.js';
import type { AnyTicket, UpdateTicketInput } from './tickets.schemas.js';
import { findAssignableAgent } from '../users/index.js';
import {
  checkAssigneeInGroup,
  organizationGroupFinder,
  resolveTicketGroup,
  type TicketGroup,
} from './ticket-groups.js';
import { refuseIfOpenChildren } from './ticket-links.js';

/** The fields PATCH /api/tickets/:id accepts (UpdateTicketBodySchema), in the order they are checked. */
const UPDATE_FIELDS = [
  'subject',
  'status',
  'priority',
  'category',
  'tags',
  'assigneeId',
  'groupId',
  'customFields',
  'metadata',
  'externalRefs',
  'resolutionNote',
  'force',
  'reason',
] as const satisfies readonly (keyof UpdateTicketInput)[];

/** What a requester may send in a PATCH of their own ticket (docs/product.md "Roles"). */
const CUSTOMER_UPDATE_FIELDS: ReadonlySet<string> = new Set(['status', 'reason']);

/** Ticket fields customers never see (CustomerTicketSchema): a FIELDS_CHANGED row touching one is internal. */
const STAFF_ONLY_FIELDS: ReadonlySet<string> = new Set([
  'tags',
  'customFields',
  'metadata',
  'group',
]);

/**
 * Changes a ticket (docs/api.md `PATCH /api/tickets/:id`; docs/product.md "Ticket", "Roles"), in one
 * transaction holding the ticket's row lock, so concurrent changes apply one after the other:
 * - `If-Match` (`ifMatch`, the raw header) must name the current version: stale → 412
 *   `precondition_failed`, malformed → 400 on `If-Match`, absent → the change applies.
 * - `customFields` merge into the current values, checked against the organization's definitions
 *   (custom-fields module, docs/product.md "Custom fields"); null removes a key.
 * - A customer (the requester; others get 404) may only set `status: CLOSED` and `reason`:
 *   any other field → 403 naming it.
 * - Status changes follow ticket-lifecycle.ts (forbidden → 409 `invalid_transition`, detail
 *   naming from and to), set resolvedAt/closedAt, and clear resolvedAt when leaving RESOLVED.
 *   A CLOSED ticket is final: any other field → 409 `ticket_closed` (TicketClosedError).
 * - `category` names one of the organization's active categories (any case; null clears it),
 *   `assigneeId` an active agent or admin of the organization (null unassigns); else 400 naming
 *   the field. The SLA clocks follow the change's events, after the commit (modules/sla).
 * - One activity row per kind of change, each with `reason`: STATUS_CHANGED, PRIORITY_CHANGED,
 *   ASSIGNED/UNASSIGNED (internal), FIELDS_CHANGED with before/after of just the changed fields
 *   among subject, category, tags, customFields, metadata, externalRefs (internal when it
 *   touches tags, customFields or metadata, which customers do not see).
 * - The version goes up by one when anything changed; a PATCH that changes nothing writes no
 *   activity, keeps the version and answers the ticket as it is.
 * Round trips: a change of the status alone is two statements and no transaction
 * (changeStatusIfCurrent). Any other change: the ticket is read once, locked (one statement);
 * then the category and assignee lookups it needs; the change with its activity rows
 * (one statement); the ticket read once after it; its events (one statement).
 * @returns the ticket as the caller may see it.
 * @throws NotFoundError, PreconditionFailedError, ValidationError, ForbiddenError, ConflictError
 */
export async function updateTicket(
  prisma: PrismaClient,
  principal: Principal,
  idOrReference: string,
  input: UpdateTicketInput,
  options: { ifMatch?: string | undefined } = {},
): Promise<AnyTicket> {
  if (isStatusChangeOnly(input)) {
    for (let attempt = 0; attempt < OPTIMISTIC_ATTEMPTS; attempt++) {
      const changed = await changeStatusIfCurrent(prisma, principal, idOrReference, input, options);
      if (changed) return presentTicket(changed, principal);
    }
    // A busy ticket: wait for its row lock instead, below.
  }
  const row = await prisma.$transaction(async (tx) => {
    const current = await lockVisibleTicketRow(tx, principal, idOrReference);
    checkIfMatch(options.ifMatch, current.version);
    // customFields merge into the current values, checked by the custom-fields module (staff
    // only: a customer's change of them is refused by changeTicket).
    const change =
      input.customFields !== undefined && isStaff(principal)
        ? {
            ...input,
            customFields: await mergeTicketCustomFields(
              tx,
              principal,
              current.customFields,
              input.customFields,
            ),
          }
        : input;
    return changeTicket(tx, principal, current, change, new Date());
  });
  return presentTicket(row, principal);
}

/**
 * A PATCH's change of `current` (the ticket read under its row lock in `tx`) at `now`, with
 * updateTicket's rules (who may change what, transitions, CLOSED, references): the change with
 * its activity rows, then its events. Also a macro's field changes (macros module), with its
 * `reason`. @returns the ticket after it (`current` when nothing changed).
 * @throws as updateTicket, but for If-Match (the caller's).
 */
export async function changeTicket(
  tx: Prisma.TransactionClient,
  principal: Principal,
  current: TicketRow,
  input: UpdateTicketInput,
  now: Date,
): Promise<TicketRow> {
  const staff = isStaff(principal);
  if (!staff) checkCustomerChange(input, current.status);
  if (input.status !== undefined) {
    const check = checkTransition(current.status, input.status, staff ? 'staff' : 'customer');
    if (!check.allowed) throw new ConflictError(check.reason, 'invalid_transition');
  }
  if (UPDATE_FIELDS.some((f) => f !== 'status' && input[f] !== undefined)) {
    refuseIfClosed(current.status, current.number);
  }
  await refuseIfOpenChildren(tx, principal, current, input);
  const refs = await resolveReferences(tx, principal, current, input);
  const { data, changes } = await diffTicket(tx, principal, current, input, refs, now);
  if (!changes.length) return current;
  const reason = input.reason ?? null;
  const activities = changeActivityRows(principal, current.id, changes, reason, now);
  await updateTicketWithActivities(tx, current.id, data, activities, now);
  const updated = await reloadTicket(tx, current.id);
  await insertTicketEvents(tx, updated, changeEvents(principal, updated, changes, reason, now));
  return updated;
}

/** Optimistic tries of a status change before it waits for the ticket's row lock. */
const OPTIMISTIC_ATTEMPTS = 3;

/** A PATCH of the status alone (with its reason): the common change, made in one statement. */
function isStatusChangeOnly(input: UpdateTicketInput): boolean {
  return (
    input.status !== undefined &&
    UPDATE_FIELDS.every(
      (f) => f === 'status' || f === 'reason' || f === 'force' || input[f] === undefined,
    )
  );
}

/**
 * A status change the way a reply is written (responses.service.ts): the ticket read without a
 * lock (one statement), the rules of `updateTicket` applied to it, then ONE statement that
 * changes it, writes its activity and its events only if the ticket is still at the version
 * read (ticket-writes.repository.ts updateTicketIfCurrent). Measured at a million tickets
 * (bench/ "change status"): a transaction of four statements cost 2.6 ms more server CPU than
 * a reply. @returns the ticket as changed (or as it is, when nothing changes), or null when it
 * changed meanwhile (nothing written: try again).
 * @throws as updateTicket
 */
async function changeStatusIfCurrent(
  prisma: PrismaClient,
  principal: Principal,
  idOrReference: string,
  input: UpdateTicketInput,
  options: { ifMatch?: string | undefined },
): Promise<TicketRow | null> {
  const current = await findVisibleTicket(prisma, principal, idOrReference);
  checkIfMatch(options.ifMatch, current.version);
  const staff = isStaff(principal);
  if (!staff) checkCustomerChange(input, current.status);
  const check = checkTransition(current.status, input.status!, staff ? 'staff' : 'customer');
  if (!check.allowed) throw new ConflictError(check.reason, 'invalid_transition');
  await refuseIfOpenChildren(prisma, principal, current, input);
  const now = new Date();
  const noReferences = { category: undefined, assignee: undefined, group: undefined };
  const { data, changes } = await diffTicket(prisma, principal, current, input, noReferences, now);
  if (!changes.length) return current;
  const reason = input.reason ?? null;
  // The ticket exactly as the statement leaves it: the events describe it.
  const changed: TicketRow = {
    ...current,
    ...(data as Pick<TicketRow, 'status' | 'resolvedAt' | 'closedAt' | 'staffActivityAt'>),
    updatedAt: now,
    version: current.version + 1,
  };
  const written = await updateTicketIfCurrent(prisma, {
    id: current.id,
    version: current.version,
    changes: data,
    activities: changeActivityRows(principal, current.id, changes, reason, now),
    now,
    changed,
    events: changeEvents(principal, changed, changes, reason, now),
  });
  return written ? changed : null;
}

/** The category and assignee a PATCH asks for: undefined when not asked for, null when cleared. */
interface UpdateReferences {
  category: { id: string; name: string } | null | undefined;
  assignee: { id: string; name: string } | null | undefined;
  group: TicketGroup | null | undefined;
}

/**
 * Checks the category (one of the organization's active ones, by name in any case) and the
 * assignee (an active agent or admin of the organization) a PATCH names.
 * @throws ValidationError naming each field at fault
 */
async function resolveReferences(
  tx: Prisma.TransactionClient,
  principal: Principal,
  current: TicketRow,
  input: UpdateTicketInput,
): Promise<UpdateReferences> {
  const organizationId = principal.organizationId;
  const errors: FieldError[] = [];
  let category: UpdateReferences['category'];
  if (input.category === null) category = null;
  else if (input.category !== undefined) {
    if (current.category && current.category.name.toLowerCase() === input.category.toLowerCase()) {
      category = { id: current.categoryId!, name: current.category.name };
    } else {
      category = await findActiveCategoryByName(tx, organizationId, input.category);
      if (!category) {
        errors.push({ path: 'category', message: `unknown category "${input.category}"` });
      }
    }
  }
  let assignee: UpdateReferences['assignee'];
  if (input.assigneeId === null) assignee = null;
  else if (input.assigneeId !== undefined) {
    if (input.assigneeId === current.assigneeId) assignee = current.assignee;
    else {
      assignee = await findAssignableAgent(tx, organizationId, input.assigneeId);
      if (!assignee) {
        errors.push({ path: 'assigneeId', message: 'no such active agent in this organization' });
      }
    }
  }
  let group: UpdateReferences['group'];
  if (input.groupId === null) group = null;
  else if (input.groupId !== undefined) {
    group =
      input.groupId.toLowerCase() === current.groupId
        ? current.group
        : await resolveTicketGroup(
            principal,
            input.groupId,
            'groupId',
            errors,
            organizationGroupFinder(tx, principal),
          );
  }
  if (errors.length) throw new ValidationError('Some fields are invalid', errors);
  // The ticket's assignee after the change is a member of its group after the change.
  if (group !== undefined || (assignee !== undefined && assignee !== null)) {
    const finalGroup = group === undefined ? current.group : group;
    const finalAssignee = assignee === undefined ? current.assignee : assignee;
    if (group !== undefined || assignee?.id !== current.assigneeId) {
      await checkAssigneeInGroup(tx, finalGroup, finalAssignee);
    }
  }
  return { category, assignee, group };
}

/**
 * What a PATCH changes: the column updates (`data`) and one activity draft per kind of change
 * (STATUS_CHANGED with the lifecycle dates; PRIORITY_CHANGED;
 * ASSIGNED/UNASSIGNED, internal; FIELDS_CHANGED with just the changed fields, internal when it
 * touches a field customers do not see). Values equal to the current ones are no change.
 */
async function diffTicket(
  tx: Db,
  principal: Principal,
  current: TicketRow,
  input: UpdateTicketInput,
  { category, assignee, group }: UpdateReferences,
  now: Date,
): Promise<{ data: TicketColumnChanges; changes: ActivityDraft[] }> {
  const data: TicketColumnChanges = {};
  const changes: ActivityDraft[] = [];
  if (input.status !== undefined && input.status !== current.status) {
    data.status = input.status;
    Object.assign(data, statusDates(current.status, input.status, now));
    // The requester's portal marks a change made by staff as new to them.
    if (isStaff(principal)) data.staffActivityAt = now;
    changes.push({
      type: 'STATUS_CHANGED',
      before: { status: current.status },
      after: { status: input.status },
    });
  }
  if (input.priority !== undefined && input.priority !== current.priority) {
    data.priority = input.priority;
    changes.push({
      type: 'PRIORITY_CHANGED',
      before: { priority: current.priority },
      after: { priority: input.priority },
    });
  }
  if (assignee !== undefined && (assignee?.id ?? null) !== current.assigneeId) {
    data.assigneeId = assignee?.id ?? null;
    changes.push({
      type: assignee ? 'ASSIGNED' : 'UNASSIGNED',
      before: { assignee: current.assignee },
      after: { assignee },
      isInternal: true,
    });
  }

  if (input.resolutionNote !== undefined && input.resolutionNote !== current.resolutionNote) {
    data.resolutionNote = input.resolutionNote;
    data.staffActivityAt = now;
    changes.push({
      type: 'RESOLUTION_NOTE_CHANGED',
      before: { resolutionNote: current.resolutionNote },
      after: { resolutionNote: input.resolutionNote },
    });
  }

  const before: Prisma.InputJsonObject = {};
  const after: Prisma.InputJsonObject = {};
  const changed = (field: string, was: Prisma.JsonValue, is: Prisma.JsonValue) => {
    (before as Record<string, Prisma.JsonValue>)[field] = was;
    (after as Record<string, Prisma.JsonValue>)[field] = is;
  };
  if (input.subject !== undefined && input.subject !== current.subject) {
    data.subject = input.subject;
    changed('subject', current.subject, input.subject);
  }
  if (group !== undefined && (group?.id ?? null) !== current.groupId) {
    data.groupId = group?.id ?? null;
    const named = (g: TicketGroup | null) => (g ? { id: g.id, name: g.name } : null);
    changed('group', named(current.group), named(group));
  }
  if (category !== undefined && (category?.id ?? null) !== current.categoryId) {
    data.categoryId = category?.id ?? null;
    changed('category', current.category?.name ?? null, category?.name ?? null);
  }
  if (input.tags !== undefined) {
    const tags = [...new Set(input.tags)];
    if (!sameJson([...tags].sort(), [...current.tags].sort())) {
      data.tags = tags;
      changed('tags', current.tags, tags);
    }
  }
  for (const field of ['customFields', 'metadata', 'externalRefs'] as const) {
    const value = input[field];
    if (value !== undefined && !sameJson(value, current[field])) {
      data[field] = value as Prisma.InputJsonObject;
      changed(field, current[field], value as Prisma.JsonObject);
    }
  }
  const fields = Object.keys(after);
  if (fields.length) {
    changes.push({
      type: 'FIELDS_CHANGED',
      before,
      after,
      isInternal: fields.some((f) => STAFF_ONLY_FIELDS.has(f)),
    });
  }
  return { data, changes };
}

/**
 * Applies `If-Match` (ticket-lifecycle.ts evaluateIfMatch) to the ticket's current version.
 * @throws PreconditionFailedError (412) when stale; ValidationError on `If-Match` when malformed.
 */
export function checkIfMatch(header: string | undefined, version: number): void {
  const result = evaluateIfMatch(header, version);
  if (result === 'stale') {
    throw new PreconditionFailedError(
      `The ticket has changed: it is at version ${version}, and If-Match names another. Reload it and apply your change again.`,
    );
  }
  if (result === 'invalid') {
    throw new ValidationError('If-Match must hold the ticket version as an entity tag, e.g. "3"', [
      { path: 'If-Match', message: 'expected an entity tag such as "3"' },
    ]);
  }
}

/**
 * The requester's PATCH rules (docs/product.md "Roles": "close own ticket only"): only `status` and
 * `reason`, and `status` only to CLOSED (or the status it already has). Reopening a CLOSED ticket
 * is left to the transition check, which answers 409 (CLOSED is final for everyone).
 * @throws ForbiddenError naming each field the requester may not set
 */
function checkCustomerChange(input: UpdateTicketInput, status: TicketStatus): void {
  const forbidden: FieldError[] = UPDATE_FIELDS.filter(
    (field) => !CUSTOMER_UPDATE_FIELDS.has(field) && input[field] !== undefined,
  ).map((field) => ({ path: field, message: 'customers may not change this field' }));
  if (
    input.status !== undefined &&
    input.status !== 'CLOSED' &&
    input.status !== status &&
    status !== 'CLOSED'
  ) {
    forbidden.push({ path: 'status', message: 'customers may only close their ticket (CLOSED)' });
  }
  if (forbidden.length) {
    throw new ForbiddenError(
      'A requester may only close their ticket (status CLOSED, with a reason)',
      forbidden,
    );
  }
}

/** JSON equality that ignores key order (for customFields, metadata, externalRefs, sessions). */
export function sameJson(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
