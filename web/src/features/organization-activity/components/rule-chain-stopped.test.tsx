import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { User } from '@docket/server/contract/auth';
import { agent } from '@/testing/fixtures';
import { json, mockFetch } from '@/testing/mock-fetch';
import { renderWithProviders } from '@/testing/test-utils';
import { OrganizationActivityLog } from './organization-activity-log';

const admin: User = { ...agent, id: '00000000-0000-4000-8000-00000000ad01', role: 'ADMIN' };
const ticketId = '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f';

describe('OrganizationActivityLog: a stopped rule chain', () => {
  it('names the rule, the depth and the limit, and links to the ticket', async () => {
    mockFetch({
      'GET /api/organization/activity': () =>
        json({
          data: [
            {
              id: '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a',
              type: 'rule_chain.stopped',
              actor: { id: null, name: 'Docket' },
              data: {
                ticketId,
                rule: { id: '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', name: 'Ping-pong' },
                depth: 11,
                limit: 10,
                chainRootId: null,
              },
              createdAt: '2026-11-21T10:05:27.000Z',
            },
          ],
          nextCursor: null,
        }),
    });
    renderWithProviders(<OrganizationActivityLog />, { user: admin });
    expect(
      await screen.findByText(
        'Stopped a chain of rules at “Ping-pong”: depth 11 reached the limit of 10.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Open the ticket' })).toHaveAttribute(
      'href',
      `/tickets/${ticketId}`,
    );
  });
});
