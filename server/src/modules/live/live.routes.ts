/**
 * Live updates and presence (README.md in this folder): the SSE stream `GET /api/live` and
 * `GET|PUT|DELETE /api/tickets/:id/presence`. Registered as one plugin that owns the instance's
 * live hub (live-hub.ts) and `@fastify/sse` (scoped to these routes: heartbeat comments every
 * 25 s, LIVE_HEARTBEAT_MS), and registers the `live` event subscriber (live-notice.ts), which
 * publishes each dispatched event's notice at the dispatch's commit.
 * Authentication and the AGENT or ADMIN role are checked on request: no token → 401, a
 * customer → 403 (docs/product.md "Roles": the dashboard is staff's; customers never see internal notes
 * on any channel, live events included).
 */
import { fastifySSE, type SSEReplyInterface } from '@fastify/sse';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { PrismaClient } from '../../lib/db.js';
import { AppError } from '../../lib/errors.js';
import { commonProblems, ProblemSchema } from '../../lib/common.schemas.js';
import { principalOf } from '../../plugins/auth.js';
import { TicketIdParamsSchema } from '../tickets/tickets.schemas.js';
import { createLiveHub } from './live-hub.js';
import { createLiveSubscriber } from './live-notice.js';
import { createLiveService } from './live.service.js';
import {
  EventStreamSchema,
  LIVE_HEARTBEAT_MS,
  PresenceBodySchema,
  TicketPresenceListSchema,
} from './live.schemas.js';

export interface LivePluginOptions {
  prisma: PrismaClient;
  /** The database URL the hub LISTENs with (a connection of its own). */
  connectionString: string | undefined;
  /** Start listening when the app is ready (with the outbox workers); else on first use. */
  startOnReady?: boolean;
  /** Clock of presence expiry (tests move it); default real time. */
  now?: () => Date;
  /** Heartbeat comment interval of the stream, ms; default LIVE_HEARTBEAT_MS (25 s). */
  heartbeatMs?: number;
  /** Open streams one user (or API key) may hold at once; default 10 (LIVE_MAX_STREAMS_PER_USER). */
  maxStreamsPerUser?: number;
}

/** A stream's slot lease: longer than any stream lives without reconnecting. */
const STREAM_LEASE_MS = 24 * 3600_000;

/** 429 `too_many_streams`: the caller already holds as many live streams as allowed. */
class TooManyStreamsError extends AppError {
  constructor(max: number) {
    super(
      429,
      'too_many_streams',
      'Too many live streams',
      `You already have ${max} live streams open (the most allowed); close one (a tab, a client) and retry`,
      undefined,
      { 'Retry-After': '30' },
    );
  }
}

/** 406 `not_acceptable`: GET /api/live without `Accept: text/event-stream`. */
class NotAcceptableError extends AppError {
  constructor() {
    super(
      406,
      'not_acceptable',
      'Not acceptable',
      'GET /api/live is a Server-Sent Events stream: send Accept: text/event-stream',
    );
  }
}

/** 503 `shutting_down`: the instance is closing; retry (the client's backoff does). */
class ShuttingDownError extends AppError {
  constructor() {
    super(
      503,
      'shutting_down',
      'Service unavailable',
      'This server is shutting down; retry',
      undefined,
      {
        'Retry-After': '5',
      },
    );
  }
}

export const liveRoutes: FastifyPluginAsyncZod<LivePluginOptions> = async (app, options) => {
  const heartbeatMs = options.heartbeatMs ?? LIVE_HEARTBEAT_MS;
  const maxStreams = options.maxStreamsPerUser ?? 10;
  await app.register(fastifySSE, { heartbeatInterval: heartbeatMs });
  const hub = createLiveHub({
    connectionString: options.connectionString,
    ...(options.now ? { now: options.now } : {}),
    log: app.log.child({ component: 'live' }),
  });
  const live = createLiveService({ prisma: options.prisma, hub });
  app.metrics.gauge(
    'docket_live_streams',
    'Live update streams (GET /api/live, Server-Sent Events) open on this instance',
    () => hub.subscriberCount(),
  );
  // Dispatched events reach the hubs of every instance as notices (pg_notify at the dispatch's commit).
  app.events.subscribe(createLiveSubscriber());
  if (options.startOnReady) app.addHook('onReady', async () => void hub.start());
  // Open streams would keep the server from closing: end them first.
  app.addHook('preClose', async () => hub.close());

  app.addHook('onRequest', app.authenticate);
  app.addHook('onRequest', app.requireRole('AGENT', 'ADMIN'));

  /**
   * GET /api/live — `text/event-stream` of the caller's organization, for agents and admins (API
   * keys with those roles too); customers 403. Events: `ready` `{heartbeatMs}` once subscribed
   * (what comes after it is not missed); `ticket` a LiveTicketNotice `{type, organizationId,
   * ticketId, ticketNumber?, isInternal, actorId, at}` for each dispatched domain event of the
   * organization (published by the outbox dispatcher at commit, so within about a second of the
   * change); `chat` a LiveChatNotice `{type, organizationId, chatId, actorId, at}` when a chat of
   * the organization is created, changed or written in (`chat.created`, `chat.updated`,
   * `chat.message_added`; internal events, published the same way); `presence` a
   * LivePresenceNotice; `resync` `{}` after this instance lost its feed for a while. Comment
   * lines (`: heartbeat`) every 25 s keep proxies from closing the connection.
   * Notices are hints to refetch, not data. `Last-Event-ID` is not supported (no replay): a
   * client that reconnects refetches what it shows. Without `Accept: text/event-stream`: 406
   * problem+json. The stream ends when the server shuts down, after a `retry:` field of 1–5 s
   * (clients reconnect, to another instance behind a load balancer); a stream asked for while it shuts down gets 503 `shutting_down` with Retry-After. One user or API key holds
   * at most LIVE_MAX_STREAMS_PER_USER streams at once (default 10); one more is 429
   * `too_many_streams` with Retry-After.
   */
  app.get(
    '/api/live',
    {
      sse: { kind: 'dual' },
      // Held open by every dashboard tab: no request log line (plugins/request-log.ts).
      config: { logRequest: false },
      schema: {
        tags: ['live'],
        operationId: 'streamLiveUpdates',
        summary: 'Live updates (Server-Sent Events)',
        description:
          "A text/event-stream of the organization's ticket changes, chat inbox changes (`chat` events: a chat created, changed or written in) and presence, for the dashboard. Agents and admins only. Send `Accept: text/event-stream` (else 406). No replay: `Last-Event-ID` is ignored; refetch after reconnecting.",
        response: {
          200: EventStreamSchema,
          406: ProblemSchema,
          429: ProblemSchema,
          503: ProblemSchema,
          ...commonProblems,
        },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const sse = (reply as FastifyReply & { sse?: SSEReplyInterface }).sse;
      if (!sse) throw new NotAcceptableError();
      // Shutting down: a client reconnecting now must try again (elsewhere) rather than hold
      // the closing server open.
      if (hub.isClosed()) throw new ShuttingDownError();
      // Each stream holds a connection and a subscriber: a per-user cap keeps one account (or a
      // leaked key) from exhausting the instance's sockets.
      const slot = `live:${principal.kind}:${principal.id}`;
      if (!(await app.limits.acquire(slot, maxStreams, STREAM_LEASE_MS)).acquired) {
        throw new TooManyStreamsError(maxStreams);
      }
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        void app.limits.release(slot);
      };
      reply.raw.once('close', release);
      await hub.start();
      const unsubscribe = hub.subscribe({
        principal,
        send(event, data) {
          if (sse.isConnected) sse.send({ event, data }).catch(() => sse.close());
        },
        close() {
          // Shutting down: a last `retry:` field (WHATWG HTML "Server-sent events": it sets the
          // reconnection time and dispatches no event) spreads the clients' reconnections to the
          // other instances over 1–5 s, then the stream and its connection end (a keep-alive
          // socket left idle after the server began closing would hold the close up until the
          // client drops it).
          if (sse.isConnected)
            reply.raw.write(`retry: ${1000 + Math.floor(Math.random() * 4000)}\n\n`);
          sse.close();
          request.raw.socket?.end();
        },
      });
      sse.onClose(unsubscribe);
      sse.keepAlive();
      await sse.send({ event: 'ready', data: { heartbeatMs }, retry: 5000 });
    },
  );

  /**
   * GET /api/tickets/:id/presence — `{data: [{userId, name, state, since, expiresAt}]}`: who else
   * (not the caller) has the ticket open (`viewing`) or is writing a reply (`replying`), the
   * longest there first. Agents and admins of the organization; a ticket of another organization
   * or deleted is 404.
   */
  app.get(
    '/api/tickets/:id/presence',
    {
      // Heartbeats of every open ticket page: no request log line (plugins/request-log.ts).
      config: { logRequest: false },
      schema: {
        tags: ['live'],
        summary: "Who is on a ticket's page",
        description:
          'The collision notice: agents and admins viewing the ticket or replying to it, the caller excluded. A presence lasts 40 s after its last report.',
        params: TicketIdParamsSchema,
        response: { 200: TicketPresenceListSchema, ...commonProblems },
      },
    },
    async (request) => live.listPresence(principalOf(request), request.params.id),
  );

  /**
   * PUT /api/tickets/:id/presence `{state: 'viewing'|'replying'}` — the caller is on the ticket's
   * page (a heartbeat: the dashboard repeats it every 15 s; a presence expires 40 s after the
   * last one). Broadcast to the organization's live streams on every instance. 200 with the
   * others on the ticket, as GET. Signed-in agents and admins only (API keys 403: presence is a
   * person's); 400 naming `state` when it is not one of the two.
   */
  app.put(
    '/api/tickets/:id/presence',
    {
      // Heartbeats of every open ticket page: no request log line (plugins/request-log.ts).
      config: { logRequest: false },
      schema: {
        tags: ['live'],
        summary: 'Report presence on a ticket',
        description:
          'Heartbeat of an agent on a ticket page: viewing, or replying (the composer has text). Repeat every 15 s; expires after 40 s. Answers who else is there.',
        params: TicketIdParamsSchema,
        body: PresenceBodySchema,
        response: { 200: TicketPresenceListSchema, ...commonProblems },
      },
    },
    async (request) =>
      live.setPresence(principalOf(request), request.params.id, request.body.state),
  );

  /**
   * DELETE /api/tickets/:id/presence — the caller left the ticket's page (204, idempotent);
   * broadcast like PUT. Same access as PUT.
   */
  app.delete(
    '/api/tickets/:id/presence',
    {
      // Heartbeats of every open ticket page: no request log line (plugins/request-log.ts).
      config: { logRequest: false },
      schema: {
        tags: ['live'],
        summary: "Leave a ticket's page",
        params: TicketIdParamsSchema,
        response: { 204: z.null().describe('Left'), ...commonProblems },
      },
    },
    async (request, reply) => {
      await live.clearPresence(principalOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
