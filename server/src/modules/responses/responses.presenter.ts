/**
 * Response rows → the API's response shape (responses.schemas.ts), by viewer: the author's email
 * is shown to agents only, and a requester sees staff replies signed by the team.
 */
import { isStaff, type Principal } from '../../lib/principal.js';
import { STAFF_ACTOR_NAME } from '../activity/index.js';
import { presentAttachment } from '../attachments/index.js';
import type { ResponseRow } from './responses.repository.js';
import type { TicketResponse } from './responses.schemas.js';

/** The API shape of a response; the author's email is shown to agents only. */
export function presentResponse(row: ResponseRow, viewer: Principal): TicketResponse {
  const response = toResponse(row, isStaff(viewer));
  // The requester sees "whether it is assigned, not to whom" (docs/product.md "Roles"): staff replies are
  // signed by the team, as in the activity view and the tracker.
  const fromRequesterSide = row.authorType === 'CUSTOMER' || row.authorType === 'EMAIL';
  if (!isStaff(viewer) && !fromRequesterSide && row.authorId !== viewer.id) {
    response.author = { id: null, name: STAFF_ACTOR_NAME };
  }
  return response;
}

/**
 * The API shape of a response, with the author's email when `showAuthorEmail` (agents, events),
 * and then, for a reply received by mail, where its original is (`email`).
 */
export function toResponse(row: ResponseRow, showAuthorEmail: boolean): TicketResponse {
  return {
    id: row.id,
    ticketId: row.ticketId,
    content: row.content,
    format: row.format,
    isInternal: row.isInternal,
    authorType: row.authorType,
    author: {
      id: row.authorId,
      name: row.authorName,
      ...(showAuthorEmail && row.authorEmail ? { email: row.authorEmail } : {}),
    },
    attachments: row.attachments.map(presentAttachment),
    ...(showAuthorEmail && row.inboundEmailId
      ? { email: { messageId: row.emailMessageId, inboundEmailId: row.inboundEmailId } }
      : {}),
    createdAt: row.createdAt.toISOString(),
  };
}
