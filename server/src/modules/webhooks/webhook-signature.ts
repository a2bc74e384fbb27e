/**
 * Webhook secrets and signatures, per the Standard Webhooks specification
 * (https://www.standardwebhooks.com, "Signature scheme"; the scheme of Svix, Stripe-like):
 * - a secret is `whsec_` + base64 of random bytes (we use 32; the specification asks for
 *   24 to 64); the signing key is those bytes, not the text;
 * - the signed content is `${webhook-id}.${webhook-timestamp}.${body}`, the timestamp in whole
 *   seconds since the Unix epoch, the body exactly as sent;
 * - the signature is HMAC-SHA256 over it, base64 (standard alphabet, with padding), prefixed with
 *   its version: `v1,<signature>`;
 * - `webhook-signature` holds one or more of them separated by spaces: during a secret rotation
 *   both the new and the old secret sign, so receivers holding either accept the delivery.
 * Receivers verify with any Standard Webhooks library (the tests use the `standardwebhooks` npm
 * package) and refuse timestamps too far from their clock (replay protection).
 */
import { createHmac, randomBytes } from 'node:crypto';

export const SECRET_PREFIX = 'whsec_';
/** Random bytes in a new secret (≥ 24 per the specification). */
export const SECRET_BYTES = 32;

/** A new signing secret `whsec_<base64 of 32 random bytes>` from the CSPRNG. */
export function generateWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(SECRET_BYTES).toString('base64');
}

/** The signing key of a `whsec_` secret: the bytes its base64 part decodes to. */
function signingKey(secret: string): Buffer {
  if (!secret.startsWith(SECRET_PREFIX)) throw new TypeError('not a whsec_ secret');
  return Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
}

/** `v1,<base64 HMAC-SHA256(key, "${id}.${timestamp}.${body}")>` for one secret. */
export function signWebhook(secret: string, id: string, timestampSeconds: number, body: string) {
  const mac = createHmac('sha256', signingKey(secret))
    .update(`${id}.${timestampSeconds}.${body}`, 'utf8')
    .digest('base64');
  return `v1,${mac}`;
}

/**
 * The three Standard Webhooks headers of one attempt: `webhook-id` (the event id, the same on
 * every attempt), `webhook-timestamp` (this attempt's time, seconds) and `webhook-signature`
 * (one `v1,` signature per secret in `secrets`, space-separated, the current secret first).
 */
export function webhookHeaders(
  secrets: readonly string[],
  id: string,
  at: Date,
  body: string,
): Record<'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string> {
  const timestamp = Math.floor(at.getTime() / 1000);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': secrets.map((s) => signWebhook(s, id, timestamp, body)).join(' '),
  };
}
