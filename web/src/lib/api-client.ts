/**
 * The one way the SPA talks to the API: JSON over fetch under /api, the bearer token attached,
 * and every failure turned into an `ApiError` built from the RFC 9457 problem the server sends.
 * A 401 first renews the access token with the session's refresh cookie (`refreshSession`, one
 * request shared by every caller) and sends the request once more; when that fails too the
 * session ends, whatever the request was: the guarded routes then go to sign-in.
 */
import type { LoginResponse } from '@docket/server/contract/auth';
import type { Problem } from '@docket/server/contract/domain';
import { clearSession, getSessionToken, setSession } from './session';

export const API_BASE = '/api';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string | undefined;
  /** Problem `errors[]` by body field (`tags.2` is filed under `tags`), first message per field. */
  readonly fieldErrors: Readonly<Record<string, string>>;
  readonly problem: Problem;
  /**
   * Seconds to wait before asking again, from the answer's `Retry-After` header (429 rate
   * limits, 503 load shedding), or undefined when it had none.
   */
  readonly retryAfterSeconds: number | undefined;

  constructor(problem: Problem, options: { retryAfterSeconds?: number } = {}) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
    this.problem = problem;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.status = problem.status;
    this.code = problem.code;
    this.title = problem.title;
    this.detail = problem.detail;
    this.fieldErrors = fieldErrorsOf(problem);
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

function fieldErrorsOf(problem: Problem): Record<string, string> {
  const byField: Record<string, string> = {};
  for (const { path, message } of problem.errors ?? []) {
    const field = path.split('.')[0] ?? '';
    if (field && !(field in byField)) byField[field] = message;
  }
  return byField;
}

function isProblem(value: unknown): value is Problem {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate.status === 'number' && typeof candidate.title === 'string';
}

async function problemFrom(response: Response): Promise<Problem> {
  const fallback: Problem = {
    type: 'about:blank',
    title: response.statusText || `HTTP ${response.status}`,
    status: response.status,
    code: 'http_error',
  };
  const contentType = response.headers.get('content-type') ?? '';
  if (!contentType.includes('json')) return fallback;
  try {
    const body: unknown = await response.json();
    if (!isProblem(body)) return fallback;
    return { ...fallback, ...body, code: body.code ?? fallback.code };
  } catch {
    return fallback;
  }
}

/**
 * `Retry-After` (RFC 9110 §10.2.3) in whole seconds from `now`: either delay-seconds (`"42"`) or
 * an HTTP-date, which is counted from `now` (never below 0). Undefined when absent or unreadable.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text);
  // An HTTP-date names its day and month ("Mon, 02 Mar 2026 10:00:30 GMT"); V8 would read
  // "-5" as a year.
  if (!/^[A-Za-z]{3}, /.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

export type QueryParams = Record<string, string | number | readonly string[] | null | undefined>;

/** `{status: ['OPEN','NEW'], limit: 25, cursor: undefined}` → `status=OPEN%2CNEW&limit=25`. */
export function toSearchParams(params: QueryParams): URLSearchParams {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length) search.set(name, value.join(','));
    } else {
      search.set(name, String(value));
    }
  }
  return search;
}

export type RequestOptions = {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  params?: QueryParams;
  headers?: Record<string, string>;
  signal?: AbortSignal;
};

/** The refresh in flight, shared by every request that met a 401 meanwhile. */
let refreshing: Promise<string | null> | null = null;

/**
 * `POST /api/auth/refresh` (docs/api.md "Auth"): exchanges the session's httpOnly refresh cookie
 * for a new access token, stores it and resolves with it; null when there is no session to
 * renew (signed out, ended elsewhere, a network failure). Single-flight: callers during a refresh
 * share it — the refresh token works once, and a second use would end the session. Across tabs,
 * a Web Lock serializes refreshes, and a tab that finds a token newer than `stale` (another tab
 * renewed it) uses that one instead.
 */
export function refreshSession(stale: string | null = getSessionToken()): Promise<string | null> {
  refreshing ??= withRefreshLock(async () => {
    const current = getSessionToken();
    if (current && current !== stale) return current;
    try {
      const response = await fetch(`${API_BASE}/auth/refresh`, {
        method: 'POST',
        headers: { Accept: 'application/json, application/problem+json' },
        credentials: 'same-origin',
      });
      if (!response.ok) return null;
      const answer = (await response.json()) as LoginResponse;
      setSession(answer.accessToken, answer.expiresIn);
      return answer.accessToken;
    } catch {
      return null;
    }
  }).finally(() => {
    refreshing = null;
  });
  return refreshing;
}

/** Runs `task` under the `docket.refresh` Web Lock where the browser has them (all tabs). */
function withRefreshLock<T>(task: () => Promise<T>): Promise<T> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  if (!locks) return task();
  // The lock is held until the callback's promise settles: the task, whatever its outcome.
  return new Promise<T>((resolve, reject) => {
    void locks.request('docket.refresh', () => task().then(resolve, reject));
  });
}

/** Requests whose 401 means what it says (a wrong password, a link): no refresh for them. */
const NO_REFRESH = /^\/(auth\/(login|refresh|logout|password-reset)|invitations\/accept|public\/)/;

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return send<T>(path, options, getSessionToken(), !NO_REFRESH.test(path));
}

/** One try of `apiRequest` with `token`; on a 401, renews the token and tries once more if `renew`. */
async function send<T>(
  path: string,
  options: RequestOptions,
  token: string | null,
  renew: boolean,
): Promise<T> {
  const { method = 'GET', body, params, signal } = options;
  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    ...options.headers,
  };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';

  const query = params ? toSearchParams(params).toString() : '';
  const url = `${API_BASE}${path}${query ? `?${query}` : ''}`;

  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError({
      type: 'about:blank',
      title: 'Network error',
      status: 0,
      code: 'network_error',
      detail: error instanceof Error ? error.message : undefined,
    });
  }

  if (!response.ok) {
    if (response.status === 401 && renew) {
      const renewed = await refreshSession(token);
      if (renewed) return send<T>(path, options, renewed, false);
    }
    if (response.status === 401) clearSession();
    throw new ApiError(await problemFrom(response), {
      retryAfterSeconds: parseRetryAfter(response.headers.get('Retry-After')),
    });
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export const api = {
  get: <T>(path: string, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    apiRequest<T>(path, { ...options, method: 'GET' }),
  post: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    apiRequest<T>(path, { ...options, method: 'POST', body }),
  patch: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    apiRequest<T>(path, { ...options, method: 'PATCH', body }),
};
