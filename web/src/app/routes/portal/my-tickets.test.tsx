import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { customer, makeCustomerTicket } from '@/testing/fixtures';
import { json, mockFetch } from '@/testing/mock-fetch';
import { renderWithProviders } from '@/testing/test-utils';
import { MyTicketsRoute } from './my-tickets';

describe('portal: my tickets', () => {
  it('shows the quick counts, and filters the list by the count chosen', async () => {
    const open = makeCustomerTicket({
      number: 5,
      reference: 'TKT-00005',
      subject: 'VPN',
      status: 'OPEN',
    });
    const closed = makeCustomerTicket({
      number: 3,
      reference: 'TKT-00003',
      subject: 'Old invoice',
      status: 'CLOSED',
    });
    const { requests } = mockFetch({
      'GET /api/tickets/counts': () =>
        json({
          byStatus: {
            NEW: 1,
            OPEN: 1,
            IN_PROGRESS: 0,
            WAITING_ON_CUSTOMER: 2,
            ON_HOLD: 0,
            RESOLVED: 0,
            CLOSED: 4,
          },
          total: 8,
        }),
      'GET /api/tickets': ({ url }) =>
        json({
          data: url.searchParams.get('status') === 'CLOSED' ? [closed] : [open, closed],
          nextCursor: null,
        }),
    });
    const { user } = renderWithProviders(<MyTicketsRoute />, {
      path: '/portal',
      route: '/portal',
      user: customer,
    });

    await waitFor(() => expect(screen.getByTestId('quick-count-open')).toHaveTextContent('Open2'));
    expect(screen.getByTestId('quick-count-inProgress')).toHaveTextContent('In progress2');
    expect(screen.getByTestId('quick-count-closed')).toHaveTextContent('Closed4');
    expect(screen.getByTestId('quick-count-all')).toHaveTextContent('All8');
    expect(screen.getByTestId('quick-count-all')).toHaveAttribute('aria-current', 'true');
    expect(await screen.findAllByTestId('portal-ticket-row')).toHaveLength(2);
    // No priority in the requester's list.
    expect(screen.queryByText('Medium')).not.toBeInTheDocument();

    await user.click(screen.getByTestId('quick-count-closed'));
    await waitFor(() => expect(screen.getAllByTestId('portal-ticket-row')).toHaveLength(1));
    expect(screen.getByTestId('quick-count-closed')).toHaveAttribute('aria-current', 'true');
    const lists = requests.filter((r) => r.url.pathname === '/api/tickets');
    expect(lists.at(-1)?.url.searchParams.get('status')).toBe('CLOSED');
    expect(lists[0]?.url.searchParams.get('status')).toBeNull();
  });
});
