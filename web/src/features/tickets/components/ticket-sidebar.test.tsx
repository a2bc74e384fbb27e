import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeTicket } from '@/testing/fixtures';
import { json, mockFetch } from '@/testing/mock-fetch';
import { renderWithProviders } from '@/testing/test-utils';
import { LinkedChats } from './linked-chats';
import { RequesterCard } from './requester-card';

const ORIGIN = '00000000-0000-4000-8000-0000000c0001';
const LATER = '00000000-0000-4000-8000-0000000c0002';

function chat(id: string, customerName: string, messages: number, escalated = false) {
  return {
    id,
    organizationId: '00000000-0000-4000-8000-000000000001',
    customerName,
    customerEmail: 'sam@example.test',
    escalated,
    status: 'OPEN',
    agentId: null,
    ticketIds: [],
    createdAt: '2026-03-02T09:00:00.000Z',
    updatedAt: '2026-03-02T09:30:00.000Z',
    messages: Array.from({ length: messages }, (_, i) => ({ id: `${id}-${i}` })),
  };
}

describe('ticket page side cards', () => {
  it('lists the linked chats, origin first, each linking to its chat page', async () => {
    const ticket = makeTicket({ originChatId: ORIGIN, linkedChatIds: [LATER, ORIGIN] });
    mockFetch({
      [`GET /api/chats/${ORIGIN}`]: () => json(chat(ORIGIN, 'Sam Chatter', 3, true)),
      [`GET /api/chats/${LATER}`]: () => json(chat(LATER, 'Sam Again', 1)),
    });
    renderWithProviders(<LinkedChats ticket={ticket} />);

    const links = await screen.findAllByRole('link', { name: /Open the chat with/ });
    expect(links.map((link) => link.getAttribute('href'))).toEqual([
      `/chats/${ORIGIN}`,
      `/chats/${LATER}`,
    ]);
    const [first, second] = screen.getAllByRole('listitem');
    expect(first).toHaveTextContent('3 messages');
    expect(first).toHaveTextContent('Escalated');
    expect(first).toHaveTextContent('This ticket was made from this chat');
    expect(second).toHaveTextContent('1 message');
    expect(second).not.toHaveTextContent('made from this chat');
  });

  it('shows the requester and their other tickets, not this one', async () => {
    const ticket = makeTicket({ number: 5, reference: 'TKT-00005', subject: 'This one' });
    const other = makeTicket({
      number: 3,
      reference: 'TKT-00003',
      subject: 'Earlier order',
      status: 'RESOLVED',
    });
    const { requests } = mockFetch({
      'GET /api/tickets': () => json({ data: [ticket, other], nextCursor: null }),
    });
    renderWithProviders(<RequesterCard ticket={ticket} />);

    const link = await screen.findByRole('link', { name: /TKT-00003 Earlier order/ });
    expect(link).toHaveAttribute('href', '/tickets/TKT-00003');
    expect(within(link.closest('li')!).getByText('Resolved')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /This one/ })).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: ticket.requester.email })).toHaveAttribute(
      'href',
      `mailto:${ticket.requester.email}`,
    );
    expect(requests[0]?.url.searchParams.get('requesterEmail')).toBe(ticket.requester.email);
  });
});
