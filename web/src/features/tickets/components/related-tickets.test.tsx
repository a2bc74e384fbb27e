import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { makeTicket } from '@/testing/fixtures';
import { json, mockFetch } from '@/testing/mock-fetch';
import { renderWithProviders } from '@/testing/test-utils';
import { MergedNotice, RelatedTickets } from './related-tickets';
import { ResolutionNote } from './resolution-note';

const LINK = '00000000-0000-4000-8000-0000000e0001';
const OTHER = '00000000-0000-4000-8000-0000000e0002';

describe('related tickets, merge and resolution note', () => {
  it('lists links with their relation and links another ticket by reference', async () => {
    const ticket = makeTicket({ number: 7, reference: 'TKT-00007' });
    const { requests } = mockFetch({
      [`GET /api/tickets/${ticket.id}/links`]: () =>
        json({
          data: [
            {
              id: LINK,
              relation: 'parent',
              ticket: { id: OTHER, reference: 'TKT-00003', subject: 'Outage', status: 'OPEN' },
              createdAt: '2026-03-02T09:00:00.000Z',
            },
          ],
        }),
      [`POST /api/tickets/${ticket.id}/links`]: () =>
        json(
          {
            id: LINK,
            relation: 'related',
            ticket: { id: OTHER, reference: 'TKT-00009', subject: 'Other', status: 'NEW' },
            createdAt: '2026-03-02T09:00:00.000Z',
          },
          201,
        ),
    });
    renderWithProviders(<RelatedTickets ticket={ticket} detailId="TKT-00007" />);

    const link = await screen.findByRole('link', { name: 'TKT-00003' });
    expect(link.closest('li')).toHaveTextContent('Parent');
    expect(screen.getByRole('button', { name: 'Remove the link to TKT-00003' })).toBeEnabled();

    await userEvent.type(screen.getByLabelText('Ticket'), ' TKT-00009 ');
    await userEvent.click(screen.getByRole('button', { name: 'Link' }));
    await waitFor(() => expect(requests.some((r) => r.method === 'POST')).toBe(true));
    const post = requests.find((r) => r.method === 'POST');
    expect(post?.body).toEqual({ ticketId: 'TKT-00009', relation: 'related' });
  });

  it('offers no merge on a CLOSED ticket and says where a merged one went', async () => {
    const ticket = makeTicket({
      status: 'CLOSED',
      mergedInto: { id: OTHER, reference: 'TKT-00003' },
    });
    mockFetch({ [`GET /api/tickets/${ticket.id}/links`]: () => json({ data: [] }) });
    renderWithProviders(
      <>
        <MergedNotice ticket={ticket} />
        <RelatedTickets ticket={ticket} detailId={ticket.reference} />
      </>,
    );
    expect(await screen.findByText('No linked tickets.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Merge…' })).toBeNull();
    expect(screen.getByRole('link', { name: 'TKT-00003' })).toHaveAttribute(
      'href',
      '/tickets/TKT-00003',
    );
  });

  it('saves the resolution note with the ticket version', async () => {
    const ticket = makeTicket({ status: 'RESOLVED', version: 4 });
    const { requests } = mockFetch({
      [`PATCH /api/tickets/${ticket.id}`]: () =>
        json({ ...ticket, resolutionNote: 'Refunded.', version: 5 }),
    });
    renderWithProviders(<ResolutionNote ticket={ticket} detailId={ticket.id} />);
    const save = screen.getByRole('button', { name: 'Save note' });
    expect(save).toBeDisabled();
    await userEvent.type(screen.getByLabelText(/Summary for the requester/), 'Refunded.');
    await userEvent.click(save);
    await waitFor(() => expect(requests).toHaveLength(1));
    expect(requests[0]!.body).toEqual({ resolutionNote: 'Refunded.' });
    expect(requests[0]!.headers.get('If-Match')).toBe('"4"');
  });
});
