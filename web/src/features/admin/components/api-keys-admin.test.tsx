import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ApiKey } from '@docket/server/contract/api-keys';
import type { User } from '@docket/server/contract/auth';
import { agent } from '@/testing/fixtures';
import { json, mockFetch } from '@/testing/mock-fetch';
import '@/testing/radix-polyfills';
import { renderWithProviders } from '@/testing/test-utils';
import { ApiKeysAdmin } from './api-keys-admin';

const admin: User = { ...agent, id: '00000000-0000-4000-8000-00000000ad01', role: 'ADMIN' };

function apiKey(overrides: Partial<ApiKey> = {}): ApiKey {
  return {
    id: '00000000-0000-4000-8000-0000000000k1'.replace('k', 'c'),
    name: 'Zapier',
    prefix: 'abcd1234',
    role: 'AGENT',
    scopes: ['tickets:read', 'tickets:write', 'chats:write'],
    groupIds: [],
    createdAt: '2026-11-01T09:00:00.000Z',
    expiresAt: null,
    lastUsedAt: null,
    revokedAt: null,
    createdBy: { id: admin.id, name: admin.name },
    ...overrides,
  };
}

describe('ApiKeysAdmin', () => {
  it('creates a key and shows its secret once, until dismissed', async () => {
    let keys: ApiKey[] = [];
    const created = apiKey({ name: 'CRM' });
    const { requests } = mockFetch({
      'GET /api/api-keys': () => json({ data: keys }),
      'POST /api/api-keys': () => {
        keys = [created];
        return json({ ...created, key: 'dk_abcd1234_s3cr3t' }, 201);
      },
    });
    const { user } = renderWithProviders(<ApiKeysAdmin />, { user: admin });
    expect(await screen.findByText('No API keys yet.')).toBeInTheDocument();
    await user.type(screen.getByLabelText(/^Name/), 'CRM');
    await user.click(screen.getByRole('button', { name: 'Create key' }));

    expect(await screen.findByText('dk_abcd1234_s3cr3t')).toBeInTheDocument();
    expect(requests.find((r) => r.method === 'POST')?.body).toEqual({
      name: 'CRM',
      scopes: ['tickets:read', 'tickets:write', 'chats:write'],
    });
    expect(await screen.findByRole('row', { name: /CRM/ })).toHaveTextContent('dk_abcd1234_…');
    await user.click(screen.getByRole('button', { name: 'I have stored it' }));
    expect(screen.queryByText('dk_abcd1234_s3cr3t')).toBeNull();
  });

  it('creates a key with chosen scopes and groups, and lists its scopes', async () => {
    const groups = [
      { id: '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', name: 'Tier1' },
      { id: '8b2c3d4e-5f60-4b7c-9d8e-0f1a2b3c4d5e', name: 'Tier2' },
    ];
    let keys = [apiKey()];
    const scoped = apiKey({
      id: '00000000-0000-4000-8000-0000000000c2',
      name: 'Inbound relay',
      role: null,
      scopes: ['tickets:read', 'inbound:write'],
      groupIds: [groups[1]!.id],
    });
    const { requests } = mockFetch({
      'GET /api/api-keys': () => json({ data: keys }),
      'POST /api/api-keys': () => {
        keys = [scoped, ...keys];
        return json({ ...scoped, key: 'dk_abcd1234_relay' }, 201);
      },
    });
    const { user } = renderWithProviders(<ApiKeysAdmin groups={groups} />, { user: admin });
    const zapier = await screen.findByRole('row', { name: /Zapier/ });
    expect(zapier).toHaveTextContent('tickets:read tickets:write chats:write (made as Agent)');

    await user.type(screen.getByLabelText(/^Name/), 'Inbound relay');
    await user.click(screen.getByRole('checkbox', { name: /^tickets:write/ }));
    await user.click(screen.getByRole('checkbox', { name: /^chats:write/ }));
    await user.click(
      screen.getByRole('checkbox', { name: /^inbound:write — deliver received email/ }),
    );
    await user.click(screen.getByRole('checkbox', { name: 'Tier2' }));
    await user.click(screen.getByRole('button', { name: 'Create key' }));

    expect(await screen.findByText('dk_abcd1234_relay')).toBeInTheDocument();
    expect(requests.find((r) => r.method === 'POST')?.body).toEqual({
      name: 'Inbound relay',
      scopes: ['tickets:read', 'inbound:write'],
      groupIds: [groups[1]!.id],
    });
    const row = await screen.findByRole('row', { name: /Inbound relay/ });
    expect(row).toHaveTextContent('tickets:read inbound:write · groups: Tier2');
    expect(row).not.toHaveTextContent('made as');
  });

  it('asks for a scope before sending', async () => {
    const { requests } = mockFetch({ 'GET /api/api-keys': () => json({ data: [] }) });
    const { user } = renderWithProviders(<ApiKeysAdmin />, { user: admin });
    await screen.findByText('No API keys yet.');
    await user.type(screen.getByLabelText(/^Name/), 'Nothing');
    for (const scope of ['tickets:read', 'tickets:write', 'chats:write']) {
      await user.click(screen.getByRole('checkbox', { name: new RegExp(`^${scope}`) }));
    }
    await user.click(screen.getByRole('button', { name: 'Create key' }));
    expect(await screen.findByText('Choose at least one scope.')).toBeInTheDocument();
    expect(requests.some((r) => r.method === 'POST')).toBe(false);
  });

  it('revokes a key after confirmation', async () => {
    let keys = [apiKey()];
    const { requests } = mockFetch({
      'GET /api/api-keys': () => json({ data: keys }),
      [`DELETE /api/api-keys/${apiKey().id}`]: () => {
        keys = [apiKey({ revokedAt: '2026-11-21T10:00:00.000Z' })];
        return new Response(null, { status: 204 });
      },
    });
    const { user } = renderWithProviders(<ApiKeysAdmin />, { user: admin });
    await user.click(await screen.findByRole('button', { name: 'Revoke Zapier' }));
    const dialog = await screen.findByRole('dialog', { name: 'Revoke Zapier?' });
    await user.click(within(dialog).getByRole('button', { name: 'Revoke' }));
    await waitFor(() => expect(requests.some((r) => r.method === 'DELETE')).toBe(true));
    const row = await screen.findByRole('row', { name: /Zapier/ });
    await waitFor(() => expect(row).toHaveTextContent('Revoked'));
    expect(screen.queryByRole('button', { name: 'Revoke Zapier' })).toBeNull();
  });
});
