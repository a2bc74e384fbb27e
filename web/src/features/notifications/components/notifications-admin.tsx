import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  EMAIL_NOTIFICATION_STATUSES,
  type EmailNotification,
} from '@docket/server/contract/notifications';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { DateTime } from '@/components/ui/date-time';
import { Field } from '@/components/ui/field';
import { Loading } from '@/components/ui/loading';
import { paths } from '@/config/paths';
import { errorMessage } from '@/lib/form-errors';
import { useNotifications, type NotificationStatus } from '../api/get-notifications';
import { useRetryNotification } from '../api/retry-notification';

/**
 * The organization's email notifications for admins (failed mails
 * visible to admins), newest first, filtered by status: what was sent to whom, attempts, the next
 * attempt of a pending one, the SMTP error of a failed one, and "Send again" for failed ones.
 * Status is written out (not colour alone); the list is one column of cards on a phone.
 */
export function NotificationsAdmin() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<NotificationStatus | undefined>('FAILED');
  const notifications = useNotifications(status);
  const retry = useRetryNotification();
  const rows = notifications.data?.pages.flatMap((page) => page.data) ?? [];

  return (
    <section className="notifications-admin" aria-labelledby="notifications-list-heading">
      <div className="list-toolbar">
        <Field label={t('notifications.filter')}>
          {(control) => (
            <select
              {...control}
              className="select list-toolbar__filter"
              value={status ?? ''}
              onChange={(event) =>
                setStatus((event.target.value || undefined) as NotificationStatus | undefined)
              }
            >
              <option value="">{t('notifications.filters.all')}</option>
              {EMAIL_NOTIFICATION_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`notifications.filters.${s}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Button variant="ghost" onClick={() => void notifications.refetch()}>
          {t('notifications.refresh')}
        </Button>
      </div>
      <h2 id="notifications-list-heading" className="visually-hidden">
        {t('notifications.title')}
      </h2>
      {retry.isError ? <Alert tone="error">{errorMessage(retry.error, t)}</Alert> : null}
      {retry.isSuccess ? (
        <p role="status" className="notifications-admin__notice">
          {t('notifications.retried')}
        </p>
      ) : null}
      {notifications.isPending ? (
        <Loading />
      ) : notifications.isError ? (
        <Alert tone="error">{errorMessage(notifications.error, t)}</Alert>
      ) : rows.length === 0 ? (
        <p className="notifications-admin__empty">{t('notifications.empty')}</p>
      ) : (
        <ul className="notifications-admin__list">
          {rows.map((notification) => (
            <NotificationItem
              key={notification.id}
              notification={notification}
              retrying={retry.isPending && retry.variables === notification.id}
              onRetry={() => retry.mutate(notification.id)}
            />
          ))}
        </ul>
      )}
      {notifications.hasNextPage ? (
        <Button
          variant="secondary"
          onClick={() => void notifications.fetchNextPage()}
          disabled={notifications.isFetchingNextPage}
        >
          {t('notifications.loadMore')}
        </Button>
      ) : null}
    </section>
  );
}

function NotificationItem({
  notification,
  retrying,
  onRetry,
}: {
  notification: EmailNotification;
  retrying: boolean;
  onRetry: () => void;
}) {
  const { t } = useTranslation();
  const recipient = notification.recipient.name
    ? `${notification.recipient.name} <${notification.recipient.email}>`
    : notification.recipient.email;
  return (
    <li className="notification-card">
      <div className="notification-card__header">
        <h3 className="notification-card__subject">{notification.subject}</h3>
        <span
          className={`badge notification-status notification-status--${notification.status.toLowerCase()}`}
        >
          {t(`notifications.statuses.${notification.status}`)}
        </span>
      </div>
      <dl className="notification-card__facts">
        <div>
          <dt>{t('notifications.columns.mail')}</dt>
          <dd>
            {t(`notifications.kinds.${notification.kind}`)}
            {notification.ticket ? (
              <>
                {' · '}
                <Link to={paths.ticket.getHref(notification.ticket.reference)}>
                  {notification.ticket.reference}
                </Link>
              </>
            ) : null}
          </dd>
        </div>
        <div>
          <dt>{t('notifications.columns.recipient')}</dt>
          <dd className="notification-card__recipient">{recipient}</dd>
        </div>
        <div>
          <dt>{t('notifications.columns.attempts')}</dt>
          <dd>
            {t('notifications.attemptsOf', {
              count: notification.attempts,
              max: notification.maxAttempts,
            })}
          </dd>
        </div>
        {notification.nextAttemptAt ? (
          <div>
            <dt>{t('notifications.nextAttempt')}</dt>
            <dd>
              <DateTime value={notification.nextAttemptAt} />
            </dd>
          </div>
        ) : null}
        {notification.sentAt ? (
          <div>
            <dt>{t('notifications.sentAt')}</dt>
            <dd>
              <DateTime value={notification.sentAt} />
            </dd>
          </div>
        ) : null}
        {notification.lastError ? (
          <div className="notification-card__error">
            <dt>{t('notifications.columns.error')}</dt>
            <dd>{notification.lastError}</dd>
          </div>
        ) : null}
      </dl>
      {notification.status === 'FAILED' ? (
        <Button
          variant="secondary"
          onClick={onRetry}
          disabled={retrying}
          aria-label={t('notifications.retryLabel', {
            subject: notification.subject,
            recipient: notification.recipient.email,
          })}
        >
          {t('notifications.retry')}
        </Button>
      ) : null}
    </li>
  );
}
