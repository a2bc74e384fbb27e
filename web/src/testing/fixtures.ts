/** Objects shaped like the API's answers, typed by the server's contract; overrides win. */
import type { User } from '@docket/server/contract/auth';
import type { Problem } from '@docket/server/contract/domain';
import type { TicketResponse } from '@docket/server/contract/responses';
import type { CustomerTicket, Ticket } from '@docket/server/contract/tickets';
import { formatTicketReference } from '@docket/server/contract/domain';

const ORG = '00000000-0000-4000-8000-000000000001';

export const agent: User = {
  id: '00000000-0000-4000-8000-00000000a001',
  email: 'agent@acme.test',
  name: 'Alex Agent',
  role: 'AGENT',
  organizationId: ORG,
  locale: 'en',
  timeZone: 'UTC',
};

export const customer: User = {
  id: '00000000-0000-4000-8000-00000000c001',
  email: 'customer@acme.test',
  name: 'Casey Customer',
  role: 'CUSTOMER',
  organizationId: ORG,
  locale: 'en',
  timeZone: 'UTC',
};

let sequence = 0;
function uuid(): string {
  sequence += 1;
  return `00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`;
}

export function makeTicket(overrides: Partial<Ticket> = {}): Ticket {
  const number = overrides.number ?? sequence + 1;
  return {
    id: uuid(),
    number,
    reference: formatTicketReference(number),
    subject: 'Printer on floor 3 is jammed',
    description: 'It has been jammed since this morning.',
    status: 'OPEN',
    priority: 'MEDIUM',
    category: 'Hardware',
    tags: ['printer'],
    channel: 'web',
    requester: { id: customer.id, name: customer.name, email: customer.email },
    assignee: null,
    group: null,
    organizationId: ORG,
    originChatId: null,
    linkedChatIds: [],
    attachments: [],
    followUpOf: null,
    mergedInto: null,
    resolutionNote: null,
    customFields: {},
    metadata: {},
    externalRefs: {},
    session: null,
    firstResponseDueAt: null,
    resolutionDueAt: null,
    sla: null,
    firstRespondedAt: null,
    resolvedAt: null,
    closedAt: null,
    createdAt: '2026-03-02T09:15:00.000Z',
    updatedAt: '2026-03-02T10:45:00.000Z',
    version: 1,
    ...overrides,
  };
}

export function makeCustomerTicket(overrides: Partial<CustomerTicket> = {}): CustomerTicket {
  const ticket = makeTicket();
  // Exactly the fields of the customer view: no tags, no internal data, assignee as {assigned}.
  return {
    id: ticket.id,
    number: ticket.number,
    reference: ticket.reference,
    subject: ticket.subject,
    description: ticket.description,
    status: ticket.status,
    priority: ticket.priority,
    category: ticket.category,
    channel: ticket.channel,
    requester: ticket.requester,
    organizationId: ticket.organizationId,
    attachments: ticket.attachments,
    followUpOf: ticket.followUpOf,
    mergedInto: ticket.mergedInto,
    resolutionNote: ticket.resolutionNote,
    externalRefs: ticket.externalRefs,
    customFields: {},
    session: ticket.session,
    resolvedAt: ticket.resolvedAt,
    closedAt: ticket.closedAt,
    createdAt: ticket.createdAt,
    updatedAt: ticket.updatedAt,
    version: ticket.version,
    assignee: { assigned: false },
    ...overrides,
  };
}

export function makeResponse(overrides: Partial<TicketResponse> = {}): TicketResponse {
  return {
    id: uuid(),
    ticketId: uuid(),
    content: 'Thanks, we are looking into it.',
    format: 'markdown',
    isInternal: false,
    authorType: 'AGENT',
    author: { id: agent.id, name: agent.name },
    attachments: [],
    createdAt: '2026-03-02T11:00:00.000Z',
    ...overrides,
  };
}

export function problem(overrides: Partial<Problem> & Pick<Problem, 'status'>): Problem {
  return {
    type: 'about:blank',
    title: 'Error',
    code: 'error',
    ...overrides,
  };
}
