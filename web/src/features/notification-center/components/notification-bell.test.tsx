import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { agent } from '@/testing/fixtures';
import { json, mockFetch } from '@/testing/mock-fetch';
import { renderWithProviders } from '@/testing/test-utils';
import { NotificationBell } from './notification-bell';

const notification = (id: string, readAt: string | null) => ({
  id,
  type: 'mentioned',
  ticket: {
    id: 'a1b2c3d4-0000-4000-8000-000000000000',
    number: 42,
    reference: 'TKT-00042',
    subject: 'Refund',
  },
  actorName: 'Alex Agent',
  excerpt: '@Camille Tremblay please check',
  createdAt: new Date(Date.now() - 5 * 60_000).toISOString(),
  readAt,
});

describe('NotificationBell', () => {
  it('shows the unread count, lists notifications and marks all read', async () => {
    let list = {
      data: [
        notification('00000000-0000-4000-8000-00000000000a', null),
        notification('00000000-0000-4000-8000-00000000000b', '2026-11-21T10:00:00.000Z'),
      ],
      nextCursor: null,
      unreadCount: 1,
    };
    const { requests } = mockFetch({
      'GET /api/me/notifications': () => json(list),
      'POST /api/me/notifications/read': () => {
        list = {
          ...list,
          data: list.data.map((n) => ({ ...n, readAt: n.readAt ?? new Date().toISOString() })),
          unreadCount: 0,
        };
        return json({ unreadCount: 0 });
      },
    });
    const { user } = renderWithProviders(<NotificationBell />, { user: agent });
    const bell = await screen.findByRole('button', { name: 'Notifications: 1 unread' });
    await user.click(bell);
    const dialog = await screen.findByRole('dialog', { name: 'Notifications' });
    const links = within(dialog).getAllByRole('link');
    expect(links).toHaveLength(2);
    expect(links[0]).toHaveAttribute('href', '/tickets/TKT-00042');
    expect(links[0]).toHaveTextContent('Unread: Alex Agent mentioned you');
    expect(links[0]).toHaveTextContent('TKT-00042 · Refund');
    expect(links[0]).toHaveTextContent('5 minutes ago');

    await user.click(within(dialog).getByRole('button', { name: 'Mark all read' }));
    await waitFor(() => expect(requests.some((r) => r.method === 'POST')).toBe(true));
    expect(requests.find((r) => r.method === 'POST')?.body).toEqual({ all: true });
    expect(await screen.findByRole('button', { name: 'Notifications' })).toBeInTheDocument();
  });
});
