/**
 * The admin API of webhooks: endpoints per organization, secrets shown
 * once and stored encrypted, URL checks, rotation with both signatures during the overlap, the
 * delivery log and its pagination; signed-in admins only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createEndpoint,
  createWebhookTestApp,
  startReceiver,
  type Receiver,
  type WebhookTestApp,
} from './helpers/webhooks.js';
import { authHeader, signIn, signInAll } from './helpers/auth.js';
import { createOrganizationWithUsers } from './helpers/factories.js';

let t: WebhookTestApp;
let admin: string;
let agent: string;
let globexAdmin: string;
let receiver: Receiver;

beforeAll(async () => {
  t = await createWebhookTestApp({ seed: false });
  const acme = await createOrganizationWithUsers(t.prisma, {
    admin: { role: 'ADMIN' },
    agent: { role: 'AGENT' },
  });
  const globex = await createOrganizationWithUsers(t.prisma, { admin: { role: 'ADMIN' } });
  ({ admin, agent } = await signInAll(t, acme.users));
  globexAdmin = await signIn(t, globex.users.admin);
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver?.close();
  await t?.close();
});

describe('endpoints', () => {
  it('creates an endpoint and shows its whsec_ secret once, never again, never stored in clear', async () => {
    const res = await t
      .http()
      .post('/api/webhooks')
      .set(authHeader(admin))
      .set('Idempotency-Key', 'create-hook-1')
      .send({
        url: receiver.url,
        eventTypes: ['ticket.created', 'ticket.created', 'ticket.status_changed'],
        description: '  Automation platform  ',
      });
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/api/webhooks/${res.body.id}`);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toMatchObject({
      url: receiver.url,
      eventTypes: ['ticket.created', 'ticket.status_changed'],
      description: 'Automation platform',
      includeInternal: false,
      enabled: true,
    });
    expect(res.body.secret).toMatch(/^whsec_/);
    expect(Buffer.from(res.body.secret.slice(6), 'base64').length).toBeGreaterThanOrEqual(24);

    const list = await t.http().get('/api/webhooks').set(authHeader(admin));
    const one = await t.http().get(`/api/webhooks/${res.body.id}`).set(authHeader(admin));
    for (const body of [list.text, one.text]) expect(body).not.toContain(res.body.secret);
    expect(one.body).not.toHaveProperty('secret');
    const row = await t.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: res.body.id } });
    expect(row.secret).not.toContain(res.body.secret.slice(6));
    expect(row.secret).toMatch(/^v1\./);
    // The secret is not kept for Idempotency-Key replays either.
    const records = await t.prisma.idempotencyRecord.count({ where: { key: 'create-hook-1' } });
    expect(records).toBe(0);
  });

  it.each([
    [{ url: 'http://10.1.2.3/hook', eventTypes: ['ticket.created'] }, 'url', /private/],
    [
      { url: 'http://167772161/hook', eventTypes: ['ticket.created'] },
      'url',
      /10\.0\.0\.1 is a private/,
    ],
    [{ url: 'http://[::1]:8080/', eventTypes: ['ticket.created'] }, 'url', /loopback/],
    [{ url: 'ftp://example.com/', eventTypes: ['ticket.created'] }, 'url', /http or https/],
    [{ url: 'https://u:p@example.com/', eventTypes: ['ticket.created'] }, 'url', /password/],
    [{ url: 'https://example.com/', eventTypes: [] }, 'eventTypes', /at least one/],
    [{ url: 'https://example.com/', eventTypes: ['ticket.exploded'] }, 'eventTypes.0', /./],
    [
      { url: 'https://example.com/', eventTypes: ['webhook_endpoint.disabled'] },
      'eventTypes.0',
      /./,
    ],
    [
      { url: 'https://example.com/', eventTypes: ['ticket.created'], secret: 'x' },
      'secret',
      /unknown/,
    ],
  ])('refuses %j naming the field', async (body, field, message) => {
    const res = await t.http().post('/api/webhooks').set(authHeader(admin)).send(body);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const error = res.body.errors.find((e: { path: string }) => e.path === field);
    expect(error, JSON.stringify(res.body.errors)).toBeDefined();
    expect(error.message).toMatch(message);
  });

  it('changes, disables, re-enables and deletes an endpoint; others see 404', async () => {
    const { id } = await createEndpoint(t, admin, {
      url: 'https://hooks.example.com/a',
      eventTypes: ['ticket.created'],
    });
    const changed = await t
      .http()
      .patch(`/api/webhooks/${id}`)
      .set(authHeader(admin))
      .send({ url: 'https://0x5D.0xB8.0xD8.0x22/b', includeInternal: true, enabled: false });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      url: 'https://93.184.216.34/b',
      includeInternal: true,
      enabled: false,
      disabledReason: expect.stringMatching(/^Disabled by /),
    });
    const refused = await t
      .http()
      .patch(`/api/webhooks/${id}`)
      .set(authHeader(admin))
      .send({ url: 'http://169.254.169.254/latest/meta-data' });
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].path).toBe('url');
    const enabled = await t
      .http()
      .patch(`/api/webhooks/${id}`)
      .set(authHeader(admin))
      .send({ enabled: true });
    expect(enabled.body).toMatchObject({ enabled: true, disabledAt: null, disabledReason: null });

    for (const [method, path] of [
      ['get', `/api/webhooks/${id}`],
      ['patch', `/api/webhooks/${id}`],
      ['delete', `/api/webhooks/${id}`],
      ['get', `/api/webhooks/${id}/deliveries`],
      ['post', `/api/webhooks/${id}/rotate-secret`],
    ] as const) {
      const res = await t.http()[method](path).set(authHeader(globexAdmin)).send({});
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    expect((await t.http().get('/api/webhooks').set(authHeader(globexAdmin))).body.data).toEqual(
      [],
    );
    expect((await t.http().get('/api/webhooks').set(authHeader(agent))).status).toBe(403);

    expect((await t.http().delete(`/api/webhooks/${id}`).set(authHeader(admin))).status).toBe(204);
    expect((await t.http().get(`/api/webhooks/${id}`).set(authHeader(admin))).status).toBe(404);
  });
});

describe('secret rotation', () => {
  it('signs with both secrets during the overlap, then with the new one only', async () => {
    const receiver = await startReceiver();
    const { id, secret: first } = await createEndpoint(t, admin, {
      url: receiver.url,
      eventTypes: ['ticket.created'],
    });
    const rotated = await t.http().post(`/api/webhooks/${id}/rotate-secret`).set(authHeader(admin));
    expect(rotated.status).toBe(200);
    const second = rotated.body.secret as string;
    expect(second).toMatch(/^whsec_/);
    expect(second).not.toBe(first);
    expect(new Date(rotated.body.previousSecretExpiresAt).getTime()).toBeGreaterThan(Date.now());
    receiver.secrets = [second, first];

    const create = () =>
      t
        .http()
        .post('/api/tickets')
        .set(authHeader(agent))
        .send({ subject: 'Rotation ticket', description: 'Signed twice, then once.' });
    await create();
    await t.app.events.drain({ now: t.clock.now });
    await create();
    await t.app.events.drain({
      now: t.clock.advance(t.config.webhooks.secretRotationOverlapMs + 3600_000),
    });
    expect(receiver.requests.map((r) => r.signature.split(' ').length)).toEqual([2, 1]);
    expect(receiver.requests.map((r) => r.verifiedWith)).toEqual([[0, 1], [0]]);
    await t.http().delete(`/api/webhooks/${id}`).set(authHeader(admin));
    await receiver.close();
  });

  it('signs with the new secret when the previous one was sealed under another WEBHOOK_SECRET_KEY', async () => {
    const receiver = await startReceiver();
    const { id } = await createEndpoint(t, admin, {
      url: receiver.url,
      eventTypes: ['ticket.created'],
    });
    const rotated = await t.http().post(`/api/webhooks/${id}/rotate-secret`).set(authHeader(admin));
    const second = rotated.body.secret as string;
    // The previous secret as a key change leaves it: still in its overlap, no longer readable.
    await t.prisma.webhookEndpoint.update({
      where: { id },
      data: { previousSecret: 'v1.sealed-under-a-former-key' },
    });
    receiver.secrets = [second];
    await t
      .http()
      .post('/api/tickets')
      .set(authHeader(agent))
      .send({ subject: 'Key changed', description: 'The new secret still signs.' });
    await t.app.events.drain({ now: t.clock.now });
    expect(receiver.requests.map((r) => r.verifiedWith)).toEqual([[0]]);
    await t.http().delete(`/api/webhooks/${id}`).set(authHeader(admin));
    await receiver.close();
  });
});

describe('delivery log', () => {
  it('pages through deliveries newest first and filters by status', async () => {
    receiver.mode = 'ok';
    const { id } = await createEndpoint(t, admin, {
      url: receiver.url,
      eventTypes: ['ticket.created'],
    });
    for (let i = 0; i < 5; i++) {
      await t
        .http()
        .post('/api/tickets')
        .set(authHeader(agent))
        .send({ subject: `Paged ticket ${i}`, description: 'For the delivery log pages.' });
    }
    await t.app.events.drain({ now: t.clock.now });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { data: { id: string }[]; nextCursor: string | null } } = await t
        .http()
        .get(`/api/webhooks/${id}/deliveries`)
        .query({ limit: 2, ...(cursor ? { cursor } : {}) })
        .set(authHeader(admin));
      seen.push(...res.body.data.map((d) => d.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    const rows = await t.prisma.webhookDelivery.findMany({
      where: { endpointId: id },
      orderBy: { sequence: 'desc' },
    });
    expect(seen).toEqual(rows.map((r) => r.id));
    const failed = await t
      .http()
      .get(`/api/webhooks/${id}/deliveries`)
      .query({ status: 'FAILED' })
      .set(authHeader(admin));
    expect(failed.body.data).toEqual([]);
    const bad = await t
      .http()
      .get(`/api/webhooks/${id}/deliveries`)
      .query({ cursor: 'bm90LWEtY3Vyc29y' })
      .set(authHeader(admin));
    expect(bad.status).toBe(400);
    const unknown = await t
      .http()
      .get(`/api/webhooks/${id}/deliveries/00000000-0000-4000-8000-000000000000`)
      .set(authHeader(admin));
    expect(unknown.status).toBe(404);
    await t.http().delete(`/api/webhooks/${id}`).set(authHeader(admin));
  });
});
