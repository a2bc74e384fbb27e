/**
 * Authentication and role checks (API.md "Auth").
 * - Access tokens: JWT signed with HS256 only, issuer and audience checked, expiring
 *   (`JWT_EXPIRES_IN`); `sub` is the user id. The user is re-read on each request so that a
 *   deactivated user or a changed role takes effect at once.
 * - `app.authenticate`: preHandler that sets `request.principal` or answers 401.
 * - `app.requireRole(...roles)`: preHandler that answers 403 to other roles.
 */
import fastifyJwt from '@fastify/jwt';
import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.js';
import type { Role } from '../lib/domain.js';
import { ForbiddenError, UnauthorizedError } from '../lib/errors.js';
import type { Principal } from '../lib/principal.js';

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: { sub: string; org: string; role: Role };
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    authenticate: preHandlerAsyncHookHandler;
    requireRole(...roles: Role[]): preHandlerAsyncHookHandler;
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

async function auth(app: FastifyInstance, opts: { jwt: Config['jwt'] }) {
  const { secret, issuer, audience, expiresInSeconds } = opts.jwt;
  await app.register(fastifyJwt, {
    secret,
    sign: { algorithm: 'HS256', iss: issuer, aud: audience, expiresIn: `${expiresInSeconds}s` },
    verify: { algorithms: ['HS256'], allowedIss: issuer, allowedAud: audience },
  });
  app.decorateRequest('principal', null as unknown as Principal);

  app.decorate('signAccessToken', (user: { id: string; organizationId: string; role: Role }) => ({
    accessToken: app.jwt.sign({ sub: user.id, org: user.organizationId, role: user.role }),
    expiresIn: expiresInSeconds,
  }));

  app.decorate('authenticate', async function authenticate(request: FastifyRequest) {
    const header = request.headers.authorization;
    if (!header || !/^Bearer\s+\S+$/i.test(header)) {
      throw new UnauthorizedError('Send Authorization: Bearer <access token or API key>');
    }
    let payload: { sub: string; org: string };
    try {
      payload = await request.jwtVerify<{ sub: string; org: string; role: Role }>();
    } catch {
      throw new UnauthorizedError('The access token is invalid or expired');
    }
    const user = await app.prisma.user.findUnique({
      where: { id: payload.sub },
      select: { id: true, organizationId: true, role: true, name: true, email: true, isActive: true },
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

  app.decorate('requireRole', (...roles: Role[]) => {
    return async function requireRole(request: FastifyRequest) {
      if (!roles.includes(principalOf(request).role)) {
        throw new ForbiddenError(`This needs one of the roles ${roles.join(', ')}`);
      }
    };
  });
}

export default fp(auth, { name: 'auth', dependencies: ['prisma'], fastify: '5.x' });
