import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { agent, customer, makeCustomerTicket, makeTicket, problem } from '@/testing/fixtures';
import { json, mockFetch, problemJson } from '@/testing/mock-fetch';
import { renderWithProviders } from '@/testing/test-utils';
import { TicketsRoute } from './tickets';

const critical = makeTicket({
  number: 1,
  reference: 'TKT-00001',
  subject: 'Caller at risk, needs a counsellor now',
  priority: 'CRITICAL',
  status: 'NEW',
});
const assigned = makeTicket({
  number: 2,
  reference: 'TKT-00002',
  subject: 'Invoice shows the wrong address',
  assignee: { id: agent.id, name: 'Alex Agent' },
});
const later = makeTicket({ number: 3, reference: 'TKT-00003', subject: 'Password reset mail' });

describe('ticket list', () => {
  it('lists tickets as links named by their reference, and loads more by cursor', async () => {
    const { requests } = mockFetch({
      'GET /api/tickets': ({ url }) =>
        url.searchParams.get('cursor') === 'page-2'
          ? json({ data: [later], nextCursor: null })
          : json({ data: [critical, assigned], nextCursor: 'page-2' }),
    });
    const { user } = renderWithProviders(<TicketsRoute />, {
      path: '/tickets',
      route: '/tickets',
      user: agent,
    });

    const criticalRow = await screen.findByRole('link', { name: /TKT-00001/ });
    expect(criticalRow).toHaveAttribute('href', '/tickets/TKT-00001');
    expect(criticalRow).toHaveTextContent('Caller at risk, needs a counsellor now');
    expect(within(criticalRow).getByText('Critical')).toBeInTheDocument();
    expect(within(criticalRow).getByText('Unassigned')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /TKT-00002/ })).toHaveTextContent('Alex Agent');

    expect(requests[0]?.url.searchParams.get('limit')).toBe('25');
    expect(requests[0]?.url.searchParams.get('sortBy')).toBe('updatedAt');
    expect(requests[0]?.url.searchParams.has('cursor')).toBe(false);

    await user.click(screen.getByRole('button', { name: 'Load more' }));

    expect(await screen.findByRole('link', { name: /TKT-00003/ })).toBeInTheDocument();
    expect(requests[1]?.url.searchParams.get('cursor')).toBe('page-2');
    expect(screen.getAllByRole('link', { name: /TKT-/ })).toHaveLength(3);
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
  });

  it('keeps filters and sort in the address, and asks the API for them', async () => {
    const { requests } = mockFetch({
      'GET /api/tickets': () => json({ data: [critical], nextCursor: null }),
    });
    const { user, router } = renderWithProviders(<TicketsRoute />, {
      path: '/tickets',
      route: '/tickets?priority=CRITICAL',
      user: agent,
    });

    await screen.findByRole('link', { name: /TKT-00001/ });
    expect(requests[0]?.url.searchParams.get('priority')).toBe('CRITICAL');
    expect(screen.getByRole('checkbox', { name: 'Critical' })).toBeChecked();

    await user.click(screen.getByText('Status', { selector: 'summary' }));
    await user.click(screen.getByRole('checkbox', { name: 'Open' }));
    await user.click(screen.getByRole('checkbox', { name: 'New' }));
    await user.selectOptions(screen.getByLabelText('Sort by'), 'priority');

    await waitFor(() =>
      expect(new URLSearchParams(router.state.location.search).get('sortBy')).toBe('priority'),
    );
    const search = new URLSearchParams(router.state.location.search);
    expect(search.get('status')).toBe('NEW,OPEN');
    expect(search.get('priority')).toBe('CRITICAL');
    await waitFor(() => expect(requests.at(-1)?.url.searchParams.get('status')).toBe('NEW,OPEN'));
    expect(requests.at(-1)?.url.searchParams.get('sortBy')).toBe('priority');
  });

  it('says when no ticket matches, and clears the filters', async () => {
    mockFetch({
      'GET /api/tickets': ({ url }) =>
        json({ data: url.searchParams.has('status') ? [] : [assigned], nextCursor: null }),
    });
    const { user, router } = renderWithProviders(<TicketsRoute />, {
      path: '/tickets',
      route: '/tickets?status=CLOSED',
      user: agent,
    });

    expect(await screen.findByText('No tickets match these filters.')).toBeInTheDocument();
    await user.click(screen.getAllByRole('button', { name: 'Clear filters' })[0]!);

    expect(await screen.findByRole('link', { name: /TKT-00002/ })).toBeInTheDocument();
    expect(router.state.location.search).toBe('');
  });

  it('shows an error with a way to retry', async () => {
    mockFetch({
      'GET /api/tickets': () =>
        problemJson(problem({ status: 500, code: 'internal', title: 'Internal Server Error' })),
    });
    renderWithProviders(<TicketsRoute />, { path: '/tickets', route: '/tickets', user: agent });

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The tickets could not be loaded.');
    expect(within(alert).getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });

  it('shows customers whether a ticket is assigned, without an assignee filter', async () => {
    mockFetch({
      'GET /api/tickets': () =>
        json({
          data: [makeCustomerTicket({ reference: 'TKT-00009', assignee: { assigned: true } })],
          nextCursor: null,
        }),
    });
    renderWithProviders(<TicketsRoute />, { path: '/tickets', route: '/tickets', user: customer });

    const row = await screen.findByRole('link', { name: /TKT-00009/ });
    expect(within(row).getByText('Assigned')).toBeInTheDocument();
    expect(screen.queryByLabelText('Assignee')).not.toBeInTheDocument();
  });
});
