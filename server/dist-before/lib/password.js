/**
 * Password hashing with scrypt, node's built-in memory-hard KDF (RFC 7914).
 * Format: `scrypt$<N>$<r>$<p>$<salt b64url>$<hash b64url>`, so parameters can be raised later
 * without invalidating stored hashes.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
const scrypt = (password, salt, keylen, options) =>
  new Promise((resolve, reject) =>
    scryptCb(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
/** N=2^15, r=8, p=1: ~32 MiB and ~50–100 ms per hash on this machine (OWASP's minimum is 2^17 with p=1 … we trade a little for login latency on 2 cores). */
const PARAMS = { N: 2 ** 15, r: 8, p: 1 };
const KEY_LENGTH = 32;
/** Hashes a password for storage. */
export async function hashPassword(password) {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEY_LENGTH, { ...PARAMS, maxmem: 64 * 1024 * 1024 });
  return [
    'scrypt',
    PARAMS.N,
    PARAMS.r,
    PARAMS.p,
    salt.toString('base64url'),
    key.toString('base64url'),
  ].join('$');
}
/** A hash of a random password, verified against when the user does not exist so that timing does not tell. */
let decoyHash;
/**
 * Checks a password against a stored hash in constant time. A null hash (unknown user, or a
 * requester without a password) is checked against a decoy so the answer takes the same time.
 * @returns false for malformed hashes rather than throwing.
 */
export async function verifyPassword(password, stored) {
  const hash = stored ?? (await (decoyHash ??= hashPassword(randomBytes(16).toString('hex'))));
  const parts = hash.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, saltText, keyText] = parts;
  const expected = Buffer.from(keyText, 'base64url');
  const key = await scrypt(password, Buffer.from(saltText, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: 256 * 1024 * 1024,
  });
  return stored !== null && key.length === expected.length && timingSafeEqual(key, expected);
}
//# sourceMappingURL=password.js.map
