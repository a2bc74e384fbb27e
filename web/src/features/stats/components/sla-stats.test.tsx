import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SlaStats as SlaStatsBody } from '@docket/server/contract/stats';
import { setSession } from '@/lib/session';
import { agent } from '@/testing/fixtures';
import { json, mockFetch, problemJson, type RecordedRequest } from '@/testing/mock-fetch';
import { renderWithProviders } from '@/testing/test-utils';
import { SlaStats, slaCsvFileName } from './sla-stats';

const ALEX = { id: '00000000-0000-4000-8000-0000000000a1', name: 'Alex Agent' };

function slaStats(overrides: Partial<SlaStatsBody> = {}): SlaStatsBody {
  return {
    from: '2026-11-02T00:00:00.000Z',
    to: '2026-11-16T00:00:00.000Z',
    period: 'week',
    byMetric: [
      { metric: 'first_response', met: 3, breached: 1, percentMet: 75 },
      { metric: 'next_response', met: 2, breached: 1, percentMet: 66.7 },
      { metric: 'resolution', met: 0, breached: 0, percentMet: null },
    ],
    byPriority: [
      { priority: 'HIGH', metric: 'first_response', met: 3, breached: 1, percentMet: 75 },
      { priority: 'CRITICAL', metric: 'next_response', met: 2, breached: 1, percentMet: 66.7 },
    ],
    byAgent: [
      { agent: ALEX, metric: 'first_response', met: 3, breached: 1, percentMet: 75 },
      { agent: null, metric: 'next_response', met: 2, breached: 1, percentMet: 66.7 },
    ],
    byPeriod: [
      {
        periodStart: '2026-11-02T00:00:00.000Z',
        metric: 'first_response',
        met: 1,
        breached: 1,
        percentMet: 50,
      },
      {
        periodStart: '2026-11-02T00:00:00.000Z',
        metric: 'next_response',
        met: 2,
        breached: 1,
        percentMet: 66.7,
      },
      {
        periodStart: '2026-11-02T00:00:00.000Z',
        metric: 'resolution',
        met: 0,
        breached: 0,
        percentMet: null,
      },
      {
        periodStart: '2026-11-09T00:00:00.000Z',
        metric: 'first_response',
        met: 2,
        breached: 0,
        percentMet: 100,
      },
      {
        periodStart: '2026-11-09T00:00:00.000Z',
        metric: 'next_response',
        met: 0,
        breached: 0,
        percentMet: null,
      },
      {
        periodStart: '2026-11-09T00:00:00.000Z',
        metric: 'resolution',
        met: 0,
        breached: 0,
        percentMet: null,
      },
    ],
    ...overrides,
  };
}

const QUERY = { from: '2026-11-02', to: '2026-11-16' };
const isSla = (r: RecordedRequest) => r.url.pathname === '/api/tickets/stats/sla';

const { createObjectURL, revokeObjectURL } = URL;
afterEach(() => {
  URL.createObjectURL = createObjectURL;
  URL.revokeObjectURL = revokeObjectURL;
});

describe('SlaStats', () => {
  it('gives met, breached and % met per metric, priority, agent and period as tables', async () => {
    const { requests } = mockFetch({ 'GET /api/tickets/stats/sla': () => json(slaStats()) });
    renderWithProviders(<SlaStats query={QUERY} />, {
      user: agent,
      route: '/stats',
      path: '/stats',
    });

    const byMetric = await screen.findByRole('table', {
      name: 'SLA targets met and breached by metric',
    });
    expect(
      within(byMetric).getByRole('row', { name: 'First response 3 1 75%' }),
    ).toBeInTheDocument();
    expect(
      within(byMetric).getByRole('row', { name: 'Next response 2 1 66.7%' }),
    ).toBeInTheDocument();
    expect(
      within(byMetric).getByRole('row', { name: 'Resolution 0 0 No data' }),
    ).toBeInTheDocument();
    const byPriority = screen.getByRole('table', {
      name: 'SLA targets met and breached by priority',
    });
    expect(
      within(byPriority).getByRole('row', { name: 'Critical Next response 2 1 66.7%' }),
    ).toBeInTheDocument();
    const byAgent = screen.getByRole('table', { name: 'SLA targets met and breached by agent' });
    expect(
      within(byAgent).getByRole('row', { name: 'Alex Agent First response 3 1 75%' }),
    ).toBeInTheDocument();
    expect(
      within(byAgent).getByRole('row', { name: 'Unassigned Next response 2 1 66.7%' }),
    ).toBeInTheDocument();
    const byPeriod = screen.getByRole('table', {
      name: 'Percentage of SLA targets met per period',
    });
    expect(
      within(byPeriod).getByRole('row', { name: 'Nov 2, 2026 50% 66.7% No data' }),
    ).toBeInTheDocument();
    expect(
      within(byPeriod).getByRole('row', { name: 'Nov 9, 2026 100% No data No data' }),
    ).toBeInTheDocument();

    expect(requests.filter(isSla)).toHaveLength(1);
    expect(Object.fromEntries(requests[0]!.url.searchParams)).toEqual({
      ...QUERY,
      period: 'week',
    });
  });

  it('asks again for another grain of periods', async () => {
    const { requests } = mockFetch({
      'GET /api/tickets/stats/sla': (r) =>
        json(slaStats({ period: r.url.searchParams.get('period') as SlaStatsBody['period'] })),
    });
    const { user } = renderWithProviders(<SlaStats query={QUERY} />, { user: agent });
    await screen.findByRole('table', { name: 'SLA targets met and breached by metric' });
    await user.selectOptions(screen.getByLabelText('Periods of the chart'), 'Months');
    await waitFor(() => expect(requests.filter(isSla)).toHaveLength(2));
    expect(requests[1]!.url.searchParams.get('period')).toBe('month');
    expect(
      await screen.findByRole('row', { name: 'Nov 2026 50% 66.7% No data' }),
    ).toBeInTheDocument();
  });

  it('downloads the CSV of the same query with the session token', async () => {
    setSession('test-token', 3600);
    const { requests } = mockFetch({
      'GET /api/tickets/stats/sla': () => json(slaStats()),
      'GET /api/tickets/stats/sla.csv': () =>
        new Response('grouping,key,metric,met,breached,percent_met\r\n', {
          headers: { 'Content-Type': 'text/csv; charset=utf-8' },
        }),
    });
    const saved: string[] = [];
    URL.createObjectURL = vi.fn(() => 'blob:http://docket.test/sla');
    URL.revokeObjectURL = vi.fn();
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      saved.push(`${this.download} ${this.href}`);
    });
    const { user } = renderWithProviders(<SlaStats query={QUERY} />, { user: agent });
    const button = screen.getByRole('button', { name: 'Download CSV' });
    expect(button).toBeDisabled();
    await screen.findByRole('table', { name: 'SLA targets met and breached by metric' });
    await user.click(button);
    await waitFor(() =>
      expect(saved).toEqual(['sla-2026-11-02-2026-11-16.csv blob:http://docket.test/sla']),
    );
    const csv = requests.find((r) => r.url.pathname === '/api/tickets/stats/sla.csv')!;
    expect(Object.fromEntries(csv.url.searchParams)).toEqual({ ...QUERY, period: 'week' });
    expect(csv.headers.get('Authorization')).toBe('Bearer test-token');
  });

  it('shows the error of a refused query, and speaks Canadian French', async () => {
    mockFetch({
      'GET /api/tickets/stats/sla': () =>
        problemJson({ status: 403, title: 'Forbidden', code: 'forbidden', detail: 'Agents only' }),
    });
    renderWithProviders(<SlaStats query={QUERY} />, { user: agent, language: 'fr-CA' });
    expect(await screen.findByRole('alert')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Télécharger le CSV' })).toBeDisabled();
    expect(
      screen.getByRole('heading', { name: 'Entente de niveau de service (SLA)' }),
    ).toBeVisible();
  });

  it('names the file as the server does', () => {
    expect(
      slaCsvFileName({ from: '2026-11-02T09:30:00.000Z', to: '2026-11-16T00:00:00.000Z' }),
    ).toBe('sla-2026-11-02T093000Z-2026-11-16.csv');
  });
});
