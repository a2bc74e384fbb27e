/**
 * The rules of chats, the live-chat inbox of agents (docs/product.md "Chats and the chat-to-ticket flow";
 * docs/api.md "Chats"):
 * - Chats are agent tooling: agents, admins and API keys acting as them. Customers get 403 (the
 *   docs/product.md roles table gives them no chat action; the API does not expose chats to them).
 * - Every query is scoped by the caller's organization: another organization's chat is a 404.
 * - A chat's `ticketIds` are the tickets made from it (`originChatId`) and the tickets it was
 *   linked to later (TicketChat); both are read, so a link made either way shows. Deleted tickets
 *   are left out, since they have left every list.
 * - A message from an agent on an unassigned chat makes that agent the chat's agent (the first
 *   agent to answer takes the conversation, as in live-chat products).
 * - A CLOSED chat takes no more messages (409 `chat_closed`) until it is reopened.
 * Chats are not tickets, so their changes write no ticket activity; a change and its effects
 * (message, assignment, last-activity time) are written in one transaction, with the internal
 * event that tells the agents' live inbox (`chat.created`, `chat.message_added`, `chat.updated`:
 * ids and small fields, never a message's content; never sent to webhooks).
 */
import { decodeDateCursor, keysetPage, isUuid } from '../../lib/cursor.js';
import type { Db, Prisma, PrismaClient } from '../../lib/db.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { isStaff, userIdOf, type Principal } from '../../lib/principal.js';
import { emitEvent } from '../events/index.js';
import type {
  Chat,
  ChatList,
  ChatMessage,
  ChatWithMessages,
  CreateChatInput,
  CreateChatMessageInput,
  ListChatsQuery,
  UpdateChatInput,
} from './chats.schemas.js';
import { findAssignableAgent } from '../users/index.js';

/** The sender name of bot messages when the organization's settings give none (`chatBotName`). */
export const DEFAULT_BOT_NAME = 'Bot';

/** What a chat query must include for `toChat`. */
const chatInclude = {
  ticketLinks: {
    where: { ticket: { deletedAt: null } },
    select: { ticketId: true },
    orderBy: [{ createdAt: 'asc' }, { ticketId: 'asc' }],
  },
  originOf: { select: { id: true, deletedAt: true } },
} satisfies Prisma.ChatInclude;

type ChatRow = Prisma.ChatGetPayload<{ include: typeof chatInclude }>;
type ChatMessageRow = Prisma.ChatMessageGetPayload<object>;

/**
 * The API shape of a chat. `ticketIds`: the ticket made from the chat first, then the linked
 * tickets by link time, without duplicates (a ticket made from a chat is also linked to it).
 */
export function toChat(row: ChatRow): Chat {
  const ticketIds: string[] = [];
  if (row.originOf && !row.originOf.deletedAt) ticketIds.push(row.originOf.id);
  for (const link of row.ticketLinks) {
    if (!ticketIds.includes(link.ticketId)) ticketIds.push(link.ticketId);
  }
  return {
    id: row.id,
    organizationId: row.organizationId,
    customerName: row.customerName,
    customerEmail: row.customerEmail,
    escalated: row.escalated,
    status: row.status,
    agentId: row.agentId,
    ticketIds,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * The API shape of a chat message. Messages stored without a sender name (older imports) are
 * named by their sender type: the chat's customer, "Agent" or the default bot name.
 */
export function toChatMessage(row: ChatMessageRow, chat: { customerName: string }): ChatMessage {
  const fallback =
    row.senderType === 'customer'
      ? chat.customerName
      : row.senderType === 'agent'
        ? 'Agent'
        : DEFAULT_BOT_NAME;
  return {
    id: row.id,
    chatId: row.chatId,
    senderType: row.senderType,
    senderName: row.senderName ?? fallback,
    content: row.content,
    createdAt: row.createdAt.toISOString(),
  };
}

/** @throws ForbiddenError unless the principal is an agent, an admin or an API key acting as one. */
function assertStaff(principal: Principal): void {
  if (!isStaff(principal)) throw new ForbiddenError('Chats are for agents and admins');
}

/**
 * Finds a chat of the principal's organization.
 * @throws NotFoundError when the id is not a uuid, or names no chat of that organization.
 */
async function findChat(db: Db, principal: Principal, chatId: string): Promise<ChatRow> {
  if (!isUuid(chatId)) throw new NotFoundError('Chat');
  const row = await db.chat.findFirst({
    where: { id: chatId.toLowerCase(), organizationId: principal.organizationId },
    include: chatInclude,
  });
  if (!row) throw new NotFoundError('Chat');
  return row;
}

/**
 * Checks that `agentId` is an active agent or admin of the organization.
 * @throws ValidationError on field `agentId` otherwise (another organization's user included).
 */
async function assertAssignableAgent(
  db: Db,
  organizationId: string,
  agentId: string,
): Promise<void> {
  if (!(await findAssignableAgent(db, organizationId, agentId))) {
    throw new ValidationError('The agent is not an active agent of this organization', [
      { path: 'agentId', message: 'no such agent in this organization' },
    ]);
  }
}

export function createChatsService(deps: { prisma: PrismaClient }) {
  const { prisma } = deps;

  /** The bot's sender name: the organization's `settings.chatBotName`, else "Bot". */
  async function botNameOf(db: Db, organizationId: string): Promise<string> {
    const org = await db.organization.findUnique({
      where: { id: organizationId },
      select: { settings: true },
    });
    const settings = org?.settings;
    const configured =
      settings && typeof settings === 'object' && !Array.isArray(settings)
        ? settings['chatBotName']
        : undefined;
    return typeof configured === 'string' && configured.trim()
      ? configured.trim()
      : DEFAULT_BOT_NAME;
  }

  /**
   * Opens a chat for a customer (docs/api.md `POST /api/chats`): OPEN, unassigned, `escalated` as
   * given (default false); the customer's email is stored lower-cased.
   * @throws ForbiddenError for customers.
   */
  async function create(principal: Principal, input: CreateChatInput): Promise<Chat> {
    assertStaff(principal);
    const row = await prisma.$transaction(async (tx) => {
      const created = await tx.chat.create({
        data: {
          organizationId: principal.organizationId,
          customerName: input.customerName,
          customerEmail: input.customerEmail.toLowerCase(),
          escalated: input.escalated,
        },
        include: chatInclude,
      });
      await emitEvent(tx, {
        type: 'chat.created',
        organizationId: principal.organizationId,
        aggregateId: created.id,
        actor: principal,
        data: { chatId: created.id },
        at: created.createdAt,
      });
      return created;
    });
    return toChat(row);
  }

  /**
   * The organization's chats (docs/api.md `GET /api/chats`), newest activity (`updatedAt`) first, with
   * keyset pagination on (updatedAt, id). Filters: `status`, `escalated`, `agentId` (`me`, `none`
   * or an id).
   * @throws ForbiddenError for customers; ValidationError (field `cursor`) for a bad cursor.
   */
  async function list(principal: Principal, query: ListChatsQuery): Promise<ChatList> {
    assertStaff(principal);
    const where: Prisma.ChatWhereInput[] = [{ organizationId: principal.organizationId }];
    if (query.status) where.push({ status: query.status });
    if (query.escalated !== undefined) where.push({ escalated: query.escalated });
    // `me` for an API key matches nothing: a key is never a chat's agent.
    if (query.agentId === 'me') where.push({ agentId: principal.id });
    else if (query.agentId === 'none') where.push({ agentId: null });
    else if (query.agentId) where.push({ agentId: query.agentId.toLowerCase() });
    if (query.cursor) {
      const { at, id } = decodeDateCursor(query.cursor);
      where.push({ OR: [{ updatedAt: { lt: at } }, { updatedAt: at, id: { lt: id } }] });
    }
    const rows = await prisma.chat.findMany({
      where: { AND: where },
      include: chatInclude,
      orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
      take: query.limit + 1,
    });
    const { rows: page, nextCursor } = keysetPage(rows, query.limit, (row) =>
      row.updatedAt.toISOString(),
    );
    return {
      data: page.map(toChat),
      nextCursor,
    };
  }

  /**
   * One chat with its messages, oldest first (docs/api.md `GET /api/chats/:id`).
   * @throws ForbiddenError for customers; NotFoundError for another organization's chat.
   */
  async function get(principal: Principal, chatId: string): Promise<ChatWithMessages> {
    assertStaff(principal);
    const row = await findChat(prisma, principal, chatId);
    const messages = await prisma.chatMessage.findMany({
      where: { chatId: row.id },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
    return { ...toChat(row), messages: messages.map((m) => toChatMessage(m, row)) };
  }

  /**
   * Adds a message to a chat (docs/api.md `POST /api/chats/:id/messages`). The sender name is the
   * calling agent's name for `agent`, the chat's customer name for `customer` (an integrator
   * relaying the customer's words) and the organization's bot name for `bot`.
   * A message from an agent (a signed-in user, not an API key) on an unassigned chat makes that
   * agent the chat's agent. The chat row is locked for the transaction, so that two agents
   * answering at once do not both take it, and a message cannot slip past a concurrent close.
   * @throws ForbiddenError for customers; NotFoundError; ConflictError `chat_closed` on a CLOSED chat.
   */
  async function addMessage(
    principal: Principal,
    chatId: string,
    input: CreateChatMessageInput,
  ): Promise<ChatMessage> {
    assertStaff(principal);
    return prisma.$transaction(async (tx) => {
      const visible = await findChat(tx, principal, chatId);
      const [chat] = await tx.$queryRaw<
        { status: string; agentId: string | null; customerName: string }[]
      >`
        SELECT status::text AS status, "agentId", "customerName"
        FROM chats
        WHERE id = ${visible.id}::uuid AND "organizationId" = ${principal.organizationId}::uuid
        FOR UPDATE`;
      if (!chat) throw new NotFoundError('Chat');
      if (chat.status === 'CLOSED') {
        throw new ConflictError(
          'The chat is CLOSED; reopen it (PATCH status OPEN) to write in it',
          'chat_closed',
        );
      }
      const agentUserId = input.senderType === 'agent' ? userIdOf(principal) : null;
      const senderName =
        input.senderType === 'agent'
          ? principal.name
          : input.senderType === 'customer'
            ? chat.customerName
            : await botNameOf(tx, principal.organizationId);
      const now = new Date();
      const message = await tx.chatMessage.create({
        data: {
          chatId: visible.id,
          senderType: input.senderType,
          senderId: agentUserId,
          senderName,
          content: input.content,
          createdAt: now,
        },
      });
      const takes = agentUserId !== null && chat.agentId === null;
      await tx.chat.update({
        where: { id: visible.id },
        data: { updatedAt: now, ...(takes ? { agentId: agentUserId } : {}) },
      });
      await emitEvent(tx, {
        type: 'chat.message_added',
        organizationId: principal.organizationId,
        aggregateId: visible.id,
        actor: principal,
        data: {
          chatId: visible.id,
          messageId: message.id,
          senderType: message.senderType,
          ...(takes ? { agentId: { before: null, after: agentUserId } } : {}),
        },
        at: now,
      });
      return toChatMessage(message, chat);
    });
  }

  /**
   * Closes or reopens, escalates or de-escalates, assigns or unassigns a chat (`PATCH
   * /api/chats/:id`). `agentId` must be an active agent or admin of the organization (400 on
   * `agentId` otherwise); null unassigns.
   * @throws ForbiddenError for customers; NotFoundError; ValidationError.
   */
  async function update(
    principal: Principal,
    chatId: string,
    input: UpdateChatInput,
  ): Promise<Chat> {
    assertStaff(principal);
    const row = await prisma.$transaction(async (tx) => {
      const chat = await findChat(tx, principal, chatId);
      if (input.agentId) await assertAssignableAgent(tx, principal.organizationId, input.agentId);
      const agentId =
        input.agentId === undefined ? undefined : (input.agentId?.toLowerCase() ?? null);
      const updated = await tx.chat.update({
        where: { id: chat.id },
        data: {
          ...(input.status !== undefined ? { status: input.status } : {}),
          ...(input.escalated !== undefined ? { escalated: input.escalated } : {}),
          ...(agentId !== undefined ? { agentId } : {}),
          updatedAt: new Date(),
        },
        include: chatInclude,
      });
      // The changed fields as stored, before and after (the values the write replaced, read in
      // this transaction; a concurrent PATCH of the same field may make `before` approximate).
      const changes: Record<string, { before: unknown; after: unknown }> = {};
      for (const field of ['status', 'escalated', 'agentId'] as const) {
        if (chat[field] !== updated[field]) {
          changes[field] = { before: chat[field], after: updated[field] };
        }
      }
      await emitEvent(tx, {
        type: 'chat.updated',
        organizationId: principal.organizationId,
        aggregateId: chat.id,
        actor: principal,
        data: { chatId: chat.id, changes },
        at: updated.updatedAt,
      });
      return updated;
    });
    return toChat(row);
  }

  return { create, list, get, addMessage, update };
}

export type ChatsService = ReturnType<typeof createChatsService>;
