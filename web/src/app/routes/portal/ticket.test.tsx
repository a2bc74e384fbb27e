import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { TicketActivity } from '@docket/server/contract/activity';
import type { CustomerTicket } from '@docket/server/contract/tickets';
import { customer, makeCustomerTicket, makeResponse } from '@/testing/fixtures';
import { json, mockFetch } from '@/testing/mock-fetch';
import { renderWithProviders } from '@/testing/test-utils';
import { PortalTicketRoute } from './ticket';

function setUp(ticket: CustomerTicket) {
  let current = ticket;
  const activity: TicketActivity[] = [];
  const { requests } = mockFetch({
    [`GET /api/tickets/${ticket.reference}`]: () => json(current),
    [`GET /api/tickets/${ticket.id}/responses`]: () =>
      json({
        data: [
          makeResponse({
            ticketId: ticket.id,
            authorType: 'AGENT',
            author: { id: null, name: 'Alex Agent' },
            content: 'We are looking into it.',
          }),
        ],
        nextCursor: null,
      }),
    [`GET /api/tickets/${ticket.id}/activity`]: () => json({ data: activity, nextCursor: null }),
    [`PATCH /api/tickets/${ticket.id}`]: () => {
      current = {
        ...current,
        status: 'CLOSED',
        closedAt: '2026-03-03T09:00:00.000Z',
        version: current.version + 1,
      };
      return json(current);
    },
  });
  const rendered = renderWithProviders(<PortalTicketRoute />, {
    path: '/portal/tickets/:ticketId',
    route: `/portal/tickets/${ticket.reference}`,
    user: customer,
  });
  return { ...rendered, requests };
}

describe('portal ticket page', () => {
  it('shows no priority and no agent name: assigned or not, and the support team', async () => {
    setUp(
      makeCustomerTicket({
        number: 42,
        reference: 'TKT-00042',
        subject: 'I feel unsafe and need to talk to someone',
        priority: 'CRITICAL',
        assignee: { assigned: true },
      }),
    );
    expect(
      await screen.findByRole('heading', {
        level: 1,
        name: 'I feel unsafe and need to talk to someone',
      }),
    ).toBeInTheDocument();
    expect(screen.getByTestId('assignment')).toHaveTextContent('Yes, to our team');
    await screen.findByTestId('timeline-reply');
    expect(screen.getByTestId('timeline-reply')).toHaveTextContent('Support team');
    expect(screen.queryByText(/Alex Agent/)).not.toBeInTheDocument();
    expect(screen.queryByText('Critical')).not.toBeInTheDocument();
    expect(screen.queryByText(/priority/i)).not.toBeInTheDocument();
    expect(screen.queryByRole('combobox')).not.toBeInTheDocument();
  });

  it('closes the ticket with the version it shows, then offers a follow-up and never a reopening', async () => {
    const ticket = makeCustomerTicket({
      number: 43,
      reference: 'TKT-00043',
      status: 'OPEN',
      version: 4,
    });
    const { user, requests } = setUp(ticket);

    await screen.findByRole('heading', { level: 1 });
    expect(screen.getByLabelText('Reply')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Close ticket' }));
    // Closing is final, so it is asked twice; "Keep it open" would leave it be.
    const confirmation = screen.getByRole('group', { name: 'Close this ticket?' });
    await user.click(within(confirmation).getByRole('button', { name: 'Yes, close it' }));

    const offer = await screen.findByTestId('follow-up-offer');
    const patch = requests.find((r) => r.method === 'PATCH');
    expect(patch?.body).toEqual({ status: 'CLOSED' });
    expect(patch?.headers.get('if-match')).toBe('"4"');

    expect(within(offer).getByRole('link', { name: 'Create a follow-up ticket' })).toHaveAttribute(
      'href',
      '/portal/new?followUpOf=TKT-00043',
    );
    expect(screen.getByTestId('status-summary')).toHaveAttribute('data-status', 'CLOSED');
    expect(screen.queryByLabelText('Reply')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Close ticket' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /reopen/i })).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /reopen/i })).not.toBeInTheDocument();
  });

  it('keeps the ticket open when the requester changes their mind', async () => {
    const { user, requests } = setUp(
      makeCustomerTicket({ number: 44, reference: 'TKT-00044', status: 'RESOLVED' }),
    );
    await screen.findByRole('heading', { level: 1 });
    expect(screen.getByText('Is everything solved? You can close the ticket.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Close ticket' }));
    await user.click(screen.getByRole('button', { name: 'Keep it open' }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Close ticket' })).toHaveFocus());
    expect(requests.some((r) => r.method === 'PATCH')).toBe(false);
  });
});
