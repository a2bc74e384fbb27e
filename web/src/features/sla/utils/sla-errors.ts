/**
 * The SLA admin forms' messages per field. Their bodies nest (`intervals.2.end`,
 * `targets.resolutionMinutes`), so a server path (RFC 9457 problem `errors[].path`, dotted) is
 * filed under the longest of the form's field keys that it equals or starts with; a message
 * that names none of them is the form's general message, said once above the button.
 */
import type { TFunction } from 'i18next';
import { serverFieldErrors, type FieldErrors } from '@/lib/form-errors';

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
 * The server's answer to an SLA form (`serverFieldErrors`): each message under the longest
 * known field its path equals or starts with.
 */
export function slaServerErrors(
  error: unknown,
  known: readonly string[],
  t: TFunction,
): { fields: FieldErrors; general: string | null } {
  return serverFieldErrors(error, known, (path) => fieldKeyOf(path, known), t);
}
