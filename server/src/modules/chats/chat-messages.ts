/**
 * A message written in a chat (docs/api.md `POST /api/chats/:id/messages`): the chat's row lock,
 * the CLOSED check, the sender's name, the message, the first agent taking the chat, and the
 * internal `chat.message_added` event, all in the caller's transaction.
 */
import type { Db, Prisma } from '../../lib/db.js';
import { ConflictError, NotFoundError } from '../../lib/errors.js';
import { userIdOf, type Principal } from '../../lib/principal.js';
import { emitEvent } from '../events/index.js';
import { toChatMessage, DEFAULT_BOT_NAME } from './chats.presenter.js';
import {
  findOrganizationSettings,
  insertChatMessage,
  lockChat,
  touchChat,
} from './chats.repository.js';
import type { ChatMessage, CreateChatMessageInput } from './chats.schemas.js';

/** The bot's sender name: the organization's `settings.chatBotName`, else "Bot". */
async function botNameOf(db: Db, organizationId: string): Promise<string> {
  const org = await findOrganizationSettings(db, organizationId);
  const settings = org?.settings;
  const configured =
    settings && typeof settings === 'object' && !Array.isArray(settings)
      ? settings['chatBotName']
      : undefined;
  return typeof configured === 'string' && configured.trim() ? configured.trim() : DEFAULT_BOT_NAME;
}

/**
 * Adds a message to the organization's chat `chatId` (found visible by the caller) in `tx`,
 * holding the chat's row lock until `tx` ends: the sender name is the calling agent's name for
 * `agent`, the chat's customer name for `customer` and the organization's bot name for `bot`; a
 * message from an agent (a signed-in user, not an API key) on an unassigned chat makes that
 * agent the chat's agent.
 * @throws NotFoundError (deleted meanwhile); ConflictError `chat_closed` on a CLOSED chat.
 */
export async function appendMessage(
  tx: Prisma.TransactionClient,
  principal: Principal,
  chatId: string,
  input: CreateChatMessageInput,
): Promise<ChatMessage> {
  const chat = await lockChat(tx, principal.organizationId, chatId);
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
  const message = await insertChatMessage(tx, {
    chatId: chatId,
    senderType: input.senderType,
    senderId: agentUserId,
    senderName,
    content: input.content,
    createdAt: now,
  });
  const takes = agentUserId !== null && chat.agentId === null;
  await touchChat(tx, chatId, now, takes ? agentUserId : undefined);
  await emitEvent(tx, {
    type: 'chat.message_added',
    organizationId: principal.organizationId,
    aggregateId: chatId,
    actor: principal,
    data: {
      chatId: chatId,
      messageId: message.id,
      senderType: message.senderType,
      ...(takes ? { agentId: { before: null, after: agentUserId } } : {}),
    },
    at: now,
  });
  return toChatMessage(message, chat);
}
