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
import type { Db, PrismaClient } from '../../lib/db.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { isStaff, type Principal } from '../../lib/principal.js';
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
import { appendMessage } from './chat-messages.js';
import { toChat, toChatMessage, toLastMessage } from './chats.presenter.js';
import {
  findChatMessages,
  findChatsPage,
  findLastMessages,
  findOrganizationChat,
  insertChat,
  updateChat,
  type ChatRow,
} from './chats.repository.js';

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
  const row = await findOrganizationChat(db, principal.organizationId, chatId.toLowerCase());
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

  /**
   * Opens a chat for a customer (docs/api.md `POST /api/chats`): OPEN, unassigned, `escalated` as
   * given (default false); the customer's email is stored lower-cased.
   * @throws ForbiddenError for customers.
   */
  async function create(principal: Principal, input: CreateChatInput): Promise<Chat> {
    assertStaff(principal);
    const row = await prisma.$transaction(async (tx) => {
      const created = await insertChat(tx, {
        organizationId: principal.organizationId,
        customerName: input.customerName,
        customerEmail: input.customerEmail.toLowerCase(),
        escalated: input.escalated,
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
   * keyset pagination on (updatedAt, id), each with its `lastMessage` (who, when, an excerpt; null
   * when none). Filters: `status`, `escalated`, `agentId` (`me`, `none` or an id).
   * @throws ForbiddenError for customers; ValidationError (field `cursor`) for a bad cursor.
   */
  async function list(principal: Principal, query: ListChatsQuery): Promise<ChatList> {
    assertStaff(principal);
    // `me` for an API key matches nothing: a key is never a chat's agent.
    const agentId =
      query.agentId === 'me'
        ? principal.id
        : query.agentId === 'none'
          ? null
          : query.agentId
            ? query.agentId.toLowerCase()
            : undefined;
    const rows = await findChatsPage(prisma, {
      organizationId: principal.organizationId,
      status: query.status,
      escalated: query.escalated,
      agentId,
      before: query.cursor ? decodeDateCursor(query.cursor) : null,
      take: query.limit + 1,
    });
    const { rows: page, nextCursor } = keysetPage(rows, query.limit, (row) =>
      row.updatedAt.toISOString(),
    );
    // The page's last messages in one more statement (not one per chat).
    const last = new Map(
      (
        await findLastMessages(
          prisma,
          page.map((row) => row.id),
        )
      ).map((m) => [m.chatId, m]),
    );
    return {
      data: page.map((row) => ({
        ...toChat(row),
        lastMessage: toLastMessage(last.get(row.id), row),
      })),
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
    const messages = await findChatMessages(prisma, row.id);
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
      return appendMessage(tx, principal, visible.id, input);
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
      const updated = await updateChat(
        tx,
        chat.id,
        { status: input.status, escalated: input.escalated, agentId },
        new Date(),
      );
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
