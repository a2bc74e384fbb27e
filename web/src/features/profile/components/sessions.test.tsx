import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { getSessionToken, setSession } from '@/lib/session';
import { json, mockFetch } from '@/testing/mock-fetch';
import { renderWithProviders } from '@/testing/test-utils';
import { SessionsSection } from './sessions';

const sessions = {
  data: [
    {
      id: '11111111-1111-4111-8111-111111111111',
      createdAt: '2026-12-04T09:00:00.000Z',
      lastRefreshedAt: '2026-12-04T10:00:00.000Z',
      ip: '203.0.113.7',
      userAgent: 'Firefox on Linux',
      current: true,
    },
    {
      id: '22222222-2222-4222-8222-222222222222',
      createdAt: '2026-12-01T09:00:00.000Z',
      lastRefreshedAt: null,
      ip: '198.51.100.2',
      userAgent: null,
      current: false,
    },
  ],
};

describe('the Sessions section', () => {
  it('lists the sessions, signs one out, and signs out everywhere', async () => {
    setSession('jwt', 900);
    const { requests } = mockFetch({
      'GET /api/me/sessions': () => json(sessions),
      'DELETE /api/me/sessions/22222222-2222-4222-8222-222222222222': () =>
        new Response(null, { status: 204 }),
      'POST /api/me/sessions/revoke-all': () => new Response(null, { status: 204 }),
    });
    const { user } = renderWithProviders(<SessionsSection />);

    expect(await screen.findByText('Firefox on Linux')).toBeInTheDocument();
    expect(screen.getByText('This device')).toBeInTheDocument();
    expect(screen.getByText('Unknown browser')).toBeInTheDocument();
    // Only the other session has its own "Sign out".
    const signOut = screen.getAllByRole('button', { name: 'Sign out' });
    expect(signOut).toHaveLength(1);
    await user.click(signOut[0]!);
    await waitFor(() => expect(requests.some((r) => r.method === 'DELETE')).toBe(true));

    await user.click(screen.getByRole('button', { name: 'Sign out everywhere' }));
    await waitFor(() => expect(getSessionToken()).toBeNull());
    expect(requests.some((r) => r.url.pathname === '/api/me/sessions/revoke-all')).toBe(true);
  });
});
