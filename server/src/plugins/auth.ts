/**
 * Authentication and role checks (docs/api.md "Auth").
 * - Access tokens: JWT signed with HS256 only, issuer and audience checked, expiring
 *   (`JWT_EXPIRES_IN`); `sub` is the user id. The user's row (active flag, role, name) is read
 *   from the database and then reused for AUTH_USER_CACHE_SECONDS (default 5; 0 reads it on every
 *   request): measured at a million tickets (bench/), that read was a third of the database work
 *   of a ticket page. So a deactivated user or a changed role takes effect within those seconds
 *   on every instance, and at once on the instance that made the change: any successful write
 *   under /api/users or /api/groups, to one's own profile (/api/me) or sessions (/api/me/sessions),
 *   a password reset (/api/auth/password-reset/confirm), a sign-out (/api/auth/logout) or a
 *   refresh-token reuse (/api/auth/refresh answered 401) empties its cache.
 * - Sessions (docs/product.md "Accounts"; modules/auth/sessions.service.ts): a token signed at
 *   sign-in carries its session's id (`sid`); the session's row (revoked, expired) is read with
 *   the user's, in the same query and cached with it (keyed by user and session). Every token
 *   issued before the user's `sessionsRevokedAt` (a password reset, "sign out everywhere", a
 *   deactivation, an admin setting the password) is refused (the `ims` claim, ms; else `iat`).
 *   A token without `sid` (signed before sessions existed) is still accepted until it expires,
 *   under the same `sessionsRevokedAt` rule: none that was validly issued is refused early.
 * - API keys (lib/api-key.ts): a bearer value starting with `dk_` is an integrator's key, found by
 *   its prefix and checked against its SHA-256 in constant time; revoked or expired keys are 401.
 *   The request then acts in the key's organization with the key's scopes (plugins/api-key-scopes.ts
 *   checks them per route), as an ADMIN when they include `admin`, else as an AGENT.
 * - `app.authenticate`: preHandler that sets `request.principal` or answers 401.
 * - `app.requireRole(...roles)`: preHandler that answers 403 to other roles.
 * - `app.requireUser`: preHandler that answers 403 to API keys, for what docs/product.md's roles table
 *   keeps from them whatever their role ("manage users, categories, API keys, webhooks, SLA").
 */
import fastifyCookie from '@fastify/cookie';
import fastifyJwt from '@fastify/jwt';
import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.js';
import { looksLikeApiKey, parseApiKey, verifyApiKey } from '../lib/api-key.js';
import { ROLE_SCOPES, isApiKeyScope, roleOfScopes } from '../lib/api-key-scopes.js';
import type { Role } from '../lib/domain.js';
import { isUuid } from '../lib/cursor.js';
import { ForbiddenError, UnauthorizedError } from '../lib/errors.js';
import type { Principal, RequestClient } from '../lib/principal.js';
import {
  findApiKeyByPrefix,
  findAuthUserRow,
  touchApiKeyLastUsed,
  type AuthUser,
} from './auth.repository.js';

declare module '@fastify/jwt' {
  interface FastifyJWT {
    /** `ims`: when it was issued, in ms (`iat` is in seconds): a password reset in the same second still ends it. */
    payload: { sub: string; org: string; role: Role; ims?: number; sid?: string };
    user: { sub: string; org: string; role: Role; ims?: number; iat?: number; sid?: string };
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    authenticate: preHandlerAsyncHookHandler;
    requireRole(...roles: Role[]): preHandlerAsyncHookHandler;
    /** 403 unless a signed-in user (not an API key) is calling; put it after `authenticate`. */
    requireUser: preHandlerAsyncHookHandler;
    /**
     * Signs an access token for a user, in their session `sessionId` when given (the `sid`
     * claim); returns the token and its lifetime in seconds.
     */
    signAccessToken(
      user: { id: string; organizationId: string; role: Role },
      sessionId?: string,
    ): {
      accessToken: string;
      expiresIn: number;
    };
  }
  interface FastifyRequest {
    /** Set by `app.authenticate`; routes behind it may rely on it. */
    principal: Principal;
  }
}

/** The principal of an authenticated request (throws 401 when the route forgot `authenticate`). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new UnauthorizedError();
  return request.principal;
}

/**
 * The client of `request` for the audit trail: `request.ip` (Fastify applies `trustProxy`, set
 * from TRUST_PROXY in config.ts, so X-Forwarded-For counts only behind a trusted proxy) and the
 * User-Agent header (null when absent; the recorder cuts it to 500 characters).
 */
export function clientOf(request: FastifyRequest): RequestClient {
  const userAgent = request.headers['user-agent'];
  return { ip: request.ip, userAgent: typeof userAgent === 'string' ? userAgent : null };
}

/**
 * The session of the request's access token (its `sid` claim), set by `authenticate`; undefined
 * for an API key or a token signed before sessions existed.
 */
export function sessionIdOf(request: FastifyRequest): string | undefined {
  if (request.principal?.kind !== 'user') return undefined;
  const sid = (request.user as { sid?: unknown } | undefined)?.sid;
  return typeof sid === 'string' ? sid : undefined;
}

/** `lastUsedAt` is kept to the minute: at most one write per key per minute. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** Users kept in the cache at most; the oldest entries leave first. */
const USER_CACHE_MAX_ENTRIES = 10_000;

export interface AuthPluginOptions {
  jwt: Config['jwt'];
  /** Seconds a signed-in user's row is reused before it is read again (0: read on every request). */
  userCacheSeconds?: number;
}

async function auth(app: FastifyInstance, opts: AuthPluginOptions) {
  const { secret, issuer, audience, expiresInSeconds } = opts.jwt;
  const userCacheMs = (opts.userCacheSeconds ?? 0) * 1000;
  /**
   * Signed-in users by `userId` or `userId sessionId`: the row, or the read in flight — the
   * requests that find the entry stale at the same moment share one read instead of each sending
   * their own (one per connection when the cached copy expires under load).
   */
  const userCache = new Map<string, { user: Promise<AuthUser | null>; expiresAt: number }>();

  /**
   * The user `id` with their session `sessionId` (null when the user does not exist), from the
   * cache while fresh, else the database (one query, shared by concurrent callers).
   */
  function findAuthUser(id: string, sessionId: string | undefined): Promise<AuthUser | null> {
    const now = Date.now();
    const key = sessionId ? `${id} ${sessionId}` : id;
    const cached = userCache.get(key);
    if (cached && cached.expiresAt > now) return cached.user;
    const user = findAuthUserRow(app.prisma, id, sessionId);
    if (userCacheMs > 0) {
      userCache.delete(key);
      if (userCache.size >= USER_CACHE_MAX_ENTRIES) {
        userCache.delete(userCache.keys().next().value as string);
      }
      const entry = { user, expiresAt: now + userCacheMs };
      userCache.set(key, entry);
      // A failed read is not kept: the next request reads again.
      user.catch(() => {
        if (userCache.get(key) === entry) userCache.delete(key);
      });
    }
    return user;
  }
  if (userCacheMs > 0) {
    // A change of users or groups on this instance (role, deactivation, deletion, membership)
    // applies at once here.
    app.addHook('onResponse', async (request, reply) => {
      if (
        request.method !== 'GET' &&
        request.method !== 'HEAD' &&
        reply.statusCode < 300 &&
        (request.url.startsWith('/api/users') ||
          request.url.startsWith('/api/groups') ||
          // A password reset ends the user's sessions at once here.
          request.routeOptions.url === '/api/auth/password-reset/confirm' ||
          // So do a sign-out and the end of one's sessions (/api/me/sessions…).
          request.routeOptions.url === '/api/auth/logout' ||
          request.url.startsWith('/api/me/sessions') ||
          // A profile change (PATCH /api/me: the name shown as actor) applies at once too.
          request.routeOptions.url === '/api/me')
      ) {
        userCache.clear();
      }
      // A refresh token presented twice revoked its session (answered 401).
      if (request.routeOptions.url === '/api/auth/refresh' && reply.statusCode === 401) {
        userCache.clear();
      }
    });
  }
  // The session's refresh cookie (modules/auth/sessions.cookie.ts) is read from `request.cookies`.
  await app.register(fastifyCookie);
  await app.register(fastifyJwt, {
    secret,
    sign: { algorithm: 'HS256', iss: issuer, aud: audience, expiresIn: `${expiresInSeconds}s` },
    // RFC 7519 §4.1: issuer, audience and expiry are required, not merely checked when present
    // (a token without `exp` would never expire).
    verify: {
      algorithms: ['HS256'],
      allowedIss: issuer,
      allowedAud: audience,
      requiredClaims: ['iss', 'aud', 'exp', 'sub', 'org'],
    },
  });
  app.decorateRequest('principal', null as unknown as Principal);

  app.decorate(
    'signAccessToken',
    (user: { id: string; organizationId: string; role: Role }, sessionId?: string) => ({
      accessToken: app.jwt.sign({
        sub: user.id,
        org: user.organizationId,
        role: user.role,
        ims: Date.now(),
        ...(sessionId ? { sid: sessionId } : {}),
      }),
      expiresIn: expiresInSeconds,
    }),
  );

  app.decorate('authenticate', async function authenticate(request: FastifyRequest) {
    const header = request.headers.authorization;
    if (!header || !/^Bearer\s+\S+$/i.test(header)) {
      throw new UnauthorizedError('Send Authorization: Bearer <access token or API key>');
    }
    const bearer = header.replace(/^Bearer\s+/i, '');
    if (looksLikeApiKey(bearer)) {
      request.principal = await authenticateApiKey(bearer, request);
      return;
    }
    let payload: { sub: string; org: string; ims?: number; iat?: number; sid?: unknown };
    try {
      payload = await request.jwtVerify<{
        sub: string;
        org: string;
        role: Role;
        ims?: number;
        iat?: number;
        sid?: unknown;
      }>();
    } catch {
      throw new UnauthorizedError('The access token is invalid or expired');
    }
    // Docket signs uuids only: anything else was not made here (and must not reach a uuid column).
    if (
      typeof payload.sub !== 'string' ||
      !isUuid(payload.sub) ||
      typeof payload.org !== 'string' ||
      !isUuid(payload.org) ||
      (payload.sid !== undefined && (typeof payload.sid !== 'string' || !isUuid(payload.sid)))
    ) {
      throw new UnauthorizedError('The access token is invalid or expired');
    }
    const sessionId = payload.sid as string | undefined;
    const user = await findAuthUser(payload.sub, sessionId);
    if (!user || !user.isActive || user.organizationId !== payload.org) {
      throw new UnauthorizedError('The account behind this token is no longer active');
    }
    // A session that ended ends its access tokens (docs/product.md "Accounts").
    if (
      sessionId !== undefined &&
      (!user.session || user.session.revokedAt || user.session.expiresAt.getTime() <= Date.now())
    ) {
      throw new UnauthorizedError('This session has ended: sign in again');
    }
    // A password reset, "sign out everywhere" or a deactivation ends every token issued before it.
    if (user.sessionsRevokedAt) {
      const issuedAt =
        typeof payload.ims === 'number'
          ? payload.ims
          : typeof payload.iat === 'number'
            ? payload.iat * 1000
            : 0;
      if (issuedAt < user.sessionsRevokedAt.getTime()) {
        throw new UnauthorizedError(
          'Your sessions were ended since this token was issued: sign in again',
        );
      }
    }
    request.principal = {
      kind: 'user',
      id: user.id,
      organizationId: user.organizationId,
      role: user.role,
      name: user.name,
      email: user.email,
      groupIds: user.role === 'AGENT' ? user.groupIds : null,
      client: clientOf(request),
      // Only enrolment answers them (plugins/two-factor-enrolment.ts).
      ...(user.twoFactorEnrolmentRequired ? { twoFactorEnrolmentRequired: true } : {}),
    };
  });

  /**
   * The API-key path of `authenticate`: `dk_<prefix>_<secret>` → the key's principal
   * `{kind: 'api_key', id, organizationId, role, name: 'API key "<name>"', email: null, scopes,
   * groupIds}`: `scopes` the key's (lib/api-key-scopes.ts; a role key stored without scopes has its
   * role's), `role` ADMIN when they include `admin` else AGENT (for the routes' role checks; the
   * scope each route needs is checked by plugins/api-key-scopes.ts), `groupIds` the key's groups,
   * or null when it has none (every ticket of the organization).
   * Records `lastUsedAt` at most once a minute per key (the conditional UPDATE also settles
   * concurrent requests), so busy integrations do not turn every read into a write.
   * @throws UnauthorizedError for a malformed, unknown, tampered, revoked or expired key.
   */
  async function authenticateApiKey(bearer: string, request: FastifyRequest): Promise<Principal> {
    const parsed = parseApiKey(bearer);
    if (!parsed) throw new UnauthorizedError('The API key is invalid');
    const key = await findApiKeyByPrefix(app.prisma, parsed.prefix);
    if (!key || !verifyApiKey(bearer, key.keyHash)) {
      throw new UnauthorizedError('The API key is invalid');
    }
    const now = Date.now();
    if (key.revokedAt) throw new UnauthorizedError('The API key has been revoked');
    if (key.expiresAt && key.expiresAt.getTime() <= now) {
      throw new UnauthorizedError('The API key has expired');
    }
    // A key made with a role is ADMIN or AGENT; refuse anything else rather than act as a customer.
    if (key.role !== null && key.role !== 'ADMIN' && key.role !== 'AGENT') {
      throw new UnauthorizedError('The API key is invalid');
    }
    // Its scopes; a role key stored without any (made before scopes) has its role's.
    const stored = key.scopes.filter(isApiKeyScope);
    const scopes = stored.length > 0 || key.role === null ? stored : [...ROLE_SCOPES[key.role]];

    if (!key.lastUsedAt || now - key.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
      try {
        await touchApiKeyLastUsed(app.prisma, key.id);
      } catch (error) {
        // Bookkeeping only: a failed write must not fail the integrator's request.
        request.log.warn({ err: error, apiKeyId: key.id }, 'could not record API key use');
      }
    }
    return {
      kind: 'api_key',
      id: key.id,
      organizationId: key.organizationId,
      role: roleOfScopes(scopes),
      name: `API key "${key.name}"`,
      email: null,
      scopes,
      groupIds: key.groupIds.length > 0 ? key.groupIds : null,
      client: clientOf(request),
    };
  }

  app.decorate('requireUser', async function requireUser(request: FastifyRequest) {
    if (principalOf(request).kind !== 'user') {
      throw new ForbiddenError(
        'API keys may not manage users, categories, API keys, webhooks or SLA policies; sign in as an admin',
      );
    }
  });

  app.decorate('requireRole', (...roles: Role[]) => {
    return async function requireRole(request: FastifyRequest) {
      if (!roles.includes(principalOf(request).role)) {
        throw new ForbiddenError(`This needs one of the roles ${roles.join(', ')}`);
      }
    };
  });
}

export default fp(auth, { name: 'auth', dependencies: ['prisma'], fastify: '5.x' });
