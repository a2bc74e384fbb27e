import '@/testing/radix-polyfills';
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { SavedView } from '@docket/server/contract/saved-views';
import { agent, customer, makeCustomerTicket, makeTicket, problem } from '@/testing/fixtures';
import { json, mockFetch, problemJson, type RecordedRequest } from '@/testing/mock-fetch';
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
  session: {
    mode: 'video',
    scheduledAt: '2026-12-01T15:00:00.000Z',
    durationMinutes: 30,
    meetingLink: 'https://meet.example.com/x',
  },
});
const later = makeTicket({ number: 3, reference: 'TKT-00003', subject: 'Password reset mail' });
const tier1 = { id: '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', name: 'Tier1' };
const grouped = makeTicket({
  number: 4,
  reference: 'TKT-00004',
  subject: 'Refund for a double charge',
  group: tier1,
});

const myOpen: SavedView = {
  id: '6f1c3a52-8a55-4f0e-9a55-0c1f7f4d2b10',
  name: 'My open',
  filters: { status: 'NEW,OPEN,IN_PROGRESS', assigneeId: 'me' },
  visibility: 'personal',
  groupId: null,
  group: null,
  columns: [],
  editable: true,
  createdAt: '2026-11-21T09:30:00.000Z',
};

type Routes = Parameters<typeof mockFetch>[0];

/** The list's API plus what its menus ask for (staff, categories, saved views, tags). */
function listApi(routes: Routes, views: SavedView[] = []): Routes {
  return {
    'GET /api/users': () =>
      json({
        data: [
          { id: agent.id, name: 'Alex Agent', email: agent.email, role: 'AGENT', isActive: true },
          {
            id: '00000000-0000-4000-8000-00000000a002',
            name: 'Blake Agent',
            email: 'agent2@acme.test',
            role: 'AGENT',
            isActive: true,
          },
        ],
        nextCursor: null,
      }),
    'GET /api/categories': () => json({ data: [{ id: 'c1', name: 'Billing' }] }),
    'GET /api/saved-views': () => json({ data: views }),
    'GET /api/saved-views/built-in': () => json({ data: [] }),
    'GET /api/saved-views/counts': () => json({ data: [] }),
    'GET /api/tags': () => json({ data: [{ name: 'vip', count: 3 }] }),
    'GET /api/groups': () => json({ data: [{ ...tier1, members: [], queued: 0 }] }),
    ...routes,
  };
}

const ticketRequests = (requests: RecordedRequest[]) =>
  requests.filter((r) => r.method === 'GET' && r.url.pathname === '/api/tickets');

describe('ticket list', () => {
  it('lists tickets as links named by their reference, and loads more by cursor', async () => {
    const { requests } = mockFetch(
      listApi({
        'GET /api/tickets': ({ url }) =>
          url.searchParams.get('cursor') === 'page-2'
            ? json({ data: [later], nextCursor: null })
            : json({ data: [critical, assigned], nextCursor: 'page-2' }),
      }),
    );
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
    const assignedRow = screen.getByRole('link', { name: /TKT-00002/ });
    expect(assignedRow).toHaveTextContent('Alex Agent');
    expect(within(assignedRow).getByText('Claimed')).toBeInTheDocument();
    expect(within(assignedRow).getByText(/^Scheduled /)).toBeInTheDocument();

    const first = ticketRequests(requests)[0];
    expect(first?.url.searchParams.get('limit')).toBe('25');
    expect(first?.url.searchParams.get('sortBy')).toBe('updatedAt');
    expect(first?.url.searchParams.has('cursor')).toBe(false);

    await user.click(screen.getByRole('button', { name: 'Load more' }));

    expect(await screen.findByRole('link', { name: /TKT-00003/ })).toBeInTheDocument();
    expect(ticketRequests(requests)[1]?.url.searchParams.get('cursor')).toBe('page-2');
    expect(screen.getAllByRole('link', { name: /TKT-/ })).toHaveLength(3);
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
  });

  it('shows the dense table on request, remembers it, and moves through rows with j, k and x', async () => {
    localStorage.removeItem('docket.ticketList.layout');
    mockFetch(
      listApi({ 'GET /api/tickets': () => json({ data: [critical, assigned], nextCursor: null }) }),
    );
    const { user, unmount } = renderWithProviders(<TicketsRoute />, {
      path: '/tickets',
      route: '/tickets?priority=CRITICAL,MEDIUM',
      user: agent,
    });
    await screen.findByRole('link', { name: /TKT-00001/ });
    await user.click(screen.getByRole('button', { name: 'Table' }));

    const table = screen.getByRole('table', { name: 'Tickets' });
    const headers = within(table)
      .getAllByRole('columnheader')
      .map((th) => th.textContent);
    expect(headers).toEqual([
      'Selection',
      'Reference',
      'Subject',
      'Requester',
      'Status',
      'Priority',
      'SLA',
      'Assignee',
      'Group',
      'Updated',
    ]);
    // The subject is each row's header and its link, which keeps the list's filters.
    const link = within(table).getByRole('link', { name: /TKT-00002/ });
    expect(link).toHaveAttribute('href', '/tickets/TKT-00002?priority=CRITICAL%2CMEDIUM');
    expect(within(table).getAllByRole('rowheader')).toHaveLength(2);
    expect(localStorage.getItem('docket.ticketList.layout')).toBe('table');

    await user.keyboard('j');
    expect(within(table).getByRole('link', { name: /TKT-00001/ })).toHaveFocus();
    await user.keyboard('j');
    expect(link).toHaveFocus();
    await user.keyboard('x');
    expect(screen.getByRole('checkbox', { name: 'Select TKT-00002' })).toHaveAttribute(
      'aria-checked',
      'true',
    );
    await user.keyboard('k');
    expect(within(table).getByRole('link', { name: /TKT-00001/ })).toHaveFocus();
    unmount();

    // The next visit starts in the table.
    renderWithProviders(<TicketsRoute />, { path: '/tickets', route: '/tickets', user: agent });
    expect(await screen.findByRole('table', { name: 'Tickets' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Table' })).toHaveAttribute('aria-pressed', 'true');
    localStorage.removeItem('docket.ticketList.layout');
  });

  it('keeps filters and sort in the address, and asks the API for them', async () => {
    const { requests } = mockFetch(
      listApi({ 'GET /api/tickets': () => json({ data: [critical], nextCursor: null }) }),
    );
    const { user, router } = renderWithProviders(<TicketsRoute />, {
      path: '/tickets',
      route: '/tickets?priority=CRITICAL',
      user: agent,
    });

    await screen.findByRole('link', { name: /TKT-00001/ });
    expect(ticketRequests(requests)[0]?.url.searchParams.get('priority')).toBe('CRITICAL');
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
    await waitFor(() =>
      expect(ticketRequests(requests).at(-1)?.url.searchParams.get('status')).toBe('NEW,OPEN'),
    );
    expect(ticketRequests(requests).at(-1)?.url.searchParams.get('sortBy')).toBe('priority');
  });

  it('searches on submit, and filters by assignee, category, channel and days', async () => {
    const { requests } = mockFetch(
      listApi({ 'GET /api/tickets': () => json({ data: [later], nextCursor: null }) }),
    );
    const { user, router } = renderWithProviders(<TicketsRoute />, {
      path: '/tickets',
      route: '/tickets',
      user: agent,
    });
    await screen.findByRole('link', { name: /TKT-00003/ });

    await user.type(screen.getByRole('searchbox', { name: 'Search tickets' }), 'refund "order 12"');
    expect(ticketRequests(requests)).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: 'Search' }));
    await waitFor(() =>
      expect(new URLSearchParams(router.state.location.search).get('q')).toBe('refund "order 12"'),
    );
    await waitFor(() =>
      expect(ticketRequests(requests).at(-1)?.url.searchParams.get('q')).toBe('refund "order 12"'),
    );

    await waitFor(() =>
      expect(screen.getByRole('option', { name: 'Blake Agent' })).toBeInTheDocument(),
    );
    await user.selectOptions(screen.getByLabelText('Assignee'), 'Blake Agent');
    await user.click(screen.getByText('More filters', { selector: 'summary' }));
    await user.selectOptions(screen.getByLabelText('Category'), 'Billing');
    await user.selectOptions(screen.getByLabelText('Channel'), 'chat');
    await user.type(screen.getByLabelText('Created from'), '2026-11-01');
    await user.type(screen.getByLabelText('Created until'), '2026-11-02');

    await waitFor(() =>
      expect(new URLSearchParams(router.state.location.search).get('createdTo')).toBe('2026-11-02'),
    );
    const search = new URLSearchParams(router.state.location.search);
    expect(search.get('assigneeId')).toBe('00000000-0000-4000-8000-00000000a002');
    expect(search.get('category')).toBe('Billing');
    expect(search.get('channel')).toBe('chat');
    expect(search.get('createdFrom')).toBe('2026-11-01');
    const last = ticketRequests(requests).at(-1)!.url.searchParams;
    expect(last.get('category')).toBe('Billing');
    // Days become instants in the browser's zone; the end day is included (exclusive bound).
    expect(last.get('createdFrom')).toBe(new Date('2026-11-01T00:00:00').toISOString());
    expect(last.get('createdTo')).toBe(new Date('2026-11-03T00:00:00').toISOString());
    expect(screen.getByText('More filters (4)', { selector: 'summary' })).toBeInTheDocument();
  });

  it('applies a saved view and saves the current one', async () => {
    const { requests } = mockFetch(
      listApi(
        {
          'GET /api/tickets': () => json({ data: [critical], nextCursor: null }),
          'POST /api/saved-views': ({ body }) =>
            json({ ...myOpen, id: 'new-view', ...(body as object) }, 201),
        },
        [myOpen],
      ),
    );
    const { user, router } = renderWithProviders(<TicketsRoute />, {
      path: '/tickets',
      route: '/tickets?priority=CRITICAL&assigneeId=none',
      user: agent,
    });
    await screen.findByRole('link', { name: /TKT-00001/ });

    await user.click(screen.getByRole('button', { name: 'Views' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Save current view…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Save this view' });
    await user.type(within(dialog).getByLabelText(/Name/), 'Unassigned critical');
    await user.click(within(dialog).getByRole('button', { name: 'Save view' }));
    await waitFor(() =>
      expect(requests.find((r) => r.method === 'POST')?.body).toEqual({
        name: 'Unassigned critical',
        filters: { priority: 'CRITICAL', assigneeId: 'none' },
        visibility: 'personal',
      }),
    );
    expect(await screen.findByText('View “Unassigned critical” saved.')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());

    await user.click(screen.getByRole('button', { name: 'Views' }));
    await user.click(await screen.findByRole('menuitem', { name: 'My open' }));
    await waitFor(() =>
      expect(new URLSearchParams(router.state.location.search).get('assigneeId')).toBe('me'),
    );
    expect(new URLSearchParams(router.state.location.search).get('status')).toBe(
      'NEW,OPEN,IN_PROGRESS',
    );
    expect(new URLSearchParams(router.state.location.search).has('priority')).toBe(false);
    expect(await screen.findByRole('button', { name: 'View: My open' })).toBeInTheDocument();
  });

  it('renames and deletes saved views in "Manage views", saying when a name is taken', async () => {
    let views = [myOpen];
    const { requests } = mockFetch(
      listApi({
        'GET /api/tickets': () => json({ data: [critical], nextCursor: null }),
        'GET /api/saved-views': () => json({ data: views }),
        [`PATCH /api/saved-views/${myOpen.id}`]: ({ body }) => {
          const { name } = body as { name: string };
          if (name === 'Taken') {
            return problemJson(
              problem({ status: 409, code: 'saved_view_exists', title: 'Conflict' }),
            );
          }
          views = [{ ...myOpen, name }];
          return json(views[0]);
        },
        [`DELETE /api/saved-views/${myOpen.id}`]: () => {
          views = [];
          return new Response(null, { status: 204 });
        },
      }),
    );
    const { user } = renderWithProviders(<TicketsRoute />, {
      path: '/tickets',
      route: '/tickets',
      user: agent,
    });
    await screen.findByRole('link', { name: /TKT-00001/ });
    await user.click(screen.getByRole('button', { name: 'Views' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Manage views…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Your saved views' });

    const name = within(dialog).getByLabelText('Name of the view “My open”');
    await user.clear(name);
    await user.type(name, 'Taken');
    await user.click(within(dialog).getByRole('button', { name: 'Save name' }));
    expect(
      await within(dialog).findByText('You already have a view with this name.'),
    ).toBeInTheDocument();

    await user.clear(name);
    await user.type(name, 'Mine, open');
    await user.click(within(dialog).getByRole('button', { name: 'Save name' }));
    expect(await screen.findByText('View renamed to “Mine, open”.')).toBeInTheDocument();

    await user.click(
      await within(dialog).findByRole('button', { name: 'Delete the view “Mine, open”' }),
    );
    expect(await within(dialog).findByText('You have no saved views yet.')).toBeInTheDocument();
    expect(requests.filter((r) => r.method === 'PATCH').map((r) => r.body)).toEqual([
      { name: 'Taken' },
      { name: 'Mine, open' },
    ]);
    expect(requests.some((r) => r.method === 'DELETE')).toBe(true);
  });

  it('changes the status of the selected tickets and names those that could not change', async () => {
    const closed = makeTicket({ number: 4, reference: 'TKT-00004', status: 'CLOSED' });
    const { requests } = mockFetch(
      listApi({
        'GET /api/tickets': () => json({ data: [later, closed, critical], nextCursor: null }),
        'POST /api/tickets/bulk': () =>
          json({
            results: [
              {
                id: later.id,
                ok: true,
                changed: true,
                ticket: { id: later.id, reference: later.reference, version: 2 },
              },
              {
                id: closed.id,
                ok: false,
                problem: {
                  status: 409,
                  code: 'invalid_transition',
                  title: 'Conflict',
                  detail: 'CLOSED is final',
                },
              },
            ],
            succeeded: 1,
            failed: 1,
          }),
      }),
    );
    const { user } = renderWithProviders(<TicketsRoute />, {
      path: '/tickets',
      route: '/tickets',
      user: agent,
    });
    await screen.findByRole('link', { name: /TKT-00003/ });

    const selectAll = screen.getByRole('checkbox', { name: 'Select all tickets shown' });
    await user.click(screen.getByRole('checkbox', { name: 'Select TKT-00003' }));
    expect(selectAll).toHaveAttribute('aria-checked', 'mixed');
    await user.click(screen.getByRole('checkbox', { name: 'Select TKT-00004' }));
    expect(screen.getByText('2 tickets selected')).toBeInTheDocument();

    const toolbar = screen.getByRole('toolbar', { name: 'Actions on the selected tickets' });
    await user.click(within(toolbar).getByRole('button', { name: 'Change status' }));
    await user.click(await screen.findByRole('menuitem', { name: 'In progress' }));

    await waitFor(() =>
      expect(requests.find((r) => r.url.pathname === '/api/tickets/bulk')?.body).toEqual({
        ids: [later.id, closed.id],
        action: { status: 'IN_PROGRESS' },
      }),
    );
    const summary = await screen.findByRole('alert');
    expect(summary).toHaveTextContent('1 ticket updated.');
    expect(summary).toHaveTextContent('1 ticket could not be changed:');
    expect(summary).toHaveTextContent(
      'TKT-00004: its status cannot change from Closed to In progress',
    );
  });

  it('selects every ticket shown and assigns them to me', async () => {
    const { requests } = mockFetch(
      listApi({
        'GET /api/tickets': () => json({ data: [later, critical], nextCursor: null }),
        'POST /api/tickets/bulk': () =>
          json({
            results: [later, critical].map((t) => ({
              id: t.id,
              ok: true,
              changed: true,
              ticket: { id: t.id, reference: t.reference, version: 2 },
            })),
            succeeded: 2,
            failed: 0,
          }),
      }),
    );
    const { user } = renderWithProviders(<TicketsRoute />, {
      path: '/tickets',
      route: '/tickets',
      user: agent,
    });
    await screen.findByRole('link', { name: /TKT-00003/ });
    await user.click(screen.getByRole('checkbox', { name: 'Select all tickets shown' }));
    expect(screen.getByRole('checkbox', { name: 'Select TKT-00001' })).toBeChecked();

    await user.click(screen.getByRole('button', { name: 'Assign' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Assign to me' }));
    await waitFor(() =>
      expect(requests.find((r) => r.url.pathname === '/api/tickets/bulk')?.body).toEqual({
        ids: [later.id, critical.id],
        action: { assign: agent.id },
      }),
    );
    expect(await screen.findByText('2 tickets updated.')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByText('2 tickets selected')).not.toBeInTheDocument());
    // The toolbar left with the selection: focus stays on the list's select-all, not lost.
    expect(screen.getByRole('checkbox', { name: 'Select all tickets shown' })).toHaveFocus();
  });

  it('shows each ticket’s group, filters by group and sets the group of the selected tickets', async () => {
    const { requests } = mockFetch(
      listApi({
        'GET /api/tickets': () => json({ data: [grouped, later], nextCursor: null }),
        'POST /api/tickets/bulk': () =>
          json({
            results: [
              {
                id: later.id,
                ok: true,
                changed: true,
                ticket: { id: later.id, reference: later.reference, version: 2 },
              },
            ],
            succeeded: 1,
            failed: 0,
          }),
      }),
    );
    const { user, router } = renderWithProviders(<TicketsRoute />, {
      path: '/tickets',
      route: '/tickets',
      user: agent,
    });
    const groupedRow = (await screen.findByRole('link', { name: /TKT-00004/ })).closest('li')!;
    expect(groupedRow).toHaveTextContent('Group Tier1');
    const laterRow = screen.getByRole('link', { name: /TKT-00003/ }).closest('li')!;
    expect(laterRow).toHaveTextContent('Group No group');

    const filter = screen.getByLabelText('Group');
    await within(filter).findByRole('option', { name: 'Tier1' });
    await user.selectOptions(filter, 'Tier1');
    await waitFor(() =>
      expect(ticketRequests(requests).at(-1)?.url.searchParams.get('groupId')).toBe(tier1.id),
    );
    expect(router.state.location.search).toContain(`groupId=${tier1.id}`);
    await user.selectOptions(screen.getByLabelText('Group'), 'No group');
    await waitFor(() =>
      expect(ticketRequests(requests).at(-1)?.url.searchParams.get('groupId')).toBe('none'),
    );

    await user.click(await screen.findByRole('checkbox', { name: 'Select TKT-00003' }));
    await user.click(screen.getByRole('button', { name: 'Set group' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Tier1' }));
    await waitFor(() =>
      expect(requests.find((r) => r.url.pathname === '/api/tickets/bulk')?.body).toEqual({
        ids: [later.id],
        action: { group: tier1.id },
      }),
    );
    expect(await screen.findByText('1 ticket updated.')).toBeInTheDocument();
  });

  it('says when no ticket matches, and clears the filters back to the unsolved tickets', async () => {
    const { requests } = mockFetch(
      listApi({
        'GET /api/tickets': ({ url }) =>
          json({
            data: url.searchParams.get('status') === 'CLOSED' ? [] : [assigned],
            nextCursor: null,
          }),
      }),
    );
    const { user, router } = renderWithProviders(<TicketsRoute />, {
      path: '/tickets',
      route: '/tickets?status=CLOSED',
      user: agent,
    });

    expect(await screen.findByText('No tickets match these filters.')).toBeInTheDocument();
    await user.click(screen.getAllByRole('button', { name: 'Clear filters' })[0]!);

    expect(await screen.findByRole('link', { name: /TKT-00002/ })).toBeInTheDocument();
    expect(router.state.location.search).toBe('');
    // Without a status filter the list asks for every status but RESOLVED and CLOSED.
    const last = requests.filter((r) => r.url.pathname === '/api/tickets').at(-1);
    expect(last?.url.searchParams.get('status')).toBe(
      'NEW,OPEN,IN_PROGRESS,WAITING_ON_CUSTOMER,ON_HOLD',
    );
    expect(screen.getByText(/Showing unsolved tickets/)).toBeInTheDocument();
  });

  it('shows an error with a way to retry', async () => {
    mockFetch(
      listApi({
        'GET /api/tickets': () =>
          problemJson(problem({ status: 500, code: 'internal', title: 'Internal Server Error' })),
      }),
    );
    renderWithProviders(<TicketsRoute />, { path: '/tickets', route: '/tickets', user: agent });

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The tickets could not be loaded.');
    expect(within(alert).getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });

  it('shows customers whether a ticket is assigned, without assignee filter, views or selection', async () => {
    const { requests } = mockFetch({
      'GET /api/categories': () => json({ data: [] }),
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
    expect(screen.queryByRole('button', { name: 'Views' })).not.toBeInTheDocument();
    expect(screen.queryByRole('checkbox', { name: /Select/ })).not.toBeInTheDocument();
    expect(requests.map((r) => r.url.pathname)).not.toContain('/api/users');
  });
});
