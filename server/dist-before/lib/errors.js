/**
 * Domain errors: one class per kind, mapped in one place (plugins/problem-details.ts) to
 * RFC 9457 problem+json with a stable `code` (API.md "Errors"). Services throw these; they never
 * see `reply`.
 */
export class AppError extends Error {
  status;
  code;
  title;
  errors;
  headers;
  constructor(status, code, title, detail, errors, headers) {
    super(detail ?? title);
    this.status = status;
    this.code = code;
    this.title = title;
    this.errors = errors;
    this.headers = headers;
    this.name = new.target.name;
  }
}
/** 400 `validation_failed`: the request is well-formed but a field breaks a rule. */
export class ValidationError extends AppError {
  constructor(detail, errors) {
    super(400, 'validation_failed', 'Validation failed', detail, errors);
  }
}
/** 401 `unauthorized`: missing or bad credentials. */
export class UnauthorizedError extends AppError {
  constructor(detail = 'Missing or invalid credentials') {
    super(401, 'unauthorized', 'Unauthorized', detail, undefined, { 'WWW-Authenticate': 'Bearer' });
  }
}
/** 403 `forbidden`: authenticated, but the role may not do this (SPEC.md roles table). */
export class ForbiddenError extends AppError {
  constructor(detail = 'Your role may not do this', errors) {
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
  constructor(detail, code = 'conflict') {
    super(409, code, 'Conflict', detail);
  }
}
/** 412 `precondition_failed`: If-Match names a stale version. */
export class PreconditionFailedError extends AppError {
  constructor(detail) {
    super(412, 'precondition_failed', 'Precondition failed', detail);
  }
}
//# sourceMappingURL=errors.js.map
