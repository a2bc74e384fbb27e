import type { QueryClient } from '@tanstack/react-query';
import type { i18n as I18n } from 'i18next';
import { RouterProvider } from 'react-router';
import { AppProvider } from './provider';
import type { createAppRouter } from './router';

type AppProps = {
  i18n: I18n;
  queryClient: QueryClient;
  /** The app's router (`createAppRouter`), made with the same query client. */
  router: ReturnType<typeof createAppRouter>;
};

export function App({ i18n, queryClient, router }: AppProps) {
  return (
    <AppProvider queryClient={queryClient} i18n={i18n}>
      <RouterProvider router={router} />
    </AppProvider>
  );
}
