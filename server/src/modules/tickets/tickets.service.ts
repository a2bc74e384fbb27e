/**
 * The rules of tickets (docs/product.md "Ticket", "Roles", "Chats and the chat-to-ticket flow"; docs/api.md
 * "Tickets"): creating with a gap-free per-organization number, listing with filters and keyset
 * pagination, finding a ticket by uuid, number or reference, and its lifecycle — PATCH with
 * If-Match, soft delete and restore, claim and unclaim, sessions, tickets made from chats and
 * linked chats — always scoped to the caller's organization, and for a customer to their own
 * tickets (others are 404, never 403). Every change takes the ticket's row lock and writes its
 * activity rows in the same transaction. The status rules themselves are in ticket-lifecycle.ts.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Config } from '../../config.js';
import { activityRow, recordActivity } from '../activity/activity.recorder.js';
import { emitTicketEvent, newTicketEventsSql, type NewTicketEvent } from '../events/emit-event.js';
import type { EventData } from '../events/events.schemas.js';
import { encodeCursor, isUuid } from '../../lib/cursor.js';
import {
  TICKET_STATUSES,
  formatTicketReference,
  parseTicketReference,
  type ActivityType,
  type SessionMode,
  type TicketChannel,
  type TicketPriority,
  type TicketStatus,
} from '../../lib/domain.js';
import type { Db, Prisma, PrismaClient } from '../../lib/db.js';
import {
  AppError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PreconditionFailedError,
  ValidationError,
  type FieldError,
} from '../../lib/errors.js';
import { isStaff, userIdOf, type Principal } from '../../lib/principal.js';
import {
  checkTransition,
  evaluateIfMatch,
  statusAfterClaim,
  statusDates,
} from './ticket-lifecycle.js';
import { presentTicket, ticketInclude, type TicketRow } from './tickets.presenter.js';
import {
  insertNumberedTicket,
  jsonbOrder,
  type NewTicketRow,
  loadTicketPage,
  loadTicketRow,
  loadTicketRows,
  ticketKeySql,
  visibleTicketsSql,
} from './tickets.query.js';
import type {
  AnyTicket,
  CreateTicketBodySchema,
  ListTicketsQuery,
  ScheduleSessionInput,
  TicketCounts,
  TicketFromChatInput,
  TicketList,
  UpdateTicketInput,
} from './tickets.schemas.js';
import type { z } from 'zod';
import type { AttachmentIntake, PreparedAttachment } from '../attachments/attachments.service.js';
import type { Upload } from '../../plugins/multipart.js';

export type CreateTicketInput = z.output<typeof CreateTicketBodySchema>;

/**
 * The where-clause that limits tickets to what the principal may see: their organization,
 * not deleted, and for a customer only the tickets they requested.
 */
export function visibleTicketsWhere(principal: Principal): Prisma.TicketWhereInput {
  return {
    organizationId: principal.organizationId,
    deletedAt: null,
    ...(isStaff(principal) ? {} : { requesterId: principal.id }),
  };
}

/** `:id` → a where-clause: uuid, number ("42") or reference ("TKT-00042"); null if none of them. */
function ticketKey(idOrReference: string): Prisma.TicketWhereInput | null {
  if (isUuid(idOrReference)) return { id: idOrReference.toLowerCase() };
  if (/^\d{1,10}$/.test(idOrReference)) return { number: Number(idOrReference) };
  const number = parseTicketReference(idOrReference);
  return number === null ? null : { number };
}

/**
 * Finds a ticket the principal may see, by uuid, number or reference.
 * @throws NotFoundError when it does not exist, is deleted, belongs to another organization or,
 * for a customer, to another requester.
 */
export async function findVisibleTicket(
  db: Db,
  principal: Principal,
  idOrReference: string,
): Promise<TicketRow> {
  // One statement (tickets.query.ts loadTicketRows), not the ORM's query per relation: this
  // lookup is on every ticket route (bench/ measured it).
  const key = ticketKeySql(idOrReference);
  if (!key) throw new NotFoundError('Ticket');
  const [row] = await loadTicketRows(db, [...visibleTicketsSql(principal), key]);
  if (!row) throw new NotFoundError('Ticket');
  return row;
}

/** The channel a ticket arrives by when the caller does not say: portal for customers, web for agents, api for keys. */
function channelOf(principal: Principal): TicketChannel {
  if (principal.kind === 'api_key') return 'api';
  return isStaff(principal) ? 'web' : 'portal';
}

/**
 * The tickets service: `prisma` for the data, `config.meetingBaseUrl` for generated session links.
 * Every method takes the calling principal and scopes what it reads and writes to it.
 */
export function createTicketsService(deps: {
  prisma: PrismaClient;
  config: Pick<Config, 'meetingBaseUrl'>;
  /** Takes the files of a multipart create (attachments.service.ts). */
  attachments?: AttachmentIntake;
}) {
  const { prisma, config } = deps;

  /**
   * Creates a ticket (docs/api.md `POST /api/tickets`).
   * - The number comes from the organization's counter, incremented in the same transaction:
   *   concurrent creates serialize on the organization row, so numbers are unique and gap-free.
   * - Customers create for themselves and may set neither priority, assignee, requester, tags
   *   nor metadata (403 naming each such field): tags are the staff's triage vocabulary.
   * - The requester is `requesterId` (a user of the organization), or `requesterName` +
   *   `requesterEmail` (linked to the organization's user with that email if there is one,
   *   else a guest), or else the caller.
   * - The category must be one of the organization's active categories (by name, any case).
   * - `followUpOf` (uuid, number or reference) links the new ticket to a CLOSED ticket the caller
   *   may see, its `followUpOf` (400 on the field otherwise).
   * - SLA due dates come from the organization's policy for the priority, if any.
   * - Writes CREATED (and ASSIGNED, internal) activity in the same transaction.
   * - `options.uploads` (multipart): files on the ticket itself, checked by content and stored
   *   before the transaction, recorded in it with ATTACHMENT_ADDED rows (attachments.service.ts).
   * @throws ForbiddenError, ValidationError (with the field at fault); 415 and 422 for a file.
   */
  async function create(
    principal: Principal,
    input: CreateTicketInput,
    options: { channel?: TicketChannel; now?: Date; uploads?: readonly Upload[] } = {},
  ): Promise<AnyTicket> {
    if (!isStaff(principal)) {
      const forbidden: FieldError[] = (
        [
          'priority',
          'assigneeId',
          'requesterId',
          'requesterName',
          'requesterEmail',
          'tags',
          'metadata',
        ] as const
      )
        .filter((field) => input[field] !== undefined)
        .map((field) => ({ path: field, message: 'customers may not set this field' }));
      if (forbidden.length) {
        throw new ForbiddenError('Customers may not set these fields', forbidden);
      }
    }
    // Files (multipart) are checked and stored before the transaction, recorded inside it.
    let prepared: PreparedAttachment[] = [];
    if (options.uploads?.length) {
      if (!deps.attachments) throw new Error('attachments are not configured');
      prepared = await deps.attachments.prepare(options.uploads);
    }
    const withFiles = prepared.length > 0 && deps.attachments !== undefined;
    if (!withFiles) {
      // Without files, the create is one statement (insertTicket with the app's client): the
      // checks read first, then the number, ticket, activity and events commit together.
      return presentTicket(await insertTicket(prisma, principal, input, options), principal);
    }
    const row = await prisma.$transaction(async (tx) => {
      // With files, `ticket.created` waits until they are recorded, so that it lists them.
      const created = await insertTicket(tx, principal, input, {
        ...options,
        deferCreatedEvent: withFiles,
      });
      if (!withFiles || !deps.attachments) return created;
      const target = {
        organizationId: principal.organizationId,
        ticketId: created.id,
        responseId: null,
        isInternal: false,
        uploadedById: userIdOf(principal),
        actor: principal,
        // After CREATED (and ASSIGNED), so that the timeline keeps the order.
        now: new Date(created.createdAt.getTime() + 2),
      };
      const files = await deps.attachments.record(tx, target, prepared, { emitEvents: false });
      const complete = await tx.ticket.findUniqueOrThrow({
        where: { id: created.id },
        include: ticketInclude,
      });
      await emitTicketCreated(tx, principal, complete, created.createdAt);
      await deps.attachments.emitAddedEvents(tx, target, files);
      return complete;
    });
    return presentTicket(row, principal);
  }

  /**
   * The create path, shared by `create` and `createFromChat` so that every ticket gets its
   * number the same gap-free way: validates category, requester and assignee (400 naming each
   * field), then in one statement takes the next number from the organization's counter (the
   * row lock serializes concurrent creates; a rolled-back transaction gives its number back),
   * inserts the ticket (with `originChatId` when made from a chat), writes CREATED (+ ASSIGNED,
   * internal) and, unless deferred, `ticket.created` (+ `ticket.assigned`). `db` is a
   * transaction client, or the app's client when that statement is all the change.
   * Role rules are the caller's job. @returns the ticket row with `ticketInclude`.
   * @throws ValidationError; Prisma P2002 when `originChatId` already has a ticket.
   */
  async function insertTicket(
    db: Db,
    principal: Principal,
    input: CreateTicketInput,
    options: {
      channel?: TicketChannel;
      now?: Date;
      originChatId?: string;
      /** The caller emits `ticket.created` itself, once the ticket is complete (from a chat). */
      deferCreatedEvent?: boolean;
    },
  ): Promise<TicketRow> {
    const organizationId = principal.organizationId;
    const now = options.now ?? new Date();
    const errors: FieldError[] = [];

    let category: { id: string; name: string } | null = null;
    if (input.category) {
      category = await db.category.findFirst({
        where: {
          organizationId,
          isActive: true,
          name: { equals: input.category, mode: 'insensitive' },
        },
        select: { id: true, name: true },
      });
      if (!category)
        errors.push({ path: 'category', message: `unknown category "${input.category}"` });
    }

    // A follow-up continues a CLOSED ticket the caller may see (docs/product.md "Ticket": CLOSED is
    // final; a follow-up is a new ticket linked to the old one). Anything else is a 400 on the
    // field, the same for a ticket that does not exist and one the caller may not see.
    let followUpOf: { id: string; number: number; requesterId: string | null } | null = null;
    if (input.followUpOf) {
      const key = ticketKey(input.followUpOf);
      const followed = key
        ? await db.ticket.findFirst({
            where: { ...visibleTicketsWhere(principal), ...key },
            select: { id: true, number: true, status: true, requesterId: true },
          })
        : null;
      if (!followed) {
        errors.push({ path: 'followUpOf', message: `no ticket "${input.followUpOf}"` });
      } else if (followed.status !== 'CLOSED') {
        errors.push({
          path: 'followUpOf',
          message: `${formatTicketReference(followed.number)} is not CLOSED: reply to it instead`,
        });
      } else {
        followUpOf = {
          id: followed.id,
          number: followed.number,
          requesterId: followed.requesterId,
        };
      }
    }

    let requester: { id: string | null; name: string; email: string };
    if (!isStaff(principal) || (!input.requesterId && !input.requesterEmail)) {
      requester = {
        id: principal.kind === 'user' ? principal.id : null,
        name: principal.name,
        email: principal.email ?? '',
      };
      if (principal.kind === 'api_key') {
        errors.push({ path: 'requesterEmail', message: 'an API key must name the requester' });
      }
    } else if (input.requesterId) {
      const user = await db.user.findFirst({
        where: { id: input.requesterId, organizationId, isActive: true },
        select: { id: true, name: true, email: true },
      });
      if (user) requester = user;
      else {
        errors.push({ path: 'requesterId', message: 'no such user in this organization' });
        requester = { id: null, name: '', email: '' };
      }
    } else {
      const email = input.requesterEmail!.toLowerCase();
      // Raw SQL on the create path (here and for the SLA below): the ORM's query building was a
      // measurable part of a create's CPU (bench/).
      const [user] = await db.$queryRaw<{ id: string; name: string; email: string }[]>`
        SELECT id, name, email FROM users
        WHERE email = ${email} AND "organizationId" = ${organizationId}::uuid LIMIT 1`;
      requester = user ?? { id: null, name: input.requesterName ?? email, email };
    }

    let assignee: { id: string; name: string } | null = null;
    if (input.assigneeId) {
      assignee = await db.user.findFirst({
        where: {
          id: input.assigneeId,
          organizationId,
          isActive: true,
          role: { in: ['AGENT', 'ADMIN'] },
        },
        select: { id: true, name: true },
      });
      if (!assignee) {
        errors.push({ path: 'assigneeId', message: 'no such agent in this organization' });
      }
    }
    if (errors.length) throw new ValidationError('Some fields are invalid', errors);

    const priority: TicketPriority = input.priority ?? 'MEDIUM';
    const [sla] = await db.$queryRaw<{ firstResponseMinutes: number; resolutionMinutes: number }[]>`
      SELECT "firstResponseMinutes", "resolutionMinutes" FROM sla_policies
      WHERE "organizationId" = ${organizationId}::uuid AND priority = ${priority}::"TicketPriority"`;
    const channel = options.channel ?? channelOf(principal);
    const ticketId = randomUUID();
    // The ticket exactly as it will be stored (every column: no default applies), its number
    // aside. JSON columns in jsonb's key order, so that the events below, made from this row,
    // equal what reading the ticket back gives.
    const values: NewTicketRow = {
      id: ticketId,
      organizationId,
      subject: input.subject,
      description: input.description,
      status: 'NEW',
      priority,
      categoryId: category?.id ?? null,
      tags: [...new Set(input.tags ?? [])],
      channel,
      requesterId: requester.id,
      requesterName: requester.name,
      requesterEmail: requester.email.toLowerCase(),
      assigneeId: assignee?.id ?? null,
      originChatId: options.originChatId ?? null,
      followUpOfId: followUpOf?.id ?? null,
      customFields: jsonbOrder(input.customFields ?? {}) as Prisma.JsonValue,
      metadata: jsonbOrder(input.metadata ?? {}) as Prisma.JsonValue,
      externalRefs: jsonbOrder(input.externalRefs ?? {}) as Prisma.JsonValue,
      sessionMode: null,
      sessionScheduledAt: null,
      sessionDurationMinutes: null,
      sessionMeetingLink: null,
      firstResponseDueAt: sla ? new Date(now.getTime() + sla.firstResponseMinutes * 60_000) : null,
      resolutionDueAt: sla ? new Date(now.getTime() + sla.resolutionMinutes * 60_000) : null,
      firstRespondedAt: null,
      resolvedAt: null,
      closedAt: null,
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
      version: 1,
    };
    // The relations of a ticket made a moment ago are known: no reload.
    const relations = {
      category: category ? { name: category.name } : null,
      assignee,
      chatLinks: [],
      followUpOf,
      attachments: [],
    };
    // `ticket.created`, then `ticket.assigned` when created with an assignee.
    const events: NewTicketEvent[] = options.deferCreatedEvent
      ? []
      : [
          { type: 'ticket.created', actor: principal, data: {}, at: now },
          ...(assignee
            ? [
                {
                  type: 'ticket.assigned' as const,
                  actor: principal,
                  data: {
                    change: 'assigned' as const,
                    previousAssignee: null,
                    assignee,
                    reason: null,
                  },
                  at: now,
                },
              ]
            : []),
        ];
    // The number, the ticket, its CREATED (+ ASSIGNED) activity and its events in one statement
    // (tickets.query.ts insertNumberedTicket): the organization's counter stays locked until the
    // transaction ends, and every round trip made meanwhile is waited for by every concurrent
    // create (bench/ measured it). With `db` the app's client, that statement is the transaction.
    const inserted = await insertNumberedTicket(
      db,
      values,
      [
        activityRow(principal, {
          organizationId,
          ticketId,
          type: 'CREATED',
          after: {
            subject: input.subject,
            status: 'NEW',
            priority,
            category: input.category ?? null,
            channel,
            ...(followUpOf ? { followUpOf: formatTicketReference(followUpOf.number) } : {}),
          },
          createdAt: now,
        }),
        ...(assignee
          ? [
              activityRow(principal, {
                organizationId,
                ticketId,
                type: 'ASSIGNED',
                before: { assignee: null },
                after: { assignee },
                isInternal: true,
                // 1 ms after CREATED, so that the timeline (ordered by time) keeps their order.
                createdAt: new Date(now.getTime() + 1),
              }),
            ]
          : []),
      ],
      (number, from) =>
        newTicketEventsSql({ ...values, number: 0, ...relations }, events, number, from),
    );
    return { ...inserted, ...relations };
  }

  /**
   * Lists the tickets the principal may see (docs/api.md `GET /api/tickets`), newest activity first by
   * default, with keyset pagination: the cursor carries the sort value and id of the last row, so
   * a page costs the same at any depth and rows inserted meanwhile are neither skipped nor repeated.
   * One SQL statement finds the page's ids and loads their rows (tickets.query.ts loadTicketPage).
   * A search (`q`) runs under a statement timeout (SEARCH_TIMEOUT_MS), so a query matching most
   * tickets ends in a clean 503 `search_timeout` instead of a stuck request.
   * @throws ValidationError (cursor), AppError 503 search_timeout
   */
  async function list(principal: Principal, query: ListTicketsQuery): Promise<TicketList> {
    const rows = query.q
      ? await withSearchTimeout((statementTimeoutMs) =>
          loadTicketPage(prisma, principal, query, { statementTimeoutMs }),
        )
      : await loadTicketPage(prisma, principal, query);
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      data: page.map((row) => presentTicket(row, principal)),
      nextCursor:
        rows.length > query.limit && last
          ? encodeCursor({ value: sortValue(last, query.sortBy), id: last.id })
          : null,
    };
  }

  /**
   * How many tickets the principal may see are in each status now (`GET /api/tickets/counts`,
   * the portal's quick counts): customers their own, staff and API keys their organization's,
   * never deleted ones. One grouped count over the same scope as `list`; every status is present.
   */
  async function counts(principal: Principal): Promise<TicketCounts> {
    const groups = await prisma.ticket.groupBy({
      by: ['status'],
      where: visibleTicketsWhere(principal),
      _count: { _all: true },
    });
    const byStatus = Object.fromEntries(TICKET_STATUSES.map((status) => [status, 0])) as Record<
      TicketStatus,
      number
    >;
    let total = 0;
    for (const group of groups) {
      byStatus[group.status] = group._count._all;
      total += group._count._all;
    }
    return { byStatus, total };
  }

  /** One ticket the principal may see (docs/api.md `GET /api/tickets/:id`). @throws NotFoundError */
  async function get(principal: Principal, idOrReference: string): Promise<AnyTicket> {
    return presentTicket(await findVisibleTicket(prisma, principal, idOrReference), principal);
  }

  /**
   * Changes a ticket (docs/api.md `PATCH /api/tickets/:id`; docs/product.md "Ticket", "Roles"), in one
   * transaction holding the ticket's row lock, so concurrent changes apply one after the other:
   * - `If-Match` (`ifMatch`, the raw header) must name the current version: stale → 412
   *   `precondition_failed`, malformed → 400 on `If-Match`, absent → the change applies.
   * - A customer (the requester; others get 404) may only set `status: CLOSED` and `reason`:
   *   any other field → 403 naming it.
   * - Status changes follow ticket-lifecycle.ts (forbidden → 409 `invalid_transition`, detail
   *   naming from and to), set resolvedAt/closedAt, and clear resolvedAt when leaving RESOLVED.
   *   A CLOSED ticket is final: any other field → 409 `ticket_closed`.
   * - `category` names one of the organization's active categories (any case; null clears it),
   *   `assigneeId` an active agent or admin of the organization (null unassigns); else 400 naming
   *   the field. A new priority recomputes the SLA due dates from the organization's policy.
   * - One activity row per kind of change, each with `reason`: STATUS_CHANGED, PRIORITY_CHANGED,
   *   ASSIGNED/UNASSIGNED (internal), FIELDS_CHANGED with before/after of just the changed fields
   *   among subject, category, tags, customFields, metadata, externalRefs (internal when it
   *   touches tags, customFields or metadata, which customers do not see).
   * - The version goes up by one when anything changed; a PATCH that changes nothing writes no
   *   activity, keeps the version and answers the ticket as it is.
   * @returns the ticket as the caller may see it.
   * @throws NotFoundError, PreconditionFailedError, ValidationError, ForbiddenError, ConflictError
   */
  async function update(
    principal: Principal,
    idOrReference: string,
    input: UpdateTicketInput,
    options: { ifMatch?: string | undefined } = {},
  ): Promise<AnyTicket> {
    const row = await prisma.$transaction(async (tx) => {
      const current = await lockVisibleTicket(tx, principal, idOrReference);
      checkIfMatch(options.ifMatch, current.version);
      const staff = isStaff(principal);
      if (!staff) checkCustomerChange(input, current.status);
      if (input.status !== undefined) {
        const check = checkTransition(current.status, input.status, staff ? 'staff' : 'customer');
        if (!check.allowed) throw new ConflictError(check.reason, 'invalid_transition');
      }
      if (current.status === 'CLOSED') {
        const touched = UPDATE_FIELDS.filter((f) => f !== 'status' && input[f] !== undefined);
        if (touched.length) throw closedTicketError(current);
      }

      const organizationId = principal.organizationId;
      const errors: FieldError[] = [];
      // undefined: not asked for; null: cleared.
      let category: { id: string; name: string } | null | undefined;
      if (input.category === null) category = null;
      else if (input.category !== undefined) {
        if (
          current.category &&
          current.category.name.toLowerCase() === input.category.toLowerCase()
        ) {
          category = { id: current.categoryId!, name: current.category.name };
        } else {
          category = await tx.category.findFirst({
            where: {
              organizationId,
              isActive: true,
              name: { equals: input.category, mode: 'insensitive' },
            },
            select: { id: true, name: true },
          });
          if (!category) {
            errors.push({ path: 'category', message: `unknown category "${input.category}"` });
          }
        }
      }
      let assignee: { id: string; name: string } | null | undefined;
      if (input.assigneeId === null) assignee = null;
      else if (input.assigneeId !== undefined) {
        if (input.assigneeId === current.assigneeId) assignee = current.assignee;
        else {
          assignee = await tx.user.findFirst({
            where: {
              id: input.assigneeId,
              organizationId,
              isActive: true,
              role: { in: ['AGENT', 'ADMIN'] },
            },
            select: { id: true, name: true },
          });
          if (!assignee) {
            errors.push({
              path: 'assigneeId',
              message: 'no such active agent in this organization',
            });
          }
        }
      }
      if (errors.length) throw new ValidationError('Some fields are invalid', errors);

      const now = new Date();
      const data: Prisma.TicketUncheckedUpdateInput = {};
      const changes: ActivityDraft[] = [];

      if (input.status !== undefined && input.status !== current.status) {
        data.status = input.status;
        Object.assign(data, statusDates(current.status, input.status, now));
        changes.push({
          type: 'STATUS_CHANGED',
          before: { status: current.status },
          after: { status: input.status },
        });
      }
      if (input.priority !== undefined && input.priority !== current.priority) {
        data.priority = input.priority;
        const sla = await tx.slaPolicy.findUnique({
          where: { organizationId_priority: { organizationId, priority: input.priority } },
        });
        const from = current.createdAt.getTime();
        data.firstResponseDueAt = sla ? new Date(from + sla.firstResponseMinutes * 60_000) : null;
        data.resolutionDueAt = sla ? new Date(from + sla.resolutionMinutes * 60_000) : null;
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

      if (!changes.length) return current;
      await tx.ticket.update({
        where: { id: current.id },
        data: { ...data, version: { increment: 1 }, updatedAt: now },
      });
      await recordChanges(tx, principal, current.id, changes, input.reason ?? null, now);
      return reloadTicket(tx, current.id);
    });
    return presentTicket(row, principal);
  }

  /**
   * Soft-deletes a ticket (docs/api.md `DELETE /api/tickets/:id`; docs/product.md: admins only — the route
   * checks the role). Sets `deletedAt`, bumps the version and writes DELETED (internal); the
   * ticket then leaves every list and reads as 404 until restored. Nothing is removed.
   * @throws NotFoundError (absent, already deleted or another organization's)
   */
  async function remove(principal: Principal, idOrReference: string): Promise<void> {
    await prisma.$transaction(async (tx) => {
      const current = await lockVisibleTicket(tx, principal, idOrReference);
      const now = new Date();
      await tx.ticket.update({
        where: { id: current.id },
        data: { deletedAt: now, version: { increment: 1 }, updatedAt: now },
      });
      await recordChanges(
        tx,
        principal,
        current.id,
        [{ type: 'DELETED', after: { deletedAt: now.toISOString() }, isInternal: true }],
        null,
        now,
      );
    });
  }

  /**
   * Restores a soft-deleted ticket (`POST /api/tickets/:id/restore`; admins only — the route
   * checks the role): clears `deletedAt`, bumps the version, writes RESTORED (internal). Restoring
   * a ticket that is not deleted changes nothing and answers it as it is.
   * @throws NotFoundError (no such ticket in the organization, deleted or not)
   */
  async function restore(principal: Principal, idOrReference: string): Promise<AnyTicket> {
    const key = ticketKey(idOrReference);
    if (!key) throw new NotFoundError('Ticket');
    const row = await prisma.$transaction(async (tx) => {
      const found = await tx.ticket.findFirst({
        where: { organizationId: principal.organizationId, ...key },
        select: { id: true },
      });
      if (!found) throw new NotFoundError('Ticket');
      await tx.$queryRaw`SELECT id FROM tickets WHERE id = ${found.id}::uuid FOR UPDATE`;
      const current = await reloadTicket(tx, found.id);
      if (!current.deletedAt) return current;
      const now = new Date();
      await tx.ticket.update({
        where: { id: current.id },
        data: { deletedAt: null, version: { increment: 1 }, updatedAt: now },
      });
      await recordChanges(
        tx,
        principal,
        current.id,
        [
          {
            type: 'RESTORED',
            before: { deletedAt: current.deletedAt.toISOString() },
            after: { deletedAt: null },
            isInternal: true,
          },
        ],
        null,
        now,
      );
      return reloadTicket(tx, current.id);
    });
    return presentTicket(row, principal);
  }

  /**
   * An agent takes a ticket (`POST /api/tickets/:id/claim`; docs/product.md: "claim is atomic: two agents
   * claiming at once, one wins, the other gets 409"). The claim is ONE conditional UPDATE
   * (`… WHERE "assigneeId" IS NULL`): PostgreSQL makes a second, concurrent UPDATE wait for the
   * first's row lock and re-check the condition against the committed row, so exactly one claim
   * matches. The winner's ticket gets the caller as assignee, version + 1, a CLAIMED row
   * (internal) and, if it was NEW, status OPEN with a STATUS_CHANGED row (claimed means someone
   * is on it). Claiming a ticket already yours answers it unchanged (idempotent: no activity,
   * same version). API keys are not agents and cannot claim (403; they set `assigneeId`).
   * @throws ForbiddenError, NotFoundError, ConflictError `already_claimed` (another assignee),
   * `ticket_closed` (CLOSED is final)
   */
  async function claim(principal: Principal, idOrReference: string): Promise<AnyTicket> {
    if (principal.kind !== 'user') {
      throw new ForbiddenError(
        'An API key is not an agent and cannot claim; set assigneeId instead',
      );
    }
    const row = await prisma.$transaction(async (tx) => {
      const ticket = await findVisibleTicket(tx, principal, idOrReference);
      const now = new Date();
      const claimed = await tx.$executeRaw`
        UPDATE tickets SET "assigneeId" = ${principal.id}::uuid, version = version + 1, "updatedAt" = ${now}
        WHERE id = ${ticket.id}::uuid AND "deletedAt" IS NULL AND "assigneeId" IS NULL AND status <> 'CLOSED'`;
      const current = await tx.ticket.findFirst({
        where: { id: ticket.id, deletedAt: null },
        include: ticketInclude,
      });
      if (!current) throw new NotFoundError('Ticket');
      if (claimed === 0) {
        if (current.assigneeId === principal.id) return current;
        if (current.status === 'CLOSED') throw closedTicketError(current);
        const reference = formatTicketReference(current.number);
        throw new ConflictError(
          current.assignee
            ? `${reference} is already claimed by ${current.assignee.name}`
            : `${reference} was being claimed by someone else at the same moment; reload it and try again`,
          'already_claimed',
        );
      }
      const changes: ActivityDraft[] = [
        {
          type: 'CLAIMED',
          before: { assignee: null },
          after: { assignee: { id: principal.id, name: principal.name } },
          isInternal: true,
        },
      ];
      const status = statusAfterClaim(current.status);
      if (status !== current.status) {
        await tx.ticket.update({ where: { id: current.id }, data: { status } });
        changes.push({
          type: 'STATUS_CHANGED',
          before: { status: current.status },
          after: { status },
        });
      }
      await recordChanges(tx, principal, current.id, changes, null, now);
      return reloadTicket(tx, current.id);
    });
    return presentTicket(row, principal);
  }

  /**
   * The assignee releases a ticket (`POST /api/tickets/:id/unclaim`): one conditional UPDATE
   * (`… WHERE "assigneeId" = caller`), version + 1, UNCLAIMED (internal). The status is kept.
   * Admins reassign others' tickets with PATCH `assigneeId` instead.
   * @throws ForbiddenError (API key), NotFoundError, ConflictError `not_assignee` (not assigned
   * to the caller), `ticket_closed`
   */
  async function unclaim(principal: Principal, idOrReference: string): Promise<AnyTicket> {
    if (principal.kind !== 'user') {
      throw new ForbiddenError(
        'An API key is not an agent and cannot unclaim; set assigneeId instead',
      );
    }
    const row = await prisma.$transaction(async (tx) => {
      const ticket = await findVisibleTicket(tx, principal, idOrReference);
      const now = new Date();
      const released = await tx.$executeRaw`
        UPDATE tickets SET "assigneeId" = NULL, version = version + 1, "updatedAt" = ${now}
        WHERE id = ${ticket.id}::uuid AND "deletedAt" IS NULL AND "assigneeId" = ${principal.id}::uuid
          AND status <> 'CLOSED'`;
      const current = await tx.ticket.findFirst({
        where: { id: ticket.id, deletedAt: null },
        include: ticketInclude,
      });
      if (!current) throw new NotFoundError('Ticket');
      if (released === 0) {
        if (current.status === 'CLOSED') throw closedTicketError(current);
        const reference = formatTicketReference(current.number);
        throw new ConflictError(
          current.assignee
            ? `${reference} is assigned to ${current.assignee.name}, not to you`
            : `${reference} is not assigned to anyone`,
          'not_assignee',
        );
      }
      await recordChanges(
        tx,
        principal,
        current.id,
        [
          {
            type: 'UNCLAIMED',
            before: { assignee: { id: principal.id, name: principal.name } },
            after: { assignee: null },
            isInternal: true,
          },
        ],
        null,
        now,
      );
      return current;
    });
    return presentTicket(row, principal);
  }

  /**
   * Schedules (or reschedules) the ticket's session (`PUT /api/tickets/:id/session`; docs/product.md
   * "Ticket": mode, time, meeting link, duration). A video or audio session without a link keeps
   * the link it already had, else gets a new one: `<MEETING_BASE_URL>/docket-<128 random bits,
   * base64url>`, unguessable. Chat and in-person sessions have no link unless one is given.
   * Writes SESSION_SCHEDULED (public: the requester sees time, mode and link) with
   * before/after `{session}`; the same session again changes nothing.
   * @throws NotFoundError, ConflictError `ticket_closed`
   */
  async function scheduleSession(
    principal: Principal,
    idOrReference: string,
    input: ScheduleSessionInput,
  ): Promise<AnyTicket> {
    const row = await prisma.$transaction(async (tx) => {
      const current = await lockVisibleTicket(tx, principal, idOrReference);
      if (current.status === 'CLOSED') throw closedTicketError(current);
      const previous = sessionOf(current);
      const remote = input.mode === 'video' || input.mode === 'audio';
      const meetingLink =
        input.meetingLink ??
        (remote
          ? previous?.meetingLink && (previous.mode === 'video' || previous.mode === 'audio')
            ? previous.meetingLink
            : generateMeetingLink(config.meetingBaseUrl)
          : null);
      const next: SessionValue = {
        mode: input.mode,
        scheduledAt: new Date(input.scheduledAt).toISOString(),
        durationMinutes: input.durationMinutes ?? null,
        meetingLink,
      };
      if (sameJson(previous, next)) return current;
      const now = new Date();
      await tx.ticket.update({
        where: { id: current.id },
        data: {
          sessionMode: next.mode,
          sessionScheduledAt: new Date(next.scheduledAt),
          sessionDurationMinutes: next.durationMinutes,
          sessionMeetingLink: next.meetingLink,
          version: { increment: 1 },
          updatedAt: now,
        },
      });
      await recordChanges(
        tx,
        principal,
        current.id,
        [{ type: 'SESSION_SCHEDULED', before: { session: previous }, after: { session: next } }],
        null,
        now,
      );
      return reloadTicket(tx, current.id);
    });
    return presentTicket(row, principal);
  }

  /**
   * Cancels the ticket's session (`DELETE /api/tickets/:id/session`): clears it, bumps the
   * version and writes SESSION_SCHEDULED with `after: {session: null}` (public: the requester
   * learns the meeting is off). Without a session, nothing changes.
   * @throws NotFoundError, ConflictError `ticket_closed`
   */
  async function cancelSession(principal: Principal, idOrReference: string): Promise<AnyTicket> {
    const row = await prisma.$transaction(async (tx) => {
      const current = await lockVisibleTicket(tx, principal, idOrReference);
      const previous = sessionOf(current);
      if (!previous) return current;
      if (current.status === 'CLOSED') throw closedTicketError(current);
      const now = new Date();
      await tx.ticket.update({
        where: { id: current.id },
        data: {
          sessionMode: null,
          sessionScheduledAt: null,
          sessionDurationMinutes: null,
          sessionMeetingLink: null,
          version: { increment: 1 },
          updatedAt: now,
        },
      });
      await recordChanges(
        tx,
        principal,
        current.id,
        [{ type: 'SESSION_SCHEDULED', before: { session: previous }, after: { session: null } }],
        null,
        now,
      );
      return reloadTicket(tx, current.id);
    });
    return presentTicket(row, principal);
  }

  /**
   * Makes a ticket from a chat (docs/api.md `POST /api/tickets/from-chat/:chatId`; docs/product.md "Chats and
   * the chat-to-ticket flow"). Staff only (the route checks the role); a chat of another
   * organization is 404.
   * - Requester: the chat's customer (linked to the organization's user with that email, if any).
   * - Description: the formatted transcript (formatTranscript), or a one-line summary with
   *   `includeTranscript: false`. Subject: the given one, else "Chat with <customer name>".
   * - Priority: the given one, else HIGH for an escalated chat, else MEDIUM.
   * - Assignee: the calling agent (an API key leaves it unassigned). Channel `chat`; tagged
   *   `escalated-from-chat` (every ticket made this way: docs/product.md names the flow so).
   * - `originChatId` is set and a TicketChat link written (so the ticket lists the chat and the
   *   chat the ticket), with CREATED (+ ASSIGNED) and CHAT_LINKED (internal) activity.
   * - One ticket per chat: a later call returns the ticket already made (`created: false`).
   *   Racing calls all try to insert; the UNIQUE `originChatId` lets one commit and the others
   *   fail with P2002, roll back (their ticket number too: numbering stays gap-free) and return
   *   the winner's ticket.
   * @returns the ticket and whether this call made it (201) or found it (200).
   * @throws NotFoundError (chat), ValidationError (category), ConflictError `ticket_deleted` when
   * the chat's ticket was deleted (an admin may restore it).
   */
  async function createFromChat(
    principal: Principal,
    chatId: string,
    input: TicketFromChatInput,
  ): Promise<{ ticket: AnyTicket; created: boolean }> {
    const chat = await prisma.chat.findFirst({
      where: { id: chatId, organizationId: principal.organizationId },
      include: { messages: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] } },
    });
    if (!chat) throw new NotFoundError('Chat');
    const existing = await ticketOfChat(principal, chat.id);
    if (existing) return { ticket: existing, created: false };

    const description = input.includeTranscript
      ? formatTranscript(chat, chat.messages)
      : `${transcriptHeader(chat, chat.messages.length)}\n\nThe transcript was not copied; see the chat.`;
    const ticketInput: CreateTicketInput = {
      subject: input.subject ?? `Chat with ${chat.customerName}`.slice(0, 200).trim(),
      description,
      priority: input.priority ?? (chat.escalated ? 'HIGH' : 'MEDIUM'),
      category: input.category,
      tags: [FROM_CHAT_TAG],
      requesterName: chat.customerName,
      requesterEmail: chat.customerEmail,
      assigneeId: principal.kind === 'user' ? principal.id : undefined,
    };
    try {
      const row = await prisma.$transaction(async (tx) => {
        const now = new Date();
        const created = await insertTicket(tx, principal, ticketInput, {
          channel: 'chat',
          now,
          originChatId: chat.id,
          deferCreatedEvent: true,
        });
        await tx.ticketChat.create({
          data: {
            ticketId: created.id,
            chatId: chat.id,
            linkedById: userIdOf(principal),
            createdAt: now,
          },
        });
        await recordActivity(tx, principal, {
          organizationId: principal.organizationId,
          ticketId: created.id,
          type: 'CHAT_LINKED',
          after: { chatId: chat.id, origin: true },
          isInternal: true,
          createdAt: new Date(now.getTime() + 2),
        });
        const row = await reloadTicket(tx, created.id);
        await emitTicketCreated(tx, principal, row, now);
        await emitTicketEvent(
          tx,
          'chat.converted',
          row,
          principal,
          {
            chat: {
              id: chat.id,
              customerName: chat.customerName,
              customerEmail: chat.customerEmail,
              escalated: chat.escalated,
            },
          },
          now,
        );
        return row;
      });
      return { ticket: presentTicket(row, principal), created: true };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const winner = await ticketOfChat(principal, chat.id);
      if (!winner) throw error;
      return { ticket: winner, created: false };
    }
  }

  /** The ticket made from a chat, if any. @throws ConflictError `ticket_deleted` if it was deleted. */
  async function ticketOfChat(principal: Principal, chatId: string): Promise<AnyTicket | null> {
    const row = await prisma.ticket.findFirst({
      where: { originChatId: chatId, organizationId: principal.organizationId },
      include: ticketInclude,
    });
    if (!row) return null;
    if (row.deletedAt) {
      throw new ConflictError(
        `${formatTicketReference(row.number)} was made from this chat and has been deleted; an admin can restore it`,
        'ticket_deleted',
      );
    }
    return presentTicket(row, principal);
  }

  /**
   * Links a chat to a ticket (docs/api.md `POST /api/tickets/:id/chats`; docs/product.md "More chats can be
   * linked to a ticket later"). Staff only (the route checks the role). The chat must belong to
   * the organization (else 404 on the chat). An already linked chat changes nothing (200);
   * otherwise a TicketChat row, CHAT_LINKED (internal) and version + 1.
   * @throws NotFoundError (ticket or chat), ConflictError `ticket_closed`
   */
  async function linkChat(
    principal: Principal,
    idOrReference: string,
    chatId: string,
  ): Promise<AnyTicket> {
    const row = await prisma.$transaction(async (tx) => {
      const current = await lockVisibleTicket(tx, principal, idOrReference);
      const chat = await tx.chat.findFirst({
        where: { id: chatId, organizationId: principal.organizationId },
        select: { id: true },
      });
      if (!chat) throw new NotFoundError('Chat');
      if (current.chatLinks.some((link) => link.chatId === chat.id)) return current;
      if (current.status === 'CLOSED') throw closedTicketError(current);
      const now = new Date();
      await tx.ticketChat.create({
        data: {
          ticketId: current.id,
          chatId: chat.id,
          linkedById: userIdOf(principal),
          createdAt: now,
        },
      });
      await tx.ticket.update({
        where: { id: current.id },
        data: { version: { increment: 1 }, updatedAt: now },
      });
      await recordChanges(
        tx,
        principal,
        current.id,
        [{ type: 'CHAT_LINKED', after: { chatId: chat.id }, isInternal: true }],
        null,
        now,
      );
      return reloadTicket(tx, current.id);
    });
    return presentTicket(row, principal);
  }

  return {
    create,
    list,
    counts,
    get,
    update,
    remove,
    restore,
    claim,
    unclaim,
    scheduleSession,
    cancelSession,
    createFromChat,
    linkChat,
  };
}

export type TicketsService = ReturnType<typeof createTicketsService>;

/** The fields PATCH /api/tickets/:id accepts (UpdateTicketBodySchema), in the order they are checked. */
const UPDATE_FIELDS = [
  'subject',
  'status',
  'priority',
  'category',
  'tags',
  'assigneeId',
  'customFields',
  'metadata',
  'externalRefs',
  'reason',
] as const satisfies readonly (keyof UpdateTicketInput)[];

/** What a requester may send in a PATCH of their own ticket (docs/product.md "Roles"). */
const CUSTOMER_UPDATE_FIELDS: ReadonlySet<string> = new Set(['status', 'reason']);

/** Ticket fields customers never see (CustomerTicketSchema): a FIELDS_CHANGED row touching one is internal. */
const STAFF_ONLY_FIELDS: ReadonlySet<string> = new Set(['tags', 'customFields', 'metadata']);

/** The tag of every ticket made from a chat (docs/product.md "Chats and the chat-to-ticket flow"). */
export const FROM_CHAT_TAG = 'escalated-from-chat';

/** One activity row to write for a change; ticket, organization, actor, reason and time are the change's. */
interface ActivityDraft {
  type: ActivityType;
  before?: Prisma.InputJsonValue | null;
  after?: Prisma.InputJsonValue | null;
  isInternal?: boolean;
}

/**
 * Writes the activity rows of one change in the transaction `tx`, in order, 1 ms apart from
 * `now` so that the timeline (ordered by time, then id) keeps the order they were written in,
 * then the change's domain events (emitChangeEvents) with the ticket as it now is.
 */
async function recordChanges(
  tx: Prisma.TransactionClient,
  principal: Principal,
  ticketId: string,
  changes: ActivityDraft[],
  reason: string | null,
  now: Date,
): Promise<void> {
  for (const [i, change] of changes.entries()) {
    await recordActivity(tx, principal, {
      organizationId: principal.organizationId,
      ticketId,
      type: change.type,
      before: change.before ?? null,
      after: change.after ?? null,
      reason,
      isInternal: change.isInternal ?? false,
      createdAt: new Date(now.getTime() + i),
    });
  }
  await emitChangeEvents(tx, principal, await reloadTicket(tx, ticketId), changes, reason, now);
}

/** `ticket.created`, then `ticket.assigned` when the ticket was created with an assignee. */
async function emitTicketCreated(
  tx: Prisma.TransactionClient,
  principal: Principal,
  row: TicketRow,
  now: Date,
): Promise<void> {
  await emitTicketEvent(tx, 'ticket.created', row, principal, {}, now);
  if (row.assignee) {
    await emitTicketEvent(
      tx,
      'ticket.assigned',
      row,
      principal,
      { change: 'assigned', previousAssignee: null, assignee: row.assignee, reason: null },
      now,
    );
  }
}

type Assignee = EventData<'ticket.assigned'>['assignee'];
const valueOf = (value: Prisma.InputJsonValue | null | undefined, key: string): unknown =>
  value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined;

/**
 * The domain events of one change, in the transaction `tx`, from its activity
 * drafts and the ticket `row` after it: STATUS_CHANGED → `ticket.status_changed`; ASSIGNED,
 * UNASSIGNED, CLAIMED, UNCLAIMED → `ticket.assigned` (with `change`); DELETED → `ticket.deleted`;
 * RESTORED → `ticket.restored`; PRIORITY_CHANGED, FIELDS_CHANGED, SESSION_SCHEDULED and
 * CHAT_LINKED → one `ticket.updated` with every changed field's before and after, last.
 */
async function emitChangeEvents(
  tx: Prisma.TransactionClient,
  principal: Principal,
  row: TicketRow,
  changes: readonly ActivityDraft[],
  reason: string | null,
  now: Date,
): Promise<void> {
  const updated: Record<string, { before: unknown; after: unknown }> = {};
  for (const change of changes) {
    switch (change.type) {
      case 'STATUS_CHANGED':
        await emitTicketEvent(
          tx,
          'ticket.status_changed',
          row,
          principal,
          {
            previousStatus: valueOf(change.before, 'status') as TicketStatus,
            status: valueOf(change.after, 'status') as TicketStatus,
            reason,
          },
          now,
        );
        break;
      case 'ASSIGNED':
      case 'UNASSIGNED':
      case 'CLAIMED':
      case 'UNCLAIMED':
        await emitTicketEvent(
          tx,
          'ticket.assigned',
          row,
          principal,
          {
            change: change.type.toLowerCase() as EventData<'ticket.assigned'>['change'],
            previousAssignee: (valueOf(change.before, 'assignee') ?? null) as Assignee,
            assignee: (valueOf(change.after, 'assignee') ?? null) as Assignee,
            reason,
          },
          now,
        );
        break;
      case 'DELETED':
        await emitTicketEvent(
          tx,
          'ticket.deleted',
          row,
          principal,
          { deletedAt: (row.deletedAt ?? now).toISOString() },
          now,
        );
        break;
      case 'RESTORED':
        await emitTicketEvent(tx, 'ticket.restored', row, principal, {}, now);
        break;
      case 'PRIORITY_CHANGED':
        updated.priority = {
          before: valueOf(change.before, 'priority'),
          after: valueOf(change.after, 'priority'),
        };
        break;
      case 'SESSION_SCHEDULED':
        updated.session = {
          before: valueOf(change.before, 'session') ?? null,
          after: valueOf(change.after, 'session') ?? null,
        };
        break;
      case 'CHAT_LINKED': {
        const chatId = valueOf(change.after, 'chatId');
        const after = row.chatLinks.map((link) => link.chatId);
        updated.linkedChatIds = { before: after.filter((id) => id !== chatId), after };
        break;
      }
      case 'FIELDS_CHANGED':
        for (const field of Object.keys((change.after as Record<string, unknown>) ?? {})) {
          updated[field] = {
            before: valueOf(change.before, field) ?? null,
            after: valueOf(change.after, field) ?? null,
          };
        }
        break;
      default:
        break;
    }
  }
  if (Object.keys(updated).length) {
    await emitTicketEvent(tx, 'ticket.updated', row, principal, { changes: updated, reason }, now);
  }
}

/**
 * Finds a ticket the principal may see (as findVisibleTicket) and takes its row lock
 * (`SELECT … FOR UPDATE`) in the transaction `tx`, then reads it again: the returned row is
 * current and stays so until the transaction ends, so the rules checked against it hold.
 * @throws NotFoundError (not visible, or deleted meanwhile)
 */
export async function lockVisibleTicket(
  tx: Prisma.TransactionClient,
  principal: Principal,
  idOrReference: string,
): Promise<TicketRow> {
  const visible = await findVisibleTicket(tx, principal, idOrReference);
  await tx.$queryRaw`SELECT id FROM tickets WHERE id = ${visible.id}::uuid FOR UPDATE`;
  const [row] = await loadTicketRows(tx, [
    ...visibleTicketsSql(principal),
    ticketKeySql(visible.id)!,
  ]);
  if (!row) throw new NotFoundError('Ticket');
  return row;
}

/** The ticket by id, with what the presenter needs (deleted or not). */
function reloadTicket(db: Db, id: string): Promise<TicketRow> {
  return loadTicketRow(db, id);
}

/**
 * Applies `If-Match` (ticket-lifecycle.ts evaluateIfMatch) to the ticket's current version.
 * @throws PreconditionFailedError (412) when stale; ValidationError on `If-Match` when malformed.
 */
function checkIfMatch(header: string | undefined, version: number): void {
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

/** 409 `ticket_closed`: CLOSED is final for everyone (docs/product.md "Ticket"). */
function closedTicketError(ticket: { number: number }): ConflictError {
  return new ConflictError(
    `${formatTicketReference(ticket.number)} is CLOSED; closed tickets are final. Create a follow-up ticket instead.`,
    'ticket_closed',
  );
}

/** The API's session value, as stored in activity before/after. */
type SessionValue = {
  mode: SessionMode;
  scheduledAt: string;
  durationMinutes: number | null;
  meetingLink: string | null;
};

function sessionOf(row: TicketRow): SessionValue | null {
  if (!row.sessionMode || !row.sessionScheduledAt) return null;
  return {
    mode: row.sessionMode,
    scheduledAt: row.sessionScheduledAt.toISOString(),
    durationMinutes: row.sessionDurationMinutes,
    meetingLink: row.sessionMeetingLink,
  };
}

/**
 * A meeting link nobody can guess: `<base>/docket-<22 characters>`, 128 bits from the CSPRNG in
 * base64url (the room name is the only secret of a Jitsi-style room).
 */
export function generateMeetingLink(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/docket-${randomBytes(16).toString('base64url')}`;
}

/** JSON equality that ignores key order (for customFields, metadata, externalRefs, sessions). */
function sameJson(a: unknown, b: unknown): boolean {
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

/** A unique-constraint violation from Prisma (P2002), e.g. a second ticket for the same chat. */
function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, meta } = error as {
    code?: unknown;
    meta?: { driverAdapterError?: { cause?: { kind?: unknown } } };
  };
  // P2002 from the ORM; P2010 from a raw statement (insertNumberedTicket).
  return (
    code === 'P2002' ||
    (code === 'P2010' && meta?.driverAdapterError?.cause?.kind === 'UniqueConstraintViolation')
  );
}

/** Longest description made from a transcript, in characters (typed descriptions stop at 5,000). */
export const TRANSCRIPT_MAX_LENGTH = 100_000;

/** `2026-11-21 14:05 UTC`: minutes are enough for a transcript, and UTC is unambiguous. */
function transcriptTime(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

type TranscriptChat = {
  customerName: string;
  customerEmail: string;
  escalated: boolean;
  createdAt: Date;
};
type TranscriptMessage = {
  senderType: 'customer' | 'agent' | 'bot';
  senderName: string | null;
  content: string;
  createdAt: Date;
};

/** The first line of a transcript: who the chat was with, when, how long. */
function transcriptHeader(chat: TranscriptChat, messageCount: number): string {
  return (
    `Chat with ${chat.customerName} <${chat.customerEmail}>, started ${transcriptTime(chat.createdAt)}` +
    `${chat.escalated ? ', escalated' : ''} (${messageCount} message${messageCount === 1 ? '' : 's'})`
  );
}

/**
 * A chat as a ticket description (docs/product.md "Chats and the chat-to-ticket flow"): a header
 * line naming the chat's customer, a blank line, then one line per message, oldest first:
 * `[YYYY-MM-DD HH:mm UTC] Sender name (customer|agent|bot): text`. A message's further lines are
 * indented by two spaces, so no message can pass for another. Senders without a name are named
 * by type (the chat's customer, "Agent", "Bot"). Longer than `maxLength` characters (default
 * TRANSCRIPT_MAX_LENGTH), the transcript is cut at a line and ends with a line saying how many
 * messages were left out.
 */
export function formatTranscript(
  chat: TranscriptChat,
  messages: readonly TranscriptMessage[],
  maxLength: number = TRANSCRIPT_MAX_LENGTH,
): string {
  const lines = [transcriptHeader(chat, messages.length), ''];
  if (messages.length === 0) lines.push('(no messages)');
  // Room kept for the closing line that says what was left out.
  const reserve = 160;
  let length = lines.join('\n').length;
  for (const [index, message] of messages.entries()) {
    const name =
      message.senderName?.trim() ||
      (message.senderType === 'customer'
        ? chat.customerName
        : message.senderType === 'agent'
          ? 'Agent'
          : 'Bot');
    const text = message.content.replace(/\r\n?/g, '\n').split('\n').join('\n  ');
    const line = `[${transcriptTime(message.createdAt)}] ${name} (${message.senderType}): ${text}`;
    const last = index === messages.length - 1;
    if (length + 1 + line.length <= maxLength - (last ? 0 : reserve)) {
      lines.push(line);
      length += 1 + line.length;
      continue;
    }
    // Cut here: as much of this message as fits, then what was left out.
    const left = messages.length - index;
    const room = maxLength - reserve - length - 2;
    if (room >= 80) lines.push(`${line.slice(0, room)}…`);
    lines.push(
      `[… transcript cut at ${maxLength.toLocaleString('en-US')} characters: ${left} message${left === 1 ? '' : 's'} not shown in full; see the chat]`,
    );
    break;
  }
  return lines.join('\n');
}

type SortField = ListTicketsQuery['sortBy'];

function sortValue(row: TicketRow, field: SortField): string | number {
  switch (field) {
    case 'createdAt':
      return row.createdAt.toISOString();
    case 'updatedAt':
      return row.updatedAt.toISOString();
    case 'number':
      return row.number;
    case 'priority':
      return row.priority;
  }
}

/** How long a full-text search may run before it is cancelled (milliseconds). */
const SEARCH_TIMEOUT_MS = 2000;

/**
 * Runs `work`, which has PostgreSQL cancel its statements after the milliseconds it is given
 * (SEARCH_TIMEOUT_MS; tickets.query.ts loadTicketPage), mapping that cancellation (SQLSTATE
 * 57014) to a 503 problem with Retry-After.
 */
async function withSearchTimeout<T>(work: (statementTimeoutMs: number) => Promise<T>): Promise<T> {
  try {
    return await work(SEARCH_TIMEOUT_MS);
  } catch (error) {
    if (
      /57014|statement timeout/i.test(String((error as Error)?.message) + JSON.stringify(error))
    ) {
      throw new AppError(
        503,
        'search_timeout',
        'Search took too long',
        'The search matched too much to answer in time. Add words or filters to narrow it.',
        undefined,
        { 'Retry-After': '1' },
      );
    }
    throw error;
  }
}
