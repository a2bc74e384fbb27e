import { describe, expect, it } from 'vitest';
import type { TicketActivity } from '@docket/server/contract/activity';
import { createTestI18n } from '@/testing/i18n';
import { makeResponse } from '@/testing/fixtures';
import { describeActivity, mergeTimeline } from './timeline';

function row(overrides: Partial<TicketActivity>): TicketActivity {
  return {
    id: crypto.randomUUID(),
    ticketId: 't',
    type: 'CREATED',
    actor: { type: 'user', id: null, name: 'Alex Agent' },
    before: null,
    after: null,
    reason: null,
    isInternal: false,
    createdAt: '2026-03-02T09:00:00.000Z',
    ...overrides,
  };
}

const i18n = createTestI18n('en');
const t = (key: string, options?: Record<string, unknown>) => String(i18n.t(key as never, options));
const formatDate = (iso: string) => `<${iso}>`;

describe('mergeTimeline', () => {
  it('orders by time, a response before the activity of the same instant, and hides duplicates', () => {
    const at = '2026-03-02T10:00:00.000Z';
    const reply = makeResponse({ createdAt: at });
    const entries = mergeTimeline(
      [reply],
      [
        row({
          type: 'STATUS_CHANGED',
          createdAt: at,
          before: { status: 'RESOLVED' },
          after: { status: 'OPEN' },
        }),
        row({ type: 'RESPONSE_ADDED', createdAt: at }),
        row({
          type: 'ATTACHMENT_ADDED',
          createdAt: at,
          after: { fileName: 'a.png', responseId: reply.id },
        }),
        row({ type: 'ATTACHMENT_ADDED', createdAt: at, after: { fileName: 'ticket.pdf' } }),
        row({ type: 'CREATED' }),
      ],
    );
    expect(entries.map((e) => (e.kind === 'response' ? 'response' : e.activity.type))).toEqual([
      'CREATED',
      'response',
      'STATUS_CHANGED',
      'ATTACHMENT_ADDED',
    ]);
  });
});

describe('describeActivity', () => {
  it('says what changed, in words', () => {
    expect(
      describeActivity(
        row({
          type: 'PRIORITY_CHANGED',
          before: { priority: 'LOW' },
          after: { priority: 'CRITICAL' },
        }),
        t,
        formatDate,
      ),
    ).toBe('Alex Agent changed the priority from Low to Critical');
    expect(
      describeActivity(
        row({ type: 'ASSIGNED', after: { assignee: { id: 'x', name: 'Sam' } } }),
        t,
        formatDate,
      ),
    ).toBe('Alex Agent assigned the ticket to Sam');
    expect(
      describeActivity(
        row({ type: 'FIELDS_CHANGED', after: { tags: ['vpn', 'urgent'] } }),
        t,
        formatDate,
      ),
    ).toBe('Alex Agent set the tags to vpn, urgent');
    expect(
      describeActivity(row({ type: 'FIELDS_CHANGED', after: { category: null } }), t, formatDate),
    ).toBe('Alex Agent removed the category');
    expect(
      describeActivity(
        row({ type: 'FIELDS_CHANGED', after: { subject: 'x', metadata: {} } }),
        t,
        formatDate,
      ),
    ).toBe('Alex Agent changed the subject, the metadata');
    expect(
      describeActivity(
        row({
          type: 'SESSION_SCHEDULED',
          after: { session: { mode: 'video', scheduledAt: '2026-12-01T15:00:00.000Z' } },
        }),
        t,
        formatDate,
      ),
    ).toBe('Alex Agent scheduled a Video session for <2026-12-01T15:00:00.000Z>');
    expect(
      describeActivity(row({ type: 'SESSION_SCHEDULED', after: { session: null } }), t, formatDate),
    ).toBe('Alex Agent cancelled the session');
  });
});
