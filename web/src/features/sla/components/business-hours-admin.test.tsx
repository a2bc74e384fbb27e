import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { User } from '@docket/server/contract/auth';
import type { BusinessHours } from '@docket/server/contract/sla';
import { agent } from '@/testing/fixtures';
import { json, mockFetch, problemJson } from '@/testing/mock-fetch';
import '@/testing/radix-polyfills';
import { renderWithProviders } from '@/testing/test-utils';
import { BusinessHoursAdmin } from './business-hours-admin';

const admin: User = { ...agent, id: '00000000-0000-4000-8000-00000000ad01', role: 'ADMIN' };

const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;

function schedule(overrides: Partial<BusinessHours> = {}): BusinessHours {
  return {
    id: '3f6c1a2b-4d5e-4f70-8a9b-0c1d2e3f4a5b',
    name: 'Toronto office',
    timeZone: 'America/Toronto',
    intervals: weekdays.flatMap((day) => [
      { day, start: '09:00', end: '12:00' },
      { day, start: '13:00', end: '17:00' },
    ]),
    holidays: [{ date: '2026-12-25', name: 'Christmas Day' }],
    createdAt: '2026-11-01T09:00:00.000Z',
    updatedAt: '2026-11-01T09:00:00.000Z',
    ...overrides,
  };
}

const weekend = schedule({
  id: '4a7d2b3c-5e6f-4a81-9bac-1d2e3f4a5b6c',
  name: 'Paris weekend',
  timeZone: 'Europe/Paris',
  intervals: [
    { day: 'sat', start: '10:00', end: '14:00' },
    { day: 'sun', start: '10:00', end: '14:00' },
    { day: 'wed', start: '08:00', end: '24:00' },
  ],
  holidays: [
    { date: '2026-12-25', name: 'Noël' },
    { date: '2027-01-01', name: 'Jour de l’an' },
  ],
});

describe('BusinessHoursAdmin', () => {
  it('lists each schedule with a one-line summary of its hours, zone and holidays', async () => {
    mockFetch({ 'GET /api/business-hours': () => json({ data: [schedule(), weekend] }) });
    renderWithProviders(<BusinessHoursAdmin />, { user: admin });

    const toronto = await screen.findByRole('row', { name: /Toronto office/ });
    expect(toronto).toHaveTextContent(
      'Mon–Fri 09:00–12:00, 13:00–17:00 · America/Toronto · 1 holiday',
    );
    // Wednesday breaks nothing (it is alone); Saturday and Sunday are two days, not a range.
    expect(screen.getByRole('row', { name: /Paris weekend/ })).toHaveTextContent(
      'Wed 08:00–24:00; Sat, Sun 10:00–14:00 · Europe/Paris · 2 holidays',
    );
  });

  it(
    'creates a schedule with several intervals a day and a holiday',
    { timeout: 20_000 },
    async () => {
      let schedules: BusinessHours[] = [];
      const created = schedule({
        name: 'Support',
        intervals: [
          { day: 'mon', start: '09:00', end: '12:00' },
          { day: 'mon', start: '13:00', end: '17:00' },
          { day: 'tue', start: '09:00', end: '17:00' },
        ],
      });
      const { requests } = mockFetch({
        'GET /api/business-hours': () => json({ data: schedules }),
        'POST /api/business-hours': () => {
          schedules = [created];
          return json(created, 201);
        },
      });
      const { user } = renderWithProviders(<BusinessHoursAdmin />, { user: admin });
      expect(await screen.findByText(/No business hours yet/)).toBeInTheDocument();

      await user.type(screen.getByLabelText(/^Name/), 'Support');
      const zone = screen.getByLabelText(/^Time zone/);
      await user.clear(zone);
      await user.type(zone, 'America/Toronto');

      // A new schedule starts Mon–Fri 09:00–17:00: split Monday, close Wednesday to Friday.
      await user.click(screen.getByRole('button', { name: 'Add hours on Monday' }));
      const mondayEnd = screen.getByLabelText('Monday, interval 1: closes');
      await user.clear(mondayEnd);
      await user.type(mondayEnd, '12:00');
      const secondStart = screen.getByLabelText('Monday, interval 2: opens');
      await user.clear(secondStart);
      await user.type(secondStart, '13:00');
      await user.clear(screen.getByLabelText('Monday, interval 2: closes'));
      await user.type(screen.getByLabelText('Monday, interval 2: closes'), '17:00');
      for (const day of ['Wednesday', 'Thursday', 'Friday']) {
        await user.click(screen.getByRole('button', { name: `Remove ${day} interval 1` }));
      }
      expect(
        within(screen.getByRole('group', { name: 'Friday' })).getByText('Closed'),
      ).toBeVisible();

      await user.click(screen.getByRole('button', { name: 'Add a holiday' }));
      await user.type(screen.getByLabelText('Holiday 1: date'), '2026-12-25');
      await user.type(screen.getByLabelText('Holiday 1: name'), 'Christmas Day');
      await user.click(screen.getByRole('button', { name: 'Create business hours' }));

      expect(await screen.findByRole('row', { name: /Support/ })).toHaveTextContent(
        'Mon 09:00–12:00, 13:00–17:00; Tue 09:00–17:00 · America/Toronto · 1 holiday',
      );
      expect(requests.find((r) => r.method === 'POST')?.body).toEqual({
        name: 'Support',
        timeZone: 'America/Toronto',
        intervals: [
          { day: 'mon', start: '09:00', end: '12:00' },
          { day: 'mon', start: '13:00', end: '17:00' },
          { day: 'tue', start: '09:00', end: '17:00' },
        ],
        holidays: [{ date: '2026-12-25', name: 'Christmas Day' }],
      });
      // The form is ready for the next schedule.
      expect(screen.getByLabelText(/^Name/)).toHaveValue('');
      expect(screen.queryByLabelText('Holiday 1: date')).toBeNull();
    },
  );

  it(
    'checks the hours before sending: an interval that closes before it opens',
    { timeout: 20_000 },
    async () => {
      const { requests } = mockFetch({ 'GET /api/business-hours': () => json({ data: [] }) });
      const { user } = renderWithProviders(<BusinessHoursAdmin />, { user: admin });
      await screen.findByText(/No business hours yet/);
      await user.type(screen.getByLabelText(/^Name/), 'Support');
      const tuesdayEnd = screen.getByLabelText('Tuesday, interval 1: closes');
      await user.clear(tuesdayEnd);
      await user.type(tuesdayEnd, '08:00');
      await user.click(screen.getByRole('button', { name: 'Create business hours' }));

      await waitFor(() =>
        expect(tuesdayEnd).toHaveAccessibleDescription('The interval must close after it opens.'),
      );
      expect(tuesdayEnd).toHaveAttribute('aria-invalid', 'true');
      expect(requests.some((r) => r.method === 'POST')).toBe(false);
    },
  );

  it('shows the server’s 400 on the field its path names', { timeout: 20_000 }, async () => {
    mockFetch({
      'GET /api/business-hours': () => json({ data: [] }),
      'POST /api/business-hours': () =>
        problemJson({
          status: 400,
          title: 'Bad Request',
          code: 'validation_failed',
          errors: [{ path: 'intervals.1', message: 'overlaps intervals.0 on mon' }],
        }),
    });
    const { user } = renderWithProviders(<BusinessHoursAdmin />, { user: admin });
    await screen.findByText(/No business hours yet/);
    await user.type(screen.getByLabelText(/^Name/), 'Support');
    await user.click(screen.getByRole('button', { name: 'Add hours on Monday' }));
    const start = screen.getByLabelText('Monday, interval 2: opens');
    await user.clear(start);
    await user.type(start, '10:00');
    const end = screen.getByLabelText('Monday, interval 2: closes');
    await user.clear(end);
    await user.type(end, '18:00');
    await user.click(screen.getByRole('button', { name: 'Create business hours' }));

    await waitFor(() => expect(end).toHaveAttribute('aria-invalid', 'true'));
    expect(end).toHaveAccessibleDescription('overlaps intervals.0 on mon');
    expect(screen.getByLabelText('Monday, interval 1: closes')).not.toHaveAttribute('aria-invalid');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('edits a schedule with a PATCH of every field', { timeout: 20_000 }, async () => {
    let schedules = [schedule()];
    const { requests } = mockFetch({
      'GET /api/business-hours': () => json({ data: schedules }),
      [`PATCH /api/business-hours/${schedule().id}`]: () => {
        schedules = [schedule({ name: 'Toronto HQ', holidays: [] })];
        return json(schedules[0]);
      },
    });
    const { user } = renderWithProviders(<BusinessHoursAdmin />, { user: admin });
    await user.click(await screen.findByRole('button', { name: 'Edit Toronto office' }));
    expect(screen.getByRole('heading', { name: 'Edit Toronto office' })).toBeInTheDocument();
    expect(screen.getByLabelText('Friday, interval 2: opens')).toHaveValue('13:00');
    const name = screen.getByLabelText(/^Name/);
    await user.clear(name);
    await user.type(name, 'Toronto HQ');
    await user.click(screen.getByRole('button', { name: 'Remove holiday 1' }));
    await user.click(screen.getByRole('button', { name: 'Save changes' }));

    await waitFor(() =>
      expect(requests.find((r) => r.method === 'PATCH')?.body).toEqual({
        name: 'Toronto HQ',
        timeZone: 'America/Toronto',
        intervals: schedule().intervals,
        holidays: [],
      }),
    );
    expect(await screen.findByRole('row', { name: /Toronto HQ/ })).not.toHaveTextContent('holiday');
    expect(screen.getByRole('heading', { name: 'New business hours' })).toBeInTheDocument();
  });

  it('shows the 409 of a schedule a policy uses in the delete dialog', async () => {
    const { requests } = mockFetch({
      'GET /api/business-hours': () => json({ data: [schedule()] }),
      [`DELETE /api/business-hours/${schedule().id}`]: () =>
        problemJson({
          status: 409,
          title: 'Conflict',
          code: 'business_hours_in_use',
          detail: 'The SLA policy "Gold" uses these business hours',
        }),
    });
    const { user } = renderWithProviders(<BusinessHoursAdmin />, { user: admin });
    await user.click(await screen.findByRole('button', { name: 'Delete Toronto office' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete Toronto office?' });
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));

    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'The SLA policy "Gold" uses these business hours',
    );
    expect(requests.filter((r) => r.method === 'DELETE')).toHaveLength(1);
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.getByRole('row', { name: /Toronto office/ })).toBeInTheDocument();
  });
});
