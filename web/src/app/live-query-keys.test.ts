/**
 * Live notices against the real query keys of the features that own the queries: the
 * composition in live-query-keys.ts invalidates what shows the ticket or chat, and nothing else.
 */
import type { ChatNotice, TicketNotice } from '@docket/server/contract/live';
import { describe, expect, it, vi } from 'vitest';
import {
  applyChatNotice,
  applyTicketNotice,
  createTicketNoticeApplier,
} from '@/features/live/utils/apply-notice';
import { createTestQueryClient } from '@/testing/test-utils';
import { liveQueryKeys } from './live-query-keys';
import { myTicketsQueryOptions } from '@/features/portal/api/get-my-tickets';
import { chatKeys, statsKeys, ticketKeys } from '@/lib/query-keys';

const ticketId = '3d6f1c2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f';
const otherId = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const organizationId = '11111111-1111-4111-8111-111111111111';

function notice(type: string): TicketNotice {
  return {
    type,
    organizationId,
    ticketId,
    ticketNumber: 42,
    isInternal: false,
    actorId: null,
    at: '2026-11-21T09:00:00.000Z',
  };
}

/** A client holding a list, the ticket's detail (under its reference), another ticket, etc. */
function seededClient() {
  const client = createTestQueryClient();
  client.setQueryData(ticketKeys.list({} as never), { data: [] });
  client.setQueryData(ticketKeys.detail('TKT-00042'), { id: ticketId });
  client.setQueryData(ticketKeys.detail('TKT-00043'), { id: otherId });
  client.setQueryData(ticketKeys.responses(ticketId), []);
  client.setQueryData(ticketKeys.responses(otherId), []);
  client.setQueryData(ticketKeys.activity(ticketId), { data: [] });
  client.setQueryData(statsKeys.tickets({} as never), {});
  client.setQueryData(chatKeys.lists(), { data: [] });
  return client;
}

const stale = (client: ReturnType<typeof seededClient>, key: readonly unknown[]) =>
  client.getQueryState(key)?.isInvalidated;

describe('applyTicketNotice', () => {
  it("invalidates the lists and that ticket's queries, not other tickets'", () => {
    const client = seededClient();
    applyTicketNotice(client, notice('ticket.response_added'), liveQueryKeys);
    expect(stale(client, ticketKeys.list({} as never))).toBe(true);
    expect(stale(client, ticketKeys.detail('TKT-00042'))).toBe(true);
    expect(stale(client, ticketKeys.responses(ticketId))).toBe(true);
    expect(stale(client, ticketKeys.activity(ticketId))).toBe(true);
    expect(stale(client, ticketKeys.detail('TKT-00043'))).toBe(false);
    expect(stale(client, ticketKeys.responses(otherId))).toBe(false);
    // A reply changes no count: statistics and chats stay.
    expect(stale(client, statsKeys.tickets({} as never))).toBe(false);
    expect(stale(client, chatKeys.lists())).toBe(false);
  });

  it("reaches the portal's list of the same tickets: one factory per resource", () => {
    const client = seededClient();
    const portalList = myTicketsQueryOptions(null).queryKey;
    client.setQueryData(portalList, { pages: [], pageParams: [] });
    applyTicketNotice(client, notice('ticket.status_changed'), liveQueryKeys);
    expect(stale(client, portalList)).toBe(true);
  });

  it('invalidates statistics on a status change and chats on a conversion', () => {
    const client = seededClient();
    applyTicketNotice(client, notice('ticket.status_changed'), liveQueryKeys);
    expect(stale(client, statsKeys.tickets({} as never))).toBe(true);
    expect(stale(client, chatKeys.lists())).toBe(false);
    applyTicketNotice(client, notice('chat.converted'), liveQueryKeys);
    expect(stale(client, chatKeys.lists())).toBe(true);
  });
});

describe('applyChatNotice', () => {
  const chatId = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
  const otherChatId = 'b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e';
  const chatNotice = (type: ChatNotice['type']): ChatNotice => ({
    type,
    organizationId,
    chatId,
    actorId: null,
    at: '2026-11-21T09:00:00.000Z',
  });

  it.each(['chat.created', 'chat.message_added', 'chat.updated'] as const)(
    '%s: invalidates every chat list and that chat, not other chats or tickets',
    (type) => {
      const client = seededClient();
      client.setQueryData(chatKeys.list({ status: 'OPEN' } as never), { data: [] });
      client.setQueryData(chatKeys.detail(chatId), { id: chatId, messages: [] });
      client.setQueryData(chatKeys.detail(otherChatId), { id: otherChatId, messages: [] });
      applyChatNotice(client, chatNotice(type), liveQueryKeys);
      expect(stale(client, chatKeys.lists())).toBe(true);
      expect(stale(client, chatKeys.list({ status: 'OPEN' } as never))).toBe(true);
      expect(stale(client, chatKeys.detail(chatId))).toBe(true);
      expect(stale(client, chatKeys.detail(otherChatId))).toBe(false);
      expect(stale(client, ticketKeys.list({} as never))).toBe(false);
      expect(stale(client, statsKeys.tickets({} as never))).toBe(false);
    },
  );
});

describe('createTicketNoticeApplier', () => {
  it('holds notices while a mutation is in flight, then applies them', async () => {
    const client = seededClient();
    const applier = createTicketNoticeApplier(client, liveQueryKeys);
    let finish: () => void = () => {};
    const mutation = client
      .getMutationCache()
      .build(client, { mutationFn: () => new Promise<void>((resolve) => (finish = resolve)) });
    const running = mutation.execute(undefined);
    await Promise.resolve();
    expect(client.isMutating()).toBe(1);
    applier.apply(notice('ticket.status_changed'));
    expect(stale(client, ticketKeys.detail('TKT-00042'))).toBe(false);
    finish();
    await running;
    await vi.waitFor(() => expect(stale(client, ticketKeys.detail('TKT-00042'))).toBe(true));
    applier.dispose();
  });

  it('applies at once when nothing is in flight', () => {
    const client = seededClient();
    const applier = createTicketNoticeApplier(client, liveQueryKeys);
    applier.apply(notice('ticket.response_added'));
    expect(stale(client, ticketKeys.responses(ticketId))).toBe(true);
    applier.dispose();
  });
});
