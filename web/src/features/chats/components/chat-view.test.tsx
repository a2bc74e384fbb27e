import '@/testing/radix-polyfills';
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ChatWithMessages } from '@docket/server/contract/chats';
import { agent, makeTicket } from '@/testing/fixtures';
import { json, mockFetch, problemJson } from '@/testing/mock-fetch';
import { renderWithProviders } from '@/testing/test-utils';
import { ChatView } from './chat-view';

const CHAT_ID = '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

function chat(overrides: Partial<ChatWithMessages> = {}): ChatWithMessages {
  return {
    id: CHAT_ID,
    organizationId: agent.organizationId,
    customerName: 'Dana Doe',
    customerEmail: 'dana@example.com',
    escalated: true,
    status: 'OPEN',
    agentId: null,
    ticketIds: [],
    createdAt: '2026-11-21T08:00:00.000Z',
    updatedAt: '2026-11-21T08:05:00.000Z',
    messages: [
      {
        id: '8a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
        chatId: CHAT_ID,
        senderType: 'bot',
        senderName: 'Acme Assistant',
        content: 'How can I help?',
        createdAt: '2026-11-21T08:00:00.000Z',
      },
      {
        id: '9a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
        chatId: CHAT_ID,
        senderType: 'customer',
        senderName: 'Dana Doe',
        content: 'My order never arrived.',
        createdAt: '2026-11-21T08:01:00.000Z',
      },
    ],
    ...overrides,
  };
}

const staffRoute = {
  'GET /api/users': () =>
    json({
      data: [
        { ...agent, isActive: true, createdAt: '2026-01-01T00:00:00.000Z' },
        {
          ...agent,
          id: '00000000-0000-4000-8000-00000000a002',
          name: 'Camille Tremblay',
          email: 'agent2@acme.test',
          isActive: true,
          createdAt: '2026-01-01T00:00:00.000Z',
        },
      ],
      nextCursor: null,
    }),
};

function renderChat() {
  return renderWithProviders(<ChatView chatId={CHAT_ID} />, {
    user: agent,
    route: `/chats/${CHAT_ID}`,
    path: '/chats/:chatId',
    routes: [{ path: '/tickets/:ticketId', element: <p>Ticket page</p> }],
  });
}

describe('ChatView', () => {
  it('shows the customer, the escalation and the conversation with who wrote what', async () => {
    mockFetch({ [`GET /api/chats/${CHAT_ID}`]: () => json(chat()) });
    renderChat();
    expect(await screen.findByRole('heading', { level: 1, name: 'Dana Doe' })).toBeInTheDocument();
    expect(screen.getByText('Escalated')).toBeInTheDocument();
    expect(screen.getByText('My order never arrived.')).toBeInTheDocument();
    expect(screen.getByText('(bot)')).toBeInTheDocument();
    expect(screen.getByText(/No ticket has been made/)).toBeInTheDocument();
  });

  it('creates a ticket from the chat and lands on the ticket page', async () => {
    const ticket = makeTicket({ number: 57, reference: 'TKT-00057', originChatId: CHAT_ID });
    const { requests } = mockFetch({
      ...staffRoute,
      [`GET /api/chats/${CHAT_ID}`]: () => json(chat()),
      [`POST /api/tickets/from-chat/${CHAT_ID}`]: () => json(ticket, 201),
    });
    const { user, router } = renderChat();
    await user.click(await screen.findByRole('button', { name: 'Create ticket' }));
    await screen.findByText('Ticket page');
    expect(router.state.location.pathname).toBe('/tickets/TKT-00057');
    expect(requests.find((r) => r.method === 'POST')?.body).toEqual({});
  });

  it('shows why the server refused to create the ticket', async () => {
    mockFetch({
      ...staffRoute,
      [`GET /api/chats/${CHAT_ID}`]: () => json(chat()),
      [`POST /api/tickets/from-chat/${CHAT_ID}`]: () =>
        problemJson({ status: 409, title: 'Conflict', code: 'conflict', detail: 'Chat busy' }),
    });
    const { user } = renderChat();
    await user.click(await screen.findByRole('button', { name: 'Create ticket' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Chat busy');
  });

  it('finds a ticket by reference and links the chat to it', { timeout: 20_000 }, async () => {
    const target = makeTicket({ number: 42, reference: 'TKT-00042', subject: 'Lost parcel' });
    let linked = false;
    const { requests } = mockFetch({
      ...staffRoute,
      [`GET /api/chats/${CHAT_ID}`]: () => json(chat({ ticketIds: linked ? [target.id] : [] })),
      'GET /api/tickets': () => json({ data: [target], nextCursor: null }),
      [`GET /api/tickets/${target.id}`]: () => json(target),
      [`POST /api/tickets/${target.id}/chats`]: () => {
        linked = true;
        return json({ ...target, linkedChatIds: [CHAT_ID] });
      },
    });
    const { user } = renderChat();
    await user.click(await screen.findByRole('button', { name: 'Link to a ticket' }));
    const dialog = await screen.findByRole('dialog', { name: 'Link this chat to a ticket' });
    await user.type(within(dialog).getByLabelText('Find a ticket'), 'TKT-00042');
    await user.click(await within(dialog).findByRole('button', { name: 'Link to TKT-00042' }));

    await waitFor(() =>
      expect(screen.queryByRole('dialog', { name: 'Link this chat to a ticket' })).toBeNull(),
    );
    expect(requests.find((r) => r.url.pathname === '/api/tickets')?.url.searchParams.get('q')).toBe(
      'TKT-00042',
    );
    expect(requests.find((r) => r.method === 'POST')?.body).toEqual({ chatId: CHAT_ID });
    // In the chat's state ("Linked to ticket …") and in its list of tickets.
    const links = await screen.findAllByRole('link', { name: 'TKT-00042' });
    expect(links).toHaveLength(2);
    for (const link of links) expect(link).toHaveAttribute('href', '/tickets/TKT-00042');
  });

  it('sends the typed reply with Enter; Shift+Enter starts a new line', async () => {
    let current = chat();
    const { requests } = mockFetch({
      ...staffRoute,
      [`GET /api/chats/${CHAT_ID}`]: () => json(current),
      [`POST /api/chats/${CHAT_ID}/messages`]: (request) => {
        const body = request.body as { content: string };
        const message = {
          id: '6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
          chatId: CHAT_ID,
          senderType: 'agent' as const,
          senderName: 'Alex Agent',
          content: body.content,
          createdAt: '2026-11-21T08:06:00.000Z',
        };
        current = { ...current, agentId: agent.id, messages: [...current.messages, message] };
        return json(message, 201);
      },
    });
    const { user } = renderChat();
    const box = await screen.findByLabelText('Your message');
    expect(screen.getByText('Enter sends; Shift+Enter starts a new line.')).toBeInTheDocument();
    await user.type(box, 'Sorry about that.{Shift>}{Enter}{/Shift}Refunding now.');
    expect(box).toHaveValue('Sorry about that.\nRefunding now.');
    expect(requests.some((r) => r.method === 'POST')).toBe(false);
    await user.type(box, '{Enter}');
    const list = screen.getByTestId('chat-messages');
    await waitFor(() => expect(within(list).getByText(/Refunding now\./)).toBeInTheDocument());
    expect(requests.filter((r) => r.method === 'POST').map((r) => r.body)).toEqual([
      { senderType: 'agent', content: 'Sorry about that.\nRefunding now.' },
    ]);
    await waitFor(() => expect(box).toHaveValue(''));
    // An empty box sends nothing.
    await user.type(box, '   {Enter}');
    expect(requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('closes the chat (no more replies, says so) and reopens it', async () => {
    let current = chat();
    const { requests } = mockFetch({
      ...staffRoute,
      [`GET /api/chats/${CHAT_ID}`]: () => json(current),
      [`PATCH /api/chats/${CHAT_ID}`]: (request) => {
        current = { ...current, ...(request.body as object) };
        return json(current);
      },
    });
    const { user } = renderChat();
    await user.click(await screen.findByRole('button', { name: 'Close chat' }));
    expect(await screen.findByText('This chat is closed.')).toBeInTheDocument();
    expect(screen.queryByLabelText('Your message')).toBeNull();
    expect(screen.getByText('This chat is closed: reopen it to write in it.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Reopen chat' }));
    expect(await screen.findByLabelText('Your message')).toBeInTheDocument();
    expect(requests.filter((r) => r.method === 'PATCH').map((r) => r.body)).toEqual([
      { status: 'CLOSED' },
      { status: 'OPEN' },
    ]);
  });

  it('assigns the chat to another agent', async () => {
    let current = chat();
    const { requests } = mockFetch({
      ...staffRoute,
      [`GET /api/chats/${CHAT_ID}`]: () => json(current),
      [`PATCH /api/chats/${CHAT_ID}`]: (request) => {
        current = { ...current, ...(request.body as object) };
        return json(current);
      },
    });
    const { user } = renderChat();
    const select = await screen.findByRole('combobox', { name: 'Assigned to' });
    await waitFor(() => expect(select).toBeEnabled());
    await user.click(select);
    await user.click(await screen.findByRole('option', { name: 'Camille Tremblay' }));
    await waitFor(() =>
      expect(requests.filter((r) => r.method === 'PATCH').map((r) => r.body)).toEqual([
        { agentId: '00000000-0000-4000-8000-00000000a002' },
      ]),
    );
    await waitFor(() =>
      expect(screen.getByRole('combobox', { name: 'Assigned to' })).toHaveTextContent(
        'Camille Tremblay',
      ),
    );
  });

  it('says which ticket the chat is linked to, linking to it', async () => {
    const ticket = makeTicket({ number: 58, reference: 'TKT-00058', subject: 'Refund' });
    mockFetch({
      ...staffRoute,
      [`GET /api/chats/${CHAT_ID}`]: () => json(chat({ ticketIds: [ticket.id] })),
      [`GET /api/tickets/${ticket.id}`]: () => json(ticket),
    });
    renderChat();
    const state = await screen.findByTestId('chat-state');
    expect(state).toHaveTextContent('Linked to ticket');
    expect(await within(state).findByRole('link', { name: 'TKT-00058' })).toHaveAttribute(
      'href',
      '/tickets/TKT-00058',
    );
  });
});
