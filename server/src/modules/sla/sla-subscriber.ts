/**
 * The `sla` event subscriber (queued; modules/events/README.md "Subscribing"): moves a ticket's
 * SLA clocks (sla-clock.ts) after each change of the ticket, off the request path, in the
 * transaction that marks the event handled — so each event moves the clocks exactly once, in the
 * ticket's order, at the event's time however late it is handled (docs/product.md "SLA").
 */
import type { Prisma } from '../../lib/db.js';
import type { DomainEvent, EventType, QueuedEventSubscriber } from '../events/index.js';
import { applySlaEvent, ticketSlaColumns, type AppliedPolicy, type SlaEvent } from './sla-clock.js';
import { appliedPolicy, choosePolicy } from './sla-policies.js';
import {
  lockTicketClocks,
  saveSlaTargets,
  type SlaPolicyRow,
  type SlaTicketRow,
} from './sla.repository.js';

/** The events that move SLA clocks. */
export const SLA_EVENT_TYPES = [
  'ticket.created',
  'ticket.updated',
  'ticket.status_changed',
  'ticket.response_added',
] as const satisfies readonly EventType[];

/** `ticket.updated` changes that choose the policy again. */
const POLICY_FIELDS = ['priority', 'category', 'tags', 'channel'];

/** The subscriber to register with `app.events.subscribe` (plugins/sla.ts). */
export function createSlaSubscriber(): QueuedEventSubscriber {
  return {
    name: 'sla',
    mode: 'queued',
    types: SLA_EVENT_TYPES,
    maxAttempts: 10,
    handle: (event, { tx }) => handleSlaEvent(tx, event),
  };
}

/**
 * What `event` means for the clocks of `ticket` (null: nothing): created → arm under the policy
 * chosen now; a policy field changed → choose again; a status change; a public reply of a person
 * on the staff (authorType AGENT) or of the customer side (CUSTOMER, EMAIL). Internal notes and
 * automatic (SYSTEM) replies move nothing.
 */
function slaEventOf(
  event: DomainEvent,
  ticket: SlaTicketRow,
  policies: readonly SlaPolicyRow[],
): { event: SlaEvent; chosen?: AppliedPolicy | null } | null {
  const at = new Date(event.timestamp);
  const staffHasReplied = ticket.firstRespondedAt !== null && ticket.firstRespondedAt <= at;
  const chosen = () => {
    const row = choosePolicy(policies, ticket);
    return row ? appliedPolicy(row) : null;
  };
  switch (event.type) {
    case 'ticket.created': {
      const data = event.data as DomainEvent<'ticket.created'>['data'];
      return { event: { kind: 'created', at, status: data.ticket.status }, chosen: chosen() };
    }
    case 'ticket.updated': {
      const data = event.data as DomainEvent<'ticket.updated'>['data'];
      if (!Object.keys(data.changes).some((field) => POLICY_FIELDS.includes(field))) return null;
      const policy = chosen();
      if ((policy?.id ?? null) === ticket.slaPolicyId) return null;
      return {
        event: { kind: 'policy', at, status: ticket.status, staffHasReplied, policy },
      };
    }
    case 'ticket.status_changed': {
      const data = event.data as DomainEvent<'ticket.status_changed'>['data'];
      return { event: { kind: 'status', at, from: data.previousStatus, to: data.status } };
    }
    case 'ticket.response_added': {
      const data = event.data as DomainEvent<'ticket.response_added'>['data'];
      if (data.isInternal) return null;
      if (data.response.authorType === 'AGENT') return { event: { kind: 'staff_reply', at } };
      if (data.response.authorType === 'CUSTOMER' || data.response.authorType === 'EMAIL') {
        const status = data.ticket.status;
        return { event: { kind: 'customer_reply', at, status, staffHasReplied } };
      }
      return null;
    }
    default:
      return null;
  }
}

/**
 * Handles one event for the `sla` subscriber in `tx`: locks the ticket (the lock every writer of
 * its targets takes first), applies the event to its targets and saves them with the ticket's
 * summary columns, and tells the live dashboards (`ticket.sla_updated`, staff only). A ticket
 * without policy or target costs three small reads.
 */
export async function handleSlaEvent(
  tx: Prisma.TransactionClient,
  event: DomainEvent,
): Promise<void> {
  const ticketId = (event.data as { ticket?: { id: string } }).ticket?.id;
  if (!ticketId) return;
  const clocks = await lockTicketClocks(tx, ticketId);
  if (!clocks) return;
  const { ticket, targets, policies } = clocks;
  if (!policies.length && !targets.length) return;
  const found = slaEventOf(event, ticket, policies);
  if (!found) return;
  const current = clocks.policy ? appliedPolicy(clocks.policy) : null;
  const after =
    found.event.kind === 'created'
      ? applySlaEvent(targets, found.chosen ?? null, found.event)
      : applySlaEvent(targets, current, found.event);
  const changed = targets.some((t) => t.changed || t.removed || !t.id);
  if (!changed && (after?.id ?? null) === ticket.slaPolicyId) return;
  // The dashboards showing the ticket refetch it (an internal notice: staff only), at the commit.
  await saveSlaTargets(tx, ticket, targets, ticketSlaColumns(targets, after), found.event.at, {
    type: 'ticket.sla_updated',
    organizationId: ticket.organizationId,
    ticketId: ticket.id,
    isInternal: true,
    actorId: null,
    at: new Date().toISOString(),
  });
}
