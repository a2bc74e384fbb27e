/**
 * API keys of an organization (docs/product.md "REST API conventions": API keys are "hashed at rest, shown
 * once, scoped, revocable"; roles table: admins manage them, API keys never do). The answers are
 * whitelists: the key's hash is never sent, and the secret only once, in the create answer.
 */
import { z } from 'zod';
import { Timestamp } from '../../lib/common.schemas.js';

/** The roles a key may act with; a key never acts as a customer. */
export const API_KEY_ROLES = ['ADMIN', 'AGENT'] as const;

/** An API key as listed: what it is called, its prefix, role and dates; never the secret or hash. */
export const ApiKeySchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    prefix: z.string().describe('The 8 characters after "dk_", to recognise the key'),
    role: z.enum(API_KEY_ROLES),
    createdAt: Timestamp,
    expiresAt: Timestamp.nullable(),
    lastUsedAt: Timestamp.nullable().describe('To the minute'),
    revokedAt: Timestamp.nullable(),
    createdBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  })
  .meta({ id: 'ApiKey' });
export type ApiKey = z.output<typeof ApiKeySchema>;

/** The create answer: the key with its secret, shown this once and never again. */
export const CreatedApiKeySchema = ApiKeySchema.extend({
  key: z
    .string()
    .describe('The secret key "dk_<prefix>_<secret>", shown only in this answer: store it now'),
}).meta({ id: 'CreatedApiKey' });
export type CreatedApiKey = z.output<typeof CreatedApiKeySchema>;

/** GET /api/api-keys answer: every key of the organization, newest first. */
export const ApiKeyListSchema = z
  .object({ data: z.array(ApiKeySchema) })
  .meta({ id: 'ApiKeyList' });
export type ApiKeyList = z.output<typeof ApiKeyListSchema>;

/** POST /api/api-keys body; `expiresAt` (ISO 8601, future) is optional: no expiry. */
export const CreateApiKeyBodySchema = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    role: z.enum(API_KEY_ROLES),
    expiresAt: z.iso.datetime({ offset: true }).optional(),
  })
  .meta({ id: 'CreateApiKeyBody' });
export type CreateApiKeyBody = z.input<typeof CreateApiKeyBodySchema>;
export type CreateApiKeyInput = z.output<typeof CreateApiKeyBodySchema>;

/** `:id` of API-key routes; anything that is not a key of the caller's organization is 404. */
export const ApiKeyIdParamsSchema = z.object({ id: z.string().min(1).max(64) });
