/**
 * GET /api/events: the event feed (docs/api.md "Event feed"; guarantees in
 * event-feed.service.ts and docs/product.md "Event feed").
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { commonProblems, ProblemSchema } from '../../lib/common.schemas.js';
import { principalOf } from '../../plugins/auth.js';
import { EventFeedPageSchema, EventFeedQuerySchema } from './event-feed.schemas.js';
import type { EventFeedService } from './event-feed.service.js';

export const eventFeedRoutes: FastifyPluginAsyncZod<{ eventFeed: EventFeedService }> = async (
  app,
  { eventFeed },
) => {
  app.addHook('onRequest', app.authenticate);

  /**
   * GET /api/events — `after` (a nextCursor), `types` (comma-separated webhook event types),
   * `limit` (1–500, default 100), `includeInternal` (`true`|`false`, default false) →
   * `{data: [event envelope], nextCursor, hasMore}`, oldest first in commit order.
   * 400 bad query or cursor (field `after`, `types`, `limit`); 403 agents and customers, or an API
   * key without `events:read`; 410 `cursor_expired` past the retention window.
   */
  app.get(
    '/api/events',
    {
      schema: {
        tags: ['events'],
        operationId: 'listEvents',
        summary: "Read the organization's event feed",
        description:
          'The events webhooks receive, in commit order, to pull instead of receiving: gap-free (an event appears once every transaction older than its own has ended, so reading on from `nextCursor` never misses one) and replayable from any cursor for 29 days. Poll with the last `nextCursor`; when `hasMore` is true, ask again at once. Deduplicate on `id` if you store cursors less often than you process events.',
        querystring: EventFeedQuerySchema,
        response: { 200: EventFeedPageSchema, ...commonProblems, 410: ProblemSchema },
      },
    },
    async (request) => eventFeed.page(principalOf(request), request.query),
  );
};
