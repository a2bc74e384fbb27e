/**
 * The organization's custom field definitions (docs/product.md "Custom fields"), shared by the
 * admin page, the new-ticket forms and the ticket page: `GET /api/custom-fields` (staff get all,
 * customers the customer-visible ones), one cache entry per signed-in viewer.
 */
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { CustomField, CustomFieldList } from '@docket/server/contract/custom-fields';
import { api, isApiError } from '@/lib/api-client';

/** Query keys of `/api/custom-fields`. */
export const customFieldKeys = {
  all: ['custom-fields'] as const,
  list: () => [...customFieldKeys.all, 'list'] as const,
};

function customFieldsQueryOptions() {
  return queryOptions({
    queryKey: customFieldKeys.list(),
    queryFn: ({ signal }) => api.get<CustomFieldList>('/custom-fields', { signal }),
    staleTime: 60_000,
  });
}

/** The definitions the viewer may see, by position. */
export function useCustomFields() {
  return useQuery(customFieldsQueryOptions());
}

/** A definition's label in `language` (French for `fr…`, else English). */
export function customFieldLabel(field: Pick<CustomField, 'label' | 'key'>, language: string) {
  const label = language.startsWith('fr') ? field.label.fr : field.label.en;
  return label || field.key;
}

/**
 * A value as typed in a form → the API's value for `field`'s type: null for an empty input
 * (removes it), a number for number fields (NaN left as the text so the server names it).
 */
export function toCustomFieldValue(field: Pick<CustomField, 'type'>, input: unknown): unknown {
  if (input === undefined || input === null || input === '') return null;
  if (Array.isArray(input)) return input.length ? input : null;
  if (field.type === 'number' && typeof input === 'string') {
    const n = Number(input);
    return Number.isFinite(n) ? n : input;
  }
  return input;
}

/** The server's messages on `customFields.<key>` (its problem `errors[]`), by key; first per key. */
export function customFieldErrors(error: unknown): Record<string, string> {
  if (!isApiError(error)) return {};
  const errors: Record<string, string> = {};
  for (const { path, message } of error.problem.errors ?? []) {
    if (!path.startsWith('customFields.')) continue;
    const key = path.slice('customFields.'.length);
    if (!(key in errors)) errors[key] = message;
  }
  return errors;
}
