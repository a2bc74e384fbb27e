/**
 * The authorization matrix of docs/product.md's roles table, over every route of the API.
 *
 * The route list comes from the OpenAPI document the server generates, and the test fails when a
 * route has no row here: a new route cannot ship without its authorization being stated and
 * checked. Each row says, for each caller, what must happen:
 * - `ok`: allowed — any answer but 401, 403 and 404 (a domain 409 still proves access), never 5xx;
 * - `401`, `403`, `404`: exactly that status (404 for what the caller may not even know exists:
 *   another organization's data, another customer's ticket).
 * Callers: no credentials; the requester (a customer) on their own ticket; another customer of
 * the organization on that ticket; an agent; an admin; the admin of another organization; API
 * keys with AGENT and ADMIN roles; an agent restricted to their groups and an API key made for a
 * group, neither of them seeing the fixture ticket, which is in no group of theirs (docs/product.md
 * "Groups and routing": another group's ticket is 404 on every path). Their expectations default
 * to the agent's (the agent key's), with 404 where that is 'ok' on the fixture ticket.
 * Each check gets fresh fixtures, so destructive routes do not disturb the others.
 */
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../src/lib/domain.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { authHeader, signIn, signInAll } from './helpers/auth.js';
import {
  createApiKey,
  createCategory,
  createChat,
  createOrganizationWithUsers,
  createTicket,
  createUser,
} from './helpers/factories.js';

type Caller =
  | 'anonymous'
  | 'requester'
  | 'otherCustomer'
  | 'agent'
  | 'admin'
  | 'otherOrgAdmin'
  | 'agentKey'
  | 'adminKey'
  | 'restrictedAgent'
  | 'groupKey';
type Expectation = 'ok' | 401 | 403 | 404;

interface Fixtures {
  ticketId: string;
  chatId: string;
  userId: string;
  categoryId: string;
  apiKeyId: string;
  webhookId: string;
  webhookDeliveryId: string;
  /** A public attachment (a PNG, with thumbnail) on the fixture ticket. */
  attachmentId: string;
  /** A saved view of the agent (owner-only: everyone else 404). */
  savedViewId: string;
  /** A FAILED email notification of Acme (admins list and retry it). */
  notificationId: string;
  /** A mailbox of Acme. */
  mailboxId: string;
  /** A suspended received mail of that mailbox, on the fixture ticket (its original kept). */
  inboundEmailId: string;
  /** Business hours of Acme, not used by any policy (deletable). */
  businessHoursId: string;
  /** An SLA policy of Acme. */
  slaPolicyId: string;
  /** A shared macro of Acme (made by its admin), which only tags. */
  macroId: string;
  /** An inactive rule of Acme. */
  ruleId: string;
  /** A group of Acme (the agent its member), not the restricted callers'. */
  groupId: string;
  /** A custom field definition of Acme (not required, hidden from customers). */
  customFieldId: string;
  /** A `related` link from the fixture ticket to another ticket of its requester. */
  linkId: string;
  /** A past session occurrence of the fixture ticket (notes may be recorded on it). */
  occurrenceId: string;
  /** A pending invitation of Acme. */
  invitationId: string;
}

interface Row {
  /** Body to send (may depend on the caller), if any. */
  body?: (caller: Caller, f: Fixtures) => object;
  /** Query string. */
  query?: (caller: Caller) => Record<string, string>;
  /** Files to send as multipart/form-data (instead of a JSON body). */
  files?: () => { name: string; bytes: Buffer }[];
  /** Prepare the fixtures (e.g. soft-delete the ticket before a restore). */
  prepare?: (t: TestApp, f: Fixtures) => Promise<void>;
  /**
   * The route ends the caller's own sessions (sign-out, "sign out everywhere"): each person calls
   * it with a token of a session made for the check (its id stands for `{id}` in
   * /api/me/sessions/{id}), and their other sessions and `sessionsRevokedAt` are restored after,
   * so the shared tokens keep working.
   */
  ownSession?: true;
  expect: Record<Exclude<Caller, 'restrictedAgent' | 'groupKey'>, Expectation> &
    Partial<Record<'restrictedAgent' | 'groupKey', Expectation>>;
}

/** Routes about the fixture ticket (or its files): what the restricted callers may not see. */
const ON_FIXTURE_TICKET =
  /^\/api\/(tickets|attachments)\/\{id\}|^\/api\/inbound-emails\/\{id\}\/original/;

/** A row's expectations with the restricted callers' defaults filled in (see the file comment). */
function expectationsOf(path: string, row: Row): Record<Caller, Expectation> {
  const hidden = (base: Expectation): Expectation =>
    base === 'ok' && ON_FIXTURE_TICKET.test(path) ? 404 : base;
  return {
    ...row.expect,
    restrictedAgent: row.expect.restrictedAgent ?? hidden(row.expect.agent),
    groupKey: row.expect.groupKey ?? hidden(row.expect.agentKey),
  };
}

const PUBLIC = new Set([
  'GET /api/health',
  'GET /api/health/live',
  'GET /api/health/ready',
  'GET /api/metrics',
  'POST /api/auth/login',
  'POST /api/auth/refresh',
  'POST /api/auth/password-reset',
  'POST /api/auth/password-reset/confirm',
  'GET /api/invitations/accept',
  'POST /api/invitations/accept',
  'POST /api/public/track',
  'GET /api/public/tickets/{token}',
  'POST /api/public/tickets/{token}/responses',
  'GET /api/public/tickets/{token}/attachments/{attachmentId}/content',
  'GET /api/public/tickets/{token}/attachments/{attachmentId}/thumbnail',
  'GET /api/public/tickets/{token}/satisfaction',
  'PUT /api/public/tickets/{token}/satisfaction',
]);

/** Every signed-in person, whatever their role or organization; API keys 403 (not a person). */
const PEOPLE_ONLY: Row['expect'] = {
  anonymous: 401,
  requester: 'ok',
  otherCustomer: 'ok',
  agent: 'ok',
  admin: 'ok',
  otherOrgAdmin: 'ok',
  agentKey: 403,
  adminKey: 403,
  restrictedAgent: 'ok',
  groupKey: 403,
};
/** Everyone in the organization; the requester on their own ticket; others 404. */
const TICKET_READ: Row['expect'] = {
  anonymous: 401,
  requester: 'ok',
  otherCustomer: 404,
  agent: 'ok',
  admin: 'ok',
  otherOrgAdmin: 404,
  agentKey: 'ok',
  adminKey: 'ok',
};
/** Staff of the organization only (customers 403; another organization's resource 404). */
const STAFF_ON_RESOURCE: Row['expect'] = {
  anonymous: 401,
  requester: 403,
  otherCustomer: 403,
  agent: 'ok',
  admin: 'ok',
  otherOrgAdmin: 404,
  agentKey: 'ok',
  adminKey: 'ok',
};
/** Staff, on a collection of their own organization. */
const STAFF_COLLECTION: Row['expect'] = {
  anonymous: 401,
  requester: 403,
  otherCustomer: 403,
  agent: 'ok',
  admin: 'ok',
  otherOrgAdmin: 'ok',
  agentKey: 'ok',
  adminKey: 'ok',
};
/** Signed-in admins only (SPEC: "manage users, categories, API keys … API key ✗"). */
const ADMIN_USER_ON_RESOURCE: Row['expect'] = {
  anonymous: 401,
  requester: 403,
  otherCustomer: 403,
  agent: 403,
  admin: 'ok',
  otherOrgAdmin: 404,
  agentKey: 403,
  adminKey: 403,
};
const ADMIN_USER_COLLECTION: Row['expect'] = { ...ADMIN_USER_ON_RESOURCE, otherOrgAdmin: 'ok' };

const future = () => new Date(Date.now() + 7 * 24 * 3600_000).toISOString();
/** The email of the fixtures' fresh user, for the data-subject rows (set by their `prepare`). */
let subjectEmail = '';
async function rememberSubjectEmail(app: TestApp, f: Fixtures): Promise<void> {
  subjectEmail = (await app.prisma.user.findUniqueOrThrow({ where: { id: f.userId } })).email;
}
const isKey = (c: Caller) => c === 'agentKey' || c === 'adminKey';
const isCustomer = (c: Caller) => c === 'requester' || c === 'otherCustomer';

const ROUTES: Record<string, Row> = {
  'GET /api/auth/me': {
    expect: {
      anonymous: 401,
      requester: 'ok',
      otherCustomer: 'ok',
      agent: 'ok',
      admin: 'ok',
      otherOrgAdmin: 'ok',
      agentKey: 403,
      adminKey: 403,
    },
  },
  'POST /api/tickets': {
    body: (c) => ({
      subject: 'Matrix ticket subject',
      description: 'Created by the authorization matrix test.',
      ...(isKey(c) ? { requesterName: 'Ivy Integrator', requesterEmail: 'ivy@example.com' } : {}),
    }),
    expect: {
      anonymous: 401,
      requester: 'ok',
      otherCustomer: 'ok',
      agent: 'ok',
      admin: 'ok',
      otherOrgAdmin: 'ok',
      agentKey: 'ok',
      adminKey: 'ok',
    },
  },
  'GET /api/tickets': {
    expect: {
      anonymous: 401,
      requester: 'ok',
      otherCustomer: 'ok',
      agent: 'ok',
      admin: 'ok',
      otherOrgAdmin: 'ok',
      agentKey: 'ok',
      adminKey: 'ok',
    },
  },
  'GET /api/tickets/stats': { expect: STAFF_COLLECTION },
  'GET /api/tickets/stats/sla': { expect: STAFF_COLLECTION },
  'GET /api/tickets/stats/sla.csv': { expect: STAFF_COLLECTION },
  'GET /api/tickets/stats/satisfaction': { expect: STAFF_COLLECTION },
  // The organization's rating settings: staff read them, admins (and admin keys) change them.
  'GET /api/satisfaction/settings': { expect: STAFF_COLLECTION },
  'PATCH /api/satisfaction/settings': {
    body: () => ({ enabled: true }),
    expect: { ...ADMIN_USER_COLLECTION, adminKey: 'ok' },
  },
  // The SSE stream answers 406 to this test's Accept (no text/event-stream): access is what counts.
  'GET /api/live': { expect: STAFF_COLLECTION },
  'GET /api/tickets/{id}/presence': { expect: STAFF_ON_RESOURCE },
  // Presence is a person's: API keys may read it, not report it.
  'PUT /api/tickets/{id}/presence': {
    body: () => ({ state: 'viewing' }),
    expect: { ...STAFF_ON_RESOURCE, agentKey: 403, adminKey: 403 },
  },
  'DELETE /api/tickets/{id}/presence': {
    expect: { ...STAFF_ON_RESOURCE, agentKey: 403, adminKey: 403 },
  },
  // Bulk changes: staff and API keys; each ticket's own refusal is in the 200 answer (tickets-bulk.test.ts).
  'POST /api/tickets/bulk': {
    body: (_c, f) => ({ ids: [f.ticketId], action: { status: 'IN_PROGRESS' } }),
    expect: STAFF_COLLECTION,
  },
  'GET /api/tags': { expect: STAFF_COLLECTION },
  // Saved views: signed-in agents and admins; the fixture view is the agent's, so
  // anyone else gets 404 on it (saved-views.test.ts).
  'GET /api/saved-views': { expect: { ...STAFF_COLLECTION, agentKey: 403, adminKey: 403 } },
  'GET /api/saved-views/built-in': {
    expect: { ...STAFF_COLLECTION, agentKey: 403, adminKey: 403 },
  },
  'GET /api/saved-views/counts': {
    expect: { ...STAFF_COLLECTION, agentKey: 403, adminKey: 403 },
  },
  'POST /api/saved-views': {
    body: () => ({ name: `View ${randomUUID()}`, filters: { priority: 'CRITICAL' } }),
    expect: { ...STAFF_COLLECTION, agentKey: 403, adminKey: 403 },
  },
  'PATCH /api/saved-views/{id}': {
    body: () => ({ name: `Renamed ${randomUUID()}` }),
    expect: {
      ...STAFF_ON_RESOURCE,
      admin: 404,
      agentKey: 403,
      adminKey: 403,
      restrictedAgent: 404,
    },
  },
  'DELETE /api/saved-views/{id}': {
    expect: {
      ...STAFF_ON_RESOURCE,
      admin: 404,
      agentKey: 403,
      adminKey: 403,
      restrictedAgent: 404,
    },
  },
  // Every signed-in role counts the tickets it may see (customers their own); scope in ticket-counts.test.ts.
  'GET /api/tickets/counts': {
    expect: {
      anonymous: 401,
      requester: 'ok',
      otherCustomer: 'ok',
      agent: 'ok',
      admin: 'ok',
      otherOrgAdmin: 'ok',
      agentKey: 'ok',
      adminKey: 'ok',
    },
  },
  'GET /api/tickets/{id}': { expect: TICKET_READ },
  'PATCH /api/tickets/{id}': {
    body: (c) => (isCustomer(c) ? { status: 'CLOSED' } : { priority: 'HIGH' }),
    expect: TICKET_READ,
  },
  'DELETE /api/tickets/{id}': {
    expect: {
      anonymous: 401,
      requester: 403,
      otherCustomer: 403,
      agent: 403,
      admin: 'ok',
      otherOrgAdmin: 404,
      agentKey: 403,
      adminKey: 'ok',
    },
  },
  'POST /api/tickets/{id}/restore': {
    prepare: async (t, f) => {
      await t.prisma.ticket.update({ where: { id: f.ticketId }, data: { deletedAt: new Date() } });
    },
    expect: {
      anonymous: 401,
      requester: 403,
      otherCustomer: 403,
      agent: 403,
      admin: 'ok',
      otherOrgAdmin: 404,
      agentKey: 403,
      adminKey: 'ok',
    },
  },
  // docs/product.md: claim / unclaim is "—" for API keys (a key is not an agent; it sets assigneeId).
  'POST /api/tickets/{id}/claim': {
    expect: { ...STAFF_ON_RESOURCE, agentKey: 403, adminKey: 403 },
  },
  'POST /api/tickets/{id}/unclaim': {
    expect: { ...STAFF_ON_RESOURCE, agentKey: 403, adminKey: 403 },
  },
  'PUT /api/tickets/{id}/session': {
    body: () => ({ mode: 'video', scheduledAt: future(), durationMinutes: 30 }),
    expect: STAFF_ON_RESOURCE,
  },
  'DELETE /api/tickets/{id}/session': { expect: STAFF_ON_RESOURCE },
  // A session's occurrences: the requester reads times only (ticket-sessions.test.ts); staff
  // change one (409 session_not_recurring here: the fixture is a one-off) and record notes.
  'GET /api/tickets/{id}/session/occurrences': { expect: TICKET_READ },
  'PATCH /api/tickets/{id}/session/occurrences/{occurrenceId}': {
    body: () => ({ cancelled: true }),
    expect: STAFF_ON_RESOURCE,
  },
  'PUT /api/tickets/{id}/session/occurrences/{occurrenceId}/notes': {
    body: () => ({ outcome: 'held', notes: 'Matrix notes' }),
    expect: STAFF_ON_RESOURCE,
  },
  'POST /api/tickets/from-chat/{chatId}': { body: () => ({}), expect: STAFF_ON_RESOURCE },
  'POST /api/tickets/{id}/chats': {
    body: (_c, f) => ({ chatId: f.chatId }),
    expect: STAFF_ON_RESOURCE,
  },
  'GET /api/tickets/export.csv': { expect: STAFF_COLLECTION },
  // Merge and links: staff and API keys (tickets:write); merging a ticket into itself answers
  // 409 to those allowed, after the role and the ticket were checked.
  'POST /api/tickets/{id}/merge': {
    body: (_c, f) => ({ targetId: f.ticketId }),
    expect: STAFF_ON_RESOURCE,
  },
  'GET /api/tickets/{id}/links': { expect: STAFF_ON_RESOURCE },
  'POST /api/tickets/{id}/links': {
    body: (_c, f) => ({ ticketId: f.ticketId, relation: 'related' }),
    expect: STAFF_ON_RESOURCE,
  },
  'DELETE /api/tickets/{id}/links/{linkId}': { expect: STAFF_ON_RESOURCE },
  'GET /api/tickets/{id}/responses': { expect: TICKET_READ },
  'POST /api/tickets/{id}/responses': {
    body: () => ({ content: 'A reply from the matrix.' }),
    expect: TICKET_READ,
  },
  'GET /api/tickets/{id}/activity': { expect: TICKET_READ },
  // Attachments: as the ticket they belong to; removal is for staff.
  'POST /api/tickets/{id}/attachments': {
    files: () => [{ name: 'matrix.png', bytes: matrixPng }],
    expect: TICKET_READ,
  },
  'GET /api/attachments/{id}': { expect: TICKET_READ },
  'GET /api/attachments/{id}/content': { expect: TICKET_READ },
  'GET /api/attachments/{id}/thumbnail': { expect: TICKET_READ },
  'DELETE /api/attachments/{id}': { expect: STAFF_ON_RESOURCE },
  'GET /api/tickets/{id}/tracking-link': { expect: TICKET_READ },
  // Satisfaction: read as the ticket; only its requester rates (staff and keys 403, even of
  // another organization: the role is refused before the ticket is looked up).
  'GET /api/tickets/{id}/satisfaction': { expect: TICKET_READ },
  'PUT /api/tickets/{id}/satisfaction': {
    body: () => ({ score: 5 }),
    expect: {
      anonymous: 401,
      requester: 'ok',
      otherCustomer: 404,
      agent: 403,
      admin: 403,
      otherOrgAdmin: 403,
      agentKey: 403,
      adminKey: 403,
    },
  },
  'POST /api/api-keys': {
    body: () => ({ name: `Matrix key ${randomUUID()}`, role: 'AGENT' }),
    expect: ADMIN_USER_COLLECTION,
  },
  'GET /api/api-keys': { expect: ADMIN_USER_COLLECTION },
  'DELETE /api/api-keys/{id}': { expect: ADMIN_USER_ON_RESOURCE },
  'GET /api/users': {
    query: (c): Record<string, string> =>
      c === 'admin' || c === 'otherOrgAdmin' ? {} : { role: 'AGENT,ADMIN' },
    expect: { ...STAFF_COLLECTION },
  },
  'POST /api/users': {
    body: () => ({ email: `matrix-${randomUUID()}@acme.test`, name: 'Matrix User', role: 'AGENT' }),
    expect: ADMIN_USER_COLLECTION,
  },
  'GET /api/users/{id}': { expect: ADMIN_USER_ON_RESOURCE },
  'GET /api/invitations': { expect: ADMIN_USER_COLLECTION },
  'POST /api/invitations': {
    body: () => ({ email: `matrix-invite-${randomUUID()}@acme.test`, role: 'AGENT' }),
    expect: ADMIN_USER_COLLECTION,
  },
  'POST /api/invitations/{id}/resend': { expect: ADMIN_USER_ON_RESOURCE },
  'DELETE /api/invitations/{id}': { expect: ADMIN_USER_ON_RESOURCE },
  // One's own sessions (docs/product.md "Accounts"): anyone signed in; API keys have none.
  'POST /api/auth/logout': { ownSession: true, expect: PEOPLE_ONLY },
  'GET /api/me/sessions': { expect: PEOPLE_ONLY },
  'POST /api/me/sessions/revoke-all': { ownSession: true, expect: PEOPLE_ONLY },
  'DELETE /api/me/sessions/{id}': { ownSession: true, expect: PEOPLE_ONLY },
  'PATCH /api/users/{id}': {
    body: () => ({ name: 'Renamed by the matrix' }),
    expect: ADMIN_USER_ON_RESOURCE,
  },
  'DELETE /api/users/{id}': { expect: ADMIN_USER_ON_RESOURCE },
  'GET /api/categories': {
    expect: {
      anonymous: 401,
      requester: 'ok',
      otherCustomer: 'ok',
      agent: 'ok',
      admin: 'ok',
      otherOrgAdmin: 'ok',
      agentKey: 'ok',
      adminKey: 'ok',
    },
  },
  'POST /api/categories': {
    body: () => ({ name: `Matrix ${randomUUID().slice(0, 8)}` }),
    expect: ADMIN_USER_COLLECTION,
  },
  'PATCH /api/categories/{id}': {
    body: () => ({ description: 'Changed by the matrix' }),
    expect: ADMIN_USER_ON_RESOURCE,
  },
  'DELETE /api/categories/{id}': { expect: ADMIN_USER_ON_RESOURCE },
  // Custom fields (docs/product.md "Custom fields"): everyone signed in lists them (customers the
  // customer-visible ones); admins and admin-scoped keys manage them.
  'GET /api/custom-fields': {
    expect: {
      anonymous: 401,
      requester: 'ok',
      otherCustomer: 'ok',
      agent: 'ok',
      admin: 'ok',
      otherOrgAdmin: 'ok',
      agentKey: 'ok',
      adminKey: 'ok',
    },
  },
  'POST /api/custom-fields': {
    body: () => ({
      key: `m_${randomUUID().slice(0, 8)}`,
      label: { en: 'Matrix', fr: 'Matrice' },
      type: 'text',
    }),
    expect: { ...ADMIN_USER_COLLECTION, adminKey: 'ok' },
  },
  'PATCH /api/custom-fields/{id}': {
    body: () => ({ label: { en: 'Changed', fr: 'Changé' } }),
    expect: { ...ADMIN_USER_ON_RESOURCE, adminKey: 'ok' },
  },
  'DELETE /api/custom-fields/{id}': { expect: { ...ADMIN_USER_ON_RESOURCE, adminKey: 'ok' } },
  'POST /api/chats': {
    body: () => ({ customerName: 'Matrix Chatter', customerEmail: 'chatter@example.com' }),
    expect: STAFF_COLLECTION,
  },
  'GET /api/chats': { expect: STAFF_COLLECTION },
  'GET /api/chats/{id}': { expect: STAFF_ON_RESOURCE },
  'PATCH /api/chats/{id}': { body: () => ({ escalated: true }), expect: STAFF_ON_RESOURCE },
  'POST /api/chats/{id}/messages': {
    body: () => ({ senderType: 'agent', content: 'Hello from the matrix' }),
    expect: STAFF_ON_RESOURCE,
  },
  // docs/product.md: "manage … webhooks" is for admins, API keys ✗.
  'POST /api/webhooks': {
    body: () => ({ url: 'https://hooks.example.com/matrix', eventTypes: ['ticket.created'] }),
    expect: ADMIN_USER_COLLECTION,
  },
  'GET /api/webhooks': { expect: ADMIN_USER_COLLECTION },
  'GET /api/webhooks/{id}': { expect: ADMIN_USER_ON_RESOURCE },
  'PATCH /api/webhooks/{id}': {
    body: () => ({ description: 'Changed by the matrix' }),
    expect: ADMIN_USER_ON_RESOURCE,
  },
  'DELETE /api/webhooks/{id}': { expect: ADMIN_USER_ON_RESOURCE },
  'POST /api/webhooks/{id}/rotate-secret': { expect: ADMIN_USER_ON_RESOURCE },
  'GET /api/webhooks/{id}/deliveries': { expect: ADMIN_USER_ON_RESOURCE },
  'GET /api/webhooks/{id}/deliveries/{deliveryId}': { expect: ADMIN_USER_ON_RESOURCE },
  'POST /api/webhooks/{id}/deliveries/{deliveryId}/retry': { expect: ADMIN_USER_ON_RESOURCE },
  // Email notifications and the organization activity log: signed-in admins only.
  'GET /api/notifications': { expect: ADMIN_USER_COLLECTION },
  'POST /api/notifications/{id}/retry': { expect: ADMIN_USER_ON_RESOURCE },
  'GET /api/organization/activity': { expect: ADMIN_USER_COLLECTION },
  'GET /api/organization/activity.csv': { expect: ADMIN_USER_COLLECTION },
  'GET /api/organization/activity/verify': { expect: ADMIN_USER_COLLECTION },
  // Data-subject requests and retention: signed-in admins only (API keys never); a person of
  // another organization is unknown (404). The subject: the fixtures' fresh user.
  'POST /api/data-subjects/export': {
    prepare: rememberSubjectEmail,
    body: () => ({ email: subjectEmail }),
    expect: ADMIN_USER_ON_RESOURCE,
  },
  'POST /api/data-subjects/erase': {
    prepare: rememberSubjectEmail,
    body: () => ({ email: subjectEmail, confirm: true }),
    expect: ADMIN_USER_ON_RESOURCE,
  },
  'GET /api/data-subjects/retention': { expect: ADMIN_USER_COLLECTION },
  'PUT /api/data-subjects/retention': {
    body: () => ({ closedTicketsMonths: null, action: 'erase' }),
    expect: ADMIN_USER_COLLECTION,
  },
  // The event feed: admins and keys with events:read (the AGENT-role key and the group key lack it).
  'GET /api/events': { expect: { ...ADMIN_USER_COLLECTION, adminKey: 'ok' } },
  // Mailboxes: signed-in admins only, like webhooks.
  'GET /api/mailboxes': { expect: ADMIN_USER_COLLECTION },
  'POST /api/mailboxes': {
    body: () => ({
      address: `matrix-${randomUUID().slice(0, 8)}@acme.test`,
      displayName: 'Matrix',
    }),
    expect: ADMIN_USER_COLLECTION,
  },
  'GET /api/mailboxes/{id}': { expect: ADMIN_USER_ON_RESOURCE },
  'PATCH /api/mailboxes/{id}': {
    body: () => ({ displayName: 'Renamed by the matrix' }),
    expect: ADMIN_USER_ON_RESOURCE,
  },
  'DELETE /api/mailboxes/{id}': { expect: ADMIN_USER_ON_RESOURCE },
  'POST /api/mailboxes/{id}/secret': { expect: ADMIN_USER_ON_RESOURCE },
  // SLA: business hours and policies are signed-in admins' (never API keys); a ticket's SLA
  // explanation is for the staff who see the ticket.
  'GET /api/business-hours': { expect: ADMIN_USER_COLLECTION },
  'POST /api/business-hours': {
    body: () => ({
      name: `Matrix ${randomUUID()}`,
      timeZone: 'Europe/Paris',
      intervals: [{ day: 'tue', start: '08:00', end: '12:00' }],
    }),
    expect: ADMIN_USER_COLLECTION,
  },
  'GET /api/business-hours/{id}': { expect: ADMIN_USER_ON_RESOURCE },
  'PATCH /api/business-hours/{id}': {
    body: () => ({ holidays: [{ date: '2026-12-25', name: 'Christmas' }] }),
    expect: ADMIN_USER_ON_RESOURCE,
  },
  'DELETE /api/business-hours/{id}': { expect: ADMIN_USER_ON_RESOURCE },
  'GET /api/sla-policies': { expect: ADMIN_USER_COLLECTION },
  'POST /api/sla-policies': {
    body: () => ({ name: 'Matrix policy', targets: { firstResponseMinutes: 30 } }),
    expect: ADMIN_USER_COLLECTION,
  },
  'GET /api/sla-policies/{id}': { expect: ADMIN_USER_ON_RESOURCE },
  'PATCH /api/sla-policies/{id}': {
    body: () => ({ warnAtPercent: 75 }),
    expect: ADMIN_USER_ON_RESOURCE,
  },
  'DELETE /api/sla-policies/{id}': { expect: ADMIN_USER_ON_RESOURCE },
  'GET /api/tickets/{id}/sla': { expect: STAFF_ON_RESOURCE },
  // Macros: signed-in agents and admins (a macro belongs to a person; keys 403); shared ones are
  // changed by admins only.
  'GET /api/macros': { expect: { ...STAFF_COLLECTION, agentKey: 403, adminKey: 403 } },
  'POST /api/macros': {
    body: () => ({ name: 'Matrix macro', actions: [{ type: 'set_priority', value: 'LOW' }] }),
    expect: { ...STAFF_COLLECTION, agentKey: 403, adminKey: 403 },
  },
  'GET /api/macros/{id}': { expect: { ...STAFF_ON_RESOURCE, agentKey: 403, adminKey: 403 } },
  'PATCH /api/macros/{id}': {
    body: () => ({ name: 'Renamed by the matrix' }),
    expect: ADMIN_USER_ON_RESOURCE,
  },
  'DELETE /api/macros/{id}': { expect: ADMIN_USER_ON_RESOURCE },
  'POST /api/tickets/{id}/macros/{macroId}/preview': {
    expect: { ...STAFF_ON_RESOURCE, agentKey: 403, adminKey: 403 },
  },
  'POST /api/tickets/{id}/macros/{macroId}/apply': {
    expect: { ...STAFF_ON_RESOURCE, agentKey: 403, adminKey: 403 },
  },
  // Rules: signed-in admins only (DECISIONS: API keys never manage rules); their runs on a
  // ticket: staff (customers never see rule internals).
  'GET /api/rules': { expect: ADMIN_USER_COLLECTION },
  'POST /api/rules': {
    body: () => ({
      name: 'Matrix rule',
      event: 'ticket.created',
      actions: [{ type: 'add_tags', value: ['matrix'] }],
    }),
    expect: ADMIN_USER_COLLECTION,
  },
  'GET /api/rules/{id}': { expect: ADMIN_USER_ON_RESOURCE },
  'PATCH /api/rules/{id}': {
    body: () => ({ name: 'Renamed rule' }),
    expect: ADMIN_USER_ON_RESOURCE,
  },
  'DELETE /api/rules/{id}': { expect: ADMIN_USER_ON_RESOURCE },
  'POST /api/rules/{id}/test': {
    body: (_caller, f) => ({ ticketIds: [f.ticketId] }),
    expect: ADMIN_USER_ON_RESOURCE,
  },
  'GET /api/tickets/{id}/rule-runs': { expect: STAFF_ON_RESOURCE },
  // Groups: staff read them (restricted callers: their own groups only, so the fixture group is
  // 404); signed-in admins manage them (API keys never do). Availability: signed-in staff.
  'GET /api/groups': { expect: STAFF_COLLECTION },
  'POST /api/groups': {
    body: () => ({ name: `Matrix group ${randomUUID()}` }),
    expect: ADMIN_USER_COLLECTION,
  },
  'GET /api/groups/{id}': { expect: { ...STAFF_ON_RESOURCE, restrictedAgent: 404, groupKey: 404 } },
  'PATCH /api/groups/{id}': {
    body: () => ({ description: 'Changed by the matrix' }),
    expect: ADMIN_USER_ON_RESOURCE,
  },
  'DELETE /api/groups/{id}': { expect: ADMIN_USER_ON_RESOURCE },
  'GET /api/me/availability': {
    expect: { ...STAFF_COLLECTION, agentKey: 403, adminKey: 403 },
  },
  'PUT /api/me/availability': {
    body: () => ({ status: 'available' }),
    expect: { ...STAFF_COLLECTION, agentKey: 403, adminKey: 403 },
  },
  // One's own profile: anyone signed in; API keys are not people.
  'GET /api/me': {
    expect: {
      ...STAFF_COLLECTION,
      requester: 'ok',
      otherCustomer: 'ok',
      agentKey: 403,
      adminKey: 403,
    },
  },
  'PATCH /api/me': {
    body: () => ({ theme: 'system' }),
    expect: {
      ...STAFF_COLLECTION,
      requester: 'ok',
      otherCustomer: 'ok',
      agentKey: 403,
      adminKey: 403,
    },
  },
  // The bell and the unread markers: signed-in staff only.
  'GET /api/me/notifications': { expect: { ...STAFF_COLLECTION, agentKey: 403, adminKey: 403 } },
  'POST /api/me/notifications/read': {
    body: () => ({ all: true }),
    expect: { ...STAFF_COLLECTION, agentKey: 403, adminKey: 403 },
  },
  'POST /api/tickets/{id}/seen': { expect: { ...TICKET_READ, agentKey: 403, adminKey: 403 } },
  // Two-factor sign-in: one's own, anyone signed in (a 400/409 for a wrong code or state still
  // proves access); API keys are not people. Resetting another's and the organization's rule:
  // signed-in admins.
  ...Object.fromEntries(
    (
      [
        ['GET /api/me/two-factor', undefined],
        ['POST /api/me/two-factor/setup', undefined],
        ['POST /api/me/two-factor/confirm', { code: '123456' }],
        ['POST /api/me/two-factor/recovery-codes', { code: '123456' }],
        ['DELETE /api/me/two-factor', { password: 'not-the-password' }],
      ] as const
    ).map(([route, body]): [string, Row] => [
      route,
      {
        ...(body ? { body: () => body } : {}),
        expect: {
          ...STAFF_COLLECTION,
          requester: 'ok',
          otherCustomer: 'ok',
          agentKey: 403,
          adminKey: 403,
        },
      },
    ]),
  ),
  'POST /api/users/{id}/two-factor/reset': { expect: ADMIN_USER_ON_RESOURCE },
  'GET /api/organization/security': { expect: ADMIN_USER_COLLECTION },
  'PATCH /api/organization/security': {
    body: () => ({ requireTwoFactor: 'off' }),
    expect: ADMIN_USER_COLLECTION,
  },
  'GET /api/tickets/{id}/suggested-agents': { expect: STAFF_ON_RESOURCE },
  // Delivering mail: the mailbox's secret (inbound-email.test.ts) or an admin API key; a
  // signed-in person is refused whatever their role (the JSON body then gets 415 from the key).
  'POST /api/inbound/email': {
    body: () => ({ raw: 'not a message' }),
    expect: { ...ADMIN_USER_COLLECTION, admin: 403, otherOrgAdmin: 403, adminKey: 'ok' },
  },
  // The inbound log: admins and admin keys; the original of a ticket's mail: staff who see it.
  'GET /api/inbound-emails': { expect: { ...ADMIN_USER_COLLECTION, adminKey: 'ok' } },
  'GET /api/inbound-emails/{id}': { expect: { ...ADMIN_USER_ON_RESOURCE, adminKey: 'ok' } },
  'GET /api/inbound-emails/{id}/original': {
    expect: { ...STAFF_ON_RESOURCE, requester: 404, otherCustomer: 404 },
  },
  'POST /api/inbound-emails/{id}/accept': { expect: { ...ADMIN_USER_ON_RESOURCE, adminKey: 'ok' } },
  'POST /api/inbound-emails/{id}/discard': {
    expect: { ...ADMIN_USER_ON_RESOURCE, adminKey: 'ok' },
  },
};

let t: TestApp;
/** A small PNG uploaded once; fixture attachments reference its stored bytes. */
let matrixPng: Buffer;
let storedPng: {
  sha256: string;
  storageKey: string;
  thumbnailKey: string | null;
  sizeBytes: number;
};
const tokens = {} as Record<Exclude<Caller, 'anonymous'>, string>;
/** The people among the callers (not the API keys), for routes about one's own session. */
const people: Partial<Record<Caller, { id: string; organizationId: string; role: Role }>> = {};
/** The group of the restricted callers (the fixture ticket is never in it). */
let restrictedGroupId: string;
let acme: { id: string };
let requesterId: string;
let agentId: string;

beforeAll(async () => {
  t = await createTestApp({ seed: false });
  const acmeOrg = await createOrganizationWithUsers(t.prisma, {
    requester: { role: 'CUSTOMER' },
    otherCustomer: { role: 'CUSTOMER' },
    agent: { role: 'AGENT' },
    admin: { role: 'ADMIN' },
    restrictedAgent: { role: 'AGENT', groupRestricted: true },
  });
  const globex = await createOrganizationWithUsers(t.prisma, { admin: { role: 'ADMIN' } });
  Object.assign(tokens, await signInAll(t, acmeOrg.users), {
    otherOrgAdmin: await signIn(t, globex.users.admin),
  });
  Object.assign(people, acmeOrg.users, { otherOrgAdmin: globex.users.admin });
  acme = acmeOrg.organization;
  requesterId = acmeOrg.users.requester.id;
  agentId = acmeOrg.users.agent.id;
  for (const [caller, role] of [
    ['agentKey', 'AGENT'],
    ['adminKey', 'ADMIN'],
  ] as const) {
    tokens[caller] = (
      await createApiKey(t.prisma, {
        organizationId: acme.id,
        name: caller,
        role,
        createdById: acmeOrg.users.admin.id,
      })
    ).key;
  }
  const restricted = await t.prisma.group.create({
    data: {
      organizationId: acme.id,
      name: 'Restricted team',
      members: { create: [{ userId: acmeOrg.users.restrictedAgent.id }] },
    },
  });
  restrictedGroupId = restricted.id;
  tokens.groupKey = (
    await createApiKey(t.prisma, {
      organizationId: acme.id,
      name: 'groupKey',
      role: null,
      scopes: ['tickets:read', 'tickets:write', 'chats:write'],
      groupIds: [restrictedGroupId],
    })
  ).key;
  matrixPng = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } })
    .png()
    .toBuffer();
  const requested = await createTicket(t.prisma, { requesterId });
  const uploaded = await t
    .http()
    .post(`/api/tickets/${requested.id}/attachments`)
    .set(authHeader(tokens.agent))
    .attach('files', matrixPng, { filename: 'matrix.png' });
  expect(uploaded.status).toBe(201);
  storedPng = await t.prisma.attachment.findUniqueOrThrow({
    where: { id: uploaded.body.data[0].id },
    select: { sha256: true, storageKey: true, thumbnailKey: true, sizeBytes: true },
  });
});
afterAll(async () => t?.close());

/** Fresh fixtures: a ticket of the requester, a chat, a user, a category, an API key, … */
async function freshFixtures(): Promise<Fixtures> {
  const ticket = await createTicket(t.prisma, {
    requesterId,
    subject: 'Matrix fixture ticket',
    description: 'A ticket of the requester for the matrix.',
    status: 'OPEN',
  });
  const chat = await createChat(t.prisma, { organizationId: acme.id });
  const user = await createUser(t.prisma, {
    organizationId: acme.id,
    name: 'Fixture Agent',
    role: 'AGENT',
  });
  const category = await createCategory(t.prisma, { organizationId: acme.id });
  const apiKey = await createApiKey(t.prisma, {
    organizationId: acme.id,
    name: 'fixture',
    role: 'AGENT',
  });
  const webhook = await t.prisma.webhookEndpoint.create({
    data: {
      organizationId: acme.id,
      url: 'https://hooks.example.com/fixture',
      eventTypes: ['ticket.created'],
      secret: 'v1.fixture-not-a-real-sealed-secret',
    },
  });
  const delivery = await t.prisma.webhookDelivery.create({
    data: {
      endpointId: webhook.id,
      eventId: randomUUID(),
      eventType: 'ticket.created',
      sequence: 1n,
      payload: {},
      status: 'FAILED',
    },
  });
  const attachment = await t.prisma.attachment.create({
    data: {
      organizationId: acme.id,
      ticketId: ticket.id,
      fileName: 'fixture.png',
      mimeType: 'image/png',
      width: 8,
      height: 8,
      ...storedPng,
    },
  });
  const mailbox = await t.prisma.mailbox.create({
    data: {
      organizationId: acme.id,
      address: `fixture-${randomUUID()}@acme.test`,
      displayName: 'Fixture',
      inboundSecretHash: '0'.repeat(64),
    },
  });
  const inboundEmail = await t.prisma.inboundEmail.create({
    data: {
      organizationId: acme.id,
      mailboxId: mailbox.id,
      source: 'endpoint',
      dedupeKey: `sha256:${randomUUID()}`,
      fromAddress: 'someone@example.net',
      subject: 'Fixture mail',
      sizeBytes: 120,
      outcome: 'suspended',
      cause: 'auto_reply',
      ticketId: ticket.id,
      raw: new Uint8Array(
        Buffer.from(
          `From: someone@example.net\r\nTo: ${mailbox.address}\r\nSubject: Fixture mail\r\n\r\nHello there, fixture.\r\n`,
        ),
      ),
    },
  });
  const businessHours = await t.prisma.businessHours.create({
    data: {
      organizationId: acme.id,
      name: `Fixture hours ${randomUUID()}`,
      timeZone: 'America/Toronto',
      intervals: [{ day: 'mon', start: '09:00', end: '17:00' }],
    },
  });
  const slaPolicy = await t.prisma.slaPolicy.create({
    data: {
      organizationId: acme.id,
      name: `Fixture policy ${randomUUID()}`,
      firstResponseMinutes: 60,
    },
  });
  const acmeAdmin = await t.prisma.user.findFirstOrThrow({
    where: { organizationId: acme.id, role: 'ADMIN' },
  });
  const macro = await t.prisma.macro.create({
    data: {
      organizationId: acme.id,
      ownerId: acmeAdmin.id,
      name: `Fixture macro ${randomUUID()}`,
      shared: true,
      actions: [{ type: 'add_tags', value: ['matrix'] }],
    },
  });
  const rule = await t.prisma.rule.create({
    data: {
      organizationId: acme.id,
      name: `Fixture rule ${randomUUID()}`,
      position: 0,
      event: 'ticket.created',
      conditions: { all: [], any: [] },
      actions: [{ type: 'add_tags', value: ['matrix'] }],
    },
  });
  const group = await t.prisma.group.create({
    data: {
      organizationId: acme.id,
      name: `Fixture group ${randomUUID()}`,
      members: { create: [{ userId: agentId }] },
    },
  });
  const customField = await t.prisma.customFieldDefinition.create({
    data: {
      organizationId: acme.id,
      key: `matrix_${randomUUID().slice(0, 8)}`,
      label: { en: 'Matrix', fr: 'Matrice' },
      type: 'text',
    },
  });
  const pastStart = new Date(Date.now() - 24 * 3600_000);
  return {
    occurrenceId: (
      await t.prisma.sessionOccurrence.create({
        data: {
          organizationId: acme.id,
          ticketId: ticket.id,
          originalStart: pastStart,
          scheduledAt: pastStart,
        },
      })
    ).id,
    customFieldId: customField.id,
    linkId: (
      await t.prisma.ticketLink.create({
        data: {
          organizationId: acme.id,
          type: 'related',
          sourceId: ticket.id,
          targetId: (
            await createTicket(t.prisma, {
              requesterId,
              subject: 'Matrix linked ticket',
              description: 'Linked to the fixture ticket.',
            })
          ).id,
        },
      })
    ).id,
    groupId: group.id,
    ruleId: rule.id,
    macroId: macro.id,
    businessHoursId: businessHours.id,
    slaPolicyId: slaPolicy.id,
    mailboxId: mailbox.id,
    inboundEmailId: inboundEmail.id,
    attachmentId: attachment.id,
    ticketId: ticket.id,
    chatId: chat.id,
    userId: user.id,
    categoryId: category.id,
    apiKeyId: apiKey.id,
    webhookId: webhook.id,
    webhookDeliveryId: delivery.id,
    invitationId: (
      await t.prisma.accountToken.create({
        data: {
          organizationId: acme.id,
          kind: 'invitation',
          email: `matrix-invited-${randomUUID()}@acme.test`,
          role: 'AGENT',
          tokenHash: randomUUID().replace(/-/g, '').repeat(2),
          expiresAt: new Date(Date.now() + 7 * 24 * 3600_000),
        },
      })
    ).id,
    notificationId: (
      await t.prisma.emailNotification.create({
        data: ((id) => ({
          id,
          organizationId: acme.id,
          eventId: randomUUID(),
          ticketId: ticket.id,
          kind: 'ticket_created',
          recipientEmail: 'customer@acme.test',
          locale: 'en',
          subject: '[TKT-00001] Matrix fixture',
          text: 'text',
          html: '<p>html</p>',
          messageId: `<${id}@localhost>`,
          status: 'FAILED' as const,
        }))(randomUUID()),
      })
    ).id,
    savedViewId: (
      await t.prisma.savedView.create({
        data: {
          organizationId: acme.id,
          userId: agentId,
          name: `Matrix view ${randomUUID()}`,
          filters: { status: 'OPEN' },
        },
      })
    ).id,
  };
}

/** A session of `user` made for one check, and an access token in it. */
async function ownSession(user: { id: string; organizationId: string; role: Role }) {
  const session = await t.prisma.userSession.create({
    data: {
      organizationId: user.organizationId,
      userId: user.id,
      expiresAt: new Date(Date.now() + 3_600_000),
    },
  });
  return {
    sessionId: session.id,
    token: t.app.signAccessToken(user, session.id).accessToken,
  };
}

function urlFor(path: string, f: Fixtures): string {
  return path
    .replace('{chatId}', f.chatId)
    .replace('{macroId}', f.macroId)
    .replace(/^\/api\/tickets\/\{id\}/, `/api/tickets/${f.ticketId}`)
    .replace(/^\/api\/chats\/\{id\}/, `/api/chats/${f.chatId}`)
    .replace(/^\/api\/users\/\{id\}/, `/api/users/${f.userId}`)
    .replace(/^\/api\/invitations\/\{id\}/, `/api/invitations/${f.invitationId}`)
    .replace(/^\/api\/categories\/\{id\}/, `/api/categories/${f.categoryId}`)
    .replace(/^\/api\/custom-fields\/\{id\}/, `/api/custom-fields/${f.customFieldId}`)
    .replace(/^\/api\/api-keys\/\{id\}/, `/api/api-keys/${f.apiKeyId}`)
    .replace(/^\/api\/webhooks\/\{id\}/, `/api/webhooks/${f.webhookId}`)
    .replace(/^\/api\/attachments\/\{id\}/, `/api/attachments/${f.attachmentId}`)
    .replace(/^\/api\/saved-views\/\{id\}/, `/api/saved-views/${f.savedViewId}`)
    .replace(/^\/api\/notifications\/\{id\}/, `/api/notifications/${f.notificationId}`)
    .replace(/^\/api\/mailboxes\/\{id\}/, `/api/mailboxes/${f.mailboxId}`)
    .replace(/^\/api\/business-hours\/\{id\}/, `/api/business-hours/${f.businessHoursId}`)
    .replace(/^\/api\/sla-policies\/\{id\}/, `/api/sla-policies/${f.slaPolicyId}`)
    .replace(/^\/api\/macros\/\{id\}/, `/api/macros/${f.macroId}`)
    .replace(/^\/api\/rules\/\{id\}/, `/api/rules/${f.ruleId}`)
    .replace(/^\/api\/groups\/\{id\}/, `/api/groups/${f.groupId}`)
    .replace(/^\/api\/inbound-emails\/\{id\}/, `/api/inbound-emails/${f.inboundEmailId}`)
    .replace('{deliveryId}', f.webhookDeliveryId)
    .replace('{linkId}', f.linkId)
    .replace('{occurrenceId}', f.occurrenceId);
}

describe('authorization matrix', () => {
  it('states the authorization of every documented route', async () => {
    const doc = (await t.http().get('/api/openapi.json')).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const unstated = documented.filter((route) => !PUBLIC.has(route) && !(route in ROUTES));
    expect(unstated, 'routes without a row in the matrix').toEqual([]);
    const stale = Object.keys(ROUTES).filter((route) => !documented.includes(route));
    expect(stale, 'rows for routes that do not exist').toEqual([]);
  });

  for (const [route, row] of Object.entries(ROUTES)) {
    it(route, async () => {
      const [method, path] = route.split(' ') as [string, string];
      const failures: string[] = [];
      const expectations = expectationsOf(path, row);
      for (const [caller, expected] of Object.entries(expectations) as [Caller, Expectation][]) {
        const f = await freshFixtures();
        await row.prepare?.(t, f);
        const person = people[caller];
        const own = row.ownSession && person ? await ownSession(person) : null;
        const url = urlFor(path, f).replace(
          '/api/me/sessions/{id}',
          `/api/me/sessions/${own?.sessionId ?? randomUUID()}`,
        );
        let req = t.http()[method.toLowerCase() as 'get'](url);
        if (caller !== 'anonymous') req = req.set(authHeader(own?.token ?? tokens[caller]));
        if (row.query) req = req.query(row.query(caller));
        for (const file of row.files?.() ?? []) req = req.attach('files', file.bytes, file.name);
        const res = row.body ? await req.send(row.body(caller, f)) : await req;
        if (own && person) {
          await t.prisma.userSession.updateMany({
            where: { userId: person.id, id: { not: own.sessionId } },
            data: { revokedAt: null, revokedReason: null },
          });
          await t.prisma.user.update({
            where: { id: person.id },
            data: { sessionsRevokedAt: null },
          });
        }
        const ok =
          expected === 'ok'
            ? ![401, 403, 404].includes(res.status) && res.status < 500
            : res.status === expected;
        if (!ok)
          failures.push(
            `${caller}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`,
          );
        if (
          res.status >= 400 &&
          !String(res.headers['content-type']).startsWith('application/problem+json')
        ) {
          failures.push(`${caller}: ${res.status} is not problem+json`);
        }
      }
      expect(failures).toEqual([]);
    });
  }
});
