/**
 * Turns ticket rows into the API's ticket shapes, by who is looking (API.md "Ticket"):
 * agents, admins and API keys get the full ticket; the requester (a customer) gets the
 * CustomerTicket whitelist, with `assignee` reduced to `{assigned}`.
 */
import { formatTicketReference } from '../../lib/domain.js';
import { isStaff } from '../../lib/principal.js';
/** What a ticket query must include for the presenter. */
export const ticketInclude = {
  category: { select: { name: true } },
  assignee: { select: { id: true, name: true } },
  chatLinks: { select: { chatId: true }, orderBy: { createdAt: 'asc' } },
};
const iso = (d) => (d ? d.toISOString() : null);
const asObject = (v) => (v && typeof v === 'object' && !Array.isArray(v) ? v : {});
/** The full ticket, for agents, admins and API keys. */
export function toTicket(row) {
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
    organizationId: row.organizationId,
    originChatId: row.originChatId,
    linkedChatIds: row.chatLinks.map((l) => l.chatId),
    customFields: asObject(row.customFields),
    metadata: asObject(row.metadata),
    externalRefs: asObject(row.externalRefs),
    session:
      row.sessionMode && row.sessionScheduledAt
        ? {
            mode: row.sessionMode,
            scheduledAt: row.sessionScheduledAt.toISOString(),
            durationMinutes: row.sessionDurationMinutes,
            meetingLink: row.sessionMeetingLink,
          }
        : null,
    firstResponseDueAt: iso(row.firstResponseDueAt),
    resolutionDueAt: iso(row.resolutionDueAt),
    firstRespondedAt: iso(row.firstRespondedAt),
    resolvedAt: iso(row.resolvedAt),
    closedAt: iso(row.closedAt),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}
/** The requester's view: no SLA dates, metadata, custom fields, chats or assignee identity. */
export function toCustomerTicket(row) {
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
    externalRefs: t.externalRefs,
    session: t.session,
    resolvedAt: t.resolvedAt,
    closedAt: t.closedAt,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
    version: t.version,
  };
}
/** The view the principal may see. */
export function presentTicket(row, viewer) {
  return isStaff(viewer) ? toTicket(row) : toCustomerTicket(row);
}
//# sourceMappingURL=tickets.presenter.js.map
