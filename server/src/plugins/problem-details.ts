/**
 * Every error answered as RFC 9457 `application/problem+json` with a stable `code`
 * (docs/api.md "Errors"; docs/product.md "REST API conventions"):
 * - domain errors (lib/errors.ts) as they say;
 * - request validation (zod via fastify-type-provider-zod) as 400 `validation_failed` with `errors[]`;
 * - Fastify's own 4xx (malformed JSON, 413 body too large, 415 media type, …) keep their status;
 * - an unreachable or unresponsive database (lib/database-unavailable.ts) as 503
 *   `database_unavailable` with `Retry-After`;
 * - a transaction PostgreSQL rolled back for a deadlock or a serialization failure as 503
 *   `transaction_conflict` with `Retry-After: 1` (nothing was written; sending it again works);
 * - anything else as 500 `internal_error`, logged with the request id, answered without internals.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import {
  DATABASE_RETRY_AFTER_SECONDS,
  isDatabaseUnavailable,
  isTransientConflict,
} from '../lib/database-unavailable.js';
import { AppError, type FieldError } from '../lib/errors.js';

const STATUS_CODES: Record<number, { code: string; title: string }> = {
  400: { code: 'bad_request', title: 'Bad request' },
  401: { code: 'unauthorized', title: 'Unauthorized' },
  403: { code: 'forbidden', title: 'Forbidden' },
  404: { code: 'not_found', title: 'Not found' },
  405: { code: 'method_not_allowed', title: 'Method not allowed' },
  406: { code: 'not_acceptable', title: 'Not acceptable' },
  409: { code: 'conflict', title: 'Conflict' },
  412: { code: 'precondition_failed', title: 'Precondition failed' },
  413: { code: 'payload_too_large', title: 'Payload too large' },
  415: { code: 'unsupported_media_type', title: 'Unsupported media type' },
  422: { code: 'unprocessable_content', title: 'Unprocessable content' },
  429: { code: 'rate_limited', title: 'Too many requests' },
  503: { code: 'service_unavailable', title: 'Service unavailable' },
};

/** Fastify error codes that deserve a more precise stable code than their status gives. */
const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
};

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code: string;
  errors?: FieldError[];
}

/** Sends a problem+json answer. */
export function sendProblem(
  reply: FastifyReply,
  problem: Omit<ProblemBody, 'type'> & { type?: string },
  headers: Record<string, string> = {},
): FastifyReply {
  const body: ProblemBody = { type: `/problems/${problem.code.replace(/_/g, '-')}`, ...problem };
  return reply
    .code(problem.status)
    .headers(headers)
    .type('application/problem+json; charset=utf-8')
    .serializer((payload: unknown) => JSON.stringify(payload))
    .send(body);
}

function problemFromValidation(error: FastifyError): ProblemBody | null {
  if (!hasZodFastifySchemaValidationErrors(error)) return null;
  const where = error.validationContext ?? 'body';
  const errors: FieldError[] = error.validation.flatMap((issue) => {
    const at = issue.instancePath.replace(/^\//, '').replace(/\//g, '.');
    // Unknown keys: one error per unknown field (or query parameter), so the caller sees exactly
    // what was refused.
    if (issue.keyword === 'unrecognized_keys') {
      const keys = (issue.params as { keys?: string[] }).keys ?? [];
      const message = where === 'querystring' ? 'unknown query parameter' : 'unknown field';
      return keys.map((key) => ({ path: at ? `${at}.${key}` : key, message }));
    }
    return [{ path: at || where, message: issue.message ?? 'invalid value' }];
  });
  return {
    type: '/problems/validation-failed',
    title: 'Validation failed',
    status: 400,
    code: 'validation_failed',
    detail: `The request ${where} is invalid: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
    errors,
  };
}

async function problemDetails(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof AppError) {
      return sendProblem(
        reply,
        {
          title: error.title,
          status: error.status,
          detail: error.message,
          code: error.code,
          ...(error.errors ? { errors: error.errors } : {}),
        },
        error.headers,
      );
    }
    const validation = problemFromValidation(error);
    if (validation) return sendProblem(reply, validation);

    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const known = STATUS_CODES[status] ?? { code: 'bad_request', title: 'Bad request' };
      const headers: Record<string, string> = {};
      const retryAfter = reply.getHeader('retry-after');
      if (retryAfter !== undefined) headers['Retry-After'] = String(retryAfter);
      return sendProblem(
        reply,
        {
          title: known.title,
          status,
          code: FASTIFY_CODES[error.code] ?? known.code,
          detail: error.message,
        },
        headers,
      );
    }
    if (error.code === 'FST_UNDER_PRESSURE') {
      // Load shedding (@fastify/under-pressure): the reply already carries Retry-After.
      request.log.warn('shedding load: answering 503');
      return sendProblem(reply, {
        title: 'Service unavailable',
        status: 503,
        code: 'service_unavailable',
        detail: 'The server is overloaded; retry after the delay in Retry-After.',
      });
    }
    if (isDatabaseUnavailable(error)) {
      // Temporary: the server recovers by itself when the database returns (RFC 9110 §15.6.4).
      request.log.warn({ err: error }, 'database unavailable: answering 503');
      return sendProblem(
        reply,
        {
          title: 'Service unavailable',
          status: 503,
          code: 'database_unavailable',
          detail: `The database is unavailable right now; retry in ${DATABASE_RETRY_AFTER_SECONDS} seconds.`,
        },
        { 'Retry-After': String(DATABASE_RETRY_AFTER_SECONDS) },
      );
    }
    if (isTransientConflict(error)) {
      // Rolled back whole by PostgreSQL to let another transaction on: sending it again works.
      request.log.warn({ err: error }, 'transaction conflict: answering 503');
      return sendProblem(
        reply,
        {
          title: 'Service unavailable',
          status: 503,
          code: 'transaction_conflict',
          detail: 'The change met a concurrent one and was not made; send it again.',
        },
        { 'Retry-After': '1' },
      );
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(reply, {
      title: 'Internal server error',
      status: status >= 500 && status < 600 ? status : 500,
      code: status === 503 ? 'service_unavailable' : 'internal_error',
      detail: `Something went wrong on our side. Quote request id ${request.id} when reporting it.`,
    });
  });
}

export default fp(problemDetails, { name: 'problem-details', fastify: '5.x' });
