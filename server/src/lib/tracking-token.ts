/**
 * Signed tracking links (docs/product.md "Customers": "Every notification email carries a signed link
 * that opens the ticket without typing anything"; docs/api.md `GET /api/public/tickets/:token`).
 *
 * A token is `base64url(payload) + "." + base64url(mac)`:
 * - payload (24 bytes): the ticket id's 16 bytes, then the expiry as unsigned 64-bit big-endian
 *   seconds since the Unix epoch;
 * - mac (32 bytes, 256 bits): HMAC-SHA256 (RFC 2104) keyed with TRACKING_LINK_SECRET over
 *   `"docket.tracking.v1."` followed by the payload; the label keeps these MACs apart from
 *   anything else the same key might ever sign, and versions the format.
 * The MAC is checked in constant time (`timingSafeEqual`) before anything in the payload is
 * trusted, and only the canonical base64url spelling is accepted, so a token cannot be altered
 * in any character and stay valid. Tokens are not stored: they stay valid until they expire
 * (TRACKING_LINK_TTL_DAYS after they were made) or TRACKING_LINK_SECRET changes.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Config } from '../config.js';

const MAC_LABEL = Buffer.from('docket.tracking.v1.', 'utf8');
const PAYLOAD_BYTES = 24;
const MAC_BYTES = 32;
/** base64url of 24 bytes is 32 characters, of 32 bytes 43: the whole token is 76 characters. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{32}\.[A-Za-z0-9_-]{43}$/;
const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY_MS = 24 * 3600 * 1000;

/**
 * The outcome of checking a token: its ticket and expiry, or why it is refused. `expired` is
 * only said of a token whose MAC is good (we made it), so it tells an attacker nothing.
 */
export type TrackingTokenCheck =
  | { valid: true; ticketId: string; expiresAt: Date }
  | { valid: false; reason: 'malformed' | 'bad_signature' | 'expired' };

export interface TrackingLinks {
  /**
   * A token for the ticket, valid for TRACKING_LINK_TTL_DAYS from `now` (to the second).
   * @throws TypeError when `ticketId` is not a UUID (a programming error, not user input).
   */
  createTrackingToken(ticketId: string, now?: Date): string;
  /** Checks a token from a URL: format, MAC (constant time), then expiry against `now`. */
  verifyTrackingToken(token: string, now?: Date): TrackingTokenCheck;
  /** The link for emails and "Share with customer": `${PUBLIC_URL}/t/<token>`, and its expiry. */
  trackingLink(ticket: { id: string }, now?: Date): { url: string; expiresAt: Date };
  /** `trackingLink(ticket, now).url`. */
  trackingUrl(ticket: { id: string }, now?: Date): string;
}

/**
 * Binds the token functions to the deployment's secret, lifetime and public URL (from
 * loadConfig()). Pure apart from the clock: nothing is stored.
 */
export function createTrackingLinks(
  config: Pick<Config, 'trackingLink' | 'publicUrl'>,
): TrackingLinks {
  const { secret, ttlDays } = config.trackingLink;
  const mac = (payload: Buffer): Buffer =>
    createHmac('sha256', secret).update(MAC_LABEL).update(payload).digest();

  function createTrackingToken(ticketId: string, now: Date = new Date()): string {
    if (!UUID_SHAPE.test(ticketId)) throw new TypeError(`not a ticket id: ${ticketId}`);
    const payload = Buffer.alloc(PAYLOAD_BYTES);
    Buffer.from(ticketId.replace(/-/g, ''), 'hex').copy(payload, 0);
    payload.writeBigUInt64BE(BigInt(expirySeconds(now)), 16);
    return `${payload.toString('base64url')}.${mac(payload).toString('base64url')}`;
  }

  function verifyTrackingToken(token: string, now: Date = new Date()): TrackingTokenCheck {
    if (!TOKEN_SHAPE.test(token)) return { valid: false, reason: 'malformed' };
    const [payloadText, macText] = token.split('.') as [string, string];
    const payload = Buffer.from(payloadText, 'base64url');
    const given = Buffer.from(macText, 'base64url');
    // Node decodes base64url leniently (unused low bits of the last character are ignored): only
    // the canonical spelling is accepted, so that every altered character is refused.
    if (
      payload.length !== PAYLOAD_BYTES ||
      given.length !== MAC_BYTES ||
      payload.toString('base64url') !== payloadText ||
      given.toString('base64url') !== macText
    ) {
      return { valid: false, reason: 'malformed' };
    }
    if (!timingSafeEqual(mac(payload), given)) return { valid: false, reason: 'bad_signature' };
    const expiresAt = new Date(Number(payload.readBigUInt64BE(16)) * 1000);
    if (expiresAt.getTime() <= now.getTime()) return { valid: false, reason: 'expired' };
    const hex = payload.subarray(0, 16).toString('hex');
    const ticketId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    return { valid: true, ticketId, expiresAt };
  }

  function trackingLink(ticket: { id: string }, now: Date = new Date()) {
    const token = createTrackingToken(ticket.id, now);
    return {
      url: `${config.publicUrl}/t/${token}`,
      expiresAt: new Date(expirySeconds(now) * 1000),
    };
  }

  /** Expiry in whole seconds: `now` + TTL, rounded down. */
  function expirySeconds(now: Date): number {
    return Math.floor((now.getTime() + ttlDays * DAY_MS) / 1000);
  }

  return {
    createTrackingToken,
    verifyTrackingToken,
    trackingLink,
    trackingUrl: (ticket, now) => trackingLink(ticket, now).url,
  };
}
