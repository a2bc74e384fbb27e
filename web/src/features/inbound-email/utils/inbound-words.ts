/**
 * The inbound log's codes in words: why a mail was suspended (the server's `SUSPEND_CAUSES`,
 * server/src/modules/inbound/mail-checks.ts) and why an attached file was not kept (the
 * attachment intake's error codes, docs/api.md "Attachments"). A code this list does not know
 * yet is shown as it is.
 */
import type { TFunction } from 'i18next';
import { SUSPEND_CAUSES as CAUSES } from '@docket/server/contract/inbound';

const SKIP_REASONS = ['file_too_large', 'unsupported_file_type', 'invalid_file'] as const;

function isOneOf<T extends string>(list: readonly T[], value: string): value is T {
  return (list as readonly string[]).includes(value);
}

/** `auto_reply` → "Automatic reply" (in the current language); an unknown cause as it is. */
export function causeText(cause: string, t: TFunction): string {
  return isOneOf(CAUSES, cause) ? t(`inboundEmail.causes.${cause}`) : cause;
}

/** `file_too_large` → "Too large"; an unknown reason as it is. */
export function skipReasonText(reason: string, t: TFunction): string {
  return isOneOf(SKIP_REASONS, reason) ? t(`inboundEmail.skipReasons.${reason}`) : reason;
}
