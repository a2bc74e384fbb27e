/**
 * The event feed (docs/product.md "Event feed"; docs/api.md "Event feed"): integrators who would
 * rather pull than receive read their organization's events — the bodies webhooks get — in
 * commit order, from any cursor, again and again.
 *
 * Guarantees:
 * - Order: by writing transaction (its id, `writeTx`), then by outbox sequence within it: the
 *   events of one change are together and in order; a ticket's events in the order of its
 *   changes (they are written under its row lock).
 * - No gap: a page only holds events of transactions below the reading snapshot's `xmin`. Every
 *   transaction with a lower id has ended, so nothing can later be committed before the cursor:
 *   reading on from `nextCursor` never misses an event. The price is a lag: an event shows once
 *   every transaction older than its own has ended (usually milliseconds).
 * - Replay: the same cursor gives the same events, for as long as they are kept
 *   (EVENT_FEED_RETENTION_DAYS; the outbox sweep deletes them 30 days after dispatch).
 */
import { AppError, ForbiddenError, ValidationError } from '../../lib/errors.js';
import type { PrismaClient } from '../../lib/db.js';
import type { Principal } from '../../lib/principal.js';
import { WEBHOOK_EVENT_TYPES } from '../events/events.schemas.js';
import { scanFeed, type FeedPosition } from './event-feed.repository.js';
import type { EventFeedPage, EventFeedQuery } from './event-feed.schemas.js';

/**
 * How long a cursor stays good, in days: events are swept 30 days after dispatch (the outbox's
 * retention); a cursor older than this is 410 Gone rather than silently skipping events.
 */
export const EVENT_FEED_RETENTION_DAYS = 29;

/** Most rows one request looks at, matching or not (a rare `types` filter still ends quickly). */
const SCAN_LIMIT = 2000;

export function createEventFeedService(deps: { prisma: PrismaClient }) {
  const { prisma } = deps;

  /**
   * One page of the caller's organization's feed after `query.after`.
   * Admins (signed in) and API keys (the `events:read` scope, checked by plugins/api-key-scopes)
   * only; a key or agent limited to groups reads the events of its groups' tickets.
   * @throws ForbiddenError for agents and customers; ValidationError (`after`) for a cursor not
   *   made by this feed; AppError 410 `cursor_expired` for one older than the retention.
   */
  async function page(
    principal: Principal,
    query: EventFeedQuery,
    now = new Date(),
  ): Promise<EventFeedPage> {
    if (principal.kind !== 'api_key' && principal.role !== 'ADMIN') {
      throw new ForbiddenError('The event feed is for admins and API keys with events:read');
    }
    const after = query.after ? decodeFeedCursor(query.after) : null;
    if (after && now.getTime() - after.at.getTime() > EVENT_FEED_RETENTION_DAYS * 86_400_000) {
      throw new AppError(
        410,
        'cursor_expired',
        'Gone',
        `The cursor is older than the feed keeps events (${EVENT_FEED_RETENTION_DAYS} days): read again from the start (no \`after\`) and deduplicate on event ids`,
      );
    }
    const scan = await scanFeed(prisma, {
      organizationId: principal.organizationId,
      after,
      types: query.types ?? WEBHOOK_EVENT_TYPES,
      includeInternal: query.includeInternal,
      groupIds: principal.groupIds ?? null,
      limit: query.limit,
      scanLimit: SCAN_LIMIT,
    });
    const full = scan.rows.length === query.limit;
    // A full page goes on after its last event; otherwise every row looked at is behind us,
    // matching or not, so the cursor moves past the last one (a rare type does not rescan).
    const position = full ? scan.rows.at(-1) : (scan.last ?? after);
    return {
      data: scan.rows.map((row) => row.payload as EventFeedPage['data'][number]),
      nextCursor: position ? encodeFeedCursor(position) : null,
      hasMore: full || scan.scanned === SCAN_LIMIT,
    };
  }

  return { page };
}

export type EventFeedService = ReturnType<typeof createEventFeedService>;

const DIGITS = /^\d{1,20}$/;

/** `[writeTx, sequence, epoch ms]`, JSON, base64url: opaque to clients. */
function encodeFeedCursor(position: FeedPosition): string {
  return Buffer.from(
    JSON.stringify([position.writeTx, position.sequence, position.at.getTime()]),
  ).toString('base64url');
}

/** @throws ValidationError (path `after`) when `cursor` was not made by encodeFeedCursor. */
function decodeFeedCursor(cursor: string): FeedPosition {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 3 &&
      typeof value[0] === 'string' &&
      DIGITS.test(value[0]) &&
      typeof value[1] === 'string' &&
      DIGITS.test(value[1]) &&
      typeof value[2] === 'number' &&
      Number.isSafeInteger(value[2]) &&
      value[2] >= 0
    ) {
      return { writeTx: value[0], sequence: value[1], at: new Date(value[2]) };
    }
  } catch {
    // fall through
  }
  throw new ValidationError('The cursor is not valid; use nextCursor from a previous page', [
    { path: 'after', message: 'invalid cursor' },
  ]);
}
