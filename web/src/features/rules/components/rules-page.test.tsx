import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { User } from '@docket/server/contract/auth';
import type { Rule } from '@docket/server/contract/rules';
import { agent } from '@/testing/fixtures';
import { json, mockFetch, problemJson } from '@/testing/mock-fetch';
import '@/testing/radix-polyfills';
import { renderWithProviders } from '@/testing/test-utils';
import { RulesAdmin } from './rules-page';

const admin: User = { ...agent, id: '00000000-0000-4000-8000-00000000ad01', role: 'ADMIN' };

const vip: Rule = {
  id: '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  name: 'VIP → urgent',
  position: 0,
  active: true,
  event: 'ticket.created',
  conditions: {
    all: [{ field: 'requester.domain', operator: 'is', value: 'vip.test' }],
    any: [],
  },
  actions: [{ type: 'set_priority', value: 'URGENT' }],
  createdAt: '2026-11-01T09:00:00.000Z',
  updatedAt: '2026-11-01T09:00:00.000Z',
};

const stale: Rule = {
  ...vip,
  id: '8b2c3d4e-5f60-4b7c-9d8e-0f1a2b3c4d5e',
  name: 'Close stale waiting tickets',
  position: 5,
  active: false,
  event: 'schedule',
  conditions: {
    all: [
      { field: 'ticket.status', operator: 'is', value: 'WAITING_ON_CUSTOMER' },
      { field: 'ticket.hoursInStatus', operator: 'greater_than', value: 72 },
    ],
    any: [],
  },
  actions: [{ type: 'set_status', value: 'RESOLVED' }],
};

const sharedMacros = [{ id: '5d1e2f30-4a5b-4c6d-8e7f-8091a2b3c4d5', name: 'Close as solved' }];

describe('RulesAdmin', () => {
  it('lists the rules in run order and switches one on with PATCH {active}', async () => {
    let rules = [vip, stale];
    const { requests } = mockFetch({
      'GET /api/rules': () => json({ data: rules }),
      [`PATCH /api/rules/${stale.id}`]: () => {
        rules = [vip, { ...stale, active: true }];
        return json(rules[1]);
      },
    });
    const { user } = renderWithProviders(<RulesAdmin macros={sharedMacros} />, { user: admin });
    await screen.findByRole('row', { name: /VIP → urgent/ });
    const table = screen.getByRole('table');
    const names = within(table)
      .getAllByRole('rowheader')
      .map((cell) => cell.textContent);
    expect(names).toEqual(['VIP → urgent', 'Close stale waiting tickets']);
    const staleRow = screen.getByRole('row', { name: /Close stale waiting tickets/ });
    expect(staleRow).toHaveTextContent('Time-based (schedule)');
    expect(staleRow).toHaveTextContent('5');
    expect(screen.getByRole('row', { name: /VIP → urgent/ })).toHaveTextContent('Ticket created');

    const toggle = within(staleRow).getByRole('switch', {
      name: 'Close stale waiting tickets is active',
    });
    expect(toggle).not.toBeChecked();
    await user.click(toggle);
    await waitFor(() => expect(requests.some((r) => r.method === 'PATCH')).toBe(true));
    expect(requests.find((r) => r.method === 'PATCH')?.body).toEqual({ active: true });
    expect(await screen.findByText('“Close stale waiting tickets” is on.')).toBeInTheDocument();
    await waitFor(() =>
      expect(
        screen.getByRole('switch', { name: 'Close stale waiting tickets is active' }),
      ).toBeChecked(),
    );
  });

  it('creates a rule with "all" and "any" conditions and its actions in order', async () => {
    const { requests } = mockFetch({
      'GET /api/rules': () => json({ data: [] }),
      'POST /api/rules': () => json({ ...vip, name: 'Billing VIPs' }, 201),
    });
    const { user } = renderWithProviders(<RulesAdmin macros={sharedMacros} />, { user: admin });
    await screen.findByText('No rules yet.');

    await user.type(screen.getByLabelText(/^Name/), 'Billing VIPs');
    await user.selectOptions(screen.getByLabelText('When'), 'Reply or note added');

    // all: requester.email ends with @vip.test; priority is one of HIGH, URGENT
    const addButtons = () => screen.getAllByRole('button', { name: 'Add a condition' });
    await user.click(addButtons()[0]!);
    const all1 = screen.getByRole('group', { name: 'All condition 1' });
    await user.selectOptions(within(all1).getByLabelText('Field'), 'Requester email');
    await user.selectOptions(within(all1).getByLabelText('Operator'), 'ends with');
    await user.type(within(all1).getByLabelText('Value'), '@vip.test');
    await user.click(addButtons()[0]!);
    const all2 = screen.getByRole('group', { name: 'All condition 2' });
    await user.selectOptions(within(all2).getByLabelText('Field'), 'Priority');
    await user.selectOptions(within(all2).getByLabelText('Operator'), 'is one of');
    await user.type(within(all2).getByLabelText('Value'), 'HIGH, URGENT');

    // any: a custom field is empty; or the reply contains "refund"
    await user.click(addButtons()[1]!);
    const any1 = screen.getByRole('group', { name: 'Any condition 1' });
    await user.selectOptions(within(any1).getByLabelText('Field'), 'Custom field…');
    await user.type(within(any1).getByLabelText('Custom field key'), 'contract');
    await user.selectOptions(within(any1).getByLabelText('Operator'), 'is empty');
    expect(within(any1).queryByLabelText('Value')).toBeNull();
    await user.click(addButtons()[1]!);
    const any2 = screen.getByRole('group', { name: 'Any condition 2' });
    await user.selectOptions(within(any2).getByLabelText('Field'), 'Reply text');
    await user.selectOptions(within(any2).getByLabelText('Operator'), 'contains');
    await user.type(within(any2).getByLabelText('Value'), 'refund');

    // actions: priority URGENT (the default row), then a shared macro, an email, stop
    const first = screen.getByRole('group', { name: 'Action 1' });
    await user.selectOptions(within(first).getByLabelText('Value'), 'Urgent');
    await user.click(screen.getByRole('button', { name: 'Add an action' }));
    const second = screen.getByRole('group', { name: 'Action 2' });
    await user.selectOptions(within(second).getByLabelText('Type'), 'Apply a shared macro');
    await user.selectOptions(within(second).getByLabelText('Shared macro'), 'Close as solved');
    await user.click(screen.getByRole('button', { name: 'Add an action' }));
    const third = screen.getByRole('group', { name: 'Action 3' });
    await user.selectOptions(within(third).getByLabelText('Type'), 'Send an email');
    await user.type(within(third).getByLabelText(/^Send to/), 'oncall@acme.test, lead@acme.test');
    await user.type(within(third).getByLabelText('Subject'), '{{{{ticket.reference}} is urgent');
    await user.type(within(third).getByLabelText('Email text'), 'A VIP wrote.');
    await user.click(screen.getByRole('button', { name: 'Add an action' }));
    const fourth = screen.getByRole('group', { name: 'Action 4' });
    await user.selectOptions(within(fourth).getByLabelText('Type'), 'Stop processing later rules');
    // a rule has no "whoever applies it"
    await user.selectOptions(within(fourth).getByLabelText('Type'), 'Assign');
    expect(
      within(within(fourth).getByLabelText('Assign to')).queryByRole('option', {
        name: 'Whoever applies it',
      }),
    ).toBeNull();
    await user.selectOptions(within(fourth).getByLabelText('Type'), 'Stop processing later rules');

    await user.type(screen.getByLabelText('Position'), '3');
    await user.click(screen.getByRole('button', { name: 'Create rule' }));
    await waitFor(() => expect(requests.some((r) => r.method === 'POST')).toBe(true));
    expect(requests.find((r) => r.method === 'POST')?.body).toEqual({
      name: 'Billing VIPs',
      event: 'ticket.response_added',
      active: false,
      position: 3,
      conditions: {
        all: [
          { field: 'requester.email', operator: 'ends_with', value: '@vip.test' },
          { field: 'ticket.priority', operator: 'in', value: ['HIGH', 'URGENT'] },
        ],
        any: [
          { field: 'ticket.customFields.contract', operator: 'is_empty' },
          { field: 'response.content', operator: 'contains', value: 'refund' },
        ],
      },
      actions: [
        { type: 'set_priority', value: 'URGENT' },
        { type: 'apply_macro', macroId: sharedMacros[0]!.id },
        {
          type: 'notify_email',
          to: ['oncall@acme.test', 'lead@acme.test'],
          subject: '{{ticket.reference}} is urgent',
          content: 'A VIP wrote.',
        },
        { type: 'stop' },
      ],
    });
    expect(await screen.findByText('Rule created.')).toBeInTheDocument();
  }, 20_000); // many fields typed one key at a time: slow on a loaded machine

  it("shows the server's message under the condition value it names (conditions.all.0.value)", async () => {
    const message = 'greater_than takes a number';
    mockFetch({
      'GET /api/rules': () => json({ data: [] }),
      'POST /api/rules': () =>
        problemJson({
          type: 'https://docket.dev/problems/validation',
          title: 'Validation failed',
          status: 400,
          code: 'validation_failed',
          errors: [{ path: 'conditions.all.0.value', message }],
        }),
    });
    const { user } = renderWithProviders(<RulesAdmin macros={[]} />, { user: admin });
    await screen.findByText('No rules yet.');
    await user.type(screen.getByLabelText(/^Name/), 'Waiting too long');
    await user.selectOptions(screen.getByLabelText('When'), 'Time-based (schedule)');
    await user.click(screen.getAllByRole('button', { name: 'Add a condition' })[0]!);
    const all1 = screen.getByRole('group', { name: 'All condition 1' });
    await user.selectOptions(within(all1).getByLabelText('Field'), 'Hours in the current status');
    await user.selectOptions(within(all1).getByLabelText('Operator'), 'greater than');
    await user.type(within(all1).getByLabelText('Value'), '48');
    await user.click(screen.getByRole('button', { name: 'Create rule' }));

    const value = within(all1).getByLabelText('Value');
    await waitFor(() => expect(value).toHaveAttribute('aria-invalid', 'true'));
    expect(value).toHaveAccessibleDescription(expect.stringContaining(message));
    expect(within(all1).getByLabelText('Field')).not.toHaveAttribute('aria-invalid');
    expect(screen.getByLabelText(/^Name/)).not.toHaveAttribute('aria-invalid');
  });

  it('deletes a rule after confirmation', async () => {
    let rules = [vip];
    const { requests } = mockFetch({
      'GET /api/rules': () => json({ data: rules }),
      [`DELETE /api/rules/${vip.id}`]: () => {
        rules = [];
        return new Response(null, { status: 204 });
      },
    });
    const { user } = renderWithProviders(<RulesAdmin macros={[]} />, { user: admin });
    const row = await screen.findByRole('row', { name: /VIP → urgent/ });
    await user.click(within(row).getByRole('button', { name: 'Delete VIP → urgent' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete the rule “VIP → urgent”?' });
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(requests.some((r) => r.method === 'DELETE')).toBe(true));
    expect(await screen.findByText('No rules yet.')).toBeInTheDocument();
  });
});
