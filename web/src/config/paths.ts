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
  tickets: { path: '/tickets', getHref: (search = '') => `/tickets${search}` },
  newTicket: { path: '/tickets/new', getHref: () => '/tickets/new' },
  ticket: {
    path: '/tickets/:ticketId',
    getHref: (reference: string) => `/tickets/${encodeURIComponent(reference)}`,
  },
} as const;

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
