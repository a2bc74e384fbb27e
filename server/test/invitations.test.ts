/**
 * Invitations (docs/product.md "Accounts") over real SMTP: an admin invites by email, the link
 * read from the received mail shows the invitation and accepting it creates the user (role,
 * groups, signed in) once; resend makes a new link and kills the old one; revoke and expiry stop
 * a link; an email that is already a user's is 409; the password policy applies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../src/generated/prisma/client.js';
import { createTestApp, testConfig, type TestApp } from './helpers/app.js';
import { authHeader, signIn } from './helpers/auth.js';
import { createOrganizationWithUsers } from './helpers/factories.js';
import { startSmtpServer, type TestSmtpServer } from './helpers/smtp.js';

let t: TestApp;
let smtp: TestSmtpServer;
let users: Record<'admin' | 'agent', User>;
let organizationId: string;
let adminToken: string;
const PASSWORD = 'amber-canyon-quartz-19';

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await createTestApp({
    seed: false,
    config: testConfig({ SMTP_URL: smtp.url, PUBLIC_URL: 'https://help.example.test' }),
  });
  const acme = await createOrganizationWithUsers(
    t.prisma,
    {
      admin: { role: 'ADMIN', email: 'invite-admin@acme.test', name: 'Ada Admin' },
      agent: { role: 'AGENT', email: 'invite-agent@acme.test', name: 'Alex Agent' },
    },
    { name: 'Acme Support' },
  );
  users = acme.users;
  organizationId = acme.organization.id;
  adminToken = await signIn(t, users.admin);
});

afterAll(async () => {
  await t?.close();
  await smtp?.stop();
});

const admin = () => authHeader(adminToken);

/** Sends the queued mails and returns the token of the last invitation `email` received. */
async function linkSentTo(email: string): Promise<string> {
  await t.app.notifications.drain();
  const mail = smtp.to(email).at(-1);
  expect(mail, `a mail to ${email}`).toBeDefined();
  const text = mail!.parsed.text ?? '';
  const match = /https:\/\/help\.example\.test\/accept-invitation\?token=([A-Za-z0-9_-]+)/.exec(
    text,
  );
  expect(match, text).not.toBeNull();
  return decodeURIComponent(match![1]!);
}

async function invite(email: string, body: object = {}) {
  const res = await t
    .http()
    .post('/api/invitations')
    .set(admin())
    .send({ email, role: 'AGENT', ...body });
  expect(res.status, res.text).toBe(201);
  return res.body as { id: string; email: string; expiresAt: string };
}

describe('invitations', () => {
  it('invites by email; the link shows the invitation and creates the user once', async () => {
    const group = await t.prisma.group.create({
      data: { organizationId, name: 'Billing' },
    });
    const created = await invite('New.Person@Example.test', { groupIds: [group.id] });
    expect(created.email).toBe('new.person@example.test');
    const days = (new Date(created.expiresAt).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);

    const list = await t.http().get('/api/invitations').set(admin());
    expect(list.status).toBe(200);
    expect(list.body.data.map((i: { id: string }) => i.id)).toContain(created.id);
    expect(JSON.stringify(list.body)).not.toMatch(/tokenHash/);

    const token = await linkSentTo('new.person@example.test');
    const mail = smtp.to('new.person@example.test').at(-1)!;
    expect(mail.parsed.subject).toBe('You are invited to join Acme Support on Docket');
    expect(mail.parsed.text).toContain('Ada Admin');

    const preview = await t.http().get('/api/invitations/accept').query({ token });
    expect(preview.status).toBe(200);
    expect(preview.body).toEqual({
      email: 'new.person@example.test',
      organizationName: 'Acme Support',
      role: 'AGENT',
    });

    // The password policy applies, naming the field; the link stays usable.
    const weak = await t
      .http()
      .post('/api/invitations/accept')
      .send({ token, name: 'New Person', password: 'password123' });
    expect(weak.status).toBe(400);
    expect(weak.body.errors[0].path).toBe('password');

    const accepted = await t
      .http()
      .post('/api/invitations/accept')
      .send({ token, name: 'New Person', password: PASSWORD });
    expect(accepted.status, accepted.text).toBe(201);
    expect(accepted.body.user).toMatchObject({
      email: 'new.person@example.test',
      name: 'New Person',
      role: 'AGENT',
      organizationId,
    });
    const me = await t
      .http()
      .get('/api/auth/me')
      .set(authHeader(accepted.body.accessToken as string));
    expect(me.status).toBe(200);
    const member = await t.prisma.groupMember.findFirst({
      where: { groupId: group.id, userId: accepted.body.user.id },
    });
    expect(member).not.toBeNull();
    const login = await t
      .http()
      .post('/api/auth/login')
      .send({ email: 'new.person@example.test', password: PASSWORD });
    expect(login.status).toBe(200);

    // Used: the link is dead and the invitation no longer pending.
    const again = await t
      .http()
      .post('/api/invitations/accept')
      .send({ token, name: 'Twice', password: PASSWORD });
    expect(again.status).toBe(400);
    expect(again.body.errors[0].path).toBe('token');
    const after = await t.http().get('/api/invitations').set(admin());
    expect(after.body.data.map((i: { id: string }) => i.id)).not.toContain(created.id);

    // The accepted invitation signed in with a session and its refresh cookie.
    expect(String(accepted.headers['set-cookie'])).toMatch(/docket_refresh=[^;]+; .*HttpOnly/);
    // The audit trail names the invitation and the new user by id, never by email.
    const audit = await t.prisma.organizationActivity.findMany({
      where: { organizationId, type: { in: ['invitation.sent', 'invitation.accepted'] } },
      orderBy: { createdAt: 'asc' },
    });
    const sent = audit.find(
      (e) =>
        e.type === 'invitation.sent' &&
        (e.data as { invitationId?: string }).invitationId === created.id,
    );
    expect(sent).toBeDefined();
    const acceptedEntry = audit.find(
      (e) =>
        e.type === 'invitation.accepted' &&
        (e.data as { invitationId?: string }).invitationId === created.id,
    );
    expect(acceptedEntry?.data).toMatchObject({ userId: accepted.body.user.id });
    expect(acceptedEntry?.actorId).toBe(accepted.body.user.id);
    expect(JSON.stringify([sent?.data, acceptedEntry?.data])).not.toContain('new.person');
  });

  it('refuses to invite an email that is already a user’s (409)', async () => {
    const res = await t
      .http()
      .post('/api/invitations')
      .set(admin())
      .send({ email: users.agent.email, role: 'AGENT' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('email_taken');
  });

  it('resend sends a new link and kills the old one', async () => {
    const created = await invite('resend-me@example.test');
    const oldToken = await linkSentTo('resend-me@example.test');
    const resent = await t.http().post(`/api/invitations/${created.id}/resend`).set(admin());
    expect(resent.status, resent.text).toBe(201);
    expect(resent.body.id).not.toBe(created.id);
    const newToken = await linkSentTo('resend-me@example.test');
    expect(newToken).not.toBe(oldToken);
    expect(smtp.to('resend-me@example.test')).toHaveLength(2);

    const old = await t.http().get('/api/invitations/accept').query({ token: oldToken });
    expect(old.status).toBe(400);
    const fresh = await t.http().get('/api/invitations/accept').query({ token: newToken });
    expect(fresh.status).toBe(200);
    const list = await t.http().get('/api/invitations').set(admin());
    const ids = list.body.data.map((i: { id: string }) => i.id);
    expect(ids).toContain(resent.body.id);
    expect(ids).not.toContain(created.id);
    const entry = await t.prisma.organizationActivity.findFirst({
      where: { organizationId, type: 'invitation.resent' },
      orderBy: { createdAt: 'desc' },
    });
    expect(entry?.data).toEqual({ invitationId: resent.body.id, previousInvitationId: created.id });
  });

  it('revoke stops the link', async () => {
    const created = await invite('revoke-me@example.test');
    const token = await linkSentTo('revoke-me@example.test');
    const revoked = await t.http().delete(`/api/invitations/${created.id}`).set(admin());
    expect(revoked.status).toBe(204);
    const accept = await t
      .http()
      .post('/api/invitations/accept')
      .send({ token, name: 'Revoked', password: PASSWORD });
    expect(accept.status).toBe(400);
    expect(accept.body.errors[0].path).toBe('token');
    expect(await t.prisma.user.count({ where: { email: 'revoke-me@example.test' } })).toBe(0);
    const twice = await t.http().delete(`/api/invitations/${created.id}`).set(admin());
    expect(twice.status).toBe(404);
    const malformed = await t.http().delete('/api/invitations/not-a-uuid').set(admin());
    expect(malformed.status).toBe(404);
  });

  it('an expired link no longer works', async () => {
    const created = await invite('late@example.test');
    const token = await linkSentTo('late@example.test');
    await t.prisma.accountToken.update({
      where: { id: created.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const preview = await t.http().get('/api/invitations/accept').query({ token });
    expect(preview.status).toBe(400);
    expect(preview.body.detail).toMatch(/expired/);
    const list = await t.http().get('/api/invitations').set(admin());
    const row = list.body.data.find((i: { id: string }) => i.id === created.id);
    expect(row.expired).toBe(true);
  });

  it('accepting when the email became a user meanwhile is 409', async () => {
    await invite('raced@example.test');
    const token = await linkSentTo('raced@example.test');
    const made = await t
      .http()
      .post('/api/users')
      .set(admin())
      .send({ email: 'raced@example.test', name: 'Raced', role: 'AGENT' });
    expect(made.status).toBe(201);
    const accept = await t
      .http()
      .post('/api/invitations/accept')
      .send({ token, name: 'Raced again', password: PASSWORD });
    expect(accept.status).toBe(409);
  });

  it('refuses groups of another organization, and agents', async () => {
    const other = await createOrganizationWithUsers(t.prisma, { a: { role: 'ADMIN' } });
    const foreign = await t.prisma.group.create({
      data: { organizationId: other.organization.id, name: 'Elsewhere' },
    });
    const res = await t
      .http()
      .post('/api/invitations')
      .set(admin())
      .send({ email: 'foreign-group@example.test', role: 'AGENT', groupIds: [foreign.id] });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('groupIds');
    const agentToken = await signIn(t, users.agent);
    const byAgent = await t
      .http()
      .post('/api/invitations')
      .set(authHeader(agentToken))
      .send({ email: 'by-agent@example.test', role: 'AGENT' });
    expect(byAgent.status).toBe(403);
  });
});
