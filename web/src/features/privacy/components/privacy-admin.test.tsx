import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { User } from '@docket/server/contract/auth';
import { agent } from '@/testing/fixtures';
import { json, mockFetch, problemJson } from '@/testing/mock-fetch';
import { renderWithProviders } from '@/testing/test-utils';
import { PrivacyAdmin } from './privacy-admin';

const admin: User = { ...agent, id: '00000000-0000-4000-8000-00000000ad01', role: 'ADMIN' };
const retention = { closedTicketsMonths: null, action: 'erase', lastRunAt: null };

describe('PrivacyAdmin', () => {
  it('erases only once the email is typed twice, and shows the pseudonym', async () => {
    const { requests } = mockFetch({
      'GET /api/data-subjects/retention': () => json(retention),
      'POST /api/data-subjects/erase': () =>
        json({
          userId: '00000000-0000-4000-8000-0000000b0b01',
          pseudonym: {
            name: 'Erased person 0000',
            email: 'erased-00000000-0000-4000-8000-0000000b0b01@erased.invalid',
          },
          counts: { tickets: 3, responses: 9, attachments: 1 },
        }),
    });
    const { user } = renderWithProviders(<PrivacyAdmin />, { user: admin });
    const card = screen.getByRole('region', { name: "Erase a person's data" });
    const submit = within(card).getByRole('button', { name: 'Erase for good' });
    await user.type(within(card).getByLabelText(/^Email of the person/), 'bob@example.test');
    expect(submit).toBeDisabled();
    await user.type(within(card).getByLabelText(/^Type the email again/), 'BOB@example.test');
    expect(submit).toBeEnabled();
    await user.click(submit);
    expect(await within(card).findByText(/Erased person 0000/)).toBeInTheDocument();
    expect(requests.find((r) => r.method === 'POST')?.body).toEqual({
      email: 'bob@example.test',
      confirm: true,
    });
  });

  it('shows the server’s 404 when nobody has the email', async () => {
    mockFetch({
      'GET /api/data-subjects/retention': () => json(retention),
      'POST /api/data-subjects/export': () =>
        problemJson({
          status: 404,
          title: 'Not Found',
          code: 'not_found',
          detail: 'Person not found',
        }),
    });
    const { user } = renderWithProviders(<PrivacyAdmin />, { user: admin });
    const card = screen.getByRole('region', { name: "Export a person's data" });
    await user.type(within(card).getByLabelText(/^Email of the person/), 'nobody@example.test');
    await user.click(within(card).getByRole('button', { name: 'Download export' }));
    expect(await within(card).findByRole('alert')).toHaveTextContent('Person not found');
  });
});
