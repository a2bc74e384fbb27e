import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BuiltInView, SavedView } from '@docket/server/contract/saved-views';
import { ticketKeys } from '@/lib/query-keys';
import { agent } from '@/testing/fixtures';
import { json, mockFetch } from '@/testing/mock-fetch';
import { renderWithProviders } from '@/testing/test-utils';
import { COUNTS_REFRESH_MS } from '../api/saved-views';
import { ViewsSidebar, useActiveViewColumns } from './views-sidebar';

const GROUP = '00000000-0000-4000-8000-0000000000b1';

const builtIn: BuiltInView[] = [
  {
    id: 'builtin:my-open',
    key: 'my-open',
    name: 'My open',
    filters: { status: 'NEW,OPEN', assigneeId: 'me' },
    columns: [],
  },
  {
    id: 'builtin:all-unsolved',
    key: 'all-unsolved',
    name: 'All unsolved',
    filters: { status: 'NEW,OPEN' },
    columns: [],
  },
];

function savedView(overrides: Partial<SavedView>): SavedView {
  return {
    id: '6f1c3a52-8a55-4f0e-9a55-0c1f7f4d2b10',
    name: 'View',
    filters: {},
    visibility: 'personal',
    groupId: null,
    group: null,
    columns: [],
    editable: true,
    createdAt: '2026-11-21T09:30:00.000Z',
    ...overrides,
  };
}

const saved: SavedView[] = [
  savedView({
    id: '6f1c3a52-8a55-4f0e-9a55-0c1f7f4d2b11',
    name: 'Billing queue',
    visibility: 'group',
    groupId: GROUP,
    group: { id: GROUP, name: 'Billing' },
    editable: false,
    filters: { groupId: GROUP },
  }),
  savedView({
    id: '6f1c3a52-8a55-4f0e-9a55-0c1f7f4d2b12',
    name: 'Everyone urgent',
    visibility: 'organization',
    editable: false,
    filters: { priority: 'URGENT' },
    columns: ['reference', 'subject', 'priority'],
  }),
  savedView({ name: 'My refunds', filters: { q: 'refund' } }),
];

function mockViews(counts: () => { viewId: string; count: number; capped: boolean }[]) {
  return mockFetch({
    'GET /api/saved-views/built-in': () => json({ data: builtIn }),
    'GET /api/saved-views': () => json({ data: saved }),
    'GET /api/saved-views/counts': () => json({ data: counts() }),
  });
}

afterEach(() => {
  vi.useRealTimers();
});

describe('ViewsSidebar', () => {
  it('lists built-in, shared and personal views with their counts, capped as 1000+', async () => {
    mockViews(() => [
      { viewId: 'builtin:my-open', count: 7, capped: false },
      { viewId: 'builtin:all-unsolved', count: 1000, capped: true },
      { viewId: saved[0]!.id, count: 0, capped: false },
      { viewId: saved[1]!.id, count: 12, capped: false },
      { viewId: saved[2]!.id, count: 3, capped: false },
    ]);
    renderWithProviders(<ViewsSidebar />, { user: agent, route: '/tickets', path: '/tickets' });
    const nav = await screen.findByRole('navigation', { name: 'Views' });
    const myOpen = await within(nav).findByRole('link', { name: /My open/ });
    await waitFor(() => expect(myOpen).toHaveTextContent('7'));
    expect(within(nav).getByRole('link', { name: /All unsolved/ })).toHaveTextContent('1,000+');
    expect(within(nav).getByRole('heading', { name: 'Shared' })).toBeInTheDocument();
    const billing = within(nav).getByRole('link', { name: /Billing queue/ });
    expect(billing).toHaveTextContent('Group Billing');
    expect(billing).toHaveTextContent('0');
    expect(within(nav).getByRole('link', { name: /Everyone urgent/ })).toHaveTextContent(
      'Everyone',
    );
    expect(within(nav).getByRole('heading', { name: 'My views' })).toBeInTheDocument();
    expect(within(nav).getByRole('link', { name: /My refunds/ })).toHaveTextContent('3');
    // Each link puts the view's filters and its id in the list's address.
    const href = new URL(myOpen.getAttribute('href') ?? '', 'http://docket.test');
    expect(href.pathname).toBe('/tickets');
    expect(Object.fromEntries(href.searchParams)).toEqual({
      status: 'NEW,OPEN',
      assigneeId: 'me',
      view: 'builtin:my-open',
    });
    expect(myOpen).not.toHaveAttribute('aria-current');
  });

  it('marks the view named in the address as current and gives its columns', async () => {
    mockViews(() => []);
    function Columns() {
      const columns = useActiveViewColumns();
      return <output aria-label="columns">{columns?.join(',') ?? 'default'}</output>;
    }
    renderWithProviders(
      <>
        <ViewsSidebar />
        <Columns />
      </>,
      { user: agent, route: `/tickets?priority=URGENT&view=${saved[1]!.id}`, path: '/tickets' },
    );
    const current = await screen.findByRole('link', { name: /Everyone urgent/ });
    expect(current).toHaveAttribute('aria-current', 'page');
    expect(screen.getByRole('link', { name: /My refunds/ })).not.toHaveAttribute('aria-current');
    await waitFor(() =>
      expect(screen.getByRole('status', { name: 'columns' })).toHaveTextContent(
        'reference,subject,priority',
      ),
    );
  });

  it('refetches the counts after ticket changes, at most once per interval', async () => {
    let count = 1;
    const { requests } = mockViews(() => [{ viewId: 'builtin:my-open', count, capped: false }]);
    const { queryClient } = renderWithProviders(<ViewsSidebar />, {
      user: agent,
      route: '/tickets',
      path: '/tickets',
    });
    const myOpen = await screen.findByRole('link', { name: /My open/ });
    await waitFor(() => expect(myOpen).toHaveTextContent('1'));
    const countRequests = () =>
      requests.filter((r) => r.url.pathname === '/api/saved-views/counts').length;
    expect(countRequests()).toBe(1);

    vi.useFakeTimers({ shouldAdvanceTime: true });
    count = 2;
    // What a live ticket notice does: invalidate the ticket queries, here three times quickly.
    queryClient.setQueryData(ticketKeys.list({}), { pages: [] });
    for (let i = 0; i < 3; i++) {
      await act(async () => {
        await queryClient.invalidateQueries({ queryKey: ticketKeys.lists() });
        queryClient.setQueryData(ticketKeys.list({}), { pages: [] });
      });
    }
    expect(countRequests()).toBe(1);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(COUNTS_REFRESH_MS);
    });
    await waitFor(() => expect(myOpen).toHaveTextContent('2'));
    expect(countRequests()).toBe(2);
  });
});
