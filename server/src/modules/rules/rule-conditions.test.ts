/**
 * Rule conditions (docs/product.md "Rules"), pure: what may be saved for an event, and each
 * operator's meaning on text, lists, numbers and changes.
 */
import { describe, expect, it } from 'vitest';
import type { TicketRow } from '../tickets/index.js';
import {
  conditionHolds,
  conditionProblems,
  evaluateConditions,
  type RuleFacts,
} from './rule-conditions.js';
import type { RuleCondition } from './rules.schemas.js';

const ticket = {
  status: 'WAITING_ON_CUSTOMER',
  priority: 'HIGH',
  category: { name: 'Billing' },
  channel: 'email',
  subject: 'Refund for order A-1',
  tags: ['vip', 'refund'],
  assigneeId: null,
  groupId: '5b1d2c3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e',
  requesterEmail: 'ann@Vip.test',
  requesterName: 'Ann Lee',
  customFields: { plan: 'gold', seats: 12 },
} as unknown as TicketRow;

const facts = (over: Partial<RuleFacts> = {}): RuleFacts => ({
  ticket,
  changes: {},
  response: null,
  hours: { inStatus: 80, sinceCreated: 100, sinceUpdated: 2 },
  ...over,
});

const holds = (condition: RuleCondition, f = facts()) => conditionHolds(condition, f);

describe('rule conditions', () => {
  it('compares text without regard to case, and lists by membership', () => {
    expect(holds({ field: 'requester.domain', operator: 'is', value: 'VIP.TEST' })).toBe(true);
    expect(holds({ field: 'requester.email', operator: 'ends_with', value: '@vip.test' })).toBe(
      true,
    );
    expect(holds({ field: 'ticket.subject', operator: 'contains', value: 'REFUND' })).toBe(true);
    expect(holds({ field: 'ticket.subject', operator: 'starts_with', value: 'order' })).toBe(false);
    expect(holds({ field: 'ticket.tags', operator: 'contains', value: 'vip' })).toBe(true);
    expect(holds({ field: 'ticket.tags', operator: 'is_not', value: 'vip' })).toBe(false);
    expect(holds({ field: 'ticket.tags', operator: 'not_contains', value: 'spam' })).toBe(true);
    expect(holds({ field: 'ticket.priority', operator: 'in', value: ['URGENT', 'HIGH'] })).toBe(
      true,
    );
    expect(holds({ field: 'ticket.priority', operator: 'not_in', value: ['HIGH'] })).toBe(false);
    expect(holds({ field: 'ticket.assigneeId', operator: 'is_empty' })).toBe(true);
    expect(
      holds({
        field: 'ticket.groupId',
        operator: 'is',
        value: '5B1D2C3E-4F5A-4B6C-8D7E-9F0A1B2C3D4E',
      }),
    ).toBe(true);
    expect(holds({ field: 'ticket.groupId', operator: 'is_empty' })).toBe(false);
    expect(holds({ field: 'ticket.category', operator: 'is', value: 'billing' })).toBe(true);
    expect(holds({ field: 'ticket.customFields.plan', operator: 'is', value: 'Gold' })).toBe(true);
    expect(holds({ field: 'ticket.customFields.missing', operator: 'is_empty' })).toBe(true);
  });

  it('reads hours as numbers and responses only when there is one', () => {
    expect(holds({ field: 'ticket.hoursInStatus', operator: 'greater_than', value: 72 })).toBe(
      true,
    );
    expect(holds({ field: 'ticket.hoursSinceUpdated', operator: 'less_than', value: 1 })).toBe(
      false,
    );
    expect(holds({ field: 'response.authorType', operator: 'is', value: 'CUSTOMER' })).toBe(false);
    const reply = facts({
      response: { authorType: 'CUSTOMER', isInternal: false, content: 'Thanks!' },
    });
    expect(holds({ field: 'response.authorType', operator: 'is', value: 'customer' }, reply)).toBe(
      true,
    );
    expect(holds({ field: 'response.isInternal', operator: 'is', value: false }, reply)).toBe(true);
  });

  it('reads a satisfaction rating on ticket.satisfaction_rated rules only', () => {
    const rated = facts({ satisfaction: { score: 1, comment: 'Too slow', reason: null } });
    expect(holds({ field: 'satisfaction.score', operator: 'less_than', value: 3 }, rated)).toBe(
      true,
    );
    expect(holds({ field: 'satisfaction.score', operator: 'less_than', value: 3 })).toBe(false);
    expect(
      holds({ field: 'satisfaction.comment', operator: 'contains', value: 'slow' }, rated),
    ).toBe(true);
    expect(holds({ field: 'satisfaction.reason', operator: 'is_empty' }, rated)).toBe(true);
    const condition = { field: 'satisfaction.score', operator: 'less_than', value: 3 } as const;
    expect(conditionProblems('ticket.satisfaction_rated', { all: [condition], any: [] })).toEqual(
      [],
    );
    expect(
      conditionProblems('ticket.updated', { all: [condition], any: [] }).map((p) => p.path),
    ).toEqual(['conditions.all.0.field']);
  });

  it('reads changed, changed_to and changed_from from the change', () => {
    const changed = facts({ changes: { 'ticket.priority': { before: 'LOW', after: 'URGENT' } } });
    expect(holds({ field: 'ticket.priority', operator: 'changed' }, changed)).toBe(true);
    expect(
      holds({ field: 'ticket.priority', operator: 'changed_to', value: 'URGENT' }, changed),
    ).toBe(true);
    expect(
      holds({ field: 'ticket.priority', operator: 'changed_from', value: 'HIGH' }, changed),
    ).toBe(false);
    expect(holds({ field: 'ticket.status', operator: 'changed' }, changed)).toBe(false);
  });

  it('needs all of "all" and one of "any", and says why', () => {
    const conditions = {
      all: [{ field: 'ticket.priority', operator: 'is', value: 'HIGH' }],
      any: [
        { field: 'ticket.tags', operator: 'contains', value: 'spam' },
        { field: 'ticket.tags', operator: 'contains', value: 'vip' },
      ],
    } as const;
    expect(
      evaluateConditions({ all: [...conditions.all], any: [...conditions.any] }, facts()),
    ).toEqual({
      matches: true,
      reason: 'ticket.priority is "HIGH"; ticket.tags contains "vip"',
    });
    expect(
      evaluateConditions(
        { all: [{ field: 'ticket.status', operator: 'is', value: 'OPEN' }], any: [] },
        facts(),
      ),
    ).toEqual({ matches: false, reason: 'not ticket.status is "OPEN"' });
  });

  it('refuses what an event cannot have', () => {
    expect(
      conditionProblems('ticket.created', {
        all: [{ field: 'response.content', operator: 'contains', value: 'x' }],
        any: [{ field: 'ticket.hoursInStatus', operator: 'is', value: 3 }],
      }).map((p) => p.path),
    ).toEqual(['conditions.all.0.field', 'conditions.any.0.operator']);
    expect(
      conditionProblems('schedule', {
        all: [{ field: 'ticket.status', operator: 'is', value: 'RESOLVED' }],
        any: [],
      }),
    ).toEqual([
      {
        path: 'conditions.all',
        message:
          'a time-based rule needs, under "all", ticket.status is/in and an hours field greater_than',
      },
    ]);
    expect(
      conditionProblems('ticket.updated', {
        all: [{ field: 'ticket.priority', operator: 'in', value: 'HIGH' }],
        any: [],
      }),
    ).toEqual([{ path: 'conditions.all.0.value', message: 'in takes a list' }]);
  });
});
