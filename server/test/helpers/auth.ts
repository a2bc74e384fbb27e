/**
 * Signing in from tests: one way to get a bearer token (`POST /api/auth/login`, docs/api.md
 * "Auth") and to send it (`Authorization: Bearer <token>`, RFC 6750 §2.1), for every test file.
 */
import type request from 'supertest';
import { DEMO_PASSWORD } from '../../src/seed/demo-data.js';

/**
 * The password of the demo users and, by default, of the users made by the factories
 * (helpers/factories.ts), so that `signIn(t, user)` needs no password.
 */
export const TEST_PASSWORD = DEMO_PASSWORD;

/** What signing in needs: a test app with a supertest client (TestApp, WebhookTestApp). */
export interface HttpTestApp {
  http: () => ReturnType<typeof request>;
}

/** Who signs in: an email, or a user row (its `email`). */
export type SignInAs = string | { email: string };

/** Tokens already obtained, per app, by `email + "\n" + password`. */
const tokensByApp = new WeakMap<HttpTestApp, Map<string, string>>();

/**
 * The `Authorization` header of a request made with `token` (a JWT or an API key), for
 * supertest's `.set(authHeader(token))`.
 */
export function authHeader(token: string): { Authorization: string } {
  return { Authorization: `Bearer ${token}` };
}

/**
 * Signs `who` in with `password` (default TEST_PASSWORD) through `POST /api/auth/login` and
 * returns the access token (a JWT). Tokens are cached per app, email and password: later calls
 * make no request (a sign-in costs one scrypt hash on the server). Tests of signing in itself
 * (wrong password, inactive user, rate limits) send their own login requests instead.
 * @throws Error with the status and body when the sign-in is not answered 200.
 */
export async function signIn(
  t: HttpTestApp,
  who: SignInAs,
  password: string = TEST_PASSWORD,
): Promise<string> {
  const email = typeof who === 'string' ? who : who.email;
  let tokens = tokensByApp.get(t);
  if (!tokens) tokensByApp.set(t, (tokens = new Map()));
  const cacheKey = `${email}\n${password}`;
  const cached = tokens.get(cacheKey);
  if (cached) return cached;
  const res = await t.http().post('/api/auth/login').send({ email, password });
  if (res.status !== 200) throw new Error(`sign in ${email}: ${res.status} ${res.text}`);
  const token = res.body.accessToken as string;
  tokens.set(cacheKey, token);
  return token;
}

/**
 * Signs several users in at once (each with TEST_PASSWORD): `{agent: 'agent@acme.test',
 * customer: customerRow}` → `{agent: '<jwt>', customer: '<jwt>'}`.
 * @throws as signIn, for the first sign-in that fails.
 */
export async function signInAll<K extends string>(
  t: HttpTestApp,
  who: Record<K, SignInAs>,
): Promise<Record<K, string>> {
  const entries = Object.entries(who) as [K, SignInAs][];
  const tokens = await Promise.all(entries.map(([, as]) => signIn(t, as)));
  return Object.fromEntries(entries.map(([key], i) => [key, tokens[i]])) as Record<K, string>;
}
