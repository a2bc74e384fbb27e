/**
 * Live updates (docs/product.md "Dashboard": "live updates without reload"): the compact notices the
 * `docket_live` PostgreSQL channel carries between instances and the SSE stream sends to the
 * dashboard, and the presence routes' request and answer (the collision notice: "Alice is
 * replying"). Notices are hints to refetch, never data: they carry ids, not ticket contents, so
 * nothing a reader may not see travels with them.
 */
import { z } from 'zod';
import { Timestamp } from '../../lib/common.schemas.js';
import { CHAT_EVENT_TYPES } from '../events/events.schemas.js';

/** What someone is doing on a ticket page. */
export const PRESENCE_STATES = ['viewing', 'replying'] as const;
export type PresenceState = (typeof PRESENCE_STATES)[number];

/** A presence expires this long after its last heartbeat (the client beats every 15 s). */
export const PRESENCE_TTL_MS = 40_000;
/** How often the dashboard repeats `PUT …/presence` while on a ticket page. */
export const PRESENCE_HEARTBEAT_MS = 15_000;
/** Heartbeat comments on the SSE stream keep proxies from closing an idle connection. */
export const LIVE_HEARTBEAT_MS = 25_000;

/**
 * A domain event, as a notice: its type (`ticket.status_changed`, …), the ticket it is about, and
 * whether it is internal (an internal note: staff only, docs/product.md "Roles").
 */
export const TicketNoticeSchema = z
  .object({
    type: z.string().min(1).max(64).describe('The event type, e.g. ticket.status_changed'),
    organizationId: z.uuid(),
    ticketId: z.uuid(),
    ticketNumber: z.number().int().positive().optional(),
    groupId: z
      .uuid()
      .nullable()
      .optional()
      .describe('The ticket’s group: staff restricted to groups hear only theirs'),
    isInternal: z.boolean().describe('An internal note or other staff-only change'),
    actorId: z.string().nullable().describe('User or API key that made the change; null: system'),
    at: Timestamp,
  })
  .meta({ id: 'LiveTicketNotice' });
export type TicketNotice = z.output<typeof TicketNoticeSchema>;

/** Someone's presence on a ticket changed; `state: null` means they left. */
export const PresenceNoticeSchema = z
  .object({
    type: z.literal('presence'),
    organizationId: z.uuid(),
    ticketId: z.uuid(),
    groupId: z
      .uuid()
      .nullable()
      .optional()
      .describe('The ticket’s group: staff restricted to groups hear only theirs'),
    userId: z.uuid(),
    name: z.string(),
    state: z.enum(PRESENCE_STATES).nullable(),
    at: Timestamp,
    expiresAt: Timestamp.nullable(),
  })
  .meta({ id: 'LivePresenceNotice' });
export type PresenceNotice = z.output<typeof PresenceNoticeSchema>;

/**
 * A chat of the inbox changed (`chat.created`, `chat.message_added`, `chat.updated`): refetch the
 * chat lists and that chat. Staff only; no message content travels with it.
 */
export const ChatNoticeSchema = z
  .object({
    type: z.enum(CHAT_EVENT_TYPES).describe('The event type, e.g. chat.message_added'),
    organizationId: z.uuid(),
    chatId: z.uuid(),
    actorId: z.string().nullable().describe('User or API key that made the change; null: system'),
    at: Timestamp,
  })
  .meta({ id: 'LiveChatNotice' });
export type ChatNotice = z.output<typeof ChatNoticeSchema>;

/**
 * A new in-app notification for ONE staff member (modules/notification-center, the bell): sent
 * only to that user's streams (SSE event `notification`). Ids only: the client refetches its list.
 */
export const UserNoticeSchema = z
  .object({
    type: z.literal('notification'),
    organizationId: z.uuid(),
    userId: z.uuid().describe('The only user who hears it'),
    notificationId: z.uuid(),
    at: Timestamp,
  })
  .meta({ id: 'LiveUserNotice' });
export type UserNotice = z.output<typeof UserNoticeSchema>;

/** Anything carried on the `docket_live` channel. */
export const LiveNoticeSchema = z.union([
  UserNoticeSchema,
  PresenceNoticeSchema,
  ChatNoticeSchema,
  TicketNoticeSchema,
]);
export type LiveNotice = z.output<typeof LiveNoticeSchema>;

/** PUT /api/tickets/:id/presence body. */
export const PresenceBodySchema = z.object({
  state: z
    .enum(PRESENCE_STATES)
    .describe('viewing: the ticket page is open; replying: the reply composer has text'),
});

/** One person on a ticket page. */
export const TicketPresenceSchema = z
  .object({
    userId: z.uuid(),
    name: z.string(),
    state: z.enum(PRESENCE_STATES),
    since: Timestamp.describe('When they entered this state'),
    expiresAt: Timestamp.describe('Gone unless they send a heartbeat before then'),
  })
  .meta({
    id: 'TicketPresence',
    examples: [
      {
        userId: '5d3c2b1a-0f9e-4d8c-8b7a-6a5b4c3d2e1f',
        name: 'Alice Agent',
        state: 'replying',
        since: '2026-11-21T09:30:00.000Z',
        expiresAt: '2026-11-21T09:30:40.000Z',
      },
    ],
  });
export type TicketPresence = z.output<typeof TicketPresenceSchema>;

/** GET/PUT /api/tickets/:id/presence answer: who else is on the ticket now (the caller excluded). */
export const TicketPresenceListSchema = z
  .object({ data: z.array(TicketPresenceSchema) })
  .meta({ id: 'TicketPresenceList' });

/** The SSE stream, for the OpenAPI document (it is not JSON). */
export const EventStreamSchema = z
  .string()
  .describe(
    'text/event-stream. Events: `ready` {heartbeatMs} once connected; `ticket` a LiveTicketNotice; `chat` a LiveChatNotice (a chat created, changed or written in); `presence` a LivePresenceNotice; `notification` a LiveUserNotice (a new in-app notification of the caller only); `resync` {} after a gap in the server\'s own feed (refetch everything). Comment lines (": heartbeat") every ~25 s.',
  );
