import '@/testing/radix-polyfills';
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ChatListItem } from '@docket/server/contract/chats';
import { agent } from '@/testing/fixtures';
import { json, mockFetch } from '@/testing/mock-fetch';
import { renderWithProviders } from '@/testing/test-utils';
import { ChatInbox } from './chat-inbox';

function item(overrides: Partial<ChatListItem>): ChatListItem {
  return {
    id: '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
    organizationId: agent.organizationId,
    customerName: 'Dana Doe',
    customerEmail: 'dana@example.com',
    escalated: false,
    status: 'OPEN',
    agentId: null,
    ticketIds: [],
    createdAt: '2026-11-21T08:00:00.000Z',
    updatedAt: '2026-11-21T08:05:00.000Z',
    lastMessage: null,
    ...overrides,
  };
}

describe('ChatInbox', () => {
  it("shows each chat's last message: who, when (in the agent's zone, named) and its start", async () => {
    mockFetch({
      'GET /api/chats': () =>
        json({
          data: [
            item({
              lastMessage: {
                senderType: 'customer',
                senderName: 'Dana Doe',
                excerpt: 'My order never arrived and the tracking page…',
                createdAt: '2026-11-21T08:05:00.000Z',
              },
            }),
            item({
              id: '8a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
              customerName: 'Eli Moss',
              customerEmail: 'eli@example.com',
            }),
          ],
          nextCursor: null,
        }),
    });
    renderWithProviders(<ChatInbox />, {
      user: { ...agent, timeZone: 'America/Toronto' },
      route: '/chats',
      path: '/chats',
    });
    const list = await screen.findByRole('list', { name: 'Chats' });
    const [first, second] = within(list).getAllByRole('listitem');
    const last = within(first!).getByTestId('chat-last-message');
    expect(last).toHaveTextContent('Dana Doe (customer)');
    expect(last).toHaveTextContent('My order never arrived and the tracking page…');
    expect(within(last).getByText(/3:05\sAM EST$/)).toHaveAttribute(
      'datetime',
      '2026-11-21T08:05:00.000Z',
    );
    expect(second).toHaveTextContent('No messages yet');
  });
});
