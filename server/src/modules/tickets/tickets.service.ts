/**
 * The tickets service: one method per ticket use case, each in the file named after its rule
 * (README.md in this folder maps them). Every method takes the calling principal first and is
 * scoped to what it may see (ticket-access.ts: the caller's organization, and for a customer
 * their own tickets — others are 404, never 403). Every change takes the ticket's row lock and
 * writes its activity rows and events in the same transaction (ticket-events.ts); the status
 * rules are in ticket-lifecycle.ts.
 */
import type { Principal } from '../../lib/principal.js';
import { createTicketFromChat, linkChat } from '../chats/index.js';
import { claimTicket, unclaimTicket } from './claim-ticket.js';
import { createTicket, type CreateTicketInput, type CreateTicketOptions } from './create-ticket.js';
import { deleteTicket, restoreTicket } from './delete-ticket.js';
import { countTickets, getTicket, listTickets } from './list-tickets.js';
import { cancelSession, scheduleSession } from './ticket-sessions.js';
import { changeOccurrence, listOccurrences, recordOccurrenceNotes } from './session-occurrences.js';
import type { OccurrenceNotesInput, UpdateOccurrenceInput } from './session-occurrences.schemas.js';
import type { TicketsDeps } from './tickets.deps.js';
import type {
  ListTicketsQuery,
  ScheduleSessionInput,
  TicketFromChatInput,
  UpdateTicketInput,
} from './tickets.schemas.js';
import { updateTicket } from './update-ticket.js';
import { exportTicketsCsv } from './export-tickets.js';

/**
 * The tickets service: `prisma` for the data, `config.meetingBaseUrl` for generated session
 * links, `attachments` for files sent with a create.
 */
export function createTicketsService(deps: TicketsDeps) {
  const { prisma } = deps;
  return {
    /** `POST /api/tickets` (create-ticket.ts). */
    create: (principal: Principal, input: CreateTicketInput, options: CreateTicketOptions = {}) =>
      createTicket(deps, principal, input, options),
    /** `GET /api/tickets` (list-tickets.ts). */
    list: (principal: Principal, query: ListTicketsQuery) => listTickets(prisma, principal, query),
    /** `GET /api/tickets/export.csv` (export-tickets.ts): a stream. */
    exportCsv: (principal: Principal, query: ListTicketsQuery) =>
      exportTicketsCsv(prisma, principal, query),
    /** `GET /api/tickets/counts` (list-tickets.ts). */
    counts: (principal: Principal) => countTickets(prisma, principal),
    /** `GET /api/tickets/:id` (list-tickets.ts). */
    get: (principal: Principal, idOrReference: string) =>
      getTicket(prisma, principal, idOrReference),
    /** `PATCH /api/tickets/:id` (update-ticket.ts). */
    update: (
      principal: Principal,
      idOrReference: string,
      input: UpdateTicketInput,
      options: { ifMatch?: string | undefined } = {},
    ) => updateTicket(prisma, principal, idOrReference, input, options),
    /** `DELETE /api/tickets/:id` (delete-ticket.ts). */
    remove: (principal: Principal, idOrReference: string) =>
      deleteTicket(prisma, principal, idOrReference),
    /** `POST /api/tickets/:id/restore` (delete-ticket.ts). */
    restore: (principal: Principal, idOrReference: string) =>
      restoreTicket(prisma, principal, idOrReference),
    /** `POST /api/tickets/:id/claim` (claim-ticket.ts). */
    claim: (principal: Principal, idOrReference: string) =>
      claimTicket(prisma, principal, idOrReference),
    /** `POST /api/tickets/:id/unclaim` (claim-ticket.ts). */
    unclaim: (principal: Principal, idOrReference: string) =>
      unclaimTicket(prisma, principal, idOrReference),
    /** `PUT /api/tickets/:id/session` (ticket-sessions.ts). */
    scheduleSession: (principal: Principal, idOrReference: string, input: ScheduleSessionInput) =>
      scheduleSession(deps, principal, idOrReference, input),
    /** `DELETE /api/tickets/:id/session` (ticket-sessions.ts). */
    cancelSession: (principal: Principal, idOrReference: string) =>
      cancelSession(prisma, principal, idOrReference),
    /** `GET /api/tickets/:id/session/occurrences` (session-occurrences.ts). */
    listOccurrences: (principal: Principal, idOrReference: string) =>
      listOccurrences(prisma, principal, idOrReference),
    /** `PATCH /api/tickets/:id/session/occurrences/:occurrenceId` (session-occurrences.ts). */
    changeOccurrence: (
      principal: Principal,
      idOrReference: string,
      occurrenceId: string,
      input: UpdateOccurrenceInput,
    ) => changeOccurrence(prisma, principal, idOrReference, occurrenceId, input),
    /** `PUT /api/tickets/:id/session/occurrences/:occurrenceId/notes` (session-occurrences.ts). */
    recordOccurrenceNotes: (
      principal: Principal,
      idOrReference: string,
      occurrenceId: string,
      input: OccurrenceNotesInput,
    ) => recordOccurrenceNotes(prisma, principal, idOrReference, occurrenceId, input),
    /** `POST /api/tickets/from-chat/:chatId` (chats/ticket-from-chat.ts). */
    createFromChat: (principal: Principal, chatId: string, input: TicketFromChatInput) =>
      createTicketFromChat(prisma, principal, chatId, input),
    /** `POST /api/tickets/:id/chats` (chats/ticket-from-chat.ts). */
    linkChat: (principal: Principal, idOrReference: string, chatId: string) =>
      linkChat(prisma, principal, idOrReference, chatId),
  };
}

export type TicketsService = ReturnType<typeof createTicketsService>;
