// The ticket list as CSV (docs/api.md `GET /api/tickets/export.csv`; docs/product.md "Exports"),
// against the real database: the list's filters and order across several keyset pages, the
// columns, custom fields and CSAT, formula escaping, and who may export.
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.js';
import { authHeader, signIn, signInAll } from './helpers/auth.js';
import { createApiKey, createOrganizationWithUsers, createTicket } from './helpers/factories.js';

let t: TestApp;
let agent: string;
let customer: string;
let globexAgent: string;
let apiKey: string;
let organizationId: string;
const TAG = 'export-bulk';

beforeAll(async () => {
  t = await createTestApp({ seed: false });
  const { organization, users } = await createOrganizationWithUsers(t.prisma, {
    admin: { role: 'ADMIN' },
    agent: { role: 'AGENT', name: 'Alex Agent' },
    customer: { role: 'CUSTOMER', name: 'Bob Smith' },
  });
  organizationId = organization.id;
  const globex = await createOrganizationWithUsers(t.prisma, { agent: { role: 'AGENT' } });
  ({ agent, customer } = await signInAll(t, users));
  globexAgent = await signIn(t, globex.users.agent);
  apiKey = (
    await createApiKey(t.prisma, {
      organizationId,
      name: 'Reporting',
      role: 'AGENT',
      createdById: users.admin.id,
    })
  ).key;
  await t.prisma.customFieldDefinition.create({
    data: {
      organizationId,
      key: 'plan',
      label: { en: 'Plan', fr: 'Forfait' },
      type: 'select',
      options: ['free', 'pro'],
    },
  });
  // 520 tagged tickets: more than one page of the export (500 rows a statement).
  for (let i = 0; i < 520; i++) {
    await createTicket(t.prisma, {
      organizationId,
      requesterId: users.customer.id,
      subject: i === 0 ? '=HYPERLINK("http://evil.test")' : `Bulk ticket ${i}`,
      tags: [TAG],
      customFields: i === 1 ? { plan: 'pro' } : {},
      ...(i === 2 ? { status: 'RESOLVED' as const } : {}),
    });
  }
  const rated = await t.prisma.ticket.findFirstOrThrow({
    where: { organizationId, status: 'RESOLVED' },
  });
  await t.prisma.satisfactionRating.create({
    data: {
      organizationId,
      ticketId: rated.id,
      resolvedAt: rated.resolvedAt!,
      scale: 'five_point',
      score: 4,
    },
  });
  await createTicket(t.prisma, { organizationId, subject: 'Untagged ticket' });
}, 120_000);
afterAll(async () => t?.close());

const exportCsv = (token: string, query: Record<string, string> = {}) =>
  t.http().get('/api/tickets/export.csv').query(query).set(authHeader(token));

describe('GET /api/tickets/export.csv', () => {
  it('streams every matching ticket in the list order, with the columns and custom fields', async () => {
    const res = await exportCsv(agent, { tags: TAG, sortBy: 'number', sortOrder: 'asc' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="tickets.csv"');
    expect(res.text).toContain('\r\n');
    const rows = parse(res.text) as string[][];
    const [header, ...data] = rows;
    expect(header).toEqual([
      'reference',
      'subject',
      'status',
      'priority',
      'category',
      'group',
      'tags',
      'requester_name',
      'requester_email',
      'assignee',
      'created_at',
      'first_responded_at',
      'resolved_at',
      'closed_at',
      'first_response_seconds',
      'resolution_seconds',
      'sla',
      'csat_score',
      'cf.plan',
    ]);
    // Every tagged ticket once, none other, in number order across the pages.
    expect(data).toHaveLength(520);
    const numbers = data.map((row) => Number(row[0]!.slice(4)));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(new Set(numbers).size).toBe(520);
    expect(data.some((row) => row[1] === 'Untagged ticket')).toBe(false);
    // A formula is neutralised; the custom field and the rating have their columns.
    expect(data[0]![1]).toBe(`'=HYPERLINK("http://evil.test")`);
    expect(data[1]![18]).toBe('pro');
    expect(data[2]![2]).toBe('RESOLVED');
    expect(data[2]![17]).toBe('4');
    expect(data[3]![7]).toBe('Bob Smith');
  });

  it('is for staff and API keys of the organization only', async () => {
    expect((await exportCsv(customer)).status).toBe(403);
    const other = await exportCsv(globexAgent, { tags: TAG });
    expect(other.status).toBe(200);
    expect(parse(other.text)).toHaveLength(1);
    const key = await t
      .http()
      .get('/api/tickets/export.csv')
      .query({ tags: TAG, limit: '1' })
      .set('Authorization', `Bearer ${apiKey}`);
    expect(key.status).toBe(200);
    expect(parse(key.text)).toHaveLength(521);
  });

  it('answers 400 for an invalid filter', async () => {
    const res = await exportCsv(agent, { status: 'NOPE' });
    expect(res.status).toBe(400);
  });
});
