import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { json, mockFetch } from '@/testing/mock-fetch';
import { renderWithProviders } from '@/testing/test-utils';
import { PortalSecurityRoute } from './security';

describe('portal: security', () => {
  it('lets a customer turn two-factor sign-in on and see their sessions', async () => {
    const { requests } = mockFetch({
      'GET /api/me/two-factor': () =>
        json({ enabled: false, enabledAt: null, recoveryCodesLeft: 0, required: false }),
      'GET /api/me/sessions': () =>
        json({
          data: [
            {
              id: crypto.randomUUID(),
              createdAt: '2026-12-01T09:00:00.000Z',
              lastRefreshedAt: null,
              ip: '203.0.113.7',
              userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0',
              current: true,
            },
          ],
        }),
    });
    renderWithProviders(<PortalSecurityRoute />);

    expect(screen.getByRole('heading', { level: 1, name: 'Security' })).toBeInTheDocument();
    expect(
      await screen.findByRole('button', { name: 'Set up two-factor sign-in' }),
    ).toBeInTheDocument();
    expect(await screen.findByText(/203\.0\.113\.7/)).toBeInTheDocument();
    expect(requests.map((r) => `${r.method} ${r.url.pathname}`)).toEqual(
      expect.arrayContaining(['GET /api/me/two-factor', 'GET /api/me/sessions']),
    );
  });
});
