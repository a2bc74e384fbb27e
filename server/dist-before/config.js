/**
 * Docket's configuration: the environment, validated once at boot with zod (STYLE.md habit 4:
 * nothing else reads `process.env`). `loadConfig()` is called by server.ts and by the tests with
 * overrides; `buildApp(config)` receives the result.
 */
import { hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
/** The repository root: the nearest folder above this file that holds prisma/schema.prisma. */
export function findRepoRoot(start = path.dirname(fileURLToPath(import.meta.url))) {
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
    /** Access-token lifetime in seconds (default 8 hours: one working day). */
    JWT_EXPIRES_IN: z.coerce
      .number()
      .int()
      .min(60)
      .max(30 * 24 * 3600)
      .default(8 * 3600),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    /** `json` (one pino line per event, for log shippers) or `pretty` (for a terminal). */
    LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
    /** Public base URL of this deployment, used in links sent to customers. */
    PUBLIC_URL: z.url().optional(),
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
    /** Public tracker look-ups per window from one IP. */
    RATE_LIMIT_TRACK_PER_IP: z.coerce.number().int().min(1).default(20),
    /** Public tracker look-ups per window for one ticket reference, from all IPs together. */
    RATE_LIMIT_TRACK_PER_REFERENCE: z.coerce.number().int().min(1).default(10),
    /** Tracking-link views per window from one IP. */
    RATE_LIMIT_TRACKING_LINK_PER_IP: z.coerce.number().int().min(1).default(60),
    /** Replies through tracking links per window from one IP. */
    RATE_LIMIT_TRACKING_REPLY_PER_IP: z.coerce.number().int().min(1).default(10),
  })
  .refine((env) => env.NODE_ENV !== 'production' || env.JWT_SECRET, {
    message: 'JWT_SECRET is required in production',
    path: ['JWT_SECRET'],
  });
/** Raised when the environment is invalid; the message lists every variable at fault. */
export class ConfigError extends Error {
  name = 'ConfigError';
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
export function loadConfig(source = process.env) {
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
  return {
    env: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    databaseUrl: env.DATABASE_URL,
    databasePoolSize: env.DATABASE_POOL_SIZE,
    dataDir,
    repoRoot,
    version: JSON.parse(readFileSync(path.join(repoRoot, 'server', 'package.json'), 'utf8'))
      .version,
    jwt: {
      secret: env.JWT_SECRET ?? developmentSecret(dataDir, 'jwt-secret'),
      expiresInSeconds: env.JWT_EXPIRES_IN,
      issuer: 'docket',
      audience: 'docket-api',
    },
    logLevel: env.LOG_LEVEL,
    logFormat: env.LOG_FORMAT ?? (env.NODE_ENV === 'development' ? 'pretty' : 'json'),
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ''),
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
      secret:
        env.TRACKING_LINK_SECRET ??
        (env.NODE_ENV === 'production' && env.JWT_SECRET
          ? derivedSecret(env.JWT_SECRET, 'docket tracking links v1')
          : developmentSecret(dataDir, 'tracking-link-secret')),
      ttlDays: env.TRACKING_LINK_TTL_DAYS,
    },
    rateLimit: {
      windowSeconds: env.RATE_LIMIT_WINDOW_SECONDS,
      loginPerIp: env.RATE_LIMIT_LOGIN_PER_IP,
      loginPerAccount: env.RATE_LIMIT_LOGIN_PER_ACCOUNT,
      trackPerIp: env.RATE_LIMIT_TRACK_PER_IP,
      trackPerReference: env.RATE_LIMIT_TRACK_PER_REFERENCE,
      trackingLinkPerIp: env.RATE_LIMIT_TRACKING_LINK_PER_IP,
      trackingReplyPerIp: env.RATE_LIMIT_TRACKING_REPLY_PER_IP,
    },
  };
}
/** A key for one purpose derived from a master secret (HKDF-SHA256, RFC 5869), base64url. */
function derivedSecret(master, purpose) {
  return Buffer.from(hkdfSync('sha256', master, 'docket', purpose, 32)).toString('base64url');
}
/** A random secret kept in the data folder (mode 0600), made on first use. */
function developmentSecret(dataDir, name) {
  const file = path.join(dataDir, name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}
/** TRUST_PROXY → Fastify's trustProxy: true/false, a hop count, or a list of addresses/CIDRs. */
function parseTrustProxy(value) {
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
//# sourceMappingURL=config.js.map
