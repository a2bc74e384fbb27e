/**
 * The tokens of emailed account links (docs/product.md "Accounts"): 256 random bits in base64url,
 * stored as their SHA-256 (hex) only, so a copy of the database cannot use a pending link.
 */
import { createHash, randomBytes } from 'node:crypto';
import { ValidationError } from '../../lib/errors.js';

/** A fresh token and the hash to store. */
export function newAccountToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashAccountToken(token) };
}

/** SHA-256 (hex) of a token as sent in a link. */
export function hashAccountToken(token: string): string {
  return createHash('sha256').update(token.trim(), 'utf8').digest('hex');
}

/** The state of a stored token at `now`. */
export function tokenState(
  row: { usedAt: Date | null; revokedAt: Date | null; expiresAt: Date } | null,
  now: Date,
): 'valid' | 'unknown' | 'used' | 'revoked' | 'expired' {
  if (!row) return 'unknown';
  if (row.usedAt) return 'used';
  if (row.revokedAt) return 'revoked';
  if (row.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'valid';
}

/**
 * The 400 for a link that no longer works, naming `token` (docs/api.md "Auth"): unknown and
 * revoked links read alike; used and expired ones say so, with what to do.
 */
export function invalidTokenError(
  state: 'unknown' | 'used' | 'revoked' | 'expired',
  what: 'reset' | 'invitation',
): ValidationError {
  const again =
    what === 'reset'
      ? 'ask for a new password-reset link'
      : 'ask an administrator for a new invitation';
  const message =
    state === 'expired'
      ? `This link has expired: ${again}`
      : state === 'used'
        ? `This link was already used: ${again}`
        : `This link is not valid: ${again}`;
  return new ValidationError(message, [{ path: 'token', message }]);
}
