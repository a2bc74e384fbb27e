import { act, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TicketSla, TicketSlaExplanation } from '@docket/server/contract/sla';
import { json, mockFetch } from '@/testing/mock-fetch';
import { renderWithProviders } from '@/testing/test-utils';
import { TicketSlaPanel } from './ticket-sla-panel';
import { SLA_NOW, slaAt, makeSlaTarget } from '@/testing/sla-fixtures';

const TICKET_ID = '00000000-0000-4000-8000-00000000b001';
const NOW = SLA_NOW;
const at = slaAt;

const target = makeSlaTarget;

const sla: TicketSla = {
  policyId: '00000000-0000-4000-8000-00000000f001',
  policyName: 'Standard support',
  nextDueAt: at(80),
  nextMetric: 'first_response',
  state: 'on_track',
  targets: [
    target(),
    target({
      metric: 'resolution',
      targetMinutes: 2880,
      dueAt: at(2 * 1440 + 180),
      warnAt: at(2 * 1440),
      businessSecondsUsed: 0,
      businessSecondsLeft: 2880 * 60,
    }),
  ],
};

const explanation: TicketSlaExplanation = {
  policy: {
    id: '00000000-0000-4000-8000-00000000f001',
    name: 'Standard support',
    businessHours: {
      id: '00000000-0000-4000-8000-00000000e001',
      name: 'Montreal office',
      timeZone: 'America/Toronto',
    },
    pauseStatuses: ['WAITING_ON_CUSTOMER', 'ON_HOLD'],
    warnAtPercent: 80,
  },
  targets: [
    {
      ...target(),
      armedAt: at(-300),
      intervals: [
        {
          from: at(-300),
          to: at(-200),
          counted: true,
          businessSeconds: 100 * 60,
          reason: 'ticket created',
        },
        {
          from: at(-200),
          to: at(-60),
          counted: false,
          businessSeconds: 0,
          reason: 'status WAITING_ON_CUSTOMER',
        },
        { from: at(-60), to: null, counted: true, businessSeconds: 60 * 60, reason: 'status OPEN' },
      ],
    },
  ],
};

afterEach(() => {
  vi.useRealTimers();
});

describe('TicketSlaPanel', () => {
  it('lists each target with its state, due time in the agent’s zone and countdown', () => {
    const { fetchMock } = mockFetch({});
    renderWithProviders(
      <TicketSlaPanel ticketId={TICKET_ID} sla={sla} timeZone="America/Toronto" now={NOW} />,
    );

    const panel = screen.getByRole('region', { name: 'SLA' });
    expect(panel).toHaveTextContent('Policy: Standard support');
    const [first, resolution] = within(panel).getAllByRole('listitem');
    expect(first).toHaveTextContent('First response');
    expect(first).toHaveTextContent('On track');
    // 14:00 UTC + 80 min = 15:20 UTC = 10:20 AM in Toronto (EST).
    expect(first).toHaveTextContent(/Due Dec 3, 2026, 10:20\sAM EST/);
    expect(first).toHaveTextContent('Due in 1 h 20 min');
    expect(
      within(first!)
        .getByText(/^Due Dec/)
        .closest('time'),
    ).toHaveAttribute('datetime', at(80));
    expect(resolution).toHaveTextContent('Resolution');
    expect(resolution).toHaveTextContent('Due in 2 d 3 h');
    // The explanation is not asked for until "Why?" is opened.
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('shows breached, paused and met targets in words', () => {
    mockFetch({});
    renderWithProviders(
      <TicketSlaPanel
        ticketId={TICKET_ID}
        timeZone="UTC"
        now={NOW}
        sla={{
          ...sla,
          state: 'breached',
          targets: [
            target({ state: 'fulfilled', dueAt: null, fulfilledAt: at(-500) }),
            target({
              metric: 'next_response',
              cycle: 2,
              state: 'breached',
              dueAt: at(-180),
              breachedAt: at(-180),
              businessSecondsLeft: -180 * 60,
            }),
            target({ metric: 'resolution', state: 'paused', dueAt: null }),
          ],
        }}
      />,
    );
    const [met, breached, paused] = screen.getAllByRole('listitem');
    expect(met).toHaveTextContent('Met');
    expect(met).toHaveTextContent(/Met Dec 3, 2026/);
    expect(breached).toHaveTextContent('Next response (cycle 2)');
    expect(breached).toHaveTextContent('Breached');
    expect(breached).toHaveTextContent('Overdue 3 h');
    expect(breached!.querySelector('[data-sla-state]')).toHaveClass('badge--tone-danger');
    expect(paused).toHaveTextContent('Paused');
    expect(paused).toHaveTextContent('1 h 20 min left');
  });

  it('renders nothing when no policy applies', () => {
    mockFetch({});
    const { container } = renderWithProviders(
      <TicketSlaPanel ticketId={TICKET_ID} sla={null} timeZone="UTC" now={NOW} />,
    );
    expect(container.querySelector('.sla-panel')).toBeNull();
  });

  it('fetches the explanation when "Why?" is opened and shows the counted and paused stretches', async () => {
    const { requests } = mockFetch({
      [`GET /api/tickets/${TICKET_ID}/sla`]: () => json(explanation),
    });
    const { user } = renderWithProviders(
      <TicketSlaPanel ticketId={TICKET_ID} sla={sla} timeZone="America/Toronto" now={NOW} />,
    );

    const why = screen.getByRole('button', { name: 'Why?' });
    expect(why).toHaveAttribute('aria-expanded', 'false');
    await user.click(why);

    expect(await screen.findByText('Montreal office (America/Toronto)')).toBeInTheDocument();
    expect(requests).toHaveLength(1);
    expect(requests[0]?.url.pathname).toBe(`/api/tickets/${TICKET_ID}/sla`);
    expect(screen.getByRole('button', { name: 'Hide explanation' })).toHaveAttribute(
      'aria-expanded',
      'true',
    );
    expect(screen.getByText('Waiting on customer, On hold')).toBeInTheDocument();
    expect(screen.getByText('80% of the target')).toBeInTheDocument();
    expect(screen.getByText('2 h 40 min counted, 1 h 20 min left')).toBeInTheDocument();

    const stretches = document.querySelectorAll('.sla-interval');
    expect(stretches).toHaveLength(3);
    expect(stretches[0]).toHaveTextContent(/^Counted 1 h 40 min/);
    expect(stretches[0]).toHaveTextContent('ticket created');
    expect(stretches[1]).toHaveTextContent(/^Paused 2 h 20 min/);
    expect(stretches[1]).toHaveTextContent('status WAITING_ON_CUSTOMER');
    expect(stretches[2]).toHaveTextContent(/^Counted 1 h ·/);
    expect(stretches[2]).toHaveTextContent(/to now/);
  });

  it('says 24/7 when the policy has no business hours', async () => {
    mockFetch({
      [`GET /api/tickets/${TICKET_ID}/sla`]: () =>
        json({ ...explanation, policy: { ...explanation.policy!, businessHours: null } }),
    });
    const { user } = renderWithProviders(
      <TicketSlaPanel ticketId={TICKET_ID} sla={sla} timeZone="UTC" now={NOW} />,
    );
    await user.click(screen.getByRole('button', { name: 'Why?' }));
    expect(await screen.findByText('24/7 (every hour counts)')).toBeInTheDocument();
  });

  it('moves the countdown every 30 seconds, without a timer per second', () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    vi.setSystemTime(NOW);
    mockFetch({});
    renderWithProviders(<TicketSlaPanel ticketId={TICKET_ID} sla={sla} timeZone="UTC" />);
    const first = () => screen.getAllByRole('listitem')[0]!;
    expect(first()).toHaveTextContent('Due in 1 h 20 min');

    act(() => vi.advanceTimersByTime(29_000));
    expect(first()).toHaveTextContent('Due in 1 h 20 min');
    act(() => vi.advanceTimersByTime(31 * 60_000));
    expect(first()).toHaveTextContent('Due in 49 min');
    // 32 min after NOW the warning time passes: the state says so in words.
    act(() => vi.advanceTimersByTime(60_000));
    expect(first()).toHaveTextContent('At risk');
  });
});
