/**
 * Examples shown in the OpenAPI document (`/api/docs`) next to the schemas they illustrate.
 * Realistic values, consistent with each other (the same ticket, agent and requester throughout).
 */
const ticketId = '8c0a4f52-5d7e-4f0e-9a57-3b3c9d1f2e10';
const organizationId = '0f6f1c2a-3b4d-4e5f-8a9b-1c2d3e4f5a6b';
const agent = { id: '5b9e3f7a-1c2d-4e5f-9a8b-7c6d5e4f3a2b', name: 'Alex Agent' };

export const examples = {
  ticket: {
    id: ticketId,
    number: 42,
    reference: 'TKT-00042',
    subject: 'Charged twice for order 113542617735902',
    description:
      'Hello,\n\nMy card was charged twice for order 113542617735902. Can you refund one?\n\nThanks,\nMaya',
    status: 'IN_PROGRESS',
    priority: 'HIGH',
    category: 'Payment',
    tags: ['payment_issue', 'escalated-from-chat'],
    channel: 'chat',
    requester: { id: null, name: 'Maya Patel', email: 'maya.patel@example.com' },
    assignee: agent,
    group: { id: '5b1d2c3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e', name: 'Billing' },
    organizationId,
    originChatId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
    linkedChatIds: ['a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d'],
    attachments: [],
    followUpOf: null,
    mergedInto: null,
    resolutionNote: null,
    customFields: {},
    metadata: { crmContactId: 'C-2291' },
    externalRefs: { orderId: '113542617735902' },
    session: {
      mode: 'video',
      scheduledAt: '2026-11-24T15:00:00.000Z',
      durationMinutes: 30,
      meetingLink: 'https://meet.jit.si/docket-q8Zx3vN1pL6tR0wY5cB2aQ',
    },
    firstResponseDueAt: '2026-11-21T13:00:00.000Z',
    resolutionDueAt: '2026-11-22T09:00:00.000Z',
    sla: {
      policyId: '0b5c8a8e-3f1d-4c2a-9e7b-1d2c3b4a5e6f',
      policyName: 'High priority',
      nextDueAt: '2026-11-22T09:00:00.000Z',
      nextMetric: 'resolution',
      state: 'on_track',
      targets: [
        {
          metric: 'first_response',
          cycle: 1,
          state: 'fulfilled',
          targetMinutes: 240,
          dueAt: '2026-11-21T13:00:00.000Z',
          warnAt: null,
          fulfilledAt: '2026-11-21T09:41:12.000Z',
          breachedAt: null,
          businessSecondsUsed: 2472,
          businessSecondsLeft: 11928,
        },
        {
          metric: 'resolution',
          cycle: 1,
          state: 'active',
          targetMinutes: 1440,
          dueAt: '2026-11-22T09:00:00.000Z',
          warnAt: '2026-11-22T04:12:00.000Z',
          fulfilledAt: null,
          breachedAt: null,
          businessSecondsUsed: 3927,
          businessSecondsLeft: 82473,
        },
      ],
    },
    firstRespondedAt: '2026-11-21T09:41:12.000Z',
    resolvedAt: null,
    closedAt: null,
    createdAt: '2026-11-21T09:00:00.000Z',
    updatedAt: '2026-11-21T10:05:27.000Z',
    version: 4,
  },
  createTicket: {
    subject: 'Charged twice for order 113542617735902',
    description: 'My card was charged twice for order 113542617735902. Can you refund one?',
    priority: 'HIGH',
    category: 'Payment',
    tags: ['payment_issue'],
    requesterName: 'Maya Patel',
    requesterEmail: 'maya.patel@example.com',
    externalRefs: { orderId: '113542617735902' },
  },
  updateTicket: {
    status: 'WAITING_ON_CUSTOMER',
    priority: 'URGENT',
    reason: 'Asked for the bank statement',
  },
  response: {
    id: '3d2c1b0a-9f8e-4d7c-8b6a-5f4e3d2c1b0a',
    ticketId,
    content:
      'We have **refunded** the duplicate charge; it will show on your statement within 5 days.',
    format: 'markdown',
    isInternal: false,
    authorType: 'AGENT',
    author: { id: agent.id, name: agent.name, email: 'agent@acme.test' },
    attachments: [],
    createdAt: '2026-11-21T10:05:27.000Z',
  },
  createResponse: {
    content: 'Refund issued — checked with billing in the back office.',
    isInternal: true,
  },
  problem: {
    type: '/problems/validation-failed',
    title: 'Validation failed',
    status: 400,
    code: 'validation_failed',
    detail:
      'The request body is invalid: subject: Too small: expected string to have >=5 characters',
    errors: [{ path: 'subject', message: 'Too small: expected string to have >=5 characters' }],
  },
  login: { email: 'agent@acme.test', password: 'docket-demo' },
} as const;
