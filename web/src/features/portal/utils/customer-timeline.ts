/**
 * The portal's ticket history, built from what the signed-in requester may read
 * (`GET /api/tickets/:id/responses` and `/activity`, both already reduced by the server to the
 * requester's view) into the same items as the public tracker's timeline (docs/api.md "Public"), so
 * that a requester reads one history whichever way they open their ticket:
 * - `created` at the ticket's creation;
 * - `reply` for each public response: staff as the "Support team" (type `agent`, never an agent's
 *   name: docs/product.md, the requester sees whether it is assigned, not to whom), the requester and
 *   their emails under their own name (type `customer`);
 * - `status_changed` for each STATUS_CHANGED row whose before/after carry two different statuses;
 * - `session_scheduled` / `session_cancelled` for SESSION_SCHEDULED rows (`after.session`, null
 *   when cancelled), `session_occurrence_changed` for one occurrence moved, cancelled or restored
 *   (`after.occurrence`).
 * Anything marked internal is dropped even if it arrived (defence in depth), and rows of an
 * unexpected shape are left out rather than guessed at. Oldest first; items at the same instant
 * keep the order created, reply, status change, session (a reply before the reopening it caused),
 * as the server's public view does (public.service.ts).
 */
import { z } from 'zod';
import type { TicketActivity } from '@docket/server/contract/activity';
import { SESSION_MODES, TICKET_STATUSES } from '@docket/server/contract/domain';
import type { PublicTimelineItem } from '@docket/server/contract/public';
import type { TicketResponse } from '@docket/server/contract/responses';

/** The name the server gives staff on public pages; the UI shows its own translation. */
const STAFF_NAME = 'Support team';

const StatusJson = z.object({ status: z.enum(TICKET_STATUSES) });
const OccurrenceJson = z.object({ scheduledAt: z.string(), cancelled: z.boolean() });
const SessionJson = z.object({
  mode: z.enum(SESSION_MODES),
  scheduledAt: z.string(),
  durationMinutes: z.number().int().nullish(),
  meetingLink: z.string().nullish(),
});

/**
 * `ticket.createdAt` (ISO 8601), the ticket's responses and activity as the requester reads them
 * → the history items, oldest first (rules above).
 */
export function toCustomerTimeline(
  ticket: { createdAt: string },
  responses: readonly TicketResponse[],
  activity: readonly TicketActivity[],
): PublicTimelineItem[] {
  const items: { at: number; item: PublicTimelineItem }[] = [
    { at: Date.parse(ticket.createdAt), item: { type: 'created', at: ticket.createdAt } },
  ];

  for (const response of responses) {
    if (response.isInternal) continue;
    const byStaff = response.authorType === 'AGENT' || response.authorType === 'SYSTEM';
    items.push({
      at: Date.parse(response.createdAt),
      item: {
        type: 'reply',
        author: byStaff
          ? { name: STAFF_NAME, type: 'agent' }
          : { name: response.author.name, type: 'customer' },
        content: response.content,
        format: response.format,
        // The public shape of its files: never one of an internal note (none reach here anyway).
        attachments: response.attachments
          .filter((attachment) => !attachment.isInternal)
          .map(({ fileName, mimeType, sizeBytes, links }) => ({
            fileName,
            mimeType,
            sizeBytes,
            links,
          })),
        at: response.createdAt,
      },
    });
  }

  const publicRows = activity.filter((row) => !row.isInternal);
  for (const row of publicRows) {
    if (row.type !== 'STATUS_CHANGED') continue;
    const from = StatusJson.safeParse(row.before);
    const to = StatusJson.safeParse(row.after);
    if (!from.success || !to.success || from.data.status === to.data.status) continue;
    items.push({
      at: Date.parse(row.createdAt),
      item: {
        type: 'status_changed',
        from: from.data.status,
        to: to.data.status,
        at: row.createdAt,
      },
    });
  }
  for (const row of publicRows) {
    if (row.type !== 'SESSION_SCHEDULED' || row.after === null) continue;
    const occurrence = OccurrenceJson.safeParse(row.after.occurrence);
    if (occurrence.success) {
      items.push({
        at: Date.parse(row.createdAt),
        item: {
          type: 'session_occurrence_changed',
          scheduledAt: occurrence.data.scheduledAt,
          cancelled: occurrence.data.cancelled,
          at: row.createdAt,
        },
      });
      continue;
    }
    const nested = 'session' in row.after;
    if (nested && row.after.session === null) {
      items.push({
        at: Date.parse(row.createdAt),
        item: { type: 'session_cancelled', at: row.createdAt },
      });
      continue;
    }
    const session = SessionJson.safeParse(nested ? row.after.session : row.after);
    if (!session.success || Number.isNaN(Date.parse(session.data.scheduledAt))) continue;
    items.push({
      at: Date.parse(row.createdAt),
      item: {
        type: 'session_scheduled',
        mode: session.data.mode,
        scheduledAt: session.data.scheduledAt,
        durationMinutes: session.data.durationMinutes ?? null,
        meetingLink: session.data.meetingLink ?? null,
        at: row.createdAt,
      },
    });
  }

  // Array.prototype.sort is stable: equal instants keep the order in which they were pushed.
  items.sort((a, b) => a.at - b.at);
  return items.map(({ item }) => item);
}
