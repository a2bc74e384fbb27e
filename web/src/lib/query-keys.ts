/**
 * One query-key factory per server resource (TkDodo's "Effective React Query Keys", docs/style.md
 * "The anchors"), general to specific: `all` (everything about the resource), `lists()` (every
 * list, whatever its parameters), `list(params)` (one list, keyed by the request's query
 * parameters without the cursor), `details()`, `detail(id)`. Every page, mutation and live notice
 * that reads or changes a resource goes through its factory here, so that the dashboard, the
 * portal and the tracker share one cache entry per request and one invalidation reaches them all.
 *
 * Two queries share a key only when they send the same request and keep the same answer in the
 * cache (a page that wants a narrower shape uses React Query's `select`).
 */

/** A list's query parameters (the API's names, docs/api.md "Filters"), without the cursor. */
type ListParams = object;

/** `/api/tickets` and its sub-resources (docs/api.md "Tickets"). */
export const ticketKeys = {
  all: ['tickets'] as const,
  lists: () => [...ticketKeys.all, 'list'] as const,
  list: (params: ListParams) => [...ticketKeys.lists(), params] as const,
  details: () => [...ticketKeys.all, 'detail'] as const,
  /** `id` as in the address: the reference (TKT-00042), number or uuid. */
  detail: (id: string) => [...ticketKeys.details(), id] as const,
  /** `GET /api/tickets/counts`: the requester's tickets counted by status. */
  counts: () => [...ticketKeys.all, 'counts'] as const,
  /** `GET /api/tickets?q=…`: the ticket search of the chat page's "link to a ticket" picker. */
  search: (params: ListParams) => [...ticketKeys.all, 'search', params] as const,
  /** `GET /api/tickets?requesterEmail=…`: every requester's other tickets. */
  requesters: () => [...ticketKeys.all, 'requester'] as const,
  /** The other tickets of a requester, by lower-cased email. */
  requester: (email: string) => [...ticketKeys.requesters(), email] as const,
  /** `GET /api/tickets/:id/responses`, by the ticket's uuid. */
  responses: (ticketId: string) => [...ticketKeys.all, 'responses', ticketId] as const,
  /** `GET /api/tickets/:id/activity`, by the ticket's uuid. */
  activity: (ticketId: string) => [...ticketKeys.all, 'activity', ticketId] as const,
  /**
   * A requester's view of a ticket's history: its responses and activity read whole and merged
   * (the portal's ticket page), by the ticket's uuid.
   */
  history: (ticketId: string) => [...ticketKeys.all, 'history', ticketId] as const,
  /** `GET /api/tickets/:id/session/occurrences`, by the ticket's uuid. */
  sessionOccurrences: (ticketId: string) =>
    [...ticketKeys.all, 'session-occurrences', ticketId] as const,
};

/** `GET /api/tickets/stats`: one entry per window asked for (docs/api.md "Tickets"). */
export const statsKeys = {
  all: ['stats'] as const,
  tickets: (params: ListParams) => [...statsKeys.all, 'tickets', params] as const,
};

/** `/api/chats` (docs/api.md "Chats"). */
export const chatKeys = {
  all: ['chats'] as const,
  lists: () => [...chatKeys.all, 'list'] as const,
  list: (params: ListParams) => [...chatKeys.lists(), params] as const,
  details: () => [...chatKeys.all, 'detail'] as const,
  /** One chat with its messages, by its uuid. */
  detail: (id: string) => [...chatKeys.details(), id] as const,
};

/** `/api/categories` (docs/api.md "Administration"). */
export const categoryKeys = {
  all: ['categories'] as const,
  lists: () => [...categoryKeys.all, 'list'] as const,
  list: (params: ListParams) => [...categoryKeys.lists(), params] as const,
};

/** `/api/users` (docs/api.md "Administration"). */
export const userKeys = {
  all: ['users'] as const,
  lists: () => [...userKeys.all, 'list'] as const,
  list: (params: ListParams) => [...userKeys.lists(), params] as const,
};

/** `/api/invitations`: pending invitations (docs/api.md "Invitations"). */
export const invitationKeys = {
  all: ['invitations'] as const,
  lists: () => [...invitationKeys.all, 'list'] as const,
  list: () => [...invitationKeys.lists(), {}] as const,
};

/** `/api/api-keys` (docs/api.md "Administration"). */
export const apiKeyKeys = {
  all: ['api-keys'] as const,
  lists: () => [...apiKeyKeys.all, 'list'] as const,
  list: () => [...apiKeyKeys.lists(), {}] as const,
};

/**
 * `/api/groups`: the organization's groups (teams) with their members, and the caller's
 * availability (docs/api.md "Groups and routing").
 */
export const groupKeys = {
  all: ['groups'] as const,
  lists: () => [...groupKeys.all, 'list'] as const,
  list: () => [...groupKeys.lists(), {}] as const,
  /** `GET /api/me/availability`: the signed-in agent's or admin's availability. */
  availability: () => [...groupKeys.all, 'availability'] as const,
};

/** `/api/tags` (docs/api.md "Tickets"). */
export const tagKeys = {
  all: ['tags'] as const,
  lists: () => [...tagKeys.all, 'list'] as const,
  list: (params: ListParams) => [...tagKeys.lists(), params] as const,
};

/** `/api/saved-views` (docs/api.md "Administration"). */
export const savedViewKeys = {
  all: ['saved-views'] as const,
  lists: () => [...savedViewKeys.all, 'list'] as const,
  list: () => [...savedViewKeys.lists(), {}] as const,
  /** `GET /api/saved-views/built-in`: the views defined by the server. */
  builtIn: () => [...savedViewKeys.all, 'built-in'] as const,
  /** `GET /api/saved-views/counts`: each view's capped ticket count. */
  counts: () => [...savedViewKeys.all, 'counts'] as const,
};

/** `/api/notifications`: the email log, by `status` filter (all when none). */
export const notificationKeys = {
  all: ['notifications'] as const,
  lists: () => [...notificationKeys.all, 'list'] as const,
  list: (params: ListParams) => [...notificationKeys.lists(), params] as const,
};

/** `/api/organization-activity`: the organization's log, by `type` filter (all when none). */
export const organizationActivityKeys = {
  all: ['organization-activity'] as const,
  lists: () => [...organizationActivityKeys.all, 'list'] as const,
  list: (params: ListParams) => [...organizationActivityKeys.lists(), params] as const,
};

/** `/api/webhooks` and an endpoint's deliveries (docs/api.md "Administration"). */
export const webhookKeys = {
  all: ['webhooks'] as const,
  lists: () => [...webhookKeys.all, 'list'] as const,
  list: () => [...webhookKeys.lists(), {}] as const,
  /** `GET /api/webhooks/:id/deliveries`, by the endpoint's uuid. */
  deliveries: (endpointId: string) => [...webhookKeys.all, 'deliveries', endpointId] as const,
};

/** `/api/mailboxes`: the organization's inbound mailboxes (docs/product.md "Inbound email"). */
export const mailboxKeys = {
  all: ['mailboxes'] as const,
  lists: () => [...mailboxKeys.all, 'list'] as const,
  list: () => [...mailboxKeys.lists(), {}] as const,
};

/** `/api/inbound-emails`: the inbound log, by `outcome` filter (all when none). */
export const inboundEmailKeys = {
  all: ['inbound-emails'] as const,
  lists: () => [...inboundEmailKeys.all, 'list'] as const,
  list: (params: ListParams) => [...inboundEmailKeys.lists(), params] as const,
};

/** `/api/auth` (docs/api.md "Auth"). */
export const authKeys = {
  all: ['auth'] as const,
  /** `GET /api/auth/me`: the signed-in user. */
  me: () => [...authKeys.all, 'me'] as const,
};

/** `/api/me` (docs/api.md "Profile"): the signed-in person's profile. */
export const profileKeys = {
  all: ['profile'] as const,
  me: () => [...profileKeys.all, 'me'] as const,
  /** `GET /api/me/sessions`: the person's open sessions. */
  sessions: () => [...profileKeys.all, 'sessions'] as const,
};

/**
 * `/api/me/two-factor` (docs/api.md "Two-factor sign-in"): the signed-in person's two-factor
 * status; `/api/organization/security`: the organization's rule.
 */
export const twoFactorKeys = {
  all: ['two-factor'] as const,
  status: () => [...twoFactorKeys.all, 'status'] as const,
  organization: () => [...twoFactorKeys.all, 'organization'] as const,
};

/** `/api/me/notifications` (docs/api.md "In-app notifications"): the bell, by `unread` filter. */
export const userNotificationKeys = {
  all: ['user-notifications'] as const,
  list: (params: ListParams) => [...userNotificationKeys.all, 'list', params] as const,
};

/** `/api/live` presence (docs/api.md "Live"): who is on a ticket's page, by the ticket's uuid. */
export const presenceKeys = {
  all: ['presence'] as const,
  detail: (ticketId: string) => [...presenceKeys.all, ticketId] as const,
};

/** `/api/public/tickets/:token` (docs/api.md "Public"): the view a tracking link opens. */
export const publicTicketKeys = {
  all: ['public-tickets'] as const,
  details: () => [...publicTicketKeys.all, 'detail'] as const,
  /** By the link's token. */
  detail: (token: string) => [...publicTicketKeys.details(), token] as const,
};

/** `/api/data-subjects/retention` (docs/api.md "Data-subject requests"): the retention setting. */
export const retentionKeys = {
  all: ['retention'] as const,
};
