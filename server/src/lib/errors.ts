/**
 * Domain errors: one class per kind, mapped in one place (plugins/problem-details.ts) to
 * RFC 9457 problem+json with a stable `code` (docs/api.md "Errors"). Services throw these; they never
 * see `reply`.
 */
import { formatTicketReference } from './domain.js';

export interface FieldError {
  /** Dotted path of the field at fault, e.g. "subject" or "tags.2". */
  path: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    detail?: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(detail ?? title);
    this.name = new.target.name;
  }
}

/** 400 `validation_failed`: the request is well-formed but a field breaks a rule. */
export class ValidationError extends AppError {
  constructor(detail: string, errors?: FieldError[]) {
    super(400, 'validation_failed', 'Validation failed', detail, errors);
  }
}

/** 401 `unauthorized`: missing or bad credentials. */
export class UnauthorizedError extends AppError {
  constructor(detail = 'Missing or invalid credentials') {
    super(401, 'unauthorized', 'Unauthorized', detail, undefined, { 'WWW-Authenticate': 'Bearer' });
  }
}

/** 403 `forbidden`: authenticated, but the role may not do this (docs/product.md roles table). */
export class ForbiddenError extends AppError {
  constructor(detail = 'Your role may not do this', errors?: FieldError[]) {
    super(403, 'forbidden', 'Forbidden', detail, errors);
  }
}

/** 404 `not_found`: absent, or not visible to the caller (never 403 for another's ticket). */
export class NotFoundError extends AppError {
  constructor(what = 'Resource') {
    super(404, 'not_found', 'Not found', `${what} not found`);
  }
}

/** 409 `conflict`: the current state forbids the change (e.g. a reply to a CLOSED ticket). */
export class ConflictError extends AppError {
  constructor(detail: string, code = 'conflict') {
    super(409, code, 'Conflict', detail);
  }
}

/**
 * 409 `ticket_closed`: CLOSED is final for everyone — no reply, file, session, chat link or
 * field change; a follow-up ticket continues the conversation. The detail names the ticket by
 * its reference when `ticketNumber` is given ("TKT-00042 is CLOSED; …"), else "The ticket".
 */
export class TicketClosedError extends ConflictError {
  constructor(ticketNumber?: number) {
    super(
      `${ticketNumber === undefined ? 'The ticket' : formatTicketReference(ticketNumber)} is CLOSED; closed tickets are final. Create a follow-up ticket instead.`,
      'ticket_closed',
    );
  }
}

/**
 * Refuses any change to a CLOSED ticket (TicketClosedError); any other status passes.
 * @throws TicketClosedError when `status` is CLOSED
 */
export function refuseIfClosed(status: string, ticketNumber?: number): void {
  if (status === 'CLOSED') throw new TicketClosedError(ticketNumber);
}

/**
 * 429 `rate_limited` with `Retry-After: <seconds>` (at least 1, RFC 9110 §10.2.3): every rate
 * limit (requests, uploads) answers with it. `detail(seconds)` says what was limited; `errors`
 * names the field at fault where one is (e.g. `files`).
 */
export class RateLimitedError extends AppError {
  constructor(
    retryAfterSeconds: number,
    detail: (seconds: number) => string = (seconds) =>
      `Too many requests; retry in ${seconds} second${seconds === 1 ? '' : 's'}.`,
    errors?: FieldError[],
  ) {
    const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
    super(429, 'rate_limited', 'Too many requests', detail(seconds), errors, {
      'Retry-After': String(seconds),
    });
  }
}

/** 412 `precondition_failed`: If-Match names a stale version. */
export class PreconditionFailedError extends AppError {
  constructor(detail: string) {
    super(412, 'precondition_failed', 'Precondition failed', detail);
  }
}
