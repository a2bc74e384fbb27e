import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateTicketBody, CustomerTicket } from '@docket/server/contract/tickets';
import { postForm, toFormData, type UploadProgress } from '@/components/attachments';
import { api } from '@/lib/api-client';
import type { NewTicketInput } from '@/components/new-ticket-form';
import { ticketKeys } from '@/lib/query-keys';

/** A new ticket as the requester fills it in, with the files to attach. */
export type PortalTicketInput = { body: CreateTicketBody; files?: readonly File[] };

/**
 * POST /api/tickets as the signed-in requester: `{subject, description, category?,
 * externalRefs?, followUpOf?}` (no priority, assignee or requester: a customer creates for
 * themselves, docs/product.md roles table). With `files`, the same route as multipart/form-data (the
 * fields plus one `files` part per file; `onProgress` follows the upload). 201 with the
 * customer view of the new ticket and its files; 400 naming each field at fault; 413
 * `file_too_large`/`too_many_files`, 415 `unsupported_file_type`, 422 `image_too_large`/
 * `invalid_image` for a refused file (nothing is created then).
 */
export function createPortalTicket(
  { body, files = [] }: PortalTicketInput,
  onProgress?: (progress: UploadProgress) => void,
): Promise<CustomerTicket> {
  if (!files.length) return api.post<CustomerTicket>('/tickets', body);
  return postForm<CustomerTicket>('/tickets', toFormData(body, files), { onProgress });
}

/**
 * Creates the requester's ticket; on success the new ticket is cached under its reference and
 * the lists and counts are refreshed, then `onSuccess` runs (the page opens the ticket).
 */
export function useCreatePortalTicket({
  onSuccess,
}: { onSuccess?: (ticket: CustomerTicket) => void } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, files, onProgress }: NewTicketInput) =>
      createPortalTicket({ body, files }, onProgress),
    onSuccess: (ticket) => {
      // The ticket page opens by reference and finds the new ticket already in the cache.
      queryClient.setQueryData(ticketKeys.detail(ticket.reference), ticket);
      void queryClient.invalidateQueries({ queryKey: ticketKeys.lists() });
      void queryClient.invalidateQueries({ queryKey: ticketKeys.counts() });
      onSuccess?.(ticket);
    },
  });
}
