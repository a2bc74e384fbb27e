import type { AnyTicket, CustomerTicket, Ticket } from '@docket/server/contract/tickets';

/** A customer's view of a ticket: no tags, no internal data, and only whether it is assigned. */
export function isCustomerView(ticket: AnyTicket): ticket is CustomerTicket {
  return ticket.assignee !== null && 'assigned' in ticket.assignee;
}

export function isAgentView(ticket: AnyTicket): ticket is Ticket {
  return !isCustomerView(ticket);
}
