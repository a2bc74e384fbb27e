/**
 * buildApp(config): the Fastify application, separate from the listener (docs/style.md, after
 * fastify/demo). External plugins first, then Docket's plugins, then the modules' routes.
 * Tests build the same app and call it with `inject` or supertest.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import compress from '@fastify/compress';
import underPressure from '@fastify/under-pressure';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import {
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Config } from './config.js';
import type { PrismaClient } from './lib/db.js';
import { ValidationError } from './lib/errors.js';
import { MAX_BODY_JSON_DEPTH, jsonNestingDepth } from './lib/json-bounds.js';
import authPlugin from './plugins/auth.js';
import apiKeyScopesPlugin from './plugins/api-key-scopes.js';
import twoFactorEnrolmentPlugin from './plugins/two-factor-enrolment.js';
import { createTwoFactorService } from './modules/two-factor/index.js';
import { twoFactorRoutes } from './modules/two-factor/two-factor.routes.js';
import idempotencyPlugin from './plugins/idempotency.js';
import openapiPlugin from './plugins/openapi.js';
import prismaPlugin from './plugins/prisma.js';
import problemDetails, { sendProblem } from './plugins/problem-details.js';
import httpProtocol, {
  clientErrorHandler,
  frameworkErrorHandler,
} from './plugins/http-protocol.js';
import { prettyLogOptions, RequestLogController } from './plugins/request-log.js';
import { helmetOptions, securityHeaderList, securityHeaders } from './plugins/security-headers.js';
import rateLimitPlugin from './plugins/rate-limit.js';
import drainPlugin from './plugins/drain.js';
import metricsPlugin from './plugins/metrics.js';
import eventWorkersPlugin, { type EventWorkersOptions } from './plugins/event-workers.js';
import { createMacrosService, macrosRoutes } from './modules/macros/index.js';
import slaPlugin from './plugins/sla.js';
import rulesPlugin from './plugins/rules.js';
import groupsPlugin from './plugins/groups.js';
import {
  createGroupsService,
  createNewTicketRouter,
  groupsRoutes,
} from './modules/groups/index.js';
import {
  createTicketRelationsService,
  ticketRelationsRoutes,
} from './modules/ticket-relations/index.js';
import { createRulesService, rulesRoutes } from './modules/rules/index.js';
import { createSlaService, slaRoutes } from './modules/sla/index.js';
import webhooksPlugin, { type WebhooksPluginOptions } from './plugins/webhooks.js';
import { createWebhooksService, webhooksRoutes } from './modules/webhooks/index.js';
import multipartPlugin from './plugins/multipart.js';
import { createAttachmentStore } from './modules/attachments/attachment-store.js';
import attachmentCleanup from './modules/attachments/attachments.cleanup.js';
import { attachmentsRoutes } from './modules/attachments/attachments.routes.js';
import { createAttachmentsService } from './modules/attachments/attachments.service.js';
import { publicRoutes } from './modules/public/public.routes.js';
import { createPublicService } from './modules/public/public.service.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { createAuthService } from './modules/auth/auth.service.js';
import { sessionsRoutes } from './modules/auth/sessions.routes.js';
import { createSessionsService } from './modules/auth/sessions.service.js';
import { healthRoutes } from './modules/health/health.routes.js';
import { activityRoutes } from './modules/activity/activity.routes.js';
import { createActivityService } from './modules/activity/activity.service.js';
import { responsesRoutes } from './modules/responses/responses.routes.js';
import { createResponsesService } from './modules/responses/responses.service.js';
import { ticketsRoutes } from './modules/tickets/tickets.routes.js';
import { createTicketsService } from './modules/tickets/tickets.service.js';
import { apiKeysRoutes } from './modules/api-keys/api-keys.routes.js';
import { createApiKeysService } from './modules/api-keys/api-keys.service.js';
import { usersRoutes } from './modules/users/users.routes.js';
import { createUsersService } from './modules/users/users.service.js';
import {
  accountsRoutes,
  createInvitationsService,
  createPasswordResetService,
} from './modules/accounts/index.js';
import { categoriesRoutes } from './modules/categories/categories.routes.js';
import { createCategoriesService } from './modules/categories/categories.service.js';
import { customFieldsRoutes } from './modules/custom-fields/custom-fields.routes.js';
import { createCustomFieldsService } from './modules/custom-fields/custom-fields.service.js';
import { chatsRoutes } from './modules/chats/chats.routes.js';
import { createChatsService } from './modules/chats/chats.service.js';
import { statsRoutes } from './modules/stats/stats.routes.js';
import { satisfactionRoutes } from './modules/satisfaction/satisfaction.routes.js';
import { createSatisfactionService } from './modules/satisfaction/satisfaction.service.js';
import { createStatsService } from './modules/stats/stats.service.js';
import { bulkTicketsRoutes } from './modules/tickets/bulk.routes.js';
import { createBulkTicketsService } from './modules/tickets/bulk.js';
import { savedViewsRoutes } from './modules/saved-views/saved-views.routes.js';
import { createSavedViewsService } from './modules/saved-views/saved-views.service.js';
import { tagsRoutes } from './modules/tags/tags.routes.js';
import { createTagsService } from './modules/tags/tags.service.js';
import { liveRoutes, poolConnectionString, type LivePluginOptions } from './modules/live/index.js';
import notificationsPlugin from './plugins/notifications.js';
import {
  createNotificationsService,
  devMailRoutes,
  notificationsRoutes,
} from './modules/notifications/index.js';
import { eventFeedRoutes } from './modules/event-feed/event-feed.routes.js';
import { createEventFeedService } from './modules/event-feed/event-feed.service.js';
import { organizationActivityRoutes } from './modules/organization-activity/organization-activity.routes.js';
import {
  createInboundPipeline,
  createDevReply,
  createImapWorker,
  createInboundService,
  inboundRoutes,
} from './modules/inbound/index.js';
import {
  createMailboxesService,
  createReplyAddresses,
  findAllMailboxAddresses,
  mailboxAddressOf,
  mailboxesRoutes,
} from './modules/mailboxes/index.js';
import { messageIdHost } from './modules/notifications/index.js';
import { createSecretBox } from './lib/secret-box.js';
import type { ImapWorker } from './modules/inbound/index.js';

import { createOrganizationActivityService } from './modules/organization-activity/organization-activity.service.js';
import {
  createDataSubjectsService,
  dataSubjectsRoutes,
  retentionJob,
} from './modules/data-subjects/index.js';
import { createMeService, meRoutes } from './modules/me/index.js';
import {
  createNotificationCenterService,
  notificationCenterRoutes,
} from './modules/notification-center/index.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Fetches the mailboxes with an IMAP account (modules/inbound/imap-worker.ts). */
    imap: ImapWorker;
  }
}

/** `load`'s answer, kept `ms` milliseconds (a new mailbox counts as Docket's own within that). */
function cachedFor<T>(ms: number, load: () => Promise<T>): () => Promise<T> {
  let value: { at: number; promise: Promise<T> } | undefined;
  return () => {
    if (!value || Date.now() - value.at > ms) {
      value = { at: Date.now(), promise: load() };
      value.promise.catch(() => (value = undefined));
    }
    return value.promise;
  };
}

export interface BuildAppOptions {
  /** The database client; the app disconnects it on close unless `ownsPrisma` is false. */
  prisma: PrismaClient;
  ownsPrisma?: boolean;
  /** Pino options or false; default: the config's level. */
  logger?: FastifyServerOptions['logger'];
  /** The database's URL, for the outbox workers' LISTEN/NOTIFY wake-ups (else they only poll). */
  databaseUrl?: string;
  /** Overrides for the outbox workers and webhooks: tests inject a webhook HTTP client, a clock, jitter. */
  eventWorkers?: Pick<EventWorkersOptions, 'now' | 'random'> & Pick<WebhooksPluginOptions, 'http'>;
  /** Overrides for live updates (modules/live): tests inject the presence clock. */
  live?: Pick<LivePluginOptions, 'now' | 'heartbeatMs' | 'maxStreamsPerUser'>;
}

/**
 * Builds the app without listening. `config` comes from loadConfig(); the caller provides a
 * connected Prisma client (server.ts starts the database and applies migrations first).
 */
export async function buildApp(config: Config, options: BuildAppOptions): Promise<FastifyInstance> {
  const securityHeaderValues = securityHeaderList(helmetOptions(config));
  const logController = new RequestLogController();
  const app = Fastify({
    logger: options.logger ?? {
      level: config.logLevel,
      ...(config.logFormat === 'pretty'
        ? { transport: { target: 'pino-pretty', options: prettyLogOptions } }
        : {}),
    },
    // One log line per request, none for the live stream and presence heartbeats.
    logController,
    // Errors raised before any hook (bad URL, over-long path parameter, unparsable request) and
    // the drain on shutdown answer problem+json too (plugins/http-protocol.ts).
    frameworkErrors: frameworkErrorHandler(securityHeaderValues, logController),
    clientErrorHandler: clientErrorHandler(securityHeaderValues),
    return503OnClosing: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
    },
    requestIdHeader: false,
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();
  // JSON bodies as Fastify parses them (prototype-poisoning safe), except that an empty body with
  // a JSON content type is no body: integrators send `POST …/claim` with that header and nothing.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    // Refused before parsing: a body nested thousands of levels deep would overflow the stack
    // of the code that walks it later (validation, storage, serialization).
    if (jsonNestingDepth(text, MAX_BODY_JSON_DEPTH) > MAX_BODY_JSON_DEPTH) {
      return done(
        new ValidationError(`The JSON body is nested deeper than ${MAX_BODY_JSON_DEPTH} levels`, [
          { path: 'body', message: `nested deeper than ${MAX_BODY_JSON_DEPTH} levels` },
        ]),
        undefined,
      );
    }
    return parseJson(request, text, done);
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (request, reply) => {
    reply.header('X-Request-Id', request.id);
  });

  // The security headers (Helmet's, computed once: plugins/security-headers.ts), then the
  // external plugins.
  await app.register(securityHeaders, { headers: securityHeaderValues });

  // Load shedding: when the event loop lags or memory runs out, answer the API's requests 503 +
  // Retry-After at once rather than queueing requests that would time out anyway. The SPA's own
  // files are served all the same: they are read from disk, already compressed, so refusing them
  // relieves nothing and leaves a half-loaded page ("Something went wrong": CI's browser tests
  // met it when a stall of the loop passed the limit as the page loaded its chunks).
  await app.register(underPressure, {
    maxEventLoopDelay: config.loadShedding.maxEventLoopDelayMs,
    maxRssBytes: config.loadShedding.maxRssBytes,
    sampleInterval: 200,
    exposeStatusRoute: false,
    pressureHandler: (request, reply) => {
      if (isWebRequest(config, request.url)) return undefined;
      reply.status(503).header('Retry-After', LOAD_SHEDDING_RETRY_AFTER_SECONDS);
      // Rendered by problem-details.ts as 503 `service_unavailable`.
      return Promise.reject(new UnderPressureError());
    },
  });

  // HTTP compression of dynamic answers (JSON over 1 KB) for clients that ask for it
  // (Accept-Encoding: br or gzip; none asked, none given). The built SPA's files are compressed
  // once at build time (web/scripts/precompress.mjs, `preCompressed` below); the live SSE stream
  // writes its socket itself and is never compressed; attachment bytes opt out (`compress: false`)
  // to keep their Content-Length. Compressed request bodies are not accepted.
  await app.register(compress, {
    global: true,
    globalDecompression: false,
    threshold: 1024,
    encodings: ['br', 'gzip'],
  });

  // Docket's plugins.
  await app.register(problemDetails);
  await app.register(httpProtocol, {
    fallbackMethods: (pathname) => (isSpaPath(config, pathname) ? ['GET', 'HEAD'] : []),
  });
  await app.register(prismaPlugin, {
    prisma: options.prisma,
    disconnectOnClose: options.ownsPrisma ?? true,
  });
  await app.register(authPlugin, {
    jwt: config.jwt,
    userCacheSeconds: config.authUserCacheSeconds,
  });
  // Before any route: every route gets the API-key scope it needs (lib/api-key-scopes.ts).
  await app.register(apiKeyScopesPlugin);
  // Two-factor sign-in (modules/two-factor): enforced enrolment on every route added after this.
  const twoFactor = createTwoFactorService({
    prisma: options.prisma,
    secretBox: createSecretBox(config.webhooks.secretKey),
  });
  await app.register(twoFactorEnrolmentPlugin, { enrolmentRequired: twoFactor.enrolmentRequired });
  await app.register(rateLimitPlugin, { limits: config.rateLimit, redis: config.redis });
  await app.register(idempotencyPlugin);
  await app.register(multipartPlugin, { attachments: config.attachments });
  await app.register(openapiPlugin, { publicUrl: config.publicUrl, version: config.version });
  // Stopping gracefully (`app.drain()`, server.ts) and the Prometheus metrics (GET /api/metrics).
  await app.register(drainPlugin, { delayMs: config.shutdown.delayMs });
  await app.register(metricsPlugin, {
    prisma: options.prisma,
    token: config.metrics.token,
    production: config.env === 'production',
  });
  await app.register(eventWorkersPlugin, {
    config,
    databaseUrl: options.databaseUrl,
    ...(options.eventWorkers?.now ? { now: options.eventWorkers.now } : {}),
    ...(options.eventWorkers?.random ? { random: options.eventWorkers.random } : {}),
  });
  // Webhooks: the `webhooks` event subscriber and the delivery worker (same clock as the outbox's).
  await app.register(webhooksPlugin, { config, ...options.eventWorkers });
  // Email notifications: the `email` subscriber and the mail worker (same clock as the outbox's).
  await app.register(notificationsPlugin, {
    config,
    ...(options.eventWorkers?.now ? { now: options.eventWorkers.now } : {}),
    ...(options.eventWorkers?.random ? { random: options.eventWorkers.random } : {}),
  });

  // SLA: the `sla` subscriber moving the clocks and the timer worker (warnings, breaches).
  await app.register(slaPlugin);
  // Rules: the `rules` subscriber (triggers) and the time-based scheduler.
  await app.register(rulesPlugin);
  // Routing: the `routing` subscriber, after the rules (a ticket is placed once they have run).
  await app.register(groupsPlugin);

  // Modules.
  const attachments = createAttachmentsService({
    prisma: options.prisma,
    config,
    store: await createAttachmentStore(config.attachments),
  });
  // Routing places a new ticket as it is created when it can (groups/routing.ts
  // createNewTicketRouter: its ledger of the tickets being placed is this app's).
  const routeNewTicket = createNewTicketRouter();
  const deps = { prisma: options.prisma, config, attachments, routeNewTicket };
  await app.register(healthRoutes);
  // Sessions (docs/product.md "Accounts"): opened at sign-in, renewed by refresh, ended by sign-out.
  const sessions = createSessionsService(deps);
  await app.register(authRoutes, { auth: createAuthService({ ...deps, twoFactor }), sessions });
  await app.register(sessionsRoutes, { sessions });
  await app.register(ticketsRoutes, { tickets: createTicketsService(deps) });
  await app.register(responsesRoutes, { responses: createResponsesService(deps) });
  await app.register(activityRoutes, { activity: createActivityService(deps) });
  await app.register(publicRoutes, { publicService: createPublicService(deps) });
  await app.register(satisfactionRoutes, { satisfaction: createSatisfactionService(deps) });
  await app.register(attachmentsRoutes, { attachments });
  await app.register(attachmentCleanup, {
    attachments,
    intervalMs: config.attachments.cleanupIntervalMs,
  });
  await app.register(apiKeysRoutes, { apiKeys: createApiKeysService(deps) });
  await app.register(webhooksRoutes, { webhooks: createWebhooksService(deps) });
  await app.register(eventFeedRoutes, { eventFeed: createEventFeedService(deps) });
  await app.register(usersRoutes, { users: createUsersService(deps) });
  await app.register(accountsRoutes, {
    passwordReset: createPasswordResetService({
      ...deps,
      onQueued: () => app.notifications.nudge(),
    }),
    invitations: createInvitationsService({ ...deps, onQueued: () => app.notifications.nudge() }),
    sessions,
  });
  await app.register(categoriesRoutes, { categories: createCategoriesService(deps) });
  await app.register(customFieldsRoutes, { customFields: createCustomFieldsService(deps) });
  await app.register(chatsRoutes, { chats: createChatsService(deps) });
  // After ticketsRoutes on purpose: the static /api/tickets/stats still wins over /api/tickets/:id.
  await app.register(statsRoutes, { stats: createStatsService(deps) });
  await app.register(slaRoutes, { sla: createSlaService(deps) });
  await app.register(rulesRoutes, { rules: createRulesService(deps) });
  await app.register(groupsRoutes, { groups: createGroupsService(deps) });
  await app.register(ticketRelationsRoutes, { relations: createTicketRelationsService(deps) });
  const macros = createMacrosService(deps);
  await app.register(macrosRoutes, { macros });
  await app.register(bulkTicketsRoutes, {
    bulk: createBulkTicketsService({
      tickets: createTicketsService(deps),
      applyMacro: macros.apply,
    }),
  });
  await app.register(savedViewsRoutes, { savedViews: createSavedViewsService(deps) });
  await app.register(tagsRoutes, { tags: createTagsService(deps) });
  await app.register(notificationsRoutes, {
    notifications: createNotificationsService({
      prisma: options.prisma,
      onRetry: () => app.notifications.nudge(),
    }),
  });
  await app.register(organizationActivityRoutes, {
    organizationActivity: createOrganizationActivityService(deps),
  });
  // Data-subject requests (export, erasure) and the daily retention job.
  await app.register(dataSubjectsRoutes, {
    dataSubjects: createDataSubjectsService({ prisma: options.prisma, attachments }),
  });
  await app.register(retentionJob, {
    prisma: options.prisma,
    removeKeys: (keys: readonly string[]) => attachments.removeUnreferencedKeys(keys),
  });
  // The signed-in person's profile and unread markers; the agents' bell (and its subscriber).
  await app.register(meRoutes, { me: createMeService(deps) });
  await app.register(twoFactorRoutes, { twoFactor });
  await app.register(notificationCenterRoutes, {
    notificationCenter: createNotificationCenterService(deps),
  });
  // Inbound email: mailboxes, the pipeline both ways in feed, the endpoint and the log.
  const mailboxes = createMailboxesService({
    prisma: options.prisma,
    secretBox: createSecretBox(config.webhooks.secretKey),
  });
  const notificationSender = mailboxAddressOf(
    /<([^<>]+)>\s*$/.exec(config.mail.from)?.[1] ?? config.mail.from,
  );
  const inboundPipeline = createInboundPipeline({
    prisma: options.prisma,
    attachments,
    attachmentsConfig: config.attachments,
    limits: app.limits,
    replyAddresses: createReplyAddresses(config.inbound.replySecret),
    inbound: config.inbound,
    messageIdHost: messageIdHost(config.publicUrl),
    ownAddresses: cachedFor(
      10_000,
      async () => new Set([notificationSender, ...(await findAllMailboxAddresses(options.prisma))]),
    ),
  });
  // Mailboxes with an IMAP account are fetched by every instance in turn (a lease per mailbox);
  // with the workers off (tests), `app.imap.runOnce()` drives it.
  const imap = createImapWorker({
    prisma: options.prisma,
    pipeline: inboundPipeline,
    mailboxes,
    maxMessageBytes: config.inbound.maxMessageBytes,
    pollMs: config.inbound.imapPollMs,
    log: app.log.child({ component: 'imap' }),
  });
  app.decorate('imap', imap);
  if (config.outbox.workersEnabled) app.addHook('onReady', async () => imap.start());
  app.addHook('preClose', async () => imap.stop());
  await app.register(mailboxesRoutes, { mailboxes });
  await app.register(inboundRoutes, {
    inbound: createInboundService({ prisma: options.prisma, pipeline: inboundPipeline }),
    mailboxes,
    maxMessageBytes: config.inbound.maxMessageBytes,
  });
  // The development mailbox: only where mails are captured, never in production.
  if (config.env !== 'production' && !config.mail.smtpUrl) {
    await app.register(devMailRoutes, {
      captureDir: config.mail.captureDir,
      replyAsRecipient: createDevReply({ prisma: options.prisma, pipeline: inboundPipeline }),
    });
  }
  await app.register(liveRoutes, {
    prisma: options.prisma,
    // Its own LISTEN connection: the given URL, else the one of the Prisma client's pool.
    connectionString: options.databaseUrl ?? poolConnectionString(options.prisma),
    startOnReady: config.outbox.workersEnabled,
    maxStreamsPerUser: config.live.maxStreamsPerUser,
    ...options.live,
  });

  // The built SPA on the same port, with client routes falling back to index.html. Its files
  // come brotli- or gzip-compressed when the build made a smaller `.br`/`.gz` beside them and the
  // client accepts it (Vary: Accept-Encoding); those siblings are not routes of their own.
  if (config.serveWeb) {
    await app.register(fastifyStatic, {
      root: config.webDistDir,
      prefix: '/',
      wildcard: false,
      index: ['index.html'],
      preCompressed: true,
      globIgnore: ['**/*.br', '**/*.gz'],
      setHeaders: (reply, filePath) => {
        const immutable = filePath.includes(`${path.sep}assets${path.sep}`);
        reply.header(
          'Cache-Control',
          immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const pathname = request.url.split('?')[0] ?? '/';
    if (isSpaPath(config, pathname) && (request.method === 'GET' || request.method === 'HEAD')) {
      return reply.header('Cache-Control', 'no-cache').sendFile('index.html');
    }
    return sendProblem(reply, {
      title: 'Not found',
      status: 404,
      code: 'not_found',
      detail: `No route ${request.method} ${pathname}`,
    });
  });

  return app;
}

/** Seconds a client is told to wait (Retry-After) when the API sheds load. */
const LOAD_SHEDDING_RETRY_AFTER_SECONDS = 5;

/** How a shed request ends: @fastify/under-pressure's error code, rendered by problem-details.ts. */
class UnderPressureError extends Error {
  readonly code = 'FST_UNDER_PRESSURE';
  readonly statusCode = 503;
  constructor() {
    super('Service Unavailable');
  }
}

/**
 * Whether `url` (a path, with or without its query) asks for the built SPA — one of its files, or
 * a client route answered with index.html — rather than the API: anything outside /api while the
 * SPA is served.
 */
function isWebRequest(config: Pick<Config, 'serveWeb'>, url: string): boolean {
  const pathname = url.split('?')[0] ?? '/';
  return config.serveWeb && pathname !== '/api' && !pathname.startsWith('/api/');
}

/**
 * Whether `pathname` is one of the dashboard's client routes, answered with index.html: a web
 * request (isWebRequest) whose last segment has no file extension (`.txt`, `.ico`, `.js`, … of
 * 1–8 letters or digits). A missing file is a 404, never the HTML page: a browser or crawler
 * asking for /robots.txt or an old asset must not get HTML with 200.
 */
function isSpaPath(config: Pick<Config, 'serveWeb'>, pathname: string): boolean {
  if (!isWebRequest(config, pathname)) return false;
  const last = pathname.slice(pathname.lastIndexOf('/') + 1);
  return !/\.[A-Za-z0-9]{1,8}$/.test(last);
}
