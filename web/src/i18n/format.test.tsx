import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { DateTime } from '@/components/ui/date-time';
import { agent } from '@/testing/fixtures';
import { renderWithProviders } from '@/testing/test-utils';
import { formatDateTime } from './format';

describe('formatDateTime', () => {
  const instant = '2026-12-03T19:30:00.000Z';

  it('shows the instant on the wall clock of the zone given, labelled with the zone', () => {
    expect(formatDateTime(instant, { language: 'en-US', timeZone: 'America/Toronto' })).toBe(
      'Dec 3, 2026, 2:30 PM EST',
    );
    expect(formatDateTime(instant, { language: 'en-US', timeZone: 'UTC' })).toBe(
      'Dec 3, 2026, 7:30 PM UTC',
    );
    // A zone without an abbreviation in the language is labelled with its offset.
    expect(formatDateTime(instant, { language: 'en-US', timeZone: 'Asia/Kolkata' })).toBe(
      'Dec 4, 2026, 1:00 AM GMT+5:30',
    );
  });

  it('labels in the language given', () => {
    const shown = formatDateTime(instant, { language: 'fr-CA', timeZone: 'America/Montreal' });
    expect(shown).toMatch(/^3 déc\. 2026/);
    expect(shown).toMatch(/14 h 30/);
    expect(shown).toMatch(/HNE$/);
  });

  it('follows daylight saving time: the same wall time, another offset and label', () => {
    // 14:00 UTC: 9:00 EST on the last day of winter time, 10:00 EDT on the first day of summer time.
    expect(
      formatDateTime('2026-03-07T14:00:00.000Z', {
        language: 'en-US',
        timeZone: 'America/New_York',
      }),
    ).toBe('Mar 7, 2026, 9:00 AM EST');
    expect(
      formatDateTime('2026-03-08T14:00:00.000Z', {
        language: 'en-US',
        timeZone: 'America/New_York',
      }),
    ).toBe('Mar 8, 2026, 10:00 AM EDT');
    // The night the clocks go back in Paris: 00:30 and 01:30 UTC are both 2:30 on the wall.
    const paris = (iso: string) =>
      formatDateTime(iso, { language: 'en-GB', timeZone: 'Europe/Paris' });
    expect(paris('2026-10-25T00:30:00.000Z')).toBe('25 Oct 2026, 02:30 CEST');
    expect(paris('2026-10-25T01:30:00.000Z')).toBe('25 Oct 2026, 02:30 CET');
  });

  it('takes the day in the zone for dates without a time, unlabelled', () => {
    const late = '2026-12-04T03:00:00.000Z';
    expect(formatDateTime(late, { language: 'en-US', timeZone: 'UTC', style: 'date' })).toBe(
      'Dec 4, 2026',
    );
    expect(
      formatDateTime(late, { language: 'en-US', timeZone: 'America/Vancouver', style: 'date' }),
    ).toBe('Dec 3, 2026');
  });

  it('falls back to UTC, labelled, for a zone the browser does not know; keeps a bad instant', () => {
    expect(formatDateTime(instant, { language: 'en-US', timeZone: 'Mars/Olympus_Mons' })).toBe(
      'Dec 3, 2026, 7:30 PM UTC',
    );
    expect(formatDateTime('not a date', { language: 'en-US', timeZone: 'UTC' })).toBe('not a date');
  });
});

describe('<DateTime> (useDateTimeFormat)', () => {
  const instant = '2026-12-03T19:30:00.000Z';

  it("uses the signed-in person's profile time zone and names it", async () => {
    renderWithProviders(<DateTime value={instant} />, {
      user: { ...agent, timeZone: 'America/Toronto' },
    });
    const time = await screen.findByText(/2026/);
    expect(time).toHaveAttribute('datetime', instant);
    expect(time.textContent).toMatch(/2:30\sPM EST$/);
  });

  it("uses the browser's time zone, named, when no one is signed in (the public tracker)", async () => {
    renderWithProviders(<DateTime value={instant} />);
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const expected = formatDateTime(instant, { language: 'en', timeZone: zone });
    expect((await screen.findByText(/2026/)).textContent).toBe(expected);
    expect(expected).toMatch(/[AP]M \S+$/);
  });
});
