import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../lib/errors.js';
const STATUS_CODES = {
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
const FASTIFY_CODES = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
};
/** Sends a problem+json answer. */
export function sendProblem(reply, problem, headers = {}) {
  const body = { type: `/problems/${problem.code.replace(/_/g, '-')}`, ...problem };
  return reply
    .code(problem.status)
    .headers(headers)
    .type('application/problem+json; charset=utf-8')
    .serializer((payload) => JSON.stringify(payload))
    .send(body);
}
function problemFromValidation(error) {
  if (!hasZodFastifySchemaValidationErrors(error)) return null;
  const where = error.validationContext ?? 'body';
  const errors = error.validation.flatMap((issue) => {
    const at = issue.instancePath.replace(/^\//, '').replace(/\//g, '.');
    // Unknown keys: one error per unknown field, so the caller sees exactly what was refused.
    if (issue.keyword === 'unrecognized_keys') {
      const keys = issue.params.keys ?? [];
      return keys.map((key) => ({ path: at ? `${at}.${key}` : key, message: 'unknown field' }));
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
async function problemDetails(app) {
  app.setErrorHandler((error, request, reply) => {
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
      const headers = {};
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
//# sourceMappingURL=problem-details.js.map
