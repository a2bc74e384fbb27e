import { useTranslation } from 'react-i18next';
import type { TicketResponse } from '@docket/server/contract';
import { DateTime } from '@/components/ui/date-time';
import { LockIcon } from '@/components/ui/icons';
import { AttachmentList } from '@/features/attachments';

/** The conversation, oldest first; internal notes look and read differently from public replies. */
export function ResponseTimeline({ responses }: { responses: readonly TicketResponse[] }) {
  const { t } = useTranslation();
  if (responses.length === 0) {
    return <p className="empty-state">{t('ticket.noResponses')}</p>;
  }
  return (
    <ol className="timeline">
      {responses.map((response) => (
        <li key={response.id} className="timeline__item">
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
            <div className="response__content prose">{response.content}</div>
            <AttachmentList attachments={response.attachments} />
          </article>
        </li>
      ))}
    </ol>
  );
}
