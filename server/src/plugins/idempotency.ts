/**
 * `Idempotency-Key` on POST (docs/product.md "REST API conventions", docs/api.md "Idempotency";
 * the IETF httpapi "Idempotency-Key HTTP header field" draft; Stripe's semantics):
 * - the first request with a key runs and its answer (status, body, Location/ETag) is kept
 *   24 hours, per organization and caller;
 * - a retry with the same key and the same method, path and body gets that answer again, with
 *   `Idempotent-Replayed: true`, and nothing runs twice;
 * - the same key with another body or path → 422 `idempotency_key_reused`;
 * - 5xx answers are not kept, so the client may retry them.
 * Applies to every authenticated POST under /api (not sign-in, not the public tracker), unless
 * the route says `config: { idempotency: false }`.
 *
 * In progress, and an instance that dies (several instances share the records, docs/scaling.md):
 * the first request inserts a reservation (a row without answer) whose `expiresAt` is a lease of
 * LEASE_SECONDS on the database's clock, renewed every LEASE_RENEW_MS while the request runs.
 * A retry meanwhile gets 409 `idempotency_in_progress` with `Retry-After` = the lease's seconds
 * left. The answer is written in `onSend`, after the handler's transaction committed; an
 * instance that dies between the two leaves a reservation whose lease lapses without an answer.
 * What a retry then gets depends on the route:
 * - routes that record their answer in the transaction that does their work
 *   (`config: { idempotency: 'in-transaction' }`, with recordIdempotentAnswer; today
 *   `POST /api/tickets`): the work and the answer commit together, so a lapsed reservation
 *   without an answer means the work never committed. The retry deletes it and runs, as a first
 *   request. If the first request was only stalled and commits later, recording its answer finds
 *   its reservation gone and throws, rolling its work back (409 `idempotency_in_progress`): one
 *   of the two commits, never both;
 * - other routes: whether the work committed cannot be told, so the retry is never run: 409
 *   `idempotency_outcome_unknown`, without Retry-After (the client checks the resource, then
 *   uses a new key). The reservation is swept 24 hours after it was made.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Prisma } from '../lib/db.js';
import { AppError, ValidationError } from '../lib/errors.js';
import {
  deleteExpiredIdempotencyRecord,
  deleteExpiredIdempotencyRecords,
  deleteIdempotencyReservation,
  deleteLapsedIdempotencyReservation,
  findIdempotencyRecord,
  insertIdempotencyRecord,
  renewIdempotencyLease,
  saveIdempotentResponse,
  type IdempotentAnswer,
} from './idempotency.repository.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * false: this POST ignores Idempotency-Key (e.g. its answer holds a secret that must not be
     * kept). 'in-transaction': the route records its answer with recordIdempotentAnswer in the
     * transaction that does its work, so a retry may take over a reservation whose lease lapsed.
     */
    idempotency?: boolean | 'in-transaction';
  }
  interface FastifyRequest {
    /** The idempotency record this request fills in when it completes. */
    idempotencyRecordId?: string;
    /** The timer renewing that record's lease while the request runs. */
    idempotencyLease?: NodeJS.Timeout;
  }
}

const TTL_HOURS = 24;
/** Lease of a reservation (seconds), and how often the running request renews it (ms). */
export const LEASE_SECONDS = 15;
const LEASE_RENEW_MS = 5_000;
const KEPT_HEADERS = ['location', 'etag', 'content-type'] as const;

/**
 * Whether a request honours `Idempotency-Key`: a POST under /api, not sign-in nor the public
 * tracker, on a route without `config.idempotency: false`. `path` is the request's path or the
 * route's pattern (the OpenAPI document declares the header with the same rule).
 */
export function honoursIdempotencyKey(
  method: string,
  path: string,
  config: { idempotency?: boolean | 'in-transaction' } = {},
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

/** 409 `idempotency_in_progress`: the first request with the key is running. */
function inProgress(retryAfterSeconds: number): AppError {
  return new AppError(
    409,
    'idempotency_in_progress',
    'Request in progress',
    'A request with this Idempotency-Key is still being processed; retry shortly.',
    undefined,
    { 'Retry-After': String(Math.max(1, retryAfterSeconds)) },
  );
}

/** Stops renewing the lease of the request's reservation. */
function stopLease(request: FastifyRequest): void {
  if (request.idempotencyLease) clearInterval(request.idempotencyLease);
  request.idempotencyLease = undefined;
}

/**
 * Records the answer of a request with `Idempotency-Key` in the caller's transaction `tx`, the
 * one that does the request's work, so that the work and its answer commit together (routes with
 * `config: { idempotency: 'in-transaction' }`; `answer.body` as the route will send it). Does
 * nothing without a key.
 * @throws AppError 409 `idempotency_in_progress` when the reservation is no longer this
 *   request's (a retry took it over after its lease lapsed): the transaction must roll back.
 */
export async function recordIdempotentAnswer(
  request: FastifyRequest,
  tx: Prisma.TransactionClient,
  answer: IdempotentAnswer,
): Promise<void> {
  const id = request.idempotencyRecordId;
  if (!id) return;
  const body: unknown = JSON.parse(JSON.stringify(answer.body ?? null));
  const saved = await saveIdempotentResponse(
    tx,
    id,
    { ...answer, body },
    { ttlHours: TTL_HOURS, onlyReservation: true },
  );
  if (!saved) throw inProgress(1);
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

    const inTransaction = request.routeOptions.config.idempotency === 'in-transaction';
    for (let attempt = 0; attempt < 3; attempt++) {
      const insertedId = await insertIdempotencyRecord(app.prisma, {
        organizationId: principal.organizationId,
        principal: owner,
        key,
        method: request.method,
        path,
        requestHash,
        leaseSeconds: LEASE_SECONDS,
      });
      if (insertedId) {
        request.idempotencyRecordId = insertedId;
        request.idempotencyLease = setInterval(() => {
          renewIdempotencyLease(app.prisma, insertedId, LEASE_SECONDS).catch((err: unknown) =>
            request.log.warn({ err }, 'idempotency lease not renewed'),
          );
        }, LEASE_RENEW_MS);
        request.idempotencyLease.unref();
        return;
      }
      const existing = await findIdempotencyRecord(app.prisma, {
        organizationId: principal.organizationId,
        principal: owner,
        key,
      });
      if (!existing) continue; // deleted meanwhile (a 5xx, expired, taken over): try again
      if (existing.statusCode !== null && existing.expired) {
        await deleteExpiredIdempotencyRecord(app.prisma, existing.id);
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
      if (existing.statusCode !== null) {
        const headers = (existing.responseHeaders ?? {}) as Record<string, string>;
        return reply
          .code(existing.statusCode)
          .headers(headers)
          .header('Idempotent-Replayed', 'true')
          .serializer((payload: unknown) => JSON.stringify(payload))
          .send(existing.responseBody);
      }
      if (!existing.expired) throw inProgress(existing.secondsLeft);
      // The lease lapsed without an answer: the instance running the request stopped or stalled.
      if (inTransaction || existing.ageHours >= TTL_HOURS) {
        await deleteLapsedIdempotencyReservation(app.prisma, existing.id);
        continue;
      }
      throw new AppError(
        409,
        'idempotency_outcome_unknown',
        'Outcome unknown',
        'The first request with this Idempotency-Key stopped before its answer was kept; it may or may not have been applied. Check the resource, then use a new key.',
        [{ path: 'Idempotency-Key', message: 'first request ended without an answer' }],
      );
    }
    throw inProgress(1);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const id = request.idempotencyRecordId;
    if (!id) return payload;
    request.idempotencyRecordId = undefined;
    stopLease(request);
    if (reply.statusCode >= 500) {
      // Unless the route recorded an answer in its transaction (then its work is done).
      await deleteIdempotencyReservation(app.prisma, id);
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
    // Also over an answer recorded in the transaction: the same, as serialized.
    await saveIdempotentResponse(
      app.prisma,
      id,
      { statusCode: reply.statusCode, body, headers },
      { ttlHours: TTL_HOURS, onlyReservation: false },
    );
    return payload;
  });
  app.addHook('onResponse', async (request) => stopLease(request));

  // Expired answers and day-old reservations are removed every 10 minutes.
  const sweep = setInterval(() => {
    deleteExpiredIdempotencyRecords(app.prisma, TTL_HOURS).catch((err: unknown) =>
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
