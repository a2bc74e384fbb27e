// GET /api/tickets/:id/tracking-link's `requesterLocale` (the dashboard's "Share with customer"
// writes its message in the requester's language, docs/product.md "Customers"), against the real app and
// database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.js';
import { authHeader, signIn } from './helpers/auth.js';
import { createOrganizationWithUsers } from './helpers/factories.js';

let t: TestApp;
let agentToken: string;
let customerEmail: string;

beforeAll(async () => {
  t = await createTestApp({ seed: false });
  const { users } = await createOrganizationWithUsers(t.prisma, {
    agent: { role: 'AGENT' },
    customer: { role: 'CUSTOMER', locale: 'en' },
  });
  customerEmail = users.customer.email;
  agentToken = await signIn(t, users.agent);
});
afterAll(async () => t?.close());

describe('GET /api/tickets/:id/tracking-link requesterLocale', () => {
  it("is the requester's account locale", async () => {
    const customer = await t.prisma.user.update({
      where: { email: customerEmail },
      data: { locale: 'fr-CA' },
    });
    const customerToken = await signIn(t, customer);
    const created = await t.http().post('/api/tickets').set(authHeader(customerToken)).send({
      subject: 'Colis jamais arrivé',
      description: 'La commande A-77 devait arriver la semaine dernière.',
    });
    expect(created.status).toBe(201);
    expect(created.body.requester.id).toBe(customer.id);

    const res = await t
      .http()
      .get(`/api/tickets/${created.body.reference}/tracking-link`)
      .set(authHeader(agentToken));
    expect(res.status).toBe(200);
    expect(res.body.requesterLocale).toBe('fr-CA');
    expect(res.body.url).toMatch(/\/t\/[A-Za-z0-9_.-]+$/);
  });

  it('is "en" for a guest requester without an account', async () => {
    const created = await t.http().post('/api/tickets').set(authHeader(agentToken)).send({
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
      .set(authHeader(agentToken));
    expect(res.status).toBe(200);
    expect(res.body.requesterLocale).toBe('en');
  });
});
