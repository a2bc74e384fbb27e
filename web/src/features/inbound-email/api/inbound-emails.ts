/**
 * The inbound log (docs/product.md "Inbound email"), over `/api/inbound-emails`: every mail that
 * reached a mailbox, newest first, with what became of it. A suspended mail (an auto-reply, a
 * bounce, a loop…) waits for an admin to accept it (processed as if it had passed the checks) or
 * discard it; both answer 409 `not_suspended` for any other mail.
 */
import {
  infiniteQueryOptions,
  useInfiniteQuery,
  useMutation,
  useQueryClient,
} from '@tanstack/react-query';
import type {
  InboundEmail,
  InboundEmailList,
  InboundResultBody,
} from '@docket/server/contract/inbound';
import { downloadAttachment } from '@/components/attachments/api/attachment-url';
import { API_BASE, api } from '@/lib/api-client';
import { inboundEmailKeys, mailboxKeys, ticketKeys } from '@/lib/query-keys';

const PAGE_SIZE = 25;

export type InboundOutcome = InboundEmail['outcome'];

/** `GET /api/inbound-emails?limit&cursor&outcome`: one page of the inbound log, newest first. */
export function getInboundEmails({
  outcome,
  cursor,
  signal,
}: {
  outcome?: InboundOutcome | undefined;
  cursor?: string | undefined;
  signal?: AbortSignal;
}) {
  return api.get<InboundEmailList>('/inbound-emails', {
    params: { limit: PAGE_SIZE, cursor, outcome },
    signal,
  });
}

/** Infinite-query options of the log (optionally one outcome), paged by the server's cursor. */
export function inboundEmailsQueryOptions(outcome?: InboundOutcome) {
  return infiniteQueryOptions({
    queryKey: inboundEmailKeys.list({ outcome }),
    queryFn: ({ pageParam, signal }) => getInboundEmails({ outcome, cursor: pageParam, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** The inbound log, page by page (`fetchNextPage` for older mails). */
export function useInboundEmails(outcome?: InboundOutcome) {
  return useInfiniteQuery(inboundEmailsQueryOptions(outcome));
}

/**
 * `POST /api/inbound-emails/:id/accept`: processes a suspended mail; the answer says whether it
 * made a ticket or a response (with the ticket's `reference`). 409 `not_suspended`.
 */
export function acceptInboundEmail(id: string) {
  return api.post<InboundResultBody>(`/inbound-emails/${encodeURIComponent(id)}/accept`);
}

/** `POST /api/inbound-emails/:id/discard`: drops a suspended mail; 409 `not_suspended`. */
export function discardInboundEmail(id: string) {
  return api.post<InboundEmail>(`/inbound-emails/${encodeURIComponent(id)}/discard`);
}

/**
 * Saves the message as it arrived (`GET /api/inbound-emails/:id/original`, RFC 5322 bytes) as
 * `<id>.eml`: fetched with the session's token, then handed to the browser as a download.
 */
export function downloadOriginal(id: string): Promise<void> {
  return downloadAttachment(
    `${API_BASE}/inbound-emails/${encodeURIComponent(id)}/original`,
    `${id}.eml`,
  );
}

/** Accept or discard: either refreshes every list of the log; accept also the tickets' lists. */
export function useAcceptInboundEmail() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: acceptInboundEmail,
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: inboundEmailKeys.lists() }),
        queryClient.invalidateQueries({ queryKey: ticketKeys.lists() }),
        queryClient.invalidateQueries({ queryKey: mailboxKeys.all }),
      ]),
  });
}

export function useDiscardInboundEmail() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: discardInboundEmail,
    onSettled: () => queryClient.invalidateQueries({ queryKey: inboundEmailKeys.lists() }),
  });
}
