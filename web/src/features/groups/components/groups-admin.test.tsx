import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { User } from '@docket/server/contract/auth';
import type { Group } from '@docket/server/contract/groups';
import { agent } from '@/testing/fixtures';
import { json, mockFetch, problemJson } from '@/testing/mock-fetch';
import '@/testing/radix-polyfills';
import { renderWithProviders } from '@/testing/test-utils';
import { GroupsAdmin } from './groups-admin';

const admin: User = { ...agent, id: '00000000-0000-4000-8000-00000000ad01', role: 'ADMIN' };

const staff = [
  { id: agent.id, name: 'Alex Agent' },
  { id: '00000000-0000-4000-8000-00000000a002', name: 'Bea Bilingual' },
];
const categories = [{ id: '5d1e2f30-4a5b-4c6d-8e7f-8091a2b3c4d5', name: 'Billing' }];

const tier1: Group = {
  id: '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  name: 'Tier1',
  description: null,
  routing: 'round_robin',
  weightByPriority: false,
  returnOnAway: true,
  skillRules: [],
  members: [
    {
      userId: agent.id,
      name: 'Alex Agent',
      capacity: 5,
      skills: ['billing', 'lang:fr'],
      availability: 'available',
      isActive: true,
      openTickets: 2,
    },
  ],
  queued: 3,
  createdAt: '2026-12-01T09:00:00.000Z',
  updatedAt: '2026-12-01T09:00:00.000Z',
};

describe('GroupsAdmin', () => {
  it('lists the groups with their routing, members and queue', async () => {
    mockFetch({ 'GET /api/groups': () => json({ data: [tier1] }) });
    renderWithProviders(<GroupsAdmin staff={staff} categories={categories} />, { user: admin });
    const row = await screen.findByRole('row', { name: /Tier1/ });
    expect(within(row).getByText('Round robin')).toBeInTheDocument();
    const cells = within(row)
      .getAllByRole('cell')
      .map((cell) => cell.textContent);
    expect(cells).toContain('1');
    expect(cells).toContain('3');
  });

  it('creates a group with a member, a capacity, skills and a skill rule', async () => {
    const { requests } = mockFetch({
      'GET /api/groups': () => json({ data: [] }),
      'POST /api/groups': () => json(tier1, 201),
    });
    const { user } = renderWithProviders(<GroupsAdmin staff={staff} categories={categories} />, {
      user: admin,
    });
    await screen.findByText('No groups yet.');
    await user.type(screen.getByLabelText(/^Name/), 'Tier1');
    await user.selectOptions(screen.getByLabelText('Routing'), 'Round robin');
    await user.click(screen.getByRole('checkbox', { name: /Return a member's open tickets/ }));

    await user.click(screen.getByRole('button', { name: 'Add a member' }));
    const member = screen.getByRole('group', { name: 'Member 1' });
    await user.selectOptions(within(member).getByLabelText('Agent'), 'Bea Bilingual');
    await user.type(within(member).getByLabelText('Capacity'), '4');
    await user.type(within(member).getByLabelText('Skills'), 'Billing, lang:fr,');

    await user.click(screen.getByRole('button', { name: 'Add a member' }));
    const second = screen.getByRole('group', { name: 'Member 2' });
    await user.selectOptions(within(second).getByLabelText('Agent'), 'Alex Agent');

    await user.click(screen.getByRole('button', { name: 'Add a skill rule' }));
    const rule = screen.getByRole('group', { name: 'Skill rule 1' });
    await user.selectOptions(within(rule).getByLabelText('When the ticket has'), 'A tag');
    await user.type(within(rule).getByLabelText('Tag'), 'french');
    await user.type(within(rule).getByLabelText('Required skills'), 'lang:fr');

    await user.click(screen.getByRole('button', { name: 'Create group' }));
    await waitFor(() => expect(requests.some((r) => r.method === 'POST')).toBe(true));
    expect(requests.find((r) => r.method === 'POST')?.body).toEqual({
      name: 'Tier1',
      description: null,
      routing: 'round_robin',
      weightByPriority: false,
      returnOnAway: true,
      members: [
        { userId: staff[1]!.id, capacity: 4, skills: ['Billing', 'lang:fr'] },
        { userId: agent.id, capacity: null, skills: [] },
      ],
      skillRules: [{ tag: 'french', skills: ['lang:fr'] }],
    });
    expect(await screen.findByText('Group “Tier1” created.')).toBeInTheDocument();
    // The form starts over for the next group.
    expect(screen.getByLabelText(/^Name/)).toHaveValue('');
    expect(screen.queryByRole('group', { name: 'Member 1' })).toBeNull();
  });

  it('shows the server’s 400 by the member field its path names', async () => {
    mockFetch({
      'GET /api/groups': () => json({ data: [] }),
      'POST /api/groups': () =>
        problemJson({
          type: 'about:blank',
          title: 'Validation failed',
          status: 400,
          code: 'validation_failed',
          errors: [{ path: 'members.0.userId', message: 'not an active agent or admin' }],
        }),
    });
    const { user } = renderWithProviders(<GroupsAdmin staff={staff} categories={categories} />, {
      user: admin,
    });
    await screen.findByText('No groups yet.');
    await user.type(screen.getByLabelText(/^Name/), 'Tier2');
    await user.click(screen.getByRole('button', { name: 'Add a member' }));
    const member = screen.getByRole('group', { name: 'Member 1' });
    await user.selectOptions(within(member).getByLabelText('Agent'), 'Alex Agent');
    await user.click(screen.getByRole('button', { name: 'Create group' }));

    const agentSelect = within(member).getByLabelText('Agent');
    await waitFor(() => expect(agentSelect).toHaveAttribute('aria-invalid', 'true'));
    expect(agentSelect).toHaveAccessibleDescription('not an active agent or admin');
    // Said once, by the field: no general message above the button.
    expect(screen.getAllByText('not an active agent or admin')).toHaveLength(1);
    expect(screen.queryByText('Validation failed')).toBeNull();
  });

  it('edits a group with its members filled in and sends PATCH', async () => {
    const { requests } = mockFetch({
      'GET /api/groups': () => json({ data: [tier1] }),
      [`PATCH /api/groups/${tier1.id}`]: () => json({ ...tier1, routing: 'load_balanced' }),
    });
    const { user } = renderWithProviders(<GroupsAdmin staff={staff} categories={categories} />, {
      user: admin,
    });
    await user.click(await screen.findByRole('button', { name: 'Edit Tier1' }));
    const member = screen.getByRole('group', { name: 'Member 1' });
    expect(within(member).getByLabelText('Capacity')).toHaveValue(5);
    expect(within(member).getByLabelText('Skills')).toHaveValue('billing, lang:fr');
    await user.clear(within(member).getByLabelText('Capacity'));
    await user.selectOptions(screen.getByLabelText('Routing'), 'Load balanced');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(requests.some((r) => r.method === 'PATCH')).toBe(true));
    expect(requests.find((r) => r.method === 'PATCH')?.body).toMatchObject({
      routing: 'load_balanced',
      members: [{ userId: agent.id, capacity: null, skills: ['billing', 'lang:fr'] }],
    });
  });
});
