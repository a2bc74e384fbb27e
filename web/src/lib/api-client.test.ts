import { describe, expect, it } from 'vitest';
import { problem } from '@/testing/fixtures';
import { json, mockFetch, problemJson } from '@/testing/mock-fetch';
import { ApiError, api, parseRetryAfter, toSearchParams } from './api-client';
import { SESSION_STORAGE_KEY, getSessionToken, setSession } from './session';

async function caught(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected the request to fail');
}

describe('api client', () => {
  it('sends JSON with the bearer token under /api', async () => {
    setSession('token-123', 3600);
    const { requests } = mockFetch({ 'POST /api/tickets': () => json({ ok: true }, 201) });

    await expect(api.post('/tickets', { subject: 'Hello there' })).resolves.toEqual({ ok: true });

    const [request] = requests;
    expect(request?.headers.get('authorization')).toBe('Bearer token-123');
    expect(request?.headers.get('content-type')).toBe('application/json');
    expect(request?.body).toEqual({ subject: 'Hello there' });
  });

  it('parses a problem+json answer into an error with per-field messages', async () => {
    mockFetch({
      'POST /api/tickets': () =>
        problemJson(
          problem({
            status: 400,
            title: 'Bad Request',
            code: 'validation_failed',
            detail: 'The request body is not valid.',
            errors: [
              { path: 'subject', message: 'Too short' },
              { path: 'tags.2', message: 'Bad tag' },
              { path: 'tags.3', message: 'Another bad tag' },
            ],
          }),
        ),
    });

    const error = await caught(api.post('/tickets', {}));

    expect(error.status).toBe(400);
    expect(error.code).toBe('validation_failed');
    expect(error.detail).toBe('The request body is not valid.');
    expect(error.message).toBe('The request body is not valid.');
    // `tags.2` belongs to the `tags` field; the first message per field wins.
    expect(error.fieldErrors).toEqual({ subject: 'Too short', tags: 'Bad tag' });
  });

  it('ends the session on a 401, so the app goes to sign-in', async () => {
    setSession('expired-on-the-server', 3600);
    mockFetch({
      'GET /api/tickets': () =>
        problemJson(problem({ status: 401, code: 'unauthorized', title: 'Unauthorized' })),
    });

    const error = await caught(api.get('/tickets'));

    expect(error.status).toBe(401);
    expect(getSessionToken()).toBeNull();
    expect(window.localStorage.getItem(SESSION_STORAGE_KEY)).toBeNull();
  });

  it('renews the access token once on a 401 and sends the request again', async () => {
    setSession('expired-token', 3600);
    const { requests } = mockFetch({
      'GET /api/tickets': ({ headers }) =>
        headers.get('authorization') === 'Bearer fresh-token'
          ? json({ data: [] })
          : problemJson(problem({ status: 401, code: 'unauthorized', title: 'Unauthorized' })),
      'POST /api/auth/refresh': () =>
        json({ accessToken: 'fresh-token', tokenType: 'Bearer', expiresIn: 900, user: {} }),
    });

    await expect(api.get('/tickets')).resolves.toEqual({ data: [] });

    expect(requests.map((r) => `${r.method} ${r.url.pathname}`)).toEqual([
      'GET /api/tickets',
      'POST /api/auth/refresh',
      'GET /api/tickets',
    ]);
    expect(getSessionToken()).toBe('fresh-token');
  });

  it('shares one refresh among requests that meet a 401 at the same time', async () => {
    setSession('expired-token', 3600);
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { requests } = mockFetch({
      'GET /api/tickets': ({ headers }) =>
        headers.get('authorization') === 'Bearer fresh-token'
          ? json({ data: [] })
          : problemJson(problem({ status: 401, code: 'unauthorized', title: 'Unauthorized' })),
      'GET /api/chats': ({ headers }) =>
        headers.get('authorization') === 'Bearer fresh-token'
          ? json({ data: ['chat'] })
          : problemJson(problem({ status: 401, code: 'unauthorized', title: 'Unauthorized' })),
      'POST /api/auth/refresh': async () => {
        await gate;
        return json({ accessToken: 'fresh-token', tokenType: 'Bearer', expiresIn: 900, user: {} });
      },
    });

    const both = Promise.all([api.get('/tickets'), api.get('/chats')]);
    await new Promise((resolve) => setTimeout(resolve, 10));
    release();

    await expect(both).resolves.toEqual([{ data: [] }, { data: ['chat'] }]);
    expect(requests.filter((r) => r.url.pathname === '/api/auth/refresh')).toHaveLength(1);
  });

  it('ends the session when the refresh fails too', async () => {
    setSession('expired-token', 3600);
    const { requests } = mockFetch({
      'GET /api/tickets': () =>
        problemJson(problem({ status: 401, code: 'unauthorized', title: 'Unauthorized' })),
      'POST /api/auth/refresh': () =>
        problemJson(problem({ status: 401, code: 'unauthorized', title: 'Unauthorized' })),
    });

    const error = await caught(api.get('/tickets'));

    expect(error.status).toBe(401);
    expect(getSessionToken()).toBeNull();
    // Once: no loop of refreshes.
    expect(requests.filter((r) => r.url.pathname === '/api/auth/refresh')).toHaveLength(1);
  });

  it('does not try to renew on a failed sign-in', async () => {
    const { requests } = mockFetch({
      'POST /api/auth/login': () =>
        problemJson(problem({ status: 401, code: 'unauthorized', title: 'Unauthorized' })),
    });
    const error = await caught(api.post('/auth/login', { email: 'a@b.test', password: 'x' }));
    expect(error.status).toBe(401);
    expect(requests).toHaveLength(1);
  });

  it('keeps the session on other errors', async () => {
    setSession('still-good', 3600);
    mockFetch({
      'GET /api/tickets/TKT-09999': () =>
        problemJson(problem({ status: 404, code: 'not_found', title: 'Not Found' })),
    });

    const error = await caught(api.get('/tickets/TKT-09999'));

    expect(error.status).toBe(404);
    expect(getSessionToken()).toBe('still-good');
  });

  it('turns a non-JSON failure (a proxy page) into an error with the HTTP status', async () => {
    mockFetch({
      'GET /api/tickets': () =>
        new Response('<html>Bad gateway</html>', {
          status: 502,
          statusText: 'Bad Gateway',
          headers: { 'Content-Type': 'text/html' },
        }),
    });

    const error = await caught(api.get('/tickets'));

    expect(error.status).toBe(502);
    expect(error.title).toBe('Bad Gateway');
    expect(error.fieldErrors).toEqual({});
  });

  it('reports an unreachable server as a network error', async () => {
    mockFetch({
      'GET /api/tickets': () => {
        throw new TypeError('Failed to fetch');
      },
    });

    const error = await caught(api.get('/tickets'));

    expect(error.code).toBe('network_error');
    expect(error.status).toBe(0);
  });

  it('encodes list filters as the API expects', () => {
    const search = toSearchParams({
      status: ['OPEN', 'NEW'],
      priority: [],
      assigneeId: null,
      limit: 25,
      cursor: undefined,
      q: '',
    });
    expect(search.toString()).toBe('status=OPEN%2CNEW&limit=25');
  });
});

describe('Retry-After', () => {
  it('reads delay-seconds and HTTP-dates, and ignores what it cannot read', () => {
    const now = Date.parse('2026-03-02T10:00:00.000Z');
    expect(parseRetryAfter('42', now)).toBe(42);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Mon, 02 Mar 2026 10:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('Mon, 02 Mar 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it("carries a 429's Retry-After on the error", async () => {
    mockFetch({
      'POST /api/public/track': () =>
        new Response(JSON.stringify(problem({ status: 429, code: 'rate_limited' })), {
          status: 429,
          headers: { 'Content-Type': 'application/problem+json', 'Retry-After': '17' },
        }),
    });
    const error = await caught(api.post('/public/track', {}));
    expect(error.code).toBe('rate_limited');
    expect(error.retryAfterSeconds).toBe(17);
  });
});

describe('session', () => {
  it('treats an expired token as signed out', () => {
    setSession('old', -1);
    expect(getSessionToken()).toBeNull();
  });

  it('treats a corrupt stored session as signed out', () => {
    window.localStorage.setItem(SESSION_STORAGE_KEY, '{not json');
    expect(getSessionToken()).toBeNull();
  });
});
