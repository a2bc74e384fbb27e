import type { QueryClient } from '@tanstack/react-query';
import { Navigate, createBrowserRouter } from 'react-router';
import { Loading } from '@/components/ui/loading';
import { paths } from '@/config/paths';
import { RouteError } from './routes/route-error';

/** Shown while the first page's code loads. */
function PageLoading() {
  return (
    <main className="page page--centered">
      <Loading />
    </main>
  );
}

/**
 * Pages and their frames are loaded on demand (`lazy`): signing in does not wait for the ticket
 * pages' code, and a customer on the tracker or the portal never downloads the dashboard's.
 * The dashboard sits under `AppRoot` (a session; customers are sent to the portal), the portal
 * under `PortalRoot` (a customer's session), the tracker pages under `PublicRoot` (no session).
 * The router starts loading the current page's code as soon as it is created (main.tsx creates
 * it before the first render, beside the download of the translations).
 */
export function createAppRouter(queryClient: QueryClient) {
  return createBrowserRouter([
    {
      path: paths.signIn.path,
      lazy: async () => ({ Component: (await import('./routes/sign-in')).SignInRoute }),
      HydrateFallback: PageLoading,
      ErrorBoundary: RouteError,
    },
    // The account pages of "Forgot password?" and the emailed links: as light as sign-in.
    ...(['ForgotPasswordRoute', 'ResetPasswordRoute', 'AcceptInvitationRoute'] as const).map(
      (name) => ({
        path: {
          ForgotPasswordRoute: paths.forgotPassword.path,
          ResetPasswordRoute: paths.resetPassword.path,
          AcceptInvitationRoute: paths.acceptInvitation.path,
        }[name],
        lazy: async () => ({ Component: (await import('./routes/account-pages'))[name] }),
        HydrateFallback: PageLoading,
        ErrorBoundary: RouteError,
      }),
    ),
    // Enforced two-factor enrolment: outside the dashboard's frame, which sends staff here.
    {
      path: paths.twoFactorSetup.path,
      lazy: async () => ({
        Component: (await import('./routes/two-factor-setup')).TwoFactorSetupRoute,
      }),
      HydrateFallback: PageLoading,
      ErrorBoundary: RouteError,
    },
    // The customer-facing pages: the public tracker and tracking links, no sign-in…
    {
      lazy: async () => ({ Component: (await import('./routes/public/public-root')).PublicRoot }),
      HydrateFallback: PageLoading,
      ErrorBoundary: RouteError,
      children: [
        {
          path: paths.trackTicket.path,
          lazy: async () => ({
            Component: (await import('./routes/public/track-ticket')).TrackTicketRoute,
          }),
        },
        {
          path: paths.trackingLink.path,
          lazy: async () => ({
            Component: (await import('./routes/public/tracking-link')).TrackingLinkRoute,
          }),
        },
      ],
    },
    // …and the customer portal, signed-in customers only (agents are sent to the dashboard).
    {
      path: paths.portal.path,
      lazy: async () => ({ Component: (await import('./routes/portal/portal-root')).PortalRoot }),
      HydrateFallback: PageLoading,
      ErrorBoundary: RouteError,
      children: [
        {
          index: true,
          lazy: async () => ({
            Component: (await import('./routes/portal/my-tickets')).MyTicketsRoute,
          }),
        },
        {
          path: paths.portalNewTicket.path,
          lazy: async () => ({
            Component: (await import('./routes/portal/new-ticket')).PortalNewTicketRoute,
          }),
        },
        {
          path: paths.portalTicket.path,
          lazy: async () => ({
            Component: (await import('./routes/portal/ticket')).PortalTicketRoute,
          }),
        },
        {
          path: paths.portalSecurity.path,
          lazy: async () => ({
            Component: (await import('./routes/portal/security')).PortalSecurityRoute,
          }),
        },
        {
          path: '*',
          lazy: async () => ({ Component: (await import('./routes/not-found')).NotFoundRoute }),
        },
      ],
    },
    {
      path: paths.home.path,
      // Lazy too: the dashboard's frame (live updates, the header's menus) and the contract's
      // schemas it pulls in stay out of the sign-in, tracker and portal pages' first load. Its
      // first requests start beside its code, not after it (prefetch.ts).
      lazy: async () => {
        void import('./prefetch').then(({ prefetchDashboard }) => prefetchDashboard(queryClient));
        return { Component: (await import('./routes/app-root')).AppRoot };
      },
      HydrateFallback: PageLoading,
      ErrorBoundary: RouteError,
      children: [
        { index: true, element: <Navigate to={paths.tickets.getHref()} replace /> },
        {
          path: paths.tickets.path,
          lazy: async () => ({
            Component: (await import('./routes/tickets/tickets')).TicketsRoute,
          }),
          // A ticket opens inside the inbox: beside the list on wide screens (docs/product.md "Inbox").
          children: [
            {
              path: paths.ticket.path,
              lazy: async () => ({
                Component: (await import('./routes/tickets/ticket')).TicketRoute,
              }),
            },
          ],
        },
        {
          path: paths.newTicket.path,
          lazy: async () => ({
            Component: (await import('./routes/tickets/new-ticket')).NewTicketRoute,
          }),
        },
        {
          path: paths.webhooks.path,
          lazy: async () => ({
            Component: (await import('./routes/admin/webhooks')).WebhooksRoute,
          }),
        },
        {
          path: paths.notifications.path,
          lazy: async () => ({
            Component: (await import('./routes/admin/notifications')).NotificationsRoute,
          }),
        },
        {
          path: paths.adminMailboxes.path,
          lazy: async () => ({
            Component: (await import('./routes/admin/mailboxes')).MailboxesRoute,
          }),
        },
        {
          path: paths.adminInboundEmail.path,
          lazy: async () => ({
            Component: (await import('./routes/admin/inbound-email')).InboundEmailRoute,
          }),
        },
        {
          path: paths.adminBusinessHours.path,
          lazy: async () => ({
            Component: (await import('./routes/admin/business-hours')).BusinessHoursRoute,
          }),
        },
        {
          path: paths.adminSlaPolicies.path,
          lazy: async () => ({
            Component: (await import('./routes/admin/sla-policies')).SlaPoliciesRoute,
          }),
        },
        {
          path: paths.adminRules.path,
          lazy: async () => ({ Component: (await import('./routes/admin/rules')).RulesRoute }),
        },
        {
          path: paths.adminGroups.path,
          lazy: async () => ({ Component: (await import('./routes/admin/groups')).GroupsRoute }),
        },
        {
          path: paths.adminActivity.path,
          lazy: async () => ({
            Component: (await import('./routes/admin/activity')).ActivityRoute,
          }),
        },
        {
          path: paths.adminPrivacy.path,
          lazy: async () => ({
            Component: (await import('./routes/admin/privacy')).PrivacyRoute,
          }),
        },
        {
          path: paths.chats.path,
          lazy: async () => ({ Component: (await import('./routes/chats/chats')).ChatsRoute }),
        },
        {
          path: paths.chat.path,
          lazy: async () => ({ Component: (await import('./routes/chats/chat')).ChatRoute }),
        },
        {
          path: paths.macros.path,
          lazy: async () => ({ Component: (await import('./routes/macros')).MacrosRoute }),
        },
        {
          path: paths.profile.path,
          lazy: async () => ({ Component: (await import('./routes/profile')).ProfileRoute }),
        },
        // Lazy: recharts stays out of the initial bundle.
        {
          path: paths.stats.path,
          lazy: async () => ({ Component: (await import('./routes/stats/stats')).StatsRoute }),
        },
        {
          path: paths.adminUsers.path,
          lazy: async () => ({ Component: (await import('./routes/admin/users')).UsersRoute }),
        },
        {
          path: paths.adminCategories.path,
          lazy: async () => ({
            Component: (await import('./routes/admin/categories')).CategoriesRoute,
          }),
        },
        {
          path: paths.adminCustomFields.path,
          lazy: async () => ({
            Component: (await import('./routes/admin/custom-fields')).CustomFieldsRoute,
          }),
        },
        {
          path: paths.adminApiKeys.path,
          lazy: async () => ({
            Component: (await import('./routes/admin/api-keys')).ApiKeysRoute,
          }),
        },
        {
          path: '*',
          lazy: async () => ({ Component: (await import('./routes/not-found')).NotFoundRoute }),
        },
      ],
    },
  ]);
}
