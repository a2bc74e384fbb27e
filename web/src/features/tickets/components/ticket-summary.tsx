import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnyTicket } from '@docket/server/contract/tickets';
import { DateTime } from '@/components/ui/date-time';
import { isAgentView } from '../utils/ticket-view';
import { PriorityBadge } from './priority-badge';
import { StatusBadge } from './status-badge';
import { AssigneeName } from './ticket-row';

/** The ticket's header, details and description. */
export function TicketSummary({ ticket }: { ticket: AnyTicket }) {
  const { t } = useTranslation();
  const id = useId();
  const tags = isAgentView(ticket) ? ticket.tags : null;

  return (
    <>
      <header
        className={`ticket-header ticket-header--${ticket.priority.toLowerCase()}`}
        aria-labelledby={`${id}-subject`}
      >
        <p className="ticket-header__reference">{ticket.reference}</p>
        <h1 id={`${id}-subject`} className="ticket-header__subject">
          {ticket.subject}
        </h1>
        <div className="ticket-header__badges">
          <StatusBadge status={ticket.status} />
          <PriorityBadge priority={ticket.priority} />
        </div>
      </header>

      <section className="card" aria-labelledby={`${id}-details`}>
        <h2 id={`${id}-details`} className="visually-hidden">
          {t('ticket.details')}
        </h2>
        <dl className="details">
          <div className="details__item">
            <dt>{t('ticket.requester')}</dt>
            <dd>
              {ticket.requester.name}
              {ticket.requester.email ? (
                <span className="details__secondary">{ticket.requester.email}</span>
              ) : null}
            </dd>
          </div>
          <div className="details__item">
            <dt>{t('ticket.assignee')}</dt>
            <dd>
              <AssigneeName ticket={ticket} />
            </dd>
          </div>
          <div className="details__item">
            <dt>{t('ticket.category')}</dt>
            <dd>{ticket.category ?? t('common.none')}</dd>
          </div>
          {tags ? (
            <div className="details__item">
              <dt>{t('ticket.tags')}</dt>
              <dd>
                {tags.length ? (
                  <ul className="tags">
                    {tags.map((tag) => (
                      <li key={tag} className="tag">
                        {tag}
                      </li>
                    ))}
                  </ul>
                ) : (
                  t('common.none')
                )}
              </dd>
            </div>
          ) : null}
          <div className="details__item">
            <dt>{t('ticket.created')}</dt>
            <dd>
              <DateTime value={ticket.createdAt} />
            </dd>
          </div>
          <div className="details__item">
            <dt>{t('ticket.updated')}</dt>
            <dd>
              <DateTime value={ticket.updatedAt} />
            </dd>
          </div>
        </dl>
      </section>

      <section className="card" aria-labelledby={`${id}-description`}>
        <h2 id={`${id}-description`} className="card__title">
          {t('ticket.description')}
        </h2>
        <div className="prose">{ticket.description}</div>
      </section>
    </>
  );
}
