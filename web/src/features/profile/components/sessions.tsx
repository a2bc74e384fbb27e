import { useTranslation } from 'react-i18next';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { LoadError } from '@/components/ui/load-error';
import { Loading } from '@/components/ui/loading';
import { useDateTimeFormat } from '@/i18n/format';
import { errorMessage } from '@/lib/form-errors';
import { useRevokeSession, useSessions, useSignOutEverywhere } from '../api/sessions';
import './sessions.css';

/**
 * The profile's "Sessions" card (docs/product.md "Accounts"): where the person is signed in —
 * browser, address, when it began and was last active, "this device" for the current one —
 * with "Sign out" for each other session and "Sign out everywhere" (this one included).
 */
export function SessionsSection() {
  const { t } = useTranslation();
  const formatDateTime = useDateTimeFormat('dateTime');
  const sessions = useSessions();
  const revoke = useRevokeSession();
  const everywhere = useSignOutEverywhere();
  const failure = revoke.error ?? everywhere.error;

  return (
    <Card
      title={t('sessions.title')}
      className="sessions"
      actions={
        <Button
          variant="secondary"
          onClick={() => everywhere.mutate()}
          disabled={everywhere.isPending}
        >
          {t('sessions.signOutEverywhere')}
        </Button>
      }
    >
      <p className="sessions__muted">{t('sessions.intro')}</p>
      {failure ? <Alert tone="error">{errorMessage(failure, t)}</Alert> : null}
      {sessions.isPending ? (
        <Loading />
      ) : sessions.isError ? (
        <LoadError error={sessions.error} onRetry={() => void sessions.refetch()} />
      ) : (
        <ul className="sessions__list" aria-label={t('sessions.title')}>
          {sessions.data.data.map((session) => (
            <li key={session.id} className="sessions__item">
              <div>
                <strong className="sessions__agent">
                  {session.userAgent ?? t('sessions.unknownBrowser')}
                </strong>
                {session.current ? (
                  <span className="sessions__current">{t('sessions.current')}</span>
                ) : null}
                <p className="sessions__muted">
                  {t('sessions.details', {
                    ip: session.ip ?? '—',
                    signedIn: formatDateTime(session.createdAt),
                    active: formatDateTime(session.lastRefreshedAt ?? session.createdAt),
                  })}
                </p>
              </div>
              {session.current ? null : (
                <Button
                  variant="secondary"
                  onClick={() => revoke.mutate(session.id)}
                  disabled={revoke.isPending}
                >
                  {t('sessions.signOut')}
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
