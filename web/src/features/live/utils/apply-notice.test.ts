import type { PresenceNotice, TicketPresence } from '@docket/server/contract/live';
import { describe, expect, it } from 'vitest';
import { createTestQueryClient } from '@/testing/test-utils';
import { applyPresenceNotice } from './apply-notice';
import { reconnectDelay } from './live-connection';
import { presenceKeys } from '@/lib/query-keys';

const ticketId = '3d6f1c2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f';
const organizationId = '11111111-1111-4111-8111-111111111111';

describe('applyPresenceNotice', () => {
  const alice = '5d3c2b1a-0f9e-4d8c-8b7a-6a5b4c3d2e1f';
  const me = '6e4d3c2b-1a0f-4e9d-8c8b-7a6b5c4d3e2f';
  const presence = (
    state: 'viewing' | 'replying' | null,
    at: string,
    userId = alice,
  ): PresenceNotice => ({
    type: 'presence',
    organizationId,
    ticketId,
    userId,
    name: 'Alice Agent',
    state,
    at,
    expiresAt: state ? '2026-11-21T10:00:00.000Z' : null,
  });
  const list = (client: ReturnType<typeof createTestQueryClient>) =>
    client.getQueryData<TicketPresence[]>(presenceKeys.detail(ticketId));

  it('adds, updates (keeping since while the state holds) and removes people', () => {
    const client = createTestQueryClient();
    client.setQueryData(presenceKeys.detail(ticketId), []);
    applyPresenceNotice(client, presence('viewing', '2026-11-21T09:00:00.000Z'), me);
    applyPresenceNotice(client, presence('viewing', '2026-11-21T09:00:15.000Z'), me);
    expect(list(client)).toEqual([
      expect.objectContaining({ state: 'viewing', since: '2026-11-21T09:00:00.000Z' }),
    ]);
    applyPresenceNotice(client, presence('replying', '2026-11-21T09:00:20.000Z'), me);
    expect(list(client)).toEqual([
      expect.objectContaining({ state: 'replying', since: '2026-11-21T09:00:20.000Z' }),
    ]);
    applyPresenceNotice(client, presence(null, '2026-11-21T09:01:00.000Z'), me);
    expect(list(client)).toEqual([]);
  });

  it('never lists the signed-in person, and leaves tickets not on screen alone', () => {
    const client = createTestQueryClient();
    client.setQueryData(presenceKeys.detail(ticketId), []);
    applyPresenceNotice(client, presence('replying', '2026-11-21T09:00:00.000Z', me), me);
    expect(list(client)).toEqual([]);
    const empty = createTestQueryClient();
    applyPresenceNotice(empty, presence('viewing', '2026-11-21T09:00:00.000Z'), me);
    expect(list(empty)).toBeUndefined();
  });
});

describe('reconnectDelay', () => {
  it('doubles from 1 s to a 30 s ceiling, jittered between half and all of it', () => {
    expect(reconnectDelay(1, () => 0)).toBe(500);
    expect(reconnectDelay(1, () => 1)).toBe(1000);
    expect(reconnectDelay(3, () => 1)).toBe(4000);
    expect(reconnectDelay(20, () => 1)).toBe(30_000);
    expect(reconnectDelay(20, () => 0)).toBe(15_000);
  });
});
