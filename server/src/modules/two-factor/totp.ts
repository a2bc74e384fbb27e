/**
 * Time-based one-time passwords (RFC 6238) as authenticator apps make them: HMAC-SHA-1, 6 digits,
 * 30-second time steps, 160-bit secrets shown in base32 (RFC 4648) and in an `otpauth://totp/`
 * URI (the "Key Uri Format" authenticator apps read from a QR code). The arithmetic is the
 * `otpauth` library's; this file fixes the parameters and says which time step a code matched,
 * which the replay rule needs (two-factor.service.ts).
 */
import { Secret, TOTP } from 'otpauth';

/** The time step X of RFC 6238 §4.1, in seconds. */
const PERIOD_SECONDS = 30;
/** Digits of a code. */
const DIGITS = 6;
/**
 * Steps accepted either side of now (RFC 6238 §5.2 "at most one time step" of network delay and
 * clock drift): a code is good for about 90 seconds.
 */
const WINDOW = 1;

/** The shape of a code as typed: six digits (spaces are dropped before this test). */
export const TOTP_CODE_PATTERN = /^\d{6}$/;

function totpOf(secretBase32: string, account?: { issuer: string; label: string }): TOTP {
  return new TOTP({
    secret: Secret.fromBase32(secretBase32),
    algorithm: 'SHA1',
    digits: DIGITS,
    period: PERIOD_SECONDS,
    ...(account ? { issuer: account.issuer, label: account.label } : {}),
  });
}

/** A fresh random secret (160 bits, RFC 4226 §4's recommended length), base32 without padding. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/**
 * The `otpauth://totp/<issuer>:<label>?secret=…&issuer=…&algorithm=SHA1&digits=6&period=30` URI
 * of `secretBase32` for an authenticator app; `label` is the account's name in the app (the
 * user's email).
 */
export function otpauthUriOf(
  secretBase32: string,
  account: { issuer: string; label: string },
): string {
  return totpOf(secretBase32, account).toString();
}

/**
 * The RFC 6238 time step T (`floor(unix seconds / 30)`) at which `code` is the code of
 * `secretBase32`, looking one step either side of `nowMs`; null when it matches none (or is not
 * six digits). The comparison is the library's, in constant time.
 */
export function matchTotpStep(
  secretBase32: string,
  code: string,
  nowMs = Date.now(),
): number | null {
  if (!TOTP_CODE_PATTERN.test(code)) return null;
  const delta = totpOf(secretBase32).validate({ token: code, timestamp: nowMs, window: WINDOW });
  if (delta === null) return null;
  return TOTP.counter({ period: PERIOD_SECONDS, timestamp: nowMs }) + delta;
}
