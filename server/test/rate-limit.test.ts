// Rate limits (plugins/rate-limit.ts): 429 problem+json with Retry-After past each policy's
// limit, per IP and per key, on the sign-in, tracker and tracking-link routes; other routes are
// not limited. Small limits through the configuration; every request comes from 127.0.0.1.
import type { Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, testConfig, type TestApp } from './helpers/app.js';
import { authHeader, signIn, TEST_PASSWORD } from './helpers/auth.js';
import { createOrganizationWithUsers, createUser } from './helpers/factories.js';

let t: TestApp;
let agent: string;
const WINDOW_SECONDS = 60;

beforeAll(async () => {
  t = await createTestApp({
    seed: false,
    config: testConfig({
      RATE_LIMIT_WINDOW_SECONDS: String(WINDOW_SECONDS),
      RATE_LIMIT_LOGIN_PER_IP: '5',
      RATE_LIMIT_LOGIN_PER_ACCOUNT: '2',
      RATE_LIMIT_TRACK_PER_IP: '5',
      RATE_LIMIT_TRACK_PER_REFERENCE: '2',
      RATE_LIMIT_TRACK_PER_REFERENCE_ALL_IPS: '6',
      TRUST_PROXY: '127.0.0.1',
      RATE_LIMIT_TRACKING_LINK_PER_IP: '2',
      RATE_LIMIT_TRACKING_REPLY_PER_IP: '2',
    }),
  });
  // The accounts the sign-in attempts name (their emails in other cases too), in an
  // organization whose next ticket numbers are past the references the tracker tests look up
  // (TKT-00001 to TKT-00003 stay fresh for their own counters).
  const { users } = await createOrganizationWithUsers(
    t.prisma,
    {
      agent: { role: 'AGENT' },
      agent2: { role: 'AGENT', email: 'agent2@acme.test' },
      customer: { role: 'CUSTOMER', email: 'customer@acme.test' },
    },
    { ticketCounter: 200 },
  );
  await createUser(t.prisma, { role: 'ADMIN', email: 'admin@globex.test' });
  agent = await signIn(t, users.agent); // sign-in attempt 1 of 5 from this IP
});
afterAll(async () => t?.close());

/** A 429 as docs/api.md says: problem+json, code rate_limited, Retry-After in seconds within the window. */
function expectRateLimited(res: Response, what: string): void {
  expect(res.status, what).toBe(429);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({
    status: 429,
    code: 'rate_limited',
    title: 'Too many requests',
    type: '/problems/rate-limited',
  });
  const retryAfter = Number(res.headers['retry-after']);
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(WINDOW_SECONDS);
  expect(res.body.detail).toContain(`retry in ${retryAfter} second`);
}

const login = (email: string, password = 'wrong-password') =>
  t.http().post('/api/auth/login').send({ email, password });
const track = (reference: string) =>
  t.http().post('/api/public/track').send({ reference, email: 'nobody@example.com' });

describe('rate limits', () => {
  it('limits sign-in attempts per IP and email, then per IP', async () => {
    expect((await login('customer@acme.test')).status).toBe(401);
    expect((await login('Customer@Acme.test')).status).toBe(401);
    // Third attempt for the same account: refused before the password is checked, even the right one.
    expectRateLimited(await login('CUSTOMER@acme.test', TEST_PASSWORD), 'per account');
    // Another account from the same IP is still allowed (attempt 5 of 5 from this IP)…
    expect((await login('admin@globex.test')).status).toBe(401);
    // …and then the IP is out of attempts, whatever the account.
    expectRateLimited(await login('agent2@acme.test', TEST_PASSWORD), 'per IP');
  });

  it('counts a reference per IP: look-ups from elsewhere cannot lock the requester out', async () => {
    const agentTicket = await t.http().post('/api/tickets').set(authHeader(agent)).send({
      subject: 'Tracked by its owner',
      description: 'The requester tracks this ticket.',
      requesterName: 'Owner',
      requesterEmail: 'owner@example.com',
    });
    expect(agentTicket.status).toBe(201);
    const reference = agentTicket.body.reference as string;
    const from = (ip: string, email: string) =>
      t.http().post('/api/public/track').set('X-Forwarded-For', ip).send({ reference, email });
    // An attacker exhausts the reference from one IP…
    expect((await from('198.51.100.7', 'guess@example.com')).status).toBe(404);
    expect((await from('198.51.100.7', 'guess2@example.com')).status).toBe(404);
    expectRateLimited(await from('198.51.100.7', 'owner@example.com'), 'attacker, per reference');
    // …and the owner, from their own IP, still finds the ticket.
    expect((await from('203.0.113.9', 'owner@example.com')).status).toBe(200);
    // Many IPs together meet the ceiling of 6 for the reference (the attacker's refused look-up
    // stopped before it: 2 + 1 counted so far).
    for (const ip of ['192.0.2.1', '192.0.2.2', '192.0.2.3']) {
      expect((await from(ip, 'x@example.com')).status).toBe(404);
    }
    expectRateLimited(await from('192.0.2.4', 'owner@example.com'), 'all IPs ceiling');
  });

  it('limits tracker look-ups per reference across spellings, then per IP', async () => {
    expect((await track('TKT-00001')).status).toBe(404);
    expect((await track('tkt-1')).status).toBe(404);
    expectRateLimited(await track('TKT-000001'), 'per reference');
    // Another reference is counted apart (look-up 4 and 5 of 5 from this IP).
    expect((await track('TKT-00002')).status).toBe(404);
    expect((await track('TKT-00002')).status).toBe(404);
    expectRateLimited(await track('TKT-00003'), 'per IP');
  });

  it('limits tracking-link views and replies per IP; a refused reply writes nothing', async () => {
    const ticket = await t.http().post('/api/tickets').set(authHeader(agent)).send({
      subject: 'Limits apply',
      description: 'A ticket to reply to.',
      requesterName: 'Rita',
      requesterEmail: 'rita@example.com',
    });
    expect(ticket.status).toBe(201);
    const link = await t
      .http()
      .get(`/api/tickets/${ticket.body.id}/tracking-link`)
      .set(authHeader(agent));
    const token = (link.body.url as string).split('/t/')[1]!;

    for (let i = 0; i < 2; i++) {
      const view = await t.http().get(`/api/public/tickets/${token}`);
      expect(view.status).toBe(200);
      expect(view.headers['x-ratelimit-limit']).toBe('2');
      expect(view.headers['x-ratelimit-remaining']).toBe(String(1 - i));
    }
    expectRateLimited(await t.http().get(`/api/public/tickets/${token}`), 'views');

    for (let i = 0; i < 2; i++) {
      expect(
        (
          await t
            .http()
            .post(`/api/public/tickets/${token}/responses`)
            .send({ content: `reply ${i}` })
        ).status,
      ).toBe(201);
    }
    expectRateLimited(
      await t
        .http()
        .post(`/api/public/tickets/${token}/responses`)
        .send({ content: 'one too many' }),
      'replies',
    );
    expect(await t.prisma.ticketResponse.count({ where: { ticketId: ticket.body.id } })).toBe(2);
  });

  it('leaves routes that do not opt in unlimited', async () => {
    for (let i = 0; i < 12; i++) {
      const res = await t.http().get('/api/tickets?limit=1').set(authHeader(agent));
      expect(res.status).toBe(200);
      expect(res.headers).not.toHaveProperty('x-ratelimit-limit');
    }
  });
});
