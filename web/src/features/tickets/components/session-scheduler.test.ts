import { describe, expect, it } from 'vitest';
import { toScheduleSessionBody, type SessionFormValues } from './session-scheduler';

const base: SessionFormValues = {
  mode: 'video',
  date: '2026-12-01',
  time: '15:00',
  duration: '45',
  linkChoice: 'generate',
  link: '',
};

describe('toScheduleSessionBody', () => {
  it("reads the time in the agent's zone and leaves the link out to have one generated", () => {
    expect(toScheduleSessionBody(base, 'America/Toronto')).toEqual({
      body: { mode: 'video', scheduledAt: '2026-12-01T20:00:00.000Z', durationMinutes: 45 },
    });
  });

  it('sends a pasted https link, and refuses anything else with the API schema', () => {
    expect(
      toScheduleSessionBody(
        { ...base, linkChoice: 'paste', link: ' https://meet.example.test/room-7 ' },
        'UTC',
      ),
    ).toEqual({
      body: {
        mode: 'video',
        scheduledAt: '2026-12-01T15:00:00.000Z',
        durationMinutes: 45,
        meetingLink: 'https://meet.example.test/room-7',
      },
    });
    expect(
      toScheduleSessionBody({ ...base, linkChoice: 'paste', link: 'http://plain.test' }, 'UTC'),
    ).toEqual({ errors: { meetingLink: 'linkInvalid' } });
    // In person: no generated link, the pasted one (here none) is all there is.
    expect(
      toScheduleSessionBody({ ...base, mode: 'in_person', linkChoice: 'generate' }, 'UTC'),
    ).toEqual({
      body: { mode: 'in_person', scheduledAt: '2026-12-01T15:00:00.000Z', durationMinutes: 45 },
    });
  });

  it('names the field at fault', () => {
    expect(toScheduleSessionBody({ ...base, date: '' }, 'UTC')).toEqual({
      errors: { scheduledAt: 'dateRequired' },
    });
    expect(toScheduleSessionBody({ ...base, duration: '600' }, 'UTC')).toEqual({
      errors: { durationMinutes: 'durationInvalid' },
    });
  });

  it('repeats every N weeks, M times, within the API bounds (docs/product.md "Sessions")', () => {
    expect(
      toScheduleSessionBody({ ...base, repeat: true, interval: '2', count: '6' }, 'UTC'),
    ).toEqual({
      body: {
        mode: 'video',
        scheduledAt: '2026-12-01T15:00:00.000Z',
        durationMinutes: 45,
        recurrence: { interval: 2, count: 6 },
      },
    });
    // Unticked, the numbers are ignored: a one-off session.
    expect(
      toScheduleSessionBody({ ...base, repeat: false, interval: '2', count: '6' }, 'UTC'),
    ).not.toHaveProperty('body.recurrence');
    for (const [interval, count] of [
      ['13', '4'],
      ['1', '1'],
      ['1', '53'],
      ['', '4'],
    ]) {
      expect(toScheduleSessionBody({ ...base, repeat: true, interval, count }, 'UTC')).toEqual({
        errors: { recurrence: 'recurrenceInvalid' },
      });
    }
  });
});
