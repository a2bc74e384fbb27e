/**
 * The public tracker and signed tracking links (docs/product.md "Customers"; docs/api.md "Public"):
 * a requester follows their ticket without signing in, by its reference and their email, or by
 * the signed link of a notification email, and may reply through that link.
 *
 * - Only the ticket's public life is shown (schemas: PublicTicketSchema): public replies, with
 *   the staff shown as "Support team" rather than by name (the requester "sees whether it is
 *   assigned, not to whom"; a counselling requester need not learn their counsellor's name from
 *   a page anyone holding the link can open), public status changes, scheduled sessions. Never
 *   internal notes or internal activity, assignees, reasons, metadata, custom fields, SLA dates.
 * - An unknown reference, a malformed one, a wrong email and a deleted ticket get the same 404
 *   problem after the same work (see `track`).
 * - A tracking link that is malformed, tampered with or signed with another key is that same
 *   404; one we signed that has expired is 410 `link_expired` (telling a holder of a genuine,
 *   old link what to do reveals nothing to anyone who cannot forge one).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Config } from '../../config.js';
import type { Prisma, PrismaClient } from '../../lib/db.js';
import { SESSION_MODES, formatTicketReference, parseTicketReference } from '../../lib/domain.js';
import { AppError, NotFoundError } from '../../lib/errors.js';
import type { Principal } from '../../lib/principal.js';
import { createTrackingLinks } from '../../lib/tracking-token.js';
import type { TicketResponse } from '../responses/responses.schemas.js';
import { createResponsesService, findPublicResponses } from '../responses/index.js';
import type { PublicResponseRow } from '../responses/index.js';
import { findPublicActivities, type PublicActivityRow } from '../activity/index.js';
import { TicketStatusSchema } from '../tickets/tickets.schemas.js';
import { findVisibleTicket, presentRecurrence } from '../tickets/index.js';
import { presentPublicAttachment } from '../attachments/index.js';
import { listCustomerVisibleFieldsOfTicket } from '../custom-fields/index.js';
import type {
  AttachmentIntake,
  AttachmentsService,
  OpenedAttachment,
} from '../attachments/index.js';
import type { Uploader } from '../attachments/index.js';
import type { Upload } from '../../plugins/multipart.js';
import type {
  PublicReplyBody,
  PublicTicket,
  PublicTimelineItem,
  TrackTicketBody,
  TrackingLink,
} from './public.schemas.js';
import {
  findLiveTicketOwner,
  findPublicTicket,
  findTicketsByNumber,
  findUserLocale,
  type PublicTicketRow,
} from './public.repository.js';

/** 410 `link_expired`: a genuine tracking link past its TRACKING_LINK_TTL_DAYS. */
export class LinkExpiredError extends AppError {
  constructor() {
    super(
      410,
      'link_expired',
      'Link expired',
      'This tracking link has expired. Look the ticket up with its reference and your email, or use the link of a more recent email.',
    );
  }
}

/** How staff replies are signed on the public page (the UI may translate it by `author.type`). */
export const STAFF_DISPLAY_NAME = 'Support team';

/** No ticket has this id: the look-up of a miss runs the same queries against it. */
const NO_TICKET = '00000000-0000-0000-0000-000000000000';
/** Tickets sharing a number (one per organization) compared per look-up, at most. */
const MAX_CANDIDATES = 1000;

const StatusJson = z.object({ status: TicketStatusSchema });
/** What SESSION_SCHEDULED records of one occurrence changed alone (tickets/session-occurrences.ts). */
const OccurrenceJson = z.object({ scheduledAt: z.iso.datetime(), cancelled: z.boolean() });
/**
 * What a SESSION_SCHEDULED activity records as `after`: `{session: {mode, scheduledAt,
 * durationMinutes, meetingLink}}` (tickets.service.ts), or `{session: null}` when the session is
 * cancelled; the session's fields at the top level are read too.
 */
const SessionJson = z.object({
  mode: z.enum(SESSION_MODES),
  scheduledAt: z.union([z.iso.datetime({ offset: true }), z.date()]),
  durationMinutes: z.number().int().nullish(),
  meetingLink: z.string().nullish(),
});

/** SHA-256 of the normalized email: equal-length buffers for timingSafeEqual. */
const emailDigest = (email: string): Buffer =>
  createHash('sha256').update(email.trim().toLowerCase(), 'utf8').digest();

type VisibleFieldRow = Awaited<ReturnType<typeof listCustomerVisibleFieldsOfTicket>>[number];

/**
 * The ticket's values of the customer-visible fields (`visibleFields`, in their order), with
 * their labels: a field not marked customer-visible never reaches the tracker.
 */
function publicCustomFields(
  values: Prisma.JsonValue,
  visibleFields: VisibleFieldRow[],
): PublicTicket['customFields'] {
  const stored =
    values && typeof values === 'object' && !Array.isArray(values)
      ? (values as Record<string, unknown>)
      : {};
  return visibleFields
    .filter((f) => stored[f.key] !== undefined && stored[f.key] !== null)
    .map((f) => {
      const label = (f.label ?? {}) as { en?: unknown; fr?: unknown };
      return {
        key: f.key,
        label: { en: String(label.en ?? f.key), fr: String(label.fr ?? f.key) },
        type: f.type,
        value: stored[f.key],
      };
    });
}

/**
 * The public view of a ticket from its rows. The timeline is oldest first; entries at the same
 * instant keep the order created, reply, status change, session (a reply before the reopening
 * it caused). Activity whose before/after does not have the expected shape is left out rather
 * than guessed at.
 */
function toPublicTicket(
  ticket: PublicTicketRow,
  responses: PublicResponseRow[],
  activities: PublicActivityRow[],
  token: string,
  visibleFields: VisibleFieldRow[],
): PublicTicket {
  const items: { at: Date; item: PublicTimelineItem }[] = [
    { at: ticket.createdAt, item: { type: 'created', at: ticket.createdAt.toISOString() } },
  ];
  for (const r of responses) {
    const byStaff = r.authorType === 'AGENT' || r.authorType === 'SYSTEM';
    items.push({
      at: r.createdAt,
      item: {
        type: 'reply',
        author: byStaff
          ? { name: STAFF_DISPLAY_NAME, type: 'agent' }
          : { name: r.authorName, type: 'customer' },
        content: r.content,
        format: r.format,
        attachments: r.attachments.map((a) => presentPublicAttachment(a, token)),
        at: r.createdAt.toISOString(),
      },
    });
  }
  for (const a of activities.filter((a) => a.type === 'STATUS_CHANGED')) {
    const from = StatusJson.safeParse(a.before);
    const to = StatusJson.safeParse(a.after);
    if (!from.success || !to.success || from.data.status === to.data.status) continue;
    items.push({
      at: a.createdAt,
      item: {
        type: 'status_changed',
        from: from.data.status,
        to: to.data.status,
        at: a.createdAt.toISOString(),
      },
    });
  }
  for (const a of activities.filter((a) => a.type === 'SESSION_SCHEDULED')) {
    const after = a.after;
    const nested =
      after !== null && typeof after === 'object' && !Array.isArray(after) && 'session' in after;
    if (nested && after.session === null) {
      items.push({
        at: a.createdAt,
        item: { type: 'session_cancelled', at: a.createdAt.toISOString() },
      });
      continue;
    }
    // One occurrence of a recurring session moved, cancelled or restored on its own.
    const occurrence = OccurrenceJson.safeParse(
      after !== null && typeof after === 'object' && !Array.isArray(after)
        ? after.occurrence
        : undefined,
    );
    if (occurrence.success) {
      items.push({
        at: a.createdAt,
        item: {
          type: 'session_occurrence_changed',
          scheduledAt: new Date(occurrence.data.scheduledAt).toISOString(),
          cancelled: occurrence.data.cancelled,
          at: a.createdAt.toISOString(),
        },
      });
      continue;
    }
    const session = SessionJson.safeParse(nested ? after.session : after);
    if (!session.success) continue;
    items.push({
      at: a.createdAt,
      item: {
        type: 'session_scheduled',
        mode: session.data.mode,
        scheduledAt: new Date(session.data.scheduledAt).toISOString(),
        durationMinutes: session.data.durationMinutes ?? null,
        meetingLink: session.data.meetingLink ?? null,
        at: a.createdAt.toISOString(),
      },
    });
  }
  // Array.prototype.sort is stable: equal instants keep the order in which they were pushed.
  items.sort((x, y) => x.at.getTime() - y.at.getTime());

  return {
    reference: formatTicketReference(ticket.number),
    subject: ticket.subject,
    description: ticket.description,
    status: ticket.status,
    priority: ticket.priority,
    category: ticket.category?.name ?? null,
    session:
      ticket.sessionMode && ticket.sessionScheduledAt
        ? {
            mode: ticket.sessionMode,
            scheduledAt: ticket.sessionScheduledAt.toISOString(),
            durationMinutes: ticket.sessionDurationMinutes,
            meetingLink: ticket.sessionMeetingLink,
            // A recurring session: its rule and its next occurrence (docs/product.md "Sessions").
            ...(ticket.sessionRecurrence
              ? {
                  recurrence: presentRecurrence(ticket.sessionRecurrence),
                  nextOccurrence: nextPublicOccurrence(ticket.sessionOccurrences, new Date()),
                }
              : {}),
          }
        : null,
    createdAt: ticket.createdAt.toISOString(),
    updatedAt: ticket.updatedAt.toISOString(),
    resolvedAt: ticket.resolvedAt?.toISOString() ?? null,
    closedAt: ticket.closedAt?.toISOString() ?? null,
    resolutionNote: ticket.resolutionNote,
    mergedInto: ticket.mergedInto ? formatTicketReference(ticket.mergedInto.number) : null,
    attachments: ticket.attachments.map((a) => presentPublicAttachment(a, token)),
    customFields: publicCustomFields(ticket.customFields, visibleFields),
    timeline: items.map((i) => i.item),
  };
}

/**
 * The start of the first occurrence (not cancelled, by time) not over at `now` (its start plus
 * its duration, an hour when unknown), as ISO 8601; null when none is left.
 */
function nextPublicOccurrence(
  occurrences: readonly { scheduledAt: Date; durationMinutes: number | null }[],
  now: Date,
): string | null {
  const next = occurrences.find(
    (o) => o.scheduledAt.getTime() + (o.durationMinutes ?? 60) * 60_000 > now.getTime(),
  );
  return next ? next.scheduledAt.toISOString() : null;
}

/**
 * The public view of a live (not deleted) ticket, or null. Always runs the same three queries,
 * in one REPEATABLE READ snapshot so that a reply and the reopening it caused are seen together.
 * Attachment links carry `token` (the caller's, or a fresh one for the tracker's look-up).
 * Also the data-subject export's view of each ticket (modules/data-subjects), so that an export
 * holds exactly what the person can see.
 */
export async function loadPublicTicket(
  prisma: PrismaClient,
  ticketId: string,
  token: string | (() => string),
): Promise<PublicTicket | null> {
  const [ticket, publicResponses, publicActivities, visibleFields] = await prisma.$transaction(
    [
      findPublicTicket(prisma, ticketId),
      findPublicResponses(prisma, ticketId),
      findPublicActivities(prisma, ticketId),
      listCustomerVisibleFieldsOfTicket(prisma, ticketId),
    ],
    { isolationLevel: 'RepeatableRead' },
  );
  if (!ticket) return null;
  const linkToken = typeof token === 'string' ? token : token();
  return toPublicTicket(ticket, publicResponses, publicActivities, linkToken, visibleFields);
}

export function createPublicService(deps: {
  prisma: PrismaClient;
  config: Config;
  /** Files of tracker replies, and the tracker's downloads (attachments.service.ts). */
  attachments?: AttachmentIntake & Pick<AttachmentsService, 'openPublic'>;
}) {
  const { prisma } = deps;
  const links = createTrackingLinks(deps.config);
  const responses = createResponsesService(deps);

  /**
   * The ticket of a tracking-link token.
   * @throws NotFoundError (malformed, tampered, signed with another key), LinkExpiredError
   */
  function ticketIdOfToken(token: string, now: Date): string {
    const check = links.verifyTrackingToken(token, now);
    if (check.valid) return check.ticketId;
    if (check.reason === 'expired') throw new LinkExpiredError();
    throw new NotFoundError('Ticket');
  }

  /**
   * POST /api/public/track: the public view of the ticket whose reference is `reference`
   * ("TKT-00042", any case) and whose requester's email is `email` (any case).
   *
   * Every miss — a reference that does not parse, an unknown one, a wrong email, a deleted
   * ticket — does the same work and throws the same NotFoundError: the tickets with that number
   * (one per organization; none for a reference that does not parse, looked up as number 0) are
   * fetched, the email is compared with each of them (and with a decoy when there are none)
   * through SHA-256 digests and `timingSafeEqual`, without stopping at a match, then the view
   * queries run for the match or for a ticket id that does not exist. Should two organizations'
   * tickets share the number and the requester's email, the most recently updated one is shown.
   * @throws NotFoundError
   */
  async function track(input: TrackTicketBody): Promise<PublicTicket> {
    const number = parseTicketReference(input.reference) ?? 0;
    const candidates = await findTicketsByNumber(prisma, number, MAX_CANDIDATES);
    const wanted = emailDigest(input.email);
    let match = NO_TICKET;
    for (const candidate of candidates.length
      ? candidates
      : [{ id: NO_TICKET, requesterEmail: '' }]) {
      const same = timingSafeEqual(emailDigest(candidate.requesterEmail), wanted);
      if (same && match === NO_TICKET) match = candidate.id;
    }
    const view = await loadPublicTicket(prisma, match, () => links.createTrackingToken(match));
    if (!view) throw new NotFoundError('Ticket');
    return view;
  }

  /**
   * GET /api/public/tickets/:token: the public view of the token's ticket.
   * @throws NotFoundError (bad token, deleted ticket), LinkExpiredError
   */
  async function viewByToken(token: string, now: Date = new Date()): Promise<PublicTicket> {
    const view = await loadPublicTicket(prisma, ticketIdOfToken(token, now), token);
    if (!view) throw new NotFoundError('Ticket');
    return view;
  }

  /**
   * POST /api/public/tickets/:token/responses: the requester's public reply through the link,
   * with the rules of a customer's reply (responses.service.ts `replyAsRequester`).
   * @returns the response as its requester sees it.
   * @throws NotFoundError, LinkExpiredError, ConflictError `ticket_closed`
   */
  async function replyByToken(
    token: string,
    input: PublicReplyBody,
    uploads: readonly Upload[] = [],
    now: Date = new Date(),
  ): Promise<TicketResponse> {
    return responses.replyAsRequester(ticketIdOfToken(token, now), input, uploads);
  }

  /**
   * Who uploads the files of a reply through the tracking link `token`, for the upload limits
   * (attachments/upload-limits.ts): the ticket's organization, and its requester's account when
   * they have one, else the client (`client`: its address key) on this ticket. Checked before any
   * file is read, so a bad or expired link costs no upload.
   * @throws NotFoundError (bad token, deleted ticket), LinkExpiredError
   */
  async function uploaderOfToken(
    token: string,
    client: string,
    now: Date = new Date(),
  ): Promise<Uploader> {
    const ticketId = ticketIdOfToken(token, now);
    const ticket = await findLiveTicketOwner(prisma, ticketId);
    if (!ticket) throw new NotFoundError('Ticket');
    return {
      organizationId: ticket.organizationId,
      account: ticket.requesterId ? `user:${ticket.requesterId}` : `guest:${client}|${ticketId}`,
      userId: ticket.requesterId,
    };
  }

  /**
   * GET /api/public/tickets/:token/attachments/:attachmentId/{content,thumbnail}: a public file
   * of the token's ticket (on the ticket itself or on a public reply; never an internal note's).
   * @throws NotFoundError (bad token, another ticket's or an internal file), LinkExpiredError
   */
  async function openAttachment(
    token: string,
    attachmentId: string,
    kind: 'content' | 'thumbnail',
    now: Date = new Date(),
  ): Promise<OpenedAttachment> {
    const ticketId = ticketIdOfToken(token, now);
    if (!deps.attachments) throw new NotFoundError('Attachment');
    return deps.attachments.openPublic(ticketId, attachmentId, kind);
  }

  /**
   * GET /api/tickets/:id/tracking-link: a fresh signed link to a ticket the principal may see
   * (agents and admins: their organization's; a customer: their own, to share or bookmark),
   * valid TRACKING_LINK_TTL_DAYS, and `requesterLocale`, the language to write to the requester
   * in (their account's `locale`, "en" for a guest), so that "Share with customer" writes its
   * message in the requester's language rather than the agent's.
   * @throws NotFoundError for a ticket the principal may not see.
   */
  async function trackingLinkFor(
    principal: Principal,
    idOrReference: string,
  ): Promise<TrackingLink> {
    const ticket = await findVisibleTicket(prisma, principal, idOrReference);
    const link = links.trackingLink(ticket);
    // The same organization's user (the requester of a visible ticket); guests have no account.
    const requester = ticket.requesterId
      ? await findUserLocale(prisma, principal.organizationId, ticket.requesterId)
      : null;
    return {
      url: link.url,
      expiresAt: link.expiresAt.toISOString(),
      requesterLocale: requester?.locale ?? 'en',
    };
  }

  return { track, viewByToken, replyByToken, uploaderOfToken, openAttachment, trackingLinkFor };
}

export type PublicService = ReturnType<typeof createPublicService>;
