/**
 * Every error the server sends is RFC 9457 problem+json with the usual headers (Helmet's security
 * headers, X-Request-Id), including the ones Fastify or Node answer before any route runs: an
 * over-long path parameter (414), a malformed URL (400), a method no route implements (405 with
 * Allow), a request line Node's parser refuses (400), load shedding (503), the drain on shutdown
 * (503), and the body errors (413 too large, 400 malformed JSON, 415 media type).
 */
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, testConfig, type TestApp } from './helpers/app.js';

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** One request through node:http (any method token, any path), answer read in full. */
function send(
  port: number,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method, path, headers: options.headers, agent: false },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** The answer is a problem+json of `status`/`code` with the security headers and a request id. */
function expectProblem(res: RawResponse, status: number, code: string) {
  expect(res.status, res.text).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(res.text) as Record<string, unknown>;
  expect(body).toMatchObject({ status, code, type: `/problems/${code.replace(/_/g, '-')}` });
  expect(body.title).toEqual(expect.any(String));
  expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
  expect(res.headers['x-request-id']).toMatch(/^[\w-]{1,64}$/);
  return body;
}

let t: TestApp;
let port: number;

beforeAll(async () => {
  t = await createTestApp({ seed: false });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as AddressInfo).port;
});

afterAll(async () => {
  await t?.close();
});

describe('errors raised before any route', () => {
  it('answers a path parameter over 100 characters with 414 problem+json', async () => {
    const res = await send(port, 'GET', `/api/tickets/${'a'.repeat(101)}`, {
      headers: { 'X-Request-Id': 'long-param-1' },
    });
    expectProblem(res, 414, 'uri_too_long');
    expect(res.headers['x-request-id']).toBe('long-param-1');
    // 100 characters is still routed (and refused by the route's own rules).
    const routed = await send(port, 'GET', `/api/tickets/${'a'.repeat(100)}`);
    expect(routed.status).not.toBe(414);
  });

  it('answers a malformed percent-encoding with 400 problem+json', async () => {
    const res = await send(port, 'GET', '/api/tickets/%E0%A4%A');
    expectProblem(res, 400, 'malformed_url');
  });

  it('answers a request line Node cannot parse with 400 problem+json and closes', async () => {
    const res = await send(port, 'FOO', '/api/health');
    expect(res.headers.connection).toBe('close');
    expectProblem(res, 400, 'bad_request');
  });
});

describe('methods no route implements', () => {
  it('answers TRACE with 405 and the methods of the path in Allow', async () => {
    const res = await send(port, 'TRACE', '/api/tickets');
    const body = expectProblem(res, 405, 'method_not_allowed');
    expect(res.headers.allow).toBe('GET, HEAD, POST');
    expect(body.detail).toContain('TRACE');
  });

  it('answers QUERY with a body (and without a content type) with 405, not 400', async () => {
    const withBody = await send(
      port,
      'QUERY',
      '/api/tickets/00000000-0000-0000-0000-000000000000',
      {
        headers: { 'Content-Type': 'application/json' },
        body: '{"q":1}',
      },
    );
    expectProblem(withBody, 405, 'method_not_allowed');
    expect(withBody.headers.allow).toBe('GET, HEAD, PATCH, DELETE');
    const bare = await send(port, 'QUERY', '/api/health');
    expectProblem(bare, 405, 'method_not_allowed');
    expect(bare.headers.allow).toBe('GET, HEAD');
  });

  it('answers OPTIONS and PROPFIND with 405 too; an unknown path allows nothing', async () => {
    expectProblem(await send(port, 'OPTIONS', '/api/health'), 405, 'method_not_allowed');
    const unknown = await send(port, 'PROPFIND', '/api/no-such-thing');
    expectProblem(unknown, 405, 'method_not_allowed');
    expect(unknown.headers.allow).toBe('');
  });

  it('keeps 404 for implemented methods on unknown paths', async () => {
    expectProblem(await send(port, 'GET', '/api/no-such-thing'), 404, 'not_found');
  });
});

describe('body errors', () => {
  it('answers a body over 1 MiB with 413 problem+json', async () => {
    const res = await send(port, 'POST', '/api/auth/login', {
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'a@b.test', password: 'x'.repeat(1024 * 1024) }),
    });
    expectProblem(res, 413, 'payload_too_large');
  });

  it('answers malformed JSON with 400 problem+json', async () => {
    const res = await send(port, 'POST', '/api/auth/login', {
      headers: { 'Content-Type': 'application/json' },
      body: '{"email": ',
    });
    expectProblem(res, 400, 'malformed_json');
  });

  it('answers an unsupported media type with 415 problem+json', async () => {
    const res = await send(port, 'POST', '/api/auth/login', {
      headers: { 'Content-Type': 'application/x-yaml' },
      body: 'email: a@b.test',
    });
    expectProblem(res, 415, 'unsupported_media_type');
  });
});

describe('503s', () => {
  it('answers load shedding (memory over the limit) with 503 problem+json and Retry-After', async () => {
    // 1 MiB of resident memory: always over, once under-pressure has taken its first sample.
    const shedding = await createTestApp({
      seed: false,
      config: testConfig({ SHED_LOAD_MAX_RSS_MB: '1' }),
    });
    try {
      await shedding.app.listen({ port: 0, host: '127.0.0.1' });
      const sheddingPort = (shedding.app.server.address() as AddressInfo).port;
      let res = await send(sheddingPort, 'GET', '/api/health');
      for (let attempt = 0; attempt < 20 && res.status !== 503; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        res = await send(sheddingPort, 'GET', '/api/health');
      }
      expectProblem(res, 503, 'service_unavailable');
      expect(res.headers['retry-after']).toBe('5');
    } finally {
      await shedding.close();
    }
  });

  it('answers requests that arrive while the server drains with 503 problem+json', async () => {
    const draining = await createTestApp({ seed: false });
    let closed: Promise<void> | undefined;
    try {
      await draining.app.listen({ port: 0, host: '127.0.0.1' });
      const drainingPort = (draining.app.server.address() as AddressInfo).port;
      // A request in flight (headers sent and acknowledged by 100 Continue, body still to come)
      // keeps its connection open through the drain; a second one follows on the same
      // connection once the drain has begun.
      const socket = net.connect(drainingPort, '127.0.0.1');
      let received = '';
      const continued = new Promise<void>((resolve) =>
        socket.on('data', (chunk) => {
          received += chunk.toString('utf8');
          if (received.includes('100 Continue')) resolve();
        }),
      );
      const ended = new Promise<void>((resolve) => socket.on('close', () => resolve()));
      socket.write(
        'POST /api/auth/login HTTP/1.1\r\nHost: docket.test\r\nContent-Type: application/json\r\n' +
          'Content-Length: 2\r\nExpect: 100-continue\r\n\r\n',
      );
      await continued;
      closed = draining.app.close();
      while (draining.app.server.listening) await new Promise((resolve) => setImmediate(resolve));
      socket.write('{}GET /api/health HTTP/1.1\r\nHost: docket.test\r\n\r\n');
      await ended;
      const responses = received
        .split(/(?=HTTP\/1\.1 )/)
        .filter((r) => !r.startsWith('HTTP/1.1 100'));
      const refused = responses.find((r) => r.startsWith('HTTP/1.1 503'));
      expect(refused, received).toBeDefined();
      const [head, body] = refused!.split('\r\n\r\n') as [string, string];
      const headers = Object.fromEntries(
        head
          .split('\r\n')
          .slice(1)
          .map((line) => [
            line.slice(0, line.indexOf(':')).toLowerCase(),
            line.slice(line.indexOf(':') + 1).trim(),
          ]),
      );
      expect(headers.connection).toBe('close');
      expect(headers['retry-after']).toBe('5');
      expectProblem({ status: 503, headers, text: body }, 503, 'shutting_down');
    } finally {
      await (closed ?? draining.app.close());
      await draining.close().catch(() => undefined);
    }
  });
});
