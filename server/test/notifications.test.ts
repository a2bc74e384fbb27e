/**
 * Email notifications over real SMTP ("webhook disabled"):
 * a `smtp-server` in the test process receives what the mail worker sends, parsed by
 * `mailparser`. Recipients, subjects with the reference, Message-ID/In-Reply-To/References, both
 * parts, the requester's language, the session's .ics, nothing internal in customers' mails, the
 * assignee's mails; an SMTP outage (nothing lost, nothing doubled), a refusing server (FAILED,
 * visible and retryable by admins); the admins' mail and the organization activity entry when a
 * webhook endpoint is disabled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../src/generated/prisma/client.js';
import { startSmtpServer, type ReceivedMail, type TestSmtpServer } from './helpers/smtp.js';
import {
  createEndpoint,
  createWebhookTestApp,
  startReceiver,
  type WebhookTestApp,
} from './helpers/webhooks.js';
import { authHeader, signIn, signInAll } from './helpers/auth.js';
import { createOrganizationWithUsers } from './helpers/factories.js';

let t: WebhookTestApp;
let smtp: TestSmtpServer;
const tokens: Record<string, string> = {};
let globexAdmin: User;
const MAX_ATTEMPTS = 4;
const STAFF_NAMES = ['Ada Admin', 'Alex Agent', 'Camille Tremblay'];
const INTERNAL_NOTE = 'INTERNAL: refund approved by finance, do not tell the customer yet';

async function call(who: string, method: 'post' | 'patch' | 'put', path: string, body?: object) {
  const res = await t.http()[method](path).set(authHeader(tokens[who]!)).send(body);
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
  return res.body;
}

/** Runs the outbox and the mail worker until nothing is due (at the test clock's time). */
const drain = () => t.app.notifications.drain({ now: t.clock.now });

/** Everything a customer could read in a mail: subject, both parts, attachments. */
function readable(mail: ReceivedMail): string {
  return [
    mail.parsed.subject ?? '',
    mail.parsed.text ?? '',
    typeof mail.parsed.html === 'string' ? mail.parsed.html : '',
    ...mail.parsed.attachments.map((a) => a.content.toString('utf8')),
  ].join('\n');
}

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await createWebhookTestApp({
    env: { SMTP_URL: smtp.url, MAIL_MAX_ATTEMPTS: String(MAX_ATTEMPTS) },
    seed: false,
  });
  // The people the mails go to and name, in their languages and time zones.
  const acme = await createOrganizationWithUsers(
    t.prisma,
    {
      admin: { role: 'ADMIN', email: 'admin@acme.test', name: 'Ada Admin' },
      agent: { role: 'AGENT', email: 'agent@acme.test', name: 'Alex Agent' },
      agent2: {
        role: 'AGENT',
        email: 'agent2@acme.test',
        name: 'Camille Tremblay',
        locale: 'fr-CA',
        timeZone: 'America/Montreal',
      },
      customer: { role: 'CUSTOMER', email: 'customer@acme.test', name: 'Casey Customer' },
      customer2: {
        role: 'CUSTOMER',
        email: 'customer2@acme.test',
        name: 'Élodie Gagnon',
        locale: 'fr-CA',
        timeZone: 'America/Montreal',
      },
    },
    { settings: { timeZone: 'America/Toronto', locale: 'en' } },
  );
  const globex = await createOrganizationWithUsers(t.prisma, {
    admin: { role: 'ADMIN', email: 'admin@globex.test' },
  });
  globexAdmin = globex.users.admin;
  Object.assign(tokens, await signInAll(t, acme.users));
  expect(t.app.notifications.mode).toBe('smtp');
  // What signing in wrote is not mailed: start from a quiet outbox.
  await drain();
  smtp.mails.length = 0;
});

afterAll(async () => {
  await t?.close();
  await smtp?.stop();
});

describe('email notifications', () => {
  let ticket: { id: string; reference: string };
  const mailsOf = (address: string) =>
    smtp.to(address).filter((m) => m.parsed.subject?.includes(ticket.reference));

  it('tells a French requester that their ticket was created, in French, threaded', async () => {
    ticket = await call('customer2', 'post', '/api/tickets', {
      subject: 'Facture en double ce mois-ci',
      description: 'On m’a facturé deux fois pour le même abonnement.',
    });
    const result = await drain();
    expect(result.sent).toBeGreaterThanOrEqual(1);
    const [mail, ...others] = mailsOf('customer2@acme.test');
    expect(others).toHaveLength(0);
    expect(mail!.parsed.subject).toBe(
      `[${ticket.reference}] Nous avons reçu votre demande : Facture en double ce mois-ci`,
    );
    expect(mail!.parsed.to).toMatchObject({ value: [{ address: 'customer2@acme.test' }] });
    expect(mail!.parsed.messageId).toMatch(/^<[0-9a-f-]{36}@localhost>$/);
    expect(mail!.parsed.inReplyTo).toBe(`<ticket-${ticket.id}@localhost>`);
    expect(mail!.parsed.references).toBe(`<ticket-${ticket.id}@localhost>`);
    expect(mail!.parsed.text).toContain('Bonjour Élodie Gagnon,');
    expect(mail!.parsed.text).toMatch(/http:\/\/localhost:3000\/t\/[\w-]+\.[\w-]+/);
    expect(mail!.parsed.html).toContain('<html lang="fr-CA">');
    expect(mail!.parsed.html).toContain('Suivre votre demande');
    // The tracking link in the mail opens the ticket.
    const token = /\/t\/([\w-]+\.[\w-]+)/.exec(mail!.parsed.text!)![1]!;
    const opened = await t.http().get(`/api/public/tickets/${token}`);
    expect(opened.status).toBe(200);
    expect(opened.body.reference ?? opened.body.ticket?.reference).toBe(ticket.reference);
  });

  it('mails a public reply signed "Support team", and nothing of an internal note', async () => {
    await call('agent', 'post', `/api/tickets/${ticket.id}/responses`, {
      content: INTERNAL_NOTE,
      isInternal: true,
    });
    await call('agent', 'post', `/api/tickets/${ticket.id}/responses`, {
      content: 'Nous avons remboursé le second prélèvement.\nIl apparaîtra sous 3 jours.',
    });
    await drain();
    const replies = mailsOf('customer2@acme.test').filter((m) =>
      m.parsed.subject?.includes('Nouvelle réponse'),
    );
    expect(replies).toHaveLength(1);
    expect(replies[0]!.parsed.text).toContain('> Nous avons remboursé le second prélèvement.');
    expect(replies[0]!.parsed.text).toContain('L’équipe de soutien a répondu');
    expect(replies[0]!.parsed.inReplyTo).toBe(`<ticket-${ticket.id}@localhost>`);
  });

  it('mails the assignee when someone else assigns, not on a claim, and on customer replies', async () => {
    const agent2 = await t.prisma.user.findUniqueOrThrow({ where: { email: 'agent2@acme.test' } });
    await call('admin', 'patch', `/api/tickets/${ticket.id}`, { assigneeId: agent2.id });
    await drain();
    const assigned = mailsOf('agent2@acme.test');
    expect(assigned).toHaveLength(1);
    expect(assigned[0]!.parsed.subject).toBe(
      `[${ticket.reference}] Assigné à vous : Facture en double ce mois-ci`,
    );
    expect(assigned[0]!.parsed.text).toContain('Ada Admin vous a assigné ce billet.');

    // A claim by an agent for themselves is no news to them.
    const other = await call('customer', 'post', '/api/tickets', {
      subject: 'Cannot sign in to my account',
      description: 'The password reset link never arrives in my inbox.',
    });
    await call('agent', 'post', `/api/tickets/${other.id}/claim`);
    await drain();
    expect(smtp.to('agent@acme.test')).toHaveLength(0);

    await call('customer2', 'post', `/api/tickets/${ticket.id}/responses`, {
      content: 'Merci, je vérifierai mon relevé.',
    });
    await drain();
    const replied = mailsOf('agent2@acme.test').filter((m) =>
      m.parsed.subject?.includes('répondu'),
    );
    expect(replied).toHaveLength(1);
    expect(replied[0]!.parsed.text).toContain('> Merci, je vérifierai mon relevé.');
  });

  it('sends the session with its time in the requester’s time zone and an .ics invitation', async () => {
    await call('agent', 'put', `/api/tickets/${ticket.id}/session`, {
      mode: 'video',
      scheduledAt: '2026-12-03T15:30:00Z',
      durationMinutes: 45,
      meetingLink: 'https://meet.example.com/docket-42',
    });
    await drain();
    const [mail] = mailsOf('customer2@acme.test').filter((m) =>
      m.parsed.subject?.includes('Séance prévue'),
    );
    expect(mail).toBeDefined();
    // 15:30 UTC is 10 h 30 in Montréal (EST) on 3 December.
    expect(mail!.parsed.subject).toMatch(/3 décembre 2026.*10 h 30/);
    expect(mail!.parsed.text).toContain('Appel vidéo');
    expect(mail!.parsed.text).toContain('https://meet.example.com/docket-42');
    const ics = mail!.parsed.attachments.find((a) => a.filename === 'session.ics');
    expect(ics?.contentType).toBe('text/calendar');
    const calendar = ics!.content.toString('utf8');
    expect(calendar).toMatch(/^DTSTART:20261203T153000Z\r?$/m);
    expect(calendar).toMatch(/^DURATION:PT45M\r?$/m);
    expect(calendar).toContain(`UID:session-${ticket.id}@localhost`);
  });

  it('invites a reply when the ticket is resolved, and mails status changes', async () => {
    await call('agent2', 'patch', `/api/tickets/${ticket.id}`, {
      status: 'WAITING_ON_CUSTOMER',
      reason: 'Staff-only reason: waiting for the bank',
    });
    await drain();
    const waiting = mailsOf('customer2@acme.test').filter((m) =>
      m.parsed.subject?.includes('Statut changé à En attente de votre réponse'),
    );
    expect(waiting).toHaveLength(1);
    expect(waiting[0]!.parsed.text).toMatch(/passé de « .+ » à « En attente de votre réponse »/);
    expect(readable(waiting[0]!)).not.toContain('Staff-only reason');

    await call('agent2', 'patch', `/api/tickets/${ticket.id}`, {
      status: 'RESOLVED',
      reason: 'Staff-only reason: customer was refunded twice by mistake',
    });
    await drain();
    const resolved = mailsOf('customer2@acme.test').filter((m) =>
      m.parsed.subject?.startsWith(`[${ticket.reference}] Résolue`),
    );
    expect(resolved).toHaveLength(1);
    expect(resolved[0]!.parsed.text).toContain('répondez simplement');
    expect(readable(resolved[0]!)).not.toContain('Staff-only reason');
  });

  it('never puts an internal note, a staff reason or an agent name in a customer mail', () => {
    const customerMails = [...smtp.to('customer2@acme.test'), ...smtp.to('customer@acme.test')];
    expect(customerMails.length).toBeGreaterThanOrEqual(5);
    for (const mail of customerMails) {
      const text = readable(mail);
      expect(text).not.toContain('INTERNAL');
      expect(text).not.toContain('finance');
      for (const name of STAFF_NAMES) expect(text).not.toContain(name);
      expect(mail.parsed.text).toBeTruthy();
      expect(mail.parsed.html).toBeTruthy();
    }
  });

  it('loses and doubles nothing through an SMTP outage', async () => {
    const before = await t.prisma.emailNotification.count();
    await smtp.stop();
    const made: string[] = [];
    for (let i = 0; i < 3; i++) {
      const created = await call('customer', 'post', '/api/tickets', {
        subject: `Outage ticket number ${i + 1}`,
        description: 'Written while the mail server is down.',
      });
      made.push(created.reference);
      await call('agent', 'post', `/api/tickets/${created.id}/responses`, {
        content: `Answer ${i + 1} while SMTP is down`,
      });
    }
    const down = await drain();
    const queued = (await t.prisma.emailNotification.count()) - before;
    expect(queued).toBe(6);
    expect(down.sent).toBe(0);
    expect(down.retried).toBe(6);
    const pending = await t.prisma.emailNotification.findMany({ where: { status: 'PENDING' } });
    expect(pending).toHaveLength(6);
    expect(pending.every((n) => n.attempts === 1 && n.lastError)).toBe(true);

    // A restart while the server is down changes nothing: the rows are in the database.
    await t.restart();
    await smtp.start();
    t.clock.advance(10 * 60_000);
    const up = await drain();
    expect(up.sent).toBe(6);

    const outageMails = smtp.mails.filter((m) =>
      made.some((reference) => m.parsed.subject?.includes(reference)),
    );
    const ids = outageMails.map((m) => m.parsed.messageId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(6);
    const rows = await t.prisma.emailNotification.findMany({
      where: { messageId: { in: ids as string[] } },
    });
    expect(rows.every((r) => r.status === 'SENT')).toBe(true);
    console.info(
      `SMTP outage: queued ${queued}, retried ${down.retried}, sent ${up.sent}, delivered ${ids.length} distinct Message-IDs, lost ${queued - ids.length}`,
    );
  });

  it('sends a mail whose worker died mid-send once its lease ends, exactly once', async () => {
    const created = await call('customer', 'post', '/api/tickets', {
      subject: 'Claimed by a worker that crashed',
      description: 'Its worker took the mail, then the process died.',
    });
    await t.app.events.drain({ now: t.clock.now });
    const row = await t.prisma.emailNotification.findFirstOrThrow({
      where: { ticketId: created.id, kind: 'ticket_created' },
    });
    // What a claim leaves behind when the process dies before sending: a lease and one attempt.
    await t.prisma.emailNotification.update({
      where: { id: row.id },
      data: {
        attempts: 1,
        lockedBy: 'mail-crashed',
        lockedUntil: new Date(t.clock.now.getTime() + 2 * 60_000),
      },
    });
    expect((await drain()).sent).toBe(0);
    t.clock.advance(3 * 60_000);
    expect((await drain()).sent).toBe(1);
    expect(await drain()).toMatchObject({ sent: 0 });
    expect(smtp.mails.filter((m) => m.parsed.messageId === row.messageId)).toHaveLength(1);
    expect(
      await t.prisma.emailNotification.findUniqueOrThrow({ where: { id: row.id } }),
    ).toMatchObject({ status: 'SENT', attempts: 2, lockedBy: null });
  });

  it('marks a mail FAILED after MAIL_MAX_ATTEMPTS refusals (550), visible and retryable by admins', async () => {
    smtp.mode = 'reject';
    const created = await call('customer', 'post', '/api/tickets', {
      subject: 'A mail the server refuses',
      description: 'The SMTP server answers 550 to everything.',
    });
    let result = await drain();
    for (let i = 0; i < MAX_ATTEMPTS + 2 && result.failed === 0; i++) {
      t.clock.advance(2 * 3600_000);
      result = await drain();
    }
    const row = await t.prisma.emailNotification.findFirstOrThrow({
      where: { ticketId: created.id, kind: 'ticket_created' },
    });
    expect(row).toMatchObject({ status: 'FAILED', attempts: MAX_ATTEMPTS });
    expect(row.lastError).toMatch(/550/);

    const failed = await t
      .http()
      .get('/api/notifications?status=FAILED')
      .set(authHeader(tokens.admin!));
    expect(failed.status).toBe(200);
    const listed = failed.body.data.find((n: { id: string }) => n.id === row.id);
    expect(listed).toMatchObject({
      status: 'FAILED',
      attempts: MAX_ATTEMPTS,
      kind: 'ticket_created',
      recipient: { email: 'customer@acme.test' },
      ticket: { id: created.id, reference: created.reference },
      nextAttemptAt: null,
    });
    expect(listed.lastError).toMatch(/550/);
    expect((await t.http().get('/api/notifications').set(authHeader(tokens.agent!))).status).toBe(
      403,
    );
    expect(
      (await t.http().get('/api/notifications').set(authHeader(tokens.customer!))).status,
    ).toBe(403);

    smtp.mode = 'accept';
    const retried = await t
      .http()
      .post(`/api/notifications/${row.id}/retry`)
      .set(authHeader(tokens.admin!))
      .send();
    expect(retried.status).toBe(202);
    expect(retried.body).toMatchObject({ status: 'PENDING', maxAttempts: MAX_ATTEMPTS + 1 });
    await t.app.notifications.drain({ now: new Date(Date.now() + 60_000) });
    expect(smtp.mails.filter((m) => m.parsed.messageId === row.messageId)).toHaveLength(1);
    const again = await t
      .http()
      .post(`/api/notifications/${row.id}/retry`)
      .set(authHeader(tokens.admin!));
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('already_sent');
  });

  it('mails the admins and records an organization activity entry when a webhook endpoint is disabled', async () => {
    const receiver = await startReceiver();
    try {
      receiver.mode = 'gone';
      const endpoint = await createEndpoint(t, tokens.admin!, {
        url: receiver.url,
        eventTypes: ['ticket.created'],
        description: 'CRM sync',
      });
      await call('customer', 'post', '/api/tickets', {
        subject: 'Triggers a webhook delivery',
        description: 'The receiver answers 410 Gone.',
      });
      await drain();
      const mails = smtp
        .to('admin@acme.test')
        .filter((m) => m.parsed.subject?.startsWith('Webhook endpoint disabled'));
      expect(mails).toHaveLength(1);
      expect(mails[0]!.parsed.text).toContain(receiver.url);
      expect(mails[0]!.parsed.text).toContain('410');
      expect(smtp.to('admin@globex.test')).toHaveLength(0);

      // The audit trail also records the endpoint's creation: look at this type.
      const activity = await t
        .http()
        .get('/api/organization/activity?type=webhook_endpoint.disabled')
        .set(authHeader(tokens.admin!));
      expect(activity.status).toBe(200);
      expect(activity.body.data[0]).toMatchObject({
        type: 'webhook_endpoint.disabled',
        actor: { id: null, name: 'Docket' },
        data: { endpointId: endpoint.id, url: receiver.url, description: 'CRM sync' },
      });
      expect(
        (await t.http().get('/api/organization/activity').set(authHeader(tokens.agent!))).status,
      ).toBe(403);
      const globex = await signIn(t, globexAdmin);
      const other = await t
        .http()
        .get('/api/organization/activity?type=webhook_endpoint.disabled')
        .set(authHeader(globex));
      expect(other.body.data).toHaveLength(0);
    } finally {
      await receiver.close();
    }
  });
});
