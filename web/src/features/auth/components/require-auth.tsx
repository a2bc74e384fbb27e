import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Loading } from '@/components/ui/loading';
import { paths } from '@/config/paths';
import { errorMessage } from '@/lib/form-errors';
import { useSessionToken } from '@/lib/session';
import { useMe } from '../api/get-me';
import { CurrentUserProvider } from './current-user';

/**
 * Renders its children for a signed-in user only. Without a session (never signed in, signed
 * out, or ended by a 401 from the API) it sends the person to sign in, remembering this page.
 */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const token = useSessionToken();
  const location = useLocation();
  const me = useMe();

  if (token === null) {
    const wanted = `${location.pathname}${location.search}${location.hash}`;
    return <Navigate to={paths.signIn.getHref(wanted)} replace />;
  }
  if (me.isPending) {
    return (
      <main className="page page--centered">
        <Loading />
      </main>
    );
  }
  if (me.isError) {
    return (
      <main className="page page--centered">
        <Alert
          tone="error"
          action={
            <Button variant="secondary" onClick={() => void me.refetch()}>
              {t('common.retry')}
            </Button>
          }
        >
          {errorMessage(me.error, t)}
        </Alert>
      </main>
    );
  }
  return <CurrentUserProvider value={me.data}>{children}</CurrentUserProvider>;
}
