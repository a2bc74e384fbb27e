/** Signed-in sessions (docs/api.md "Auth"): the whitelisted answers of /api/me/sessions. */
import { z } from 'zod';
import { Timestamp } from '../../lib/common.schemas.js';

/** One open session of the signed-in user (never its refresh tokens). */
export const SessionSchema = z
  .object({
    id: z.uuid(),
    createdAt: Timestamp.describe('When the session began (the sign-in)'),
    lastRefreshedAt: Timestamp.nullable().describe('When its access token was last renewed'),
    ip: z.string().nullable().describe('The address it signed in from'),
    userAgent: z.string().nullable().describe('The browser it signed in from'),
    current: z.boolean().describe('The session of the access token of this request'),
  })
  .meta({ id: 'Session' });
export type Session = z.output<typeof SessionSchema>;

/** GET /api/me/sessions answer. */
export const SessionListSchema = z
  .object({ data: z.array(SessionSchema) })
  .meta({ id: 'SessionList' });
export type SessionList = z.output<typeof SessionListSchema>;

/** `:id` of DELETE /api/me/sessions/:id (anything not one of the caller's open sessions is 404). */
export const SessionIdParamsSchema = z.object({ id: z.string().min(1).max(64) });
