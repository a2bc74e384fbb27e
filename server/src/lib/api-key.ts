/**
 * API keys of integrators (docs/product.md "REST API conventions": "an API key … hashed at rest, shown
 * once, scoped, revocable"; docs/api.md "Auth": `Authorization: Bearer <JWT or API key>`).
 *
 * Format: `dk_<prefix>_<secret>`
 * - `dk_` tells the auth plugin that the bearer value is an API key, not a JWT (and makes leaked
 *   keys easy to find with secret scanners);
 * - `<prefix>`: 8 random base62 characters, stored in clear (unique) to find the key's row and to
 *   let admins recognise a key in lists; it is not secret;
 * - `<secret>`: 32 random bytes (256 bits) in base64url (43 characters).
 *
 * Only the SHA-256 of the whole key is stored. A fast hash is the right tool here, unlike for
 * passwords: the key has 256 bits of entropy, so no dictionary or brute-force attack is possible
 * on a leaked hash, and a slow KDF (scrypt) would only add latency to every API request
 * (the same reasoning as GitHub's and Stripe's tokens; OWASP "Password Storage" applies to
 * low-entropy secrets). Hashes are compared in constant time.
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/** Every API key starts with this; a bearer value that does not is treated as a JWT. */
export const API_KEY_MARKER = 'dk_';

const PREFIX_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const PREFIX_LENGTH = 8;
const SECRET_BYTES = 32;
const API_KEY_PATTERN = /^dk_([0-9A-Za-z]{8})_([A-Za-z0-9_-]{43})$/;

export interface GeneratedApiKey {
  /** The full key `dk_<prefix>_<secret>`: shown to its creator once, never stored. */
  key: string;
  /** 8 base62 characters; stored (unique) for lookup and display. */
  prefix: string;
  /** SHA-256 of `key`, lower-case hex (64 characters); the only form of the secret stored. */
  keyHash: string;
}

/** True when a bearer value claims to be an API key (starts with `dk_`). */
export function looksLikeApiKey(bearer: string): boolean {
  return bearer.startsWith(API_KEY_MARKER);
}

/** Makes a new random key with its prefix and hash (crypto-secure randomness). */
export function generateApiKey(): GeneratedApiKey {
  let prefix = '';
  for (let i = 0; i < PREFIX_LENGTH; i++)
    prefix += PREFIX_ALPHABET[randomInt(PREFIX_ALPHABET.length)];
  const key = `${API_KEY_MARKER}${prefix}_${randomBytes(SECRET_BYTES).toString('base64url')}`;
  return { key, prefix, keyHash: hashApiKey(key) };
}

/**
 * Splits a key into its parts.
 * @returns `{prefix}` of a well-formed key; null for anything else (wrong marker, lengths or
 * characters), which the caller answers with 401.
 */
export function parseApiKey(key: string): { prefix: string } | null {
  const match = API_KEY_PATTERN.exec(key);
  return match ? { prefix: match[1]! } : null;
}

/** SHA-256 of the whole key, lower-case hex. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/**
 * Checks a presented key against the stored hash in constant time (no early exit on the first
 * differing byte, so response times tell nothing about the hash).
 * @returns false for a malformed stored hash rather than throwing.
 */
export function verifyApiKey(key: string, storedHash: string): boolean {
  const presented = Buffer.from(hashApiKey(key), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return stored.length === presented.length && timingSafeEqual(presented, stored);
}
