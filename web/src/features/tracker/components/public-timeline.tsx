import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { PublicTimelineItem } from '@docket/server/contract/public';
import { MarkdownContent } from '@/components/markdown/markdown-content';
import { DateTime } from '@/components/ui/date-time';
import { useDateTimeFormat } from '@/i18n/format';
import { safeMeetingLink } from './session-card';

/** The files of a public reply, as the public view and the portal's history give them. */
export type ReplyAttachments = Extract<PublicTimelineItem, { type: 'reply' }>['attachments'];

/**
 * A ticket's public life, oldest first (docs/api.md "Public" timeline): opened, status changes (with
 * "resolved" and "closed" said as such), public replies, sessions scheduled or cancelled. Staff
 * replies are signed "Support team" in the reader's language, never with an agent's name
 * (docs/product.md: the requester "sees whether it is assigned, not to whom"). Nothing internal is ever
 * in `items`: the server's public view and the portal's timeline leave it out.
 */
export function PublicTimeline({
  items,
  renderAttachments,
}: {
  items: readonly PublicTimelineItem[];
  /** How a reply's files are shown (the shared attachment list); none without it. */
  renderAttachments?: (attachments: ReplyAttachments) => ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <ol className="timeline public-timeline">
      {items.map((item, index) => (
        <li
          key={`${index}-${item.type}-${item.at}`}
          className="timeline__item"
          data-testid="timeline-item"
          data-type={item.type}
        >
          {item.type === 'reply' ? (
            <article
              className={`response response--${item.author.type}`}
              data-testid="timeline-reply"
              data-author={item.author.type}
            >
              <header className="response__header">
                <span className="response__author">
                  {item.author.type === 'agent' ? t('publicTicket.supportTeam') : item.author.name}
                </span>
                <span className="response__time">
                  <DateTime value={item.at} />
                </span>
              </header>
              <MarkdownContent
                content={item.content}
                format={item.format}
                className="response__content prose"
              />
              {renderAttachments && item.attachments.length > 0
                ? renderAttachments(item.attachments)
                : null}
            </article>
          ) : (
            <TimelineEvent item={item} />
          )}
        </li>
      ))}
    </ol>
  );
}

function TimelineEvent({ item }: { item: Exclude<PublicTimelineItem, { type: 'reply' }> }) {
  const { t } = useTranslation();
  const formatDate = useDateTimeFormat();
  let text: string;
  let link: string | null = null;
  switch (item.type) {
    case 'created':
      text = t('publicTicket.events.created');
      break;
    case 'status_changed':
      text =
        item.to === 'RESOLVED'
          ? t('publicTicket.events.resolved')
          : item.to === 'CLOSED'
            ? t('publicTicket.events.closed')
            : t('publicTicket.events.statusChanged', {
                from: t(`status.${item.from}`),
                to: t(`status.${item.to}`),
              });
      break;
    case 'session_scheduled':
      text = t('publicTicket.events.sessionScheduled', {
        mode: t(`publicTicket.session.modes.${item.mode}`),
        date: formatDate(item.scheduledAt),
      });
      link = safeMeetingLink(item.meetingLink);
      break;
    case 'session_cancelled':
      text = t('publicTicket.events.sessionCancelled');
      break;
    case 'session_occurrence_changed':
      text = t(
        item.cancelled
          ? 'publicTicket.events.sessionOccurrenceCancelled'
          : 'publicTicket.events.sessionOccurrenceMoved',
        { date: formatDate(item.scheduledAt) },
      );
      break;
  }
  return (
    <p className={`timeline-event timeline-event--${item.type.replaceAll('_', '-')}`}>
      <span className="timeline-event__text">{text}</span>{' '}
      {link ? (
        <a className="timeline-event__link" href={link} target="_blank" rel="noreferrer">
          {t('publicTicket.session.join')}
        </a>
      ) : null}{' '}
      <span className="timeline-event__time">
        <DateTime value={item.at} />
      </span>
    </p>
  );
}
