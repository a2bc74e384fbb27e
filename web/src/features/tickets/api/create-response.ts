import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateResponseBody, TicketResponse } from '@docket/server/contract/responses';
import { postForm, toFormData, type UploadProgress } from '@/components/attachments';
import { api } from '@/lib/api-client';
import { ticketKeys } from '@/lib/query-keys';

/** A reply or internal note, with the files to attach (sent as multipart/form-data when any). */
export type CreateResponseInput = CreateResponseBody & { files?: readonly File[] };

export function createResponse(
  ticketId: string,
  input: CreateResponseInput,
  onProgress?: (progress: UploadProgress) => void,
): Promise<TicketResponse> {
  const { files = [], ...body } = input;
  const path = `/tickets/${encodeURIComponent(ticketId)}/responses`;
  if (!files.length) return api.post<TicketResponse>(path, body);
  return postForm<TicketResponse>(path, toFormData(body, files), { onProgress });
}

/**
 * Posts a public reply or an internal note on the ticket with this uuid, with its files;
 * `onProgress` follows the upload of a reply with files.
 */
export function useCreateResponse(
  ticketId: string,
  options: { onProgress?: (progress: UploadProgress) => void } = {},
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateResponseInput) => createResponse(ticketId, input, options.onProgress),
    onSuccess: async () => {
      // A response can change the ticket too (status, first response, updated at), so the
      // ticket and the lists are refreshed along with the conversation. The conversation is
      // awaited: the composer clears its draft once the new response is on screen.
      void queryClient.invalidateQueries({ queryKey: ticketKeys.details() });
      void queryClient.invalidateQueries({ queryKey: ticketKeys.lists() });
      await queryClient.invalidateQueries({ queryKey: ticketKeys.responses(ticketId) });
    },
  });
}
