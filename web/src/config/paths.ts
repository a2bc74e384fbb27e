/** Every page's address in one place, so links and routes cannot disagree. */
export const paths = {
  home: { path: '/', getHref: () => '/' },
  signIn: {
    path: '/sign-in',
    /** `redirectTo` is the page the person wanted; they land there after signing in. */
    getHref: (redirectTo?: string | null) =>
      redirectTo && redirectTo !== '/'
        ? `/sign-in?redirectTo=${encodeURIComponent(redirectTo)}`
        : '/sign-in',
  },
  /** "Forgot password?", and the pages of the emailed reset and invitation links. */
  forgotPassword: { path: '/forgot-password', getHref: () => '/forgot-password' },
  resetPassword: { path: '/reset-password', getHref: () => '/reset-password' },
  acceptInvitation: { path: '/accept-invitation', getHref: () => '/accept-invitation' },
  /** The enrolment an organization requiring two-factor sign-in forces on staff (no way around). */
  twoFactorSetup: { path: '/two-factor-setup', getHref: () => '/two-factor-setup' },
  tickets: { path: '/tickets', getHref: (search = '') => `/tickets${search}` },
  newTicket: { path: '/tickets/new', getHref: () => '/tickets/new' },
  /** Admins: the organization's webhook endpoints and their delivery log. */
  webhooks: { path: '/admin/webhooks', getHref: () => '/admin/webhooks' },
  /** Admins: the organization's email notifications (failed ones, retry). */
  notifications: { path: '/admin/notifications', getHref: () => '/admin/notifications' },
  /** Admins: the organization's activity log (what is not about one ticket). */
  adminActivity: { path: '/admin/activity', getHref: () => '/admin/activity' },
  /** Admins: data-subject requests (export, erasure) and retention. */
  adminPrivacy: { path: '/admin/privacy', getHref: () => '/admin/privacy' },
  /** Agents: the live-chat inbox and one chat (its id is the chat's uuid). */
  chats: { path: '/chats', getHref: (search = '') => `/chats${search}` },
  chat: { path: '/chats/:chatId', getHref: (id: string) => `/chats/${encodeURIComponent(id)}` },
  /** Agents and admins: their macros and the shared ones (docs/product.md "Macros"). */
  macros: { path: '/macros', getHref: () => '/macros' },
  /** The signed-in person's profile: name, time zone, language, signature, theme. */
  profile: { path: '/profile', getHref: () => '/profile' },
  /** Agents: ticket statistics over a period. */
  stats: { path: '/stats', getHref: () => '/stats' },
  /** Admins: users, categories and API keys of the organization. */
  adminUsers: { path: '/admin/users', getHref: () => '/admin/users' },
  adminCategories: { path: '/admin/categories', getHref: () => '/admin/categories' },
  adminCustomFields: { path: '/admin/custom-fields', getHref: () => '/admin/custom-fields' },
  adminApiKeys: { path: '/admin/api-keys', getHref: () => '/admin/api-keys' },
  /** Admins: the inbound mailboxes (IMAP or endpoint) and the inbound email log. */
  adminMailboxes: { path: '/admin/mailboxes', getHref: () => '/admin/mailboxes' },
  adminInboundEmail: { path: '/admin/inbound-email', getHref: () => '/admin/inbound-email' },
  /** Admins: SLA business hours (opening schedules) and SLA policies. */
  adminBusinessHours: { path: '/admin/business-hours', getHref: () => '/admin/business-hours' },
  adminSlaPolicies: { path: '/admin/sla-policies', getHref: () => '/admin/sla-policies' },
  /** Admins: triggers and time-based rules (docs/product.md "Rules"). */
  adminRules: { path: '/admin/rules', getHref: () => '/admin/rules' },
  /** Admins: groups (teams), their routing, members and skills (docs/product.md "Groups…"). */
  adminGroups: { path: '/admin/groups', getHref: () => '/admin/groups' },
  ticket: {
    path: '/tickets/:ticketId',
    getHref: (reference: string) => `/tickets/${encodeURIComponent(reference)}`,
  },
  /** The public tracker: a ticket by its reference and the requester's email, no sign-in. */
  trackTicket: { path: '/track-ticket', getHref: () => '/track-ticket' },
  /** The signed link of notification emails (the server builds `${PUBLIC_URL}/t/<token>`). */
  trackingLink: {
    path: '/t/:token',
    getHref: (token: string) => `/t/${encodeURIComponent(token)}`,
  },
  /** The customer portal: signed-in customers' own tickets, never the dashboard. */
  portal: { path: '/portal', getHref: (search = '') => `/portal${search}` },
  portalNewTicket: {
    path: '/portal/new',
    /** `followUpOf`: the reference of the CLOSED ticket the new one follows up. */
    getHref: (followUpOf?: string) =>
      followUpOf ? `/portal/new?followUpOf=${encodeURIComponent(followUpOf)}` : '/portal/new',
  },
  portalTicket: {
    path: '/portal/tickets/:ticketId',
    getHref: (reference: string) => `/portal/tickets/${encodeURIComponent(reference)}`,
  },
  /** A customer's sign-in security: two-factor sign-in (optional for them) and sessions. */
  portalSecurity: {
    path: '/portal/security',
    getHref: () => '/portal/security',
  },
} as const;

/**
 * Where a customer who opens a dashboard address belongs in the portal: the same ticket, the
 * portal's create form, else their ticket list. Customers never see the dashboard.
 */
export function portalPathFor(dashboardPathname: string): string {
  if (dashboardPathname === paths.newTicket.path) return paths.portalNewTicket.getHref();
  const ticket = /^\/tickets\/([^/]+)\/?$/.exec(dashboardPathname);
  if (ticket?.[1]) {
    try {
      return paths.portalTicket.getHref(decodeURIComponent(ticket[1]));
    } catch {
      // a malformed escape (`%E0`): no ticket to keep, the list it is
    }
  }
  return paths.portal.getHref();
}

/**
 * Only a path of this app may follow sign-in: `//evil.test` or `https://…` would turn the
 * sign-in page into an open redirect.
 */
export function safeRedirectTarget(value: string | null | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) {
    return paths.tickets.getHref();
  }
  return value;
}
