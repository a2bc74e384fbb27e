import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { TicketResponse } from '@docket/server/contract';
import { agent, makeResponse, makeTicket, problem } from '@/testing/fixtures';
import { json, mockFetch, problemJson } from '@/testing/mock-fetch';
import { renderWithProviders } from '@/testing/test-utils';
import { TicketRoute } from './ticket';

const ticket = makeTicket({
  number: 42,
  reference: 'TKT-00042',
  subject: 'VPN drops every hour',
  priority: 'URGENT',
  tags: ['vpn', 'network'],
  category: 'Network',
});

describe('ticket page', () => {
  it('shows the ticket, tells internal notes apart, and shows a posted reply', async () => {
    const responses: TicketResponse[] = [
      makeResponse({ ticketId: ticket.id, content: 'Since Monday.', authorType: 'CUSTOMER' }),
      makeResponse({ ticketId: ticket.id, content: 'Known VPN bug.', isInternal: true }),
    ];
    const { requests } = mockFetch({
      'GET /api/tickets/TKT-00042': () => json(ticket),
      [`GET /api/tickets/${ticket.id}/responses`]: () =>
        json({ data: responses, nextCursor: null }),
      [`POST /api/tickets/${ticket.id}/responses`]: ({ body }) => {
        const created = makeResponse({
          ticketId: ticket.id,
          content: (body as { content: string }).content,
        });
        responses.push(created);
        return json(created, 201);
      },
    });
    const { user } = renderWithProviders(<TicketRoute />, {
      path: '/tickets/:ticketId',
      route: '/tickets/TKT-00042',
      user: agent,
    });

    expect(
      await screen.findByRole('heading', { level: 1, name: 'VPN drops every hour' }),
    ).toBeInTheDocument();
    expect(screen.getByText('TKT-00042')).toBeInTheDocument();
    expect(screen.getByText('Urgent')).toBeInTheDocument();
    expect(screen.getByText('Network')).toBeInTheDocument();
    expect(screen.getByText('vpn')).toBeInTheDocument();

    const articles = await screen.findAllByTestId('response');
    expect(articles).toHaveLength(2);
    expect(articles[0]?.tagName).toBe('ARTICLE');
    expect(within(articles[0]!).queryByText('Internal note')).not.toBeInTheDocument();
    expect(within(articles[1]!).getByText('Internal note')).toBeInTheDocument();
    expect(articles[1]).toHaveClass('response--internal');

    await user.type(screen.getByLabelText('Reply'), 'A fix ships tonight.');
    await user.click(screen.getByRole('button', { name: 'Send reply' }));

    await waitFor(() => expect(screen.getAllByTestId('response')).toHaveLength(3));
    expect(screen.getAllByTestId('response')[2]).toHaveTextContent('A fix ships tonight.');
    expect(screen.getByLabelText('Reply')).toHaveValue('');
    expect(
      requests.filter((r) => r.url.pathname.endsWith('/responses') && r.method === 'GET'),
    ).toHaveLength(2);
  });

  it('says so when the ticket does not exist or may not be seen', async () => {
    mockFetch({
      'GET /api/tickets/TKT-00404': () =>
        problemJson(problem({ status: 404, code: 'not_found', title: 'Not Found' })),
    });
    renderWithProviders(<TicketRoute />, {
      path: '/tickets/:ticketId',
      route: '/tickets/TKT-00404',
      user: agent,
    });

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'This ticket does not exist, or you are not allowed to see it.',
    );
    expect(screen.getByRole('link', { name: 'Back to tickets' })).toBeInTheDocument();
  });
});
