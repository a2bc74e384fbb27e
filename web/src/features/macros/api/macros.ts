/**
 * Macros and canned replies (docs/api.md "Macros", docs/product.md "Macros"), over `/api/macros`
 * and `/api/tickets/:id/macros/:macroId/{preview,apply}`: an agent's own macros and the shared
 * ones, their ordered actions, what one would do to a ticket (preview, nothing written) and
 * applying it as one change guarded by `If-Match` (RFC 9110 §13.1.1).
 */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CreateMacroInput,
  Macro,
  MacroPreview,
  UpdateMacroInput,
} from '@docket/server/contract/macros';
import type { AnyTicket } from '@docket/server/contract/tickets';
import { api, apiRequest } from '@/lib/api-client';
import { ticketKeys } from '@/lib/query-keys';

/** `GET /api/macros`'s answer. */
export type MacroList = { data: Macro[] };

/**
 * Query keys of `/api/macros`, general to specific as the factories of `@/lib/query-keys`
 * (TkDodo's "Effective React Query Keys"): `all`, `lists()`, `list()`, `previews()`,
 * `preview(ticketId, macroId)`.
 */
export const macroKeys = {
  all: ['macros'] as const,
  lists: () => [...macroKeys.all, 'list'] as const,
  list: () => [...macroKeys.lists(), {}] as const,
  previews: () => [...macroKeys.all, 'preview'] as const,
  preview: (ticketId: string, macroId: string) =>
    [...macroKeys.previews(), ticketId, macroId] as const,
};

/** `GET /api/macros`: the caller's own macros and the organization's shared ones. */
export function getMacros({ signal }: { signal?: AbortSignal } = {}) {
  return api.get<MacroList>('/macros', { signal });
}

/** The query of the macros the caller may apply (`macroKeys.list()`). */
export function macrosQueryOptions() {
  return queryOptions({
    queryKey: macroKeys.list(),
    queryFn: ({ signal }) => getMacros({ signal }),
  });
}

/** The caller's macros and the shared ones (`{ data: Macro[] }`). */
export function useMacros() {
  return useQuery(macrosQueryOptions());
}

/**
 * `POST /api/macros`: 201 with the macro; 400 names the invalid fields (`errors[].path`, e.g.
 * `actions.0.content` for an unknown placeholder); 403 when an agent asks for `shared`.
 */
export function createMacro(body: CreateMacroInput) {
  return api.post<Macro>('/macros', body);
}

/** `PATCH /api/macros/:id`: any field of the create body (`actions` replaces the list). */
export function updateMacro(id: string, body: UpdateMacroInput) {
  return api.patch<Macro>(`/macros/${encodeURIComponent(id)}`, body);
}

/** `DELETE /api/macros/:id`: 204; a shared macro only by an admin (403 otherwise). */
export function deleteMacro(id: string) {
  return apiRequest<void>(`/macros/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

function useInvalidateMacros() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: macroKeys.all });
}

/** Creates a macro (`createMacro`), then refetches the list. */
export function useCreateMacro() {
  const invalidate = useInvalidateMacros();
  return useMutation({ mutationFn: createMacro, onSuccess: invalidate });
}

/** Changes a macro (`updateMacro`), then refetches the list. */
export function useUpdateMacro() {
  const invalidate = useInvalidateMacros();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateMacroInput }) => updateMacro(id, body),
    onSuccess: invalidate,
  });
}

/** Deletes a macro (`deleteMacro`), then refetches the list. */
export function useDeleteMacro() {
  const invalidate = useInvalidateMacros();
  return useMutation({ mutationFn: deleteMacro, onSettled: invalidate });
}

function ticketMacroPath(ticketId: string, macroId: string, action: 'preview' | 'apply') {
  return `/tickets/${encodeURIComponent(ticketId)}/macros/${encodeURIComponent(macroId)}/${action}`;
}

/**
 * `POST /api/tickets/:id/macros/:macroId/preview`: the fields the macro would change
 * (`{ field: { before, after } }`) and its reply with the placeholders filled in; writes nothing.
 */
export function previewMacro(ticketId: string, macroId: string) {
  return api.post<MacroPreview>(ticketMacroPath(ticketId, macroId, 'preview'), {});
}

/**
 * The preview of `macroId` on the ticket with uuid `ticketId` (a query: it writes nothing);
 * disabled while `macroId` is null. Never cached for long: the ticket may change meanwhile.
 */
export function useMacroPreview(ticketId: string, macroId: string | null) {
  return useQuery({
    queryKey: macroKeys.preview(ticketId, macroId ?? ''),
    queryFn: () => previewMacro(ticketId, macroId ?? ''),
    enabled: macroId !== null,
    staleTime: 0,
    gcTime: 0,
  });
}

/**
 * `POST /api/tickets/:id/macros/:macroId/apply` with `If-Match: "<version>"`: 200 with the
 * ticket after the change; 412 `precondition_failed` when the ticket moved on since `version`
 * (nothing written); 409 on a CLOSED ticket.
 */
export function applyMacro(ticketId: string, macroId: string, version: number) {
  return api.post<AnyTicket>(
    ticketMacroPath(ticketId, macroId, 'apply'),
    {},
    { headers: { 'If-Match': `"${version}"` } },
  );
}

/**
 * Applies a macro to the ticket with uuid `ticketId`, cached under `ticketKeys.detail(detailId)`
 * (`detailId`: the id in the address). On success the cache holds the server's ticket and the
 * ticket's responses, activity, details and the lists are refreshed, as a reply and a PATCH do.
 */
export function useApplyMacro(ticketId: string, detailId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ macroId, version }: { macroId: string; version: number }) =>
      applyMacro(ticketId, macroId, version),
    onSuccess: async (ticket) => {
      queryClient.setQueryData(ticketKeys.detail(detailId), ticket);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ticketKeys.details() }),
        queryClient.invalidateQueries({ queryKey: ticketKeys.lists() }),
        queryClient.invalidateQueries({ queryKey: ticketKeys.activity(ticketId) }),
        queryClient.invalidateQueries({ queryKey: ticketKeys.responses(ticketId) }),
      ]);
    },
  });
}
