import { useMemo } from 'react';
import { Navigate, RouterProvider, createBrowserRouter } from 'react-router';
import { Loading } from '@/components/ui/loading';
import { paths } from '@/config/paths';
import { AppRoot } from './routes/app-root';
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
 * Pages are loaded on demand (`lazy`): signing in does not wait for the ticket pages' code.
 * Everything but the sign-in page sits under `AppRoot`, which requires a session.
 */
function createAppRouter() {
  return createBrowserRouter([
    {
      path: paths.signIn.path,
      lazy: async () => ({ Component: (await import('./routes/sign-in')).SignInRoute }),
      HydrateFallback: PageLoading,
      ErrorBoundary: RouteError,
    },
    {
      path: paths.home.path,
      Component: AppRoot,
      HydrateFallback: PageLoading,
      ErrorBoundary: RouteError,
      children: [
        { index: true, element: <Navigate to={paths.tickets.getHref()} replace /> },
        {
          path: paths.tickets.path,
          lazy: async () => ({
            Component: (await import('./routes/tickets/tickets')).TicketsRoute,
          }),
        },
        {
          path: paths.newTicket.path,
          lazy: async () => ({
            Component: (await import('./routes/tickets/new-ticket')).NewTicketRoute,
          }),
        },
        {
          path: paths.ticket.path,
          lazy: async () => ({ Component: (await import('./routes/tickets/ticket')).TicketRoute }),
        },
        {
          path: '*',
          lazy: async () => ({ Component: (await import('./routes/not-found')).NotFoundRoute }),
        },
      ],
    },
  ]);
}

export function AppRouter() {
  const router = useMemo(createAppRouter, []);
  return <RouterProvider router={router} />;
}
