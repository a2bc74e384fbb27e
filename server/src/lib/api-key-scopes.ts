/**
 * API-key scopes (docs/product.md "API keys and scopes", docs/api.md "API keys"): the list, what
 * each allows, the scopes of the keys made with a role, and which scope every route needs — the
 * one place that says so. plugins/api-key-scopes.ts applies it to each route as it is added (a
 * route under /api that no rule covers stops the app from starting) and refuses an API key
 * without the route's scope with 403; the OpenAPI document lists each operation's scope.
 *
 * Plain values only (no Fastify, no Prisma): the SPA reads the list through the contract.
 */
import type { Role } from './domain.js';

/** What an API key may be allowed, each granted on its own (`admin` does not imply the others). */
export const API_KEY_SCOPES = [
  'tickets:read',
  'tickets:write',
  'chats:write',
  'inbound:write',
  'events:read',
  'admin',
] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** One sentence per scope, for the OpenAPI document, the docs and the admin page. */
export const API_KEY_SCOPE_DESCRIPTIONS: Readonly<Record<ApiKeyScope, string>> = {
  'tickets:read':
    'Read tickets (internal notes and internal activity included), their responses, activity, attachments, SLA, rule runs and suggested agents, chats, statistics, tags, categories, custom fields, groups, the staff list, and the live stream (GET /api/live).',
  'tickets:write':
    'Create and change tickets: fields, replies and internal notes, attachments, sessions, bulk changes, tickets from chats.',
  'chats:write': 'Open chats, post chat messages and change chats.',
  'inbound:write': 'Deliver received email (POST /api/inbound/email).',
  'events:read': 'Read the event feed (GET /api/events).',
  admin:
    'Soft-delete and restore tickets; the inbound log (list, accept, discard); manage custom fields. The key then acts as an ADMIN.',
};

/** The scopes of a key made with a role (before scopes, and `{role}` in POST /api/api-keys). */
export const ROLE_SCOPES: Readonly<Record<'ADMIN' | 'AGENT', readonly ApiKeyScope[]>> = {
  AGENT: ['tickets:read', 'tickets:write', 'chats:write'],
  ADMIN: API_KEY_SCOPES,
};

/** Whether `value` is one of API_KEY_SCOPES. */
export function isApiKeyScope(value: string): value is ApiKeyScope {
  return (API_KEY_SCOPES as readonly string[]).includes(value);
}

/**
 * The role a key acts with for the role checks of the routes: ADMIN when its scopes include
 * `admin`, else AGENT.
 */
export function roleOfScopes(scopes: readonly string[]): Extract<Role, 'ADMIN' | 'AGENT'> {
  return scopes.includes('admin') ? 'ADMIN' : 'AGENT';
}

/**
 * What a route asks of an API key: a scope; `none` — no API key may call it, whatever its
 * scopes (SPEC: keys never manage users, categories, API keys, webhooks, SLA, mailboxes, rules,
 * or groups; nor act as a person: profile, claim, presence, macros, saved views);
 * `public` — no credentials at all.
 */
export type ApiKeyAccess = ApiKeyScope | 'none' | 'public';

interface AccessRule {
  /** Methods the rule covers; absent: every method. */
  methods?: readonly string[];
  /** The route's Fastify path (`/api/tickets/:id`). */
  path: RegExp;
  access: ApiKeyAccess;
  /** For `none`: the 403 detail an API key gets. */
  keyDetail?: string;
}

const READ = ['GET', 'HEAD'];
const WRITE = ['POST', 'PUT', 'PATCH', 'DELETE'];
const ID = '[^/]+';

/** The rules, first match wins: specific routes before the prefixes that also cover them. */
const RULES: readonly AccessRule[] = [
  // No credentials.
  { path: /^\/api\/(health(\/(live|ready))?|openapi\.json)$/, access: 'public' },
  // Its own bearer token (METRICS_TOKEN, plugins/metrics.ts), not an API key's.
  { path: /^\/api\/metrics$/, access: 'public' },
  { path: /^\/api\/docs(\/|$)/, access: 'public' },
  { methods: ['POST'], path: /^\/api\/auth\/login$/, access: 'public' },
  // The session's refresh cookie, not a bearer (docs/product.md "Accounts").
  { methods: ['POST'], path: /^\/api\/auth\/refresh$/, access: 'public' },
  // Password reset and invitation links (docs/product.md "Accounts").
  {
    methods: ['POST'],
    path: /^\/api\/auth\/password-reset(\/confirm)?$/,
    access: 'public',
  },
  { methods: ['GET', 'HEAD', 'POST'], path: /^\/api\/invitations\/accept$/, access: 'public' },
  { path: /^\/api\/public\//, access: 'public' },
  // People only.
  { path: /^\/api\/auth\/me$/, access: 'none', keyDetail: 'An API key has no user profile' },
  { path: /^\/api\/auth\/logout$/, access: 'none', keyDetail: 'An API key has no session to end' },
  { path: /^\/api\/me(\/|$)/, access: 'none', keyDetail: 'An API key is not a person' },
  {
    methods: ['POST'],
    path: new RegExp(`^/api/tickets/${ID}/(claim|unclaim)$`),
    access: 'none',
    keyDetail: 'An API key is not an agent and cannot claim or unclaim; set assigneeId instead',
  },
  {
    methods: ['PUT', 'DELETE'],
    path: new RegExp(`^/api/tickets/${ID}/presence$`),
    access: 'none',
    keyDetail: 'Presence is reported by people',
  },
  { path: new RegExp(`^/api/tickets/${ID}/macros/`), access: 'none' },
  {
    methods: ['PUT'],
    path: new RegExp(`^/api/tickets/${ID}/satisfaction$`),
    access: 'none',
    keyDetail: 'A satisfaction rating is given by the requester',
  },
  // Data-subject requests and retention (docs/product.md "Data-subject requests"): a person's
  // data is handed out or destroyed by a signed-in admin, named in the audit trail.
  {
    path: /^\/api\/data-subjects(\/|$)/,
    access: 'none',
    keyDetail: 'Data-subject requests are made by a signed-in admin',
  },
  {
    path: /^\/api\/(api-keys|webhooks|notifications|organization|mailboxes|business-hours|sla-policies|rules|macros|saved-views|invitations)(\/|$)/,
    access: 'none',
  },
  // The staff list (assignees), the categories and the groups: readable; managing them is for
  // people.
  { methods: READ, path: /^\/api\/(users|categories)$/, access: 'tickets:read' },
  { methods: READ, path: /^\/api\/groups(\/[^/]+)?$/, access: 'tickets:read' },
  { path: /^\/api\/(users|categories|groups)(\/|$)/, access: 'none' },
  // Custom fields: read with the tickets, managed with the admin scope.
  { methods: READ, path: /^\/api\/custom-fields$/, access: 'tickets:read' },
  { path: /^\/api\/custom-fields(\/|$)/, access: 'admin' },
  // The satisfaction settings: read with the tickets, changed with the admin scope.
  { methods: READ, path: /^\/api\/satisfaction\/settings$/, access: 'tickets:read' },
  { path: /^\/api\/satisfaction\/settings$/, access: 'admin' },
  // ADMIN-only ticket operations.
  { methods: ['DELETE'], path: new RegExp(`^/api/tickets/${ID}$`), access: 'admin' },
  { methods: ['POST'], path: new RegExp(`^/api/tickets/${ID}/restore$`), access: 'admin' },
  // A ticket's received mail: as the ticket; the inbound log itself: admins.
  {
    methods: READ,
    path: new RegExp(`^/api/inbound-emails/${ID}/original$`),
    access: 'tickets:read',
  },
  { path: /^\/api\/inbound-emails(\/|$)/, access: 'admin' },
  { path: /^\/api\/inbound\//, access: 'inbound:write' },
  // The event feed clients pull. The live stream (`/api/live`, refetch hints about tickets and
  // chats) goes with the tickets: keys made with the AGENT role have always had it.
  { methods: READ, path: /^\/api\/events(\/|$)/, access: 'events:read' },
  // Chats: read with the tickets, written with their own scope.
  { methods: READ, path: /^\/api\/chats(\/|$)/, access: 'tickets:read' },
  { methods: WRITE, path: /^\/api\/chats(\/|$)/, access: 'chats:write' },
  // A session's occurrences (docs/product.md "Sessions"): read with the tickets; moving or
  // cancelling one and recording its notes are ticket writes.
  {
    methods: READ,
    path: new RegExp(`^/api/tickets/${ID}/session/occurrences$`),
    access: 'tickets:read',
  },
  {
    methods: ['PATCH', 'PUT'],
    path: new RegExp(`^/api/tickets/${ID}/session/occurrences/${ID}(/notes)?$`),
    access: 'tickets:write',
  },
  // Tickets and what hangs from them (responses, activity, attachments, sessions, SLA, bulk).
  {
    methods: READ,
    path: /^\/api\/(tickets|attachments|tags|stats|search|live)(\/|$)/,
    access: 'tickets:read',
  },
  { methods: WRITE, path: /^\/api\/(tickets|attachments)(\/|$)/, access: 'tickets:write' },
];

/** What a route needs of an API key, and the 403 detail of a `none` route. */
export interface RouteApiKeyAccess {
  access: ApiKeyAccess;
  keyDetail?: string;
}

/**
 * What `method url` (a Fastify route path, `:param`) asks of an API key, by the first rule of
 * RULES that matches; undefined when none does (outside /api: the SPA, /dev/mail; under /api:
 * a route someone forgot to map, which plugins/api-key-scopes.ts refuses at start-up).
 */
export function apiKeyAccessOfRoute(method: string, url: string): RouteApiKeyAccess | undefined {
  const verb = method.toUpperCase();
  const rule = RULES.find(
    (r) => (!r.methods || r.methods.includes(verb)) && r.path.test(url.split('?')[0] ?? url),
  );
  if (!rule) return undefined;
  return rule.keyDetail
    ? { access: rule.access, keyDetail: rule.keyDetail }
    : { access: rule.access };
}
