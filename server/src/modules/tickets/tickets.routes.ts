/**
 * Ticket routes (docs/api.md "Tickets"). Thin: a schema and one service call each; the rules live in
 * tickets.service.ts. All need authentication; scoping to organization and requester is the
 * service's job.
 */
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ProblemSchema, commonProblems } from '../../lib/common.schemas.js';
import { principalOf } from '../../plugins/auth.js';
import { presentedJsonSerializer } from '../../lib/presented-json.js';
import type { Prisma } from '../../lib/db.js';
import { recordIdempotentAnswer } from '../../plugins/idempotency.js';
import type { TicketsService } from './tickets.service.js';
import {
  OccurrenceNotesBodySchema,
  OccurrenceParamsSchema,
  SessionOccurrenceListSchema,
  SessionOccurrenceSchema,
  UpdateOccurrenceBodySchema,
} from './session-occurrences.schemas.js';
import {
  AnyTicketSchema,
  type AnyTicket,
  ChatIdParamsSchema,
  CreateTicketBodySchema,
  IfMatchHeadersSchema,
  LinkChatBodySchema,
  ListTicketsQuerySchema,
  ScheduleSessionBodySchema,
  TicketFromChatBodySchema,
  TicketCountsSchema,
  TicketIdParamsSchema,
  TicketListSchema,
  UpdateTicketBodySchema,
} from './tickets.schemas.js';

export const ticketsRoutes: FastifyPluginAsyncZod<{ tickets: TicketsService }> = async (
  app,
  { tickets },
) => {
  // Credentials first (401), then the role (403, per route), then the request's shape (400).
  app.addHook('onRequest', app.authenticate);

  /**
   * POST /api/tickets — create a ticket. 201 with the ticket, `Location` and `ETag` (its version).
   * 400 invalid fields (each named in `errors[]`), 403 a customer setting priority, assignee,
   * requester or metadata. Also multipart/form-data with the same fields and files (the ticket's
   * own attachments): 413 `file_too_large`/`too_many_files`, 415 `unsupported_file_type`, 422
   * `invalid_file`/`image_too_large`/`invalid_image` (attachments.service.ts); 429
   * `rate_limited` past the upload rate, 413 `storage_quota_exceeded` (upload-limits.ts).
   */
  app.post(
    '/api/tickets',
    {
      // Also multipart/form-data: the same fields plus files (plugins/multipart.ts). The
      // Idempotency-Key answer is recorded in the create's transaction (plugins/idempotency.ts).
      config: { multipart: true, sendsETag: true, idempotency: 'in-transaction' },
      schema: {
        tags: ['tickets'],
        summary: 'Create a ticket',
        description:
          'Creates a ticket numbered sequentially per organization (TKT-00042). Customers create for themselves without priority or assignee. docs/product.md "Ticket".',
        body: CreateTicketBodySchema,
        response: {
          201: AnyTicketSchema,
          ...commonProblems,
          413: ProblemSchema,
          415: ProblemSchema,
          422: ProblemSchema,
          429: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const createdHeaders = (ticket: AnyTicket) => ({
        location: `/api/tickets/${ticket.id}`,
        etag: `"${ticket.version}"`,
      });
      const ticket = await tickets.create(principalOf(request), request.body, {
        uploads: request.uploads ?? [],
        // With Idempotency-Key: the answer commits with the ticket (else one statement).
        ...(request.idempotencyRecordId
          ? {
              recordAnswer: (tx: Prisma.TransactionClient, created: AnyTicket) =>
                recordIdempotentAnswer(request, tx, {
                  statusCode: 201,
                  body: created,
                  headers: {
                    ...createdHeaders(created),
                    'content-type': 'application/json; charset=utf-8',
                  },
                }),
            }
          : {}),
      });
      return reply.code(201).headers(createdHeaders(ticket)).send(ticket);
    },
  );

  /**
   * GET /api/tickets/export.csv — the list's filters and order (`cursor` and `limit` ignored) as a
   * CSV download (`text/csv; charset=utf-8`, RFC 4180, `tickets.csv`), streamed: a header row, then
   * one row per ticket (export-tickets.ts gives the columns). Agents, admins and API keys
   * (`tickets:read`); customers 403. 400 on an invalid filter; 503 `search_timeout` for a search
   * that matches too much. A static path: find-my-way prefers it to `/api/tickets/:id`.
   */
  app.get(
    '/api/tickets/export.csv',
    {
      preValidation: app.requireRole('AGENT', 'ADMIN'),
      schema: {
        tags: ['tickets'],
        operationId: 'exportTicketsCsv',
        summary: 'Export tickets as CSV',
        description:
          "Columns: reference, subject, status, priority, category, group, tags (space-separated), requester_name, requester_email, assignee, created_at, first_responded_at, resolved_at, closed_at, first_response_seconds, resolution_seconds, sla (met, breached or empty), csat_score, then cf.<key> per custom field. Cells a spreadsheet would read as a formula start with '.",
        querystring: ListTicketsQuerySchema,
        response: {
          200: z.string().describe('The CSV (text/csv; charset=utf-8)'),
          ...commonProblems,
          503: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const csv = await tickets.exportCsv(principalOf(request), request.query);
      // A stream: sent through the plain reply (the schema's string is its documentation).
      return (reply as FastifyReply)
        .type('text/csv; charset=utf-8')
        .header('Content-Disposition', 'attachment; filename="tickets.csv"')
        .header('X-Content-Type-Options', 'nosniff')
        .send(csv);
    },
  );

  /**
   * GET /api/tickets — the tickets the caller may see, filtered and sorted, keyset-paginated:
   * `{data, nextCursor}`; `cf.<key>=<value>` custom field filters (list-tickets.ts). 400 on an
   * invalid filter (naming `cf.<key>` for a custom field) or cursor.
   */
  app.get(
    '/api/tickets',
    {
      // The page is the presenter's explicit objects: serialized as they are (lib/presented-json.ts).
      serializerCompiler: presentedJsonSerializer,
      schema: {
        tags: ['tickets'],
        summary: 'List tickets',
        description:
          'Organization-scoped (customers: their own tickets). Filters combine with AND; comma lists match any of their values, except tags (all must match). Custom fields: up to 5 `cf.<key>=<value>` parameters, each matching tickets whose field <key> equals the value (multi_select: holds the option); an unknown key (for customers: one not visible to them) or a value not of the field’s type is a 400 naming `cf.<key>`. Cursor pagination: pass nextCursor back as cursor.',
        querystring: ListTicketsQuerySchema,
        response: { 200: TicketListSchema, ...commonProblems },
      },
    },
    async (request) => tickets.list(principalOf(request), request.query),
  );

  /**
   * GET /api/tickets/counts — `{byStatus: {NEW: n, …, CLOSED: n}, total}`: how many tickets the
   * caller may see are in each status now, for quick counts such as the customer portal's (a list
   * with `limit=1` gives no total). Every signed-in role and API keys; customers count their own
   * tickets, staff their organization's (the scope of `GET /api/tickets`). 401 without
   * credentials. A static path: Fastify's router prefers it to `/api/tickets/:id`.
   */
  app.get(
    '/api/tickets/counts',
    {
      schema: {
        tags: ['tickets'],
        operationId: 'countTickets',
        summary: 'Count tickets by status',
        description:
          'Counts of the tickets the caller may see (customers: their own; staff and API keys: the organization’s), by current status, deleted tickets left out.',
        response: { 200: TicketCountsSchema, ...commonProblems },
      },
    },
    async (request) => tickets.counts(principalOf(request)),
  );

  /** GET /api/tickets/:id — by uuid, number or reference. 404 when not visible to the caller. */
  app.get(
    '/api/tickets/:id',
    {
      config: { sendsETag: true },
      schema: {
        tags: ['tickets'],
        summary: 'Get a ticket',
        params: TicketIdParamsSchema,
        response: { 200: AnyTicketSchema, ...commonProblems, 404: ProblemSchema },
      },
    },
    async (request, reply) => {
      const ticket = await tickets.get(principalOf(request), request.params.id);
      return reply.header('ETag', `"${ticket.version}"`).send(ticket);
    },
  );

  /**
   * PATCH /api/tickets/:id — change any of subject, status, priority, category, tags, assigneeId,
   * customFields, metadata, externalRefs (with an optional `reason` for the audit log). 200 with
   * the ticket and `ETag: "<version>"`. Honours `If-Match: "<version>"` (also `3`, `W/"3"`):
   * stale → 412 `precondition_failed`. Roles (docs/product.md): agents, admins and API keys change
   * anything; the requester may only close (status CLOSED + reason), other fields → 403 naming
   * them; other customers' and organizations' tickets → 404. Forbidden status change → 409
   * `invalid_transition`; anything on a CLOSED ticket → 409 `ticket_closed`; unknown category or
   * assignee → 400 naming the field. Rules: tickets.service.ts `update`, ticket-lifecycle.ts.
   */
  app.patch(
    '/api/tickets/:id',
    {
      config: { sendsETag: true },
      schema: {
        tags: ['tickets'],
        summary: 'Update a ticket',
        description:
          'Partial update. Statuses: NEW → OPEN → IN_PROGRESS ⇄ WAITING_ON_CUSTOMER / ON_HOLD → RESOLVED → CLOSED; nothing returns to NEW or leaves CLOSED. customFields merge into the current values (null removes a key), checked against the custom field definitions; metadata and externalRefs replace the whole object. A change that changes nothing keeps the version.',
        params: TicketIdParamsSchema,
        headers: IfMatchHeadersSchema,
        body: UpdateTicketBodySchema,
        response: {
          200: AnyTicketSchema,
          ...commonProblems,
          409: ProblemSchema,
          412: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const ticket = await tickets.update(principalOf(request), request.params.id, request.body, {
        ifMatch: request.headers['if-match'],
      });
      return reply.header('ETag', `"${ticket.version}"`).send(ticket);
    },
  );

  /**
   * DELETE /api/tickets/:id — soft delete (docs/product.md: admins only; agents and customers → 403;
   * another organization's ticket → 404). 204; the ticket leaves lists and reads as 404.
   */
  app.delete(
    '/api/tickets/:id',
    {
      preValidation: app.requireRole('ADMIN'),
      schema: {
        tags: ['tickets'],
        summary: 'Delete a ticket (soft)',
        description:
          'Admins only. Sets deletedAt and writes DELETED activity; POST …/restore undoes it.',
        params: TicketIdParamsSchema,
        response: { 204: z.null().describe('Deleted'), ...commonProblems },
      },
    },
    async (request, reply) => {
      await tickets.remove(principalOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  /**
   * POST /api/tickets/:id/restore — undoes a soft delete (admins only, else 403; not in the
   * organization → 404). 200 with the ticket; RESTORED activity.
   */
  app.post(
    '/api/tickets/:id/restore',
    {
      preValidation: app.requireRole('ADMIN'),
      config: { sendsETag: true },
      schema: {
        tags: ['tickets'],
        summary: 'Restore a deleted ticket',
        params: TicketIdParamsSchema,
        response: { 200: AnyTicketSchema, ...commonProblems },
      },
    },
    async (request, reply) => {
      const ticket = await tickets.restore(principalOf(request), request.params.id);
      return reply.header('ETag', `"${ticket.version}"`).send(ticket);
    },
  );

  /**
   * POST /api/tickets/:id/claim — the calling agent takes the ticket, atomically (docs/product.md: two
   * agents at once, one wins, the other gets 409 `already_claimed`). Agents and admins signed in
   * (customers and API keys → 403). Claiming your own ticket again → 200, unchanged. A NEW ticket
   * becomes OPEN. 200 with the ticket; CLOSED → 409 `ticket_closed`.
   */
  app.post(
    '/api/tickets/:id/claim',
    {
      preValidation: app.requireRole('AGENT', 'ADMIN'),
      config: { sendsETag: true },
      schema: {
        tags: ['tickets'],
        summary: 'Claim a ticket',
        params: TicketIdParamsSchema,
        response: { 200: AnyTicketSchema, ...commonProblems, 409: ProblemSchema },
      },
    },
    async (request, reply) => {
      const ticket = await tickets.claim(principalOf(request), request.params.id);
      return reply.header('ETag', `"${ticket.version}"`).send(ticket);
    },
  );

  /**
   * POST /api/tickets/:id/unclaim — the assignee releases the ticket. Agents and admins signed in
   * (customers and API keys → 403); not assigned to the caller → 409 `not_assignee`. 200 with the
   * ticket, unassigned.
   */
  app.post(
    '/api/tickets/:id/unclaim',
    {
      preValidation: app.requireRole('AGENT', 'ADMIN'),
      config: { sendsETag: true },
      schema: {
        tags: ['tickets'],
        summary: 'Unclaim a ticket',
        params: TicketIdParamsSchema,
        response: { 200: AnyTicketSchema, ...commonProblems, 409: ProblemSchema },
      },
    },
    async (request, reply) => {
      const ticket = await tickets.unclaim(principalOf(request), request.params.id);
      return reply.header('ETag', `"${ticket.version}"`).send(ticket);
    },
  );

  /**
   * PUT /api/tickets/:id/session — schedule or reschedule the session: `{mode, scheduledAt,
   * durationMinutes? (1–480), meetingLink? (https)}`; video/audio without a link get a generated,
   * unguessable one. Agents, admins, API keys (customers → 403; they see the session on their
   * ticket). 200 with the ticket; CLOSED → 409 `ticket_closed`.
   */
  app.put(
    '/api/tickets/:id/session',
    {
      preValidation: app.requireRole('AGENT', 'ADMIN'),
      config: { sendsETag: true },
      schema: {
        tags: ['tickets'],
        operationId: 'scheduleTicketSession',
        summary: 'Schedule a session',
        params: TicketIdParamsSchema,
        body: ScheduleSessionBodySchema,
        response: { 200: AnyTicketSchema, ...commonProblems, 409: ProblemSchema },
      },
    },
    async (request, reply) => {
      const ticket = await tickets.scheduleSession(
        principalOf(request),
        request.params.id,
        request.body,
      );
      return reply.header('ETag', `"${ticket.version}"`).send(ticket);
    },
  );

  /** DELETE /api/tickets/:id/session — cancel the session (agents, admins, API keys; customers → 403). 200 with the ticket. */
  app.delete(
    '/api/tickets/:id/session',
    {
      preValidation: app.requireRole('AGENT', 'ADMIN'),
      config: { sendsETag: true },
      schema: {
        tags: ['tickets'],
        operationId: 'cancelTicketSession',
        summary: 'Cancel the session',
        params: TicketIdParamsSchema,
        response: { 200: AnyTicketSchema, ...commonProblems, 409: ProblemSchema },
      },
    },
    async (request, reply) => {
      const ticket = await tickets.cancelSession(principalOf(request), request.params.id);
      return reply.header('ETag', `"${ticket.version}"`).send(ticket);
    },
  );

  /**
   * GET /api/tickets/:id/session/occurrences — the occurrences of the ticket's session
   * (docs/product.md "Sessions"; RFC 5545: one per date of a recurring session's rule, each with
   * its original start, the RECURRENCE-ID) by original start, with earlier sessions' occurrences
   * whose outcome was recorded. 200 `{data: [{id, originalStart, scheduledAt, durationMinutes,
   * cancelledAt, outcome, notes, notesRecordedAt, notesAuthor}]}`; the requester (their own
   * ticket) gets no outcome, notes or author. Another's or unknown ticket → 404.
   */
  app.get(
    '/api/tickets/:id/session/occurrences',
    {
      schema: {
        tags: ['tickets'],
        operationId: 'listTicketSessionOccurrences',
        summary: "List the session's occurrences",
        params: TicketIdParamsSchema,
        response: { 200: SessionOccurrenceListSchema, ...commonProblems },
      },
    },
    async (request) => tickets.listOccurrences(principalOf(request), request.params.id),
  );

  /**
   * PATCH /api/tickets/:id/session/occurrences/:occurrenceId — reschedule (`scheduledAt` ISO
   * 8601, `durationMinutes` 1–480 or null) or cancel (`cancelled: true`; false restores) one
   * occurrence of a recurring session alone (docs/product.md "Sessions"; RFC 5545 RECURRENCE-ID).
   * Agents, admins, API keys with `tickets:write` (customers → 403). 200 the occurrence; the
   * requester is mailed. 404 ticket or occurrence; 409 `ticket_closed`, `session_not_recurring`
   * (a one-off session: use PUT or DELETE /api/tickets/:id/session).
   */
  app.patch(
    '/api/tickets/:id/session/occurrences/:occurrenceId',
    {
      preValidation: app.requireRole('AGENT', 'ADMIN'),
      schema: {
        tags: ['tickets'],
        operationId: 'updateTicketSessionOccurrence',
        summary: 'Reschedule or cancel one occurrence',
        params: OccurrenceParamsSchema,
        body: UpdateOccurrenceBodySchema,
        response: { 200: SessionOccurrenceSchema, ...commonProblems, 409: ProblemSchema },
      },
    },
    async (request) =>
      tickets.changeOccurrence(
        principalOf(request),
        request.params.id,
        request.params.occurrenceId,
        request.body,
      ),
  );

  /**
   * PUT /api/tickets/:id/session/occurrences/:occurrenceId/notes — record or edit the outcome
   * (`held`, `no_show`, `cancelled`) and internal notes (≤ 10,000 characters) of one occurrence,
   * once its start has passed (docs/product.md "Sessions"). Agents, admins, API keys with
   * `tickets:write` (customers → 403). 200 the occurrence; an internal SESSION_NOTES_RECORDED
   * activity row without the notes' text. 404 ticket or occurrence; 409 `session_not_started`,
   * `ticket_closed`.
   */
  app.put(
    '/api/tickets/:id/session/occurrences/:occurrenceId/notes',
    {
      preValidation: app.requireRole('AGENT', 'ADMIN'),
      schema: {
        tags: ['tickets'],
        operationId: 'recordTicketSessionNotes',
        summary: 'Record the notes and outcome of one occurrence',
        params: OccurrenceParamsSchema,
        body: OccurrenceNotesBodySchema,
        response: { 200: SessionOccurrenceSchema, ...commonProblems, 409: ProblemSchema },
      },
    },
    async (request) =>
      tickets.recordOccurrenceNotes(
        principalOf(request),
        request.params.id,
        request.params.occurrenceId,
        request.body,
      ),
  );

  /**
   * POST /api/tickets/from-chat/:chatId — make a ticket from a chat (docs/product.md "Chats and the
   * chat-to-ticket flow"). Agents, admins, API keys (customers → 403); another organization's
   * chat → 404. First call 201 with the ticket and `Location`; any later or racing call for the
   * same chat → 200 with the same ticket (one ticket per chat). The body may be left out.
   */
  app.post(
    '/api/tickets/from-chat/:chatId',
    {
      preValidation: [
        app.requireRole('AGENT', 'ADMIN'),
        // Every field is optional: a request without a body asks for all the defaults.
        async (request) => {
          request.body ??= {} as typeof request.body;
        },
      ],
      config: { sendsETag: true },
      schema: {
        tags: ['tickets', 'chats'],
        operationId: 'createTicketFromChat',
        summary: 'Create a ticket from a chat',
        description:
          'Requester from the chat; description from the transcript (includeTranscript, default true); priority HIGH for an escalated chat unless given; assigned to the calling agent; channel chat; tagged escalated-from-chat; linked both ways.',
        params: ChatIdParamsSchema,
        body: TicketFromChatBodySchema,
        response: {
          200: AnyTicketSchema,
          201: AnyTicketSchema,
          ...commonProblems,
          409: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const { ticket, created } = await tickets.createFromChat(
        principalOf(request),
        request.params.chatId,
        request.body,
      );
      reply.header('ETag', `"${ticket.version}"`);
      if (!created) return reply.code(200).send(ticket);
      return reply.code(201).header('Location', `/api/tickets/${ticket.id}`).send(ticket);
    },
  );

  /**
   * POST /api/tickets/:id/chats — link a chat of the organization to the ticket (`{chatId}`;
   * another organization's or unknown chat → 404). Agents, admins, API keys (customers → 403).
   * Already linked → 200, unchanged. 200 with the ticket and its linkedChatIds.
   */
  app.post(
    '/api/tickets/:id/chats',
    {
      preValidation: app.requireRole('AGENT', 'ADMIN'),
      config: { sendsETag: true },
      schema: {
        tags: ['tickets', 'chats'],
        operationId: 'linkChatToTicket',
        summary: 'Link a chat to a ticket',
        params: TicketIdParamsSchema,
        body: LinkChatBodySchema,
        response: { 200: AnyTicketSchema, ...commonProblems, 409: ProblemSchema },
      },
    },
    async (request, reply) => {
      const ticket = await tickets.linkChat(
        principalOf(request),
        request.params.id,
        request.body.chatId,
      );
      return reply.header('ETag', `"${ticket.version}"`).send(ticket);
    },
  );
};
