import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { LoadError } from '@/components/ui/load-error';
import { Loading } from '@/components/ui/loading';
import { paths } from '@/config/paths';
import { useSessionToken } from '@/lib/session';
import { useMe } from '../api/get-me';
import { CurrentUserProvider } from '@/lib/current-user';

/**
 * Renders its children for a signed-in user only. Without a session (never signed in, signed
 * out, or ended by a 401 from the API) it sends the person to sign in, remembering this page.
 */
export function RequireAuth({ children }: { children: ReactNode }) {
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
        <LoadError error={me.error} onRetry={() => void me.refetch()} />
      </main>
    );
  }
  return <CurrentUserProvider value={me.data}>{children}</CurrentUserProvider>;
}
