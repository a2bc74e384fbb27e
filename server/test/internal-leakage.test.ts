/**
 * docs/product.md: a customer never sees an internal note or internal activity, "on any channel". This
 * test writes internal content with marker strings (an internal note, an assignment to a named
 * agent with a reason, internal metadata), then reads the ticket through every path a customer or
 * the public has — the API as the requester, the search, the tracker, the signed link — and
 * asserts that no answer contains any marker or the assignee's name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { createTestApp, type TestApp } from './helpers/app.js';
import { authHeader, signIn, signInAll } from './helpers/auth.js';
import { createOrganizationWithUsers } from './helpers/factories.js';

const NOTE = 'MARKER-NOTE-7f3a refund quietly';
const REASON = 'MARKER-REASON-91bc';
const META = 'MARKER-META-55d0';
/** The SLA policy's name: SLA internals never reach a customer either. */
const SLA_POLICY = 'MARKER-SLA-POLICY-3e1f';
const ASSIGNEE = 'Camille Tremblay';
/** The agent who wrote the note and the public reply: customers see "Support team". */
const AGENT = 'Alex Agent';
const RULE_NAME = 'MARKER-RULE greet new tickets';
/** The ticket's group (team) and its routing: the team's internals too. */
const GROUP = 'MARKER-GROUP crisis line';
/** A custom field not visible to customers: its key and value (docs/product.md "Custom fields"). */
const HIDDEN_FIELD = 'marker_cf_hidden';
const HIDDEN_VALUE = 'MARKER-CF-VALUE-8d2e';
/** An agent's notes on a session occurrence (docs/product.md "Sessions": internal). */
const SESSION_NOTES = 'MARKER-SESSION-NOTES-4c9b';

let t: TestApp;
let customer: string;
let agent: string;
let customerEmail: string;
let adminUser: Parameters<typeof signIn>[1];
let ticket: { id: string; reference: string };

beforeAll(async () => {
  t = await createTestApp({ seed: false });
  const { users } = await createOrganizationWithUsers(t.prisma, {
    agent: { role: 'AGENT', name: AGENT },
    agent2: { role: 'AGENT', name: ASSIGNEE },
    customer: { role: 'CUSTOMER' },
    admin: { role: 'ADMIN' },
  });
  adminUser = users.admin;
  ({ agent, customer } = await signInAll(t, users));
  customerEmail = users.customer.email;
  // An SLA policy whose first response the ticket below misses: its warning, breach and
  // escalation (a higher priority, a tag) are all SLA internals.
  const admin = await signIn(t, users.admin);
  const policy = await t
    .http()
    .post('/api/sla-policies')
    .set(authHeader(admin))
    .send({
      name: SLA_POLICY,
      targets: { firstResponseMinutes: 30, nextResponseMinutes: 60, resolutionMinutes: 600 },
      escalation: { raisePriority: 'CRITICAL', addTag: 'sla-breached', notify: true },
    });
  expect(policy.status).toBe(201);
  // A rule that answers and tags every new ticket: its name and reason are the team's internals.
  const rule = await t
    .http()
    .post('/api/rules')
    .set(authHeader(admin))
    .send({
      name: RULE_NAME,
      active: true,
      event: 'ticket.created',
      actions: [
        { type: 'add_tags', value: ['rule-tagged'] },
        { type: 'reply', content: 'Thanks for writing, {{ requester.firstName }}.' },
      ],
    });
  expect(rule.status, rule.text).toBe(201);
  // Two custom fields: one customers see, one they never do.
  for (const field of [
    { key: 'order_ref', label: { en: 'Order', fr: 'Commande' }, customerVisible: true },
    { key: HIDDEN_FIELD, label: { en: 'Risk', fr: 'Risque' } },
  ]) {
    const res = await t
      .http()
      .post('/api/custom-fields')
      .set(authHeader(admin))
      .send({ ...field, type: 'text' });
    expect(res.status, res.text).toBe(201);
  }
  const created = await t.http().post('/api/tickets').set(authHeader(customer)).send({
    subject: 'Charged twice for order A-1',
    description: 'My card was charged twice for the same order.',
  });
  expect(created.status).toBe(201);
  ticket = created.body;
  const agent2 = users.agent2;
  // The ticket goes to a routed group whose member takes it; customers see neither.
  const group = await t
    .http()
    .post('/api/groups')
    .set(authHeader(admin))
    .send({
      name: GROUP,
      routing: 'load_balanced',
      members: [{ userId: agent2.id, skills: ['crisis'] }],
    });
  expect(group.status, group.text).toBe(201);
  const grouped = await t
    .http()
    .patch(`/api/tickets/${ticket.id}`)
    .set(authHeader(agent))
    .send({ groupId: group.body.id });
  expect(grouped.status, grouped.text).toBe(200);
  await t.app.events.drain();
  const steps = [
    t
      .http()
      .post(`/api/tickets/${ticket.id}/responses`)
      .set(authHeader(agent))
      .send({ content: NOTE, isInternal: true }),
    t
      .http()
      .patch(`/api/tickets/${ticket.id}`)
      .set(authHeader(agent))
      .send({ assigneeId: agent2.id, priority: 'URGENT', metadata: { crm: META }, reason: REASON }),
    t
      .http()
      .patch(`/api/tickets/${ticket.id}`)
      .set(authHeader(agent))
      .send({ customFields: { order_ref: 'A-1', [HIDDEN_FIELD]: HIDDEN_VALUE } }),
    t
      .http()
      .post(`/api/tickets/${ticket.id}/responses`)
      .set(authHeader(agent))
      .send({ content: 'We are on it.' }),
  ];
  for (const step of steps) expect((await step).status).toBeLessThan(300);
  // The SLA clocks, a warning and a breach of the next response the customer's reply arms.
  await t.app.events.drain();
  const reply = await t
    .http()
    .post(`/api/tickets/${ticket.id}/responses`)
    .set(authHeader(customer))
    .send({ content: 'Any news?' });
  expect(reply.status).toBe(201);
  await t.app.events.drain();
  await t.app.events.runDeliveriesOnce({ now: new Date(Date.now() + 8 * 3600_000) });
  await t.app.events.drain();
  await t.app.notifications.drain();
});
afterAll(async () => t?.close());

/** The text of the entry `name` of a ZIP archive (yauzl). */
function zipEntryText(buffer: Buffer, name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('not a ZIP'));
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName !== name) return zip.readEntry();
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error('unreadable entry'));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        });
      });
      zip.on('end', () => reject(new Error(`${name} is not in the ZIP`)));
      zip.readEntry();
    });
  });
}

function expectClean(label: string, body: unknown) {
  const text = JSON.stringify(body);
  for (const secret of [
    NOTE,
    'MARKER-NOTE',
    REASON,
    META,
    ASSIGNEE,
    AGENT,
    SLA_POLICY,
    RULE_NAME,
    GROUP,
    'routing:',
    '"group"',
    'Rule:',
    '"rule"',
    'SLA breached',
    'sla-breached',
    '"sla"',
    'DueAt',
    // (`unread` is allowed: a requester gets their own marker, which internal notes never flip:
    // test/me-notifications.test.ts "unread markers".)
    HIDDEN_FIELD,
    HIDDEN_VALUE,
    SESSION_NOTES,
  ]) {
    expect(text, `${label} leaks ${secret}`).not.toContain(secret);
  }
}

describe('nothing internal reaches a customer, on any channel', () => {
  it('the API, as the requester', async () => {
    const reads = {
      ticket: await t.http().get(`/api/tickets/${ticket.id}`).set(authHeader(customer)),
      list: await t.http().get('/api/tickets').query({ limit: 100 }).set(authHeader(customer)),
      responses: await t
        .http()
        .get(`/api/tickets/${ticket.id}/responses`)
        .set(authHeader(customer)),
      activity: await t.http().get(`/api/tickets/${ticket.id}/activity`).set(authHeader(customer)),
      search: await t
        .http()
        .get('/api/tickets')
        .query({ q: 'MARKER-NOTE-7f3a' })
        .set(authHeader(customer)),
    };
    for (const [label, res] of Object.entries(reads)) {
      expect(res.status, label).toBe(200);
      expectClean(label, res.body);
    }
    expect(reads.search.body.data).toEqual([]);
    expect(reads.ticket.body.assignee).toEqual({ assigned: true });
    // The visible custom field is there, the hidden one is not (nor its definition).
    expect(reads.ticket.body.customFields).toEqual({ order_ref: 'A-1' });
    const fields = await t.http().get('/api/custom-fields').set(authHeader(customer));
    expect(fields.status).toBe(200);
    expectClean('custom fields', fields.body);
    expect(fields.body.data.map((f: { key: string }) => f.key)).toEqual(['order_ref']);
    // The bell is the staff's (the note above mentions nobody, but the assignment and the
    // customer's reply notified the assignee): a customer gets 403 and nothing else.
    const bell = await t.http().get('/api/me/notifications').set(authHeader(customer));
    expect(bell.status).toBe(403);
    expectClean('notifications', bell.body);
    // The event feed (the agent view of every change) is not a customer's: 403 and nothing else.
    const events = await t.http().get('/api/events').set(authHeader(customer));
    expect(events.status).toBe(403);
    expectClean('event feed', events.body);
    const profile = await t.http().get('/api/me').set(authHeader(customer));
    expect(profile.status).toBe(200);
    expectClean('profile', profile.body);
    // The agent's reply, the customer's, and the rule's automatic one (as the support team).
    expect(reads.responses.body.data.map((r: { isInternal: boolean }) => r.isInternal)).toEqual([
      false,
      false,
      false,
    ]);
  });

  it('the list’s cf.<key> filter: a hidden field is as unknown as no field at all', async () => {
    // Filtering by the hidden field with its real value, a wrong value, and by a key no field
    // has: the same 400 (the key the customer sent aside), so neither the field nor its value shows.
    const probe = (key: string, value: string) =>
      t
        .http()
        .get('/api/tickets')
        .query({ [`cf.${key}`]: value })
        .set(authHeader(customer));
    const answers = [
      await probe(HIDDEN_FIELD, HIDDEN_VALUE),
      await probe(HIDDEN_FIELD, 'something else'),
      await probe('no_such_field', HIDDEN_VALUE),
    ];
    const shapes = answers.map((res, i) => {
      expect(res.status, `probe ${i}`).toBe(400);
      const key = i < 2 ? HIDDEN_FIELD : 'no_such_field';
      const body = JSON.parse(JSON.stringify(res.body).replaceAll(key, '<key>'));
      expectClean(`cf probe ${i}`, body);
      return body;
    });
    expect(shapes[1]).toEqual(shapes[0]);
    expect(shapes[2]).toEqual(shapes[0]);
    // A visible field filters normally.
    const visible = await probe('order_ref', 'A-1');
    expect(visible.status, visible.text).toBe(200);
    expect(visible.body.data.map((x: { id: string }) => x.id)).toEqual([ticket.id]);
    expectClean('cf visible', visible.body);
  });

  it('the public tracker and the signed link', async () => {
    const tracked = await t
      .http()
      .post('/api/public/track')
      .send({ reference: ticket.reference, email: customerEmail });
    expect(tracked.status).toBe(200);
    expectClean('tracker', tracked.body);
    expect(tracked.body.customFields).toEqual([
      { key: 'order_ref', label: { en: 'Order', fr: 'Commande' }, type: 'text', value: 'A-1' },
    ]);

    const link = await t
      .http()
      .get(`/api/tickets/${ticket.id}/tracking-link`)
      .set(authHeader(customer));
    expect(link.status).toBe(200);
    const token = new URL(link.body.url).pathname.split('/').pop()!;
    const viaLink = await t.http().get(`/api/public/tickets/${token}`);
    expect(viaLink.status).toBe(200);
    expectClean('signed link', viaLink.body);
    // The satisfaction state: the rating and its scale, never the agent it was copied with.
    const rating = await t.http().get(`/api/public/tickets/${token}/satisfaction`);
    expect(rating.status).toBe(200);
    expectClean('satisfaction via link', rating.body);
    expect(Object.keys(rating.body).sort()).toEqual([
      'changeableUntil',
      'open',
      'rating',
      'resolvedAt',
      'scale',
    ]);
    const mine = await t
      .http()
      .get(`/api/tickets/${ticket.id}/satisfaction`)
      .set(authHeader(customer));
    expect(mine.status).toBe(200);
    expectClean('satisfaction', mine.body);
  });

  it('mail in: a stranger’s tagged mail, the inbound log and the original stay out of reach', async () => {
    const admin = await signIn(t, adminUser);
    const box = await t
      .http()
      .post('/api/mailboxes')
      .set(authHeader(admin))
      .send({ address: 'leak-check@acme.test', displayName: 'Leak check' });
    expect(box.status).toBe(201);
    const basic = `Basic ${Buffer.from(`${box.body.id}:${box.body.inboundSecret}`).toString('base64')}`;
    const deliver = (from: string, subject: string) =>
      t
        .http()
        .post('/api/inbound/email')
        .set('Authorization', basic)
        .set('Content-Type', 'message/rfc822')
        .send(
          Buffer.from(
            `From: ${from}\r\nTo: leak-check@acme.test\r\nSubject: ${subject}\r\nMessage-ID: <${subject.length}-${Date.now()}-${from}@x>\r\n\r\nHello\r\n`,
          ),
        );
    // Someone who knows the reference but is not the requester: a new ticket, not this one.
    const stranger = await deliver(
      'snoop@example.net',
      `Re: [${ticket.reference}] what did they say?`,
    );
    expect(stranger.status).toBe(202);
    expect(stranger.body.ticketId).not.toBe(ticket.id);
    expectClean('inbound answer', stranger.body);
    // The requester's own mail lands on it; what they see of it carries nothing of the log.
    const own = await deliver(customerEmail, `Re: [${ticket.reference}] thanks`);
    expect(own.body).toMatchObject({ outcome: 'response_added', ticketId: ticket.id });
    const responses = await t
      .http()
      .get(`/api/tickets/${ticket.id}/responses`)
      .set(authHeader(customer));
    expectClean('responses after a mail', responses.body);
    expect(JSON.stringify(responses.body)).not.toContain('inboundEmailId');
    expect((await t.http().get('/api/inbound-emails').set(authHeader(customer))).status).toBe(403);
    const original = await t
      .http()
      .get(`/api/inbound-emails/${own.body.id}/original`)
      .set(authHeader(customer));
    expect(original.status).toBe(404);
    expect((await t.http().get('/api/mailboxes').set(authHeader(customer))).status).toBe(403);
  });

  it('session notes: outcome, notes and their author stay with the staff', async () => {
    // A weekly session whose first occurrence is over, with the agent's notes on it.
    const start = new Date(Date.now() - 2 * 24 * 3600_000).toISOString();
    const scheduled = await t
      .http()
      .put(`/api/tickets/${ticket.id}/session`)
      .set(authHeader(agent))
      .send({ mode: 'video', scheduledAt: start, recurrence: { interval: 1, count: 3 } });
    expect(scheduled.status, scheduled.text).toBe(200);
    const staffList = await t
      .http()
      .get(`/api/tickets/${ticket.id}/session/occurrences`)
      .set(authHeader(agent));
    const first = staffList.body.data[0];
    const notes = await t
      .http()
      .put(`/api/tickets/${ticket.id}/session/occurrences/${first.id}/notes`)
      .set(authHeader(agent))
      .send({ outcome: 'no_show', notes: SESSION_NOTES });
    expect(notes.status, notes.text).toBe(200);
    await t.app.events.drain();
    await t.app.notifications.drain();
    const link = await t
      .http()
      .get(`/api/tickets/${ticket.id}/tracking-link`)
      .set(authHeader(customer));
    const token = new URL(link.body.url).pathname.split('/').pop()!;
    const reads = {
      occurrences: await t
        .http()
        .get(`/api/tickets/${ticket.id}/session/occurrences`)
        .set(authHeader(customer)),
      ticket: await t.http().get(`/api/tickets/${ticket.id}`).set(authHeader(customer)),
      activity: await t.http().get(`/api/tickets/${ticket.id}/activity`).set(authHeader(customer)),
      tracker: await t
        .http()
        .post('/api/public/track')
        .send({ reference: ticket.reference, email: customerEmail }),
      link: await t.http().get(`/api/public/tickets/${token}`),
    };
    for (const [label, res] of Object.entries(reads)) {
      expect(res.status, label).toBe(200);
      expectClean(`session ${label}`, res.body);
      for (const word of ['no_show', 'notesAuthor', 'SESSION_NOTES_RECORDED', '"outcome"'])
        expect(JSON.stringify(res.body), `session ${label} leaks ${word}`).not.toContain(word);
    }
    expect(reads.occurrences.body.data).toHaveLength(3);
    const mails = await t.prisma.emailNotification.findMany({
      where: { recipientEmail: customerEmail, kind: 'session_scheduled' },
    });
    expect(mails.length).toBeGreaterThan(0);
    for (const mail of mails) expectClean('session mail', [mail.subject, mail.text, mail.html]);
    // The staff do have them.
    const mine = await t
      .http()
      .get(`/api/tickets/${ticket.id}/session/occurrences`)
      .set(authHeader(agent));
    expect(mine.body.data[0]).toMatchObject({ outcome: 'no_show', notes: SESSION_NOTES });
  });

  it('agents do see it all (the markers are really there)', async () => {
    const responses = await t
      .http()
      .get(`/api/tickets/${ticket.id}/responses`)
      .set(authHeader(agent));
    expect(JSON.stringify(responses.body)).toContain(NOTE);
    const activity = await t
      .http()
      .get(`/api/tickets/${ticket.id}/activity`)
      .set(authHeader(agent));
    expect(JSON.stringify(activity.body)).toContain(REASON);
    const view = await t.http().get(`/api/tickets/${ticket.id}`).set(authHeader(agent));
    expect(view.body.assignee.name).toBe(ASSIGNEE);
    expect(view.body.metadata).toEqual({ crm: META });
    expect(view.body.customFields).toEqual({ order_ref: 'A-1', [HIDDEN_FIELD]: HIDDEN_VALUE });
    expect(view.body.sla.policyName).toBe(SLA_POLICY);
    expect(view.body.priority).toBe('CRITICAL');
    expect(view.body.group.name).toBe(GROUP);
    expect(JSON.stringify(activity.body)).toContain('routing: load_balanced');
    expect(JSON.stringify(activity.body)).toContain('SLA breached');
  });

  it('the data-subject export (data.json of the ZIP) holds the public life only', async () => {
    const admin = await signIn(t, adminUser);
    const res = await t
      .http()
      .post('/api/data-subjects/export')
      .set(authHeader(admin))
      .send({ email: customerEmail })
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    const json = await zipEntryText(res.body as Buffer, 'data.json');
    expectClean('data-subject export', JSON.parse(json));
    expect(json).toContain('We are on it.');
    for (const word of ['no_show', 'notesAuthor', 'isInternal', 'metadata'])
      expect(json, `export leaks ${word}`).not.toContain(word);
  });

  it('email: the customer’s mails say nothing of the SLA', async () => {
    const mails = await t.prisma.emailNotification.findMany({
      where: { recipientEmail: customerEmail },
    });
    expect(mails.length).toBeGreaterThan(0);
    for (const mail of mails)
      expectClean(`mail ${mail.kind}`, [mail.subject, mail.text, mail.html]);
  });
});
