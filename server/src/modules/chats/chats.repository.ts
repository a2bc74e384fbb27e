/**
 * The queries of chats (`chats`, `chat_messages`, and the ticket ⇄ chat links `ticket_chats`):
 * the chat rows with what `toChat` needs, their messages, the row lock of a chat taking a
 * message, and the reads and writes of the chat-to-ticket flow.
 */
import type { Db, Prisma } from '../../lib/db.js';
import { ticketInclude } from '../tickets/index.js';

/** What a chat query must include for `toChat`. */
export const chatInclude = {
  ticketLinks: {
    where: { ticket: { deletedAt: null } },
    select: { ticketId: true },
    orderBy: [{ createdAt: 'asc' }, { ticketId: 'asc' }],
  },
  originOf: { select: { id: true, deletedAt: true } },
} satisfies Prisma.ChatInclude;

/** A chat row with its links (`chatInclude`). */
export type ChatRow = Prisma.ChatGetPayload<{ include: typeof chatInclude }>;
/** A chat message row as stored. */
export type ChatMessageRow = Prisma.ChatMessageGetPayload<object>;

/** The chat `chatId` (a lower-case uuid) of the organization, or null. */
export function findOrganizationChat(
  db: Db,
  organizationId: string,
  chatId: string,
): Promise<ChatRow | null> {
  return db.chat.findFirst({
    where: { id: chatId, organizationId },
    include: chatInclude,
  });
}

/** The `settings` JSON of the organization, or null for no such organization. */
export function findOrganizationSettings(
  db: Db,
  organizationId: string,
): Promise<{ settings: Prisma.JsonValue } | null> {
  return db.organization.findUnique({
    where: { id: organizationId },
    select: { settings: true },
  });
}

/** Inserts an OPEN, unassigned chat. */
export function insertChat(
  db: Db,
  chat: { organizationId: string; customerName: string; customerEmail: string; escalated: boolean },
): Promise<ChatRow> {
  return db.chat.create({
    data: {
      organizationId: chat.organizationId,
      customerName: chat.customerName,
      customerEmail: chat.customerEmail,
      escalated: chat.escalated,
    },
    include: chatInclude,
  });
}

/**
 * One page of the organization's chats, newest activity first by (updatedAt, id): `take` rows
 * before the cursor position `before` (exclusive), filtered by each of `status`, `escalated` and
 * `agentId` (null: unassigned) that is given.
 */
export function findChatsPage(
  db: Db,
  query: {
    organizationId: string;
    status: ChatRow['status'] | undefined;
    escalated: boolean | undefined;
    agentId: string | null | undefined;
    before: { at: Date; id: string } | null;
    take: number;
  },
): Promise<ChatRow[]> {
  const where: Prisma.ChatWhereInput[] = [{ organizationId: query.organizationId }];
  if (query.status) where.push({ status: query.status });
  if (query.escalated !== undefined) where.push({ escalated: query.escalated });
  if (query.agentId !== undefined) where.push({ agentId: query.agentId });
  if (query.before) {
    const { at, id } = query.before;
    where.push({ OR: [{ updatedAt: { lt: at } }, { updatedAt: at, id: { lt: id } }] });
  }
  return db.chat.findMany({
    where: { AND: where },
    include: chatInclude,
    orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
    take: query.take,
  });
}

/** The last message of a chat as the inbox reads it: its content cut to `LAST_MESSAGE_READ_LENGTH`. */
export interface LastMessageRow {
  chatId: string;
  senderType: ChatMessageRow['senderType'];
  senderName: string | null;
  content: string;
  createdAt: Date;
}

/** How much of a last message is read: enough for an excerpt once whitespace is collapsed. */
const LAST_MESSAGE_READ_LENGTH = 400;

/**
 * The last message (latest `createdAt`, then highest id) of each chat of `chatIds`, in ONE
 * statement whatever their number (a LATERAL lookup per chat on the (chatId, createdAt) index),
 * with at most the first 400 characters of its content. Chats without messages are left out.
 * The ids are those of a page already scoped to the caller's organization.
 */
export function findLastMessages(db: Db, chatIds: readonly string[]): Promise<LastMessageRow[]> {
  if (chatIds.length === 0) return Promise.resolve([]);
  return db.$queryRaw<LastMessageRow[]>`
    SELECT c.id AS "chatId", m."senderType"::text AS "senderType", m."senderName",
           left(m.content, ${LAST_MESSAGE_READ_LENGTH}) AS content, m."createdAt"
    FROM unnest(${chatIds as string[]}::uuid[]) AS c(id)
    CROSS JOIN LATERAL (
      SELECT "senderType", "senderName", content, "createdAt"
      FROM chat_messages
      WHERE "chatId" = c.id
      ORDER BY "createdAt" DESC, id DESC
      LIMIT 1
    ) m`;
}

/** The messages of a chat, oldest first. */
export function findChatMessages(db: Db, chatId: string): Promise<ChatMessageRow[]> {
  return db.chatMessage.findMany({
    where: { chatId },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
}

/**
 * Takes the row lock of the organization's chat `chatId` (`SELECT … FOR UPDATE`) until the
 * transaction `tx` ends. @returns its status, agent and customer name, or null.
 */
export async function lockChat(
  tx: Prisma.TransactionClient,
  organizationId: string,
  chatId: string,
): Promise<{ status: string; agentId: string | null; customerName: string } | null> {
  const [chat] = await tx.$queryRaw<
    { status: string; agentId: string | null; customerName: string }[]
  >`
        SELECT status::text AS status, "agentId", "customerName"
        FROM chats
        WHERE id = ${chatId}::uuid AND "organizationId" = ${organizationId}::uuid
        FOR UPDATE`;
  return chat ?? null;
}

/** Inserts a message. */
export function insertChatMessage(
  db: Db,
  message: {
    chatId: string;
    senderType: ChatMessageRow['senderType'];
    senderId: string | null;
    senderName: string;
    content: string;
    createdAt: Date;
  },
): Promise<ChatMessageRow> {
  return db.chatMessage.create({ data: message });
}

/** Moves the chat's `updatedAt` to `now`, and sets its agent when `agentId` is given. */
export async function touchChat(
  db: Db,
  chatId: string,
  now: Date,
  agentId: string | null | undefined,
): Promise<void> {
  await db.chat.update({
    where: { id: chatId },
    data: { updatedAt: now, ...(agentId !== undefined ? { agentId } : {}) },
  });
}

/** Sets the given fields of a chat (undefined: unchanged) and its `updatedAt`. */
export function updateChat(
  db: Db,
  chatId: string,
  fields: {
    status: ChatRow['status'] | undefined;
    escalated: boolean | undefined;
    agentId: string | null | undefined;
  },
  updatedAt: Date,
): Promise<ChatRow> {
  return db.chat.update({
    where: { id: chatId },
    data: {
      ...(fields.status !== undefined ? { status: fields.status } : {}),
      ...(fields.escalated !== undefined ? { escalated: fields.escalated } : {}),
      ...(fields.agentId !== undefined ? { agentId: fields.agentId } : {}),
      updatedAt,
    },
    include: chatInclude,
  });
}

/** The organization's chat `chatId` with its messages, oldest first, or null. */
export function findChatWithMessages(db: Db, organizationId: string, chatId: string) {
  return db.chat.findFirst({
    where: { id: chatId, organizationId },
    include: { messages: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] } },
  });
}

/** The id of the organization's chat `chatId`, or null. */
export function findChatId(
  db: Db,
  organizationId: string,
  chatId: string,
): Promise<{ id: string } | null> {
  return db.chat.findFirst({
    where: { id: chatId, organizationId },
    select: { id: true },
  });
}

/** Inserts the link of a chat to a ticket (`ticket_chats`). */
export async function insertTicketChat(
  db: Db,
  link: { ticketId: string; chatId: string; linkedById: string | null; createdAt: Date },
): Promise<void> {
  await db.ticketChat.create({
    data: {
      ticketId: link.ticketId,
      chatId: link.chatId,
      linkedById: link.linkedById,
      createdAt: link.createdAt,
    },
  });
}

/**
 * The organization's ticket made from the chat `chatId` (`originChatId`), deleted or not, with
 * what the ticket presenter needs (tickets/index.ts `ticketInclude`), or null.
 */
export function findTicketOfChat(db: Db, organizationId: string, chatId: string) {
  return db.ticket.findFirst({
    where: { originChatId: chatId, organizationId },
    include: ticketInclude,
  });
}

/** Moves a ticket's version (its ETag) and `updatedAt` after a change of its links. */
export async function touchTicket(db: Db, ticketId: string, now: Date): Promise<void> {
  await db.ticket.update({
    where: { id: ticketId },
    data: { version: { increment: 1 }, updatedAt: now },
  });
}
