/**
 * Request logging: one line per answered request, written when the answer is finished —
 * `GET /api/tickets 200 12 ms` with the request id — instead of Fastify's two ("incoming request"
 * then "request completed"). Fields for log shippers (JSON format): `req` (method, url, host,
 * remote address, by Fastify's serializer), `res` (statusCode), `responseTime` (ms), `reqId`.
 *
 * Routes polled or held open by every open dashboard tab (the live stream, presence heartbeats)
 * opt out with the route config `logRequest: false`: they would drown the other lines. Tracking
 * link tokens are replaced by `:token` (they grant access to a ticket).
 */
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** false: no request log line for this route (plugins/request-log.ts). */
    logRequest?: boolean;
  }
}

/** pino-pretty options of the development log (LOG_FORMAT=pretty): one line per entry. */
export const prettyLogOptions = {
  translateTime: 'HH:MM:ss',
  // The request line's fields are in its message; the request id leads every line that has one.
  ignore: 'pid,hostname,reqId,req,res,responseTime',
  messageFormat: '{if reqId}[{reqId}] {end}{msg}',
};

/** Paths whose last part is a bearer secret: a signed tracking link (`/t/…`, its API). */
const SECRET_PATHS = /^(\/t\/|\/api\/public\/tickets\/)[^/?]+/;

/**
 * The URL as logged: the token of a tracking link replaced by `:token`, since logs are read by
 * more people than may open a customer's ticket.
 */
export function redactUrl(url: string): string {
  return url.replace(SECRET_PATHS, '$1:token');
}

/** Fastify's log controller with the one-line request log (see the file's comment). */
export class RequestLogController extends LogController {
  /** Nothing when the request comes in: the line is written when it is answered. */
  override incomingRequest(): void {}

  /**
   * The request's line, at `info` (`error` when writing the answer failed); none for routes with
   * `config.logRequest === false`.
   */
  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    if (request.routeOptions.config?.logRequest === false) return;
    const ms = Math.round(reply.elapsedTime * 10) / 10;
    const url = redactUrl(request.url);
    const line = `${request.method} ${url} ${reply.statusCode} ${ms} ms`;
    const req = { method: request.method, url, host: request.host, ip: request.ip };
    const fields = { req, res: reply, responseTime: ms };
    if (error) reply.log.error({ ...fields, err: error }, line);
    else reply.log.info(fields, line);
  }
}
