import { QueryClient } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { RouterProvider, createMemoryRouter, type RouteObject } from 'react-router';
import type { User } from '@docket/server/contract/auth';
import { AppProvider } from '@/app/provider';
import { CurrentUserProvider } from '@/lib/current-user';
import type { Language } from '@/i18n';
import { createTestI18n } from './i18n';

export function createTestQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, gcTime: Infinity, staleTime: Infinity },
      mutations: { retry: false },
    },
  });
}

type RenderOptions = {
  /** The address the memory router starts at. */
  route?: string;
  /** The route pattern `ui` is mounted at. */
  path?: string;
  /** Other routes, e.g. where a successful form navigates. */
  routes?: RouteObject[];
  /** Renders inside `CurrentUserProvider`, as the signed-in part of the app does. */
  user?: User;
  language?: Language;
};

/** Renders `ui` with the app's providers (query client, translations, router). */
export function renderWithProviders(ui: ReactElement, options: RenderOptions = {}) {
  const { route = '/', path = '/', routes = [], user, language = 'en' } = options;
  const queryClient = createTestQueryClient();
  const i18n = createTestI18n(language);
  const element = user ? <CurrentUserProvider value={user}>{ui}</CurrentUserProvider> : ui;
  const router = createMemoryRouter([{ path, element }, ...routes], { initialEntries: [route] });
  const events = userEvent.setup();
  const result = render(
    <AppProvider queryClient={queryClient} i18n={i18n}>
      <RouterProvider router={router} />
    </AppProvider>,
  );
  return { ...result, user: events, queryClient, router, i18n };
}

/** Renders whole routes (e.g. the sign-in page and the guarded app) in a memory router. */
export function renderRoutes(routes: RouteObject[], { route = '/' }: { route?: string } = {}) {
  const queryClient = createTestQueryClient();
  const router = createMemoryRouter(routes, { initialEntries: [route] });
  const events = userEvent.setup();
  const result = render(
    <AppProvider queryClient={queryClient} i18n={createTestI18n('en')}>
      <RouterProvider router={router} />
    </AppProvider>,
  );
  return { ...result, user: events, queryClient, router };
}
