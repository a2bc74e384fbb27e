/**
 * Field-level messages for forms, from either side of the wire: the contract's zod schemas
 * (checked before submitting, with the same rules as the API) or the server's problem `errors[]`.
 * Zod's own messages are English only, so issues are translated by their code.
 */
import type { TFunction } from 'i18next';
import type { z } from 'zod';
import { isApiError } from './api-client';

export type FieldErrors = Partial<Record<string, string>>;

/**
 * A cross-field rule's message: the contract's refinements carry an English message of their own
 * (which zod prefers to any error map), so they are recognised by the field they point at.
 */
export function translateCustom(
  field: PropertyKey | undefined,
  message: string | undefined,
  t: TFunction,
) {
  if (field === 'requesterEmail') return t('validation.requesterEmailRequired');
  return message ?? t('validation.invalid');
}

/** A rule's message in the current language, from the issue's code and bounds. */
export function translateIssue(
  issue: z.core.$ZodRawIssue | z.core.$ZodIssue,
  t: TFunction,
): string {
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string') {
        return Number(issue.minimum) <= 1
          ? t('validation.required')
          : t('validation.tooShort', { count: Number(issue.minimum) });
      }
      return t('validation.invalid');
    case 'too_big':
      if (issue.origin === 'string')
        return t('validation.tooLong', { count: Number(issue.maximum) });
      if (issue.origin === 'array')
        return t('validation.tooManyItems', { count: Number(issue.maximum) });
      return t('validation.invalid');
    case 'invalid_format':
      if (issue.format === 'email') return t('validation.invalidEmail');
      if (issue.format === 'regex' && issue.path?.[0] === 'tags') return t('validation.tagFormat');
      return t('validation.invalid');
    case 'invalid_type':
      return issue.input === undefined ? t('validation.required') : t('validation.invalid');
    case 'custom':
      return translateCustom(issue.path?.[0], issue.message, t);
    default:
      return t('validation.invalid');
  }
}

/** The first translated message per top-level field (`tags.2` is reported on `tags`). */
export function fieldErrorsFromZod(error: z.ZodError, t: TFunction): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? '');
    if (field && errors[field] === undefined) errors[field] = translateIssue(issue, t);
  }
  return errors;
}

/** A message for an error that belongs to no field: the problem's detail, else a generic text. */
export function errorMessage(error: unknown, t: TFunction): string {
  if (isApiError(error)) {
    if (error.code === 'network_error') return t('common.networkError');
    if (error.status === 403) return error.detail ?? t('common.forbidden');
    return error.detail ?? error.title;
  }
  return t('common.errorGeneric');
}

/**
 * `known`'s key for `path`: the longest one equal to it or a dotted prefix of it
 * (`conditions.tags.1` → `conditions.tags`, `actions.0.value.1` → `actions.0.value`), or undefined.
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
 * The server's answer to a form whose fields nest (RFC 9457 problem `errors[].path`, dotted):
 * each message filed under the longest of the form's `known` keys its path equals or starts with
 * (`fieldKeyOf`; the first message per field, as the server words it), and the general message
 * when none of the form's fields got one (a 409, a network failure, a path the form does not
 * show), so it is said once, above the button.
 */
export function serverFieldErrors(
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
    general: known.some((key) => fields[key] !== undefined) ? null : errorMessage(error, t),
  };
}

/**
 * The messages of a form checked before sending (`checked`, from `fieldErrorsFromZod`) and then
 * answered by the server (`serverError`, the mutation's error): `fieldError(name)` is the form's
 * own message for a field, else the server's; `generalError` is the server's message when it
 * names none of the form's `fields` (so it is said once, above the button, not lost).
 */
export function formErrors(
  checked: FieldErrors,
  serverError: unknown,
  fields: readonly string[],
  t: TFunction,
): { fieldError: (field: string) => string | undefined; generalError: string | null } {
  const serverFieldErrors: FieldErrors = isApiError(serverError) ? serverError.fieldErrors : {};
  return {
    fieldError: (field) => checked[field] ?? serverFieldErrors[field],
    generalError:
      serverError && !fields.some((field) => serverFieldErrors[field])
        ? errorMessage(serverError, t)
        : null,
  };
}

/**
 * Moves focus to the first field of `order` (controls' `name`s, in the order they appear) that
 * `errors` names, inside `form`. A radix Select names its hidden native <select>; its visible
 * trigger is what takes focus.
 */
export function focusFirstError(
  form: HTMLFormElement | null,
  order: readonly string[],
  errors: FieldErrors,
): void {
  const first = order.find((name) => errors[name]);
  const control = first ? form?.querySelector<HTMLElement>(`[name="${first}"]`) : null;
  const target =
    control?.getAttribute('aria-hidden') === 'true'
      ? control.parentElement?.querySelector<HTMLElement>('[role="combobox"]')
      : control;
  target?.focus();
}

/**
 * Checks a form's values with the API's own schema before sending: the parsed body, or null when
 * they fail. `setErrors` gets the translated messages per field (none when all is well).
 */
export function checkForm<T>(
  schema: z.ZodType<T>,
  values: unknown,
  t: TFunction,
  setErrors: (errors: FieldErrors) => void,
): T | null {
  const parsed = schema.safeParse(values);
  setErrors(parsed.success ? {} : fieldErrorsFromZod(parsed.error, t));
  return parsed.success ? parsed.data : null;
}
