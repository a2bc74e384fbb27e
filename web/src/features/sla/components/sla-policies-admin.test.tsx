import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { User } from '@docket/server/contract/auth';
import type { Category } from '@docket/server/contract/categories';
import type { BusinessHours, SlaPolicy } from '@docket/server/contract/sla';
import { agent } from '@/testing/fixtures';
import { json, mockFetch, problemJson } from '@/testing/mock-fetch';
import '@/testing/radix-polyfills';
import { renderWithProviders } from '@/testing/test-utils';
import { SlaPoliciesAdmin } from './sla-policies-admin';

const admin: User = { ...agent, id: '00000000-0000-4000-8000-00000000ad01', role: 'ADMIN' };

const billing: Category = {
  id: '7b1c2d3e-4f50-4a61-8b72-9c8d7e6f5a4b',
  name: 'Billing',
  description: null,
  isActive: true,
  createdAt: '2026-10-01T09:00:00.000Z',
  updatedAt: '2026-10-01T09:00:00.000Z',
};

const toronto: BusinessHours = {
  id: '3f6c1a2b-4d5e-4f70-8a9b-0c1d2e3f4a5b',
  name: 'Toronto office',
  timeZone: 'America/Toronto',
  intervals: [{ day: 'mon', start: '09:00', end: '17:00' }],
  holidays: [],
  createdAt: '2026-11-01T09:00:00.000Z',
  updatedAt: '2026-11-01T09:00:00.000Z',
};

function policy(overrides: Partial<SlaPolicy> = {}): SlaPolicy {
  return {
    id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
    name: 'Standard',
    position: 0,
    active: true,
    conditions: {},
    businessHoursId: null,
    targets: { firstResponseMinutes: 240, nextResponseMinutes: null, resolutionMinutes: 2880 },
    pauseStatuses: ['WAITING_ON_CUSTOMER', 'ON_HOLD'],
    warnAtPercent: 80,
    holdNotificationsUntilOpen: false,
    escalation: { raisePriority: null, addTag: null, notify: true },
    createdAt: '2026-11-01T09:00:00.000Z',
    updatedAt: '2026-11-01T09:00:00.000Z',
    ...overrides,
  };
}

const vip = policy({
  id: '1b2c3d4e-5f60-4a71-8b82-93a4b5c6d7e8',
  name: 'VIP',
  position: 5,
  conditions: { priorities: ['URGENT', 'CRITICAL'], categories: [billing.id], tags: ['vip'] },
  businessHoursId: toronto.id,
  targets: { firstResponseMinutes: 30, nextResponseMinutes: 60, resolutionMinutes: 1500 },
});

describe('SlaPoliciesAdmin', () => {
  it('lists the policies in order with what they cover, their schedule and targets', async () => {
    mockFetch({
      'GET /api/sla-policies': () => json({ data: [vip, policy({ position: 9 })] }),
      'GET /api/business-hours': () => json({ data: [toronto] }),
    });
    renderWithProviders(<SlaPoliciesAdmin categories={[billing]} />, { user: admin });
    const row = await screen.findByRole('row', { name: /VIP/ });
    expect(row).toHaveTextContent('Priority: Urgent, Critical · Category: Billing · Tags: vip');
    expect(row).toHaveTextContent('Toronto office');
    expect(row).toHaveTextContent('First response 30 min · Next response 1 h · Resolution 1 d 1 h');
    const standard = screen.getByRole('row', { name: /Standard/ });
    expect(standard).toHaveTextContent('Every ticket');
    expect(standard).toHaveTextContent('24/7');
    expect(standard).toHaveTextContent('First response 4 h · Resolution 2 d');
    const rows = screen.getAllByRole('row');
    expect(rows.indexOf(row)).toBeLessThan(rows.indexOf(standard));
  });

  it(
    'creates a policy with conditions, a schedule, targets and an escalation',
    {
      timeout: 30_000,
    },
    async () => {
      const { requests } = mockFetch({
        'GET /api/sla-policies': () => json({ data: [vip] }),
        'GET /api/business-hours': () => json({ data: [toronto] }),
        'POST /api/sla-policies': () => json(policy({ name: 'Billing urgent', position: 6 }), 201),
      });
      const { user } = renderWithProviders(<SlaPoliciesAdmin categories={[billing]} />, {
        user: admin,
      });
      await screen.findByRole('row', { name: /VIP/ });

      await user.type(screen.getByLabelText(/^Name/), 'Billing urgent');
      const priorities = screen.getByRole('group', { name: 'Priorities' });
      await user.click(within(priorities).getByRole('checkbox', { name: 'High' }));
      await user.click(within(priorities).getByRole('checkbox', { name: 'Urgent' }));
      const channels = screen.getByRole('group', { name: 'Channels' });
      await user.click(within(channels).getByRole('checkbox', { name: 'Email' }));
      const categories = screen.getByRole('group', { name: 'Categories' });
      await user.click(within(categories).getByRole('checkbox', { name: 'Billing' }));
      await user.type(screen.getByLabelText(/^Tags/), 'VIP, enterprise');

      await user.click(screen.getByRole('combobox', { name: /^Business hours/ }));
      await user.click(await screen.findByRole('option', { name: 'Toronto office' }));

      const firstResponse = screen.getByLabelText('First response (minutes)');
      expect(firstResponse).toHaveAccessibleDescription('No target.');
      await user.type(firstResponse, '120');
      expect(firstResponse).toHaveAccessibleDescription('That is 2 h.');
      const resolution = screen.getByLabelText('Resolution (minutes)');
      await user.type(resolution, '2880');
      expect(resolution).toHaveAccessibleDescription('That is 2 d.');

      const pause = screen.getByRole('group', { name: 'Pause the clocks while the ticket is' });
      expect(within(pause).getByRole('checkbox', { name: 'Waiting on customer' })).toBeChecked();
      await user.click(within(pause).getByRole('checkbox', { name: 'On hold' }));
      const warn = screen.getByLabelText(/^Warn at/);
      await user.clear(warn);
      await user.type(warn, '75');
      await user.click(
        screen.getByRole('checkbox', {
          name: 'Hold warning and breach emails until business hours open',
        }),
      );
      await user.click(screen.getByRole('combobox', { name: 'Raise the priority' }));
      await user.click(await screen.findByRole('option', { name: 'To Critical' }));
      await user.type(screen.getByLabelText(/^Add a tag/), 'SLA-Breach');
      await user.click(screen.getByRole('button', { name: 'Create policy' }));

      await waitFor(() => expect(requests.some((r) => r.method === 'POST')).toBe(true));
      expect(requests.find((r) => r.method === 'POST')?.body).toEqual({
        name: 'Billing urgent',
        position: 6,
        active: true,
        conditions: {
          priorities: ['HIGH', 'URGENT'],
          categories: [billing.id],
          channels: ['email'],
          tags: ['vip', 'enterprise'],
        },
        businessHoursId: toronto.id,
        targets: { firstResponseMinutes: 120, nextResponseMinutes: null, resolutionMinutes: 2880 },
        pauseStatuses: ['WAITING_ON_CUSTOMER'],
        warnAtPercent: 75,
        holdNotificationsUntilOpen: true,
        escalation: { raisePriority: 'CRITICAL', addTag: 'sla-breach', notify: true },
      });
      await waitFor(() => expect(screen.getByLabelText(/^Name/)).toHaveValue(''));
    },
  );

  it('refuses a target that is not whole minutes before sending', { timeout: 20_000 }, async () => {
    const { requests } = mockFetch({
      'GET /api/sla-policies': () => json({ data: [] }),
      'GET /api/business-hours': () => json({ data: [] }),
    });
    const { user } = renderWithProviders(<SlaPoliciesAdmin categories={[]} />, { user: admin });
    await screen.findByText(/No SLA policy yet/);
    await user.type(screen.getByLabelText(/^Name/), 'Standard');
    const nextResponse = screen.getByLabelText('Next response (minutes)');
    await user.type(nextResponse, '1.5');
    await user.click(screen.getByRole('button', { name: 'Create policy' }));
    await waitFor(() => expect(nextResponse).toHaveAttribute('aria-invalid', 'true'));
    expect(nextResponse).toHaveAccessibleDescription(
      expect.stringContaining('Enter whole minutes, from 1 to 525600'),
    );
    expect(requests.some((r) => r.method === 'POST')).toBe(false);
  });

  it('shows the server’s 400 on the target its path names', { timeout: 20_000 }, async () => {
    mockFetch({
      'GET /api/sla-policies': () => json({ data: [] }),
      'GET /api/business-hours': () => json({ data: [] }),
      'POST /api/sla-policies': () =>
        problemJson({
          status: 400,
          title: 'Bad Request',
          code: 'validation_failed',
          errors: [
            {
              path: 'targets.resolutionMinutes',
              message: 'must not be shorter than the first response',
            },
          ],
        }),
    });
    const { user } = renderWithProviders(<SlaPoliciesAdmin categories={[]} />, { user: admin });
    await screen.findByText(/No SLA policy yet/);
    await user.type(screen.getByLabelText(/^Name/), 'Standard');
    await user.type(screen.getByLabelText('First response (minutes)'), '60');
    const resolution = screen.getByLabelText('Resolution (minutes)');
    await user.type(resolution, '30');
    await user.click(screen.getByRole('button', { name: 'Create policy' }));
    await waitFor(() => expect(resolution).toHaveAttribute('aria-invalid', 'true'));
    expect(resolution).toHaveAccessibleDescription(
      expect.stringContaining('must not be shorter than the first response'),
    );
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('moves a policy up by swapping positions with the one above', async () => {
    let policies = [policy({ position: 0 }), vip];
    const { requests } = mockFetch({
      'GET /api/sla-policies': () => json({ data: policies }),
      'GET /api/business-hours': () => json({ data: [toronto] }),
      [`PATCH /api/sla-policies/${vip.id}`]: () => json({ ...vip, position: 0 }),
      [`PATCH /api/sla-policies/${policy().id}`]: () => {
        policies = [{ ...vip, position: 0 }, policy({ position: 5 })];
        return json(policies[1]);
      },
    });
    const { user } = renderWithProviders(<SlaPoliciesAdmin categories={[billing]} />, {
      user: admin,
    });
    expect(await screen.findByRole('button', { name: 'Move Standard up' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Move VIP down' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Move VIP up' }));

    await waitFor(() => expect(requests.filter((r) => r.method === 'PATCH')).toHaveLength(2));
    const patches = requests.filter((r) => r.method === 'PATCH');
    expect(patches.map((r) => [r.url.pathname, r.body])).toEqual([
      [`/api/sla-policies/${vip.id}`, { position: 0 }],
      [`/api/sla-policies/${policy().id}`, { position: 5 }],
    ]);
    await waitFor(() => expect(screen.getByRole('button', { name: 'Move VIP up' })).toBeDisabled());
    const rows = screen.getAllByRole('row');
    expect(rows.indexOf(screen.getByRole('row', { name: /VIP/ }))).toBeLessThan(
      rows.indexOf(screen.getByRole('row', { name: /Standard/ })),
    );
  });

  it('turns a policy off and on with a PATCH of active', async () => {
    let current = policy();
    const { requests } = mockFetch({
      'GET /api/sla-policies': () => json({ data: [current] }),
      'GET /api/business-hours': () => json({ data: [] }),
      [`PATCH /api/sla-policies/${policy().id}`]: (request) => {
        current = { ...current, ...(request.body as Partial<SlaPolicy>) };
        return json(current);
      },
    });
    const { user } = renderWithProviders(<SlaPoliciesAdmin categories={[]} />, { user: admin });
    const toggle = await screen.findByRole('checkbox', { name: 'Standard is active' });
    expect(toggle).toBeChecked();
    await user.click(toggle);
    await waitFor(() =>
      expect(requests.find((r) => r.method === 'PATCH')?.body).toEqual({ active: false }),
    );
    await waitFor(() =>
      expect(screen.getByRole('checkbox', { name: 'Standard is active' })).not.toBeChecked(),
    );
    await user.click(screen.getByRole('checkbox', { name: 'Standard is active' }));
    await waitFor(() =>
      expect(requests.filter((r) => r.method === 'PATCH').map((r) => r.body)).toEqual([
        { active: false },
        { active: true },
      ]),
    );
  });
});
