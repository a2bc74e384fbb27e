import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { User } from '@docket/server/contract/auth';
import type { InboundEmail, InboundResultBody } from '@docket/server/contract/inbound';
import { agent } from '@/testing/fixtures';
import { json, mockFetch, problemJson, type RecordedRequest } from '@/testing/mock-fetch';
import '@/testing/radix-polyfills';
import { renderWithProviders } from '@/testing/test-utils';
import { InboundEmailsAdmin } from './inbound-emails-admin';

const admin: User = { ...agent, id: '00000000-0000-4000-8000-00000000ad01', role: 'ADMIN' };
const ticketId = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

function inboundEmail(overrides: Partial<InboundEmail> = {}): InboundEmail {
  return {
    id: '0b7f3c1e-9a2d-4e5f-8c6b-1d2e3f4a5b6c',
    mailboxId: '5d1f0a3c-2b4e-4c6d-8e9f-0a1b2c3d4e5f',
    source: 'imap',
    messageId: '<out-of-office-1@customer.test>',
    from: { address: 'casey@customer.test', name: 'Casey Customer' },
    subject: 'Out of office: Refund',
    sizeBytes: 2048,
    outcome: 'suspended',
    cause: 'auto_reply',
    ticketId: null,
    responseId: null,
    skippedFiles: [],
    receivedAt: '2026-12-03T07:00:00.000Z',
    updatedAt: '2026-12-03T07:00:00.000Z',
    ...overrides,
  };
}

const suspended = inboundEmail();
const created = inboundEmail({
  id: '1c8a4d2f-0b3e-4f6a-9d7c-2e3f4a5b6c7d',
  messageId: '<refund-1@customer.test>',
  subject: 'Refund for order 1234',
  outcome: 'ticket_created',
  cause: null,
  ticketId,
  skippedFiles: [{ fileName: 'setup.exe', reason: 'unsupported_file_type' }],
  receivedAt: '2026-12-03T06:00:00.000Z',
});

function result(overrides: Partial<InboundResultBody> = {}): InboundResultBody {
  return {
    id: suspended.id,
    outcome: 'ticket_created',
    cause: null,
    ticketId,
    reference: 'TKT-00042',
    responseId: null,
    followUpOf: null,
    skippedFiles: [],
    ...overrides,
  };
}

const isList = (r: RecordedRequest) =>
  r.method === 'GET' && r.url.pathname === '/api/inbound-emails';

const { createObjectURL, revokeObjectURL } = URL;

afterEach(() => {
  URL.createObjectURL = createObjectURL;
  URL.revokeObjectURL = revokeObjectURL;
});

describe('InboundEmailsAdmin', () => {
  it('lists mails newest first with their outcome, cause, ticket and skipped files', async () => {
    const { requests } = mockFetch({
      'GET /api/inbound-emails': () => json({ data: [suspended, created], nextCursor: null }),
    });
    renderWithProviders(<InboundEmailsAdmin />, { user: admin });

    const suspendedRow = await screen.findByRole('row', { name: /Out of office: Refund/ });
    expect(suspendedRow).toHaveTextContent('Casey Customer <casey@customer.test>');
    expect(suspendedRow).toHaveTextContent('Suspended');
    expect(suspendedRow).toHaveTextContent('Automatic reply');
    expect(
      within(suspendedRow).getByRole('button', { name: 'Accept “Out of office: Refund”' }),
    ).toBeInTheDocument();
    expect(
      within(suspendedRow).getByRole('button', { name: 'Discard “Out of office: Refund”' }),
    ).toBeInTheDocument();
    expect(within(suspendedRow).queryByRole('link')).toBeNull();

    const createdRow = screen.getByRole('row', { name: /Refund for order 1234/ });
    expect(createdRow).toHaveTextContent('Ticket created');
    expect(createdRow).toHaveTextContent('setup.exe: type not accepted');
    expect(
      within(createdRow).getByRole('link', { name: 'Open the ticket of “Refund for order 1234”' }),
    ).toHaveAttribute('href', `/tickets/${ticketId}`);
    expect(
      within(createdRow).getByRole('button', { name: 'Download “Refund for order 1234” as .eml' }),
    ).toBeInTheDocument();
    expect(within(createdRow).queryByRole('button', { name: /^Accept/ })).toBeNull();

    // The rows come in the server's order: newest first.
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows[0]).toBe(suspendedRow);
    expect(requests[0]!.url.searchParams.get('limit')).toBe('25');
    expect(requests[0]!.url.searchParams.has('outcome')).toBe(false);
  });

  it('filters by outcome and loads older mails', async () => {
    const { requests } = mockFetch({
      'GET /api/inbound-emails': (request) => {
        if (request.url.searchParams.get('outcome') === 'suspended') {
          return json({ data: [suspended], nextCursor: null });
        }
        return request.url.searchParams.get('cursor') === 'page-2'
          ? json({ data: [suspended], nextCursor: null })
          : json({ data: [created], nextCursor: 'page-2' });
      },
    });
    const { user } = renderWithProviders(<InboundEmailsAdmin />, { user: admin });
    expect(await screen.findByRole('row', { name: /Refund for order 1234/ })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await screen.findByRole('row', { name: /Out of office: Refund/ })).toBeInTheDocument();
    expect(requests.some((r) => r.url.searchParams.get('cursor') === 'page-2')).toBe(true);

    await user.selectOptions(screen.getByLabelText('Show'), 'Suspended');
    await waitFor(() =>
      expect(requests.some((r) => r.url.searchParams.get('outcome') === 'suspended')).toBe(true),
    );
    await waitFor(() =>
      expect(screen.queryByRole('row', { name: /Refund for order 1234/ })).toBeNull(),
    );
    expect(screen.getByRole('row', { name: /Out of office: Refund/ })).toBeInTheDocument();
  });

  it('accepts a suspended mail: posts it, says which ticket it made and refetches the list', async () => {
    let rows = [suspended];
    const { requests } = mockFetch({
      'GET /api/inbound-emails': () => json({ data: rows, nextCursor: null }),
      [`POST /api/inbound-emails/${suspended.id}/accept`]: () => {
        rows = [{ ...suspended, outcome: 'ticket_created', cause: null, ticketId }];
        return json(result());
      },
    });
    const { user } = renderWithProviders(<InboundEmailsAdmin />, { user: admin });
    await user.click(await screen.findByRole('button', { name: 'Accept “Out of office: Refund”' }));

    await waitFor(() =>
      expect(requests.some((r) => r.method === 'POST' && r.url.pathname.endsWith('/accept'))).toBe(
        true,
      ),
    );
    expect(await screen.findByText('Ticket TKT-00042 created.')).toBeInTheDocument();
    await waitFor(() => expect(requests.filter(isList)).toHaveLength(2));
    const row = screen.getByRole('row', { name: /Out of office: Refund/ });
    await waitFor(() => expect(row).toHaveTextContent('Ticket created'));
    expect(within(row).queryByRole('button', { name: /^Accept/ })).toBeNull();
    expect(within(row).getByRole('link', { name: /Open the ticket/ })).toHaveAttribute(
      'href',
      `/tickets/${ticketId}`,
    );
  });

  it('says so in a toast when the mail is no longer suspended (409 not_suspended)', async () => {
    const { requests } = mockFetch({
      'GET /api/inbound-emails': () => json({ data: [suspended], nextCursor: null }),
      [`POST /api/inbound-emails/${suspended.id}/accept`]: () =>
        problemJson({
          status: 409,
          title: 'Conflict',
          code: 'not_suspended',
          detail: 'Only a suspended mail that was kept can be accepted',
        }),
    });
    const { user } = renderWithProviders(<InboundEmailsAdmin />, { user: admin });
    await user.click(await screen.findByRole('button', { name: 'Accept “Out of office: Refund”' }));
    expect(await screen.findByText('This mail is no longer suspended.')).toBeInTheDocument();
    expect(screen.getByText('Only a suspended mail that was kept can be accepted')).toBeVisible();
    await waitFor(() => expect(requests.filter(isList)).toHaveLength(2));
  });

  it('discards a suspended mail after confirmation and refetches the list', async () => {
    let rows = [suspended];
    const { requests } = mockFetch({
      'GET /api/inbound-emails': () => json({ data: rows, nextCursor: null }),
      [`POST /api/inbound-emails/${suspended.id}/discard`]: () => {
        rows = [{ ...suspended, outcome: 'discarded' }];
        return json(rows[0]);
      },
    });
    const { user } = renderWithProviders(<InboundEmailsAdmin />, { user: admin });
    await user.click(
      await screen.findByRole('button', { name: 'Discard “Out of office: Refund”' }),
    );
    const dialog = await screen.findByRole('dialog', { name: 'Discard “Out of office: Refund”?' });
    await user.click(within(dialog).getByRole('button', { name: 'Discard' }));

    await waitFor(() =>
      expect(requests.some((r) => r.method === 'POST' && r.url.pathname.endsWith('/discard'))).toBe(
        true,
      ),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await waitFor(() => expect(requests.filter(isList)).toHaveLength(2));
    const row = screen.getByRole('row', { name: /Out of office: Refund/ });
    await waitFor(() => expect(row).toHaveTextContent('Discarded'));
    expect(within(row).queryByRole('button', { name: /^Discard/ })).toBeNull();
    expect(within(row).queryByRole('button', { name: /^Accept/ })).toBeNull();
  });

  it('downloads the original message as an .eml file', async () => {
    const { requests } = mockFetch({
      'GET /api/inbound-emails': () => json({ data: [created], nextCursor: null }),
      [`GET /api/inbound-emails/${created.id}/original`]: () =>
        new Response('From: casey@customer.test\r\n\r\nHello', {
          headers: { 'Content-Type': 'message/rfc822' },
        }),
    });
    const saved: string[] = [];
    URL.createObjectURL = vi.fn(() => 'blob:http://docket.test/1');
    URL.revokeObjectURL = vi.fn();
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      saved.push(`${this.download} ${this.href}`);
    });
    const { user } = renderWithProviders(<InboundEmailsAdmin />, { user: admin });
    await user.click(
      await screen.findByRole('button', { name: 'Download “Refund for order 1234” as .eml' }),
    );
    await waitFor(() => expect(saved).toEqual([`${created.id}.eml blob:http://docket.test/1`]));
    expect(
      requests.some((r) => r.url.pathname === `/api/inbound-emails/${created.id}/original`),
    ).toBe(true);
  });
});
