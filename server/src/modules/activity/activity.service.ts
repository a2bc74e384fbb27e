/**
 * Reading a ticket's activity, the audit log (docs/api.md `GET /api/tickets/:id/activity`; docs/product.md
 * "Roles": customers never see internal activity, and see "whether it is assigned, not to whom").
 * Rows are written by activity.recorder.ts in the transaction of each change; this only reads.
 *
 * What a customer (the requester; other tickets are 404) gets, on top of the ticket scope:
 * - no internal row (`isInternal`), and none of the staff-only kinds whatever the flag says
 *   (assignment, claim, internal note, chat link, delete/restore);
 * - staff shown as one actor: `{type, id: null, name: "Support team"}` — a public status change
 *   by an agent must not name the agent (the assignee is not theirs to know). Their own actions
 *   keep their name; the system keeps its name ("Docket");
 * - `before`/`after` reduced to the fields a customer's ticket shows (status, priority, subject,
 *   category, channel, externalRefs, session, response and attachment ids);
 * - no reason given by staff (a note to colleagues); their own reasons and the system's stay.
 */
import { decodeDateCursor, keysetPage } from '../../lib/cursor.js';
import type { ActivityType } from '../../lib/domain.js';
import type { Prisma, PrismaClient } from '../../lib/db.js';
import { isStaff, type Principal } from '../../lib/principal.js';
import { findVisibleTicket } from '../tickets/index.js';
import { STAFF_ACTOR_NAME } from './activity.recorder.js';
import { findActivityPage, type ActivityRow } from './activity.repository.js';
import type { TicketActivity, TicketActivityList } from './activity.schemas.js';

/** Kinds of activity about the team's own work: never shown to customers, whatever `isInternal` says. */
export const STAFF_ONLY_ACTIVITY: readonly ActivityType[] = [
  'ASSIGNED',
  'UNASSIGNED',
  'CLAIMED',
  'UNCLAIMED',
  'INTERNAL_NOTE_ADDED',
  'CHAT_LINKED',
  'DELETED',
  'RESTORED',
  'LINKED',
  'UNLINKED',
];

/** The keys of before/after a customer may see: what their ticket view shows. */
const CUSTOMER_KEYS: ReadonlySet<string> = new Set([
  'status',
  'priority',
  'subject',
  'category',
  'channel',
  'externalRefs',
  'session',
  // One occurrence of a recurring session moved or cancelled: its times only (docs/product.md
  // "Sessions"); never an outcome or notes, which are on no public row.
  'occurrence',
  'responseId',
  'attachmentId',
  'fileName',
]);

const asObject = (value: Prisma.JsonValue | null): Record<string, unknown> | null =>
  value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;

/** `value` with only the keys a customer may see; null when none is left. */
function forCustomer(value: Record<string, unknown> | null): Record<string, unknown> | null {
  if (!value) return null;
  const kept = Object.entries(value).filter(([key]) => CUSTOMER_KEYS.has(key));
  return kept.length ? Object.fromEntries(kept) : null;
}

/**
 * The API shape of an activity row for `viewer` (docs/api.md "Activity"): staff see it whole;
 * a customer sees it through the rules at the top of this file.
 */
export function presentActivity(row: ActivityRow, viewer: Principal): TicketActivity {
  const before = asObject(row.before);
  const after = asObject(row.after);
  const base = {
    id: row.id,
    ticketId: row.ticketId,
    type: row.type,
    reason: row.reason,
    isInternal: row.isInternal,
    createdAt: row.createdAt.toISOString(),
  };
  if (isStaff(viewer)) {
    return {
      ...base,
      actor: { type: row.actorType, id: row.actorId, name: row.actorName },
      before,
      after,
    };
  }
  const self = row.actorType === 'user' && row.actorId === viewer.id;
  // A rule's name and reason are the team's internals (docs/product.md "Rules"): customers see
  // the support team acting.
  const actor =
    self || row.actorType === 'system'
      ? { type: row.actorType, id: row.actorId, name: row.actorName }
      : {
          type: row.actorType === 'rule' ? ('system' as const) : row.actorType,
          id: null,
          name: STAFF_ACTOR_NAME,
        };
  // A staff member's reason is a note to colleagues ("waiting for billing"): the requester sees
  // only their own reasons and the system's.
  const reason = self || row.actorType === 'system' ? row.reason : null;
  return { ...base, reason, actor, before: forCustomer(before), after: forCustomer(after) };
}

/** The activity service: reads only, scoped by the caller like every ticket read. */
export function createActivityService(deps: { prisma: PrismaClient }) {
  const { prisma } = deps;

  /**
   * The activity of a ticket the principal may see, oldest first, keyset-paginated by
   * (createdAt, id): `limit` rows (1–100) and `nextCursor` (null on the last page).
   * @throws NotFoundError for a ticket the principal may not see; ValidationError on `cursor`.
   */
  async function list(
    principal: Principal,
    ticketIdOrReference: string,
    page: { limit: number; cursor?: string | undefined },
  ): Promise<TicketActivityList> {
    const ticket = await findVisibleTicket(prisma, principal, ticketIdOrReference);
    const rows = await findActivityPage(prisma, {
      ticketId: ticket.id,
      organizationId: principal.organizationId,
      publicOnly: isStaff(principal) ? null : { hiddenTypes: STAFF_ONLY_ACTIVITY },
      after: page.cursor ? decodeDateCursor(page.cursor) : null,
      take: page.limit + 1,
    });
    const { rows: data, nextCursor } = keysetPage(rows, page.limit, (row) =>
      row.createdAt.toISOString(),
    );
    return {
      data: data.map((row) => presentActivity(row, principal)),
      nextCursor,
    };
  }

  return { list };
}

export type ActivityService = ReturnType<typeof createActivityService>;
