/**
 * Turns ticket rows into the API's ticket shapes, by who is looking (docs/api.md "Ticket"):
 * agents, admins and API keys get the full ticket; the requester (a customer) gets the
 * CustomerTicket whitelist, with `assignee` reduced to `{assigned}`.
 */
import { formatTicketReference } from '../../lib/domain.js';
import { isoInstant, isoInstantOrNull } from '../../lib/iso-instant.js';
import { attachmentInclude, presentAttachment } from '../attachments/index.js';
import type { Prisma } from '../../lib/db.js';
import { isStaff, type Principal } from '../../lib/principal.js';
import { customerVisibleValues } from '../custom-fields/index.js';
import type { AnyTicket, CustomerTicket, Ticket } from './tickets.schemas.js';
import { presentTicketSla, SLA_TARGET_SELECT } from './ticket-sla.js';
import { presentRecurrence } from './session-recurrence.js';

/** What a ticket query must include for the presenter. */
export const ticketInclude = {
  category: { select: { name: true } },
  assignee: { select: { id: true, name: true } },
  group: { select: { id: true, name: true } },
  chatLinks: { select: { chatId: true }, orderBy: { createdAt: 'asc' } },
  followUpOf: { select: { id: true, number: true, requesterId: true } },
  mergedInto: { select: { id: true, number: true } },
  // The ticket's own files (made with it or added later); a response's files are on the response.
  attachments: { ...attachmentInclude, where: { deletedAt: null, responseId: null } },
  // The SLA policy applied, with its schedule, and every target (ticket-sla.ts presents them).
  slaPolicy: {
    select: {
      id: true,
      name: true,
      businessHours: { select: { timeZone: true, intervals: true, holidays: true } },
    },
  },
  slaTargets: { select: SLA_TARGET_SELECT, orderBy: [{ metric: 'asc' }, { cycle: 'asc' }] },
} satisfies Prisma.TicketInclude;

export type TicketRow = Prisma.TicketGetPayload<{ include: typeof ticketInclude }> & {
  /** Staff reads only: the viewer's unread marker (ticket-list.repository.ts), when computed. */
  unread?: boolean;
  /**
   * Single-ticket answers of a recurring session: the start of its next occurrence neither
   * cancelled nor over (null: none left), when loaded (ticket-sessions.ts withNextOccurrence).
   */
  nextSessionOccurrence?: Date | null;
};

const asObject = (v: Prisma.JsonValue): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** The full ticket, for agents, admins and API keys. */
export function toTicket(row: TicketRow): Ticket {
  return {
    id: row.id,
    number: row.number,
    reference: formatTicketReference(row.number),
    subject: row.subject,
    description: row.description,
    status: row.status,
    priority: row.priority,
    category: row.category?.name ?? null,
    tags: row.tags,
    channel: row.channel,
    requester: { id: row.requesterId, name: row.requesterName, email: row.requesterEmail },
    assignee: row.assignee ? { id: row.assignee.id, name: row.assignee.name } : null,
    group: row.group ? { id: row.group.id, name: row.group.name } : null,
    organizationId: row.organizationId,
    originChatId: row.originChatId,
    linkedChatIds: row.chatLinks.map((l) => l.chatId),
    attachments: row.attachments.map(presentAttachment),
    followUpOf: row.followUpOf
      ? { id: row.followUpOf.id, reference: formatTicketReference(row.followUpOf.number) }
      : null,
    mergedInto: row.mergedInto
      ? { id: row.mergedInto.id, reference: formatTicketReference(row.mergedInto.number) }
      : null,
    resolutionNote: row.resolutionNote,
    customFields: asObject(row.customFields),
    metadata: asObject(row.metadata),
    externalRefs: asObject(row.externalRefs),
    session:
      row.sessionMode && row.sessionScheduledAt
        ? {
            mode: row.sessionMode,
            scheduledAt: isoInstant(row.sessionScheduledAt),
            durationMinutes: row.sessionDurationMinutes,
            meetingLink: row.sessionMeetingLink,
            recurrence: presentRecurrence(row.sessionRecurrence),
            ...(row.nextSessionOccurrence !== undefined
              ? { nextOccurrence: isoInstantOrNull(row.nextSessionOccurrence) }
              : {}),
          }
        : null,
    firstResponseDueAt: isoInstantOrNull(row.firstResponseDueAt),
    resolutionDueAt: isoInstantOrNull(row.resolutionDueAt),
    sla: presentTicketSla(row),
    firstRespondedAt: isoInstantOrNull(row.firstRespondedAt),
    resolvedAt: isoInstantOrNull(row.resolvedAt),
    closedAt: isoInstantOrNull(row.closedAt),
    createdAt: isoInstant(row.createdAt),
    updatedAt: isoInstant(row.updatedAt),
    version: row.version,
    ...(row.unread !== undefined ? { unread: row.unread } : {}),
  };
}

/**
 * The requester's view: no SLA dates, metadata, chats or assignee identity; the
 * followed-up ticket only when it is theirs too; of the custom fields only those whose keys are in
 * `visibleCustomFields` (the customer-visible ones; none when absent).
 */
export function toCustomerTicket(
  row: TicketRow,
  visibleCustomFields?: ReadonlySet<string>,
): CustomerTicket {
  const t = toTicket(row);
  return {
    id: t.id,
    number: t.number,
    reference: t.reference,
    subject: t.subject,
    description: t.description,
    status: t.status,
    priority: t.priority,
    category: t.category,
    channel: t.channel,
    requester: t.requester,
    assignee: { assigned: row.assigneeId !== null },
    organizationId: t.organizationId,
    // The ticket's own files are public (internal files live on internal notes).
    attachments: t.attachments,
    // Only a link to the requester's own ticket: staff may file a follow-up of someone else's.
    followUpOf:
      row.followUpOf && row.followUpOf.requesterId === row.requesterId ? t.followUpOf : null,
    // Where the conversation went on: its reference is shown, the ticket itself stays the
    // target requester's (docs/product.md "Merge and links").
    mergedInto: t.mergedInto,
    resolutionNote: t.resolutionNote,
    ...(row.unread !== undefined ? { unread: row.unread } : {}),
    externalRefs: t.externalRefs,
    customFields: customerVisibleValues(row.customFields, visibleCustomFields),
    session: t.session,
    resolvedAt: t.resolvedAt,
    closedAt: t.closedAt,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
    version: t.version,
  };
}

/**
 * The view the principal may see; a customer's shows the custom fields whose keys are in
 * `visibleCustomFields` (custom-fields module customerVisibleFieldKeys), none without it.
 */
export function presentTicket(
  row: TicketRow,
  viewer: Principal,
  visibleCustomFields?: ReadonlySet<string>,
): AnyTicket {
  return isStaff(viewer) ? toTicket(row) : toCustomerTicket(row, visibleCustomFields);
}
