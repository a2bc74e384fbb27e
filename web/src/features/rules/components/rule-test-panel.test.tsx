import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { User } from '@docket/server/contract/auth';
import type { Rule, RuleTestResult } from '@docket/server/contract/rules';
import { agent } from '@/testing/fixtures';
import { json, mockFetch } from '@/testing/mock-fetch';
import '@/testing/radix-polyfills';
import { renderWithProviders } from '@/testing/test-utils';
import { RulesAdmin } from './rules-page';

const admin: User = { ...agent, id: '00000000-0000-4000-8000-00000000ad01', role: 'ADMIN' };

const rule: Rule = {
  id: '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  name: 'VIP → urgent',
  position: 0,
  active: false,
  event: 'ticket.created',
  conditions: { all: [{ field: 'requester.domain', operator: 'is', value: 'vip.test' }], any: [] },
  actions: [
    { type: 'set_priority', value: 'URGENT' },
    { type: 'reply', content: 'Hi {{requester.firstName}}, on it.', isInternal: false },
  ],
  createdAt: '2026-11-01T09:00:00.000Z',
  updatedAt: '2026-11-01T09:00:00.000Z',
};

const result: RuleTestResult = {
  evaluated: 2,
  matched: 1,
  results: [
    {
      ticket: {
        id: '00000000-0000-4000-8000-0000000000a1',
        reference: 'TKT-00042',
        subject: 'Invoice is wrong',
      },
      matches: true,
      reason: 'requester.domain is "vip.test"',
      effect: {
        changes: { priority: { before: 'MEDIUM', after: 'URGENT' } },
        reply: { content: 'Hi Vera, on it.', isInternal: false },
        notified: [],
        webhook: false,
        stop: false,
      },
      error: null,
    },
    {
      ticket: {
        id: '00000000-0000-4000-8000-0000000000a2',
        reference: 'TKT-00043',
        subject: 'Printer jammed',
      },
      matches: false,
      reason: 'not requester.domain is "vip.test"',
      effect: null,
      error: null,
    },
  ],
};

describe('RuleTestPanel', () => {
  it('tests a rule with a filter and shows the matched ticket and its changes', async () => {
    const { requests } = mockFetch({
      'GET /api/rules': () => json({ data: [rule] }),
      [`POST /api/rules/${rule.id}/test`]: () => json(result),
    });
    const { user } = renderWithProviders(<RulesAdmin macros={[]} />, { user: admin });
    const row = await screen.findByRole('row', { name: /VIP → urgent/ });
    await user.click(within(row).getByRole('button', { name: 'Test VIP → urgent' }));

    const panel = screen.getByRole('region', { name: 'Test “VIP → urgent”' });
    expect(panel).toHaveTextContent('A dry run: nothing is written');
    await user.selectOptions(within(panel).getByLabelText('Status'), 'Open');
    await user.type(within(panel).getByLabelText('Tag'), 'billing');
    await user.click(within(panel).getByRole('button', { name: 'Run the test' }));

    expect(await within(panel).findByText('2 tickets evaluated, 1 matched.')).toBeInTheDocument();
    expect(requests.find((r) => r.method === 'POST')?.body).toEqual({
      filter: { status: 'OPEN', tags: 'billing' },
    });
    const matched = within(panel).getByRole('listitem', { name: 'TKT-00042 Invoice is wrong' });
    expect(matched).toHaveTextContent('Matches');
    expect(matched).toHaveTextContent('Why: requester.domain is "vip.test"');
    expect(matched).toHaveTextContent('Priority: Medium → Urgent');
    expect(matched).toHaveTextContent('Would reply');
    expect(matched).toHaveTextContent('Hi Vera, on it.');
    const other = within(panel).getByRole('listitem', { name: 'TKT-00043 Printer jammed' });
    expect(other).toHaveTextContent('Does not match');
    expect(other).not.toHaveTextContent('Would change');
  });

  it('tests tickets given by reference', async () => {
    const { requests } = mockFetch({
      'GET /api/rules': () => json({ data: [rule] }),
      [`POST /api/rules/${rule.id}/test`]: () =>
        json({ ...result, evaluated: 1, matched: 1, results: [result.results[0]] }),
    });
    const { user } = renderWithProviders(<RulesAdmin macros={[]} />, { user: admin });
    const row = await screen.findByRole('row', { name: /VIP → urgent/ });
    await user.click(within(row).getByRole('button', { name: 'Test VIP → urgent' }));
    const panel = screen.getByRole('region', { name: 'Test “VIP → urgent”' });
    await user.click(within(panel).getByRole('radio', { name: 'By reference or id' }));
    await user.type(within(panel).getByLabelText('Ticket references or ids'), 'TKT-00042, 42 ,');
    await user.click(within(panel).getByRole('button', { name: 'Run the test' }));
    await waitFor(() => expect(requests.some((r) => r.method === 'POST')).toBe(true));
    expect(requests.find((r) => r.method === 'POST')?.body).toEqual({
      ticketIds: ['TKT-00042', '42'],
    });
    expect(await within(panel).findByText('1 ticket evaluated, 1 matched.')).toBeInTheDocument();
  });
});
