/**
 * Tickets: create, list, read, update, bulk changes, scheduled sessions, tags and the staff
 * lifecycle (docs/api.md "Tickets" and "Ticket", docs/product.md "Lifecycle").
 */
export {
  CreateTicketBodySchema,
  ScheduleSessionBodySchema,
  UpdateTicketBodySchema,
  type AnyTicket,
  type CreateTicketBody,
  type CustomerTicket,
  type ListTicketsQuery,
  type ScheduleSessionInput,
  type Ticket,
  type TicketCounts,
  type TicketFromChatInput,
  type TicketList,
  type UpdateTicketBody,
} from '../modules/tickets/tickets.schemas.js';
export { STAFF_TRANSITIONS } from '../modules/tickets/ticket-lifecycle.js';
export {
  OccurrenceNotesBodySchema,
  UpdateOccurrenceBodySchema,
  type CustomerSessionOccurrence,
  type OccurrenceNotesInput,
  type SessionOccurrence,
  type SessionOccurrenceList,
  type UpdateOccurrenceInput,
} from '../modules/tickets/session-occurrences.schemas.js';
export { RECURRENCE_LIMITS, SESSION_NOTES_MAX } from '../modules/tickets/session-limits.js';
export {
  BULK_MAX_TICKETS,
  type BulkTicketResult,
  type BulkTicketsBody,
  type BulkTicketsResult,
} from '../modules/tickets/bulk.schemas.js';
export type { TagList } from '../modules/tags/tags.schemas.js';
export {
  LINK_RELATIONS,
  type CreateLinkInput,
  type LinkRelation,
  type MergeTicketInput,
  type TicketLink,
} from '../modules/ticket-relations/relations.schemas.js';
