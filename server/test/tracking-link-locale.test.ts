// GET /api/tickets/:id/tracking-link's `requesterLocale` (the dashboard's "Share with customer"
// writes its message in the requester's language, docs/product.md "Customers"), against the real app and
// database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.js';

let t: TestApp;
let agentToken: string;
const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

beforeAll(async () => {
  t = await createTestApp();
  agentToken = (await t.login('agent@acme.test'))!;
});
afterAll(async () => t?.close());

describe('GET /api/tickets/:id/tracking-link requesterLocale', () => {
  it("is the requester's account locale", async () => {
    const customer = await t.prisma.user.update({
      where: { email: 'customer@acme.test' },
      data: { locale: 'fr-CA' },
    });
    const customerToken = (await t.login('customer@acme.test'))!;
    const created = await t.http().post('/api/tickets').set(auth(customerToken)).send({
      subject: 'Colis jamais arrivé',
      description: 'La commande A-77 devait arriver la semaine dernière.',
    });
    expect(created.status).toBe(201);
    expect(created.body.requester.id).toBe(customer.id);

    const res = await t
      .http()
      .get(`/api/tickets/${created.body.reference}/tracking-link`)
      .set(auth(agentToken));
    expect(res.status).toBe(200);
    expect(res.body.requesterLocale).toBe('fr-CA');
    expect(res.body.url).toMatch(/\/t\/[A-Za-z0-9_.-]+$/);
  });

  it('is "en" for a guest requester without an account', async () => {
    const created = await t.http().post('/api/tickets').set(auth(agentToken)).send({
      subject: 'Phone call: refund request',
      description: 'Called about a double charge on the last invoice.',
      requesterName: 'Gil Guest',
      requesterEmail: 'gil.guest@example.test',
    });
    expect(created.status).toBe(201);
    expect(created.body.requester.id).toBeNull();

    const res = await t
      .http()
      .get(`/api/tickets/${created.body.id}/tracking-link`)
      .set(auth(agentToken));
    expect(res.status).toBe(200);
    expect(res.body.requesterLocale).toBe('en');
  });
});
