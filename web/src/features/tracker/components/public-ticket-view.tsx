import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { PublicTicket } from '@docket/server/contract/public';
import { CustomFieldValueText } from '@/components/custom-field-inputs';
import { Alert } from '@/components/ui/alert';
import { DateTime } from '@/components/ui/date-time';
import { PublicTimeline, type ReplyAttachments } from './public-timeline';
import { SessionCard } from './session-card';
import { StatusSummary } from './status-summary';

type PublicTicketViewProps = {
  ticket: PublicTicket;
  /** How the priority is shown (the app passes the dashboard's priority badge). */
  priority?: ReactNode;
  /** The ticket's public files, when the shared attachment components show them (not this view's job). */
  attachments?: ReactNode;
  /** How a reply's files are shown in the history (the shared attachment list). */
  renderReplyAttachments?: (attachments: ReplyAttachments) => ReactNode;
  /** After the history: the reply form, or what to do instead. */
  children?: ReactNode;
};

/**
 * A ticket as its requester follows it without signing in (docs/product.md "Customers"; docs/api.md "Public"):
 * reference and subject, the status with its plain-language explanation, priority, category and
 * dates, the scheduled session with its join link, the original request, and the public history.
 * Everything shown comes from the server's public view, which holds nothing internal.
 */
export function PublicTicketView({
  ticket,
  priority,
  attachments,
  renderReplyAttachments,
  children,
}: PublicTicketViewProps) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const french = i18n.language.startsWith('fr');
  return (
    <article
      className="public-ticket"
      aria-labelledby={`${id}-subject`}
      data-testid="public-ticket"
    >
      <TicketHeader ticket={ticket} headingId={`${id}-subject`} />

      <StatusSummary status={ticket.status} />

      <section className="card" aria-labelledby={`${id}-details`}>
        <h2 id={`${id}-details`} className="visually-hidden">
          {t('publicTicket.details')}
        </h2>
        <dl className="details">
          <div className="details__item">
            <dt>{t('publicTicket.priority')}</dt>
            <dd>{priority ?? t(`priority.${ticket.priority}`)}</dd>
          </div>
          <div className="details__item">
            <dt>{t('publicTicket.category')}</dt>
            <dd>{ticket.category ?? t('common.none')}</dd>
          </div>
          {/* The customer-visible custom fields only: the server sends no other. */}
          {ticket.customFields.map((field) => (
            <div className="details__item" key={`cf-${field.key}`}>
              <dt>{(french ? field.label.fr : field.label.en) || field.key}</dt>
              <dd>
                <CustomFieldValueText value={field.value} />
              </dd>
            </div>
          ))}
          <div className="details__item">
            <dt>{t('publicTicket.created')}</dt>
            <dd>
              <DateTime value={ticket.createdAt} />
            </dd>
          </div>
          <div className="details__item">
            <dt>{t('publicTicket.updated')}</dt>
            <dd>
              <DateTime value={ticket.updatedAt} />
            </dd>
          </div>
          {ticket.resolvedAt ? (
            <div className="details__item">
              <dt>{t('publicTicket.resolved')}</dt>
              <dd>
                <DateTime value={ticket.resolvedAt} />
              </dd>
            </div>
          ) : null}
          {ticket.closedAt ? (
            <div className="details__item">
              <dt>{t('publicTicket.closed')}</dt>
              <dd>
                <DateTime value={ticket.closedAt} />
              </dd>
            </div>
          ) : null}
        </dl>
      </section>

      {ticket.session ? <SessionCard session={ticket.session} /> : null}

      {ticket.mergedInto ? (
        <Alert tone="info">{t('publicTicket.mergedInto', { reference: ticket.mergedInto })}</Alert>
      ) : null}
      {ticket.resolutionNote ? (
        <DescriptionCard
          title={t('publicTicket.resolutionNote')}
          description={ticket.resolutionNote}
        />
      ) : null}

      <DescriptionCard title={t('publicTicket.description')} description={ticket.description} />

      {attachments}

      <section className="conversation" aria-labelledby={`${id}-history`}>
        <h2 id={`${id}-history`} className="section-title">
          {t('publicTicket.history')}
        </h2>
        <PublicTimeline items={ticket.timeline} renderAttachments={renderReplyAttachments} />
      </section>

      {children}
    </article>
  );
}

/** The ticket's reference over its subject, the page's heading (`headingId` names the article). */
export function TicketHeader({
  ticket,
  headingId,
}: {
  ticket: { reference: string; subject: string };
  headingId: string;
}) {
  return (
    <header className="ticket-header">
      <p className="ticket-header__reference">{ticket.reference}</p>
      <h1 id={headingId} className="ticket-header__subject">
        {ticket.subject}
      </h1>
    </header>
  );
}

/** The requester's original request, as they wrote it, in a card of its own. */
export function DescriptionCard({ title, description }: { title: string; description: string }) {
  const id = useId();
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id} className="card__title">
        {title}
      </h2>
      <div className="prose">{description}</div>
    </section>
  );
}
