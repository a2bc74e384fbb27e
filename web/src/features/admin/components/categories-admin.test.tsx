import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { User } from '@docket/server/contract/auth';
import type { Category } from '@docket/server/contract/categories';
import { agent } from '@/testing/fixtures';
import { json, mockFetch, problemJson } from '@/testing/mock-fetch';
import { renderWithProviders } from '@/testing/test-utils';
import { CategoriesAdmin } from './categories-admin';

const admin: User = { ...agent, id: '00000000-0000-4000-8000-00000000ad01', role: 'ADMIN' };

function category(overrides: Partial<Category> = {}): Category {
  return {
    id: '00000000-0000-4000-8000-0000000ca701',
    name: 'Billing',
    description: null,
    isActive: true,
    createdAt: '2026-11-01T09:00:00.000Z',
    updatedAt: '2026-11-01T09:00:00.000Z',
    ...overrides,
  };
}

describe('CategoriesAdmin', () => {
  it('adds a category and shows the server’s refusal of a duplicate on the page', async () => {
    const { requests } = mockFetch({
      'GET /api/categories': () => json({ data: [category()] }),
      'POST /api/categories': () =>
        problemJson({
          status: 409,
          title: 'Conflict',
          code: 'category_exists',
          detail: 'A category named billing already exists',
        }),
    });
    const { user } = renderWithProviders(<CategoriesAdmin />, { user: admin });
    await screen.findByRole('row', { name: /Billing/ });
    expect(requests[0]?.url.searchParams.get('includeInactive')).toBe('true');
    await user.type(screen.getByLabelText(/^Name/), 'billing');
    await user.click(screen.getByRole('button', { name: 'Add category' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'A category named billing already exists',
    );
    expect(requests.find((r) => r.method === 'POST')?.body).toEqual({ name: 'billing' });
  });

  it('renames a category and deactivates it', { timeout: 20_000 }, async () => {
    let current = category();
    const { requests } = mockFetch({
      'GET /api/categories': () => json({ data: [current] }),
      [`PATCH /api/categories/${current.id}`]: (request) => {
        current = { ...current, ...(request.body as Partial<Category>) };
        return json(current);
      },
      [`DELETE /api/categories/${current.id}`]: () => {
        current = { ...current, isActive: false };
        return new Response(null, { status: 204 });
      },
    });
    const { user } = renderWithProviders(<CategoriesAdmin />, { user: admin });
    await user.click(await screen.findByRole('button', { name: 'Rename Billing' }));
    const rename = await screen.findByRole('dialog', { name: 'Rename Billing' });
    const name = within(rename).getByLabelText(/^Name/);
    await user.clear(name);
    await user.type(name, 'Invoices');
    await user.click(within(rename).getByRole('button', { name: 'Save' }));
    await screen.findByRole('row', { name: /Invoices/ });
    expect(requests.find((r) => r.method === 'PATCH')?.body).toEqual({
      name: 'Invoices',
      description: null,
    });

    await user.click(screen.getByRole('button', { name: 'Deactivate Invoices' }));
    const confirm = await screen.findByRole('dialog', { name: 'Deactivate Invoices?' });
    await user.click(within(confirm).getByRole('button', { name: 'Deactivate' }));
    await waitFor(() =>
      expect(screen.getByRole('row', { name: /Invoices/ })).toHaveTextContent('Deactivated'),
    );
    expect(screen.getByRole('button', { name: 'Reactivate Invoices' })).toBeInTheDocument();
  });
});
