/**
 * Mailbox routes (docs/api.md "Mailboxes"): signed-in admins of the organization only (agents,
 * customers and API keys 403). Thin: schema, role hooks, one service call each.
 * - `GET /api/mailboxes`, `GET /api/mailboxes/:id`
 * - `POST /api/mailboxes` → 201 with the inbound secret (shown once)
 * - `PATCH /api/mailboxes/:id`, `DELETE /api/mailboxes/:id` (204)
 * - `POST /api/mailboxes/:id/secret` → a new inbound secret (shown once)
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ProblemSchema, commonProblems } from '../../lib/common.schemas.js';
import { principalOf } from '../../plugins/auth.js';
import type { MailboxesService } from './mailboxes.service.js';
import {
  CreateMailboxBodySchema,
  MailboxIdParamsSchema,
  MailboxListSchema,
  MailboxSchema,
  MailboxWithSecretSchema,
  UpdateMailboxBodySchema,
} from './mailboxes.schemas.js';

/** Registers the mailbox routes; `mailboxes` is createMailboxesService(deps). */
export const mailboxesRoutes: FastifyPluginAsyncZod<{ mailboxes: MailboxesService }> = async (
  app,
  { mailboxes },
) => {
  app.addHook('onRequest', app.authenticate);
  const adminOnly = [app.requireUser, app.requireRole('ADMIN')];
  const tags = ['mailboxes'];

  /** GET /api/mailboxes — `{data: [mailbox]}` by address, with each one's fetch state. */
  app.get(
    '/api/mailboxes',
    {
      preValidation: adminOnly,
      schema: {
        tags,
        summary: 'List mailboxes',
        description: 'The organization’s support addresses and the state of their mail fetching.',
        response: { 200: MailboxListSchema, ...commonProblems },
      },
    },
    async (request) => mailboxes.list(principalOf(request)),
  );

  /** GET /api/mailboxes/:id — one mailbox; 404 outside the organization. */
  app.get(
    '/api/mailboxes/:id',
    {
      preValidation: adminOnly,
      schema: {
        tags,
        summary: 'Get a mailbox',
        params: MailboxIdParamsSchema,
        response: { 200: MailboxSchema, ...commonProblems },
      },
    },
    async (request) => mailboxes.get(principalOf(request), request.params.id),
  );

  /**
   * POST /api/mailboxes — `{address, displayName, imap?}` → 201 mailbox with `inboundSecret`
   * (shown once). 409 `mailbox_exists` when the address is any organization's mailbox.
   */
  app.post(
    '/api/mailboxes',
    {
      preValidation: adminOnly,
      schema: {
        tags,
        summary: 'Create a mailbox',
        description:
          'An address whose mail becomes tickets and replies. The answer carries the inbound secret for POST /api/inbound/email (HTTP Basic: the mailbox id and this secret), shown this once.',
        body: CreateMailboxBodySchema,
        response: { 201: MailboxWithSecretSchema, ...commonProblems, 409: ProblemSchema },
      },
    },
    async (request, reply) => {
      const mailbox = await mailboxes.create(principalOf(request), request.body);
      return reply.code(201).header('Location', `/api/mailboxes/${mailbox.id}`).send(mailbox);
    },
  );

  /** PATCH /api/mailboxes/:id — display name, active, IMAP account (`null` removes it). */
  app.patch(
    '/api/mailboxes/:id',
    {
      preValidation: adminOnly,
      schema: {
        tags,
        summary: 'Change a mailbox',
        params: MailboxIdParamsSchema,
        body: UpdateMailboxBodySchema,
        response: { 200: MailboxSchema, ...commonProblems },
      },
    },
    async (request) => mailboxes.update(principalOf(request), request.params.id, request.body),
  );

  /** POST /api/mailboxes/:id/secret — a new inbound secret, shown once; the old one stops working. */
  app.post(
    '/api/mailboxes/:id/secret',
    {
      preValidation: adminOnly,
      schema: {
        tags,
        summary: 'Rotate a mailbox’s inbound secret',
        params: MailboxIdParamsSchema,
        response: { 200: MailboxWithSecretSchema, ...commonProblems },
      },
    },
    async (request) => mailboxes.rotateSecret(principalOf(request), request.params.id),
  );

  /** DELETE /api/mailboxes/:id — 204; its inbound log stays. */
  app.delete(
    '/api/mailboxes/:id',
    {
      preValidation: adminOnly,
      schema: {
        tags,
        summary: 'Delete a mailbox',
        params: MailboxIdParamsSchema,
        response: { 204: z.null().describe('Deleted'), ...commonProblems },
      },
    },
    async (request, reply) => {
      await mailboxes.remove(principalOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
