import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeTicket } from '@/testing/fixtures';
import { json, mockFetch, problemJson } from '@/testing/mock-fetch';
import { renderWithProviders } from '@/testing/test-utils';
import { CustomFieldsPanel } from './custom-fields-panel';

const definition = (key: string, type: string, label: { en: string; fr: string }, extra = {}) => ({
  id: `00000000-0000-4000-8000-0000000f${key.length.toString().padStart(4, '0')}`,
  key,
  label,
  type,
  options: [],
  required: false,
  customerVisible: false,
  customerEditable: false,
  position: 0,
  createdAt: '2026-03-01T00:00:00.000Z',
  updatedAt: '2026-03-01T00:00:00.000Z',
  ...extra,
});

const FIELDS = {
  data: [
    definition('plan', 'select', { en: 'Plan', fr: 'Forfait' }, { options: ['free', 'pro'] }),
    definition('seats', 'number', { en: 'Seats', fr: 'Places' }),
  ],
};

describe('CustomFieldsPanel', () => {
  it('shows each field in the viewer’s language and saves only the changed ones', async () => {
    const ticket = makeTicket({ customFields: { plan: 'free', seats: 3 } });
    const { requests } = mockFetch({
      'GET /api/custom-fields': () => json(FIELDS),
      [`PATCH /api/tickets/${ticket.id}`]: ({ body }) =>
        json({
          ...ticket,
          customFields: {
            ...ticket.customFields,
            ...(body as { customFields: object }).customFields,
          },
          version: 2,
        }),
    });
    const { user } = renderWithProviders(
      <CustomFieldsPanel ticket={ticket} detailId={ticket.id} />,
      { language: 'fr-CA' },
    );
    expect(await screen.findByText('Forfait')).toBeInTheDocument();
    expect(screen.getByText('Places')).toBeInTheDocument();
    expect(screen.getByText('free')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Modifier' }));
    await user.selectOptions(screen.getByLabelText('Forfait'), 'pro');
    await user.click(screen.getByRole('button', { name: 'Enregistrer' }));

    const patch = requests.find((r) => r.method === 'PATCH');
    expect(patch?.body).toEqual({ customFields: { plan: 'pro' } });
  });

  it('shows the server’s error under the field it names', async () => {
    const ticket = makeTicket({ customFields: {} });
    mockFetch({
      'GET /api/custom-fields': () => json(FIELDS),
      [`PATCH /api/tickets/${ticket.id}`]: () =>
        problemJson({
          status: 400,
          code: 'validation_failed',
          title: 'Validation failed',
          detail: 'Some custom fields are not valid',
          errors: [{ path: 'customFields.seats', message: 'must be a finite number' }],
        }),
    });
    const { user } = renderWithProviders(
      <CustomFieldsPanel ticket={ticket} detailId={ticket.id} />,
    );
    await user.click(await screen.findByRole('button', { name: 'Edit' }));
    await user.type(screen.getByLabelText('Seats'), '12');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    const field = (await screen.findByText('must be a finite number')).closest('.field');
    expect(field).not.toBeNull();
    expect(within(field as HTMLElement).getByLabelText('Seats')).toBeInTheDocument();
  });
});
