/**
 * Chat rows → the API's chat shapes (chats.schemas.ts): a chat with the tickets made from it or
 * linked to it, and its messages with their senders' names.
 */
import {
  CHAT_EXCERPT_MAX_LENGTH,
  type Chat,
  type ChatLastMessage,
  type ChatMessage,
} from './chats.schemas.js';
import type { ChatMessageRow, ChatRow, LastMessageRow } from './chats.repository.js';

/** The sender name of bot messages when the organization's settings give none (`chatBotName`). */
export const DEFAULT_BOT_NAME = 'Bot';

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

/**
 * `text` on one line (runs of whitespace, newlines included, become one space), cut to `max`
 * characters with a final "…" when longer.
 */
export function excerptOf(text: string, max: number = CHAT_EXCERPT_MAX_LENGTH): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1).trimEnd()}…`;
}

/** The inbox's view of a chat's last message (`lastMessage` of `GET /api/chats`), or null. */
export function toLastMessage(
  row: LastMessageRow | undefined,
  chat: { customerName: string },
): ChatLastMessage | null {
  if (!row) return null;
  const message = toChatMessage({ ...row, id: '', senderId: null }, chat);
  return {
    senderType: message.senderType,
    senderName: message.senderName,
    excerpt: excerptOf(row.content),
    createdAt: message.createdAt,
  };
}
