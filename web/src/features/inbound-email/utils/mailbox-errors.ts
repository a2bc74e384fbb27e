/**
 * The create-mailbox form's messages per field. The IMAP account is a nested object, so its
 * fields are keyed `imap.host`, `imap.port`… (the shared helpers stop at the first segment).
 * From the contract's schema (checked before sending, zod issue paths) or from the server's
 * RFC 9457 problem (`errors[].path`, dotted); 409 `mailbox_exists` names no field and belongs to
 * the address.
 */
import type { TFunction } from 'i18next';
import type { z } from 'zod';
import { isApiError } from '@/lib/api-client';
import { serverFieldErrors, translateIssue, type FieldErrors } from '@/lib/form-errors';

/** `['imap', 'host']` → `imap.host`; `['address']` → `address`; deeper segments are dropped. */
export function fieldKey(path: readonly PropertyKey[]): string {
  const [first, second] = path;
  if (first === 'imap' && second !== undefined) return `imap.${String(second)}`;
  return first === undefined ? '' : String(first);
}

/**
 * The first translated message per field of a failed check. The address's own rule (no
 * `+tag`) carries an English message, so it is recognised by its code and field.
 */
export function mailboxErrorsFromZod(error: z.ZodError, t: TFunction): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = fieldKey(issue.path);
    if (!key || errors[key] !== undefined) continue;
    errors[key] =
      issue.code === 'custom' && key === 'address'
        ? t('inboundEmail.mailboxes.errors.plusTag')
        : translateIssue(issue, t);
  }
  return errors;
}

/**
 * The server's answer to the form: messages per field (first per field, as the server words
 * them) and the general message when it names none of the form's `known` fields (so it is said
 * once, above the button, not lost).
 */
export function mailboxServerErrors(
  error: unknown,
  known: readonly string[],
  t: TFunction,
): { fields: FieldErrors; general: string | null } {
  if (isApiError(error) && error.code === 'mailbox_exists') {
    return { fields: { address: t('inboundEmail.mailboxes.errors.exists') }, general: null };
  }
  return serverFieldErrors(error, known, t);
}
