import { Bell } from 'lucide-react';
import { Popover } from 'radix-ui';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { UserNotification } from '@docket/server/contract/me';
import { Button } from '@/components/ui/button';
import { paths } from '@/config/paths';
import { useMarkNotificationsRead, useNotifications } from '../api/notifications';
import { relativeTime } from '../utils/relative-time';
import './notification-center.css';

/**
 * The header's bell (docs/product.md "In-app notifications"): the unread count as a badge, and a
 * popover listing the newest notifications — what happened, the ticket (reference and subject,
 * a link to it), who did it and how long ago. Opening one marks it read; "Mark all read" marks
 * them all. Live: the stream's `notification` events refetch it (features/live).
 */
export function NotificationBell() {
  const { t, i18n } = useTranslation();
  const notifications = useNotifications();
  const markRead = useMarkNotificationsRead();
  const unread = notifications.data?.unreadCount ?? 0;
  const language = i18n.resolvedLanguage ?? i18n.language;
  const label =
    unread > 0
      ? t('notificationCenter.bellUnread', { count: unread })
      : t('notificationCenter.bell');

  return (
    <Popover.Root>
      <Popover.Trigger asChild>
        <Button variant="ghost" className="notification-bell" aria-label={label} title={label}>
          <Bell aria-hidden="true" focusable="false" className="notification-bell__icon" />
          {unread > 0 ? (
            <span className="notification-bell__count" aria-hidden="true" data-testid="bell-count">
              {unread > 99 ? '99+' : unread}
            </span>
          ) : null}
        </Button>
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content
          className="notification-popover"
          align="end"
          sideOffset={6}
          aria-label={t('notificationCenter.title')}
        >
          <div className="notification-popover__header">
            <h2 className="notification-popover__title">{t('notificationCenter.title')}</h2>
            <Button
              variant="ghost"
              className="notification-popover__mark-all"
              disabled={unread === 0 || markRead.isPending}
              onClick={() => markRead.mutate({ all: true })}
            >
              {t('notificationCenter.markAllRead')}
            </Button>
          </div>
          {notifications.isError ? (
            <p className="notification-popover__empty">{t('notificationCenter.loadFailed')}</p>
          ) : notifications.data && notifications.data.data.length === 0 ? (
            <p className="notification-popover__empty">{t('notificationCenter.empty')}</p>
          ) : (
            <ul className="notification-list">
              {notifications.data?.data.map((notification) => (
                <NotificationItem
                  key={notification.id}
                  notification={notification}
                  when={relativeTime(notification.createdAt, language)}
                  onOpen={() => {
                    if (notification.readAt === null) markRead.mutate({ ids: [notification.id] });
                  }}
                />
              ))}
            </ul>
          )}
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}

function NotificationItem({
  notification,
  when,
  onOpen,
}: {
  notification: UserNotification;
  when: string;
  onOpen: () => void;
}) {
  const { t } = useTranslation();
  const what = t(`notificationCenter.types.${notification.type}`, {
    actor: notification.actorName ?? t('notificationCenter.someone'),
  });
  const unread = notification.readAt === null;
  const body = (
    <>
      <span className="notification-item__what">
        {unread ? (
          <span className="visually-hidden">{t('notificationCenter.unread')}: </span>
        ) : null}
        {what}
      </span>
      {notification.ticket ? (
        <span className="notification-item__ticket">
          {notification.ticket.reference} · {notification.ticket.subject}
        </span>
      ) : null}
      {notification.excerpt ? (
        <span className="notification-item__excerpt">{notification.excerpt}</span>
      ) : null}
      <time className="notification-item__when" dateTime={notification.createdAt}>
        {when}
      </time>
    </>
  );
  return (
    <li className="notification-item" data-unread={unread}>
      {notification.ticket ? (
        <Popover.Close asChild>
          <Link
            className="notification-item__link"
            to={paths.ticket.getHref(notification.ticket.reference)}
            onClick={onOpen}
          >
            {body}
          </Link>
        </Popover.Close>
      ) : (
        <button type="button" className="notification-item__link" onClick={onOpen}>
          {body}
        </button>
      )}
    </li>
  );
}
