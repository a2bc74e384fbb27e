import { useTranslation } from 'react-i18next';
import type { TicketActivity } from '@docket/server/contract/activity';
import type { TicketResponse } from '@docket/server/contract/responses';
import { DateTime } from '@/components/ui/date-time';
import { LockIcon } from '@/components/ui/icons';
import { AttachmentList } from '@/components/attachments';
import { MarkdownContent } from '@/components/markdown/markdown-content';
import { downloadAttachment } from '@/components/attachments/api/attachment-url';
import { Button } from '@/components/ui/button';
import { API_BASE } from '@/lib/api-client';
import { useCurrentUser } from '@/lib/current-user';
import { describeActivity, mergeTimeline } from '../utils/timeline';
import { formatInTimeZone } from '../utils/zoned-time';

/**
 * The ticket's timeline (docs/product.md "Ticket"): public replies, internal notes (another background,
 * a dashed border, a lock and the words "Internal note", never colour alone) and activity lines,
 * oldest first. A customer's view passes no `activity`: the conversation alone.
 */
export function TicketTimeline({
  responses,
  activity = [],
}: {
  responses: readonly TicketResponse[];
  activity?: readonly TicketActivity[];
}) {
  const { t } = useTranslation();
  const entries = mergeTimeline(responses, activity);
  if (entries.length === 0) return <p className="empty-state">{t('ticket.noResponses')}</p>;
  return (
    <ol className="timeline">
      {entries.map((entry) =>
        entry.kind === 'response' ? (
          <li key={entry.id} className="timeline__item">
            <ResponseItem response={entry.response} />
          </li>
        ) : (
          <li key={entry.id} className="timeline__item timeline__item--activity">
            <ActivityItem activity={entry.activity} />
          </li>
        ),
      )}
    </ol>
  );
}

function ResponseItem({ response }: { response: TicketResponse }) {
  const { t } = useTranslation();
  return (
    <article
      data-testid="response"
      data-internal={response.isInternal}
      className={response.isInternal ? 'response response--internal' : 'response'}
    >
      <header className="response__header">
        <span className="response__author">{response.author.name}</span>
        <span className="response__author-type">
          {t(`ticket.authorTypes.${response.authorType}`)}
        </span>
        {response.isInternal ? (
          <span className="response__visibility">
            <LockIcon className="response__icon" />
            {t('ticket.internalNote')}
          </span>
        ) : null}
        <span className="response__time">
          <DateTime value={response.createdAt} />
        </span>
      </header>
      <MarkdownContent
        content={response.content}
        format={response.format}
        className="response__content prose"
      />
      <AttachmentList attachments={response.attachments} />
      {response.email ? (
        // A reply received by mail shows its new text; the mail as it arrived, quote included.
        <Button
          variant="ghost"
          className="response__full-message"
          onClick={() =>
            void downloadAttachment(
              `${API_BASE}/inbound-emails/${encodeURIComponent(response.email!.inboundEmailId)}/original`,
              `${response.email!.inboundEmailId}.eml`,
            )
          }
        >
          {t('ticket.fullMessage')}
        </Button>
      ) : null}
    </article>
  );
}

function ActivityItem({ activity }: { activity: TicketActivity }) {
  const { t, i18n } = useTranslation();
  const { timeZone } = useCurrentUser();
  const language = i18n.resolvedLanguage ?? i18n.language;
  // A session's time reads as the session card shows it: in the agent's time zone, named.
  const formatDate = (iso: string) => formatInTimeZone(iso, language, timeZone);
  return (
    <div className="activity-item" data-testid="activity" data-type={activity.type}>
      <p className="activity-item__text">
        {activity.isInternal ? (
          <span className="activity-item__internal">
            <LockIcon className="response__icon" />
            {t('ticketPage.activity.internal')}
          </span>
        ) : null}
        {describeActivity(activity, (key, options) => String(t(key as never, options)), formatDate)}
        <span className="activity-item__time">
          <DateTime value={activity.createdAt} />
        </span>
      </p>
      {activity.reason ? (
        <p className="activity-item__reason">
          {t('ticketPage.activity.reason', { reason: activity.reason })}
        </p>
      ) : null}
    </div>
  );
}
