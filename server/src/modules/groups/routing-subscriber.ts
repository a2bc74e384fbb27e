/**
 * The `routing` event subscriber (queued; modules/events/README.md "Subscribing"): places
 * tickets after the change that queued them has committed and after the rules have run on it
 * (`after: ['rules', 'sla']`, docs: DECISIONS "Routing runs after the rule chain for an event has
 * settled"; the SLA subscriber's update of a new ticket goes first too), off the request path,
 * in each ticket's order. What moves a queue:
 * - a ticket created, changed (its group, its status) or unassigned: its group's queue;
 * - capacity freed (a ticket RESOLVED, CLOSED, deleted or taken from its assignee): the queues
 *   of the groups of the assignee who had it;
 * - `routing.requested` (an agent back or away, a deactivation, a group's members, capacity or
 *   mode changed): the groups it names, after sending back an away agent's tickets.
 * Each queue is read through an index (tickets by group and assignee), never by scanning tickets.
 */
import type { Prisma } from '../../lib/db.js';
import type { DomainEvent, EventType, QueuedEventSubscriber } from '../events/index.js';
import { findGroupIdsOfUser } from './groups.repository.js';
import { drainGroup, returnTicketsOf } from './routing.js';

/** The events routing hears. */
export const ROUTING_EVENT_TYPES = [
  'ticket.created',
  'ticket.updated',
  'ticket.status_changed',
  'ticket.assigned',
  'ticket.deleted',
  'ticket.restored',
  'routing.requested',
] as const satisfies readonly EventType[];

/** The subscriber to register with `app.events.subscribe`, after the `rules` one (plugins/groups.ts). */
export function createRoutingSubscriber(
  clock: () => Date = () => new Date(),
  options: { after?: readonly string[] } = {},
): QueuedEventSubscriber {
  return {
    name: 'routing',
    mode: 'queued',
    types: ROUTING_EVENT_TYPES,
    // After the rules (they may move or assign the ticket) and after the SLA subscriber, which
    // updates a new ticket's row as it arms its targets: the drain reads its queue with SKIP
    // LOCKED, so a ticket locked by that update at the same moment would be skipped and wait
    // for the next event of its group.
    after: options.after ?? ['rules', 'sla'],
    accepts: (event) => routingNeeds(event) !== null,
    maxAttempts: 10,
    handle: (event, { tx }) => handleRoutingEvent(tx, event, clock()),
  };
}

const DONE = new Set(['RESOLVED', 'CLOSED']);

/** What an event asks of routing: the queues it may move, directly and through freed capacity. */
interface RoutingNeeds {
  /** Groups whose queue may have a ticket now. */
  groupIds: string[];
  /** Members who may have room now: their routed groups' queues may move. */
  freedUserIds: string[];
  /** A member away (their tickets of returnOnAway groups go back) or back. */
  member: { userId: string; availability: 'available' | 'away' } | null;
}

/**
 * What `event` asks of routing, read from the event alone (so that the dispatcher writes no row
 * for the others); null when nothing: a ticket queued (in a group, unassigned, open) by its
 * creation, a move, an unassignment, a reopening or a restore; capacity freed by a resolution, a
 * closure, a deletion or a reassignment; and every `routing.requested`.
 */
export function routingNeeds(event: DomainEvent): RoutingNeeds | null {
  if (event.type === 'routing.requested') {
    const data = (event as DomainEvent<'routing.requested'>).data;
    return { groupIds: data.groupIds, freedUserIds: [], member: data.member };
  }
  const data = (event as DomainEvent<'ticket.updated'>).data;
  const ticket = data?.ticket;
  if (!ticket) return null;
  const queued = ticket.group && !ticket.assignee && !DONE.has(ticket.status);
  const groupIds: string[] = [];
  const freedUserIds: string[] = [];
  switch (event.type) {
    case 'ticket.created':
    case 'ticket.restored':
    case 'ticket.status_changed':
      if (queued) groupIds.push(ticket.group!.id);
      if (event.type === 'ticket.status_changed' && DONE.has(ticket.status) && ticket.assignee) {
        freedUserIds.push(ticket.assignee.id);
      }
      break;
    case 'ticket.updated':
      if (queued && data.changes.group) groupIds.push(ticket.group!.id);
      break;
    case 'ticket.assigned': {
      const assigned = (event as DomainEvent<'ticket.assigned'>).data;
      if (queued) groupIds.push(ticket.group!.id);
      if (assigned.previousAssignee && !DONE.has(ticket.status)) {
        freedUserIds.push(assigned.previousAssignee.id);
      }
      break;
    }
    case 'ticket.deleted':
      if (ticket.assignee && !DONE.has(ticket.status)) freedUserIds.push(ticket.assignee.id);
      break;
  }
  return groupIds.length || freedUserIds.length ? { groupIds, freedUserIds, member: null } : null;
}

/** The queues an event may move (routingNeeds), each drained in id order. */
export async function handleRoutingEvent(
  tx: Prisma.TransactionClient,
  event: DomainEvent,
  now: Date,
): Promise<void> {
  const needs = routingNeeds(event);
  if (!needs) return;
  const groups = new Set(needs.groupIds);
  const member = needs.member;
  if (member?.availability === 'away') {
    for (const id of await returnTicketsOf(tx, event.organizationId, member.userId, now)) {
      groups.add(id);
    }
  } else if (member) {
    for (const id of await findGroupIdsOfUser(tx, member.userId, true)) groups.add(id);
  }
  for (const userId of needs.freedUserIds) {
    for (const id of await findGroupIdsOfUser(tx, userId, true)) groups.add(id);
  }
  for (const groupId of [...groups].sort()) await drainGroup(tx, groupId, now);
}
