import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { User } from '@docket/server/contract/auth';
import type { EmailNotification } from '@docket/server/contract/notifications';
import { agent } from '@/testing/fixtures';
import { json, mockFetch } from '@/testing/mock-fetch';
import { renderWithProviders } from '@/testing/test-utils';
import { NotificationsAdmin } from './notifications-admin';

const admin: User = { ...agent, id: '00000000-0000-4000-8000-00000000ad01', role: 'ADMIN' };

function notification(overrides: Partial<EmailNotification> = {}): EmailNotification {
  return {
    id: '0b7f3c1e-9a2d-4e5f-8c6b-1d2e3f4a5b6c',
    kind: 'ticket_created',
    status: 'FAILED',
    recipient: { name: 'Casey Customer', email: 'customer@acme.test' },
    subject: '[TKT-00042] We received your request: Refund',
    locale: 'en',
    ticket: { id: '7c9e6679-7425-40de-944b-e07fc1f90ae7', reference: 'TKT-00042' },
    messageId: '<0b7f3c1e-9a2d-4e5f-8c6b-1d2e3f4a5b6c@localhost>',
    attempts: 10,
    maxAttempts: 10,
    lastError: 'Mail command failed: 550 5.1.1 Mailbox unavailable',
    nextAttemptAt: null,
    sentAt: null,
    createdAt: '2026-11-21T10:05:27.000Z',
    updatedAt: '2026-11-21T12:40:02.000Z',
    ...overrides,
  };
}

describe('NotificationsAdmin', () => {
  it('lists failed mails with their error and sends one again', async () => {
    const { requests } = mockFetch({
      'GET /api/notifications': () => json({ data: [notification()], nextCursor: null }),
      [`POST /api/notifications/${notification().id}/retry`]: () =>
        json(notification({ status: 'PENDING', maxAttempts: 11 }), 202),
    });
    renderWithProviders(<NotificationsAdmin />, { user: admin });
    const item = (await screen.findByRole('heading', { name: notification().subject })).closest(
      'li',
    )!;
    expect(within(item).getByText('Failed')).toBeInTheDocument();
    expect(within(item).getByText(/550 5.1.1 Mailbox unavailable/)).toBeInTheDocument();
    expect(within(item).getByText('10 of 10')).toBeInTheDocument();
    expect(within(item).getByRole('link', { name: 'TKT-00042' })).toBeInTheDocument();
    expect(requests[0]!.url.searchParams.get('status')).toBe('FAILED');

    await userEvent.click(
      within(item).getByRole('button', {
        name: `Send “${notification().subject}” to customer@acme.test again`,
      }),
    );
    await waitFor(() =>
      expect(requests.some((r) => r.method === 'POST' && r.url.pathname.endsWith('/retry'))).toBe(
        true,
      ),
    );
    expect(await screen.findByRole('status')).toHaveTextContent('sent again in a moment');
  });

  it('filters by status', async () => {
    const { requests } = mockFetch({
      'GET /api/notifications': () => json({ data: [], nextCursor: null }),
    });
    renderWithProviders(<NotificationsAdmin />, { user: admin });
    expect(await screen.findByText('No email notifications here.')).toBeInTheDocument();
    await userEvent.selectOptions(screen.getByLabelText('Show'), 'All');
    await waitFor(() => expect(requests.some((r) => !r.url.searchParams.has('status'))).toBe(true));
  });
});
