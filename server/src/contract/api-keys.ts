/** API keys and their scopes (docs/api.md "Administration" and "API keys"). */
export {
  API_KEY_SCOPES,
  API_KEY_SCOPE_DESCRIPTIONS,
  ROLE_SCOPES,
  type ApiKeyScope,
} from '../lib/api-key-scopes.js';
export {
  API_KEY_ROLES,
  CreateApiKeyBodySchema,
  type ApiKey,
  type ApiKeyList,
  type CreateApiKeyBody,
  type CreatedApiKey,
} from '../modules/api-keys/api-keys.schemas.js';
