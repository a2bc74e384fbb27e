import '@/testing/radix-polyfills';
import { screen, waitFor, within } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TicketSla } from '@docket/server/contract/sla';
import {
  filtersFromSearchParams,
  hasActiveFilters,
  searchParamsFromFilters,
} from '@/features/tickets/utils/list-search-params';
import { agent, customer, makeCustomerTicket, makeTicket } from '@/testing/fixtures';
import { json, mockFetch, type RecordedRequest } from '@/testing/mock-fetch';
import { renderWithProviders } from '@/testing/test-utils';
import { TicketRoute } from './ticket';
import { TicketsRoute } from './tickets';

type Routes = Parameters<typeof mockFetch>[0];

const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

const breachedSla: TicketSla = {
  policyId: '00000000-0000-4000-8000-00000000f001',
  policyName: 'Standard',
  nextDueAt: inMinutes(-180),
  nextMetric: 'first_response',
  state: 'breached',
  targets: [
    {
      metric: 'first_response',
      cycle: 1,
      state: 'breached',
      targetMinutes: 60,
      dueAt: inMinutes(-180),
      warnAt: inMinutes(-192),
      fulfilledAt: null,
      breachedAt: inMinutes(-180),
      businessSecondsUsed: 240 * 60,
      businessSecondsLeft: -180 * 60,
    },
  ],
};

const overdue = makeTicket({
  number: 7,
  reference: 'TKT-00007',
  subject: 'No answer for hours',
  priority: 'CRITICAL',
  sla: breachedSla,
});
const noPolicy = makeTicket({ number: 8, reference: 'TKT-00008', subject: 'Quiet', sla: null });

/** The list's API plus what its menus ask for (staff, categories, saved views, tags). */
function listApi(routes: Routes): Routes {
  return {
    'GET /api/users': () => json({ data: [], nextCursor: null }),
    'GET /api/categories': () => json({ data: [] }),
    'GET /api/saved-views': () => json({ data: [] }),
    'GET /api/tags': () => json({ data: [] }),
    ...routes,
  };
}

const ticketRequests = (requests: RecordedRequest[]) =>
  requests.filter((r) => r.method === 'GET' && r.url.pathname === '/api/tickets');

describe('SLA on the ticket list', () => {
  it('"Breached" puts sla=breached, sorted by SLA due first, in the address and the request', async () => {
    const { requests } = mockFetch(
      listApi({
        'GET /api/tickets': ({ url }) =>
          json({
            data: url.searchParams.get('sla') === 'breached' ? [overdue] : [overdue, noPolicy],
            nextCursor: null,
          }),
      }),
    );
    const { user, router } = renderWithProviders(<TicketsRoute />, {
      path: '/tickets',
      route: '/tickets',
      user: agent,
    });
    await screen.findByRole('link', { name: /TKT-00008/ });

    const views = screen.getByRole('group', { name: 'SLA quick views' });
    const breached = within(views).getByRole('button', { name: 'Breached' });
    expect(breached).toHaveAttribute('aria-pressed', 'false');
    await user.click(breached);

    await waitFor(() =>
      expect(new URLSearchParams(router.state.location.search).get('sla')).toBe('breached'),
    );
    const search = new URLSearchParams(router.state.location.search);
    expect(search.get('sortBy')).toBe('slaDueAt');
    expect(search.get('sortOrder')).toBe('asc');
    await waitFor(() =>
      expect(ticketRequests(requests).at(-1)?.url.searchParams.get('sla')).toBe('breached'),
    );
    const last = ticketRequests(requests).at(-1)!.url.searchParams;
    expect(last.get('sortBy')).toBe('slaDueAt');
    expect(last.get('sortOrder')).toBe('asc');
    await waitFor(() =>
      expect(screen.queryByRole('link', { name: /TKT-00008/ })).not.toBeInTheDocument(),
    );
    expect(within(views).getByRole('button', { name: 'Breached' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    expect(screen.getByLabelText('Sort by')).toHaveValue('slaDueAt');
    expect(
      within(screen.getByLabelText('Sort by')).getByRole('option', { name: 'SLA due' }),
    ).toBeInTheDocument();

    // Pressed again, the quick view goes and the list is unfiltered.
    await user.click(within(views).getByRole('button', { name: 'Breached' }));
    await waitFor(() =>
      expect(new URLSearchParams(router.state.location.search).has('sla')).toBe(false),
    );
  });

  it('opens "At risk" from the address and asks the API for it', async () => {
    const { requests } = mockFetch(
      listApi({ 'GET /api/tickets': () => json({ data: [overdue], nextCursor: null }) }),
    );
    renderWithProviders(<TicketsRoute />, {
      path: '/tickets',
      route: '/tickets?sla=at_risk&sortBy=slaDueAt&sortOrder=asc',
      user: agent,
    });
    await screen.findByRole('link', { name: /TKT-00007/ });
    const request = ticketRequests(requests)[0]!.url.searchParams;
    expect(request.get('sla')).toBe('at_risk');
    expect(request.get('sortBy')).toBe('slaDueAt');
    expect(screen.getByRole('button', { name: 'At risk' })).toHaveAttribute('aria-pressed', 'true');
  });

  it('shows the SLA badge on staff rows, beside a CRITICAL priority that stays solid', async () => {
    mockFetch(
      listApi({ 'GET /api/tickets': () => json({ data: [overdue, noPolicy], nextCursor: null }) }),
    );
    renderWithProviders(<TicketsRoute />, { path: '/tickets', route: '/tickets', user: agent });

    const row = await screen.findByRole('link', { name: /TKT-00007/ });
    const badge = within(row).getByText('Overdue 3 h').closest('.badge');
    expect(badge).toHaveClass('badge--sla', 'badge--tone-danger');
    expect(within(row).getByText('Critical').closest('.badge')).toHaveClass(
      'badge--priority-critical',
    );
    const quiet = screen.getByRole('link', { name: /TKT-00008/ });
    expect(quiet.querySelector('.badge--sla')).toBeNull();
  });

  it('gives customers neither badge nor quick views', async () => {
    mockFetch({
      'GET /api/categories': () => json({ data: [] }),
      'GET /api/tickets': () =>
        json({ data: [makeCustomerTicket({ reference: 'TKT-00009' })], nextCursor: null }),
    });
    renderWithProviders(<TicketsRoute />, { path: '/tickets', route: '/tickets', user: customer });
    const row = await screen.findByRole('link', { name: /TKT-00009/ });
    expect(row.querySelector('.badge--sla')).toBeNull();
    expect(screen.queryByRole('group', { name: 'SLA quick views' })).not.toBeInTheDocument();
    expect(
      within(screen.getByLabelText('Sort by')).queryByRole('option', { name: 'SLA due' }),
    ).not.toBeInTheDocument();
  });
});

describe('sla in the list address', () => {
  it('reads and writes sla like the other filters, ignoring unknown values', () => {
    const filters = filtersFromSearchParams(
      new URLSearchParams('sla=breached,bogus,at_risk&sortBy=slaDueAt&sortOrder=asc'),
    );
    expect(filters.sla).toEqual(['at_risk', 'breached']);
    expect(filters.sortBy).toBe('slaDueAt');
    expect(hasActiveFilters(filters)).toBe(true);
    expect(searchParamsFromFilters(filters).toString()).toBe(
      'sla=at_risk%2Cbreached&sortBy=slaDueAt&sortOrder=asc',
    );
    expect(filtersFromSearchParams(new URLSearchParams('sla=BREACHED')).sla).toBeUndefined();
  });
});

describe('SLA on the ticket page', () => {
  // radix-ui Select (the ticket's controls) uses pointer capture and scrolling that jsdom lacks.
  beforeAll(() => {
    Element.prototype.hasPointerCapture ??= () => false;
    Element.prototype.releasePointerCapture ??= () => undefined;
    Element.prototype.scrollIntoView ??= () => undefined;
  });

  it('shows the SLA card in the sidebar for staff', async () => {
    mockFetch({
      [`GET /api/tickets/${overdue.reference}`]: () => json(overdue),
      [`GET /api/tickets/${overdue.id}/responses`]: () => json({ data: [], nextCursor: null }),
      [`GET /api/tickets/${overdue.id}/activity`]: () => json({ data: [], nextCursor: null }),
      'GET /api/tickets': () => json({ data: [overdue], nextCursor: null }),
      'GET /api/users': () => json({ data: [], nextCursor: null }),
      'GET /api/categories': () => json({ data: [] }),
    });
    renderWithProviders(<TicketRoute />, {
      path: '/tickets/:ticketId',
      route: `/tickets/${overdue.reference}`,
      user: agent,
    });

    const sidebar = await screen.findByRole('complementary');
    const panel = within(sidebar).getByRole('region', { name: 'SLA' });
    expect(panel).toHaveTextContent('First response');
    expect(panel).toHaveTextContent('Breached');
    expect(panel).toHaveTextContent('Overdue 3 h');
    expect(within(panel).getByRole('button', { name: 'Why?' })).toBeInTheDocument();
  });
});
