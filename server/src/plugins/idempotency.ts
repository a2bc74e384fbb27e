/**
 * `Idempotency-Key` on POST (docs/product.md "REST API conventions"; the IETF httpapi
 * "Idempotency-Key HTTP header field" draft; Stripe's semantics):
 * - the first request with a key runs and its answer (status, body, Location/ETag) is kept
 *   24 hours, per organization and caller;
 * - a retry with the same key and the same method, path and body gets that answer again, with
 *   `Idempotent-Replayed: true`, and nothing runs twice;
 * - the same key with another body or path → 422 `idempotency_key_reused`;
 * - a retry while the first is still running → 409 `idempotency_in_progress` (Retry-After: 1);
 * - 5xx answers are not kept, so the client may retry them.
 * Applies to every authenticated POST under /api (not sign-in, not the public tracker), unless
 * the route says `config: { idempotency: false }`.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, ValidationError } from '../lib/errors.js';
import {
  deleteExpiredIdempotencyRecord,
  deleteExpiredIdempotencyRecords,
  deleteIdempotencyRecord,
  findIdempotencyRecord,
  insertIdempotencyRecord,
  saveIdempotentResponse,
} from './idempotency.repository.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** false: this POST ignores Idempotency-Key (e.g. its answer holds a secret that must not be kept). */
    idempotency?: boolean;
  }
  interface FastifyRequest {
    /** The idempotency record this request fills in when it completes. */
    idempotencyRecordId?: string;
  }
}

const TTL_HOURS = 24;
const KEPT_HEADERS = ['location', 'etag', 'content-type'] as const;

/**
 * Whether a request honours `Idempotency-Key`: a POST under /api, not sign-in nor the public
 * tracker, on a route without `config.idempotency: false`. `path` is the request's path or the
 * route's pattern (the OpenAPI document declares the header with the same rule).
 */
export function honoursIdempotencyKey(
  method: string,
  path: string,
  config: { idempotency?: boolean } = {},
): boolean {
  if (method.toUpperCase() !== 'POST' || config.idempotency === false) return false;
  return (
    path.startsWith('/api/') && !path.startsWith('/api/public/') && !path.startsWith('/api/auth/')
  );
}

function appliesTo(request: FastifyRequest): boolean {
  return honoursIdempotencyKey(
    request.method,
    request.url.split('?')[0] ?? '',
    request.routeOptions.config,
  );
}

async function idempotency(app: FastifyInstance) {
  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    const header = request.headers['idempotency-key'];
    if (header === undefined || !appliesTo(request)) return;
    const key = Array.isArray(header) ? header[0] : header;
    if (!key || key.length > 255 || !/^[\x21-\x7e]+$/.test(key)) {
      throw new ValidationError('Idempotency-Key must be 1–255 visible ASCII characters', [
        { path: 'Idempotency-Key', message: 'invalid idempotency key' },
      ]);
    }
    // Root hooks run before the route's own; the caller must be known to scope the key.
    if (!request.principal) await app.authenticate.call(app, request, reply);
    const principal = request.principal;
    const owner = `${principal.kind}:${principal.id}`;
    const path = request.url.split('?')[0] ?? '';
    const requestHash = createHash('sha256')
      .update(JSON.stringify([request.method, path, request.body ?? null]))
      .digest('hex');

    for (let attempt = 0; attempt < 2; attempt++) {
      const insertedId = await insertIdempotencyRecord(app.prisma, {
        organizationId: principal.organizationId,
        principal: owner,
        key,
        method: request.method,
        path,
        requestHash,
        ttlHours: TTL_HOURS,
      });
      if (insertedId) {
        request.idempotencyRecordId = insertedId;
        return;
      }
      const existing = await findIdempotencyRecord(app.prisma, {
        organizationId: principal.organizationId,
        principal: owner,
        key,
      });
      if (!existing) continue; // deleted meanwhile (a 5xx, or expired): try once more
      if (existing.expiresAt < new Date()) {
        await deleteExpiredIdempotencyRecord(app.prisma, existing.id, new Date());
        continue;
      }
      if (existing.requestHash !== requestHash) {
        throw new AppError(
          422,
          'idempotency_key_reused',
          'Idempotency key reused',
          'This Idempotency-Key was used with another request; use a new key for a new request.',
          [{ path: 'Idempotency-Key', message: 'already used with another request' }],
        );
      }
      if (existing.statusCode === null) {
        throw new AppError(
          409,
          'idempotency_in_progress',
          'Request in progress',
          'A request with this Idempotency-Key is still being processed; retry shortly.',
          undefined,
          { 'Retry-After': '1' },
        );
      }
      const headers = (existing.responseHeaders ?? {}) as Record<string, string>;
      return reply
        .code(existing.statusCode)
        .headers(headers)
        .header('Idempotent-Replayed', 'true')
        .serializer((payload: unknown) => JSON.stringify(payload))
        .send(existing.responseBody);
    }
    throw new AppError(
      409,
      'idempotency_in_progress',
      'Request in progress',
      'Retry shortly.',
      undefined,
      {
        'Retry-After': '1',
      },
    );
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const id = request.idempotencyRecordId;
    if (!id) return payload;
    request.idempotencyRecordId = undefined;
    if (reply.statusCode >= 500) {
      await deleteIdempotencyRecord(app.prisma, id);
      return payload;
    }
    let body: unknown = null;
    if (typeof payload === 'string' && payload.length) {
      try {
        body = JSON.parse(payload);
      } catch {
        body = payload;
      }
    }
    const headers: Record<string, string> = {};
    for (const name of KEPT_HEADERS) {
      const value = reply.getHeader(name);
      if (value !== undefined) headers[name] = String(value);
    }
    await saveIdempotentResponse(app.prisma, id, { statusCode: reply.statusCode, body, headers });
    return payload;
  });

  // Expired records are removed every 10 minutes.
  const sweep = setInterval(() => {
    deleteExpiredIdempotencyRecords(app.prisma, new Date()).catch((err: unknown) =>
      app.log.warn({ err }, 'idempotency sweep failed'),
    );
  }, 10 * 60_000);
  sweep.unref();
  app.addHook('onClose', async () => clearInterval(sweep));
}

export default fp(idempotency, {
  name: 'idempotency',
  dependencies: ['prisma', 'auth'],
  fastify: '5.x',
});
