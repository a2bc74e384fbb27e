/**
 * Triggers and time-based rules (docs/api.md "Rules", docs/product.md "Rules"), over
 * `/api/rules` (admins only): the organization's rules in the order they run, created, changed
 * (switched on with `{active: true}`), deleted and tested (a dry run that writes nothing); and a
 * ticket's rule runs (`GET /api/tickets/:id/rule-runs`, agents and admins only).
 */
import {
  keepPreviousData,
  queryOptions,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type {
  CreateRuleInput,
  Rule,
  RuleRun,
  RuleTestResult,
  UpdateRuleInput,
} from '@docket/server/contract/rules';
import { api, apiRequest } from '@/lib/api-client';
import { ticketKeys } from '@/lib/query-keys';

/** `POST /api/rules/:id/test`'s body: tickets by id or reference, or a `GET /api/tickets` filter. */
export type TestRuleBody = { ticketIds: string[] } | { filter: Record<string, string> };

/**
 * Query keys of the rules, general to specific as the factories of `@/lib/query-keys`
 * (TkDodo's "Effective React Query Keys"); a ticket's runs live under `ticketKeys.all`, so a
 * change to the tickets' cache reaches them too.
 */
export const ruleKeys = {
  all: ['rules'] as const,
  list: () => [...ruleKeys.all, 'list'] as const,
  /** A ticket's runs by its uuid and the version they were read at. */
  runs: (ticketId: string, version: number) =>
    [...ticketKeys.all, 'rule-runs', ticketId, version] as const,
};

/** `GET /api/rules`: `{data: Rule[]}` in run order (position, then creation). */
function rulesQueryOptions() {
  return queryOptions({
    queryKey: ruleKeys.list(),
    queryFn: ({ signal }) => api.get<{ data: Rule[] }>('/rules', { signal }),
  });
}

/** The organization's rules in run order (admins only: 403 otherwise). */
export function useRules() {
  return useQuery(rulesQueryOptions());
}

function useInvalidateRules() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ruleKeys.all });
}

/**
 * `POST /api/rules` (201 with the rule), then refetches the list. 400 names the fields
 * (`errors[].path`, e.g. `conditions.all.0.value`, `actions.1.content`).
 */
export function useCreateRule() {
  const invalidate = useInvalidateRules();
  return useMutation({
    mutationFn: (body: CreateRuleInput) => api.post<Rule>('/rules', body),
    onSuccess: invalidate,
  });
}

/** `PATCH /api/rules/:id` with any field of the create body, then refetches the list. */
export function useUpdateRule() {
  const invalidate = useInvalidateRules();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateRuleInput }) =>
      api.patch<Rule>(`/rules/${encodeURIComponent(id)}`, body),
    onSuccess: invalidate,
  });
}

/** `DELETE /api/rules/:id` (204; its runs stay, under its name), then refetches the list. */
export function useDeleteRule() {
  const invalidate = useInvalidateRules();
  return useMutation({
    mutationFn: (id: string) =>
      apiRequest<void>(`/rules/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSettled: invalidate,
  });
}

/**
 * `POST /api/rules/:id/test`: whether the rule matches each ticket, why, and what it would
 * change (`RuleTestResult`). A dry run: nothing is written, active or not. 400 for an unknown
 * ticket or a bad filter.
 */
export function useTestRule(ruleId: string) {
  return useMutation({
    mutationFn: (body: TestRuleBody) =>
      api.post<RuleTestResult>(`/rules/${encodeURIComponent(ruleId)}/test`, body),
  });
}

/**
 * `GET /api/tickets/:id/rule-runs` (`{data: RuleRun[]}`, oldest first) for the ticket with uuid
 * `ticketId`, read again whenever its `version` changes (a rule's change is a new version).
 * Only for agents and admins (`enabled`): customers get 403.
 */
export function useTicketRuleRuns(ticketId: string, version: number, enabled: boolean) {
  return useQuery({
    queryKey: ruleKeys.runs(ticketId, version),
    queryFn: ({ signal }) =>
      api.get<{ data: RuleRun[] }>(`/tickets/${encodeURIComponent(ticketId)}/rule-runs`, {
        signal,
      }),
    enabled,
    placeholderData: keepPreviousData,
  });
}
