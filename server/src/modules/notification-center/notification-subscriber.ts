/**
 * The `notification-center` event subscriber (queued; modules/events/README.md "Subscribing"):
 * writes the agents' in-app notifications off the request path, once the change has committed,
 * and pushes each one live to its recipient's open dashboards (modules/live, a user notice sent
 * at the commit of the same transaction). Who is told (docs/product.md "In-app notifications"):
 * - `ticket.assigned` with a new assignee → that assignee (`assigned`), unless they assigned
 *   themselves (a claim, or their own PATCH);
 * - `ticket.response_added`, an internal note by staff → each active staff member of the
 *   organization it @mentions (mentions.ts), the author left out (`mentioned`);
 * - `ticket.response_added`, a public reply from the customer's side (portal, tracker: CUSTOMER;
 *   email: EMAIL) → the ticket's assignee (`customer_replied`).
 * Nobody is told of a ticket they may not see: a restricted agent outside the ticket's group, a
 * deactivated user, a deleted ticket (notification-center.repository.ts insertVisibleNotifications).
 */
import type { Prisma } from '../../lib/db.js';
import type { DomainEvent, QueuedEventSubscriber } from '../events/index.js';
import type { UserNotice } from '../live/index.js';
import { excerptOf, findMentions } from './mentions.js';
import {
  findActiveStaffNames,
  insertVisibleNotifications,
  type NewNotification,
} from './notification-center.repository.js';
import { newRowId } from '../../lib/row-id.js';

/** The events that may notify someone. */
const NOTIFYING_EVENT_TYPES = ['ticket.assigned', 'ticket.response_added'] as const;

const fromCustomerSide = (authorType: string) =>
  authorType === 'CUSTOMER' || authorType === 'EMAIL';

/** Whether `event` may notify anyone, from the event alone (others cost no outbox row). */
export function mayNotify(event: DomainEvent): boolean {
  if (event.type === 'ticket.assigned') {
    const data = (event as DomainEvent<'ticket.assigned'>).data;
    return data.assignee !== null && data.assignee.id !== data.actor.id;
  }
  if (event.type === 'ticket.response_added') {
    const { response, ticket } = (event as DomainEvent<'ticket.response_added'>).data;
    if (response.isInternal)
      return response.authorType === 'AGENT' && response.content.includes('@');
    return fromCustomerSide(response.authorType) && ticket.assignee !== null;
  }
  return false;
}

/** The notifications `event` calls for, before the visibility check. */
async function plannedNotifications(
  tx: Prisma.TransactionClient,
  event: DomainEvent,
): Promise<NewNotification[]> {
  const base = { organizationId: event.organizationId };
  if (event.type === 'ticket.assigned') {
    const data = (event as DomainEvent<'ticket.assigned'>).data;
    if (!data.assignee || data.assignee.id === data.actor.id) return [];
    return [
      {
        ...base,
        userId: data.assignee.id,
        type: 'assigned',
        ticketId: data.ticket.id,
        actorName: data.actor.name,
        excerpt: data.reason ? excerptOf(data.reason) : null,
      },
    ];
  }
  if (event.type !== 'ticket.response_added') return [];
  const { response, ticket, actor } = (event as DomainEvent<'ticket.response_added'>).data;
  if (response.isInternal) {
    if (response.authorType !== 'AGENT') return [];
    const staff = await findActiveStaffNames(tx, event.organizationId);
    return findMentions(response.content, staff)
      .filter((mention) => mention.userId !== response.author.id)
      .map((mention) => ({
        ...base,
        userId: mention.userId,
        type: 'mentioned' as const,
        ticketId: ticket.id,
        actorName: response.author.name || actor.name,
        excerpt: excerptOf(response.content, mention.index),
      }));
  }
  if (!fromCustomerSide(response.authorType) || !ticket.assignee) return [];
  return [
    {
      ...base,
      userId: ticket.assignee.id,
      type: 'customer_replied',
      ticketId: ticket.id,
      actorName: response.author.name,
      excerpt: excerptOf(response.content),
    },
  ];
}

/**
 * Writes the notifications of `event` for those who may see its ticket, and queues a live notice
 * for each (sent when `tx` commits).
 */
export async function handleNotificationEvent(
  tx: Prisma.TransactionClient,
  event: DomainEvent,
): Promise<void> {
  const planned = await plannedNotifications(tx, event);
  const at = new Date().toISOString();
  await insertVisibleNotifications(
    tx,
    planned.flatMap(({ ticketId, ...notification }) => {
      if (!ticketId) return [];
      const id = newRowId();
      const notice: UserNotice = {
        type: 'notification',
        organizationId: event.organizationId,
        userId: notification.userId,
        notificationId: id,
        at,
      };
      return [{ ...notification, id, ticketId, notice: JSON.stringify(notice) }];
    }),
  );
}

/** The subscriber to register with `app.events.subscribe` (notification-center.routes.ts). */
export function createNotificationSubscriber(): QueuedEventSubscriber {
  return {
    name: 'notification-center',
    mode: 'queued',
    types: NOTIFYING_EVENT_TYPES,
    accepts: mayNotify,
    maxAttempts: 10,
    handle: (event, { tx }) => handleNotificationEvent(tx, event),
  };
}
