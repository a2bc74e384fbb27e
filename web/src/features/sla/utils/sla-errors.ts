/**
 * The SLA admin forms' messages per field. Their bodies nest (`intervals.2.end`,
 * `targets.resolutionMinutes`), so a server path (RFC 9457 problem `errors[].path`, dotted) is
 * filed under the longest of the form's field keys that it equals or starts with; a message
 * that names none of them is the form's general message, said once above the button.
 */
import type { TFunction } from 'i18next';
import { isApiError } from '@/lib/api-client';
import { errorMessage, type FieldErrors } from '@/lib/form-errors';

/**
 * `known`'s key for `path`: the longest one equal to it or a dotted prefix of it
 * (`conditions.tags.1` → `conditions.tags`), or undefined.
 */
export function fieldKeyOf(path: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const key of known) {
    if ((path === key || path.startsWith(`${key}.`)) && (!best || key.length > best.length)) {
      best = key;
    }
  }
  return best;
}

/**
 * The server's answer to a form: the first message per known field, as the server words it, and
 * the general message when none of the messages belongs to a known field (a 409, a network
 * failure, a path the form does not show).
 */
export function slaServerErrors(
  error: unknown,
  known: readonly string[],
  t: TFunction,
): { fields: FieldErrors; general: string | null } {
  if (!error) return { fields: {}, general: null };
  if (!isApiError(error)) return { fields: {}, general: errorMessage(error, t) };
  const fields: FieldErrors = {};
  for (const { path, message } of error.problem.errors ?? []) {
    const key = fieldKeyOf(path, known);
    if (key && fields[key] === undefined) fields[key] = message;
  }
  return {
    fields,
    general: Object.keys(fields).length > 0 ? null : errorMessage(error, t),
  };
}
