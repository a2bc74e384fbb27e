import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { User } from '@docket/server/contract/auth';
import type { OrganizationUser } from '@docket/server/contract/users';
import { agent } from '@/testing/fixtures';
import { json, mockFetch, problemJson } from '@/testing/mock-fetch';
import { renderWithProviders } from '@/testing/test-utils';
import { UsersAdmin } from './users-admin';

const admin: User = {
  ...agent,
  id: '00000000-0000-4000-8000-00000000ad01',
  role: 'ADMIN',
  name: 'Ada Admin',
};

function orgUser(overrides: Partial<OrganizationUser> = {}): OrganizationUser {
  return {
    id: admin.id,
    email: 'admin@acme.test',
    name: 'Ada Admin',
    role: 'ADMIN',
    organizationId: admin.organizationId,
    locale: 'en',
    timeZone: 'UTC',
    isActive: true,
    availability: 'available',
    groupRestricted: false,
    lastLoginAt: null,
    createdAt: '2026-11-01T09:00:00.000Z',
    updatedAt: '2026-11-01T09:00:00.000Z',
    ...overrides,
  };
}

describe('UsersAdmin', () => {
  it(
    'creates a user, checking the form with the API’s schema first',
    { timeout: 20_000 },
    async () => {
      const created = orgUser({
        id: '00000000-0000-4000-8000-00000000b002',
        name: 'Nina New',
        email: 'nina@acme.test',
        role: 'AGENT',
      });
      const { requests } = mockFetch({
        'GET /api/users': () => json({ data: [orgUser()], nextCursor: null }),
        'POST /api/users': () => json(created, 201),
      });
      const { user } = renderWithProviders(<UsersAdmin />, { user: admin });
      await screen.findByRole('row', { name: /Ada Admin/ });
      await user.click(screen.getByRole('button', { name: 'New user' }));
      const dialog = await screen.findByRole('dialog', { name: 'New user' });
      await user.type(within(dialog).getByLabelText(/^Email/), 'not-an-email');
      await user.click(within(dialog).getByRole('button', { name: 'Create user' }));
      expect(within(dialog).getAllByText(/required|valid email/i).length).toBeGreaterThan(0);
      expect(requests.some((r) => r.method === 'POST')).toBe(false);

      await user.type(within(dialog).getByLabelText(/^Name/), 'Nina New');
      await user.clear(within(dialog).getByLabelText(/^Email/));
      await user.type(within(dialog).getByLabelText(/^Email/), 'nina@acme.test');
      await user.click(within(dialog).getByRole('button', { name: 'Create user' }));
      await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
      expect(requests.find((r) => r.method === 'POST')?.body).toEqual({
        name: 'Nina New',
        email: 'nina@acme.test',
        role: 'AGENT',
      });
    },
  );

  it('shows the server’s message when an admin tries to deactivate themselves', async () => {
    mockFetch({
      'GET /api/users': () => json({ data: [orgUser()], nextCursor: null }),
      [`DELETE /api/users/${admin.id}`]: () =>
        problemJson({
          status: 409,
          title: 'Conflict',
          code: 'self_lockout',
          detail: 'You cannot deactivate yourself; ask another admin to do it',
        }),
    });
    const { user } = renderWithProviders(<UsersAdmin />, { user: admin });
    await user.click(await screen.findByRole('button', { name: 'Deactivate Ada Admin' }));
    const dialog = await screen.findByRole('dialog', { name: 'Deactivate Ada Admin?' });
    await user.click(within(dialog).getByRole('button', { name: 'Deactivate' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'You cannot deactivate yourself; ask another admin to do it',
    );
  });

  it('shows availability and restricts an agent to their groups', async () => {
    const alex = orgUser({
      id: '00000000-0000-4000-8000-00000000b004',
      name: 'Alex Agent',
      role: 'AGENT',
      availability: 'away',
    });
    let users = [orgUser(), alex];
    const { requests } = mockFetch({
      'GET /api/users': () => json({ data: users, nextCursor: null }),
      [`PATCH /api/users/${alex.id}`]: () => {
        users = [orgUser(), { ...alex, groupRestricted: true }];
        return json(users[1]);
      },
    });
    const { user } = renderWithProviders(<UsersAdmin />, { user: admin });
    const row = await screen.findByRole('row', { name: /Alex Agent/ });
    expect(row).toHaveTextContent('Away');
    expect(screen.getByRole('row', { name: /Ada Admin/ })).toHaveTextContent('Available');
    // Admins always see everything: only agents have the switch.
    expect(within(screen.getByRole('row', { name: /Ada Admin/ })).queryByRole('switch')).toBeNull();
    const restricted = within(row).getByRole('switch', {
      name: 'Alex Agent sees only the tickets of their groups',
    });
    expect(restricted).not.toBeChecked();
    await user.click(restricted);
    await waitFor(() =>
      expect(requests.find((r) => r.method === 'PATCH')?.body).toEqual({ groupRestricted: true }),
    );
    expect(
      await screen.findByText('Alex Agent now sees only the tickets of their groups.'),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(
        screen.getByRole('switch', { name: 'Alex Agent sees only the tickets of their groups' }),
      ).toBeChecked(),
    );
  });

  it('reactivates a deactivated user', async () => {
    const former = orgUser({
      id: '00000000-0000-4000-8000-00000000b003',
      name: 'Olga Old',
      role: 'AGENT',
      isActive: false,
    });
    const { requests } = mockFetch({
      'GET /api/users': () => json({ data: [former], nextCursor: null }),
      [`PATCH /api/users/${former.id}`]: () => json({ ...former, isActive: true }),
    });
    const { user } = renderWithProviders(<UsersAdmin />, { user: admin });
    await user.click(await screen.findByRole('button', { name: 'Reactivate Olga Old' }));
    await waitFor(() =>
      expect(requests.find((r) => r.method === 'PATCH')?.body).toEqual({ isActive: true }),
    );
  });
});
