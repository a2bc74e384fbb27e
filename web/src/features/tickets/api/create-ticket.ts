import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { AnyTicket, CreateTicketBody } from '@docket/server/contract';
import { postForm, toFormData, type UploadProgress } from '@/components/attachments';
import { api } from '@/lib/api-client';
import { ticketKeys } from './ticket-keys';

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

export function useCreateTicket({
  onSuccess,
  onProgress,
}: {
  onSuccess?: (ticket: AnyTicket) => void;
  onProgress?: (progress: UploadProgress) => void;
} = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateTicketInput) => createTicket(input, onProgress),
    onSuccess: (ticket) => {
      // The ticket page opens by reference: it finds the new ticket already in the cache.
      queryClient.setQueryData(ticketKeys.detail(ticket.reference), ticket);
      void queryClient.invalidateQueries({ queryKey: ticketKeys.lists() });
      onSuccess?.(ticket);
    },
  });
}
