/**
 * The rules of tickets (SPEC.md "Ticket", "Roles"; API.md "Tickets"): creating with a
 * gap-free per-organization number, listing with filters and keyset pagination, and finding a
 * ticket by uuid, number or reference — always scoped to the caller's organization, and for a
 * customer to their own tickets (others are 404, never 403).
 */
import { recordActivity } from '../activity/activity.recorder.js';
import { encodeCursor, isUuid } from '../../lib/cursor.js';
import {
  parseTicketReference,
  type TicketChannel,
  type TicketPriority,
} from '../../lib/domain.js';
import type { Db, Prisma, PrismaClient } from '../../lib/db.js';
import {
  AppError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
  type FieldError,
} from '../../lib/errors.js';
import { isStaff, type Principal } from '../../lib/principal.js';
import { presentTicket, ticketInclude, type TicketRow } from './tickets.presenter.js';
import { ticketPageSql } from './tickets.query.js';
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
    const row = await prisma.$transaction((tx) => insertTicket(tx, principal, input, options));
    return presentTicket(row, principal);
  }

  /**
   * The create path inside a transaction, shared by `create` and `createFromChat` so that every
   * ticket gets its number the same gap-free way: validates category, requester and assignee
   * (400 naming each field), takes the next number from the organization's counter (the row lock
   * serializes concurrent creates; a rolled-back transaction gives its number back), inserts the
   * ticket (with `originChatId` when made from a chat) and writes CREATED (+ ASSIGNED, internal).
   * Role rules are the caller's job. @returns the ticket row with `ticketInclude`.
   * @throws ValidationError; Prisma P2002 when `originChatId` already has a ticket.
   */
  async function insertTicket(
    tx: Prisma.TransactionClient,
    principal: Principal,
    input: CreateTicketInput,
    options: { channel?: TicketChannel; now?: Date; originChatId?: string },
  ): Promise<TicketRow> {
      const organizationId = principal.organizationId;
      const now = options.now ?? new Date();
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
          originChatId: options.originChatId ?? null,
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
          // 1 ms after CREATED, so that the timeline (ordered by time) keeps their order.
          createdAt: new Date(now.getTime() + 1),
        });
      }
      return created;
  }

  /**
   * Lists the tickets the principal may see (API.md `GET /api/tickets`), newest activity first by
   * default, with keyset pagination: the cursor carries the sort value and id of the last row, so
   * a page costs the same at any depth and rows inserted meanwhile are neither skipped nor repeated.
   * One SQL statement finds the page's ids (tickets.query.ts); one ORM query loads those rows.
   * A search (`q`) runs under a statement timeout (SEARCH_TIMEOUT_MS), so a query matching most
   * tickets ends in a clean 503 `search_timeout` instead of a stuck request.
   * @throws ValidationError (cursor), AppError 503 search_timeout
   */
  async function list(principal: Principal, query: ListTicketsQuery): Promise<TicketList> {
    const pageSql = ticketPageSql(principal, query);
    const ids = query.q
      ? await withSearchTimeout(prisma, (tx) => tx.$queryRaw<{ id: string }[]>(pageSql))
      : await prisma.$queryRaw<{ id: string }[]>(pageSql);
    const pageIds = ids.slice(0, query.limit).map((r) => r.id);
    const rows = pageIds.length
      ? await prisma.ticket.findMany({ where: { id: { in: pageIds } }, include: ticketInclude })
      : [];
    const byId = new Map(rows.map((row) => [row.id, row]));
    const page = pageIds.map((id) => byId.get(id)).filter((row) => row !== undefined);
    const last = page.at(-1);
    return {
      data: page.map((row) => presentTicket(row, principal)),
      nextCursor:
        ids.length > query.limit && last
          ? encodeCursor({ value: sortValue(last, query.sortBy), id: last.id })
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

/** How long a full-text search may run before it is cancelled (milliseconds). */
const SEARCH_TIMEOUT_MS = 2000;

/**
 * Runs `work` in a transaction whose statements are cancelled after SEARCH_TIMEOUT_MS, mapping
 * PostgreSQL's cancellation (SQLSTATE 57014) to a 503 problem with Retry-After.
 */
async function withSearchTimeout<T>(
  prisma: PrismaClient,
  work: (tx: Prisma.TransactionClient) => Promise<T>,
): Promise<T> {
  try {
    return await prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`SET LOCAL statement_timeout = ${SEARCH_TIMEOUT_MS}`);
      return work(tx);
    });
  } catch (error) {
    if (/57014|statement timeout/i.test(String((error as Error)?.message) + JSON.stringify(error))) {
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
