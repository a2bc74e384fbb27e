import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { customer, makeCustomerTicket } from '@/testing/fixtures';
import { json, mockFetch } from '@/testing/mock-fetch';
import { renderWithProviders } from '@/testing/test-utils';
import { PortalNewTicketRoute } from './new-ticket';

const categories = {
  data: ['Billing', 'Sessions'].map((name, index) => ({
    id: `00000000-0000-4000-8000-0000000000c${index}`,
    name,
    description: null,
    isActive: true,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  })),
};

describe('portal: new ticket', () => {
  it("files the requester's ticket with a category from the list and their reference, never a priority", async () => {
    const created = makeCustomerTicket({ number: 77, reference: 'TKT-00077' });
    const { requests } = mockFetch({
      'GET /api/categories': () => json(categories),
      'POST /api/tickets': () => json(created, 201),
    });
    const { user, router } = renderWithProviders(<PortalNewTicketRoute />, {
      path: '/portal/new',
      route: '/portal/new',
      user: customer,
      routes: [{ path: '/portal/tickets/:ticketId', element: <p>ticket page</p> }],
    });

    expect(screen.queryByLabelText(/priority/i)).not.toBeInTheDocument();
    await screen.findByRole('option', { name: 'Sessions' });
    await user.type(screen.getByLabelText(/Subject/), 'Move my appointment');
    await user.selectOptions(screen.getByLabelText('Category'), 'Sessions');
    await user.type(
      screen.getByLabelText(/Description/),
      'I cannot make it on Thursday, could we move it?',
    );
    await user.type(screen.getByLabelText('Order or appointment number'), 'APT-2291');
    await user.click(screen.getByRole('button', { name: 'Create ticket' }));

    await waitFor(() => expect(router.state.location.pathname).toBe('/portal/tickets/TKT-00077'));
    expect(requests.find((r) => r.method === 'POST')?.body).toEqual({
      subject: 'Move my appointment',
      description: 'I cannot make it on Thursday, could we move it?',
      category: 'Sessions',
      externalRefs: { customerReference: 'APT-2291' },
    });
  });

  it('makes a follow-up of a closed ticket, linked to it', async () => {
    const closed = makeCustomerTicket({
      number: 12,
      reference: 'TKT-00012',
      subject: 'Printer jammed',
      status: 'CLOSED',
    });
    const { requests } = mockFetch({
      'GET /api/tickets/TKT-00012': () => json(closed),
      'GET /api/categories': () => json(categories),
      'POST /api/tickets': () => json(makeCustomerTicket({ reference: 'TKT-00090' }), 201),
    });
    const { user } = renderWithProviders(<PortalNewTicketRoute />, {
      path: '/portal/new',
      route: '/portal/new?followUpOf=TKT-00012',
      user: customer,
      routes: [{ path: '/portal/tickets/:ticketId', element: <p>ticket page</p> }],
    });

    expect(await screen.findByText(/This ticket follows up TKT-00012/)).toBeInTheDocument();
    expect(screen.getByLabelText(/Subject/)).toHaveValue('Follow-up: Printer jammed');
    await user.type(screen.getByLabelText(/Description/), 'It jammed again this morning.');
    await user.click(screen.getByRole('button', { name: 'Create ticket' }));

    await screen.findByText('ticket page');
    expect(requests.find((r) => r.method === 'POST')?.body).toMatchObject({
      subject: 'Follow-up: Printer jammed',
      followUpOf: 'TKT-00012',
    });
  });

  it('does not link a follow-up to a ticket that is still open', async () => {
    mockFetch({
      'GET /api/tickets/TKT-00013': () =>
        json(makeCustomerTicket({ reference: 'TKT-00013', status: 'OPEN' })),
      'GET /api/categories': () => json(categories),
    });
    renderWithProviders(<PortalNewTicketRoute />, {
      path: '/portal/new',
      route: '/portal/new?followUpOf=TKT-00013',
      user: customer,
    });
    expect(await screen.findByText(/TKT-00013 cannot be followed up/)).toBeInTheDocument();
    expect(screen.getByLabelText(/Subject/)).toHaveValue('');
  });
});
