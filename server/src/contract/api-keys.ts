/** API keys (docs/api.md "Administration"). */
export {
  API_KEY_ROLES,
  CreateApiKeyBodySchema,
  type ApiKey,
  type ApiKeyList,
  type CreateApiKeyBody,
  type CreatedApiKey,
} from '../modules/api-keys/api-keys.schemas.js';
