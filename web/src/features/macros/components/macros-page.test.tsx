import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { User } from '@docket/server/contract/auth';
import type { Macro } from '@docket/server/contract/macros';
import { agent } from '@/testing/fixtures';
import { json, mockFetch, problemJson } from '@/testing/mock-fetch';
import '@/testing/radix-polyfills';
import { renderWithProviders } from '@/testing/test-utils';
import { MacrosPage } from './macros-page';

const admin: User = { ...agent, id: '00000000-0000-4000-8000-00000000ad01', role: 'ADMIN' };

const solved: Macro = {
  id: '5d1e2f30-4a5b-4c6d-8e7f-8091a2b3c4d5',
  name: 'Close as solved',
  shared: true,
  owner: { id: admin.id, name: 'Ada Admin' },
  actions: [
    { type: 'reply', content: 'Hi {{requester.firstName}}, fixed.', isInternal: false },
    { type: 'set_status', value: 'RESOLVED' },
    { type: 'add_tags', value: ['solved', 'billing'] },
  ],
  createdAt: '2026-11-01T09:00:00.000Z',
  updatedAt: '2026-11-01T09:00:00.000Z',
};

const mine: Macro = {
  ...solved,
  id: '6e2f3041-5b6c-4d7e-8f80-91a2b3c4d5e6',
  name: 'Escalate',
  shared: false,
  owner: { id: agent.id, name: agent.name },
  actions: [
    { type: 'set_priority', value: 'URGENT' },
    { type: 'assign', value: null },
  ],
};

describe('MacrosPage', () => {
  it('lists the macros with their scope, owner and a summary of their actions', async () => {
    mockFetch({ 'GET /api/macros': () => json({ data: [solved, mine] }) });
    renderWithProviders(<MacrosPage />, { user: agent });
    const row = await screen.findByRole('row', { name: /Close as solved/ });
    expect(row).toHaveTextContent('Shared');
    expect(row).toHaveTextContent('Ada Admin');
    expect(row).toHaveTextContent('Reply · Status: Resolved · Add tags: solved, billing');
    // An agent does not manage a shared macro; their own, yes.
    expect(within(row).queryByRole('button', { name: /Delete/ })).not.toBeInTheDocument();
    const own = screen.getByRole('row', { name: /Escalate/ });
    expect(own).toHaveTextContent('Personal');
    expect(own).toHaveTextContent('Priority: Urgent · Assign: Nobody');
    expect(within(own).getByRole('button', { name: 'Delete Escalate' })).toBeInTheDocument();
    // "Shared" is for admins only.
    expect(screen.queryByRole('checkbox', { name: /Shared with every agent/ })).toBeNull();
  });

  it('creates a shared macro with its actions in the order shown', async () => {
    const { requests } = mockFetch({
      'GET /api/macros': () => json({ data: [] }),
      'POST /api/macros': () => json({ ...solved, name: 'Refund done' }, 201),
    });
    const { user } = renderWithProviders(<MacrosPage />, { user: admin });
    await screen.findByText('No macros yet.');

    await user.type(screen.getByLabelText(/^Name/), 'Refund done');
    await user.click(screen.getByRole('checkbox', { name: /Shared with every agent/ }));
    const first = screen.getByRole('group', { name: 'Action 1' });
    expect(within(first).getByLabelText('Reply text')).toHaveAccessibleDescription(
      /\{\{requester\.firstName\}\}/,
    );
    await user.type(
      within(first).getByLabelText('Reply text'),
      'Hi {{{{requester.firstName}}, refunded.',
    );
    await user.click(within(first).getByRole('checkbox', { name: /Internal note/ }));

    await user.click(screen.getByRole('button', { name: 'Add an action' }));
    const second = screen.getByRole('group', { name: 'Action 2' });
    await user.selectOptions(within(second).getByLabelText('Value'), 'Resolved');

    await user.click(screen.getByRole('button', { name: 'Add an action' }));
    const third = screen.getByRole('group', { name: 'Action 3' });
    await user.selectOptions(within(third).getByLabelText('Type'), 'Add tags');
    await user.type(within(third).getByLabelText(/^Tags/), 'refund, billing');
    await user.click(within(third).getByRole('button', { name: 'Move action 3 up' }));

    await user.click(screen.getByRole('button', { name: 'Create macro' }));
    await waitFor(() => expect(requests.some((r) => r.method === 'POST')).toBe(true));
    expect(requests.find((r) => r.method === 'POST')?.body).toEqual({
      name: 'Refund done',
      shared: true,
      actions: [
        { type: 'reply', content: 'Hi {{requester.firstName}}, refunded.', isInternal: true },
        { type: 'add_tags', value: ['refund', 'billing'] },
        { type: 'set_status', value: 'RESOLVED' },
      ],
    });
    expect(await screen.findByText('Macro created.')).toBeInTheDocument();
  });

  it("shows the server's message under the reply text it names (actions.0.content)", async () => {
    const message = 'unknown placeholder {{ticket.owner}}';
    mockFetch({
      'GET /api/macros': () => json({ data: [] }),
      'POST /api/macros': () =>
        problemJson({
          type: 'https://docket.dev/problems/validation',
          title: 'Validation failed',
          status: 400,
          code: 'validation_failed',
          errors: [{ path: 'actions.0.content', message }],
        }),
    });
    const { user } = renderWithProviders(<MacrosPage />, { user: agent });
    await screen.findByText('No macros yet.');
    await user.type(screen.getByLabelText(/^Name/), 'Owner note');
    const first = screen.getByRole('group', { name: 'Action 1' });
    await user.type(within(first).getByLabelText('Reply text'), 'Ask {{{{ticket.owner}}');
    await user.click(screen.getByRole('button', { name: 'Create macro' }));

    const content = within(first).getByLabelText('Reply text');
    await waitFor(() => expect(content).toHaveAttribute('aria-invalid', 'true'));
    expect(content).toHaveAccessibleDescription(expect.stringContaining(message));
    expect(screen.getByLabelText(/^Name/)).not.toHaveAttribute('aria-invalid');
    expect(content).toHaveValue('Ask {{ticket.owner}}');
  });

  it('deletes a macro after confirmation', async () => {
    let macros = [mine];
    const { requests } = mockFetch({
      'GET /api/macros': () => json({ data: macros }),
      [`DELETE /api/macros/${mine.id}`]: () => {
        macros = [];
        return new Response(null, { status: 204 });
      },
    });
    const { user } = renderWithProviders(<MacrosPage />, { user: agent });
    const row = await screen.findByRole('row', { name: /Escalate/ });
    await user.click(within(row).getByRole('button', { name: 'Delete Escalate' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete the macro “Escalate”?' });
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));

    await waitFor(() => expect(requests.some((r) => r.method === 'DELETE')).toBe(true));
    expect(requests.find((r) => r.method === 'DELETE')?.url.pathname).toBe(
      `/api/macros/${mine.id}`,
    );
    expect(await screen.findByText('No macros yet.')).toBeInTheDocument();
  });
});
