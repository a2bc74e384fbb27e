/**
 * Chats (live-chat conversations) and chat messages: requests and whitelisted responses
 * (docs/api.md "Chats"). The response schemas are the security boundary: nothing leaves the server
 * that they do not name.
 */
import { z } from 'zod';
import { PageQuerySchema, Timestamp, pageOf } from '../../lib/common.schemas.js';

export const CHAT_STATUSES = ['OPEN', 'CLOSED'] as const;
export const CHAT_SENDER_TYPES = ['customer', 'agent', 'bot'] as const;

/** Longest chat message, in characters (after trimming). */
export const CHAT_MESSAGE_MAX_LENGTH = 10_000;

export const ChatStatusSchema = z.enum(CHAT_STATUSES).meta({ id: 'ChatStatus' });
export const ChatSenderTypeSchema = z.enum(CHAT_SENDER_TYPES).meta({ id: 'ChatSenderType' });

/** A chat as agents, admins and API keys see it (docs/api.md "Chats"). */
export const ChatSchema = z
  .object({
    id: z.uuid(),
    organizationId: z.uuid(),
    customerName: z.string(),
    customerEmail: z.string().describe('Lower-cased'),
    escalated: z.boolean(),
    status: ChatStatusSchema,
    agentId: z.uuid().nullable().describe('The agent handling the chat, if any'),
    ticketIds: z
      .array(z.uuid())
      .describe(
        'Tickets made from or linked to this chat (deleted tickets left out), oldest link first',
      ),
    createdAt: Timestamp,
    updatedAt: Timestamp.describe('Last activity: creation, a message or a change'),
  })
  .meta({ id: 'Chat' });
export type Chat = z.output<typeof ChatSchema>;

/** One message of a chat's conversation. */
export const ChatMessageSchema = z
  .object({
    id: z.uuid(),
    chatId: z.uuid(),
    senderType: ChatSenderTypeSchema,
    senderName: z.string(),
    content: z.string(),
    createdAt: Timestamp,
  })
  .meta({ id: 'ChatMessage' });
export type ChatMessage = z.output<typeof ChatMessageSchema>;

/** `GET /api/chats/:id`: the chat with its messages, oldest first. */
export const ChatWithMessagesSchema = ChatSchema.extend({
  messages: z.array(ChatMessageSchema),
}).meta({ id: 'ChatWithMessages' });
export type ChatWithMessages = z.output<typeof ChatWithMessagesSchema>;

/** Longest excerpt of a chat's last message in the inbox, in characters (an ellipsis included). */
export const CHAT_EXCERPT_MAX_LENGTH = 160;

/**
 * The last message of a chat as the inbox shows it: who wrote it, when, and the start of what
 * they wrote (whitespace runs collapsed, cut at CHAT_EXCERPT_MAX_LENGTH characters with "…").
 */
export const ChatLastMessageSchema = z
  .object({
    senderType: ChatSenderTypeSchema,
    senderName: z.string(),
    excerpt: z.string().describe('At most 160 characters, on one line'),
    createdAt: Timestamp,
  })
  .meta({ id: 'ChatLastMessage' });
export type ChatLastMessage = z.output<typeof ChatLastMessageSchema>;

/** A chat of the inbox (`GET /api/chats`): the chat and its last message (null: none yet). */
export const ChatListItemSchema = ChatSchema.extend({
  lastMessage: ChatLastMessageSchema.nullable(),
}).meta({ id: 'ChatListItem' });
export type ChatListItem = z.output<typeof ChatListItemSchema>;

export const ChatListSchema = pageOf(ChatListItemSchema).meta({ id: 'ChatList' });
export type ChatList = z.output<typeof ChatListSchema>;

/** An email address, trimmed and lower-cased (as stored). */
const emailSchema = z.string().trim().toLowerCase().check(z.email()).max(254);

/** POST /api/chats body. Unknown fields are refused (no mass assignment). */
export const CreateChatBodySchema = z
  .strictObject({
    customerName: z.string().trim().min(1).max(200),
    customerEmail: emailSchema,
    escalated: z.boolean().default(false),
  })
  .meta({ id: 'CreateChatBody' });
export type CreateChatBody = z.input<typeof CreateChatBodySchema>;
export type CreateChatInput = z.output<typeof CreateChatBodySchema>;

/** POST /api/chats/:id/messages body: content of 1–10,000 characters once trimmed. */
export const CreateChatMessageBodySchema = z
  .strictObject({
    senderType: ChatSenderTypeSchema,
    content: z.string().trim().min(1).max(CHAT_MESSAGE_MAX_LENGTH),
  })
  .meta({ id: 'CreateChatMessageBody' });
export type CreateChatMessageBody = z.input<typeof CreateChatMessageBodySchema>;
export type CreateChatMessageInput = z.output<typeof CreateChatMessageBodySchema>;

/** PATCH /api/chats/:id body: close or reopen, escalate or de-escalate, assign or unassign (null). */
export const UpdateChatBodySchema = z
  .strictObject({
    status: ChatStatusSchema.optional(),
    escalated: z.boolean().optional(),
    agentId: z
      .uuid()
      .nullable()
      .optional()
      .describe('An active agent or admin of the organization; null unassigns'),
  })
  .refine((b) => b.status !== undefined || b.escalated !== undefined || b.agentId !== undefined, {
    message: 'give at least one of status, escalated, agentId',
  })
  .meta({ id: 'UpdateChatBody' });
export type UpdateChatBody = z.input<typeof UpdateChatBodySchema>;
export type UpdateChatInput = z.output<typeof UpdateChatBodySchema>;

/** GET /api/chats query: keyset pagination plus filters. */
export const ListChatsQuerySchema = PageQuerySchema.extend({
  status: ChatStatusSchema.optional(),
  escalated: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  agentId: z
    .union([z.literal('me'), z.literal('none'), z.uuid()])
    .optional()
    .describe('`me` (the caller), `none` (unassigned) or an agent id'),
});
export type ListChatsQuery = z.output<typeof ListChatsQuerySchema>;

/**
 * `:id` of chat routes. Any string up to 64 characters is accepted here; one that is not a chat
 * uuid of the caller's organization is a 404, as for tickets.
 */
export const ChatIdParamsSchema = z.object({
  id: z.string().min(1).max(64).describe('The chat uuid'),
});
