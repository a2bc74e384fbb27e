/**
 * The session's refresh cookie (docs/api.md "Auth"): `docket_refresh`, httpOnly (scripts never
 * read it), SameSite=Strict (never sent by another site's request), Secure when the site is served over HTTPS (HTTPS_ONLY), and
 * scoped to Path=/api/auth so that only the refresh and sign-out requests carry it; it lasts as
 * long as the session (OWASP Session Management Cheat Sheet, "Cookies").
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RequestClient } from '../../lib/principal.js';
import type { LoginResponse, User } from './auth.schemas.js';
import type { IssuedSession, SessionsService } from './sessions.service.js';

/** The cookie's name. */
const REFRESH_COOKIE = 'docket_refresh';
/** The only path the browser sends it to. */
const REFRESH_COOKIE_PATH = '/api/auth';

/** The refresh cookie's value in `request`, if any. */
export function refreshCookieOf(request: FastifyRequest): string | undefined {
  return request.cookies[REFRESH_COOKIE];
}

/** Sets the refresh cookie to `session`'s token until its end; `secure` over HTTPS. */
function setRefreshCookie(reply: FastifyReply, session: IssuedSession, secure: boolean): void {
  reply.setCookie(REFRESH_COOKIE, session.refreshToken, {
    httpOnly: true,
    secure,
    sameSite: 'strict',
    path: REFRESH_COOKIE_PATH,
    expires: session.expiresAt,
  });
}

/** Tells the browser to forget the refresh cookie. */
export function clearRefreshCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(REFRESH_COOKIE, {
    httpOnly: true,
    secure,
    sameSite: 'strict',
    path: REFRESH_COOKIE_PATH,
  });
}

/**
 * The answer of a sign-in (login, an accepted invitation, a refresh): sets the refresh cookie of
 * `session` and returns `{accessToken (with the session's sid), tokenType, expiresIn, user}`.
 */
export function sessionAnswer(
  app: FastifyInstance,
  reply: FastifyReply,
  sessions: Pick<SessionsService, 'secureCookies'>,
  session: IssuedSession,
  user: User,
): LoginResponse {
  setRefreshCookie(reply, session, sessions.secureCookies);
  const token = app.signAccessToken(user, session.sessionId);
  return { ...token, tokenType: 'Bearer', user };
}

/**
 * Opens a session for `user` who just signed in from `client` and answers as sessionAnswer: what
 * POST /api/auth/login and POST /api/invitations/accept send.
 */
export async function signInAnswer(
  app: FastifyInstance,
  reply: FastifyReply,
  sessions: SessionsService,
  user: User,
  client: RequestClient,
): Promise<LoginResponse> {
  const session = await sessions.start(user, client);
  return sessionAnswer(app, reply, sessions, session, user);
}
