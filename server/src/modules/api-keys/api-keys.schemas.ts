/**
 * API keys of an organization (docs/product.md "REST API conventions": API keys are "hashed at rest, shown
 * once, scoped, revocable"; roles table: admins manage them, API keys never do). The answers are
 * whitelists: the key's hash is never sent, and the secret only once, in the create answer.
 */
import { z } from 'zod';
import { API_KEY_SCOPES } from '../../lib/api-key-scopes.js';
import { Timestamp } from '../../lib/common.schemas.js';

/** The roles a key may be made with (its role's scopes); a key never acts as a customer. */
export const API_KEY_ROLES = ['ADMIN', 'AGENT'] as const;

/** The most groups a key may be limited to. */
const MAX_KEY_GROUPS = 100;

const ScopeSchema = z
  .enum(API_KEY_SCOPES)
  .describe('An API-key scope (docs/api.md "API keys"): what the key may do');

/**
 * An API key as listed: what it is called, its prefix, scopes, groups, role and dates; never the
 * secret or hash.
 */
export const ApiKeySchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    prefix: z.string().describe('The 8 characters after "dk_", to recognise the key'),
    role: z
      .enum(API_KEY_ROLES)
      .nullable()
      .describe(
        'The role the key was made with (it has that role’s scopes); null: made with scopes',
      ),
    scopes: z.array(ScopeSchema).describe('What the key may do'),
    groupIds: z
      .array(z.uuid())
      .describe('The groups whose tickets the key sees; empty: every ticket of the organization'),
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

/**
 * POST /api/api-keys body: a name, and either `scopes` (at least one; repeats count once) or a
 * `role` (the key gets that role's scopes: AGENT `tickets:read tickets:write chats:write`, ADMIN
 * all), never both (400 naming `role`), never neither (400 naming `scopes`); `groupIds` (groups of
 * the organization) limits the key to their tickets; `expiresAt` (ISO 8601, future) is optional:
 * no expiry.
 */
export const CreateApiKeyBodySchema = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    scopes: z.array(ScopeSchema).min(1).max(50).optional(),
    role: z
      .enum(API_KEY_ROLES)
      .optional()
      .describe('Instead of `scopes`: the key gets the scopes of this role'),
    groupIds: z
      .array(z.uuid())
      .max(MAX_KEY_GROUPS)
      .optional()
      .describe('Limit the key to the tickets of these groups of the organization'),
    expiresAt: z.iso.datetime({ offset: true }).optional(),
  })
  .superRefine((body, ctx) => {
    if (body.role !== undefined && body.scopes !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['role'], message: 'give either role or scopes' });
    } else if (body.role === undefined && body.scopes === undefined) {
      ctx.addIssue({ code: 'custom', path: ['scopes'], message: 'required (or a role)' });
    }
  })
  .meta({ id: 'CreateApiKeyBody' });
export type CreateApiKeyBody = z.input<typeof CreateApiKeyBodySchema>;
export type CreateApiKeyInput = z.output<typeof CreateApiKeyBodySchema>;

/** `:id` of API-key routes; anything that is not a key of the caller's organization is 404. */
export const ApiKeyIdParamsSchema = z.object({ id: z.string().min(1).max(64) });
