/**
 * Markdown replies (docs/product.md "Markdown"; docs/api.md "Response"): the format of each
 * author's responses, the reply mail rendered from Markdown over real SMTP (test/helpers/smtp.ts:
 * a clean text part, a sanitized HTML part), a `<script>` harmless everywhere, "send and set
 * status" as one transaction, and the staff signature.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderMarkdown, renderedMarkdownToText } from '../src/lib/markdown.js';
import { startSmtpServer, type TestSmtpServer } from './helpers/smtp.js';
import { createWebhookTestApp, type WebhookTestApp } from './helpers/webhooks.js';
import { authHeader, signInAll } from './helpers/auth.js';
import { createAdminAndAgentKeys, createOrganizationWithUsers } from './helpers/factories.js';

let t: WebhookTestApp;
let smtp: TestSmtpServer;
let agent: string;
let signedAgent: string;
let customer: string;
let agentKey: string;

const SCRIPT = '<script>alert("pwned")</script>';
const MARKDOWN = `Thanks for waiting: the refund is **approved**.\n\n${SCRIPT}\n\n- see [the policy](https://example.com/refunds)\n- _soon_ on your statement`;

/** Runs the outbox and the mail worker until nothing is due. */
const drain = () => t.app.notifications.drain({ now: t.clock.now });

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await createWebhookTestApp({ env: { SMTP_URL: smtp.url }, seed: false });
  const { organization, users } = await createOrganizationWithUsers(t.prisma, {
    agent: { role: 'AGENT', name: 'Alex Agent', email: 'md-agent@acme.test' },
    signed: {
      role: 'AGENT',
      name: 'Sam Signed',
      email: 'md-signed@acme.test',
      signature: '— Sam, **Acme support**',
    },
    customer: { role: 'CUSTOMER', name: 'Casey Customer', email: 'md-customer@acme.test' },
  });
  ({ agent, signed: signedAgent, customer } = await signInAll(t, users));
  ({ agentKey } = await createAdminAndAgentKeys(t.prisma, organization.id, users.agent.id));
  await drain();
  smtp.mails.length = 0;
});

afterAll(async () => {
  await t?.close();
  await smtp?.stop();
});

/** A fresh ticket requested by the customer, through the API. */
async function customerTicket(): Promise<{ id: string; reference: string }> {
  const res = await t.http().post('/api/tickets').set(authHeader(customer)).send({
    subject: 'Charged twice this month',
    description: 'I was billed twice for the same plan.',
  });
  expect(res.status).toBe(201);
  return res.body;
}

const post = (token: string, ticketId: string, body: object) =>
  t.http().post(`/api/tickets/${ticketId}/responses`).set(authHeader(token)).send(body);

describe('lib/markdown', () => {
  it('renders the allow-list only, and text without Markdown marks', () => {
    const html = renderMarkdown(
      `# Title\n**b** _i_ [x](javascript:alert(1)) [y](https://ok.test) ${SCRIPT}`,
    );
    expect(html).toContain('<h3>Title</h3>');
    expect(html).toContain('<strong>b</strong>');
    expect(html).toContain('<em>i</em>');
    expect(html).not.toContain('href="javascript:');
    expect(html).toContain('<a href="https://ok.test" rel="noopener noreferrer nofollow">y</a>');
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;');
    const text = renderedMarkdownToText(
      renderMarkdown('## Done\n**b** _i_ [the policy](https://example.com/p)'),
    );
    expect(text).toBe('Done\n\nb i the policy (https://example.com/p)');
  });
});

describe('response format', () => {
  it('is markdown by default for staff, text on request, and text for customers', async () => {
    const ticket = await customerTicket();
    const md = await post(agent, ticket.id, { content: 'We are **on it**.' });
    expect(md.status).toBe(201);
    expect(md.body.format).toBe('markdown');
    const text = await post(agent, ticket.id, { content: 'Plain *stars*', format: 'text' });
    expect(text.body.format).toBe('text');
    const byKey = await t
      .http()
      .post(`/api/tickets/${ticket.id}/responses`)
      .set('Authorization', `Bearer ${agentKey}`)
      .send({ content: 'From the integration', format: 'text' });
    expect(byKey.status).toBe(201);
    expect(byKey.body.format).toBe('text');
    const mine = await post(customer, ticket.id, { content: 'Thanks **a lot**' });
    expect(mine.body.format).toBe('text');
    const explicit = await post(customer, ticket.id, { content: 'Plain', format: 'text' });
    expect(explicit.status).toBe(201);

    const list = await t
      .http()
      .get(`/api/tickets/${ticket.id}/responses`)
      .set(authHeader(customer));
    expect(list.body.data.map((r: { format: string }) => r.format)).toEqual([
      'markdown',
      'text',
      'text',
      'text',
      'text',
    ]);
  });

  it('refuses markdown and a status from a customer, naming the field, and writes nothing', async () => {
    const ticket = await customerTicket();
    const md = await post(customer, ticket.id, { content: 'Hello', format: 'markdown' });
    expect(md.status).toBe(400);
    expect(md.body.errors).toEqual([expect.objectContaining({ path: 'format' })]);
    const status = await post(customer, ticket.id, { content: 'Hello', status: 'RESOLVED' });
    expect(status.status).toBe(400);
    expect(status.body.errors).toEqual([expect.objectContaining({ path: 'status' })]);
    expect(await t.prisma.ticketResponse.count({ where: { ticketId: ticket.id } })).toBe(0);
    expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).status).toBe(
      'NEW',
    );
  });

  it('shows the format on the tracker view', async () => {
    const ticket = await customerTicket();
    await post(agent, ticket.id, { content: 'A **bold** answer' });
    const link = await t
      .http()
      .get(`/api/tickets/${ticket.id}/tracking-link`)
      .set(authHeader(agent));
    const token = (link.body.url as string).split('/t/')[1]!;
    const view = await t.http().get(`/api/public/tickets/${token}`);
    expect(view.status).toBe(200);
    const reply = view.body.timeline.find((i: { type: string }) => i.type === 'reply');
    expect(reply).toMatchObject({ content: 'A **bold** answer', format: 'markdown' });
  });
});

describe('the reply mail', () => {
  it('renders Markdown in the HTML part, clean text in the text part, and the script as text', async () => {
    const ticket = await customerTicket();
    const res = await post(agent, ticket.id, { content: MARKDOWN });
    expect(res.status).toBe(201);
    // The API gives the Markdown as written (the SPA renders and sanitizes it).
    expect(res.body.content).toBe(MARKDOWN);
    await drain();
    const mail = smtp
      .to('md-customer@acme.test')
      .find(
        (m) => m.parsed.subject?.includes(ticket.reference) && m.parsed.text?.includes('refund'),
      );
    expect(mail).toBeDefined();
    const html = typeof mail!.parsed.html === 'string' ? mail!.parsed.html : '';
    expect(html).toContain('<strong>approved</strong>');
    expect(html).toContain('<em>soon</em>');
    expect(html).toContain('href="https://example.com/refunds"');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;script&gt;');
    const text = mail!.parsed.text!;
    expect(text).toContain('the refund is approved.');
    expect(text).toContain('the policy (https://example.com/refunds)');
    expect(text).not.toContain('**');
    expect(text).not.toContain('_soon_');
  });

  it('keeps a text reply as typed: escaped in the HTML part, stars kept', async () => {
    const ticket = await customerTicket();
    await post(agent, ticket.id, { content: 'Use **exactly** <b>this</b>', format: 'text' });
    await drain();
    const mail = smtp
      .to('md-customer@acme.test')
      .find(
        (m) => m.parsed.subject?.includes(ticket.reference) && m.parsed.text?.includes('exactly'),
      );
    const html = typeof mail!.parsed.html === 'string' ? mail!.parsed.html : '';
    expect(html).toContain('Use **exactly** &lt;b&gt;this&lt;/b&gt;');
    expect(mail!.parsed.text).toContain('> Use **exactly** <b>this</b>');
  });
});

describe('send and set status', () => {
  it('writes the reply and the status change together, with its activity, date and mails', async () => {
    const ticket = await customerTicket();
    const res = await post(agent, ticket.id, {
      content: 'Refunded. **Done**.',
      status: 'RESOLVED',
    });
    expect(res.status).toBe(201);
    const row = await t.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } });
    expect(row.status).toBe('RESOLVED');
    expect(row.resolvedAt).not.toBeNull();
    expect(row.firstRespondedAt).not.toBeNull();
    const activity = await t.prisma.ticketActivity.findMany({
      where: { ticketId: ticket.id, type: { in: ['RESPONSE_ADDED', 'STATUS_CHANGED'] } },
      orderBy: { createdAt: 'asc' },
    });
    expect(activity.map((a) => a.type)).toEqual(['RESPONSE_ADDED', 'STATUS_CHANGED']);
    expect(activity[1]!.after).toEqual({ status: 'RESOLVED' });
    await drain();
    const subjects = smtp
      .to('md-customer@acme.test')
      .filter((m) => m.parsed.subject?.includes(ticket.reference))
      .map((m) => m.parsed.text ?? '');
    expect(subjects.some((text) => text.includes('Refunded. Done.'))).toBe(true);
  });

  it('lets staff park a ticket with an internal note', async () => {
    const ticket = await customerTicket();
    const res = await post(agent, ticket.id, {
      content: 'Waiting for the vendor.',
      isInternal: true,
      status: 'ON_HOLD',
    });
    expect(res.status).toBe(201);
    expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).status).toBe(
      'ON_HOLD',
    );
  });

  it('writes neither the reply nor the status when the transition is refused', async () => {
    const ticket = await customerTicket();
    expect((await post(agent, ticket.id, { content: 'Done', status: 'RESOLVED' })).status).toBe(
      201,
    );
    const before = await t.prisma.ticketResponse.count({ where: { ticketId: ticket.id } });
    // RESOLVED does not park in ON_HOLD (ticket-lifecycle.ts): 409, and no reply either.
    const refused = await post(agent, ticket.id, { content: 'One more thing', status: 'ON_HOLD' });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('invalid_transition');
    expect(await t.prisma.ticketResponse.count({ where: { ticketId: ticket.id } })).toBe(before);
    expect((await t.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).status).toBe(
      'RESOLVED',
    );
  });

  it('refuses a status that is not one a reply may set', async () => {
    const ticket = await customerTicket();
    const res = await post(agent, ticket.id, { content: 'Closing', status: 'CLOSED' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'status' })]);
  });
});

describe('signature', () => {
  it("appends the staff member's signature to a public reply when asked, not to notes", async () => {
    const ticket = await customerTicket();
    const signed = await post(signedAgent, ticket.id, {
      content: 'Your refund is on its way.',
      appendSignature: true,
    });
    expect(signed.body.content).toBe('Your refund is on its way.\n\n— Sam, **Acme support**');
    const unsigned = await post(signedAgent, ticket.id, { content: 'No signature here.' });
    expect(unsigned.body.content).toBe('No signature here.');
    const note = await post(signedAgent, ticket.id, {
      content: 'A note.',
      isInternal: true,
      appendSignature: true,
    });
    expect(note.body.content).toBe('A note.');
    // Without a signature, nothing is added.
    const plain = await post(agent, ticket.id, { content: 'Hi.', appendSignature: true });
    expect(plain.body.content).toBe('Hi.');
  });
});
