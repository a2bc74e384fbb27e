import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type * as UploadForm from '@/components/attachments/api/upload-form';
import { ApiError } from '@/lib/api-client';
import { customer, makeCustomerTicket, problem } from '@/testing/fixtures';
import { json, mockFetch } from '@/testing/mock-fetch';
import { renderWithProviders } from '@/testing/test-utils';
import { PortalNewTicketRoute } from './new-ticket';

// Multipart uploads go through XMLHttpRequest (for progress), which mockFetch does not see.
const postForm = vi.hoisted(() => vi.fn());
vi.mock('@/components/attachments/api/upload-form', async (importOriginal) => ({
  ...(await importOriginal<typeof UploadForm>()),
  postForm,
}));

const categories = {
  data: ['Billing', 'Sessions'].map((name, index) => ({
    id: `00000000-0000-4000-8000-0000000000c${index}`,
    name,
    description: null,
    isActive: true,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  })),
};

describe('portal: new ticket', () => {
  it("files the requester's ticket with a category from the list and their reference, never a priority", async () => {
    const created = makeCustomerTicket({ number: 77, reference: 'TKT-00077' });
    const { requests } = mockFetch({
      'GET /api/categories': () => json(categories),
      'POST /api/tickets': () => json(created, 201),
    });
    const { user, router } = renderWithProviders(<PortalNewTicketRoute />, {
      path: '/portal/new',
      route: '/portal/new',
      user: customer,
      routes: [{ path: '/portal/tickets/:ticketId', element: <p>ticket page</p> }],
    });

    expect(screen.queryByLabelText(/priority/i)).not.toBeInTheDocument();
    await screen.findByRole('option', { name: 'Sessions' });
    await user.type(screen.getByLabelText(/Subject/), 'Move my appointment');
    await user.selectOptions(screen.getByLabelText('Category'), 'Sessions');
    await user.type(
      screen.getByLabelText(/Description/),
      'I cannot make it on Thursday, could we move it?',
    );
    await user.type(screen.getByLabelText('Order or appointment number'), 'APT-2291');
    await user.click(screen.getByRole('button', { name: 'Create ticket' }));

    await waitFor(() => expect(router.state.location.pathname).toBe('/portal/tickets/TKT-00077'));
    expect(requests.find((r) => r.method === 'POST')?.body).toEqual({
      subject: 'Move my appointment',
      description: 'I cannot make it on Thursday, could we move it?',
      category: 'Sessions',
      externalRefs: { customerReference: 'APT-2291' },
    });
  });

  it('makes a follow-up of a closed ticket, linked to it', async () => {
    const closed = makeCustomerTicket({
      number: 12,
      reference: 'TKT-00012',
      subject: 'Printer jammed',
      status: 'CLOSED',
    });
    const { requests } = mockFetch({
      'GET /api/tickets/TKT-00012': () => json(closed),
      'GET /api/categories': () => json(categories),
      'POST /api/tickets': () => json(makeCustomerTicket({ reference: 'TKT-00090' }), 201),
    });
    const { user } = renderWithProviders(<PortalNewTicketRoute />, {
      path: '/portal/new',
      route: '/portal/new?followUpOf=TKT-00012',
      user: customer,
      routes: [{ path: '/portal/tickets/:ticketId', element: <p>ticket page</p> }],
    });

    expect(await screen.findByText(/This ticket follows up TKT-00012/)).toBeInTheDocument();
    expect(screen.getByLabelText(/Subject/)).toHaveValue('Follow-up: Printer jammed');
    await user.type(screen.getByLabelText(/Description/), 'It jammed again this morning.');
    await user.click(screen.getByRole('button', { name: 'Create ticket' }));

    await screen.findByText('ticket page');
    expect(requests.find((r) => r.method === 'POST')?.body).toMatchObject({
      subject: 'Follow-up: Printer jammed',
      followUpOf: 'TKT-00012',
    });
  });

  it('does not link a follow-up to a ticket that is still open', async () => {
    mockFetch({
      'GET /api/tickets/TKT-00013': () =>
        json(makeCustomerTicket({ reference: 'TKT-00013', status: 'OPEN' })),
      'GET /api/categories': () => json(categories),
    });
    renderWithProviders(<PortalNewTicketRoute />, {
      path: '/portal/new',
      route: '/portal/new?followUpOf=TKT-00013',
      user: customer,
    });
    expect(await screen.findByText(/TKT-00013 cannot be followed up/)).toBeInTheDocument();
    expect(screen.getByLabelText(/Subject/)).toHaveValue('');
  });

  it('sends chosen files with the ticket in one multipart request, and says when one is refused', async () => {
    mockFetch({ 'GET /api/categories': () => json(categories) });
    postForm.mockReset();
    postForm.mockRejectedValueOnce(
      new ApiError(
        problem({
          status: 415,
          code: 'unsupported_file_type',
          title: 'Unsupported file type',
          detail: '"scan.pdf" is of no recognised type by its content',
        }),
      ),
    );
    postForm.mockResolvedValueOnce(makeCustomerTicket({ reference: 'TKT-00078' }));
    const { user, router } = renderWithProviders(<PortalNewTicketRoute />, {
      path: '/portal/new',
      route: '/portal/new',
      user: customer,
      routes: [{ path: '/portal/tickets/:ticketId', element: <p>ticket page</p> }],
    });
    await screen.findByRole('option', { name: 'Billing' });
    await user.type(screen.getByLabelText(/Subject/), 'Refund for order 4411');
    await user.type(screen.getByLabelText(/Description/), 'The invoice scan is attached.');
    await user.upload(
      screen.getByTestId('attachment-input'),
      new File(['%PDF-1.4'], 'scan.pdf', { type: 'application/pdf' }),
    );
    expect(screen.getByTestId('file-chip')).toHaveTextContent('scan.pdf');
    await user.click(screen.getByRole('button', { name: 'Create ticket' }));

    // Refused: said next to the files, the form and its file kept to try again.
    const alert = await screen.findByText(/This file was refused/);
    expect(alert).toHaveTextContent('"scan.pdf" is of no recognised type by its content');
    expect(router.state.location.pathname).toBe('/portal/new');
    expect(screen.getByTestId('file-chip')).toHaveTextContent('scan.pdf');

    await user.click(screen.getByRole('button', { name: 'Create ticket' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/portal/tickets/TKT-00078'));
    expect(postForm).toHaveBeenCalledTimes(2);
    const [path, form] = postForm.mock.calls[1]! as [string, FormData];
    expect(path).toBe('/tickets');
    expect(form.get('subject')).toBe('Refund for order 4411');
    expect(form.get('description')).toBe('The invoice scan is attached.');
    expect(form.has('priority')).toBe(false);
    expect((form.getAll('files') as File[]).map((f) => f.name)).toEqual(['scan.pdf']);
  });
});
