/**
 * Recovery codes (docs/product.md "Accounts"): ten single-use codes given once when two-factor
 * sign-in is turned on or the codes are regenerated, for when the authenticator is lost. Each is
 * 10 characters from a 32-letter alphabet without look-alikes (0/o, 1/l/i), shown in two groups
 * of five (`k7mzq-4hw2r`): 50 random bits, which with the sign-in rate limits is beyond guessing.
 * Only their SHA-256 is stored (like API keys): a copy of the database gives none away.
 */
import { createHash, randomInt } from 'node:crypto';

/** How many codes a user has after enrolling or regenerating. */
const RECOVERY_CODE_COUNT = 10;

const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const LENGTH = 10;

/** A fresh code, `xxxxx-xxxxx`. */
function newRecoveryCode(): string {
  let code = '';
  for (let i = 0; i < LENGTH; i += 1) code += ALPHABET[randomInt(ALPHABET.length)];
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** RECOVERY_CODE_COUNT fresh, distinct codes. */
export function newRecoveryCodes(): string[] {
  const codes = new Set<string>();
  while (codes.size < RECOVERY_CODE_COUNT) codes.add(newRecoveryCode());
  return [...codes];
}

/**
 * The stored form of a code as typed: lower-cased, without spaces or dashes, then SHA-256 as
 * 64 hex characters; `K7MZQ 4HW2R` and `k7mzq-4hw2r` hash alike.
 */
export function recoveryCodeHash(code: string): string {
  const normalized = code.toLowerCase().replace(/[\s-]/g, '');
  return createHash('sha256').update(normalized, 'utf8').digest('hex');
}
