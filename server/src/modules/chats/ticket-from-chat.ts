/**
 * The chat-to-ticket flow (the product's "Chats and the chat-to-ticket flow"): an agent makes a
 * ticket from a chat — one ticket per chat, with the transcript as its description — and may
 * link more chats to a ticket later. The ticket is created by the tickets' one create path
 * (tickets/create-ticket.ts insertTicket), so it is numbered like every other.
 */
import type { PrismaClient } from '../../lib/db.js';
import { isUniqueViolation } from '../../lib/db-errors.js';
import { formatTicketReference } from '../../lib/domain.js';
import { ConflictError, NotFoundError, refuseIfClosed } from '../../lib/errors.js';
import { userIdOf, type Principal } from '../../lib/principal.js';
import { recordActivity } from '../activity/index.js';
import { emitTicketEvent } from '../tickets/index.js';
import { insertTicket, type CreateTicketInput } from '../tickets/index.js';
import { lockVisibleTicket, reloadTicket } from '../tickets/index.js';
import { emitTicketCreated, recordChanges } from '../tickets/index.js';
import { presentTicket } from '../tickets/index.js';
import type { AnyTicket, TicketFromChatInput } from '../tickets/tickets.schemas.js';
import { formatTranscript, transcriptHeader } from './chat-transcript.js';
import {
  findChatId,
  findChatWithMessages,
  findTicketOfChat,
  insertTicketChat,
  touchTicket,
} from './chats.repository.js';

/** The tag of every ticket made from a chat (docs/product.md "Chats and the chat-to-ticket flow"). */
export const FROM_CHAT_TAG = 'escalated-from-chat';

/** Ticket subjects are 5 to 200 characters (tickets.schemas.ts). */
const SUBJECT_MIN_LENGTH = 5;
const SUBJECT_MAX_LENGTH = 200;

/**
 * The subject of a ticket made from a chat when none is given (docs/product.md "Chats and the
 * chat-to-ticket flow"): the customer's first message, on one line (whitespace runs collapsed),
 * cut at a word boundary to at most 200 characters with a final "…" when longer. When the
 * customer wrote nothing yet, or fewer than 5 characters ("hi"), "Chat with <customer name>"
 * (cut to 200 characters).
 */
function subjectFromChat(
  chat: { customerName: string },
  messages: readonly { senderType: string; content: string }[],
): string {
  const first = messages.find((m) => m.senderType === 'customer');
  const line = first?.content.replace(/\s+/g, ' ').trim() ?? '';
  if (line.length >= SUBJECT_MIN_LENGTH) {
    if (line.length <= SUBJECT_MAX_LENGTH) return line;
    const cut = line.slice(0, SUBJECT_MAX_LENGTH - 1);
    const space = cut.lastIndexOf(' ');
    // Cut at the last word boundary unless that would drop more than a quarter of the room.
    const head = space >= SUBJECT_MAX_LENGTH * 0.75 ? cut.slice(0, space) : cut;
    return `${head.trimEnd()}…`;
  }
  return `Chat with ${chat.customerName}`.slice(0, SUBJECT_MAX_LENGTH).trim();
}

/**
 * Makes a ticket from a chat (docs/api.md `POST /api/tickets/from-chat/:chatId`; docs/product.md "Chats and
 * the chat-to-ticket flow"). Staff only (the route checks the role); a chat of another
 * organization is 404.
 * - Requester: the chat's customer (linked to the organization's user with that email, if any).
 * - Description: the formatted transcript (chat-transcript.ts formatTranscript), or a one-line summary with
 *   `includeTranscript: false`. Subject: the given one, else the customer's first message
 *   (`subjectFromChat`), else "Chat with <customer name>".
 * - Priority: the given one, else HIGH for an escalated chat, else MEDIUM.
 * - Assignee: the calling agent (an API key leaves it unassigned). Channel `chat`; tagged
 *   `escalated-from-chat` (every ticket made this way: docs/product.md names the flow so).
 * - `originChatId` is set and a TicketChat link written (so the ticket lists the chat and the
 *   chat the ticket), with CREATED (+ ASSIGNED) and CHAT_LINKED (internal) activity.
 * - One ticket per chat: a later call returns the ticket already made (`created: false`).
 *   Racing calls all try to insert; the UNIQUE `originChatId` lets one commit and the others
 *   fail with P2002, roll back (their ticket number too: numbering stays gap-free) and return
 *   the winner's ticket.
 * @returns the ticket and whether this call made it (201) or found it (200).
 * @throws NotFoundError (chat), ValidationError (category), ConflictError `ticket_deleted` when
 * the chat's ticket was deleted (an admin may restore it).
 */
export async function createTicketFromChat(
  prisma: PrismaClient,
  principal: Principal,
  chatId: string,
  input: TicketFromChatInput,
): Promise<{ ticket: AnyTicket; created: boolean }> {
  const chat = await findChatWithMessages(prisma, principal.organizationId, chatId);
  if (!chat) throw new NotFoundError('Chat');
  const existing = await ticketOfChat(prisma, principal, chat.id);
  if (existing) return { ticket: existing, created: false };

  const description = input.includeTranscript
    ? formatTranscript(chat, chat.messages)
    : `${transcriptHeader(chat, chat.messages.length)}\n\nThe transcript was not copied; see the chat.`;
  const ticketInput: CreateTicketInput = {
    subject: input.subject ?? subjectFromChat(chat, chat.messages),
    description,
    priority: input.priority ?? (chat.escalated ? 'HIGH' : 'MEDIUM'),
    category: input.category,
    tags: [FROM_CHAT_TAG],
    requesterName: chat.customerName,
    requesterEmail: chat.customerEmail,
    assigneeId: principal.kind === 'user' ? principal.id : undefined,
  };
  try {
    const row = await prisma.$transaction(async (tx) => {
      const now = new Date();
      const created = await insertTicket(tx, principal, ticketInput, {
        channel: 'chat',
        now,
        originChatId: chat.id,
        deferCreatedEvent: true,
      });
      await insertTicketChat(tx, {
        ticketId: created.id,
        chatId: chat.id,
        linkedById: userIdOf(principal),
        createdAt: now,
      });
      await recordActivity(tx, principal, {
        organizationId: principal.organizationId,
        ticketId: created.id,
        type: 'CHAT_LINKED',
        after: { chatId: chat.id, origin: true },
        isInternal: true,
        createdAt: new Date(now.getTime() + 2),
      });
      const row = await reloadTicket(tx, created.id);
      await emitTicketCreated(tx, principal, row, now);
      await emitTicketEvent(
        tx,
        'chat.converted',
        row,
        principal,
        {
          chat: {
            id: chat.id,
            customerName: chat.customerName,
            customerEmail: chat.customerEmail,
            escalated: chat.escalated,
          },
        },
        now,
      );
      return row;
    });
    return { ticket: presentTicket(row, principal), created: true };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const winner = await ticketOfChat(prisma, principal, chat.id);
    if (!winner) throw error;
    return { ticket: winner, created: false };
  }
}

/** The ticket made from a chat, if any. @throws ConflictError `ticket_deleted` if it was deleted. */
async function ticketOfChat(
  prisma: PrismaClient,
  principal: Principal,
  chatId: string,
): Promise<AnyTicket | null> {
  const row = await findTicketOfChat(prisma, principal.organizationId, chatId);
  if (!row) return null;
  if (row.deletedAt) {
    throw new ConflictError(
      `${formatTicketReference(row.number)} was made from this chat and has been deleted; an admin can restore it`,
      'ticket_deleted',
    );
  }
  return presentTicket(row, principal);
}

/**
 * Links a chat to a ticket (docs/api.md `POST /api/tickets/:id/chats`; docs/product.md "More chats can be
 * linked to a ticket later"). Staff only (the route checks the role). The chat must belong to
 * the organization (else 404 on the chat). An already linked chat changes nothing (200);
 * otherwise a TicketChat row, CHAT_LINKED (internal) and version + 1.
 * @throws NotFoundError (ticket or chat), ConflictError `ticket_closed`
 */
export async function linkChat(
  prisma: PrismaClient,
  principal: Principal,
  idOrReference: string,
  chatId: string,
): Promise<AnyTicket> {
  const row = await prisma.$transaction(async (tx) => {
    const current = await lockVisibleTicket(tx, principal, idOrReference);
    const chat = await findChatId(tx, principal.organizationId, chatId);
    if (!chat) throw new NotFoundError('Chat');
    if (current.chatLinks.some((link) => link.chatId === chat.id)) return current;
    refuseIfClosed(current.status, current.number);
    const now = new Date();
    await insertTicketChat(tx, {
      ticketId: current.id,
      chatId: chat.id,
      linkedById: userIdOf(principal),
      createdAt: now,
    });
    await touchTicket(tx, current.id, now);
    await recordChanges(
      tx,
      principal,
      current.id,
      [{ type: 'CHAT_LINKED', after: { chatId: chat.id }, isInternal: true }],
      null,
      now,
    );
    return reloadTicket(tx, current.id);
  });
  return presentTicket(row, principal);
}
