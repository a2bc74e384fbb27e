/**
 * Docket's configuration: the environment, validated once at boot with zod (docs/style.md habit 4:
 * nothing else reads `process.env`). `loadConfig()` is called by server.ts and by the tests with
 * overrides; `buildApp(config)` receives the result.
 */
import { hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ipaddr from 'ipaddr.js';
import { z } from 'zod';

/** The repository root: the nearest folder above this file that holds prisma/schema.prisma. */
export function findRepoRoot(start = path.dirname(fileURLToPath(import.meta.url))): string {
  let dir = start;
  for (;;) {
    if (existsSync(path.join(dir, 'prisma', 'schema.prisma'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no prisma/schema.prisma above ${start}`);
    dir = parent;
  }
}

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('127.0.0.1'),
    /** PostgreSQL URL; when absent an embedded PostgreSQL is started under DATA_DIR. */
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
    /** Folder for the embedded database, generated secrets and (later) files; default `<repo>/.data`. */
    DATA_DIR: z.string().min(1).optional(),
    /** HMAC secret for access tokens (HS256); at least 32 characters. */
    JWT_SECRET: z.string().min(32, 'JWT_SECRET must be at least 32 characters').optional(),
    /**
     * Access-token lifetime in seconds (default 15 minutes): the browser renews it with its
     * session's refresh cookie (docs/api.md "Auth"), so a short life bounds a stolen token.
     */
    JWT_EXPIRES_IN: z.coerce
      .number()
      .int()
      .min(60)
      .max(30 * 24 * 3600)
      .default(15 * 60),
    /** Days a signed-in session lasts at most, refreshes or not (default 30). */
    REFRESH_SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
    /**
     * Seconds a signed-in user's row (active flag, role) is reused by authentication before it is
     * read again (0: on every request). Deactivation and role changes take this long to reach
     * other instances; the instance that makes them applies them at once.
     */
    AUTH_USER_CACHE_SECONDS: z.coerce.number().int().min(0).max(60).default(5),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    /** `json` (one pino line per event, for log shippers) or `pretty` (for a terminal). */
    LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
    /** Public base URL of this deployment, used in links sent to customers. */
    PUBLIC_URL: z.url().optional(),
    /**
     * The site is only ever served over TLS: browsers are told to use HTTPS alone
     * (Strict-Transport-Security, the CSP's upgrade-insecure-requests). Default: PUBLIC_URL is
     * https. On plain HTTP these would make browsers fetch every script over https and fail.
     */
    HTTPS_ONLY: booleanFromEnv.optional(),
    /** Serve the built SPA (web/dist) from the API server; default: when web/dist exists. */
    SERVE_WEB: booleanFromEnv.optional(),
    /** Create the demo organizations, users and tickets at start (idempotent). */
    SEED_DEMO_DATA: booleanFromEnv.optional(),
    /**
     * Which proxies to trust for the client address (X-Forwarded-For), as Fastify's trustProxy:
     * `false` (default: the socket's peer is the client), `true` (any: only behind a proxy that
     * overwrites the header), a hop count ("1"), or addresses/CIDRs ("10.0.0.0/8,127.0.0.1").
     * Per-IP rate limits are only as good as this setting.
     */
    TRUST_PROXY: z.string().min(1).optional(),
    /** Base URL of generated meeting links for video/audio sessions. */
    MEETING_BASE_URL: z.url().default('https://meet.jit.si'),
    /** Load shedding: answer 503 when the event loop lags more than this (ms; 0 = off). */
    SHED_LOAD_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(0).default(1000),
    /** Load shedding: answer 503 when the process's resident memory exceeds this (MiB; 0 = off). */
    SHED_LOAD_MAX_RSS_MB: z.coerce.number().int().min(0).default(0),
    /** Connections in the database pool. */
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    /** Milliseconds to wait for a database connection (free or new) before answering 503. */
    DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5_000),
    /** Milliseconds a query may wait for the database's answer before answering 503 (0: no limit). */
    DATABASE_QUERY_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
    /** HMAC key of the signed tracking links sent to requesters; at least 32 characters. */
    TRACKING_LINK_SECRET: z
      .string()
      .min(32, 'TRACKING_LINK_SECRET must be at least 32 characters')
      .optional(),
    /** Days a tracking link stays valid after it is made (default 90). */
    TRACKING_LINK_TTL_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
    /** Length of every rate-limit window, in seconds (default one minute). */
    RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
    /** Sign-in attempts per window from one IP, whatever the email. */
    RATE_LIMIT_LOGIN_PER_IP: z.coerce.number().int().min(1).default(50),
    /** Sign-in attempts per window from one IP for one email (password guessing). */
    RATE_LIMIT_LOGIN_PER_ACCOUNT: z.coerce.number().int().min(1).default(10),
    /** Live-update streams (GET /api/live) one user or API key may hold open at once. */
    LIVE_MAX_STREAMS_PER_USER: z.coerce.number().int().min(1).max(1000).default(10),
    /**
     * Redis for the limit store (`redis://` or `rediss://`): every instance then counts rate
     * limits, upload limits and live-stream slots together. Unset: in this process's memory (one
     * instance).
     */
    REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
    /** Bound on connecting to Redis and on each command, ms; past it the limit is counted locally. */
    REDIS_TIMEOUT_MS: z.coerce.number().int().min(50).max(10_000).default(500),
    /** Public tracker look-ups per window from one IP. */
    RATE_LIMIT_TRACK_PER_IP: z.coerce.number().int().min(1).default(20),
    /** Public tracker look-ups per window for one ticket reference from one IP. */
    RATE_LIMIT_TRACK_PER_REFERENCE: z.coerce.number().int().min(1).default(10),
    /**
     * Public tracker look-ups per window for one ticket reference from all IPs together: a
     * ceiling against guessing from many IPs, high enough that others cannot lock the owner out.
     */
    RATE_LIMIT_TRACK_PER_REFERENCE_ALL_IPS: z.coerce.number().int().min(1).default(100),
    /** Tracking-link views per window from one IP. */
    RATE_LIMIT_TRACKING_LINK_PER_IP: z.coerce.number().int().min(1).default(60),
    /** Replies through tracking links per window from one IP. */
    RATE_LIMIT_TRACKING_REPLY_PER_IP: z.coerce.number().int().min(1).default(10),
    /** Run the outbox workers (event dispatcher, subscribers, webhook deliveries) in this process; default: yes, except under NODE_ENV=test (tests drive them). */
    OUTBOX_WORKERS: booleanFromEnv.optional(),
    /** How often idle outbox workers look for work, in ms (new events also wake them at once through LISTEN/NOTIFY). */
    OUTBOX_POLL_INTERVAL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
    /**
     * Connections of the outbox workers' own database pool (the dispatcher's and subscribers'
     * transactions), apart from the requests' DATABASE_POOL_SIZE; 0: they share the requests' pool.
     */
    OUTBOX_DATABASE_POOL_SIZE: z.coerce.number().int().min(0).max(100).default(5),
    /**
     * Bearer token of GET /api/metrics (Prometheus), at least 16 characters. In production the
     * route answers 404 without it; elsewhere the route is open unless it is set.
     */
    METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN must be at least 16 characters').optional(),
    /**
     * Stopping (SIGTERM, SIGINT): ms after which the process exits even if requests, streams or
     * workers are still finishing.
     */
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(10_000),
    /**
     * Stopping: ms during which the instance keeps serving while GET /api/health/ready already
     * answers 503, so that load balancers stop sending it traffic before it closes (0: close at once).
     */
    SHUTDOWN_DELAY_MS: z.coerce.number().int().min(0).max(120_000).default(0),
    /**
     * Webhook destinations allowed although private, loopback or otherwise non-public
     * (SSRF guard, modules/webhooks/webhook-ssrf.ts): a comma list of IP addresses, CIDR ranges
     * (matched against the address connected to) and host names (matched against the URL).
     */
    WEBHOOK_ALLOWED_HOSTS: z
      .string()
      .refine((value) => value.split(',').every((entry) => isAllowedHostEntry(entry.trim())), {
        message: 'a comma list of IP addresses, CIDR ranges (10.0.0.0/8) or host names',
      })
      .optional(),
    /** Allow webhooks to any address, private networks included (only for closed deployments). */
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: booleanFromEnv.default(false),
    /** Time allowed for one webhook request (connect, send, answer), in ms (Standard Webhooks: keep it short). */
    WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
    /** An endpoint whose deliveries keep failing this long (no success in between) is disabled, in hours. */
    WEBHOOK_DISABLE_AFTER_HOURS: z.coerce.number().int().min(1).max(8760).default(120),
    /** After a secret rotation, the old secret also signs for this long, in hours (both signatures are sent). */
    WEBHOOK_SECRET_ROTATION_HOURS: z.coerce.number().int().min(0).max(720).default(24),
    /**
     * Key that encrypts secrets at rest (≥ 32 chars): webhook signing secrets, mailbox IMAP
     * passwords and two-factor (TOTP) secrets. Default: derived from JWT_SECRET in production
     * (HKDF), else generated into DATA_DIR. Changing it leaves those unreadable (docs/security.md).
     */
    WEBHOOK_SECRET_KEY: z
      .string()
      .min(32, 'WEBHOOK_SECRET_KEY must be at least 32 characters')
      .optional(),
    /**
     * SMTP server of the email notifications (nodemailer URL: `smtp://user:pass@host:587`,
     * `smtps://…:465`); unset: mails are captured in DATA_DIR/mail and listed at /dev/mail.
     */
    SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
    /** Sender of the email notifications, `Name <address>` or an address. */
    MAIL_FROM: z.string().min(3).max(320).default('Docket <no-reply@docket.localhost>'),
    /** Attempts to send one email before it is marked FAILED (visible to admins). */
    MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(10),
    /** Without SMTP_URL: how many captured mails DATA_DIR/mail keeps (the newest); older go. */
    MAIL_CAPTURE_KEEP: z.coerce.number().int().min(1).max(1_000_000).default(1000),
    /** Largest inbound mail, MB (POST /api/inbound/email and IMAP); bigger ones are suspended. */
    INBOUND_MAX_MESSAGE_MB: z.coerce.number().int().min(1).max(200).default(40),
    /** Mails one sender may write to an organization in 10 minutes before the rest are suspended. */
    INBOUND_MAX_PER_SENDER: z.coerce.number().int().min(1).max(10_000).default(20),
    /** How often mailboxes with an IMAP account are fetched when the server offers no IDLE, s. */
    IMAP_POLL_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
    /** Where attachment bytes live: `local` (a folder) or `s3` (S3-compatible object storage). */
    ATTACHMENT_STORAGE: z.enum(['local', 's3']).default('local'),
    /** Folder of the local attachment store; default `<DATA_DIR>/attachments`. */
    ATTACHMENT_DIR: z.string().min(1).optional(),
    /** Largest file accepted, in MiB (docs/product.md: 32). */
    ATTACHMENT_MAX_FILE_MB: z.coerce.number().int().min(1).max(1024).default(32),
    /** Files accepted in one request. */
    ATTACHMENT_MAX_FILES_PER_REQUEST: z.coerce.number().int().min(1).max(100).default(10),
    /** Largest image accepted, in pixels (width × height): bigger ones are refused as decompression bombs. */
    ATTACHMENT_MAX_IMAGE_PIXELS: z.coerce.number().int().min(1).default(50_000_000),
    /**
     * Length of the upload rate-limit window, in seconds (default one hour): the files and bytes
     * an account or an organization may upload are counted per window of this length.
     */
    ATTACHMENT_UPLOAD_WINDOW_SECONDS: z.coerce
      .number()
      .int()
      .min(1)
      .max(7 * 86_400)
      .default(3600),
    /** Files one account (user, API key, or guest replying through a tracking link) may upload per window (0: no limit). */
    ATTACHMENT_UPLOAD_FILES_PER_ACCOUNT: z.coerce.number().int().min(0).default(50),
    /** MiB one account may upload per window, refused or not (0: no limit). */
    ATTACHMENT_UPLOAD_MB_PER_ACCOUNT: z.coerce.number().int().min(0).default(200),
    /** Files one organization's accounts together may upload per window (0: no limit). */
    ATTACHMENT_UPLOAD_FILES_PER_ORGANIZATION: z.coerce.number().int().min(0).default(500),
    /** MiB one organization's accounts together may upload per window (0: no limit). */
    ATTACHMENT_UPLOAD_MB_PER_ORGANIZATION: z.coerce.number().int().min(0).default(2048),
    /** Storage quota of an organization: MiB of its live (not removed) attachments (0: unlimited). */
    ATTACHMENT_QUOTA_MB_PER_ORGANIZATION: z.coerce.number().int().min(0).default(10_240),
    /** Storage quota of one user: MiB of the live attachments they uploaded (0: unlimited). */
    ATTACHMENT_QUOTA_MB_PER_ACCOUNT: z.coerce.number().int().min(0).default(1024),
    /** Minutes between runs of the job that removes unreferenced files (0: off). */
    ATTACHMENT_CLEANUP_INTERVAL_MINUTES: z.coerce.number().int().min(0).default(60),
    /** An unreferenced file is removed only once older than this, in minutes (uploads in flight). */
    ATTACHMENT_CLEANUP_GRACE_MINUTES: z.coerce.number().int().min(1).default(60),
    /** S3 driver: the bucket (required with ATTACHMENT_STORAGE=s3). */
    ATTACHMENT_S3_BUCKET: z.string().min(3).max(63).optional(),
    /** S3 driver: the region. */
    ATTACHMENT_S3_REGION: z.string().min(1).default('us-east-1'),
    /** S3 driver: endpoint of an S3-compatible service (MinIO, Ceph, R2, …); default AWS. */
    ATTACHMENT_S3_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
    /** S3 driver: path-style addressing (`<endpoint>/<bucket>/<key>`), which most S3-compatible services need. */
    ATTACHMENT_S3_FORCE_PATH_STYLE: booleanFromEnv.default(false),
    /** S3 driver: access key id; when absent the AWS SDK's default credential chain is used. */
    ATTACHMENT_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    /** S3 driver: secret access key (with ATTACHMENT_S3_ACCESS_KEY_ID). */
    ATTACHMENT_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    /** S3 driver: prefix of every object key (e.g. `docket/`). */
    ATTACHMENT_S3_PREFIX: z
      .string()
      .regex(/^[\w./-]*$/, 'letters, digits and _ . / - only')
      .default(''),
  })
  .refine((env) => env.NODE_ENV !== 'production' || env.JWT_SECRET, {
    message: 'JWT_SECRET is required in production',
    path: ['JWT_SECRET'],
  })
  .refine((env) => env.ATTACHMENT_STORAGE !== 's3' || env.ATTACHMENT_S3_BUCKET, {
    message: 'ATTACHMENT_S3_BUCKET is required with ATTACHMENT_STORAGE=s3',
    path: ['ATTACHMENT_S3_BUCKET'],
  })
  .refine((env) => env.SHUTDOWN_DELAY_MS < env.SHUTDOWN_TIMEOUT_MS, {
    message: 'SHUTDOWN_DELAY_MS must be shorter than SHUTDOWN_TIMEOUT_MS',
    path: ['SHUTDOWN_DELAY_MS'],
  })
  .refine((env) => !env.ATTACHMENT_S3_ACCESS_KEY_ID === !env.ATTACHMENT_S3_SECRET_ACCESS_KEY, {
    message:
      'give both ATTACHMENT_S3_ACCESS_KEY_ID and ATTACHMENT_S3_SECRET_ACCESS_KEY, or neither',
    path: ['ATTACHMENT_S3_SECRET_ACCESS_KEY'],
  });

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  /** Undefined: start the embedded PostgreSQL. */
  databaseUrl: string | undefined;
  databasePoolSize: number;
  /** ms to wait for a database connection before a 503 (pg connectionTimeoutMillis). */
  databaseConnectTimeoutMs: number;
  /** ms a query may wait for an answer before a 503 (db/pg-client.ts; 0: no limit). */
  databaseQueryTimeoutMs: number;
  dataDir: string;
  repoRoot: string;
  /** Docket's version (server/package.json), shown in the OpenAPI document. */
  version: string;
  jwt: { secret: string; expiresInSeconds: number; issuer: string; audience: string };
  /** Seconds plugins/auth.ts reuses a signed-in user's row (AUTH_USER_CACHE_SECONDS; 0: off). */
  authUserCacheSeconds: number;
  /** Days a session (modules/auth/sessions.service.ts) lasts at most (REFRESH_SESSION_DAYS). */
  sessionDays: number;
  logLevel: string;
  logFormat: 'json' | 'pretty';
  publicUrl: string;
  /**
   * HTTPS_ONLY (default: PUBLIC_URL is https): send HSTS and the CSP's upgrade-insecure-requests
   * (plugins/security-headers.ts); off, the app also works on plain http from any host name.
   */
  httpsOnly: boolean;
  serveWeb: boolean;
  webDistDir: string;
  seedDemoData: boolean;
  trustProxy: boolean | string[] | ((address: string, hop: number) => boolean);
  meetingBaseUrl: string;
  loadShedding: { maxEventLoopDelayMs: number; maxRssBytes: number };
  /** Signed tracking links (lib/tracking-token.ts): HMAC key and lifetime in days. */
  trackingLink: { secret: string; ttlDays: number };
  /**
   * Requests allowed per window by plugins/rate-limit.ts, counted in the limit store
   * (lib/limit-store.ts: Redis with REDIS_URL, else this process's memory).
   */
  rateLimit: {
    windowSeconds: number;
    loginPerIp: number;
    loginPerAccount: number;
    trackPerIp: number;
    trackPerReference: number;
    trackPerReferenceAllIps: number;
    trackingLinkPerIp: number;
    trackingReplyPerIp: number;
  };
  /** Live updates (modules/live): open streams per user or API key. */
  live: { maxStreamsPerUser: number };
  /**
   * REDIS_URL and REDIS_TIMEOUT_MS: the shared limit store (lib/redis-limit-store.ts); undefined:
   * limits are counted in this process's memory.
   */
  redis: { url: string; timeoutMs: number } | undefined;
  /** The outbox workers (modules/events, plugins/event-workers.ts). */
  outbox: { workersEnabled: boolean; pollIntervalMs: number; databasePoolSize: number };
  /** GET /api/metrics (plugins/metrics.ts): its bearer token (METRICS_TOKEN), if any. */
  metrics: { token: string | undefined };
  /**
   * Stopping (plugins/drain.ts, server.ts): ms of serving while reported not ready
   * (SHUTDOWN_DELAY_MS), and ms after which the process exits anyway (SHUTDOWN_TIMEOUT_MS).
   */
  shutdown: { delayMs: number; timeoutMs: number };
  /** Webhooks (modules/webhooks). */
  webhooks: WebhooksConfig;
  /** Attachments (modules/attachments): limits, cleanup job and where the bytes are stored. */
  attachments: AttachmentsConfig;
  /** Email notifications (modules/notifications). */
  mail: MailConfig;
  /** Inbound email (modules/inbound): limits and the IMAP fetch interval. */
  inbound: InboundConfig;
}

/** INBOUND_* and IMAP_* variables, parsed. */
export interface InboundConfig {
  /** Largest message, bytes. */
  maxMessageBytes: number;
  /** Mails per sender and organization in 10 minutes. */
  maxPerSender: number;
  imapPollMs: number;
  /** Key of the reply addresses' tokens (derived from the tracking-link secret). */
  replySecret: string;
}

/** SMTP_URL, MAIL_* variables, parsed. */
export interface MailConfig {
  /** undefined: capture mails in `captureDir` instead of sending them. */
  smtpUrl: string | undefined;
  from: string;
  maxAttempts: number;
  /** DATA_DIR/mail: the captured mails (development, `pnpm start` without SMTP_URL). */
  captureDir: string;
  /** How many captured mails the folder keeps (the newest); older ones are deleted. */
  captureKeep: number;
}

/** ATTACHMENT_* variables, parsed. */
export interface AttachmentsConfig {
  /** Largest file, in bytes. */
  maxFileBytes: number;
  maxFilesPerRequest: number;
  /** Largest image, width × height; bigger ones are refused (decompression bombs). */
  maxImagePixels: number;
  /**
   * Upload rate limits (modules/attachments/upload-limits.ts): files and bytes per window of
   * `windowMs`, per account and per organization, counted in the limit store; 0: no limit.
   */
  uploadRate: {
    windowMs: number;
    accountFiles: number;
    accountBytes: number;
    organizationFiles: number;
    organizationBytes: number;
  };
  /** Storage quotas: bytes of live attachments per organization and per uploading user; 0: unlimited. */
  quota: { organizationBytes: number; accountBytes: number };
  /** Milliseconds between cleanup runs; 0: no periodic cleanup. */
  cleanupIntervalMs: number;
  /** Unreferenced files younger than this (ms) are kept: their upload may still be committing. */
  cleanupGraceMs: number;
  /** The local folder (also the temporary folder of uploads in progress, whatever the driver). */
  dir: string;
  storage:
    | { driver: 'local' }
    | {
        driver: 's3';
        bucket: string;
        region: string;
        endpoint: string | undefined;
        forcePathStyle: boolean;
        credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
        prefix: string;
      };
}

/** WEBHOOK_* variables, parsed. */
export interface WebhooksConfig {
  /** Lower-cased entries of WEBHOOK_ALLOWED_HOSTS: IP addresses, CIDR ranges, host names. */
  allowedHosts: string[];
  allowPrivateNetworks: boolean;
  /** One request's time limit, ms. */
  timeoutMs: number;
  /** Continuous failure after which an endpoint is disabled, ms. */
  disableAfterMs: number;
  /** How long a rotated-out secret keeps signing, ms. */
  secretRotationOverlapMs: number;
  /** Key material that encrypts signing secrets at rest (lib/secret-box.ts). */
  secretKey: string;
}

/** Raised when the environment is invalid; the message lists every variable at fault. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Parses the environment (default `process.env`) into a Config.
 * In development and test an unset JWT_SECRET is generated once and kept in
 * `<dataDir>/jwt-secret` so that sessions survive restarts; production requires it. An unset
 * TRACKING_LINK_SECRET is likewise generated into `<dataDir>/tracking-link-secret` in development
 * and test; in production it is derived from JWT_SECRET (HKDF-SHA256, its own label), so that a
 * deployment with only JWT_SECRET still signs links every instance accepts.
 * @throws ConfigError naming each invalid variable.
 */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  // An empty variable (`DATABASE_URL=`) means unset, as in most twelve-factor apps.
  const present = Object.fromEntries(
    Object.entries(source).filter(([, v]) => v !== undefined && v !== ''),
  );
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  const repoRoot = findRepoRoot();
  const dataDir = path.resolve(env.DATA_DIR ?? path.join(repoRoot, '.data'));
  const webDistDir = path.join(repoRoot, 'web', 'dist');
  const trackingLinkSecret =
    env.TRACKING_LINK_SECRET ??
    (env.NODE_ENV === 'production' && env.JWT_SECRET
      ? derivedSecret(env.JWT_SECRET, 'docket tracking links v1')
      : developmentSecret(dataDir, 'tracking-link-secret'));
  return {
    env: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    databaseUrl: env.DATABASE_URL,
    databasePoolSize: env.DATABASE_POOL_SIZE,
    databaseConnectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS,
    databaseQueryTimeoutMs: env.DATABASE_QUERY_TIMEOUT_MS,
    dataDir,
    repoRoot,
    version: (
      JSON.parse(readFileSync(path.join(repoRoot, 'server', 'package.json'), 'utf8')) as {
        version: string;
      }
    ).version,
    jwt: {
      secret: env.JWT_SECRET ?? developmentSecret(dataDir, 'jwt-secret'),
      expiresInSeconds: env.JWT_EXPIRES_IN,
      issuer: 'docket',
      audience: 'docket-api',
    },
    authUserCacheSeconds: env.AUTH_USER_CACHE_SECONDS,
    sessionDays: env.REFRESH_SESSION_DAYS,
    logLevel: env.LOG_LEVEL,
    logFormat: env.LOG_FORMAT ?? (env.NODE_ENV === 'development' ? 'pretty' : 'json'),
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ''),
    httpsOnly: env.HTTPS_ONLY ?? env.PUBLIC_URL?.toLowerCase().startsWith('https:') ?? false,
    serveWeb: env.SERVE_WEB ?? existsSync(path.join(webDistDir, 'index.html')),
    webDistDir,
    seedDemoData: env.SEED_DEMO_DATA ?? env.NODE_ENV !== 'production',
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    meetingBaseUrl: env.MEETING_BASE_URL.replace(/\/$/, ''),
    loadShedding: {
      maxEventLoopDelayMs: env.SHED_LOAD_EVENT_LOOP_DELAY_MS,
      maxRssBytes: env.SHED_LOAD_MAX_RSS_MB * 1024 * 1024,
    },
    trackingLink: {
      secret: trackingLinkSecret,
      ttlDays: env.TRACKING_LINK_TTL_DAYS,
    },
    rateLimit: {
      windowSeconds: env.RATE_LIMIT_WINDOW_SECONDS,
      loginPerIp: env.RATE_LIMIT_LOGIN_PER_IP,
      loginPerAccount: env.RATE_LIMIT_LOGIN_PER_ACCOUNT,
      trackPerIp: env.RATE_LIMIT_TRACK_PER_IP,
      trackPerReference: env.RATE_LIMIT_TRACK_PER_REFERENCE,
      trackPerReferenceAllIps: env.RATE_LIMIT_TRACK_PER_REFERENCE_ALL_IPS,
      trackingLinkPerIp: env.RATE_LIMIT_TRACKING_LINK_PER_IP,
      trackingReplyPerIp: env.RATE_LIMIT_TRACKING_REPLY_PER_IP,
    },
    live: { maxStreamsPerUser: env.LIVE_MAX_STREAMS_PER_USER },
    redis: env.REDIS_URL ? { url: env.REDIS_URL, timeoutMs: env.REDIS_TIMEOUT_MS } : undefined,
    outbox: {
      workersEnabled: env.OUTBOX_WORKERS ?? env.NODE_ENV !== 'test',
      pollIntervalMs: env.OUTBOX_POLL_INTERVAL_MS,
      databasePoolSize: env.OUTBOX_DATABASE_POOL_SIZE,
    },
    metrics: { token: env.METRICS_TOKEN },
    shutdown: { delayMs: env.SHUTDOWN_DELAY_MS, timeoutMs: env.SHUTDOWN_TIMEOUT_MS },
    webhooks: {
      allowedHosts: (env.WEBHOOK_ALLOWED_HOSTS ?? '')
        .split(',')
        .map((entry) => entry.trim().toLowerCase())
        .filter(Boolean),
      allowPrivateNetworks: env.WEBHOOK_ALLOW_PRIVATE_NETWORKS,
      timeoutMs: env.WEBHOOK_TIMEOUT_MS,
      disableAfterMs: env.WEBHOOK_DISABLE_AFTER_HOURS * 3600_000,
      secretRotationOverlapMs: env.WEBHOOK_SECRET_ROTATION_HOURS * 3600_000,
      secretKey:
        env.WEBHOOK_SECRET_KEY ??
        (env.NODE_ENV === 'production' && env.JWT_SECRET
          ? derivedSecret(env.JWT_SECRET, 'docket webhook secrets v1')
          : developmentSecret(dataDir, 'webhook-secret-key')),
    },
    attachments: {
      maxFileBytes: env.ATTACHMENT_MAX_FILE_MB * 1024 * 1024,
      maxFilesPerRequest: env.ATTACHMENT_MAX_FILES_PER_REQUEST,
      maxImagePixels: env.ATTACHMENT_MAX_IMAGE_PIXELS,
      uploadRate: {
        windowMs: env.ATTACHMENT_UPLOAD_WINDOW_SECONDS * 1000,
        accountFiles: env.ATTACHMENT_UPLOAD_FILES_PER_ACCOUNT,
        accountBytes: env.ATTACHMENT_UPLOAD_MB_PER_ACCOUNT * 1024 * 1024,
        organizationFiles: env.ATTACHMENT_UPLOAD_FILES_PER_ORGANIZATION,
        organizationBytes: env.ATTACHMENT_UPLOAD_MB_PER_ORGANIZATION * 1024 * 1024,
      },
      quota: {
        organizationBytes: env.ATTACHMENT_QUOTA_MB_PER_ORGANIZATION * 1024 * 1024,
        accountBytes: env.ATTACHMENT_QUOTA_MB_PER_ACCOUNT * 1024 * 1024,
      },
      cleanupIntervalMs: env.ATTACHMENT_CLEANUP_INTERVAL_MINUTES * 60_000,
      cleanupGraceMs: env.ATTACHMENT_CLEANUP_GRACE_MINUTES * 60_000,
      dir: path.resolve(env.ATTACHMENT_DIR ?? path.join(dataDir, 'attachments')),
      storage:
        env.ATTACHMENT_STORAGE === 's3'
          ? {
              driver: 's3',
              bucket: env.ATTACHMENT_S3_BUCKET!,
              region: env.ATTACHMENT_S3_REGION,
              endpoint: env.ATTACHMENT_S3_ENDPOINT,
              forcePathStyle: env.ATTACHMENT_S3_FORCE_PATH_STYLE,
              credentials:
                env.ATTACHMENT_S3_ACCESS_KEY_ID && env.ATTACHMENT_S3_SECRET_ACCESS_KEY
                  ? {
                      accessKeyId: env.ATTACHMENT_S3_ACCESS_KEY_ID,
                      secretAccessKey: env.ATTACHMENT_S3_SECRET_ACCESS_KEY,
                    }
                  : undefined,
              prefix: env.ATTACHMENT_S3_PREFIX,
            }
          : { driver: 'local' },
    },
    mail: {
      smtpUrl: env.SMTP_URL,
      from: env.MAIL_FROM,
      maxAttempts: env.MAIL_MAX_ATTEMPTS,
      captureDir: path.join(dataDir, 'mail'),
      captureKeep: env.MAIL_CAPTURE_KEEP,
    },
    inbound: {
      maxMessageBytes: env.INBOUND_MAX_MESSAGE_MB * 1024 * 1024,
      maxPerSender: env.INBOUND_MAX_PER_SENDER,
      imapPollMs: env.IMAP_POLL_SECONDS * 1000,
      replySecret: trackingLinkSecret,
    },
  };
}

/** A key for one purpose derived from a master secret (HKDF-SHA256, RFC 5869), base64url. */
function derivedSecret(master: string, purpose: string): string {
  return Buffer.from(hkdfSync('sha256', master, 'docket', purpose, 32)).toString('base64url');
}

/** A random secret kept in the data folder (mode 0600), made on first use. */
function developmentSecret(dataDir: string, name: string): string {
  const file = path.join(dataDir, name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}

/**
 * One entry of WEBHOOK_ALLOWED_HOSTS: an IPv4/IPv6 address, a CIDR range or a DNS host name
 * (letters, digits, hyphens and dots; no scheme, port or path).
 */
function isAllowedHostEntry(entry: string): boolean {
  if (ipaddr.isValid(entry)) return true;
  if (entry.includes('/')) {
    try {
      ipaddr.parseCIDR(entry);
      return true;
    } catch {
      return false;
    }
  }
  return /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i.test(
    entry,
  );
}

/** TRUST_PROXY → Fastify's trustProxy: true/false, a hop count, or a list of addresses/CIDRs. */
function parseTrustProxy(value: string | undefined): Config['trustProxy'] {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return (_address, hop) => hop < hops;
  }
  return value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
}
