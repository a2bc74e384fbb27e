import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { AnyTicket, CreateTicketBody } from '@docket/server/contract/tickets';
import { postForm, toFormData, type UploadProgress } from '@/components/attachments';
import { api } from '@/lib/api-client';
import type { NewTicketInput } from '@/components/new-ticket-form';
import { ticketKeys } from '@/lib/query-keys';

/** A new ticket, with the files to attach (sent as multipart/form-data when any). */
export type CreateTicketInput = CreateTicketBody & { files?: readonly File[] };

export function createTicket(
  input: CreateTicketInput,
  onProgress?: (progress: UploadProgress) => void,
): Promise<AnyTicket> {
  const { files = [], ...body } = input;
  if (!files.length) return api.post<AnyTicket>('/tickets', body);
  return postForm<AnyTicket>('/tickets', toFormData(body, files), { onProgress });
}

/**
 * Creates a ticket from the new-ticket form's input (`onProgress` follows a multipart upload);
 * on success the new ticket is cached under its reference and the lists are refreshed, then
 * `onSuccess` runs (the page opens the ticket).
 */
export function useCreateTicket({ onSuccess }: { onSuccess?: (ticket: AnyTicket) => void } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, files, onProgress }: NewTicketInput) =>
      createTicket({ ...body, files }, onProgress),
    onSuccess: (ticket) => {
      // The ticket page opens by reference: it finds the new ticket already in the cache.
      queryClient.setQueryData(ticketKeys.detail(ticket.reference), ticket);
      void queryClient.invalidateQueries({ queryKey: ticketKeys.lists() });
      onSuccess?.(ticket);
    },
  });
}
