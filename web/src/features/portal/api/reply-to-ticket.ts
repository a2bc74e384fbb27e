import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { TicketResponse } from '@docket/server/contract/responses';
import { postForm, toFormData, type UploadProgress } from '@/components/attachments';
import { api } from '@/lib/api-client';
import { ticketKeys } from '@/lib/query-keys';

/** A reply as the requester writes it: the text and the files chosen (none: plain JSON). */
export type PortalReplyInput = { content: string; files: readonly File[] };

/**
 * POST /api/tickets/:id/responses as the requester: a public reply (`isInternal` is never sent;
 * the server refuses it from customers). With `files`, the same route as multipart/form-data
 * (`content` plus one `files` part per file); `onProgress` follows the upload. 201 with
 * the response; 409 `ticket_closed` on a CLOSED ticket; 413/415/422 for a refused file; a reply
 * to a RESOLVED or WAITING_ON_CUSTOMER ticket reopens it to OPEN (docs/product.md).
 */
export function replyToTicket(
  ticketId: string,
  content: string,
  files: readonly File[] = [],
  onProgress?: (progress: UploadProgress) => void,
): Promise<TicketResponse> {
  const path = `/tickets/${encodeURIComponent(ticketId)}/responses`;
  if (!files.length) return api.post<TicketResponse>(path, { content });
  return postForm<TicketResponse>(path, toFormData({ content }, files), { onProgress });
}

/**
 * `send({content, files}, onProgress)` for the portal's reply form: posts, then reloads the
 * ticket (its status may have reopened), its history (awaited, so the draft clears once the
 * reply shows), the lists and the counts.
 */
export function useReplyToTicket(
  ticketId: string,
): (input: PortalReplyInput, onProgress?: (progress: UploadProgress) => void) => Promise<void> {
  const queryClient = useQueryClient();
  return useCallback(
    async (
      { content, files }: PortalReplyInput,
      onProgress?: (progress: UploadProgress) => void,
    ) => {
      await replyToTicket(ticketId, content, files, onProgress);
      void queryClient.invalidateQueries({ queryKey: ticketKeys.details() });
      void queryClient.invalidateQueries({ queryKey: ticketKeys.lists() });
      void queryClient.invalidateQueries({ queryKey: ticketKeys.counts() });
      await queryClient.invalidateQueries({ queryKey: ticketKeys.history(ticketId) });
    },
    [queryClient, ticketId],
  );
}
