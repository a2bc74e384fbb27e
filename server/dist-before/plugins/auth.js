/**
 * Authentication and role checks (API.md "Auth").
 * - Access tokens: JWT signed with HS256 only, issuer and audience checked, expiring
 *   (`JWT_EXPIRES_IN`); `sub` is the user id. The user is re-read on each request so that a
 *   deactivated user or a changed role takes effect at once.
 * - API keys (lib/api-key.ts): a bearer value starting with `dk_` is an integrator's key, found by
 *   its prefix and checked against its SHA-256 in constant time; revoked or expired keys are 401.
 *   The request then acts with the key's role (ADMIN or AGENT) in the key's organization.
 * - `app.authenticate`: preHandler that sets `request.principal` or answers 401.
 * - `app.requireRole(...roles)`: preHandler that answers 403 to other roles.
 * - `app.requireUser`: preHandler that answers 403 to API keys, for what SPEC.md's roles table
 *   keeps from them whatever their role ("manage users, categories, API keys, webhooks, SLA").
 */
import fastifyJwt from '@fastify/jwt';
import fp from 'fastify-plugin';
import { looksLikeApiKey, parseApiKey, verifyApiKey } from '../lib/api-key.js';
import { ForbiddenError, UnauthorizedError } from '../lib/errors.js';
/** The principal of an authenticated request (throws 401 when the route forgot `authenticate`). */
export function principalOf(request) {
  if (!request.principal) throw new UnauthorizedError();
  return request.principal;
}
/** `lastUsedAt` is kept to the minute: at most one write per key per minute. */
const LAST_USED_RESOLUTION_MS = 60_000;
async function auth(app, opts) {
  const { secret, issuer, audience, expiresInSeconds } = opts.jwt;
  await app.register(fastifyJwt, {
    secret,
    sign: { algorithm: 'HS256', iss: issuer, aud: audience, expiresIn: `${expiresInSeconds}s` },
    verify: { algorithms: ['HS256'], allowedIss: issuer, allowedAud: audience },
  });
  app.decorateRequest('principal', null);
  app.decorate('signAccessToken', (user) => ({
    accessToken: app.jwt.sign({ sub: user.id, org: user.organizationId, role: user.role }),
    expiresIn: expiresInSeconds,
  }));
  app.decorate('authenticate', async function authenticate(request) {
    const header = request.headers.authorization;
    if (!header || !/^Bearer\s+\S+$/i.test(header)) {
      throw new UnauthorizedError('Send Authorization: Bearer <access token or API key>');
    }
    const bearer = header.replace(/^Bearer\s+/i, '');
    if (looksLikeApiKey(bearer)) {
      request.principal = await authenticateApiKey(bearer, request);
      return;
    }
    let payload;
    try {
      payload = await request.jwtVerify();
    } catch {
      throw new UnauthorizedError('The access token is invalid or expired');
    }
    const user = await app.prisma.user.findUnique({
      where: { id: payload.sub },
      select: {
        id: true,
        organizationId: true,
        role: true,
        name: true,
        email: true,
        isActive: true,
      },
    });
    if (!user || !user.isActive || user.organizationId !== payload.org) {
      throw new UnauthorizedError('The account behind this token is no longer active');
    }
    request.principal = {
      kind: 'user',
      id: user.id,
      organizationId: user.organizationId,
      role: user.role,
      name: user.name,
      email: user.email,
    };
  });
  /**
   * The API-key path of `authenticate`: `dk_<prefix>_<secret>` → the key's principal
   * `{kind: 'api_key', id, organizationId, role, name: 'API key "<name>"', email: null}`.
   * Records `lastUsedAt` at most once a minute per key (the conditional UPDATE also settles
   * concurrent requests), so busy integrations do not turn every read into a write.
   * @throws UnauthorizedError for a malformed, unknown, tampered, revoked or expired key.
   */
  async function authenticateApiKey(bearer, request) {
    const parsed = parseApiKey(bearer);
    if (!parsed) throw new UnauthorizedError('The API key is invalid');
    const key = await app.prisma.apiKey.findUnique({
      where: { prefix: parsed.prefix },
      select: {
        id: true,
        organizationId: true,
        name: true,
        role: true,
        keyHash: true,
        revokedAt: true,
        expiresAt: true,
        lastUsedAt: true,
      },
    });
    if (!key || !verifyApiKey(bearer, key.keyHash)) {
      throw new UnauthorizedError('The API key is invalid');
    }
    const now = Date.now();
    if (key.revokedAt) throw new UnauthorizedError('The API key has been revoked');
    if (key.expiresAt && key.expiresAt.getTime() <= now) {
      throw new UnauthorizedError('The API key has expired');
    }
    // Keys are made for staff roles only; refuse anything else rather than act as a customer.
    if (key.role !== 'ADMIN' && key.role !== 'AGENT') {
      throw new UnauthorizedError('The API key is invalid');
    }
    if (!key.lastUsedAt || now - key.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
      try {
        await app.prisma.$executeRaw`
          UPDATE api_keys SET "lastUsedAt" = now()
          WHERE id = ${key.id}::uuid
            AND ("lastUsedAt" IS NULL OR "lastUsedAt" < now() - interval '1 minute')`;
      } catch (error) {
        // Bookkeeping only: a failed write must not fail the integrator's request.
        request.log.warn({ err: error, apiKeyId: key.id }, 'could not record API key use');
      }
    }
    return {
      kind: 'api_key',
      id: key.id,
      organizationId: key.organizationId,
      role: key.role,
      name: `API key "${key.name}"`,
      email: null,
    };
  }
  app.decorate('requireUser', async function requireUser(request) {
    if (principalOf(request).kind !== 'user') {
      throw new ForbiddenError(
        'API keys may not manage users, categories, API keys, webhooks or SLA policies; sign in as an admin',
      );
    }
  });
  app.decorate('requireRole', (...roles) => {
    return async function requireRole(request) {
      if (!roles.includes(principalOf(request).role)) {
        throw new ForbiddenError(`This needs one of the roles ${roles.join(', ')}`);
      }
    };
  });
}
export default fp(auth, { name: 'auth', dependencies: ['prisma'], fastify: '5.x' });
//# sourceMappingURL=auth.js.map
