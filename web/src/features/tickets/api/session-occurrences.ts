import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  OccurrenceNotesInput,
  SessionOccurrence,
  SessionOccurrenceList,
  UpdateOccurrenceInput,
} from '@docket/server/contract/tickets';
import { api, apiRequest } from '@/lib/api-client';
import { ticketKeys } from '@/lib/query-keys';

const occurrencesPath = (ticketId: string) =>
  `/tickets/${encodeURIComponent(ticketId)}/session/occurrences`;

/**
 * GET /api/tickets/:id/session/occurrences: the occurrences of the ticket's session by original
 * start (docs/api.md "Sessions"); staff get each one's outcome, notes and author.
 */
export function sessionOccurrencesQueryOptions(ticketId: string) {
  return queryOptions({
    queryKey: ticketKeys.sessionOccurrences(ticketId),
    queryFn: ({ signal }) => api.get<SessionOccurrenceList>(occurrencesPath(ticketId), { signal }),
  });
}

/** The occurrences of the session of the ticket with this uuid. */
export function useSessionOccurrences(ticketId: string, enabled = true) {
  return useQuery({ ...sessionOccurrencesQueryOptions(ticketId), enabled });
}

/**
 * PATCH /api/tickets/:id/session/occurrences/:occurrenceId `{scheduledAt?, durationMinutes?,
 * cancelled?}`: one occurrence of a recurring session moved or cancelled alone. 409
 * `session_not_recurring`, `ticket_closed`. Refreshes the occurrences, the ticket (its next
 * occurrence and version) and the activity.
 */
export function useUpdateSessionOccurrence(ticketId: string, detailId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: UpdateOccurrenceInput & { id: string }) =>
      apiRequest<SessionOccurrence>(`${occurrencesPath(ticketId)}/${encodeURIComponent(id)}`, {
        method: 'PATCH',
        body,
      }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ticketKeys.sessionOccurrences(ticketId) });
      void queryClient.invalidateQueries({ queryKey: ticketKeys.detail(detailId) });
      void queryClient.invalidateQueries({ queryKey: ticketKeys.activity(ticketId) });
    },
  });
}

/**
 * PUT /api/tickets/:id/session/occurrences/:occurrenceId/notes `{outcome, notes?}`: the outcome
 * and internal notes of an occurrence whose time has come. 409 `session_not_started`.
 */
export function useRecordSessionNotes(ticketId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: OccurrenceNotesInput & { id: string }) =>
      apiRequest<SessionOccurrence>(
        `${occurrencesPath(ticketId)}/${encodeURIComponent(id)}/notes`,
        { method: 'PUT', body },
      ),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ticketKeys.sessionOccurrences(ticketId) });
      void queryClient.invalidateQueries({ queryKey: ticketKeys.activity(ticketId) });
    },
  });
}
