import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateTicketBody, CustomerTicket } from '@docket/server/contract';
import { api } from '@/lib/api-client';
import { portalKeys } from './portal-keys';

/**
 * POST /api/tickets as the signed-in requester: `{subject, description, category?,
 * externalRefs?, followUpOf?}` (no priority, assignee or requester: a customer creates for
 * themselves, SPEC.md roles table). 201 with the customer view of the new ticket; 400 naming
 * each field at fault.
 */
export function createPortalTicket(body: CreateTicketBody): Promise<CustomerTicket> {
  return api.post<CustomerTicket>('/tickets', body);
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
    mutationFn: createPortalTicket,
    onSuccess: (ticket) => {
      // The ticket page opens by reference and finds the new ticket already in the cache.
      queryClient.setQueryData(portalKeys.detail(ticket.reference), ticket);
      void queryClient.invalidateQueries({ queryKey: portalKeys.lists() });
      void queryClient.invalidateQueries({ queryKey: portalKeys.counts() });
      onSuccess?.(ticket);
    },
  });
}
