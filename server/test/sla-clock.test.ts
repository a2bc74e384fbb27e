/**
 * The SLA clocks (modules/sla/sla-clock.ts, docs/product.md "SLA") with an injected clock: every
 * event carries its time, so these tests walk a ticket's life through business hours — pause and
 * resume, next response re-armed by each customer reply, a policy change keeping the time used,
 * a reopened resolution keeping its time, and a breached target staying breached once answered.
 * Schedule: Mon–Fri 09:00–12:00 and 13:00–17:00, America/Toronto, holiday 2026-12-25.
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { BusinessSchedule } from '../src/lib/business-time.js';
import {
  applySlaEvent,
  breachTarget,
  ticketSlaColumns,
  type AppliedPolicy,
  type SlaTargetClock,
} from '../src/modules/sla/sla-clock.js';

const schedule: BusinessSchedule = {
  timeZone: 'America/Toronto',
  intervals: ['mon', 'tue', 'wed', 'thu', 'fri'].flatMap((day) => [
    { day: day as 'mon', start: '09:00', end: '12:00' },
    { day: day as 'mon', start: '13:00', end: '17:00' },
  ]),
  holidays: [{ date: '2026-12-25', name: 'Christmas' }],
};

/** A Toronto wall-clock time as an instant. */
const local = (iso: string) => DateTime.fromISO(iso, { zone: 'America/Toronto' }).toJSDate();
const localOf = (date: Date | null) =>
  date
    ? DateTime.fromJSDate(date, { zone: 'America/Toronto' }).toFormat("yyyy-MM-dd'T'HH:mm")
    : null;

const policy = (overrides: Partial<AppliedPolicy> = {}): AppliedPolicy => ({
  id: 'p-standard',
  name: 'Standard',
  schedule,
  minutes: { first_response: 120, next_response: 60, resolution: 480 },
  pauseStatuses: ['WAITING_ON_CUSTOMER', 'ON_HOLD'],
  warnAtPercent: 80,
  ...overrides,
});

const target = (targets: SlaTargetClock[], metric: string, cycle = 1) =>
  targets.find((t) => t.metric === metric && t.cycle === cycle && !t.removed)!;

describe('SLA clocks in business hours', () => {
  it('arms first response and resolution at creation, due in business time, warned at 80%', () => {
    const targets: SlaTargetClock[] = [];
    applySlaEvent(targets, policy(), {
      kind: 'created',
      at: local('2026-12-17T16:30'),
      status: 'NEW',
    });
    const first = target(targets, 'first_response');
    expect(first.state).toBe('active');
    expect(localOf(first.dueAt)).toBe('2026-12-18T10:30');
    // 80% of 120 minutes = 96: 30 on Thursday, 66 on Friday from 09:00.
    expect(localOf(first.warnAt)).toBe('2026-12-18T10:06');
    // 480 business minutes from Thursday 16:30: 30 + 420 on Friday (7 h) + 30 on Monday.
    expect(localOf(target(targets, 'resolution').dueAt)).toBe('2026-12-21T09:30');
  });

  it('pauses in a pause status and resumes with the time already used', () => {
    const targets: SlaTargetClock[] = [];
    const p = policy();
    applySlaEvent(targets, p, { kind: 'created', at: local('2026-12-14T09:00'), status: 'NEW' });
    applySlaEvent(targets, p, { kind: 'staff_reply', at: local('2026-12-14T09:30') });
    applySlaEvent(targets, p, {
      kind: 'status',
      at: local('2026-12-14T10:00'),
      from: 'OPEN',
      to: 'WAITING_ON_CUSTOMER',
    });
    const resolution = target(targets, 'resolution');
    expect(resolution.state).toBe('paused');
    expect(resolution.dueAt).toBeNull();
    expect(resolution.usedSeconds).toBe(3600);
    // Two days later the customer answers; the ticket reopens.
    applySlaEvent(targets, p, {
      kind: 'status',
      at: local('2026-12-16T11:00'),
      from: 'WAITING_ON_CUSTOMER',
      to: 'OPEN',
    });
    expect(resolution.state).toBe('active');
    // 420 minutes left from Wednesday 11:00: 60 + 240 (13–17) + 120 on Thursday → 11:00.
    expect(localOf(resolution.dueAt)).toBe('2026-12-17T11:00');
    expect(ticketSlaColumns(targets, p).slaMetric).toBe('resolution');
  });

  it('re-arms next response at each customer reply after a staff reply, fulfilled by the next staff reply', () => {
    const targets: SlaTargetClock[] = [];
    const p = policy();
    const steps = [
      { kind: 'created', at: local('2026-12-14T09:00'), status: 'NEW' },
      // The customer writes again before any answer: the first response covers it.
      {
        kind: 'customer_reply',
        at: local('2026-12-14T09:10'),
        status: 'NEW',
        staffHasReplied: false,
      },
      { kind: 'staff_reply', at: local('2026-12-14T09:20') },
      {
        kind: 'customer_reply',
        at: local('2026-12-14T10:00'),
        status: 'OPEN',
        staffHasReplied: true,
      },
      // A second customer reply while one is unanswered arms nothing new.
      {
        kind: 'customer_reply',
        at: local('2026-12-14T10:05'),
        status: 'OPEN',
        staffHasReplied: true,
      },
      { kind: 'staff_reply', at: local('2026-12-14T10:40') },
      {
        kind: 'customer_reply',
        at: local('2026-12-14T11:30'),
        status: 'OPEN',
        staffHasReplied: true,
      },
    ] as const;
    for (const step of steps) applySlaEvent(targets, p, step);
    expect(target(targets, 'first_response').state).toBe('fulfilled');
    const next1 = target(targets, 'next_response', 1);
    expect(next1.state).toBe('fulfilled');
    expect(localOf(next1.fulfilledAt)).toBe('2026-12-14T10:40');
    expect(localOf(next1.dueAt)).toBe('2026-12-14T11:00');
    const next2 = target(targets, 'next_response', 2);
    expect(next2.state).toBe('active');
    // 60 business minutes from 11:30: 30 before lunch, 30 after.
    expect(localOf(next2.dueAt)).toBe('2026-12-14T13:30');
    expect(targets.filter((t) => t.metric === 'next_response')).toHaveLength(2);
  });

  it('keeps the time used when the policy changes, and counts the rest under the new one', () => {
    const targets: SlaTargetClock[] = [];
    const standard = policy();
    const urgent = policy({
      id: 'p-urgent',
      name: 'Urgent',
      schedule: null,
      minutes: { first_response: 60, next_response: 30, resolution: 240 },
    });
    applySlaEvent(targets, standard, {
      kind: 'created',
      at: local('2026-12-14T09:00'),
      status: 'NEW',
    });
    const after = applySlaEvent(targets, standard, {
      kind: 'policy',
      at: local('2026-12-14T09:40'),
      status: 'NEW',
      staffHasReplied: false,
      policy: urgent,
    });
    expect(after?.id).toBe('p-urgent');
    const first = target(targets, 'first_response');
    expect(first.usedSeconds).toBe(40 * 60);
    expect(first.targetSeconds).toBe(3600);
    expect(first.policyId).toBe('p-urgent');
    // 20 minutes left, 24/7.
    expect(localOf(first.dueAt)).toBe('2026-12-14T10:00');
    expect(first.history.map((h) => h.event)).toEqual(['armed', 'policy']);
  });

  it('fulfils every open target on RESOLVED and reopens the resolution with its time on reopen', () => {
    const targets: SlaTargetClock[] = [];
    const p = policy();
    applySlaEvent(targets, p, { kind: 'created', at: local('2026-12-14T09:00'), status: 'NEW' });
    applySlaEvent(targets, p, { kind: 'staff_reply', at: local('2026-12-14T09:30') });
    applySlaEvent(targets, p, {
      kind: 'status',
      at: local('2026-12-14T11:00'),
      from: 'OPEN',
      to: 'RESOLVED',
    });
    const resolution = target(targets, 'resolution');
    expect(resolution.state).toBe('fulfilled');
    expect(ticketSlaColumns(targets, p).slaDueAt).toBeNull();
    applySlaEvent(targets, p, {
      kind: 'status',
      at: local('2026-12-15T09:00'),
      from: 'RESOLVED',
      to: 'OPEN',
    });
    expect(resolution.state).toBe('active');
    expect(resolution.fulfilledAt).toBeNull();
    expect(resolution.usedSeconds).toBe(2 * 3600);
    // 360 minutes left from Tuesday 09:00: 180 + 180 → 16:00.
    expect(localOf(resolution.dueAt)).toBe('2026-12-15T16:00');
  });

  it('keeps a breached target breached once answered, with fulfilledAt set; internal notes never fulfil', () => {
    const targets: SlaTargetClock[] = [];
    const p = policy();
    applySlaEvent(targets, p, { kind: 'created', at: local('2026-12-14T09:00'), status: 'NEW' });
    const first = target(targets, 'first_response');
    // The worker finds it due (11:00) and breaches it.
    breachTarget(first, schedule);
    expect(first.state).toBe('breached');
    expect(localOf(first.breachedAt)).toBe('2026-12-14T11:00');
    // Still counted as overdue in the ticket's summary.
    expect(localOf(ticketSlaColumns(targets, p).slaDueAt)).toBe('2026-12-14T11:00');
    // A status change to a working status does not undo the breach.
    applySlaEvent(targets, p, {
      kind: 'status',
      at: local('2026-12-14T13:30'),
      from: 'NEW',
      to: 'OPEN',
    });
    expect(first.state).toBe('breached');
    applySlaEvent(targets, p, { kind: 'staff_reply', at: local('2026-12-14T14:00') });
    expect(first.state).toBe('breached');
    expect(localOf(first.fulfilledAt)).toBe('2026-12-14T14:00');
    // Choosing the policy again keeps it breached.
    applySlaEvent(targets, p, {
      kind: 'policy',
      at: local('2026-12-14T14:10'),
      status: 'OPEN',
      staffHasReplied: true,
      policy: policy({
        id: 'p-other',
        minutes: { first_response: 600, next_response: 60, resolution: 900 },
      }),
    });
    expect(first.state).toBe('breached');
    expect(first.breachedAt).not.toBeNull();
  });

  it('drops a target the new policy lacks unless breached, and arms one it adds', () => {
    const targets: SlaTargetClock[] = [];
    const p = policy({ minutes: { first_response: 120, next_response: null, resolution: null } });
    applySlaEvent(targets, p, { kind: 'created', at: local('2026-12-14T09:00'), status: 'NEW' });
    expect(targets.map((t) => t.metric)).toEqual(['first_response']);
    applySlaEvent(targets, p, {
      kind: 'policy',
      at: local('2026-12-14T10:00'),
      status: 'OPEN',
      staffHasReplied: false,
      policy: policy({ minutes: { first_response: null, next_response: null, resolution: 60 } }),
    });
    expect(target(targets, 'first_response')).toBeUndefined();
    expect(localOf(target(targets, 'resolution').dueAt)).toBe('2026-12-14T11:00');
  });

  it('follows the worked example of docs/product.md "SLA" step by step', () => {
    const high = policy({
      id: 'p-high',
      name: 'High',
      minutes: { first_response: 120, next_response: 120, resolution: 480 },
    });
    const targets: SlaTargetClock[] = [];
    // 1. Created Thursday 16:30.
    applySlaEvent(targets, high, { kind: 'created', at: local('2026-12-17T16:30'), status: 'NEW' });
    const first = target(targets, 'first_response');
    const resolution = target(targets, 'resolution');
    expect(localOf(first.dueAt)).toBe('2026-12-18T10:30');
    expect(localOf(first.warnAt)).toBe('2026-12-18T10:06');
    expect(localOf(resolution.dueAt)).toBe('2026-12-21T09:30');
    // 2. An internal note moves nothing (the subscriber never passes one on); 3. the reply at 09:40.
    applySlaEvent(targets, high, { kind: 'staff_reply', at: local('2026-12-18T09:40') });
    expect(first.state).toBe('fulfilled');
    expect(first.usedSeconds).toBe(70 * 60);
    // 4. Waiting on customer at 10:00.
    applySlaEvent(targets, high, {
      kind: 'status',
      at: local('2026-12-18T10:00'),
      from: 'IN_PROGRESS',
      to: 'WAITING_ON_CUSTOMER',
    });
    expect(resolution.state).toBe('paused');
    expect(resolution.usedSeconds).toBe(90 * 60);
    // 5. The customer answers on Monday at 11:00; the ticket reopens.
    applySlaEvent(targets, high, {
      kind: 'status',
      at: local('2026-12-21T11:00'),
      from: 'WAITING_ON_CUSTOMER',
      to: 'OPEN',
    });
    applySlaEvent(targets, high, {
      kind: 'customer_reply',
      at: local('2026-12-21T11:00'),
      status: 'OPEN',
      staffHasReplied: true,
    });
    expect(localOf(resolution.dueAt)).toBe('2026-12-22T10:30');
    const next = target(targets, 'next_response');
    expect(next.state).toBe('active');
    // 6. Unanswered by its due time: breached at that time.
    breachTarget(next, schedule);
    expect(next.state).toBe('breached');
    expect(next.breachedAt).toEqual(next.dueAt);
  });
});
