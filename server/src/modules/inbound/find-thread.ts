/**
 * Which ticket a received mail continues (docs/product.md "Inbound email", threading), in order:
 * 1. `In-Reply-To` / `References` against every Message-ID Docket sent (notifications, and the
 *    ticket's thread root `<ticket-<id>@host>`) or received on a ticket;
 * 2. the reply address `local+<token>@domain` (reply-address.ts);
 * 3. the subject tag `[TKT-00042]`.
 * Each applies only when the sender takes part in the ticket (its requester or one of its CCs):
 * a stranger's mail never lands on someone else's ticket, it starts a new one.
 */
import { NotFoundError } from '../../lib/errors.js';
import type { Principal } from '../../lib/principal.js';
import { mailboxAddressOf, plusTagOf, type ReplyAddresses } from '../mailboxes/index.js';
import { findTicketIdsBySentMessageIds } from '../notifications/index.js';
import { findVisibleTicket, type TicketRow } from '../tickets/index.js';
import type { Db } from '../../lib/db.js';
import { findTicketIdsByReceivedMessageIds, isTicketCc } from './inbound.repository.js';
import type { ParsedMail } from './parse-mail.js';

export type ThreadedBy = 'headers' | 'reply_address' | 'subject_tag';

export interface ThreadContext {
  /** Staff-like principal of the mailbox's organization: the ticket look-ups' scope. */
  principal: Principal;
  replyAddresses: ReplyAddresses;
  /** The host of Docket's Message-IDs (`<…@host>`). */
  messageIdHost: string;
  /** The mailbox's address (lower-cased), whose `+token` recipients are reply addresses. */
  mailboxAddress: string;
}

const THREAD_ROOT = /^<ticket-([0-9a-f-]{36})@([^>]+)>$/;
const SUBJECT_TAG = /\[TKT-(\d{1,10})\]/i;

/** The live ticket `idOrNumber` of the principal's organization, or null. */
async function ticketOrNull(db: Db, principal: Principal, idOrNumber: string) {
  try {
    return await findVisibleTicket(db, principal, idOrNumber);
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
}

/** Whether `sender` (lower-cased) is the ticket's requester or one of its CCs. */
async function isParticipant(db: Db, ticket: TicketRow, sender: string): Promise<boolean> {
  return ticket.requesterEmail === sender || isTicketCc(db, ticket.id, sender);
}

/** The tickets the mail's thread headers name, most recent reference first. */
async function ticketIdsOfHeaders(db: Db, ctx: ThreadContext, ids: readonly string[]) {
  const host = ctx.messageIdHost.toLowerCase();
  const found = new Map<string, string>();
  for (const id of ids) {
    const root = THREAD_ROOT.exec(id);
    if (root && root[2] === host) found.set(id, root[1]!);
  }
  const organizationId = ctx.principal.organizationId;
  for (const row of [
    ...(await findTicketIdsBySentMessageIds(db, organizationId, ids)),
    ...(await findTicketIdsByReceivedMessageIds(db, organizationId, ids)),
  ]) {
    if (!found.has(row.messageId)) found.set(row.messageId, row.ticketId);
  }
  return [...new Set(ids.flatMap((id) => (found.has(id) ? [found.get(id)!] : [])))];
}

/**
 * The ticket `mail` from `sender` (lower-cased) continues, and by which rule; null for a new
 * ticket. Deleted tickets and other organizations' tickets are never found.
 */
export async function findThread(
  db: Db,
  ctx: ThreadContext,
  mail: Pick<ParsedMail, 'threadIds' | 'recipients' | 'subject'>,
  sender: string,
): Promise<{ ticket: TicketRow; by: ThreadedBy } | null> {
  const candidates: { key: string; by: ThreadedBy }[] = [];
  for (const id of await ticketIdsOfHeaders(db, ctx, mail.threadIds)) {
    candidates.push({ key: id, by: 'headers' });
  }
  for (const recipient of mail.recipients) {
    const tag = plusTagOf(recipient);
    if (!tag || mailboxAddressOf(recipient) !== ctx.mailboxAddress) continue;
    const number = ctx.replyAddresses.numberOf(ctx.principal.organizationId, tag);
    if (number !== null) candidates.push({ key: String(number), by: 'reply_address' });
  }
  const tag = SUBJECT_TAG.exec(mail.subject);
  if (tag) candidates.push({ key: String(Number(tag[1])), by: 'subject_tag' });

  const tried = new Set<string>();
  for (const candidate of candidates.slice(0, 20)) {
    if (tried.has(candidate.key)) continue;
    tried.add(candidate.key);
    const ticket = await ticketOrNull(db, ctx.principal, candidate.key);
    if (ticket && (await isParticipant(db, ticket, sender))) {
      return { ticket: await followMerges(db, ctx, ticket), by: candidate.by };
    }
  }
  return null;
}

/** At most this many merges are followed from a thread's ticket (a chain, never a cycle). */
const MAX_MERGE_HOPS = 10;

/**
 * The ticket a thread continues on: `ticket`, or the ticket it was merged into, followed along
 * (docs/product.md "Merge and links": later mail to a merged ticket's thread lands on its
 * target). A target that is gone (deleted) leaves the last ticket found.
 */
async function followMerges(db: Db, ctx: ThreadContext, ticket: TicketRow): Promise<TicketRow> {
  let current = ticket;
  for (let hop = 0; hop < MAX_MERGE_HOPS && current.mergedIntoId; hop++) {
    const next = await ticketOrNull(db, ctx.principal, current.mergedIntoId);
    if (!next) break;
    current = next;
  }
  return current;
}
