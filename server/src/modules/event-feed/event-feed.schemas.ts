/**
 * The event feed's query and answer (GET /api/events; docs/api.md "Event feed", docs/product.md
 * "Event feed"): the organization's events in commit order, the same envelopes webhooks receive.
 */
import { z } from 'zod';
import { Timestamp } from '../../lib/common.schemas.js';
import { WEBHOOK_EVENT_TYPES } from '../events/events.schemas.js';

/** Most events one page gives. */
export const EVENT_FEED_MAX_LIMIT = 500;

/** GET /api/events query: where to start, which types, how many, internal notes or not. */
export const EventFeedQuerySchema = z.strictObject({
  after: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe(
      '`nextCursor` of an earlier page: the events after it. Absent: from the oldest event still kept.',
    ),
  types: z
    .string()
    .max(1000)
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === '') return undefined;
      const types = [...new Set(value.split(',').map((type) => type.trim()))];
      const unknown = types.filter(
        (type) => !(WEBHOOK_EVENT_TYPES as readonly string[]).includes(type),
      );
      if (unknown.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `unknown event type ${unknown.map((type) => JSON.stringify(type)).join(', ')}; one of ${WEBHOOK_EVENT_TYPES.join(', ')}`,
        });
        return z.NEVER;
      }
      return types as (typeof WEBHOOK_EVENT_TYPES)[number][];
    })
    .describe('Comma-separated event types (those webhooks may subscribe to); absent: all of them'),
  limit: z.coerce.number().int().min(1).max(EVENT_FEED_MAX_LIMIT).default(100),
  includeInternal: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true')
    .describe(
      'Whether internal notes (and files on them) are included, as a webhook endpoint with `includeInternal`',
    ),
});
export type EventFeedQuery = z.output<typeof EventFeedQuerySchema>;

/** One event: exactly the body a webhook receives for it. */
export const FeedEventSchema = z
  .object({
    id: z.uuid().describe('The event id (the webhook-id of its deliveries): deduplicate on it'),
    type: z.enum(WEBHOOK_EVENT_TYPES),
    timestamp: Timestamp.describe('When the change happened'),
    organizationId: z.uuid(),
    data: z
      .record(z.string(), z.unknown())
      .describe('As in the webhook of the type (the `webhooks` section of this document)'),
  })
  .meta({ id: 'FeedEvent' });

export const EventFeedPageSchema = z
  .object({
    data: z.array(FeedEventSchema),
    nextCursor: z
      .string()
      .nullable()
      .describe(
        'Where to go on from: pass it as `after`. Given even when `data` is empty (then it is the `after` sent, or a position past events of other types); null only when the feed has no event yet',
      ),
    hasMore: z
      .boolean()
      .describe(
        'Whether more events are already readable: ask again at once rather than after a pause',
      ),
  })
  .meta({ id: 'EventFeedPage' });
export type EventFeedPage = z.output<typeof EventFeedPageSchema>;
