/**
 * The rules of tickets (SPEC.md "Ticket", "Roles"; API.md "Tickets"): creating with a
 * gap-free per-organization number, listing with filters and keyset pagination, and finding a
 * ticket by uuid, number or reference — always scoped to the caller's organization, and for a
 * customer to their own tickets (others are 404, never 403).
 */
import { recordActivity } from '../activity/activity.recorder.js';
import { decodeCursor, encodeCursor, isUuid } from '../../lib/cursor.js';
import {
  TICKET_PRIORITIES,
  parseTicketReference,
  type TicketChannel,
  type TicketPriority,
} from '../../lib/domain.js';
import type { Db, Prisma, PrismaClient } from '../../lib/db.js';
import { ForbiddenError, NotFoundError, ValidationError, type FieldError } from '../../lib/errors.js';
import { isStaff, type Principal } from '../../lib/principal.js';
import { presentTicket, ticketInclude, type TicketRow } from './tickets.presenter.js';
import type {
  AnyTicket,
  CreateTicketBodySchema,
  ListTicketsQuery,
  TicketList,
} from './tickets.schemas.js';
import type { z } from 'zod';

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
  const key = ticketKey(idOrReference);
  if (!key) throw new NotFoundError('Ticket');
  const row = await db.ticket.findFirst({
    where: { ...visibleTicketsWhere(principal), ...key },
    include: ticketInclude,
  });
  if (!row) throw new NotFoundError('Ticket');
  return row;
}

/** The channel a ticket arrives by when the caller does not say: portal for customers, web for agents, api for keys. */
function channelOf(principal: Principal): TicketChannel {
  if (principal.kind === 'api_key') return 'api';
  return isStaff(principal) ? 'web' : 'portal';
}

export function createTicketsService(deps: { prisma: PrismaClient }) {
  const { prisma } = deps;

  /**
   * Creates a ticket (API.md `POST /api/tickets`).
   * - The number comes from the organization's counter, incremented in the same transaction:
   *   concurrent creates serialize on the organization row, so numbers are unique and gap-free.
   * - Customers create for themselves and may set neither priority nor assignee (403).
   * - The requester is `requesterId` (a user of the organization), or `requesterName` +
   *   `requesterEmail` (linked to the organization's user with that email if there is one,
   *   else a guest), or else the caller.
   * - The category must be one of the organization's active categories (by name, any case).
   * - SLA due dates come from the organization's policy for the priority, if any.
   * - Writes CREATED (and ASSIGNED, internal) activity in the same transaction.
   * @throws ForbiddenError, ValidationError (with the field at fault)
   */
  async function create(
    principal: Principal,
    input: CreateTicketInput,
    options: { channel?: TicketChannel; now?: Date } = {},
  ): Promise<AnyTicket> {
    if (!isStaff(principal)) {
      const forbidden: FieldError[] = (
        ['priority', 'assigneeId', 'requesterId', 'requesterName', 'requesterEmail', 'metadata'] as const
      )
        .filter((field) => input[field] !== undefined)
        .map((field) => ({ path: field, message: 'customers may not set this field' }));
      if (forbidden.length) {
        throw new ForbiddenError('Customers may not set these fields', forbidden);
      }
    }
    const organizationId = principal.organizationId;
    const now = options.now ?? new Date();

    const row = await prisma.$transaction(async (tx) => {
      const errors: FieldError[] = [];

      let categoryId: string | null = null;
      if (input.category) {
        const category = await tx.category.findFirst({
          where: {
            organizationId,
            isActive: true,
            name: { equals: input.category, mode: 'insensitive' },
          },
          select: { id: true },
        });
        if (category) categoryId = category.id;
        else errors.push({ path: 'category', message: `unknown category "${input.category}"` });
      }

      let requester: { id: string | null; name: string; email: string };
      if (!isStaff(principal) || (!input.requesterId && !input.requesterEmail)) {
        requester = { id: principal.kind === 'user' ? principal.id : null, name: principal.name, email: principal.email ?? '' };
        if (principal.kind === 'api_key') {
          errors.push({ path: 'requesterEmail', message: 'an API key must name the requester' });
        }
      } else if (input.requesterId) {
        const user = await tx.user.findFirst({
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
        const user = await tx.user.findFirst({
          where: { email, organizationId },
          select: { id: true, name: true, email: true },
        });
        requester = user ?? { id: null, name: input.requesterName ?? email, email };
      }

      let assignee: { id: string; name: string } | null = null;
      if (input.assigneeId) {
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
          errors.push({ path: 'assigneeId', message: 'no such agent in this organization' });
        }
      }
      if (errors.length) throw new ValidationError('Some fields are invalid', errors);

      const priority: TicketPriority = input.priority ?? 'MEDIUM';
      const sla = await tx.slaPolicy.findUnique({
        where: { organizationId_priority: { organizationId, priority } },
      });
      const { ticketCounter: number } = await tx.organization.update({
        where: { id: organizationId },
        data: { ticketCounter: { increment: 1 } },
        select: { ticketCounter: true },
      });

      const created = await tx.ticket.create({
        data: {
          organizationId,
          number,
          subject: input.subject,
          description: input.description,
          priority,
          categoryId,
          tags: [...new Set(input.tags ?? [])],
          channel: options.channel ?? channelOf(principal),
          requesterId: requester.id,
          requesterName: requester.name,
          requesterEmail: requester.email.toLowerCase(),
          assigneeId: assignee?.id ?? null,
          customFields: (input.customFields ?? {}) as Prisma.InputJsonObject,
          metadata: (input.metadata ?? {}) as Prisma.InputJsonObject,
          externalRefs: input.externalRefs ?? {},
          firstResponseDueAt: sla ? new Date(now.getTime() + sla.firstResponseMinutes * 60_000) : null,
          resolutionDueAt: sla ? new Date(now.getTime() + sla.resolutionMinutes * 60_000) : null,
          createdAt: now,
          updatedAt: now,
        },
        include: ticketInclude,
      });
      await recordActivity(tx, principal, {
        organizationId,
        ticketId: created.id,
        type: 'CREATED',
        after: {
          subject: created.subject,
          status: created.status,
          priority: created.priority,
          category: input.category ?? null,
          channel: created.channel,
        },
        createdAt: now,
      });
      if (assignee) {
        await recordActivity(tx, principal, {
          organizationId,
          ticketId: created.id,
          type: 'ASSIGNED',
          before: { assignee: null },
          after: { assignee: assignee },
          isInternal: true,
          createdAt: now,
        });
      }
      return created;
    });
    return presentTicket(row, principal);
  }

  /**
   * Lists the tickets the principal may see (API.md `GET /api/tickets`), newest activity first by
   * default, with keyset pagination: the cursor carries the sort value and id of the last row, so
   * a page costs the same at any depth and rows inserted meanwhile are neither skipped nor repeated.
   */
  async function list(principal: Principal, query: ListTicketsQuery): Promise<TicketList> {
    const where: Prisma.TicketWhereInput[] = [visibleTicketsWhere(principal)];
    if (query.status) where.push({ status: { in: query.status } });
    if (query.priority) where.push({ priority: { in: query.priority } });
    if (query.assigneeId === 'me') where.push({ assigneeId: principal.id });
    else if (query.assigneeId === 'none') where.push({ assigneeId: null });
    else if (query.assigneeId) where.push({ assigneeId: query.assigneeId });
    if (query.requesterId) where.push({ requesterId: query.requesterId });
    if (query.requesterEmail) where.push({ requesterEmail: query.requesterEmail });
    if (query.category) {
      where.push({ category: { name: { equals: query.category, mode: 'insensitive' } } });
    }
    if (query.tags?.length) where.push({ tags: { hasEvery: query.tags } });
    if (query.channel) where.push({ channel: query.channel });
    if (query.createdFrom) where.push({ createdAt: { gte: new Date(query.createdFrom) } });
    if (query.createdTo) where.push({ createdAt: { lt: new Date(query.createdTo) } });
    if (query.updatedFrom) where.push({ updatedAt: { gte: new Date(query.updatedFrom) } });
    if (query.updatedTo) where.push({ updatedAt: { lt: new Date(query.updatedTo) } });

    const { sortBy, sortOrder } = query;
    if (query.cursor) where.push(afterCursor(sortBy, sortOrder, decodeCursor(query.cursor)));

    const rows = await prisma.ticket.findMany({
      where: { AND: where },
      include: ticketInclude,
      orderBy: [{ [sortBy]: sortOrder }, { id: sortOrder }],
      take: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      data: page.map((row) => presentTicket(row, principal)),
      nextCursor:
        rows.length > query.limit && last
          ? encodeCursor({ value: sortValue(last, sortBy), id: last.id })
          : null,
    };
  }

  /** One ticket the principal may see (API.md `GET /api/tickets/:id`). @throws NotFoundError */
  async function get(principal: Principal, idOrReference: string): Promise<AnyTicket> {
    return presentTicket(await findVisibleTicket(prisma, principal, idOrReference), principal);
  }

  return { create, list, get };
}

export type TicketsService = ReturnType<typeof createTicketsService>;

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

/** Rows strictly after the cursor in (field, id) order. */
function afterCursor(
  field: SortField,
  order: 'asc' | 'desc',
  cursor: { value: string | number; id: string },
): Prisma.TicketWhereInput {
  const beyond = order === 'desc' ? 'lt' : 'gt';
  const invalid = () =>
    new ValidationError('The cursor does not match sortBy', [
      { path: 'cursor', message: 'invalid cursor for this sort' },
    ]);
  let past: Prisma.TicketWhereInput;
  let equal: Prisma.TicketWhereInput;
  if (field === 'priority') {
    const index = TICKET_PRIORITIES.indexOf(cursor.value as TicketPriority);
    if (index < 0) throw invalid();
    // Enums compare by declaration order in PostgreSQL, but Prisma filters enums by set only.
    const rest = order === 'desc' ? TICKET_PRIORITIES.slice(0, index) : TICKET_PRIORITIES.slice(index + 1);
    past = { priority: { in: [...rest] } };
    equal = { priority: cursor.value as TicketPriority };
  } else if (field === 'number') {
    if (typeof cursor.value !== 'number') throw invalid();
    past = { number: { [beyond]: cursor.value } };
    equal = { number: cursor.value };
  } else {
    const date = new Date(String(cursor.value));
    if (Number.isNaN(date.getTime())) throw invalid();
    past = { [field]: { [beyond]: date } };
    equal = { [field]: date };
  }
  return { OR: [past, { AND: [equal, { id: { [beyond]: cursor.id } }] }] };
}
