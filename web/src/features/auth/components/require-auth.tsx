import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { LoadError } from '@/components/ui/load-error';
import { Loading } from '@/components/ui/loading';
import { paths } from '@/config/paths';
import { refreshSession } from '@/lib/api-client';
import { getSessionExpiresAt, useSessionToken } from '@/lib/session';
import { useMe } from '../api/get-me';
import { CurrentUserProvider } from '@/lib/current-user';

/** How long before the access token expires it is renewed (ms). */
const RENEW_BEFORE_MS = 60_000;

/**
 * Renews the access token a minute before it expires while a guarded page is open, so that what
 * sends the token outside the API client (attachment downloads, uploads, the live stream) never
 * holds an expired one. The API client renews on a 401 anyway.
 */
function useKeepSessionFresh(token: string | null) {
  useEffect(() => {
    if (token === null) return;
    const expiresAt = getSessionExpiresAt();
    if (expiresAt === null) return;
    const timer = window.setTimeout(
      () => void refreshSession(token),
      Math.max(0, expiresAt - Date.now() - RENEW_BEFORE_MS),
    );
    return () => window.clearTimeout(timer);
  }, [token]);
}

/**
 * Renders its children for a signed-in user only. Without an access token (never signed in, a
 * reload after it expired) it first tries to renew it with the session's refresh cookie (once
 * per visit); without a session (signed out, or ended by a 401 from the API) it sends the
 * person to sign in, remembering this page.
 */
export function RequireAuth({ children }: { children: ReactNode }) {
  const token = useSessionToken();
  const location = useLocation();
  const me = useMe();
  const tried = useRef(false);
  const [restoring, setRestoring] = useState(token === null);
  useKeepSessionFresh(token);

  useEffect(() => {
    if (tried.current) return;
    tried.current = true;
    if (token !== null) return;
    void refreshSession(null).finally(() => setRestoring(false));
  }, [token]);

  if (token === null && restoring) {
    return (
      <main className="page page--centered">
        <Loading />
      </main>
    );
  }
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
