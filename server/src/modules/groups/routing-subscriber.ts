/**
 * The `routing` event subscriber (queued; modules/events/README.md "Subscribing"): places
 * tickets after the change that queued them has committed and after the rules have run on it
 * (`after: ['rules']`, docs: DECISIONS "Routing runs after the rule chain for an event has
 * settled"), off the request path, in each ticket's order. What moves a queue:
 * - a ticket created, changed (its group, its status) or unassigned: its group's queue;
 * - capacity freed (a ticket RESOLVED, CLOSED, deleted or taken from its assignee): the queues
 *   of the groups of the assignee who had it;
 * - `routing.requested` (an agent back or away, a deactivation, a group's members, capacity or
 *   mode changed): the groups it names, after sending back an away agent's tickets.
 * Each queue is read through an index (tickets by group and assignee), never by scanning tickets.
 */
import type { Prisma } from '../../lib/db.js';
import type { DomainEvent, EventType, QueuedEventSubscriber } from '../events/index.js';
import { findGroupIdsOfUser, hasRoutedGroup } from './groups.repository.js';
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
    after: options.after ?? ['rules'],
    maxAttempts: 10,
    handle: (event, { tx }) => handleRoutingEvent(tx, event, clock()),
  };
}

const DONE = new Set(['RESOLVED', 'CLOSED']);

/** The queues an event may move (see the file's comment), each drained in id order. */
export async function handleRoutingEvent(
  tx: Prisma.TransactionClient,
  event: DomainEvent,
  now: Date,
): Promise<void> {
  const groups = new Set<string>();
  if (event.type === 'routing.requested') {
    const { data } = event as DomainEvent<'routing.requested'>;
    for (const id of data.groupIds) groups.add(id);
    const member = data.member;
    if (member?.availability === 'away') {
      for (const id of await returnTicketsOf(tx, event.organizationId, member.userId, now)) {
        groups.add(id);
      }
    } else if (member) {
      for (const id of await findGroupIdsOfUser(tx, member.userId, true)) groups.add(id);
    }
  } else {
    if (!(await hasRoutedGroup(tx, event.organizationId))) return;
    const data = (event as DomainEvent<'ticket.updated'>).data;
    const ticket = data.ticket;
    if (ticket.group) groups.add(ticket.group.id);
    const freed: string[] = [];
    if (event.type === 'ticket.assigned') {
      const assigned = (event as DomainEvent<'ticket.assigned'>).data;
      if (assigned.previousAssignee) freed.push(assigned.previousAssignee.id);
    }
    const done =
      (event.type === 'ticket.status_changed' && DONE.has(ticket.status)) ||
      event.type === 'ticket.deleted';
    if (done && ticket.assignee) freed.push(ticket.assignee.id);
    for (const userId of freed) {
      for (const id of await findGroupIdsOfUser(tx, userId, true)) groups.add(id);
    }
  }
  for (const groupId of [...groups].sort()) await drainGroup(tx, groupId, now);
}
