/**
 * Password hashing with scrypt, node's built-in memory-hard KDF (RFC 7914).
 * Format: `scrypt$<N>$<r>$<p>$<salt b64url>$<hash b64url>`, so parameters can be raised later
 * without invalidating stored hashes.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { ValidationError } from './errors.js';

const scrypt = (password: string, salt: Buffer, keylen: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scryptCb(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))),
  );

/** N=2^15, r=8, p=1: ~32 MiB and ~50–100 ms per hash on this machine (OWASP's minimum is 2^17 with p=1 … we trade a little for login latency on 2 cores). */
const PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

/** Hashes a password for storage. */
export async function hashPassword(password: string): Promise<string> {
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
let decoyHash: Promise<string> | undefined;

/**
 * Checks a password against a stored hash in constant time. A null hash (unknown user, or a
 * requester without a password) is checked against a decoy so the answer takes the same time.
 * @returns false for malformed hashes rather than throwing.
 */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const hash = stored ?? (await (decoyHash ??= hashPassword(randomBytes(16).toString('hex'))));
  const parts = hash.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, saltText, keyText] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(keyText, 'base64url');
  const key = await scrypt(password, Buffer.from(saltText, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: 256 * 1024 * 1024,
  });
  return stored !== null && key.length === expected.length && timingSafeEqual(key, expected);
}

/** The policy's bounds (docs/product.md "Accounts"): NIST SP 800-63B §3.1.1.2 asks ≥ 8 and allows ≥ 64. */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 1024;

/** The common passwords refused, lower-cased (loaded on first use: ~49,000 entries). */
let commonPasswords: Promise<Set<string>> | undefined;

function loadCommonPasswords(): Promise<Set<string>> {
  commonPasswords ??= import('@zxcvbn-ts/language-common').then(
    ({ dictionary }) => new Set(dictionary['passwords-common'].map((p) => p.toLowerCase())),
  );
  return commonPasswords;
}

/**
 * Why a new password is refused, or null when it is allowed (docs/product.md "Accounts",
 * "Passwords"; NIST SP 800-63B §3.1.1.2): fewer than PASSWORD_MIN_LENGTH or more than
 * PASSWORD_MAX_LENGTH characters; one of the common passwords of zxcvbn-ts's maintained list
 * (`@zxcvbn-ts/language-common`, from leaked-password corpora), compared without case; the
 * account's email or the part of it before the `@`. The reason is a short English sentence.
 */
export async function passwordProblem(password: string, email?: string): Promise<string | null> {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) {
    return `The password needs at least ${PASSWORD_MIN_LENGTH} characters`;
  }
  if (length > PASSWORD_MAX_LENGTH) {
    return `The password may have at most ${PASSWORD_MAX_LENGTH} characters`;
  }
  const lower = password.toLowerCase();
  if (email) {
    const address = email.trim().toLowerCase();
    if (lower === address || lower === address.split('@')[0]) {
      return 'The password may not be your email address';
    }
  }
  if ((await loadCommonPasswords()).has(lower)) {
    return 'This password is too common: it appears in lists of leaked passwords';
  }
  return null;
}

/**
 * Checks a new password against the policy (passwordProblem) wherever one is set.
 * @throws ValidationError 400 `validation_failed` naming the field (`password` unless `field`
 * says otherwise) with the reason.
 */
export async function assertPasswordAllowed(
  password: string,
  email?: string,
  field = 'password',
): Promise<void> {
  const problem = await passwordProblem(password, email);
  if (problem) throw new ValidationError(problem, [{ path: field, message: problem }]);
}
