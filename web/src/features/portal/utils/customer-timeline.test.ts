import { describe, expect, it } from 'vitest';
import type { TicketActivity } from '@docket/server/contract/activity';
import { makeResponse } from '@/testing/fixtures';
import { toCustomerTimeline } from './customer-timeline';

const ticketId = '00000000-0000-4000-8000-0000000000aa';

function activity(overrides: Partial<TicketActivity>): TicketActivity {
  return {
    id: crypto.randomUUID(),
    ticketId,
    type: 'STATUS_CHANGED',
    actor: { type: 'user', id: null, name: 'Support team' },
    before: null,
    after: null,
    reason: null,
    isInternal: false,
    createdAt: '2026-03-02T10:00:00.000Z',
    ...overrides,
  };
}

describe("the portal's ticket history", () => {
  it('merges replies, status changes and sessions oldest first, a reply before the reopening it caused', () => {
    const items = toCustomerTimeline(
      { createdAt: '2026-03-02T09:00:00.000Z' },
      [
        makeResponse({
          ticketId,
          content: 'It still fails.',
          authorType: 'CUSTOMER',
          author: { id: null, name: 'Casey Customer' },
          createdAt: '2026-03-02T12:00:00.000Z',
        }),
        makeResponse({
          ticketId,
          content: 'Fixed on our side.',
          authorType: 'AGENT',
          author: { id: null, name: 'Alex Agent' },
          createdAt: '2026-03-02T10:30:00.000Z',
        }),
      ],
      [
        activity({
          before: { status: 'RESOLVED' },
          after: { status: 'OPEN' },
          createdAt: '2026-03-02T12:00:00.000Z',
        }),
        activity({
          before: { status: 'IN_PROGRESS' },
          after: { status: 'RESOLVED' },
          createdAt: '2026-03-02T11:00:00.000Z',
        }),
        activity({
          type: 'SESSION_SCHEDULED',
          after: {
            session: {
              mode: 'video',
              scheduledAt: '2026-03-05T15:00:00.000Z',
              durationMinutes: 30,
              meetingLink: 'https://meet.example/abc',
            },
          },
          createdAt: '2026-03-02T10:45:00.000Z',
        }),
      ],
    );
    expect(items.map((item) => item.type)).toEqual([
      'created',
      'reply',
      'session_scheduled',
      'status_changed',
      'reply',
      'status_changed',
    ]);
    expect(items[5]).toEqual({
      type: 'status_changed',
      from: 'RESOLVED',
      to: 'OPEN',
      at: '2026-03-02T12:00:00.000Z',
    });
    expect(items[2]).toMatchObject({ mode: 'video', meetingLink: 'https://meet.example/abc' });
  });

  it('signs staff replies as the support team, never with an agent name', () => {
    const [, reply] = toCustomerTimeline(
      { createdAt: '2026-03-02T09:00:00.000Z' },
      [makeResponse({ authorType: 'AGENT', author: { id: null, name: 'Alex Agent' } })],
      [],
    );
    expect(reply).toMatchObject({ type: 'reply', author: { type: 'agent' } });
    expect(JSON.stringify(reply)).not.toContain('Alex Agent');
  });

  it('tells one occurrence of a recurring session moved or cancelled on its own', () => {
    const occurrence = {
      originalStart: '2026-03-09T15:00:00.000Z',
      scheduledAt: '2026-03-10T15:00:00.000Z',
      durationMinutes: 30,
    };
    const items = toCustomerTimeline(
      { createdAt: '2026-03-02T09:00:00.000Z' },
      [],
      [
        activity({
          type: 'SESSION_SCHEDULED',
          after: { occurrence: { ...occurrence, cancelled: false } },
          createdAt: '2026-03-03T10:00:00.000Z',
        }),
        activity({
          type: 'SESSION_SCHEDULED',
          after: { occurrence: { ...occurrence, cancelled: true } },
          createdAt: '2026-03-04T10:00:00.000Z',
        }),
      ],
    );
    expect(items.slice(1)).toEqual([
      {
        type: 'session_occurrence_changed',
        scheduledAt: '2026-03-10T15:00:00.000Z',
        cancelled: false,
        at: '2026-03-03T10:00:00.000Z',
      },
      {
        type: 'session_occurrence_changed',
        scheduledAt: '2026-03-10T15:00:00.000Z',
        cancelled: true,
        at: '2026-03-04T10:00:00.000Z',
      },
    ]);
  });

  it('leaves out anything internal and rows of an unexpected shape', () => {
    const items = toCustomerTimeline(
      { createdAt: '2026-03-02T09:00:00.000Z' },
      [makeResponse({ isInternal: true, content: 'Internal: refund approved' })],
      [
        activity({ isInternal: true, before: { status: 'OPEN' }, after: { status: 'ON_HOLD' } }),
        activity({ before: { status: 'OPEN' }, after: { status: 'SOMETHING' } }),
        activity({ type: 'ASSIGNED', after: { assignee: { id: 'x', name: 'Alex Agent' } } }),
        activity({ type: 'SESSION_SCHEDULED', after: { session: null } }),
      ],
    );
    expect(items.map((item) => item.type)).toEqual(['created', 'session_cancelled']);
  });
});
