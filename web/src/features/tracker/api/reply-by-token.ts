import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { PublicReplyBody } from '@docket/server/contract/public';
import type { TicketResponse } from '@docket/server/contract/responses';
import { postForm, toFormData, type UploadProgress } from '@/components/attachments';
import { api } from '@/lib/api-client';
import type { ReplyInput, SendReply } from '../components/reply-form';
import { publicTicketKeys } from '@/lib/query-keys';

/**
 * POST /api/public/tickets/:token/responses (docs/api.md "Public"): the requester's public reply
 * through a tracking link; 201 with the response. With `files`, the same route as
 * multipart/form-data (`content` plus one `files` part per file), without credentials:
 * the link's token is the credential; `onProgress` follows the upload. A reply to a RESOLVED or
 * WAITING_ON_CUSTOMER ticket reopens it (docs/product.md "Ticket"). Fails with an ApiError: 409
 * `ticket_closed`, 404/410 as for the view, 429 `rate_limited` with `retryAfterSeconds`, 400
 * naming `content`, 413 `file_too_large`/`too_many_files`, 415 `unsupported_file_type`, 422
 * `image_too_large`/`invalid_image`.
 */
export function replyByToken(
  token: string,
  body: PublicReplyBody,
  files: readonly File[] = [],
  onProgress?: (progress: UploadProgress) => void,
): Promise<TicketResponse> {
  const path = `/public/tickets/${encodeURIComponent(token)}/responses`;
  if (!files.length) return api.post<TicketResponse>(path, body);
  return postForm<TicketResponse>(path, toFormData(body, files), {
    onProgress,
    authenticated: false,
  });
}

/**
 * `send({content, files}, onProgress)` for the reply form of a tracking-link page: posts the
 * reply, then reloads the page's view (the new reply with its files, and the status it may have
 * reopened) before resolving, so the form clears its draft once the reply is on screen.
 */
export function useReplyByToken(token: string): SendReply {
  const queryClient = useQueryClient();
  return useCallback(
    async ({ content, files }: ReplyInput, onProgress?: (progress: UploadProgress) => void) => {
      await replyByToken(token, { content }, files, onProgress);
      await queryClient.invalidateQueries({ queryKey: publicTicketKeys.detail(token) });
    },
    [queryClient, token],
  );
}
