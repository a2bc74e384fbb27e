/**
 * Protocol-level answers that no route gives, all RFC 9457 problem+json with the security
 * headers and `X-Request-Id` like every other answer:
 * - `frameworkErrors` (a Fastify server option): a malformed path (`/api/tickets/%E0%A4%A`) is
 *   400 `malformed_url`; a path parameter longer than the router's limit (Fastify's
 *   `maxParamLength`, 100 characters) is 414 `uri_too_long`. Fastify raises both before any hook.
 * - `clientErrorHandler` (a Fastify server option): a request Node's HTTP parser refuses (a
 *   method name it does not know, a broken request line) is 400 `bad_request`, headers over the
 *   size limit 431 `headers_too_large`, a request not received in time 408 `request_timeout`.
 * - the plugin: a method that no route of the app implements (TRACE, QUERY, OPTIONS, PROPFIND, …)
 *   is 405 `method_not_allowed` with `Allow` listing the methods the path does answer (RFC 9110
 *   §15.5.6: a 405 carries Allow); while the server drains on shutdown, every new request is 503
 *   `shutting_down` with `Retry-After` and `Connection: close` (a load balancer retries it on
 *   another instance). Fastify's own 503 while closing (`return503OnClosing`) must be off.
 */
import type { Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import type {
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  LogController,
} from 'fastify';
import fp from 'fastify-plugin';
import { sendProblem, type ProblemBody } from './problem-details.js';

/** Seconds a client waits before retrying a request refused while this server drains. */
const DRAIN_RETRY_AFTER_SECONDS = '5';

/**
 * Fastify's `frameworkErrors` option: 400 `malformed_url` (FST_ERR_BAD_URL), 414 `uri_too_long`
 * (FST_ERR_MAX_PARAM_LENGTH), anything else 500 `internal_error`. No hook runs for these
 * requests, so the security headers and the request id are added here, and the request's log
 * line is written here when the answer is finished.
 */
export function frameworkErrorHandler(
  securityHeaders: Record<string, string>,
  logController: LogController,
) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    reply.headers(securityHeaders).header('X-Request-Id', request.id);
    reply.raw.once('finish', () => logController.requestCompleted(null, request, reply));
    let problem: Omit<ProblemBody, 'type'>;
    if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
      problem = {
        title: 'URI too long',
        status: 414,
        code: 'uri_too_long',
        detail: 'A segment of the path is longer than this server accepts (100 characters).',
      };
    } else if (error.code === 'FST_ERR_BAD_URL') {
      problem = {
        title: 'Bad request',
        status: 400,
        code: 'malformed_url',
        detail: 'The path is not a valid URL (bad percent-encoding).',
      };
    } else {
      request.log.error({ err: error }, 'framework error');
      problem = {
        title: 'Internal server error',
        status: 500,
        code: 'internal_error',
        detail: `Something went wrong on our side. Quote request id ${request.id} when reporting it.`,
      };
    }
    sendProblem(reply, problem);
  };
}

/** The error Node's HTTP server emits as `clientError`. */
type ClientError = Error & { code?: string };

/**
 * Fastify's `clientErrorHandler` option: answers a request that Node's HTTP parser refused (no
 * Fastify request exists) with a problem+json written on the socket, then closes it. A reset
 * connection gets nothing.
 */
export function clientErrorHandler(securityHeaders: Record<string, string>) {
  return function (this: FastifyInstance, error: ClientError, socket: Socket): void {
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const [status, reason, code, title, detail] =
      error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [
            408,
            'Request Timeout',
            'request_timeout',
            'Request timeout',
            'The request took too long to arrive.',
          ]
        : error.code === 'HPE_HEADER_OVERFLOW'
          ? [
              431,
              'Request Header Fields Too Large',
              'headers_too_large',
              'Request headers too large',
              'The request headers are larger than this server accepts.',
            ]
          : [
              400,
              'Bad Request',
              'bad_request',
              'Bad request',
              'The request is not valid HTTP/1.1 (unknown method, broken request line or headers).',
            ];
    const id = randomUUID();
    const body = JSON.stringify({
      type: `/problems/${code.replace(/_/g, '-')}`,
      title,
      status,
      code,
      detail,
    } satisfies ProblemBody);
    this.log.debug({ err: error, reqId: id }, `client error: ${status}`);
    if (socket.writable) {
      const headers = {
        ...securityHeaders,
        'Content-Type': 'application/problem+json; charset=utf-8',
        'Content-Length': String(Buffer.byteLength(body)),
        'X-Request-Id': id,
        Connection: 'close',
      };
      const head = Object.entries(headers)
        .map(([name, value]) => `${name}: ${value}`)
        .join('\r\n');
      socket.write(`HTTP/1.1 ${status} ${reason}\r\n${head}\r\n\r\n${body}`);
    }
    socket.destroy(error);
  };
}

export interface HttpProtocolOptions {
  /**
   * Methods answered for paths no route matches (the SPA's client routes: GET and HEAD when the
   * built dashboard is served), for the 405's Allow; `pathname` has no query string.
   */
  fallbackMethods?: (pathname: string) => string[];
}

/** The 405 for unknown methods and the 503 while draining (see the file's comment). */
async function httpProtocol(app: FastifyInstance, options: HttpProtocolOptions) {
  // Every method some route answers; routes are registered after this plugin.
  const implemented = new Set<string>(['HEAD']);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) implemented.add(method.toUpperCase());
  });

  let draining = false;
  app.addHook('preClose', async () => {
    draining = true;
  });

  /** The methods some route (or the fallback) answers at `url`, in a stable order. */
  function allowedMethods(url: string): string[] {
    const pathname = url.split('?')[0] ?? '/';
    const allowed = new Set(
      [...implemented].filter((method) => app.findRoute({ method, url: pathname }) !== null),
    );
    for (const method of options.fallbackMethods?.(pathname) ?? []) allowed.add(method);
    const order = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];
    return [...allowed].sort((a, b) => order.indexOf(a) - order.indexOf(b) || a.localeCompare(b));
  }

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (draining) {
      reply.header('Connection', 'close');
      return sendProblem(
        reply,
        {
          title: 'Service unavailable',
          status: 503,
          code: 'shutting_down',
          detail: 'This server is shutting down; retry after the delay in Retry-After.',
        },
        { 'Retry-After': DRAIN_RETRY_AFTER_SECONDS },
      );
    }
    if (!implemented.has(request.method)) {
      const allow = allowedMethods(request.url);
      return sendProblem(
        reply,
        {
          title: 'Method not allowed',
          status: 405,
          code: 'method_not_allowed',
          detail: `${request.method} is not supported here${allow.length ? `; use ${allow.join(', ')}` : ''}.`,
        },
        { Allow: allow.join(', ') },
      );
    }
  });
}

export default fp(httpProtocol, { name: 'http-protocol', fastify: '5.x' });
