import { screen, within } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RuleRun } from '@docket/server/contract/rules';
import { TicketRuleRuns } from '@/features/rules/components/ticket-rule-runs';
import { agent, customer, makeTicket } from '@/testing/fixtures';
import { json, mockFetch } from '@/testing/mock-fetch';
import { renderWithProviders } from '@/testing/test-utils';
import { TicketRoute } from './ticket';

// radix-ui Select and Dialog use pointer capture and scrolling that jsdom lacks.
beforeAll(() => {
  Element.prototype.hasPointerCapture ??= () => false;
  Element.prototype.releasePointerCapture ??= () => undefined;
  Element.prototype.scrollIntoView ??= () => undefined;
});

function run(overrides: Partial<RuleRun>): RuleRun {
  return {
    id: crypto.randomUUID(),
    rule: { id: '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', name: 'VIP → urgent' },
    event: { type: 'ticket.created', id: crypto.randomUUID() },
    depth: 1,
    outcome: 'applied',
    reason: 'requester.domain is "vip.test"',
    effect: {
      changes: { priority: { before: 'MEDIUM', after: 'URGENT' } },
      reply: null,
      notified: ['oncall@acme.test'],
      webhook: true,
      stop: false,
    },
    error: null,
    createdAt: '2026-03-02T09:15:01.000Z',
    ...overrides,
  };
}

describe('rule runs on the ticket page', () => {
  it('shows each rule run to an agent: rule, event, depth, outcome, reason and changes', async () => {
    const ticket = makeTicket({ number: 77, reference: 'TKT-00077', subject: 'VIP cannot log in' });
    const runs = [
      run({}),
      run({
        rule: { id: null, name: 'Escalate urgent (deleted)' },
        event: { type: 'ticket.updated', id: null },
        depth: 2,
        outcome: 'failed',
        reason: 'ticket.priority changed_to "URGENT"',
        effect: {},
        error: 'the user to assign is not an agent',
      }),
    ];
    const { requests } = mockFetch({
      [`GET /api/tickets/${ticket.reference}`]: () => json(ticket),
      [`GET /api/tickets/${ticket.id}/responses`]: () => json({ data: [], nextCursor: null }),
      [`GET /api/tickets/${ticket.id}/activity`]: () => json({ data: [], nextCursor: null }),
      [`GET /api/tickets/${ticket.id}/rule-runs`]: () => json({ data: runs }),
      'GET /api/tickets': () => json({ data: [ticket], nextCursor: null }),
      'GET /api/users': () => json({ data: [], nextCursor: null }),
      'GET /api/categories': () => json({ data: [] }),
    });
    renderWithProviders(<TicketRoute />, {
      path: '/tickets/:ticketId',
      route: `/tickets/${ticket.reference}`,
      user: agent,
    });

    const section = await screen.findByRole('region', { name: 'Rule runs' });
    const applied = await within(section).findByRole('listitem', { name: 'VIP → urgent' });
    expect(applied).toHaveTextContent('Applied');
    expect(applied).toHaveTextContent('On Ticket created');
    expect(applied).toHaveTextContent('Depth 1');
    expect(applied).toHaveTextContent('Why: requester.domain is "vip.test"');
    expect(applied).toHaveTextContent('Priority: Medium → Urgent');
    expect(applied).toHaveTextContent('Emailed: oncall@acme.test');
    expect(applied).toHaveTextContent('Sent the “Rule triggered” webhook.');
    const failed = within(section).getByRole('listitem', { name: 'Escalate urgent (deleted)' });
    expect(failed).toHaveTextContent('Failed');
    expect(failed).toHaveTextContent('On Ticket updated');
    expect(failed).toHaveTextContent('Depth 2');
    expect(failed).toHaveTextContent('Error: the user to assign is not an agent');
    expect(requests.filter((r) => r.url.pathname.endsWith('/rule-runs'))).toHaveLength(1);
  });

  it('neither asks for nor shows rule runs to a customer', async () => {
    const { requests } = mockFetch({});
    renderWithProviders(<TicketRuleRuns ticketId={crypto.randomUUID()} version={1} />, {
      user: customer,
    });
    // Rendered synchronously: nothing to wait for, and nothing requested.
    expect(screen.queryByRole('region', { name: 'Rule runs' })).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(requests).toHaveLength(0);
  });
});
