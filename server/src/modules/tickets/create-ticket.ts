/**
 * Creating a ticket (`POST /api/tickets`; the product's "Ticket" and "Roles" rules): who may set
 * what, the checks of the ticket's references, the gap-free per-organization number, and the
 * CREATED (+ ASSIGNED) activity and events written with it. `insertTicket` is the
 * one create path, also used to make a ticket from a chat (chats/ticket-from-chat.ts).
 */
import {
  checkAssigneeInGroup,
  defaultTicketGroup,
  organizationGroupFinder,
  resolveTicketGroup,
  type GroupFinder,
  type TicketGroup,
} from './ticket-groups.js';
import type { z } from 'zod';
import { activityRow, type Actor } from '../activity/index.js';
import type { AttachmentIntake, PreparedAttachment } from '../attachments/index.js';
import { newTicketEventsSql, type NewTicketEvent } from './ticket-outbox.repository.js';
import {
  formatTicketReference,
  type TicketChannel,
  type TicketPriority,
} from '../../lib/domain.js';
import type { Db, Prisma } from '../../lib/db.js';
import {
  ForbiddenError,
  NotFoundError,
  ValidationError,
  type FieldError,
} from '../../lib/errors.js';
import { isStaff, type Principal } from '../../lib/principal.js';
import type { Upload } from '../../plugins/multipart.js';
import { ticketKey, visibleTicketsWhere } from './ticket-access.js';
import { emitTicketCreated } from './ticket-events.js';
import type { TicketsDeps } from './tickets.deps.js';
import { presentTicket, type TicketRow } from './tickets.presenter.js';
import {
  findActiveCategoryByName,
  findActiveUserInOrganization,
  findUserByEmailInOrganization,
} from './ticket-parties.repository.js';
import { findTicketSummary, findTicketWithRelations } from './tickets.repository.js';
import { insertNumberedTicket, jsonbOrder, type NewTicketRow } from './ticket-writes.repository.js';
import type { AnyTicket, CreateTicketBodySchema } from './tickets.schemas.js';
import { findAssignableAgent } from '../users/index.js';
import { checkNewTicketCustomFields } from '../custom-fields/index.js';
import { newRowId } from '../../lib/row-id.js';

export type CreateTicketInput = z.output<typeof CreateTicketBodySchema>;

/** A new ticket's assignee chosen by routing as it is created (groups/routing.ts routeNewTicket). */
export interface NewTicketRoute {
  assignee: { id: string; name: string };
  /** The ASSIGNED activity's and `ticket.assigned`'s reason, e.g. `routing: load_balanced`. */
  reason: string;
  /** Who the assignment names: Docket's routing. */
  actor: Actor;
  /**
   * Ends routing's hold on the assignee (groups/assignments-in-flight.ts): called by the create
   * once its insert has committed or failed.
   */
  release?: () => void;
}

/**
 * Reads the group `groupId` a new, unassigned ticket is put in and chooses its assignee before it
 * is inserted — one read for both, which is the create's check of the group too (a routed create
 * then makes no more pool round trips than one assigned by hand: bench/README.md "Routing").
 * @returns null when the group is not the organization's; else the group as tickets name it and
 *   `route` (null to leave the ticket to the `routing` subscriber after the commit).
 */
export type NewTicketRouter = (
  db: Db,
  ticket: {
    organizationId: string;
    groupId: string;
    categoryId: string | null;
    tags: readonly string[];
    priority: TicketPriority;
  },
) => Promise<{ group: TicketGroup; route: NewTicketRoute | null } | null>;

/** How a create is made: its channel (else the caller's), its time, the files sent with it. */
export interface CreateTicketOptions {
  channel?: TicketChannel;
  now?: Date;
  uploads?: readonly Upload[];
  /**
   * Called in the create's transaction with the ticket as answered, before the commit (the
   * route records its `Idempotency-Key` answer there, plugins/idempotency.ts); a throw rolls the
   * create back.
   */
  recordAnswer?: (tx: Prisma.TransactionClient, ticket: AnyTicket) => Promise<void>;
}

/** The channel a ticket arrives by when the caller does not say: portal for customers, web for agents, api for keys. */
function channelOf(principal: Principal): TicketChannel {
  if (principal.kind === 'api_key') return 'api';
  return isStaff(principal) ? 'web' : 'portal';
}

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
 * - `customFields` are checked against the organization's definitions (custom-fields module,
 *   docs/product.md "Custom fields"): 400 naming `customFields.<key>`.
 * - `followUpOf` (uuid, number or reference) links the new ticket to a CLOSED ticket the caller
 *   may see, its `followUpOf` (400 on the field otherwise).
 * - SLA targets are armed after the commit, by the SLA module's subscriber of `ticket.created`
 *   (modules/sla): the new ticket has none yet.
 * - Writes CREATED (and ASSIGNED, internal) activity in the same transaction.
 * - `options.uploads` (multipart): files on the ticket itself, checked by content and stored
 *   before the transaction, recorded in it with ATTACHMENT_ADDED rows (attachments.service.ts).
 * @throws ForbiddenError, ValidationError (with the field at fault); 415 and 422 for a file.
 */
export async function createTicket(
  deps: TicketsDeps,
  principal: Principal,
  input: CreateTicketInput,
  options: CreateTicketOptions = {},
): Promise<AnyTicket> {
  const { prisma } = deps;
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
  // Custom fields against the organization's definitions (custom-fields module).
  const fields = await checkNewTicketCustomFields(prisma, principal, input.customFields);
  input = { ...input, customFields: fields.values };
  // Files (multipart) are checked and stored before the transaction, recorded inside it.
  let prepared: PreparedAttachment[] = [];
  if (options.uploads?.length) {
    if (!deps.attachments) throw new Error('attachments are not configured');
    prepared = await deps.attachments.prepare(options.uploads);
  }
  const intake = deps.attachments;
  const { recordAnswer } = options;
  if (recordAnswer) {
    // An answer to record with the ticket: the create and the answer in one transaction.
    return prisma.$transaction(async (tx) => {
      const row =
        prepared.length && intake
          ? await insertTicketWithFiles(tx, intake, principal, input, prepared, options)
          : await insertTicket(tx, principal, input, { ...options, route: deps.routeNewTicket });
      const ticket = presentTicket(row, principal, fields.visibleKeys);
      await recordAnswer(tx, ticket);
      return ticket;
    });
  }
  if (prepared.length === 0 || !intake) {
    // Without files, the create is one statement (insertTicket with the app's client): the
    // checks read first, then the number, ticket, activity and events commit together.
    const created = await insertTicket(prisma, principal, input, {
      ...options,
      route: deps.routeNewTicket,
    });
    return presentTicket(created, principal, fields.visibleKeys);
  }
  const row = await prisma.$transaction((tx) =>
    insertTicketWithFiles(tx, intake, principal, input, prepared, options),
  );
  return presentTicket(row, principal, fields.visibleKeys);
}

/**
 * A new ticket and its files in the caller's transaction `tx`: insertTicket with `ticket.created`
 * deferred, the files' rows and ATTACHMENT_ADDED activity (after CREATED and ASSIGNED on the
 * timeline), then `ticket.created` listing them and one `attachment.added` per file. Shared by
 * `createTicket` and the inbound mail pipeline. @returns the complete ticket row.
 */
export async function insertTicketWithFiles(
  tx: Prisma.TransactionClient,
  intake: AttachmentIntake,
  principal: Principal,
  input: CreateTicketInput,
  prepared: readonly PreparedAttachment[],
  options: { channel?: TicketChannel; now?: Date; actor?: Actor },
): Promise<TicketRow> {
  const actor: Actor = options.actor ?? principal;
  const created = await insertTicket(tx, principal, input, { ...options, deferCreatedEvent: true });
  const target = {
    organizationId: principal.organizationId,
    ticketId: created.id,
    responseId: null,
    isInternal: false,
    uploadedById: actor.kind === 'user' ? actor.id : null,
    actor,
    // After CREATED (and ASSIGNED), so that the timeline keeps the order.
    now: new Date(created.createdAt.getTime() + 2),
  };
  const files = await intake.record(tx, target, prepared, { emitEvents: false });
  const complete = await findTicketWithRelations(tx, created.id);
  if (!complete) throw new NotFoundError('Ticket');
  await emitTicketCreated(tx, actor, complete, created.createdAt);
  await intake.emitAddedEvents(tx, target, files);
  return complete;
}

/** How insertTicket makes a ticket (createTicket's options and the callers' own). */
export interface InsertTicketOptions {
  channel?: TicketChannel;
  now?: Date;
  originChatId?: string;
  /** The caller emits `ticket.created` itself, once the ticket is complete (from a chat). */
  deferCreatedEvent?: boolean;
  /**
   * Who the activity and the events name, when not `principal` (a mail's sender: the
   * requester's user, or the system under the sender's name); `principal` still decides the checks.
   */
  actor?: Actor;
  /**
   * Routing as the ticket is created (TicketsDeps `routeNewTicket`): asked for a ticket put in
   * a group without an assignee. Only where the insert is the whole change (createTicket
   * without files): elsewhere the `routing` subscriber places the ticket after the commit.
   */
  route?: NewTicketRouter;
}

/**
 * The create path, shared by `createTicket` and chats/ticket-from-chat.ts so that every ticket gets its
 * number the same gap-free way: validates category, requester and assignee (400 naming each
 * field), then in one statement takes the next number from the organization's counter (the
 * row lock serializes concurrent creates; a rolled-back transaction gives its number back),
 * inserts the ticket (with `originChatId` when made from a chat), writes CREATED (+ ASSIGNED,
 * internal) and, unless deferred, `ticket.created` (+ `ticket.assigned`). `db` is a
 * transaction client, or the app's client when that statement is all the change.
 * Role rules are the caller's job. A route's hold on the member it chose is released once the
 * insert has committed or failed (NewTicketRoute `release`). @returns the ticket row with
 * `ticketInclude`. @throws ValidationError; Prisma P2002 when `originChatId` already has a ticket.
 */
export async function insertTicket(
  db: Db,
  principal: Principal,
  input: CreateTicketInput,
  options: InsertTicketOptions,
): Promise<TicketRow> {
  const priority: TicketPriority = input.priority ?? 'MEDIUM';
  const tags = [...new Set(input.tags ?? [])];
  const checked = await checkNewTicket(db, principal, input, {
    route: options.route,
    priority,
    tags,
  });
  const { routed } = checked;
  try {
    return await insertCheckedTicket(db, principal, input, options, checked, priority, tags);
  } finally {
    routed?.release?.();
  }
}

/** insertTicket's insert, once its parties are `checked`. */
async function insertCheckedTicket(
  db: Db,
  principal: Principal,
  input: CreateTicketInput,
  options: InsertTicketOptions,
  checked: NewTicketParties,
  priority: TicketPriority,
  tags: string[],
): Promise<TicketRow> {
  const organizationId = principal.organizationId;
  const actor: Actor = options.actor ?? principal;
  const now = options.now ?? new Date();
  const { category, followUpOf, requester, group, routed } = checked;
  const assignee = checked.assignee ?? routed?.assignee ?? null;
  /** Who the assignment names, and why: routing, or whoever created the ticket with an assignee. */
  const assignedBy: Actor = routed?.actor ?? actor;
  const assignReason = routed?.reason ?? null;
  const channel = options.channel ?? channelOf(principal);
  const ticketId = newRowId();
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
    tags,
    channel,
    requesterId: requester.id,
    requesterName: requester.name,
    requesterEmail: requester.email.toLowerCase(),
    assigneeId: assignee?.id ?? null,
    groupId: group?.id ?? null,
    originChatId: options.originChatId ?? null,
    followUpOfId: followUpOf?.id ?? null,
    mergedIntoId: null,
    resolutionNote: null,
    staffActivityAt: null,
    customFields: jsonbOrder(input.customFields ?? {}) as Prisma.JsonValue,
    metadata: jsonbOrder(input.metadata ?? {}) as Prisma.JsonValue,
    externalRefs: jsonbOrder(input.externalRefs ?? {}) as Prisma.JsonValue,
    sessionMode: null,
    sessionScheduledAt: null,
    sessionDurationMinutes: null,
    sessionMeetingLink: null,
    sessionRecurrence: null,
    firstResponseDueAt: null,
    resolutionDueAt: null,
    slaPolicyId: null,
    slaDueAt: null,
    slaMetric: null,
    slaWarnAt: null,
    firstRespondedAt: null,
    // The requester's own ticket (portal, email, chat) is customer activity: unread for its
    // assignee until opened (docs/product.md "Unread markers"; the trigger of migration
    // …_customer_activity does the same for any other insert).
    customerActivityAt:
      channel === 'portal' || channel === 'email' || channel === 'chat' ? now : null,
    statusChangedAt: now,
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
    group,
    chatLinks: [],
    followUpOf,
    mergedInto: null,
    attachments: [],
    // No SLA yet: the `sla` subscriber arms its targets after the commit.
    slaPolicy: null,
    slaTargets: [],
  };
  // `ticket.created`, then `ticket.assigned` when created with an assignee.
  const events: NewTicketEvent[] = options.deferCreatedEvent
    ? []
    : [
        { type: 'ticket.created', actor, data: {}, at: now },
        ...(assignee
          ? [
              {
                type: 'ticket.assigned' as const,
                actor: assignedBy,
                data: {
                  change: 'assigned' as const,
                  previousAssignee: null,
                  assignee,
                  reason: assignReason,
                },
                at: now,
              },
            ]
          : []),
      ];
  // The number, the ticket, its CREATED (+ ASSIGNED) activity and its events in one statement
  // (ticket-writes.repository.ts insertNumberedTicket): the organization's counter stays locked until the
  // transaction ends, and every round trip made meanwhile is waited for by every concurrent
  // create (bench/ measured it). With `db` the app's client, that statement is the transaction.
  const inserted = await insertNumberedTicket(
    db,
    values,
    [
      activityRow(actor, {
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
            activityRow(assignedBy, {
              organizationId,
              ticketId,
              type: 'ASSIGNED',
              before: { assignee: null },
              after: { assignee },
              reason: assignReason,
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
  if (!inserted) throw new NotFoundError('Organization');
  return { ...inserted, ...relations };
}

/**
 * What checkNewTicket finds for a new ticket: its category, followed ticket, requester, assignee,
 * group and, for an unassigned ticket of a routed group, the assignee routing gives it.
 */
interface NewTicketParties {
  category: { id: string; name: string } | null;
  followUpOf: { id: string; number: number; requesterId: string | null } | null;
  requester: { id: string | null; name: string; email: string };
  assignee: { id: string; name: string } | null;
  group: TicketGroup | null;
  routed: NewTicketRoute | null;
}

/**
 * The checks of a new ticket's references, all made before any is reported:
 * - `category`: one of the organization's active categories, by name in any case;
 * - `followUpOf`: a CLOSED ticket the caller may see (the product's "Ticket" rule: CLOSED is
 *   final; a follow-up is a new ticket linked to the old one);
 * - the requester: the caller (customers, and staff naming nobody — an API key must name
 *   someone), `requesterId` (an active user of the organization), or `requesterEmail` (the
 *   organization's user with that email if there is one, else a guest named `requesterName`);
 * - `assigneeId`: an active agent or admin of the organization;
 * - `groupId` (staff only): a group of the organization the caller may see (ticket-groups.ts);
 *   staff restricted to groups default to their first group; the assignee must be a member.
 *   Without an assignee and with `routing.route`, the group is read by the router, which gives
 *   its member for the ticket in the same read (NewTicketRouter).
 * @throws ValidationError naming each field at fault; ConflictError `assignee_not_in_group`
 */
async function checkNewTicket(
  db: Db,
  principal: Principal,
  input: CreateTicketInput,
  routing: { route: NewTicketRouter | undefined; priority: TicketPriority; tags: string[] },
): Promise<NewTicketParties> {
  const organizationId = principal.organizationId;
  const errors: FieldError[] = [];

  let category: NewTicketParties['category'] = null;
  if (input.category) {
    category = await findActiveCategoryByName(db, organizationId, input.category);
    if (!category)
      errors.push({ path: 'category', message: `unknown category "${input.category}"` });
  }

  // A follow-up continues a CLOSED ticket the caller may see (docs/product.md "Ticket": CLOSED is
  // final; a follow-up is a new ticket linked to the old one). Anything else is a 400 on the
  // field, the same for a ticket that does not exist and one the caller may not see.
  let followUpOf: NewTicketParties['followUpOf'] = null;
  if (input.followUpOf) {
    const key = ticketKey(input.followUpOf);
    const followed = key
      ? await findTicketSummary(db, { ...visibleTicketsWhere(principal), ...key })
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

  let requester: NewTicketParties['requester'];
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
    const user = await findActiveUserInOrganization(db, organizationId, input.requesterId);
    if (user) requester = user;
    else {
      errors.push({ path: 'requesterId', message: 'no such user in this organization' });
      requester = { id: null, name: '', email: '' };
    }
  } else {
    const email = input.requesterEmail!.toLowerCase();
    const user = await findUserByEmailInOrganization(db, organizationId, email);
    requester = user ?? { id: null, name: input.requesterName ?? email, email };
  }

  let assignee: NewTicketParties['assignee'] = null;
  if (input.assigneeId) {
    assignee = await findAssignableAgent(db, organizationId, input.assigneeId);
    if (!assignee) {
      errors.push({ path: 'assigneeId', message: 'no such agent in this organization' });
    }
  }
  // The group, read by routing with the member it gives the ticket when routing may place it.
  const { route } = routing;
  const find: GroupFinder<TicketGroup & { routed?: NewTicketRoute | null }> =
    route && !input.assigneeId
      ? async (groupId) => {
          const found = await route(db, {
            organizationId,
            groupId,
            categoryId: category?.id ?? null,
            tags: routing.tags,
            priority: routing.priority,
          });
          return found && { ...found.group, routed: found.route };
        }
      : organizationGroupFinder(db, principal);
  let found: Awaited<ReturnType<typeof find>> = null;
  if (input.groupId !== undefined && !isStaff(principal)) {
    errors.push({ path: 'groupId', message: 'for agents and admins only' });
  } else if (input.groupId !== undefined) {
    found = await resolveTicketGroup(principal, input.groupId, 'groupId', errors, find);
  } else if (isStaff(principal)) {
    found = await defaultTicketGroup(principal, find);
    if (!found && principal.groupIds) {
      // Restricted to groups and in none: the ticket would vanish from their sight.
      errors.push({
        path: 'groupId',
        message: 'you see only your groups’ tickets and are in none',
      });
    }
  }
  if (errors.length) {
    found?.routed?.release?.();
    throw new ValidationError('Some fields are invalid', errors);
  }
  const group = found && { id: found.id, name: found.name };
  await checkAssigneeInGroup(db, group, assignee);
  return { category, followUpOf, requester, assignee, group, routed: found?.routed ?? null };
}
