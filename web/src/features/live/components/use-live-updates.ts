/**
 * `useLiveUpdates()`: mounted once in the dashboard's frame (app-root.tsx). Opens the live
 * stream `GET /api/live` (Server-Sent Events, through `@microsoft/fetch-event-source` so the
 * bearer token goes in the Authorization header, which the browser's EventSource cannot send),
 * and applies each notice to the React Query cache (utils/apply-notice.ts; ticket notices wait
 * for this tab's mutations in flight, so optimistic updates do not flicker; chat notices refresh
 * the chat inbox; `notification` events, a new in-app notification of this user, refresh the
 * bell): nothing is polled.
 * A lost connection is retried with backoff (1 s doubling to 30 s, jittered); after any gap the
 * shown queries are refetched (the server keeps no replay). While the tab is hidden the stream
 * is closed, and reopened — with a refetch — when it is shown again. 401 ends the session; 403
 * (not staff) stops trying.
 */
import { fetchEventSource } from '@microsoft/fetch-event-source';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { ChatNotice, PresenceNotice, TicketNotice } from '@docket/server/contract/live';
import { API_BASE } from '@/lib/api-client';
import { clearSession, useSessionToken } from '@/lib/session';
import {
  applyChatNotice,
  applyPresenceNotice,
  createTicketNoticeApplier,
  resyncAll,
  type LiveQueryKeys,
} from '../utils/apply-notice';
import { reconnectDelay, setLiveConnection } from '../utils/live-connection';

/** A refusal that retrying will not change. */
class FatalStreamError extends Error {}

/**
 * `keys`: the other features' query-key factories a notice invalidates (a constant, composed in
 * app/).
 */
export function useLiveUpdates(selfId: string | undefined, keys: LiveQueryKeys): void {
  const queryClient = useQueryClient();
  const token = useSessionToken();

  useEffect(() => {
    if (!token) return;
    const controller = new AbortController();
    let attempt = 0;
    let opened = false;
    const tickets = createTicketNoticeApplier(queryClient, keys);
    setLiveConnection('connecting');

    void fetchEventSource(`${API_BASE}/live`, {
      headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' },
      signal: controller.signal,
      async onopen(response) {
        const type = response.headers.get('content-type') ?? '';
        if (response.ok && type.startsWith('text/event-stream')) return;
        if (response.status === 401) clearSession();
        if (response.status === 401 || response.status === 403 || response.status === 406) {
          throw new FatalStreamError(`live stream refused: ${response.status}`);
        }
        throw new Error(`live stream failed: ${response.status}`);
      },
      onmessage(message) {
        if (message.event === 'ready') {
          attempt = 0;
          setLiveConnection('live');
          // Anything may have changed while the stream was down (or before this tab was shown).
          if (opened) resyncAll(queryClient, keys);
          opened = true;
          return;
        }
        if (message.event === 'resync') return resyncAll(queryClient, keys);
        // A new in-app notification of this user: the bell refetches (the notice is ids only).
        if (message.event === 'notification') {
          if (keys.notifications) {
            void queryClient.invalidateQueries({ queryKey: keys.notifications.all });
          }
          return;
        }
        if (!['ticket', 'chat', 'presence'].includes(message.event)) return;
        let data: unknown;
        try {
          data = JSON.parse(message.data);
        } catch {
          return;
        }
        if (message.event === 'ticket') tickets.apply(data as TicketNotice);
        else if (message.event === 'chat') applyChatNotice(queryClient, data as ChatNotice, keys);
        else applyPresenceNotice(queryClient, data as PresenceNotice, selfId);
      },
      onclose() {
        // The server ended the stream (restart, deploy): reconnect like after an error.
        throw new Error('live stream closed');
      },
      onerror(error) {
        if (error instanceof FatalStreamError) {
          setLiveConnection('reconnecting');
          throw error;
        }
        attempt += 1;
        setLiveConnection('reconnecting');
        return reconnectDelay(attempt);
      },
    }).catch(() => {
      // Refused for good (signed out, not staff): the indicator stays "reconnecting"/offline.
    });

    return () => {
      controller.abort();
      tickets.dispose();
    };
  }, [queryClient, token, selfId, keys]);
}
