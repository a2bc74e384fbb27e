import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { TicketStats } from '@docket/server/contract/stats';
import { agent } from '@/testing/fixtures';
import { json, mockFetch, problemJson, type RecordedRequest } from '@/testing/mock-fetch';
import { renderWithProviders } from '@/testing/test-utils';
import { StatsDashboard } from './stats-dashboard';

function stats(overrides: Partial<TicketStats> = {}): TicketStats {
  return {
    from: '2026-10-22T09:00:00.000Z',
    to: '2026-11-21T09:00:00.000Z',
    byStatus: {
      NEW: 4,
      OPEN: 3,
      IN_PROGRESS: 2,
      WAITING_ON_CUSTOMER: 1,
      ON_HOLD: 0,
      RESOLVED: 7,
      CLOSED: 11,
    },
    byPriority: { LOW: 1, MEDIUM: 5, HIGH: 2, URGENT: 1, CRITICAL: 1 },
    unassigned: 3,
    ticketsCreated: 25,
    firstResponseTime: { count: 20, median: 5400, p90: 7200 },
    resolutionTime: { count: 0, median: null, p90: null },
    workload: [
      { assignee: { id: '00000000-0000-4000-8000-0000000000a1', name: 'Alex Agent' }, open: 6 },
      { assignee: { id: '00000000-0000-4000-8000-0000000000a2', name: 'Sam Second' }, open: 0 },
    ],
    sessions: { held: 5, no_show: 1, cancelled: 2, notRecorded: 3 },
    ...overrides,
  };
}

/** The SLA section (sla-stats.test.tsx) asks on its own; these tests leave it empty. */
const noSla = () => problemJson({ status: 404, title: 'Not Found', code: 'not_found' });
const isStats = (r: RecordedRequest) => r.url.pathname === '/api/tickets/stats';

describe('StatsDashboard', () => {
  it('gives every figure as text: open by status and priority, times, workload', async () => {
    mockFetch({
      'GET /api/tickets/stats': () => json(stats()),
      'GET /api/tickets/stats/sla': noSla,
    });
    renderWithProviders(<StatsDashboard />, { user: agent, route: '/stats', path: '/stats' });

    const byStatus = await screen.findByRole('table', { name: 'Tickets by status, now' });
    expect(within(byStatus).getByRole('row', { name: 'New 4' })).toBeInTheDocument();
    expect(within(byStatus).getByRole('row', { name: 'Closed 11' })).toBeInTheDocument();
    const byPriority = screen.getByRole('table', { name: 'Open tickets by priority, now' });
    expect(within(byPriority).getByRole('row', { name: 'Critical 1' })).toBeInTheDocument();
    const times = screen.getByRole('table', { name: /First response and resolution times/ });
    expect(
      within(times).getByRole('row', { name: 'First response 1.5 hours 2 hours 20' }),
    ).toBeInTheDocument();
    expect(
      within(times).getByRole('row', { name: 'Resolution No data No data 0' }),
    ).toBeInTheDocument();
    const workload = screen.getByRole('table', { name: 'Open tickets per agent, now' });
    expect(within(workload).getByRole('row', { name: 'Alex Agent 6' })).toBeInTheDocument();
    const sessions = screen.getByRole('table', { name: 'Sessions of the period by outcome' });
    expect(within(sessions).getByRole('row', { name: 'No-show 1' })).toBeInTheDocument();
    expect(within(sessions).getByRole('row', { name: 'Not recorded yet 3' })).toBeInTheDocument();
    // Open now: 4 + 3 + 2 + 1 + 0.
    expect(screen.getByText('Open tickets now').nextSibling).toHaveTextContent('10');
  });

  it(
    'asks for the last 7 days, then for a custom range up to the day after its end',
    { timeout: 20_000 },
    async () => {
      const { requests: all } = mockFetch({
        'GET /api/tickets/stats': () => json(stats()),
        'GET /api/tickets/stats/sla': noSla,
      });
      const requests = () => all.filter(isStats);
      const { user, router } = renderWithProviders(<StatsDashboard />, {
        user: agent,
        route: '/stats',
        path: '/stats',
      });
      await screen.findByRole('table', { name: 'Tickets by status, now' });
      expect(requests()[0]?.url.searchParams.get('to')).toBeNull();

      await user.click(screen.getByRole('button', { name: 'Last 7 days' }));
      await waitFor(() => expect(router.state.location.search).toBe('?period=7'));
      expect(screen.getByRole('button', { name: 'Last 7 days' })).toHaveAttribute(
        'aria-pressed',
        'true',
      );
      await waitFor(() => expect(requests()).toHaveLength(2));
      const from = Date.parse(requests()[1]!.url.searchParams.get('from')!);
      expect(Math.round((Date.now() - from) / 86_400_000)).toBe(7);

      await user.click(screen.getByRole('button', { name: 'Custom range' }));
      const fromInput = screen.getByLabelText('From');
      const toInput = screen.getByLabelText('To (included)');
      await user.clear(toInput);
      await user.type(toInput, '2026-02-28');
      await user.type(fromInput, '2026-03-01');
      await user.click(screen.getByRole('button', { name: 'Show' }));
      expect(screen.getByText('The start must not be after the end.')).toBeInTheDocument();
      expect(requests()).toHaveLength(2);

      await user.clear(fromInput);
      await user.type(fromInput, '2026-02-01');
      await user.click(screen.getByRole('button', { name: 'Show' }));
      await waitFor(() => expect(requests()).toHaveLength(3));
      expect(requests()[2]!.url.searchParams.get('from')).toBe('2026-02-01');
      expect(requests()[2]!.url.searchParams.get('to')).toBe('2026-03-01');
      expect(router.state.location.search).toBe('?period=custom&from=2026-02-01&to=2026-02-28');
      // The SLA section follows the same window.
      const lastSla = () => all.filter((r) => r.url.pathname === '/api/tickets/stats/sla').at(-1);
      await waitFor(() => expect(lastSla()?.url.searchParams.get('from')).toBe('2026-02-01'));
      expect(lastSla()?.url.searchParams.get('to')).toBe('2026-03-01');
    },
  );
});
