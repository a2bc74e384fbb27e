import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { User } from '@docket/server/contract/auth';
import type { WebhookDelivery, WebhookEndpoint } from '@docket/server/contract/webhooks';
import { agent } from '@/testing/fixtures';
import { json, mockFetch, problemJson } from '@/testing/mock-fetch';
import { renderWithProviders } from '@/testing/test-utils';
import { WebhooksAdmin } from './webhooks-admin';

const admin: User = { ...agent, id: '00000000-0000-4000-8000-00000000ad01', role: 'ADMIN' };

function endpoint(overrides: Partial<WebhookEndpoint> = {}): WebhookEndpoint {
  return {
    id: '1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e',
    url: 'https://hooks.example.com/docket',
    description: 'CRM sync',
    eventTypes: ['ticket.created', 'ticket.status_changed'],
    includeInternal: false,
    enabled: true,
    failingSince: null,
    disabledAt: null,
    disabledReason: null,
    previousSecretExpiresAt: null,
    createdAt: '2026-11-21T09:00:00.000Z',
    updatedAt: '2026-11-21T09:00:00.000Z',
    ...overrides,
  };
}

function delivery(overrides: Partial<WebhookDelivery> = {}): WebhookDelivery {
  return {
    id: '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f',
    endpointId: endpoint().id,
    eventId: '6f1d2c3b-4a5e-4f60-8b7c-9d0e1f2a3b4c',
    eventType: 'ticket.created',
    ticketId: null,
    status: 'FAILED',
    attempts: 15,
    maxAttempts: 15,
    nextAttemptAt: null,
    lastAttemptAt: '2026-11-22T09:00:00.000Z',
    lastStatusCode: 500,
    lastLatencyMs: 87,
    lastError: 'answered 500 Internal Server Error (gave up after 15 attempts)',
    responseExcerpt: 'receiver exploded',
    deliveredAt: null,
    createdAt: '2026-11-21T09:00:00.000Z',
    ...overrides,
  };
}

describe('WebhooksAdmin', () => {
  it('lists endpoints with why a disabled one is off', async () => {
    mockFetch({
      'GET /api/webhooks': () =>
        json({
          data: [
            endpoint(),
            endpoint({
              id: '3c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f',
              url: 'https://old.example.com/hook',
              enabled: false,
              disabledAt: '2026-11-22T09:00:00.000Z',
              disabledReason: 'The endpoint answered 410 Gone',
            }),
          ],
        }),
    });
    renderWithProviders(<WebhooksAdmin />, { user: admin });
    const active = await screen.findByRole('article', { name: 'https://hooks.example.com/docket' });
    expect(within(active).getByText('Enabled')).toBeInTheDocument();
    expect(within(active).getByText(/Ticket created, Status changed/)).toBeInTheDocument();
    const gone = screen.getByRole('article', { name: 'https://old.example.com/hook' });
    expect(within(gone).getByText(/The endpoint answered 410 Gone/)).toBeInTheDocument();
    expect(within(gone).getByRole('button', { name: 'Enable' })).toBeInTheDocument();
  });

  it('adds an endpoint and shows its secret once', async () => {
    let created = false;
    const { requests } = mockFetch({
      'GET /api/webhooks': () => json({ data: created ? [endpoint()] : [] }),
      'POST /api/webhooks': () => {
        created = true;
        return json(
          { ...endpoint(), secret: 'whsec_c2VjcmV0LXNob3duLW9uY2Utb25seS0xMjM0NTY=' },
          201,
        );
      },
    });
    const { user } = renderWithProviders(<WebhooksAdmin />, { user: admin });
    expect(await screen.findByText('No webhook endpoints yet.')).toBeInTheDocument();
    await user.type(screen.getByLabelText(/^URL/), 'https://hooks.example.com/docket');
    await user.click(screen.getByRole('checkbox', { name: /Chat turned into a ticket/ }));
    await user.click(screen.getByRole('button', { name: 'Add endpoint' }));

    await waitFor(() => expect(requests.some((r) => r.method === 'POST')).toBe(true));
    expect(requests.find((r) => r.method === 'POST')?.body).toEqual({
      url: 'https://hooks.example.com/docket',
      eventTypes: [
        'ticket.created',
        'ticket.status_changed',
        'ticket.response_added',
        'chat.converted',
      ],
      includeInternal: false,
      enabled: true,
    });
    expect(
      await screen.findByText('whsec_c2VjcmV0LXNob3duLW9uY2Utb25seS0xMjM0NTY='),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'I have stored it' }));
    expect(screen.queryByText(/^whsec_/)).not.toBeInTheDocument();
  });

  it('shows the server’s refusal of an address on the URL field', async () => {
    mockFetch({
      'GET /api/webhooks': () => json({ data: [] }),
      'POST /api/webhooks': () =>
        problemJson({
          type: '/problems/validation-failed',
          title: 'Validation failed',
          status: 400,
          code: 'validation_failed',
          detail: 'The webhook URL is refused',
          errors: [{ path: 'url', message: 'refused: 10.0.0.1 is a private network address' }],
        }),
    });
    const { user } = renderWithProviders(<WebhooksAdmin />, { user: admin });
    await user.type(await screen.findByLabelText(/^URL/), 'http://10.0.0.1/hook');
    await user.click(screen.getByRole('button', { name: 'Add endpoint' }));
    expect(
      await screen.findByText('refused: 10.0.0.1 is a private network address'),
    ).toBeInTheDocument();
    expect(screen.getByLabelText(/^URL/)).toHaveAttribute('aria-invalid', 'true');
  });

  it('opens the delivery log, explains a failure and sends it again; disables the endpoint', async () => {
    const { requests } = mockFetch({
      'GET /api/webhooks': () => json({ data: [endpoint()] }),
      [`GET /api/webhooks/${endpoint().id}/deliveries`]: () =>
        json({ data: [delivery()], nextCursor: null }),
      [`POST /api/webhooks/${endpoint().id}/deliveries/${delivery().id}/retry`]: () =>
        json(delivery({ status: 'PENDING', maxAttempts: 16 }), 202),
      [`PATCH /api/webhooks/${endpoint().id}`]: () => json(endpoint({ enabled: false })),
    });
    const { user } = renderWithProviders(<WebhooksAdmin />, { user: admin });
    await user.click(await screen.findByRole('button', { name: 'Delivery log' }));
    const log = await screen.findByRole('region', { name: 'Delivery log' });
    const row = await within(log).findByRole('row', { name: /Ticket created/ });
    expect(within(row).getByText('Failed')).toBeInTheDocument();
    expect(within(row).getByText('15 of 15')).toBeInTheDocument();
    expect(within(row).getByText(/gave up after 15 attempts/)).toBeInTheDocument();
    expect(within(row).getByText('receiver exploded')).toBeInTheDocument();
    expect(within(row).getByText(/87 ms/)).toBeInTheDocument();

    await user.click(within(row).getByRole('button', { name: 'Send again' }));
    await waitFor(() => expect(requests.some((r) => r.url.pathname.endsWith('/retry'))).toBe(true));

    await user.click(screen.getByRole('button', { name: 'Disable' }));
    await waitFor(() =>
      expect(requests.find((r) => r.method === 'PATCH')?.body).toEqual({ enabled: false }),
    );
  });
});
