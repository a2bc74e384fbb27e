/**
 * Chat routes (docs/api.md "Chats"): the live-chat inbox of agents. Thin: a schema and one service
 * call each; the rules live in chats.service.ts.
 * Every route needs authentication and the AGENT or ADMIN role (API keys act with one of them):
 * no token → 401, a customer → 403 (docs/product.md roles table), checked on request, before the body or
 * query is validated, so that a caller who may not use the route learns nothing about its input.
 * Another organization's chat → 404.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ProblemSchema, commonProblems } from '../../lib/common.schemas.js';
import { principalOf } from '../../plugins/auth.js';
import type { ChatsService } from './chats.service.js';
import {
  ChatIdParamsSchema,
  ChatListSchema,
  ChatMessageSchema,
  ChatSchema,
  ChatWithMessagesSchema,
  CreateChatBodySchema,
  CreateChatMessageBodySchema,
  ListChatsQuerySchema,
  UpdateChatBodySchema,
} from './chats.schemas.js';

export const chatsRoutes: FastifyPluginAsyncZod<{ chats: ChatsService }> = async (
  app,
  { chats },
) => {
  app.addHook('onRequest', app.authenticate);
  app.addHook('onRequest', app.requireRole('AGENT', 'ADMIN'));

  /**
   * POST /api/chats — open a chat for a customer `{customerName, customerEmail, escalated?}`.
   * 201 with the chat (OPEN, unassigned) and `Location: /api/chats/<id>`; 400 names each invalid
   * or unknown field.
   */
  app.post(
    '/api/chats',
    {
      schema: {
        tags: ['chats'],
        summary: 'Open a chat',
        description:
          'A live-chat conversation with a customer; the email is stored lower-cased. Agents and admins only.',
        body: CreateChatBodySchema,
        response: { 201: ChatSchema, ...commonProblems },
      },
    },
    async (request, reply) => {
      const chat = await chats.create(principalOf(request), request.body);
      return reply.code(201).header('Location', `/api/chats/${chat.id}`).send(chat);
    },
  );

  /**
   * GET /api/chats — the organization's chats, newest activity first, keyset-paginated:
   * `{data, nextCursor}`; each chat has `lastMessage` `{senderType, senderName, excerpt (≤ 160
   * characters, one line), createdAt}` or null (docs/product.md "Chats for agents"). Filters `status` (OPEN|CLOSED), `escalated` (true|false), `agentId`
   * (`me`, `none`, id); `limit` 1–100 (default 25), `cursor`. 400 on a bad filter or cursor.
   */
  app.get(
    '/api/chats',
    {
      schema: {
        tags: ['chats'],
        summary: 'List chats',
        description:
          'Newest activity (a message or a change) first, each with its last message (sender, time, a one-line excerpt of at most 160 characters). Filters combine with AND. Cursor pagination: pass nextCursor back as cursor.',
        querystring: ListChatsQuerySchema,
        response: { 200: ChatListSchema, ...commonProblems },
      },
    },
    async (request) => chats.list(principalOf(request), request.query),
  );

  /** GET /api/chats/:id — the chat with its messages, oldest first. 404 when not in the caller's organization. */
  app.get(
    '/api/chats/:id',
    {
      schema: {
        tags: ['chats'],
        summary: 'Get a chat with its messages',
        params: ChatIdParamsSchema,
        response: { 200: ChatWithMessagesSchema, ...commonProblems },
      },
    },
    async (request) => chats.get(principalOf(request), request.params.id),
  );

  /**
   * POST /api/chats/:id/messages — `{senderType: customer|agent|bot, content}` (1–10,000
   * characters). 201 with the message. The sender name is the calling agent's name (agent), the
   * chat's customer name (customer) or the organization's bot name, "Bot" by default (bot). An
   * agent's message on an unassigned chat makes that agent the chat's agent. 409 `chat_closed` on
   * a CLOSED chat; 404 when not in the caller's organization.
   */
  app.post(
    '/api/chats/:id/messages',
    {
      schema: {
        tags: ['chats'],
        summary: 'Add a message to a chat',
        description:
          "The sender name comes from the sender type: the calling agent's name, the chat's customer name, or the organization's bot name (settings.chatBotName, default \"Bot\"). The first agent message on an unassigned chat assigns the chat to that agent.",
        params: ChatIdParamsSchema,
        body: CreateChatMessageBodySchema,
        response: { 201: ChatMessageSchema, ...commonProblems, 409: ProblemSchema },
      },
    },
    async (request, reply) => {
      const message = await chats.addMessage(principalOf(request), request.params.id, request.body);
      return reply.code(201).send(message);
    },
  );

  /**
   * PATCH /api/chats/:id — any of `{status, escalated, agentId}`: close or reopen, escalate,
   * assign (an active agent or admin of the organization, else 400 on `agentId`) or unassign
   * (null). 200 with the chat; 400 on an empty body; 404 when not in the caller's organization.
   */
  app.patch(
    '/api/chats/:id',
    {
      schema: {
        tags: ['chats'],
        summary: 'Close, escalate or assign a chat',
        params: ChatIdParamsSchema,
        body: UpdateChatBodySchema,
        response: { 200: ChatSchema, ...commonProblems },
      },
    },
    async (request) => chats.update(principalOf(request), request.params.id, request.body),
  );
};
