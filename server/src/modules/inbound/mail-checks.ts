/**
 * Mail that must not become a ticket or a reply, and why (docs/product.md "Inbound email":
 * never a loop): auto-replies (RFC 3834), bounces and delivery reports (RFC 3464, RFC 6522),
 * Docket's own mail coming back, and messages built to exhaust the parser.
 */
import type { ParsedMail } from './parse-mail.js';

/** Why a mail was suspended rather than processed; the inbound log shows it. */
export const SUSPEND_CAUSES = [
  'auto_reply',
  'bounce',
  'loop',
  'rate_limited',
  'too_large',
  'too_deeply_nested',
  'too_many_parts',
  'malformed',
  'unknown_mailbox',
  'no_sender',
] as const;
export type SuspendCause = (typeof SUSPEND_CAUSES)[number];

/** Multipart containers allowed (each declares a boundary): deeper mail is hostile. */
const MAX_MULTIPARTS = 50;
/** Body parts allowed (delimiter lines, RFC 2046 5.1.1). */
const MAX_PARTS = 1000;

/** Counts `needle` in `haystack`, stopping once past `limit`. */
function countUpTo(haystack: Buffer, needle: string, limit: number): number {
  let count = 0;
  for (
    let at = haystack.indexOf(needle);
    at >= 0 && count <= limit;
    at = haystack.indexOf(needle, at + 1)
  ) {
    count++;
  }
  return count;
}

/**
 * The shape check, before parsing: too many multipart containers (nesting) or body parts.
 * Counted on the raw bytes (`boundary=` parameters, `\n--` delimiter lines), so a message built
 * to exhaust the parser never reaches it.
 */
export function structureCause(raw: Buffer): SuspendCause | null {
  const lower = Buffer.from(raw.toString('latin1').toLowerCase(), 'latin1');
  if (countUpTo(lower, 'boundary=', MAX_MULTIPARTS) > MAX_MULTIPARTS) return 'too_deeply_nested';
  if (countUpTo(raw, '\n--', MAX_PARTS) > MAX_PARTS) return 'too_many_parts';
  return null;
}

const header = (mail: ParsedMail, name: string) =>
  mail.headers.get(name)?.[0]?.trim().toLowerCase();

/**
 * Automatic mail (RFC 3834 section 5: `Auto-Submitted` other than `no`; the conventions
 * `Precedence: bulk|junk|list`, `X-Autoreply`, `X-Autorespond`, `X-Auto-Response-Suppress`
 * on a message that is itself automatic), or a bounce / delivery report (the null return path
 * `<>`, `multipart/report`, MAILER-DAEMON or postmaster senders).
 */
export function automaticCause(mail: ParsedMail): SuspendCause | null {
  if (mail.returnPath === '') return 'bounce';
  if (mail.contentType === 'multipart/report') return 'bounce';
  const local = mail.from?.address.split('@')[0] ?? '';
  if (/^(mailer-daemon|postmaster)$/.test(local)) return 'bounce';
  const autoSubmitted = header(mail, 'auto-submitted');
  if (autoSubmitted && autoSubmitted.split(';')[0]!.trim() !== 'no') return 'auto_reply';
  const precedence = header(mail, 'precedence');
  if (precedence && /^(bulk|junk|list)$/.test(precedence)) return 'auto_reply';
  if (mail.headers.has('x-autoreply') || mail.headers.has('x-autorespond')) return 'auto_reply';
  return null;
}

/**
 * Docket's own mail coming back: sent from one of its mailbox addresses or its notification
 * sender, carrying a Message-ID Docket made (`@<messageIdHost>>`), or its notification header.
 */
export function loopCause(
  mail: ParsedMail,
  own: { addresses: ReadonlySet<string>; messageIdHost: string },
): SuspendCause | null {
  if (mail.from && own.addresses.has(mail.from.address)) return 'loop';
  if (mail.headers.has('x-docket-notification')) return 'loop';
  const suffix = `@${own.messageIdHost.toLowerCase()}>`;
  if (mail.messageId?.toLowerCase().endsWith(suffix)) return 'loop';
  return null;
}
