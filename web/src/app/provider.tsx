import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import type { i18n as I18n } from 'i18next';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { ToastProvider } from '@/components/ui/toast';

type AppProviderProps = {
  children: ReactNode;
  /** The app's query client (main.tsx `createQueryClient`, shared with the router's loaders). */
  queryClient: QueryClient;
  /** The translations, their strings loaded (`loadI18n`; in tests, testing/i18n.ts). */
  i18n: I18n;
};

export function AppProvider({ children, queryClient, i18n }: AppProviderProps) {
  return (
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={queryClient}>
        <ToastProvider>{children}</ToastProvider>
      </QueryClientProvider>
    </I18nextProvider>
  );
}
