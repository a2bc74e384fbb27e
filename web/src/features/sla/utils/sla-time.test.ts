import { describe, expect, it } from 'vitest';
import { createTestI18n } from '@/testing/i18n';
import {
  formatSlaDuration,
  formatSlaInstant,
  slaDurationParts,
  slaSummaryView,
  targetSecondsLeft,
  targetTone,
  type SlaDurationUnits,
} from './sla-time';
import { SLA_NOW, slaAt, makeSlaTarget, makeTicketSla } from '@/testing/sla-fixtures';

const NOW = SLA_NOW;
const at = slaAt;

function unitsOf(language: 'en' | 'fr-CA'): SlaDurationUnits {
  const { t } = createTestI18n(language);
  return {
    day: (value) => t('slaTicket.duration.day', { value }),
    hour: (value) => t('slaTicket.duration.hour', { value }),
    minute: (value) => t('slaTicket.duration.minute', { value }),
    lessThanMinute: t('slaTicket.duration.lessThanMinute'),
  };
}

const target = makeSlaTarget;

const sla = makeTicketSla;

describe('slaDurationParts', () => {
  it('rounds under an hour to whole minutes', () => {
    expect(slaDurationParts(0)).toEqual({ days: 0, hours: 0, minutes: 0 });
    expect(slaDurationParts(89)).toEqual({ days: 0, hours: 0, minutes: 1 });
    expect(slaDurationParts(91)).toEqual({ days: 0, hours: 0, minutes: 2 });
    expect(slaDurationParts(59 * 60 + 20)).toEqual({ days: 0, hours: 0, minutes: 59 });
  });

  it('gives hours and minutes under a day, rounding up into the next unit', () => {
    expect(slaDurationParts(59 * 60 + 40)).toEqual({ days: 0, hours: 1, minutes: 0 });
    expect(slaDurationParts(80 * 60)).toEqual({ days: 0, hours: 1, minutes: 20 });
    expect(slaDurationParts(23 * 3600 + 59 * 60)).toEqual({ days: 0, hours: 23, minutes: 59 });
    expect(slaDurationParts(23 * 3600 + 59 * 60 + 50)).toEqual({ days: 1, hours: 0, minutes: 0 });
  });

  it('gives days and hours from a day on, dropping minutes', () => {
    expect(slaDurationParts(2 * 86_400 + 3 * 3600 + 25 * 60)).toEqual({
      days: 2,
      hours: 3,
      minutes: 0,
    });
    expect(slaDurationParts(2 * 86_400 + 3 * 3600 + 31 * 60)).toEqual({
      days: 2,
      hours: 4,
      minutes: 0,
    });
    expect(slaDurationParts(2 * 86_400 + 23 * 3600 + 40 * 60)).toEqual({
      days: 3,
      hours: 0,
      minutes: 0,
    });
  });

  it('ignores the sign: an overdue target reads like one due', () => {
    expect(slaDurationParts(-3 * 3600)).toEqual(slaDurationParts(3 * 3600));
  });
});

describe('formatSlaDuration', () => {
  const en = unitsOf('en');
  const fr = unitsOf('fr-CA');

  it('writes compact English units, leaving zero parts out', () => {
    expect(formatSlaDuration(80 * 60, 'en', en)).toBe('1 h 20 min');
    expect(formatSlaDuration(2 * 86_400 + 3 * 3600, 'en', en)).toBe('2 d 3 h');
    expect(formatSlaDuration(2 * 3600, 'en', en)).toBe('2 h');
    expect(formatSlaDuration(3 * 86_400, 'en', en)).toBe('3 d');
    expect(formatSlaDuration(45 * 60, 'en', en)).toBe('45 min');
    expect(formatSlaDuration(-3 * 3600, 'en', en)).toBe('3 h');
    expect(formatSlaDuration(20, 'en', en)).toBe('less than 1 min');
  });

  it('writes Canadian French units and numbers', () => {
    expect(formatSlaDuration(80 * 60, 'fr-CA', fr)).toBe('1 h 20 min');
    expect(formatSlaDuration(2 * 86_400 + 3 * 3600, 'fr-CA', fr)).toBe('2 j 3 h');
    // Intl groups French thousands with a (narrow or plain) no-break space, never a comma.
    expect(formatSlaDuration(1234 * 86_400, 'fr-CA', fr)).toMatch(/^1[\u00a0\u202f]234 j$/);
    expect(formatSlaDuration(1234 * 86_400, 'en', en)).toBe('1,234 d');
  });
});

describe('slaSummaryView', () => {
  it('is nothing without an SLA or once every target is met', () => {
    expect(slaSummaryView(null, NOW)).toBeNull();
    expect(slaSummaryView(undefined, NOW)).toBeNull();
    expect(
      slaSummaryView(sla({ state: 'met', nextDueAt: null, nextMetric: null }), NOW),
    ).toBeNull();
  });

  it('says paused when every unfulfilled target is paused', () => {
    expect(slaSummaryView(sla({ state: 'paused', nextDueAt: null }), NOW)).toEqual({
      tone: 'paused',
    });
  });

  it('counts down to the nearest target while on track', () => {
    expect(slaSummaryView(sla(), NOW)).toEqual({
      tone: 'on_track',
      metric: 'first_response',
      seconds: 80 * 60,
    });
  });

  it('turns at risk once past the warning time, even if listed on track', () => {
    const view = slaSummaryView(sla({ targets: [target({ warnAt: at(-1) })] }), NOW);
    expect(view).toMatchObject({ tone: 'at_risk', seconds: 80 * 60 });
    expect(slaSummaryView(sla({ state: 'at_risk' }), NOW)).toMatchObject({ tone: 'at_risk' });
  });

  it('turns breached with negative seconds once past due', () => {
    const overdue = sla({
      state: 'breached',
      nextDueAt: at(-180),
      targets: [target({ state: 'breached', dueAt: at(-180), breachedAt: at(-180) })],
    });
    expect(slaSummaryView(overdue, NOW)).toEqual({
      tone: 'breached',
      metric: 'first_response',
      seconds: -180 * 60,
    });
    // Listed on track a minute before due, shown three minutes later: overdue by two.
    expect(slaSummaryView(sla({ nextDueAt: at(-2) }), NOW)).toMatchObject({
      tone: 'breached',
      seconds: -120,
    });
  });

  it('follows nextMetric to the resolution target', () => {
    const resolution = target({ metric: 'resolution', dueAt: at(3000), warnAt: at(2400) });
    const view = slaSummaryView(
      sla({
        nextMetric: 'resolution',
        nextDueAt: at(3000),
        targets: [target({ state: 'fulfilled', dueAt: null, fulfilledAt: at(-5) }), resolution],
      }),
      NOW,
    );
    expect(view).toEqual({ tone: 'on_track', metric: 'resolution', seconds: 3000 * 60 });
  });
});

describe('targetTone and targetSecondsLeft', () => {
  it('gives each target state its tone at an instant', () => {
    expect(targetTone(target(), NOW)).toBe('on_track');
    expect(targetTone(target({ warnAt: at(-1) }), NOW)).toBe('at_risk');
    expect(targetTone(target({ dueAt: at(-1) }), NOW)).toBe('breached');
    expect(targetTone(target({ state: 'breached', dueAt: at(-60) }), NOW)).toBe('breached');
    expect(targetTone(target({ state: 'paused', dueAt: null }), NOW)).toBe('paused');
    expect(targetTone(target({ state: 'fulfilled', fulfilledAt: at(-9) }), NOW)).toBe('met');
  });

  it('counts from dueAt on the wall clock, else the business seconds left', () => {
    expect(targetSecondsLeft(target(), NOW)).toBe(80 * 60);
    expect(targetSecondsLeft(target(), NOW + 30_000)).toBe(80 * 60 - 30);
    expect(targetSecondsLeft(target({ state: 'paused', dueAt: null }), NOW)).toBe(80 * 60);
  });
});

describe('formatSlaInstant', () => {
  it('writes the instant in the agent’s time zone and language, naming the zone', () => {
    const iso = '2026-12-03T15:20:00.000Z';
    expect(formatSlaInstant(iso, 'en', 'America/Toronto')).toMatch(/^Dec 3, 2026, 10:20\sAM EST$/);
    expect(formatSlaInstant(iso, 'fr-CA', 'America/Vancouver')).toMatch(
      /3 déc\. 2026.*07 h 20.*HNP/,
    );
  });

  it('falls back to UTC for an unknown zone, and returns an unreadable instant as given', () => {
    expect(formatSlaInstant('2026-12-03T15:20:00.000Z', 'en', 'Mars/Olympus')).toMatch(
      /3:20\sPM UTC$/,
    );
    expect(formatSlaInstant('not a date', 'en', 'UTC')).toBe('not a date');
  });
});
