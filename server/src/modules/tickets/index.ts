/**
 * The public surface of the tickets module: what other modules and the plugins may use. The rest
 * of the folder is the module's own (docs/architecture.md "Modules").
 */
export { insertTicket, insertTicketWithFiles } from './create-ticket.js';
export type { CreateTicketInput, NewTicketRoute, NewTicketRouter } from './create-ticket.js';
export {
  findVisibleTicket,
  lockVisibleTicket,
  lockVisibleTicketRow,
  reloadTicket,
  visibleTicketsWhere,
} from './ticket-access.js';
export { emitTicketCreated, recordChanges } from './ticket-events.js';
export {
  emitAttachmentAdded,
  emitTicketEvent,
  ticketEventsSql,
} from './ticket-outbox.repository.js';
export type { NewTicketEvent } from './ticket-outbox.repository.js';
export { presentTicket, ticketInclude, toTicket } from './tickets.presenter.js';
export type { TicketRow } from './tickets.presenter.js';
export {
  loadTicketRows,
  lockTicketRows,
  ticketKeySql,
  visibleTicketsSql,
} from './tickets.repository.js';
export { insertActivitiesSql } from './ticket-writes.repository.js';
export {
  customerActivitySql,
  recomputeCustomerActivity,
  recomputeSearchVectors,
  replySearchVectorsSql,
  replyWordsSql,
} from './ticket-replies.repository.js';
export { findTicketNumbers } from './ticket-numbers.repository.js';
export { escalateTicket, priorityAbove } from './ticket-escalation.js';
export { presentSlaTarget } from './ticket-sla.js';
export { changeTicket, checkIfMatch } from './update-ticket.js';
export { closeMergedTicket } from './merge-ticket.js';
export { ticketPages } from './list-tickets.js';
export { ticketListConditions } from './ticket-list.repository.js';
export { ListTicketsQuerySchema } from './tickets.schemas.js';
export { findOccurrences } from './session-occurrences.repository.js';
export { listOccurrences } from './session-occurrences.js';
export type { OccurrenceRow } from './session-occurrences.repository.js';
export { presentRecurrence } from './session-recurrence.js';
