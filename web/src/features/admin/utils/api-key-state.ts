import type { ApiKey } from '@docket/server/contract/api-keys';

export type ApiKeyState = 'active' | 'expired' | 'revoked';

/**
 * Whether a key still works at `now`: `revoked` once revoked (whatever its expiry), `expired`
 * once its expiry has passed, else `active` — the same order the server's auth checks them.
 */
export function apiKeyState(key: Pick<ApiKey, 'revokedAt' | 'expiresAt'>, now: Date): ApiKeyState {
  if (key.revokedAt) return 'revoked';
  if (key.expiresAt && Date.parse(key.expiresAt) <= now.getTime()) return 'expired';
  return 'active';
}
