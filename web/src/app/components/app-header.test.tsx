import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { User } from '@docket/server/contract/auth';
import { agent } from '@/testing/fixtures';
import { mockFetch } from '@/testing/mock-fetch';
import { renderWithProviders } from '@/testing/test-utils';
import { AppHeader } from './app-header';

const admin: User = { ...agent, id: '00000000-0000-4000-8000-00000000ad01', role: 'ADMIN' };

describe('AppHeader', () => {
  it('links to webhooks for admins only', async () => {
    mockFetch({});
    const { unmount, user } = renderWithProviders(<AppHeader />, { user: admin });
    // Webhooks sits in the header's "Admin" menu.
    await user.click(screen.getByRole('button', { name: 'Admin' }));
    expect(await screen.findByRole('menuitem', { name: 'Webhooks' })).toHaveAttribute(
      'href',
      '/admin/webhooks',
    );
    unmount();
    renderWithProviders(<AppHeader />, { user: agent });
    expect(screen.queryByRole('button', { name: 'Admin' })).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Webhooks' })).not.toBeInTheDocument();
  });
});
