import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { User } from '@docket/server/contract/auth';
import type { Mailbox } from '@docket/server/contract/mailboxes';
import { agent } from '@/testing/fixtures';
import { json, mockFetch, problemJson } from '@/testing/mock-fetch';
import '@/testing/radix-polyfills';
import { renderWithProviders } from '@/testing/test-utils';
import { MailboxesAdmin } from './mailboxes-admin';

const admin: User = { ...agent, id: '00000000-0000-4000-8000-00000000ad01', role: 'ADMIN' };

function mailbox(overrides: Partial<Mailbox> = {}): Mailbox {
  return {
    id: '5d1f0a3c-2b4e-4c6d-8e9f-0a1b2c3d4e5f',
    address: 'support@acme.test',
    displayName: 'Acme Support',
    isActive: true,
    imap: {
      host: 'imap.acme.test',
      port: 993,
      tls: true,
      user: 'support@acme.test',
      folder: 'INBOX',
      hasPassword: true,
    },
    state: {
      lastPollAt: '2026-12-03T07:30:00.000Z',
      lastError: 'AUTHENTICATIONFAILED Invalid credentials',
      mailsProcessed: 42,
    },
    createdAt: '2026-11-01T09:00:00.000Z',
    updatedAt: '2026-12-03T07:30:00.000Z',
    ...overrides,
  };
}

const endpointOnly = mailbox({
  id: '6e2a1b4d-3c5f-4d7e-9fa0-1b2c3d4e5f60',
  address: 'billing@acme.test',
  displayName: 'Acme Billing',
  imap: null,
  state: { lastPollAt: null, lastError: null, mailsProcessed: 0 },
});

describe('MailboxesAdmin', () => {
  it('lists mailboxes with their way in and state', async () => {
    mockFetch({
      'GET /api/mailboxes': () => json({ data: [mailbox(), endpointOnly] }),
    });
    renderWithProviders(<MailboxesAdmin />, { user: admin });
    const imapRow = await screen.findByRole('row', { name: /support@acme\.test/ });
    expect(imapRow).toHaveTextContent('Acme Support');
    expect(imapRow).toHaveTextContent('IMAP imap.acme.test / support@acme.test');
    expect(imapRow).toHaveTextContent('Last fetch:');
    expect(within(imapRow).getByText(/AUTHENTICATIONFAILED/)).toHaveClass('inbound-error');
    expect(imapRow).toHaveTextContent('42');
    expect(imapRow).toHaveTextContent('Active');
    const endpointRow = screen.getByRole('row', { name: /billing@acme\.test/ });
    expect(endpointRow).toHaveTextContent('Endpoint only');
    expect(endpointRow).not.toHaveTextContent('Last error');
  });

  it('creates a mailbox with an IMAP account and shows its secret and endpoint once', async () => {
    let mailboxes: Mailbox[] = [];
    const created = mailbox({ state: { lastPollAt: null, lastError: null, mailsProcessed: 0 } });
    const { requests } = mockFetch({
      'GET /api/mailboxes': () => json({ data: mailboxes }),
      'POST /api/mailboxes': () => {
        mailboxes = [created];
        return json({ ...created, inboundSecret: 'ibs_s3cr3t_once' }, 201);
      },
    });
    const { user } = renderWithProviders(<MailboxesAdmin />, { user: admin });
    expect(await screen.findByText('No mailbox yet.')).toBeInTheDocument();

    await user.type(screen.getByLabelText(/^Address/), 'Support@Acme.test');
    await user.type(screen.getByLabelText(/^Name/), 'Acme Support');
    await user.click(screen.getByRole('checkbox', { name: 'Fetch mail from an IMAP account' }));
    expect(screen.getByLabelText(/^Port/)).toHaveValue('993');
    expect(screen.getByLabelText(/^Folder/)).toHaveValue('INBOX');
    expect(screen.getByRole('checkbox', { name: 'Use TLS' })).toBeChecked();
    await user.type(screen.getByLabelText(/^Server/), 'imap.acme.test');
    await user.type(screen.getByLabelText(/^User name/), 'support@acme.test');
    await user.type(screen.getByLabelText(/^Password/), 'hunter2');
    await user.click(screen.getByRole('button', { name: 'Create mailbox' }));

    expect(await screen.findByTestId('inbound-secret')).toHaveTextContent('ibs_s3cr3t_once');
    expect(requests.find((r) => r.method === 'POST')?.body).toEqual({
      address: 'support@acme.test',
      displayName: 'Acme Support',
      imap: {
        host: 'imap.acme.test',
        port: 993,
        tls: true,
        user: 'support@acme.test',
        password: 'hunter2',
        folder: 'INBOX',
      },
    });
    const notice = screen.getByText('The inbound secret of support@acme.test').closest('.alert')!;
    expect(notice).toHaveTextContent(`POST ${window.location.origin}/api/inbound/email`);
    expect(notice).toHaveTextContent(created.id);
    expect(notice).toHaveTextContent('message/rfc822');
    expect(await screen.findByRole('row', { name: /support@acme\.test/ })).toHaveTextContent(
      'Not fetched yet',
    );
    // The form is empty again, ready for the next mailbox.
    expect(screen.getByLabelText(/^Address/)).toHaveValue('');

    await user.click(screen.getByRole('button', { name: 'I have stored it' }));
    expect(screen.queryByText('ibs_s3cr3t_once')).toBeNull();
    expect(screen.queryByTestId('inbound-secret')).toBeNull();
  });

  it('sends an endpoint-only mailbox without an IMAP account', async () => {
    const { requests } = mockFetch({
      'GET /api/mailboxes': () => json({ data: [] }),
      'POST /api/mailboxes': () => json({ ...endpointOnly, inboundSecret: 'ibs_other' }, 201),
    });
    const { user } = renderWithProviders(<MailboxesAdmin />, { user: admin });
    await screen.findByText('No mailbox yet.');
    await user.type(screen.getByLabelText(/^Address/), 'billing@acme.test');
    await user.type(screen.getByLabelText(/^Name/), 'Acme Billing');
    await user.click(screen.getByRole('button', { name: 'Create mailbox' }));
    expect(await screen.findByTestId('inbound-secret')).toHaveTextContent('ibs_other');
    expect(requests.find((r) => r.method === 'POST')?.body).toEqual({
      address: 'billing@acme.test',
      displayName: 'Acme Billing',
    });
  });

  it('shows a taken address (409 mailbox_exists) on the address field', async () => {
    mockFetch({
      'GET /api/mailboxes': () => json({ data: [] }),
      'POST /api/mailboxes': () =>
        problemJson({
          status: 409,
          title: 'Conflict',
          code: 'mailbox_exists',
          detail: 'The address support@acme.test is a mailbox already',
        }),
    });
    const { user } = renderWithProviders(<MailboxesAdmin />, { user: admin });
    await screen.findByText('No mailbox yet.');
    const address = screen.getByLabelText(/^Address/);
    await user.type(address, 'support@acme.test');
    await user.type(screen.getByLabelText(/^Name/), 'Acme Support');
    await user.click(screen.getByRole('button', { name: 'Create mailbox' }));

    await waitFor(() => expect(address).toHaveAttribute('aria-invalid', 'true'));
    expect(address).toHaveAccessibleDescription(
      expect.stringContaining('This address is a mailbox already.'),
    );
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.queryByTestId('inbound-secret')).toBeNull();
  });

  it('shows the server’s 400 field errors on the IMAP fields', async () => {
    mockFetch({
      'GET /api/mailboxes': () => json({ data: [] }),
      'POST /api/mailboxes': () =>
        problemJson({
          status: 400,
          title: 'Bad Request',
          code: 'validation_failed',
          errors: [{ path: 'imap.host', message: 'Too big: expected at most 253 characters' }],
        }),
    });
    const { user } = renderWithProviders(<MailboxesAdmin />, { user: admin });
    await screen.findByText('No mailbox yet.');
    await user.type(screen.getByLabelText(/^Address/), 'support@acme.test');
    await user.type(screen.getByLabelText(/^Name/), 'Acme Support');
    await user.click(screen.getByRole('checkbox', { name: 'Fetch mail from an IMAP account' }));
    await user.type(screen.getByLabelText(/^Server/), 'imap.acme.test');
    await user.type(screen.getByLabelText(/^User name/), 'support');
    await user.type(screen.getByLabelText(/^Password/), 'pw');
    await user.click(screen.getByRole('button', { name: 'Create mailbox' }));

    const host = screen.getByLabelText(/^Server/);
    await waitFor(() => expect(host).toHaveAttribute('aria-invalid', 'true'));
    expect(host).toHaveAccessibleDescription('Too big: expected at most 253 characters');
    expect(screen.getByLabelText(/^Address/)).not.toHaveAttribute('aria-invalid');
  });

  it('checks the form before sending: a +tag address is refused on its field', async () => {
    const { requests } = mockFetch({ 'GET /api/mailboxes': () => json({ data: [] }) });
    const { user } = renderWithProviders(<MailboxesAdmin />, { user: admin });
    await screen.findByText('No mailbox yet.');
    await user.type(screen.getByLabelText(/^Address/), 'support+sales@acme.test');
    await user.click(screen.getByRole('button', { name: 'Create mailbox' }));
    expect(screen.getByLabelText(/^Address/)).toHaveAccessibleDescription(
      expect.stringContaining('without a +tag'),
    );
    expect(screen.getByLabelText(/^Name/)).toHaveAttribute('aria-invalid', 'true');
    expect(requests.some((r) => r.method === 'POST')).toBe(false);
  });

  it('deactivates a mailbox, rotates its secret and deletes it', async () => {
    let mailboxes = [mailbox()];
    const { requests } = mockFetch({
      'GET /api/mailboxes': () => json({ data: mailboxes }),
      [`PATCH /api/mailboxes/${mailbox().id}`]: () => {
        mailboxes = [mailbox({ isActive: false })];
        return json(mailboxes[0]);
      },
      [`POST /api/mailboxes/${mailbox().id}/secret`]: () =>
        json({ ...mailbox(), inboundSecret: 'ibs_rotated' }),
      [`DELETE /api/mailboxes/${mailbox().id}`]: () => {
        mailboxes = [];
        return new Response(null, { status: 204 });
      },
    });
    const { user } = renderWithProviders(<MailboxesAdmin />, { user: admin });

    await user.click(await screen.findByRole('button', { name: 'Deactivate support@acme.test' }));
    await waitFor(() =>
      expect(requests.find((r) => r.method === 'PATCH')?.body).toEqual({ isActive: false }),
    );
    expect(
      await screen.findByRole('button', { name: 'Activate support@acme.test' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('row', { name: /support@acme\.test/ })).toHaveTextContent(
      'Deactivated',
    );

    await user.click(
      screen.getByRole('button', { name: 'New inbound secret for support@acme.test' }),
    );
    const rotateDialog = await screen.findByRole('dialog', {
      name: 'A new inbound secret for support@acme.test?',
    });
    await user.click(within(rotateDialog).getByRole('button', { name: 'New secret' }));
    expect(await screen.findByTestId('inbound-secret')).toHaveTextContent('ibs_rotated');

    await user.click(screen.getByRole('button', { name: 'Delete support@acme.test' }));
    const deleteDialog = await screen.findByRole('dialog', { name: 'Delete support@acme.test?' });
    await user.click(within(deleteDialog).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(requests.some((r) => r.method === 'DELETE')).toBe(true));
    expect(await screen.findByText('No mailbox yet.')).toBeInTheDocument();
    // The secret of a mailbox that no longer exists is of no use.
    expect(screen.queryByTestId('inbound-secret')).toBeNull();
  });
});
