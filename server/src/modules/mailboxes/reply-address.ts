/**
 * The reply address of a ticket: notifications to a requester go out with
 * `Reply-To: <mailbox local part>+<token>@<mailbox domain>`, and a mail to that address threads
 * onto the ticket (docs/product.md "Inbound email", threading rule 2).
 *
 * The token is the ticket's number and an HMAC-SHA256 (RFC 2104) of the organization and the
 * number, truncated to 80 bits and written in lower-case base32 (RFC 4648 alphabet): short
 * (at most 27 characters, within the 64 of a local part with the mailbox's name), unguessable,
 * and intact when an MTA lower-cases the local part.
 */
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
const MAC_BYTES = 10;

/** RFC 4648 base32 without padding, lower-case. */
function base32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

export interface ReplyAddresses {
  /** The token of ticket `number` of `organizationId`: `<number>.<mac>`. */
  tokenFor(organizationId: string, number: number): string;
  /** The ticket number a token names, when its MAC holds for `organizationId`; else null. */
  numberOf(organizationId: string, token: string): number | null;
  /** `local+token@domain` for the mailbox address `address`. */
  addressFor(address: string, organizationId: string, number: number): string;
}

/** Reply addresses keyed by `secret` (≥ 32 characters; a key of its own is derived with HKDF). */
export function createReplyAddresses(secret: string): ReplyAddresses {
  const key = Buffer.from(hkdfSync('sha256', secret, 'docket', 'docket reply address v1', 32));
  const mac = (organizationId: string, number: number) =>
    base32(
      createHmac('sha256', key)
        .update(`${organizationId.toLowerCase()}:${number}`)
        .digest()
        .subarray(0, MAC_BYTES),
    );
  const tokenFor = (organizationId: string, number: number) =>
    `${number}.${mac(organizationId, number)}`;
  return {
    tokenFor,
    numberOf(organizationId, token) {
      const match = /^(\d{1,10})\.([a-z2-7]{16})$/.exec(token.toLowerCase());
      if (!match) return null;
      const number = Number(match[1]);
      if (number < 1 || number > 2_147_483_647) return null;
      const expected = Buffer.from(mac(organizationId, number));
      const given = Buffer.from(match[2]!);
      return expected.length === given.length && timingSafeEqual(expected, given) ? number : null;
    },
    addressFor(address, organizationId, number) {
      const at = address.lastIndexOf('@');
      return `${address.slice(0, at)}+${tokenFor(organizationId, number)}${address.slice(at)}`;
    },
  };
}
