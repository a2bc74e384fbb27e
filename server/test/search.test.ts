import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.js';
import { authHeader, signIn, signInAll } from './helpers/auth.js';
import { createOrganizationWithUsers, createTicket } from './helpers/factories.js';

let t: TestApp;
let agent: string;
let customer: string;
let globexAgent: string;
let ticket: { id: string; number: number; reference: string };

async function search(token: string, q: string, extra: Record<string, string> = {}) {
  const res = await t
    .http()
    .get('/api/tickets')
    .query({ q, limit: 100, ...extra })
    .set(authHeader(token));
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.data.map((x: { id: string }) => x.id) as string[];
}

let acmeId: string;

beforeAll(async () => {
  t = await createTestApp({ seed: false });
  const acme = await createOrganizationWithUsers(t.prisma, {
    agent: { role: 'AGENT' },
    customer: { role: 'CUSTOMER', email: 'customer@acme.test' },
  });
  const globex = await createOrganizationWithUsers(t.prisma, { agent: { role: 'AGENT' } });
  ({ agent, customer } = await signInAll(t, acme.users));
  globexAgent = await signIn(t, globex.users.agent);
  acmeId = acme.organization.id;
  // Fifteen tickets about an order (more than two pages of 7), two of them the customer's; and
  // a ticket of another organization.
  for (let i = 1; i <= 15; i++)
    await createTicket(t.prisma, {
      organizationId: acmeId,
      subject: `Order A-${100 + i} has not arrived`,
      description: `My order A-${100 + i} was due last week.`,
      ...(i % 7 === 0 ? { requesterId: acme.users.customer.id } : {}),
    });
  await createTicket(t.prisma, { organizationId: globex.organization.id });
  const created = await t.http().post('/api/tickets').set(authHeader(customer)).send({
    subject: 'Résumé upload keeps failing',
    description: 'Every time I upload my résumé the page shows a zebra-striped error banner.',
  });
  ticket = created.body;
  await t
    .http()
    .post(`/api/tickets/${ticket.id}/responses`)
    .set(authHeader(agent))
    .send({ content: 'Please try clearing the xylophone cache in your browser settings.' });
  await t.http().post(`/api/tickets/${ticket.id}/responses`).set(authHeader(agent)).send({
    content: 'Internal: suspect the quokka storage bucket is misconfigured.',
    isInternal: true,
  });
});
afterAll(async () => t?.close());

describe('GET /api/tickets?q= (full-text search)', () => {
  it('finds words of the subject and description, with accents folded and stems matched', async () => {
    expect(await search(agent, 'resume')).toContain(ticket.id);
    expect(await search(agent, 'Résumé uploads')).toContain(ticket.id);
    expect(await search(agent, 'zebra')).toEqual([ticket.id]);
  });

  it('finds words of public replies, for agents and for the requester', async () => {
    expect(await search(agent, 'xylophone')).toEqual([ticket.id]);
    expect(await search(customer, 'xylophone')).toEqual([ticket.id]);
  });

  it('finds internal notes for agents only: a customer search never reveals them', async () => {
    expect(await search(agent, 'quokka')).toEqual([ticket.id]);
    expect(await search(customer, 'quokka')).toEqual([]);
  });

  it('supports websearch syntax: phrases and exclusions', async () => {
    expect(await search(agent, '"zebra-striped error"')).toEqual([ticket.id]);
    expect(await search(agent, 'zebra -xylophone')).toEqual([]);
  });

  it('finds a ticket by its reference, its number, and a part of the requester email', async () => {
    const seven = await t.prisma.ticket.findFirstOrThrow({
      where: { organizationId: acmeId, number: 7 },
    });
    expect(await search(agent, 'TKT-00007')).toContain(seven.id);
    const byEmail = await search(agent, 'customer@acme');
    expect(byEmail).toContain(ticket.id);
    const own = await t.prisma.ticket.count({
      where: { requesterEmail: 'customer@acme.test', deletedAt: null },
    });
    expect(byEmail.length).toBeGreaterThanOrEqual(own);
  });

  it('stays inside the organization and combines with filters', async () => {
    expect(await search(globexAgent, 'zebra')).toEqual([]);
    expect(await search(agent, 'zebra', { status: 'CLOSED' })).toEqual([]);
    expect(await search(agent, 'zebra', { status: 'NEW' })).toEqual([ticket.id]);
  });

  it('pages through many matches with the cursor', async () => {
    const word = 'order';
    const all = await search(agent, word);
    expect(all.length).toBeGreaterThan(10);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { data: { id: string }[]; nextCursor: string | null } } = await t
        .http()
        .get('/api/tickets')
        .query({ q: word, limit: 7, ...(cursor ? { cursor } : {}) })
        .set(authHeader(agent));
      seen.push(...res.body.data.map((x) => x.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
  });

  it('gives a reply’s words to the vectors as recomputing them from every reply does', async () => {
    // Replies and notes through the API (a reply's own statement appends its words), then the
    // vectors recomputed from the ticket's fields and all its replies (the trigger's way):
    // the same words, the same weights, and notes kept out of the public vector.
    for (const [content, isInternal] of [
      ['Reinstalled the driver; the printer spooler still stalls overnight.', false],
      ['Escalating to hardware: spooler firmware is older than 2019.', true],
      ['Could you send the spooler log from last night?', false],
    ] as const)
      expect(
        (
          await t
            .http()
            .post(`/api/tickets/${ticket.id}/responses`)
            .set(authHeader(agent))
            .send({ content, isInternal })
        ).status,
      ).toBe(201);
    const words = (column: string) =>
      `ARRAY(SELECT lexeme || ':' || array_to_string(weights, '') FROM unnest(${column}) ORDER BY 1)`;
    const [appended] = await t.prisma.$queryRawUnsafe<Record<string, string[]>[]>(
      `SELECT ${words('"searchVector"')} AS pub, ${words('"internalSearchVector"')} AS int,
         ${words('"staffSearchVector"')} AS staff FROM tickets WHERE id = $1::uuid`,
      ticket.id,
    );
    const [recomputed] = await t.prisma.$queryRawUnsafe<Record<string, string[]>[]>(
      `SELECT ${words('v.pub')} AS pub, ${words('v.int')} AS int, ${words('v.pub || v.int')} AS staff
       FROM tickets t, LATERAL (SELECT
         docket_ticket_search_vector(t.id, t.subject, t.description, t."requesterName", t."requesterEmail") AS pub,
         docket_ticket_internal_search_vector(t.id) AS int) v
       WHERE t.id = $1::uuid`,
      ticket.id,
    );
    expect(appended).toEqual(recomputed);
    expect(appended!.pub).toContain('overnight:D');
    expect(appended!.pub).not.toContain('firmwar:D');
    expect(appended!.int).toContain('firmwar:D');
    expect(await search(customer, 'firmware')).toEqual([]);
    expect(await search(agent, 'firmware overnight')).toEqual([ticket.id]);
  });

  it('keeps the search current when the subject changes', async () => {
    await t.prisma.ticket.update({
      where: { id: ticket.id },
      data: { subject: 'Avatar upload keeps failing' },
    });
    expect(await search(agent, 'avatar')).toEqual([ticket.id]);
  });
});
