/**
 * The HTTP client of webhook deliveries: one POST per attempt through undici's fetch (Node's own
 * fetch implementation, here as a package so that its connection hook can be set), with
 * - the SSRF guard at connection time (webhook-ssrf.ts, undici Agent `connect`);
 * - `redirect: 'manual'`: a 3xx is a failed attempt, never followed (a redirect could lead
 *   anywhere, past the guard's intent; Standard Webhooks and Stripe do the same);
 * - one time limit for the whole attempt (WEBHOOK_TIMEOUT_MS, 10 s by default): connect, send,
 *   answer and the excerpt of the body;
 * - at most EXCERPT_READ_BYTES of the answer read, for the delivery log; the rest is discarded.
 * The outcome is a plain record for the delivery log; nothing here throws for a failed attempt.
 */
import { Agent, fetch } from 'undici';
import { createGuardedConnector, type AddressPolicy, type ResolveHost } from './webhook-ssrf.js';

/** Bytes of an answer's body read for the delivery log's excerpt. */
export const EXCERPT_READ_BYTES = 4096;
/** Characters of the excerpt kept. */
export const EXCERPT_MAX_CHARS = 1000;

/** What one attempt gave. `ok` is true for a 2xx answer only (Standard Webhooks). */
export interface WebhookAttemptResult {
  ok: boolean;
  /** The answer's status, or null when there was no answer (refused, timeout, network error). */
  statusCode: number | null;
  /** From the start of the request to the end of the excerpt, in ms. */
  latencyMs: number;
  /** The start of the answer's body (UTF-8, at most EXCERPT_MAX_CHARS), or null. */
  responseExcerpt: string | null;
  /** Why the attempt failed, for the delivery log; null on success. */
  error: string | null;
  /** The answer's `Retry-After`, in ms from now, when it had a valid one. */
  retryAfterMs: number | null;
}

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface WebhookHttpClient {
  /** POSTs `body` with `headers` to `url` once; never throws. */
  send(request: WebhookRequest): Promise<WebhookAttemptResult>;
  /** Closes the kept-alive connections, letting requests in flight finish. */
  close(): Promise<void>;
  /** Closes at once: requests in flight fail (their deliveries are retried). */
  destroy(): Promise<void>;
}

export interface WebhookHttpClientOptions {
  policy: AddressPolicy;
  /** Time limit of one attempt, in ms. */
  timeoutMs: number;
  /** Sent as User-Agent. */
  userAgent: string;
  /** DNS resolution (tests stub it to check the guard without touching the network). */
  resolve?: ResolveHost;
}

/** A client whose connections pass through the SSRF guard of `options.policy`. */
export function createWebhookHttpClient(options: WebhookHttpClientOptions): WebhookHttpClient {
  const agent = new Agent({
    connect: createGuardedConnector(options.policy, {
      timeoutMs: options.timeoutMs,
      ...(options.resolve ? { resolve: options.resolve } : {}),
    }),
    keepAliveTimeout: 4_000,
    connections: 16,
  });

  async function send(request: WebhookRequest): Promise<WebhookAttemptResult> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    try {
      const response = await fetch(request.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': options.userAgent,
          ...request.headers,
        },
        body: request.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(options.timeoutMs),
        dispatcher: agent,
      });
      const statusCode = response.status || null;
      const responseExcerpt = await readExcerpt(response.body);
      const ok = response.status >= 200 && response.status < 300;
      let error: string | null = null;
      if (!ok) {
        const location = response.headers.get('location');
        error =
          response.type === 'opaqueredirect' ||
          (statusCode && statusCode >= 300 && statusCode < 400)
            ? `redirect${location ? ` to ${location.slice(0, 200)}` : ''} not followed (answer ${statusCode ?? '3xx'}): answer 2xx at the URL itself`
            : `answered ${statusCode}${response.statusText ? ` ${response.statusText}` : ''}`;
      }
      return {
        ok,
        statusCode,
        latencyMs: elapsed(),
        responseExcerpt,
        error,
        retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), new Date()),
      };
    } catch (error) {
      return {
        ok: false,
        statusCode: null,
        latencyMs: elapsed(),
        responseExcerpt: null,
        error: describeFailure(error, options.timeoutMs),
        retryAfterMs: null,
      };
    }
  }

  return { send, close: () => agent.close(), destroy: () => agent.destroy() };
}

/** Reads at most EXCERPT_READ_BYTES of a body, then lets the rest go. */
async function readExcerpt(body: ReadableStream<Uint8Array> | null): Promise<string | null> {
  if (!body) return null;
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < EXCERPT_READ_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // A body cut short (reset, timeout) still leaves what arrived.
  } finally {
    reader.cancel().catch(() => {});
  }
  if (size === 0) return null;
  const bytes = Buffer.concat(chunks).subarray(0, EXCERPT_READ_BYTES);
  // Invalid UTF-8 becomes U+FFFD; NUL characters are dropped (PostgreSQL text cannot hold them,
  // and a receiver must not be able to make its delivery unrecordable).
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes).replaceAll('\0', '');
  return text.length > EXCERPT_MAX_CHARS ? `${text.slice(0, EXCERPT_MAX_CHARS)}…` : text;
}

/** A readable reason for a request that got no answer: the guard, a timeout, the network. */
export function describeFailure(error: unknown, timeoutMs: number): string {
  const err = error as { name?: string; message?: string; cause?: unknown } | null;
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') {
    return `no answer within ${timeoutMs / 1000} s (timeout)`;
  }
  const cause = (err?.cause ?? err) as { code?: string; name?: string; message?: string } | null;
  if (cause && 'code' in cause && cause.code === 'WEBHOOK_ADDRESS_REFUSED') {
    return `address refused by the SSRF guard: ${cause.message}`;
  }
  if (cause?.name === 'ConnectTimeoutError' || cause?.code === 'UND_ERR_CONNECT_TIMEOUT') {
    return `could not connect within ${timeoutMs / 1000} s (timeout)`;
  }
  const code = cause?.code ? `${cause.code}: ` : '';
  return `${code}${cause?.message ?? String(error)}`.slice(0, 500);
}

/**
 * `Retry-After` (RFC 9110 §10.2.3): delay-seconds or an HTTP-date, as ms from `now`; null when
 * absent or invalid, 0 for a date in the past.
 */
export function parseRetryAfter(value: string | null, now: Date): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d{1,10}$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now.getTime());
}
