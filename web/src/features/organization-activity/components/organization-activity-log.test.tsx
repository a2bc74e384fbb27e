import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { User } from '@docket/server/contract/auth';
import type { OrganizationActivity } from '@docket/server/contract/organization-activity';
import { agent } from '@/testing/fixtures';
import { json, mockFetch, problemJson } from '@/testing/mock-fetch';
import { renderWithProviders } from '@/testing/test-utils';
import { OrganizationActivityLog } from './organization-activity-log';

const admin: User = { ...agent, id: '00000000-0000-4000-8000-00000000ad01', role: 'ADMIN' };

function entry(overrides: Partial<OrganizationActivity> = {}): OrganizationActivity {
  return {
    id: '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a',
    type: 'webhook_endpoint.disabled',
    actor: { id: null, name: 'Docket' },
    data: {
      endpointId: '1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e',
      url: 'https://hooks.example.com/docket',
      description: 'CRM sync',
      reason: 'The endpoint answered 410 Gone',
      disabledAt: '2026-11-21T10:05:27.000Z',
      failingSince: null,
    },
    ip: null,
    userAgent: null,
    before: null,
    after: null,
    position: 1,
    createdAt: '2026-11-21T10:05:27.000Z',
    ...overrides,
  };
}

/** The table's body rows (the header row excluded). */
function bodyRows() {
  return screen.getAllByRole('row').slice(1);
}

describe('OrganizationActivityLog', () => {
  it('shows when, who and what of each entry, and loads older ones', async () => {
    const older = entry({
      id: '6e5d4c3b-2a1f-4e0d-9c8b-7a6f5e4d3c2b',
      type: 'organization.renamed' as OrganizationActivity['type'],
      actor: { id: admin.id, name: 'Ada Admin' },
      data: { name: 'Acme' },
      createdAt: '2026-11-20T08:00:00.000Z',
    });
    const { requests } = mockFetch({
      'GET /api/organization/activity': (request) =>
        request.url.searchParams.get('cursor') === 'next-page'
          ? json({ data: [older], nextCursor: null })
          : json({ data: [entry()], nextCursor: 'next-page' }),
    });
    renderWithProviders(<OrganizationActivityLog />, { user: admin });

    expect(
      await screen.findByText(
        'Disabled the webhook endpoint “CRM sync” (https://hooks.example.com/docket).',
      ),
    ).toBeInTheDocument();
    const [first] = bodyRows();
    expect(within(first!).getByText('System')).toBeInTheDocument();
    expect(within(first!).getByText('Reason: The endpoint answered 410 Gone')).toBeInTheDocument();
    const time = first!.querySelector('time')!;
    expect(time).toHaveAttribute('dateTime', '2026-11-21T10:05:27.000Z');
    expect(time.textContent).toMatch(/2026/);
    expect(requests[0]!.url.searchParams.get('limit')).toBe('25');

    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));
    expect(
      await screen.findByText('Recorded an event of type “organization.renamed”.'),
    ).toBeInTheDocument();
    expect(within(bodyRows()[1]!).getByText('Ada Admin')).toBeInTheDocument();
    expect(requests.at(-1)!.url.searchParams.get('cursor')).toBe('next-page');
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
  });

  it('describes an endpoint without a description by its URL, without a reason', async () => {
    mockFetch({
      'GET /api/organization/activity': () =>
        json({
          data: [entry({ data: { url: 'https://hooks.example.com/x', description: null } })],
          nextCursor: null,
        }),
    });
    renderWithProviders(<OrganizationActivityLog />, { user: admin });
    expect(
      await screen.findByText('Disabled the webhook endpoint https://hooks.example.com/x.'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/^Reason:/)).not.toBeInTheDocument();
  });

  it('says so when there is no activity', async () => {
    mockFetch({
      'GET /api/organization/activity': () => json({ data: [], nextCursor: null }),
    });
    renderWithProviders(<OrganizationActivityLog />, { user: admin });
    expect(await screen.findByText('No activity recorded yet.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
  });

  it('shows the server’s error', async () => {
    mockFetch({
      'GET /api/organization/activity': () =>
        problemJson({
          type: 'about:blank',
          title: 'Forbidden',
          status: 403,
          detail: 'Only admins can do this.',
        }),
    });
    renderWithProviders(<OrganizationActivityLog />, { user: admin });
    expect(await screen.findByRole('alert')).toHaveTextContent('Only admins can do this.');
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('shows where an entry came from, verifies the chain and says where it breaks', async () => {
    const { requests } = mockFetch({
      'GET /api/organization/activity': () =>
        json({
          data: [
            entry({
              type: 'auth.sign_in_failed',
              ip: '203.0.113.7',
              userAgent: 'Mozilla/5.0 Test',
              data: { email: 'ada@example.com', reason: 'wrong_password' },
            }),
          ],
          nextCursor: null,
        }),
      'GET /api/organization/activity/verify': () =>
        json({
          valid: false,
          checked: 4,
          firstInvalid: {
            id: '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a',
            position: 5,
            reason: 'altered',
          },
        }),
    });
    renderWithProviders(<OrganizationActivityLog />, { user: admin });
    const [first] = await screen.findAllByRole('row').then((rows) => rows.slice(1));
    expect(within(first!).getByText('203.0.113.7')).toBeInTheDocument();
    expect(within(first!).getByText('Mozilla/5.0 Test')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Verify chain' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The chain is broken at entry 5 (its content was changed); 4 entries before it are intact.',
    );
    expect(requests.some((r) => r.url.pathname === '/api/organization/activity/verify')).toBe(true);
  });

  it('reports an intact chain', async () => {
    mockFetch({
      'GET /api/organization/activity': () => json({ data: [entry()], nextCursor: null }),
      'GET /api/organization/activity/verify': () =>
        json({ valid: true, checked: 12, firstInvalid: null }),
    });
    renderWithProviders(<OrganizationActivityLog />, { user: admin });
    await screen.findByText('System');
    await userEvent.click(screen.getByRole('button', { name: 'Verify chain' }));
    expect(await screen.findByRole('status')).toHaveTextContent(
      'The chain is intact: 12 entries checked.',
    );
  });

  it('speaks French (Canada)', async () => {
    mockFetch({
      'GET /api/organization/activity': () => json({ data: [entry()], nextCursor: null }),
    });
    renderWithProviders(<OrganizationActivityLog />, { user: admin, language: 'fr-CA' });
    expect(await screen.findByText('Système')).toBeInTheDocument();
    expect(
      screen.getByText(
        'A désactivé le point de terminaison de webhook « CRM sync » (https://hooks.example.com/docket).',
      ),
    ).toBeInTheDocument();
  });
});
