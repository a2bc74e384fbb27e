// Custom fields (docs/product.md "Custom fields"): admins define them, POST and PATCH
// /api/tickets check tickets' values against the definitions, and customers see only the
// customer-visible ones.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.js';
import { authHeader, signInAll } from './helpers/auth.js';
import { createAdminAndAgentKeys, createOrganizationWithUsers } from './helpers/factories.js';

let t: TestApp;
let admin: string;
let agent: string;
let customer: string;
let globexAdmin: string;
let adminKey: string;
let agentKey: string;
let acmeId: string;
const paths = (body: { errors?: { path: string }[] }) => (body.errors ?? []).map((e) => e.path);

beforeAll(async () => {
  t = await createTestApp({ seed: false });
  const acme = await createOrganizationWithUsers(t.prisma, {
    admin: { role: 'ADMIN' },
    agent: { role: 'AGENT' },
    customer: { role: 'CUSTOMER' },
  });
  const globex = await createOrganizationWithUsers(t.prisma, { admin: { role: 'ADMIN' } });
  ({ admin, agent, customer } = await signInAll(t, acme.users));
  ({ admin: globexAdmin } = await signInAll(t, globex.users));
  acmeId = acme.organization.id;
  ({ adminKey, agentKey } = await createAdminAndAgentKeys(t.prisma, acmeId, acme.users.admin.id));

  // The organization's fields, one of each type; plan and seats visible to customers, plan
  // editable by them; internal_score hidden.
  const define = async (body: Record<string, unknown>) => {
    const res = await t.http().post('/api/custom-fields').set(authHeader(admin)).send(body);
    expect(res.status, res.text).toBe(201);
  };
  await define({
    key: 'plan',
    label: { en: 'Plan', fr: 'Forfait' },
    type: 'select',
    options: ['free', 'pro', 'enterprise'],
    required: true,
    customerVisible: true,
    customerEditable: true,
  });
  await define({
    key: 'seats',
    label: { en: 'Seats', fr: 'Places' },
    type: 'number',
    customerVisible: true,
  });
  await define({ key: 'internal_score', label: { en: 'Score', fr: 'Note' }, type: 'number' });
  await define({ key: 'vip', label: { en: 'VIP', fr: 'VIP' }, type: 'boolean' });
  await define({ key: 'renewal', label: { en: 'Renewal', fr: 'Renouvellement' }, type: 'date' });
  await define({ key: 'notes', label: { en: 'Notes', fr: 'Notes' }, type: 'text' });
  await define({
    key: 'modules',
    label: { en: 'Modules', fr: 'Modules' },
    type: 'multi_select',
    options: ['chat', 'mail', 'voice'],
  });
});
afterAll(async () => t?.close());

const base = { subject: 'Custom fields ticket', description: 'A ticket with custom fields.' };

async function staffTicket(customFields: Record<string, unknown> = { plan: 'pro' }) {
  const res = await t
    .http()
    .post('/api/tickets')
    .set(authHeader(agent))
    .send({ ...base, customFields });
  expect(res.status, res.text).toBe(201);
  return res.body as { id: string; reference: string; customFields: Record<string, unknown> };
}

describe('/api/custom-fields', () => {
  it('lists every field to staff and API keys, the customer-visible ones to customers', async () => {
    const staff = await t.http().get('/api/custom-fields').set(authHeader(agent));
    expect(staff.status).toBe(200);
    expect(staff.body.data.map((f: { key: string }) => f.key)).toEqual([
      'plan',
      'seats',
      'internal_score',
      'vip',
      'renewal',
      'notes',
      'modules',
    ]);
    expect(staff.body.data[0]).toMatchObject({
      label: { en: 'Plan', fr: 'Forfait' },
      type: 'select',
      options: ['free', 'pro', 'enterprise'],
      required: true,
      customerVisible: true,
      customerEditable: true,
      position: 0,
    });
    const key = await t.http().get('/api/custom-fields').set(authHeader(agentKey));
    expect(key.status).toBe(200);
    expect(key.body.data).toHaveLength(7);
    const mine = await t.http().get('/api/custom-fields').set(authHeader(customer));
    expect(mine.status).toBe(200);
    expect(mine.body.data.map((f: { key: string }) => f.key)).toEqual(['plan', 'seats']);
    const other = await t.http().get('/api/custom-fields').set(authHeader(globexAdmin));
    expect(other.body.data).toEqual([]);
  });

  it('creates, updates and deletes for admins, recording each in the organization log', async () => {
    const created = await t
      .http()
      .post('/api/custom-fields')
      .set(authHeader(admin))
      .send({ key: 'region', label: { en: 'Region', fr: 'Région' }, type: 'text' });
    expect(created.status, created.text).toBe(201);
    expect(created.headers.location).toBe(`/api/custom-fields/${created.body.id}`);
    expect(created.body).toMatchObject({ required: false, customerVisible: false, position: 7 });

    const updated = await t
      .http()
      .patch(`/api/custom-fields/${created.body.id}`)
      .set(authHeader(admin))
      .send({ label: { en: 'Area', fr: 'Zone' }, customerVisible: true, key: 'region' });
    expect(updated.status, updated.text).toBe(200);
    expect(updated.body).toMatchObject({ key: 'region', label: { en: 'Area', fr: 'Zone' } });

    for (const [field, value] of [
      ['key', 'area'],
      ['type', 'number'],
    ] as const) {
      const res = await t
        .http()
        .patch(`/api/custom-fields/${created.body.id}`)
        .set(authHeader(admin))
        .send({ [field]: value });
      expect(res.status).toBe(400);
      expect(paths(res.body)).toEqual([field]);
    }

    // Another organization's admin cannot reach it.
    const foreign = await t
      .http()
      .delete(`/api/custom-fields/${created.body.id}`)
      .set(authHeader(globexAdmin));
    expect(foreign.status).toBe(404);
    const deleted = await t
      .http()
      .delete(`/api/custom-fields/${created.body.id}`)
      .set(authHeader(admin));
    expect(deleted.status).toBe(204);
    const again = await t
      .http()
      .delete(`/api/custom-fields/${created.body.id}`)
      .set(authHeader(admin));
    expect(again.status).toBe(404);

    const log = await t.prisma.organizationActivity.findMany({
      where: { organizationId: acmeId, type: { startsWith: 'custom_field.' } },
      orderBy: { createdAt: 'asc' },
    });
    const forRegion = log.filter((a) => (a.data as { key?: string }).key === 'region');
    expect(forRegion.map((a) => a.type)).toEqual([
      'custom_field.created',
      'custom_field.updated',
      'custom_field.deleted',
    ]);
  });

  it('refuses bad definitions with the field at fault', async () => {
    const cases: [Record<string, unknown>, number, string[]][] = [
      [{ key: 'Bad-Key', label: { en: 'A', fr: 'A' }, type: 'text' }, 400, ['key']],
      [{ key: 'k1', label: { en: 'A' }, type: 'text' }, 400, ['label.fr']],
      [{ key: 'k1', label: { en: 'A'.repeat(101), fr: 'A' }, type: 'text' }, 400, ['label.en']],
      [{ key: 'k1', label: { en: 'A', fr: 'A' }, type: 'select' }, 400, ['options']],
      [{ key: 'k1', label: { en: 'A', fr: 'A' }, type: 'select', options: [] }, 400, ['options']],
      [{ key: 'k1', label: { en: 'A', fr: 'A' }, type: 'text', options: ['x'] }, 400, ['options']],
      [
        {
          key: 'k1',
          label: { en: 'A', fr: 'A' },
          type: 'select',
          options: Array.from({ length: 101 }, (_, i) => `o${i}`),
        },
        400,
        ['options'],
      ],
      [
        { key: 'k1', label: { en: 'A', fr: 'A' }, type: 'text', customerEditable: true },
        400,
        ['customerVisible'],
      ],
      [{ key: 'plan', label: { en: 'A', fr: 'A' }, type: 'text' }, 409, []],
    ];
    for (const [body, status, fields] of cases) {
      const res = await t.http().post('/api/custom-fields').set(authHeader(admin)).send(body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      if (status === 400) expect(paths(res.body)).toEqual(fields);
      else expect(res.body.code).toBe('custom_field_exists');
    }
  });

  it('lets agents, customers and ticket-scoped keys only read; admin keys write', async () => {
    const body = { key: 'k_auth', label: { en: 'A', fr: 'A' }, type: 'text' };
    for (const token of [agent, customer, agentKey]) {
      const res = await t.http().post('/api/custom-fields').set(authHeader(token)).send(body);
      expect(res.status).toBe(403);
    }
    const res = await t.http().post('/api/custom-fields').set(authHeader(adminKey)).send(body);
    expect(res.status, res.text).toBe(201);
    const gone = await t
      .http()
      .delete(`/api/custom-fields/${res.body.id}`)
      .set(authHeader(adminKey));
    expect(gone.status).toBe(204);
    expect((await t.http().get('/api/custom-fields')).status).toBe(401);
  });
});

describe('customFields on tickets', () => {
  it('accepts values that fit their fields', async () => {
    const ticket = await staffTicket({
      plan: 'enterprise',
      seats: 12.5,
      internal_score: -3,
      vip: true,
      renewal: '2027-02-28',
      notes: 'n'.repeat(2000),
      modules: ['chat', 'voice'],
    });
    expect(ticket.customFields).toMatchObject({
      plan: 'enterprise',
      vip: true,
      modules: ['chat', 'voice'],
    });
  });

  it('refuses unknown keys and wrong types, naming customFields.<key>', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ plan: 'pro', colour: 'red' }, 'customFields.colour'],
      [{ plan: 'gold' }, 'customFields.plan'],
      [{ plan: 'pro', seats: '12' }, 'customFields.seats'],
      [{ plan: 'pro', vip: 'yes' }, 'customFields.vip'],
      [{ plan: 'pro', renewal: '2027-02-30' }, 'customFields.renewal'],
      [{ plan: 'pro', renewal: '2027-02-03T10:00:00Z' }, 'customFields.renewal'],
      [{ plan: 'pro', notes: 'n'.repeat(2001) }, 'customFields.notes'],
      [{ plan: 'pro', notes: 42 }, 'customFields.notes'],
      [{ plan: 'pro', modules: 'chat' }, 'customFields.modules'],
      [{ plan: 'pro', modules: ['chat', 'chat'] }, 'customFields.modules'],
      [{ plan: 'pro', modules: ['fax'] }, 'customFields.modules'],
      [{ seats: 3 }, 'customFields.plan'],
      [{ plan: null }, 'customFields.plan'],
    ];
    for (const [customFields, path] of cases) {
      const res = await t
        .http()
        .post('/api/tickets')
        .set(authHeader(agent))
        .send({ ...base, customFields });
      expect(res.status, JSON.stringify(customFields)).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(paths(res.body)).toEqual([path]);
    }
    const missing = await t.http().post('/api/tickets').set(authHeader(agent)).send(base);
    expect(missing.status).toBe(400);
    expect(paths(missing.body)).toEqual(['customFields.plan']);
  });

  it('merges a PATCH into the current values; null removes a key, but not a required one', async () => {
    const ticket = await staffTicket({ plan: 'pro', seats: 3, vip: true });
    const patch = (customFields: Record<string, unknown>) =>
      t.http().patch(`/api/tickets/${ticket.id}`).set(authHeader(agent)).send({ customFields });
    const merged = await patch({ seats: 4, notes: 'call back', vip: null });
    expect(merged.status, merged.text).toBe(200);
    expect(merged.body.customFields).toEqual({ plan: 'pro', seats: 4, notes: 'call back' });
    const required = await patch({ plan: null });
    expect(required.status).toBe(400);
    expect(paths(required.body)).toEqual(['customFields.plan']);
    const wrong = await patch({ seats: 'many' });
    expect(wrong.status).toBe(400);
    expect(paths(wrong.body)).toEqual(['customFields.seats']);
    const unknown = await patch({ colour: 'red' });
    expect(paths(unknown.body)).toEqual(['customFields.colour']);
    const after = await t.http().get(`/api/tickets/${ticket.id}`).set(authHeader(agent));
    expect(after.body.customFields).toEqual({ plan: 'pro', seats: 4, notes: 'call back' });
  });

  it('lets a customer set customer-editable fields only, and shows them the visible ones only', async () => {
    const create = (customFields: Record<string, unknown>) =>
      t
        .http()
        .post('/api/tickets')
        .set(authHeader(customer))
        .send({ ...base, customFields });
    for (const [customFields, path] of [
      [{ plan: 'pro', seats: 2 }, 'customFields.seats'],
      [{ plan: 'pro', internal_score: 2 }, 'customFields.internal_score'],
      [{}, 'customFields.plan'],
    ] as const) {
      const res = await create(customFields);
      expect(res.status, JSON.stringify(customFields)).toBe(400);
      expect(paths(res.body)).toEqual([path]);
    }
    const created = await create({ plan: 'free' });
    expect(created.status, created.text).toBe(201);
    expect(created.body.customFields).toEqual({ plan: 'free' });

    // Staff add a visible and a hidden value; the customer sees the visible one only.
    const staffPatch = await t
      .http()
      .patch(`/api/tickets/${created.body.id}`)
      .set(authHeader(agent))
      .send({ customFields: { seats: 5, internal_score: 99 } });
    expect(staffPatch.status, staffPatch.text).toBe(200);
    const one = await t.http().get(`/api/tickets/${created.body.id}`).set(authHeader(customer));
    expect(one.body.customFields).toEqual({ plan: 'free', seats: 5 });
    const list = await t.http().get('/api/tickets').set(authHeader(customer));
    const row = list.body.data.find((x: { id: string }) => x.id === created.body.id);
    expect(row.customFields).toEqual({ plan: 'free', seats: 5 });
    // A customer cannot change custom fields afterwards.
    const patch = await t
      .http()
      .patch(`/api/tickets/${created.body.id}`)
      .set(authHeader(customer))
      .send({ customFields: { plan: 'pro' } });
    expect(patch.status).toBe(403);
  });
});

describe('cf.<key> filters on the ticket list', () => {
  const list = (token: string, query: Record<string, string>) =>
    t.http().get('/api/tickets').query(query).set(authHeader(token));
  const ids = (res: { body: { data: { id: string }[] } }) => res.body.data.map((x) => x.id);

  it('matches each type by equality and multi_select by holding the option', async () => {
    const tag = `cf-filter-${Date.now()}`;
    const make = async (customFields: Record<string, unknown>) => {
      const ticket = await staffTicket(customFields);
      await t
        .http()
        .patch(`/api/tickets/${ticket.id}`)
        .set(authHeader(agent))
        .send({ tags: [tag] });
      return ticket.id;
    };
    const a = await make({
      plan: 'enterprise',
      seats: 12,
      vip: true,
      renewal: '2027-01-31',
      notes: 'Needs a call',
      modules: ['chat', 'voice'],
    });
    const b = await make({ plan: 'enterprise', seats: 3, vip: false, modules: ['mail'] });
    const c = await make({ plan: 'free', seats: 12 });
    const cases: [Record<string, string>, string[]][] = [
      [{ 'cf.plan': 'enterprise' }, [a, b]],
      [{ 'cf.seats': '12' }, [a, c]],
      [{ 'cf.seats': '12.0' }, [a, c]],
      [{ 'cf.vip': 'true' }, [a]],
      [{ 'cf.vip': 'false' }, [b]],
      [{ 'cf.renewal': '2027-01-31' }, [a]],
      [{ 'cf.notes': 'Needs a call' }, [a]],
      [{ 'cf.modules': 'voice' }, [a]],
      [{ 'cf.modules': 'mail' }, [b]],
      [{ 'cf.plan': 'enterprise', 'cf.seats': '3' }, [b]],
      [{ 'cf.plan': 'pro' }, []],
    ];
    for (const [query, expected] of cases) {
      const res = await list(agent, { ...query, tags: tag, limit: '100' });
      expect(res.status, res.text).toBe(200);
      expect(ids(res).sort(), JSON.stringify(query)).toEqual([...expected].sort());
    }
    // The CSV export takes the same filter.
    const csv = await t
      .http()
      .get('/api/tickets/export.csv')
      .query({ tags: tag, 'cf.modules': 'voice' })
      .set(authHeader(agent));
    expect(csv.status, csv.text).toBe(200);
    expect(csv.text.trim().split('\n')).toHaveLength(2);
  });

  it('refuses an unknown key, a value not of the type and too many filters, naming cf.<key>', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ 'cf.colour': 'red' }, 'cf.colour'],
      [{ 'cf.seats': 'twelve' }, 'cf.seats'],
      [{ 'cf.seats': '0x10' }, 'cf.seats'],
      [{ 'cf.vip': 'yes' }, 'cf.vip'],
      [{ 'cf.renewal': '2027-02-30' }, 'cf.renewal'],
      [{ 'cf.plan': 'gold' }, 'cf.plan'],
      [{ 'cf.modules': 'fax' }, 'cf.modules'],
      [{ 'cf.notes': 'x'.repeat(201) }, 'cf.notes'],
      [{ 'cf.Bad-Key': 'x' }, 'cf.Bad-Key'],
    ];
    for (const [query, path] of cases) {
      const res = await list(agent, query);
      expect(res.status, JSON.stringify(query)).toBe(400);
      expect(res.body.code).toBe('validation_failed');
      expect(paths(res.body)).toEqual([path]);
    }
    const six = Object.fromEntries(
      ['plan', 'seats', 'vip', 'renewal', 'notes', 'modules'].map((k) => [`cf.${k}`, 'x']),
    );
    const tooMany = await list(agent, six);
    expect(tooMany.status).toBe(400);
    expect(JSON.stringify(tooMany.body.errors)).toContain('at most 5');
    // Two values for one key are refused, not half applied.
    const twice = await t
      .http()
      .get('/api/tickets?cf.plan=pro&cf.plan=free')
      .set(authHeader(agent));
    expect(twice.status).toBe(400);
    expect(paths(twice.body)).toEqual(['cf.plan']);
    const exportBad = await t
      .http()
      .get('/api/tickets/export.csv')
      .query({ 'cf.colour': 'red' })
      .set(authHeader(agent));
    expect(exportBad.status).toBe(400);
  });

  it('lets API keys filter, and customers by customer-visible fields only', async () => {
    const byKey = await list(agentKey, { 'cf.plan': 'pro' });
    expect(byKey.status, byKey.text).toBe(200);
    const visible = await list(customer, { 'cf.plan': 'free' });
    expect(visible.status, visible.text).toBe(200);
    for (const row of visible.body.data) expect(row.customFields.plan).toBe('free');
    // A hidden field is as unknown to a customer as a key no field has.
    const hidden = await list(customer, { 'cf.internal_score': '99' });
    const none = await list(customer, { 'cf.colour': '99' });
    expect(hidden.status).toBe(400);
    expect(hidden.body.errors).toEqual([
      { path: 'cf.internal_score', message: 'no custom field has this key' },
    ]);
    expect(none.body.errors).toEqual([
      { path: 'cf.colour', message: 'no custom field has this key' },
    ]);
  });

  it('is a saved view filter too: checked on save, counted like the list', async () => {
    const tag = `cf-view-${Date.now()}`;
    for (const plan of ['enterprise', 'free']) {
      const ticket = await staffTicket({ plan });
      await t
        .http()
        .patch(`/api/tickets/${ticket.id}`)
        .set(authHeader(agent))
        .send({ tags: [tag] });
    }
    const save = (filters: Record<string, string>) =>
      t
        .http()
        .post('/api/saved-views')
        .set(authHeader(agent))
        .send({ name: `View ${Math.random()}`, filters });
    const saved = await save({ tags: tag, 'cf.plan': 'enterprise' });
    expect(saved.status, saved.text).toBe(201);
    expect(saved.body.filters).toEqual({ tags: tag, 'cf.plan': 'enterprise' });
    for (const [filters, path] of [
      [{ 'cf.colour': 'red' }, 'filters.cf.colour'],
      [{ 'cf.plan': 'gold' }, 'filters.cf.plan'],
      [{ colour: 'red' }, 'filters.colour'],
    ] as const) {
      const res = await save(filters);
      expect(res.status, JSON.stringify(filters)).toBe(400);
      expect(paths(res.body)).toEqual([path]);
    }
    const counts = await t.http().get('/api/saved-views/counts').set(authHeader(agent));
    expect(counts.status, counts.text).toBe(200);
    expect(counts.body.data).toContainEqual({ viewId: saved.body.id, count: 1, capped: false });
    const listed = await t.http().get('/api/saved-views').set(authHeader(agent));
    const view = listed.body.data.find((v: { id: string }) => v.id === saved.body.id);
    expect(view.filters).toEqual({ tags: tag, 'cf.plan': 'enterprise' });
  });
});
