/**
 * What a live notice changes in this tab's React Query cache. Notices are hints, not data
 * (server modules/live): a ticket notice invalidates, through the owning features' key factories
 * (handed in as `LiveQueryKeys` by app/, since features do not import each other), the
 * queries that show that ticket — only those on screen refetch, the others are marked stale — a
 * chat notice does the same for the chat inbox, and a presence notice updates the small presence list of that ticket in place.
 */
import type { QueryClient } from '@tanstack/react-query';
import type {
  ChatNotice,
  PresenceNotice,
  TicketNotice,
  TicketPresence,
} from '@docket/server/contract/live';
import { presenceKeys } from '@/lib/query-keys';

type QueryKey = readonly unknown[];

/**
 * The query keys a notice touches, from the key factories of the features that own those
 * queries (tickets, chats, statistics): app/ composes them, so this feature imports no other.
 */
export interface LiveQueryKeys {
  tickets: {
    all: QueryKey;
    lists(): QueryKey;
    details(): QueryKey;
    responses(ticketId: string): QueryKey;
    activity(ticketId: string): QueryKey;
    requesters(): QueryKey;
  };
  chats: { all: QueryKey; lists(): QueryKey; detail(chatId: string): QueryKey };
  stats: { all: QueryKey };
  /** The bell's notifications (`notification` events: a new one for this user). */
  notifications?: { all: QueryKey };
}

/** Events that change what the statistics and a requester's other tickets show. */
const COUNTED = new Set([
  'ticket.created',
  'ticket.updated',
  'ticket.status_changed',
  'ticket.assigned',
  'ticket.deleted',
  'ticket.restored',
]);

/** Invalidates the queries that show ticket `notice.ticketId`. */
export function applyTicketNotice(
  queryClient: QueryClient,
  notice: TicketNotice,
  { tickets: ticketKeys, chats: chatKeys, stats: statsKeys }: LiveQueryKeys,
): void {
  const { ticketId } = notice;
  void queryClient.invalidateQueries({ queryKey: ticketKeys.lists() });
  // The detail is cached under the address's id (reference, number or uuid): match by content.
  void queryClient.invalidateQueries({
    queryKey: ticketKeys.details(),
    predicate: (query) => (query.state.data as { id?: string } | undefined)?.id === ticketId,
  });
  void queryClient.invalidateQueries({ queryKey: ticketKeys.responses(ticketId) });
  void queryClient.invalidateQueries({ queryKey: ticketKeys.activity(ticketId) });
  if (COUNTED.has(notice.type)) {
    void queryClient.invalidateQueries({ queryKey: ticketKeys.requesters() });
    void queryClient.invalidateQueries({ queryKey: statsKeys.all });
  }
  if (notice.type === 'chat.converted' || notice.type === 'ticket.updated') {
    // Linked chats changed sides: the inbox shows which chats have tickets.
    void queryClient.invalidateQueries({ queryKey: chatKeys.all });
  }
}

/**
 * Invalidates what shows chat `notice.chatId` (a chat created, changed or written in): every
 * inbox page (its order and badges follow the last activity) and that chat with its messages.
 */
export function applyChatNotice(
  queryClient: QueryClient,
  notice: ChatNotice,
  { chats: chatKeys }: LiveQueryKeys,
): void {
  void queryClient.invalidateQueries({ queryKey: chatKeys.lists() });
  void queryClient.invalidateQueries({ queryKey: chatKeys.detail(notice.chatId) });
}

/**
 * Updates the cached presence list of the notice's ticket, if this tab shows it: adds or updates
 * the person (keeping `since` while the state is the same), or removes them when they left.
 * The signed-in person (`selfId`) is never listed.
 */
export function applyPresenceNotice(
  queryClient: QueryClient,
  notice: PresenceNotice,
  selfId: string | undefined,
): void {
  if (notice.userId === selfId) return;
  queryClient.setQueryData<TicketPresence[]>(presenceKeys.detail(notice.ticketId), (list) => {
    if (list === undefined) return undefined;
    const others = list.filter((p) => p.userId !== notice.userId);
    if (notice.state === null || notice.expiresAt === null) return others;
    const previous = list.find((p) => p.userId === notice.userId);
    return [
      ...others,
      {
        userId: notice.userId,
        name: notice.name,
        state: notice.state,
        since: previous && previous.state === notice.state ? previous.since : notice.at,
        expiresAt: notice.expiresAt,
      },
    ].sort((a, b) => a.since.localeCompare(b.since));
  });
}

/** After a gap in the stream (reconnected, or the server's `resync`): refetch what is shown. */
export function resyncAll(queryClient: QueryClient, keys: LiveQueryKeys): void {
  const bell = keys.notifications ? [keys.notifications.all] : [];
  for (const queryKey of [
    keys.tickets.all,
    keys.chats.all,
    keys.stats.all,
    presenceKeys.all,
    ...bell,
  ]) {
    void queryClient.invalidateQueries({ queryKey });
  }
}

/**
 * Applies ticket notices, holding them back while any mutation of this tab is in flight: a
 * refetch started by a notice during an optimistic update would briefly show the server's state
 * without it (the change "jumps back"). Held notices are applied, in order, once no mutation is
 * pending. `dispose()` stops listening.
 */
export function createTicketNoticeApplier(queryClient: QueryClient, keys: LiveQueryKeys) {
  const held: TicketNotice[] = [];
  const flush = () => {
    if (held.length === 0 || queryClient.isMutating() > 0) return;
    for (const notice of held.splice(0)) applyTicketNotice(queryClient, notice, keys);
  };
  const unsubscribe = queryClient.getMutationCache().subscribe(flush);
  return {
    apply(notice: TicketNotice): void {
      held.push(notice);
      flush();
    },
    dispose: unsubscribe,
  };
}
