import { describe, expect, it } from 'vitest';
import { apiKeyState } from './api-key-state';

const now = new Date('2026-11-21T12:00:00Z');

describe('apiKeyState', () => {
  it('is active without revocation and before its expiry', () => {
    expect(apiKeyState({ revokedAt: null, expiresAt: null }, now)).toBe('active');
    expect(apiKeyState({ revokedAt: null, expiresAt: '2026-11-22T00:00:00Z' }, now)).toBe('active');
  });

  it('is expired once the expiry has passed, revoked whatever the expiry', () => {
    expect(apiKeyState({ revokedAt: null, expiresAt: '2026-11-21T12:00:00Z' }, now)).toBe(
      'expired',
    );
    expect(
      apiKeyState({ revokedAt: '2026-11-01T00:00:00Z', expiresAt: '2026-01-01T00:00:00Z' }, now),
    ).toBe('revoked');
  });
});
