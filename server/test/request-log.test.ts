/**
 * Request logging (plugins/request-log.ts): one line per answered request — method, url,
 * status, response time and request id — instead of Fastify's two, and none for the live
 * stream and the presence heartbeats that every open dashboard tab sends.
 */
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import type { User } from '../src/generated/prisma/client.js';
import type { PrismaClient } from '../src/lib/db.js';
import { testConfig } from './helpers/app.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';
import { authHeader, signIn, TEST_PASSWORD } from './helpers/auth.js';
import { createTicket, createUser } from './helpers/factories.js';

interface LogLine {
  level: number;
  msg: string;
  reqId?: string;
  req?: { method: string; url: string };
  res?: { statusCode: number };
  responseTime?: number;
}

let database: TestDatabase;
let app: FastifyInstance;
let prisma: PrismaClient;
const lines: LogLine[] = [];
let agent: User;
let ticketId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  prisma = database.prisma;
  const config = testConfig();
  agent = await createUser(prisma, { role: 'AGENT' });
  ticketId = (await createTicket(prisma, { organizationId: agent.organizationId })).id;
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        lines.push(JSON.parse(line) as LogLine);
      }
      done();
    },
  });
  app = await buildApp(config, {
    prisma,
    ownsPrisma: false,
    logger: { level: 'info', stream },
  });
  // A route that logs from its handler, and one that fails unexpectedly (its error is logged).
  app.get('/test/logs-twice', async (req) => {
    req.log.info('handler line one');
    req.log.warn('handler line two');
    return { ok: true };
  });
  app.get('/test/fails', async () => {
    throw new Error('unexpected failure for the log test');
  });
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  await database?.drop();
});

/** The log lines of the request with id `reqId`. */
const linesOf = (reqId: string) => lines.filter((line) => line.reqId === reqId);

describe('request log', () => {
  it('writes one line per request with method, url, status, time and request id', async () => {
    const login = await request(app.server)
      .post('/api/auth/login')
      .set('X-Request-Id', 'log-login-1')
      .send({ email: agent.email, password: TEST_PASSWORD });
    expect(login.status).toBe(200);
    const list = await request(app.server)
      .get('/api/tickets?limit=5')
      .set('X-Request-Id', 'log-list-1')
      .set(authHeader(login.body.accessToken));
    expect(list.status).toBe(200);
    const missing = await request(app.server)
      .get('/api/nothing-here')
      .set('X-Request-Id', 'log-404-1');
    expect(missing.status).toBe(404);
    const tooLong = await request(app.server)
      .get(`/api/tickets/${'x'.repeat(150)}`)
      .set('X-Request-Id', 'log-414-1');
    expect(tooLong.status).toBe(414);

    const link = await request(app.server)
      .get('/api/public/tickets/secret-token-part.signature-part')
      .set('X-Request-Id', 'log-link-1');
    expect(link.status).toBeGreaterThanOrEqual(400);

    for (const [reqId, method, url, status] of [
      ['log-link-1', 'GET', '/api/public/tickets/:token', link.status],
      ['log-login-1', 'POST', '/api/auth/login', 200],
      ['log-list-1', 'GET', '/api/tickets?limit=5', 200],
      ['log-404-1', 'GET', '/api/nothing-here', 404],
      ['log-414-1', 'GET', `/api/tickets/${'x'.repeat(150)}`, 414],
    ] as const) {
      const own = linesOf(reqId);
      expect(own, reqId).toHaveLength(1);
      expect(own[0]!.msg).toMatch(new RegExp(`^${method} \\S+ ${status} [\\d.]+ ms$`));
      expect(own[0]!.req).toMatchObject({ method, url });
      expect(own[0]!.res).toEqual({ statusCode: status });
      expect(own[0]!.responseTime).toEqual(expect.any(Number));
    }
    expect(lines.some((line) => /incoming request|request completed/.test(line.msg))).toBe(false);
    // A tracking link's token is a credential: never written to the log.
    expect(JSON.stringify(lines)).not.toContain('secret-token-part');
  });

  it('writes no line for presence heartbeats', async () => {
    const auth = authHeader(await signIn({ http: () => request(app.server) }, agent));
    const ticket = { id: ticketId };
    const calls = [
      request(app.server).put(`/api/tickets/${ticket.id}/presence`).send({ state: 'viewing' }),
      request(app.server).get(`/api/tickets/${ticket.id}/presence`),
      request(app.server).delete(`/api/tickets/${ticket.id}/presence`),
    ];
    const ids = ['log-presence-put', 'log-presence-get', 'log-presence-delete'];
    for (const [index, call] of calls.entries()) {
      const res = await call.set(auth).set('X-Request-Id', ids[index]!);
      expect(res.status, ids[index]).toBeLessThan(300);
    }
    // The line of a request after them is written, so theirs would be there by now.
    const after = await request(app.server).get('/api/health').set('X-Request-Id', 'log-after');
    expect(after.status).toBe(200);
    expect(linesOf('log-after')).toHaveLength(1);
    for (const id of ids) expect(linesOf(id), id).toHaveLength(0);
    expect(lines.some((line) => line.msg?.includes('/presence'))).toBe(false);
  });

  it('keeps a well-formed X-Request-Id, echoes it, and puts it on every line of the request', async () => {
    const res = await request(app.server).get('/test/logs-twice').set('X-Request-Id', 'lb-abc_123');
    expect(res.status).toBe(200);
    expect(res.headers['x-request-id']).toBe('lb-abc_123');
    const own = linesOf('lb-abc_123');
    expect(own.map((line) => line.msg)).toEqual([
      'handler line one',
      'handler line two',
      expect.stringMatching(/^GET \/test\/logs-twice 200 /),
    ]);
    // An unexpected error: its error line and the request line carry the id, which the
    // problem+json also gives.
    const failed = await request(app.server).get('/test/fails').set('X-Request-Id', 'fail-1');
    expect(failed.status).toBe(500);
    expect(failed.headers['x-request-id']).toBe('fail-1');
    const failLines = linesOf('fail-1');
    expect(failLines.length).toBeGreaterThanOrEqual(2);
    expect(failLines.some((line) => line.level >= 50)).toBe(true);
    expect(failLines.at(-1)!.msg).toMatch(/^GET \/test\/fails 500 /);
    expect(JSON.stringify(failed.body)).toContain('fail-1');
  });

  it('replaces an over-long or unsafe X-Request-Id with a new one, logged and echoed, never the one sent', async () => {
    const sent = ['r'.repeat(65), 'evil\u2028id', 'id with spaces', 'x"}{"admin":true', 'ok;drop'];
    for (const id of sent) {
      const before = lines.length;
      const res = await request(app.server)
        .get('/test/logs-twice')
        .set('X-Request-Id', encodeURI(id));
      expect(res.status, id).toBe(200);
      const given = res.headers['x-request-id'] as string;
      expect(given, id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      const written = lines.slice(before);
      expect(written.length, id).toBe(3);
      for (const line of written) expect(line.reqId, id).toBe(given);
      expect(JSON.stringify(written), id).not.toContain(encodeURI(id));
    }
  });
});
