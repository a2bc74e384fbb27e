/**
 * Authentication and role checks (docs/api.md "Auth").
 * - Access tokens: JWT signed with HS256 only, issuer and audience checked, expiring
 *   (`JWT_EXPIRES_IN`); `sub` is the user id. The user's row (active flag, role, name) is read
 *   from the database and then reused for AUTH_USER_CACHE_SECONDS (default 5; 0 reads it on every
 *   request): measured at a million tickets (bench/), that read was a third of the database work
 *   of a ticket page. So a deactivated user or a changed role takes effect within those seconds
 *   on every instance, and at once on the instance that made the change: any successful write
 *   under /api/users or /api/groups, to one's own profile (/api/me), or a password reset
 *   (/api/auth/password-reset/confirm), empties its cache. A password reset also refuses every
 *   access token issued before it (the `ims` claim, ms; else `iat`).
 * - API keys (lib/api-key.ts): a bearer value starting with `dk_` is an integrator's key, found by
 *   its prefix and checked against its SHA-256 in constant time; revoked or expired keys are 401.
 *   The request then acts in the key's organization with the key's scopes (plugins/api-key-scopes.ts
 *   checks them per route), as an ADMIN when they include `admin`, else as an AGENT.
 * - `app.authenticate`: preHandler that sets `request.principal` or answers 401.
 * - `app.requireRole(...roles)`: preHandler that answers 403 to other roles.
 * - `app.requireUser`: preHandler that answers 403 to API keys, for what docs/product.md's roles table
 *   keeps from them whatever their role ("manage users, categories, API keys, webhooks, SLA").
 */
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
import { findApiKeyByPrefix, findAuthUserRow, touchApiKeyLastUsed } from './auth.repository.js';

declare module '@fastify/jwt' {
  interface FastifyJWT {
    /** `ims`: when it was issued, in ms (`iat` is in seconds): a password reset in the same second still ends it. */
    payload: { sub: string; org: string; role: Role; ims?: number };
    user: { sub: string; org: string; role: Role; ims?: number; iat?: number };
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    authenticate: preHandlerAsyncHookHandler;
    requireRole(...roles: Role[]): preHandlerAsyncHookHandler;
    /** 403 unless a signed-in user (not an API key) is calling; put it after `authenticate`. */
    requireUser: preHandlerAsyncHookHandler;
    /** Signs an access token for a user; returns the token and its lifetime in seconds. */
    signAccessToken(user: { id: string; organizationId: string; role: Role }): {
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

/** `lastUsedAt` is kept to the minute: at most one write per key per minute. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** Users kept in the cache at most; the oldest entries leave first. */
const USER_CACHE_MAX_ENTRIES = 10_000;

/** The columns of a user that authenticate needs. */
interface AuthUser {
  id: string;
  organizationId: string;
  role: Role;
  name: string;
  email: string;
  isActive: boolean;
  /** An agent an admin restricted to their groups: the ids of those groups; else null. */
  groupIds: string[] | null;
  /** When their password was last reset through a link: access tokens issued before are refused. */
  passwordResetAt: Date | null;
}

export interface AuthPluginOptions {
  jwt: Config['jwt'];
  /** Seconds a signed-in user's row is reused before it is read again (0: read on every request). */
  userCacheSeconds?: number;
}

async function auth(app: FastifyInstance, opts: AuthPluginOptions) {
  const { secret, issuer, audience, expiresInSeconds } = opts.jwt;
  const userCacheMs = (opts.userCacheSeconds ?? 0) * 1000;
  const userCache = new Map<string, { user: AuthUser | null; expiresAt: number }>();

  /** The user `id` (null when it does not exist), from the cache while fresh, else the database. */
  async function findAuthUser(id: string): Promise<AuthUser | null> {
    const now = Date.now();
    const cached = userCache.get(id);
    if (cached && cached.expiresAt > now) return cached.user;
    const user = await findAuthUserRow(app.prisma, id);
    if (userCacheMs > 0) {
      userCache.delete(id);
      if (userCache.size >= USER_CACHE_MAX_ENTRIES) {
        userCache.delete(userCache.keys().next().value as string);
      }
      userCache.set(id, { user, expiresAt: now + userCacheMs });
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
          // A profile change (PATCH /api/me: the name shown as actor) applies at once too.
          request.routeOptions.url === '/api/me')
      ) {
        userCache.clear();
      }
    });
  }
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

  app.decorate('signAccessToken', (user: { id: string; organizationId: string; role: Role }) => ({
    accessToken: app.jwt.sign({
      sub: user.id,
      org: user.organizationId,
      role: user.role,
      ims: Date.now(),
    }),
    expiresIn: expiresInSeconds,
  }));

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
    let payload: { sub: string; org: string; ims?: number; iat?: number };
    try {
      payload = await request.jwtVerify<{
        sub: string;
        org: string;
        role: Role;
        ims?: number;
        iat?: number;
      }>();
    } catch {
      throw new UnauthorizedError('The access token is invalid or expired');
    }
    // Docket signs uuids only: anything else was not made here (and must not reach a uuid column).
    if (
      typeof payload.sub !== 'string' ||
      !isUuid(payload.sub) ||
      typeof payload.org !== 'string' ||
      !isUuid(payload.org)
    ) {
      throw new UnauthorizedError('The access token is invalid or expired');
    }
    const user = await findAuthUser(payload.sub);
    if (!user || !user.isActive || user.organizationId !== payload.org) {
      throw new UnauthorizedError('The account behind this token is no longer active');
    }
    // A password reset ends every session issued before it (docs/product.md "Accounts").
    if (user.passwordResetAt) {
      const issuedAt =
        typeof payload.ims === 'number'
          ? payload.ims
          : typeof payload.iat === 'number'
            ? payload.iat * 1000
            : 0;
      if (issuedAt < user.passwordResetAt.getTime()) {
        throw new UnauthorizedError(
          'The password was reset since this token was issued: sign in again',
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
