import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { CustomerTicket } from '@docket/server/contract/tickets';
import { LoadError } from '@/components/ui/load-error';
import { Loading } from '@/components/ui/loading';
import { paths } from '@/config/paths';
import { AttachmentList, AttachmentsCard } from '@/components/attachments';
import { usePortalTicket } from '@/features/portal/api/get-portal-ticket';
import { useTicketHistory } from '@/features/portal/api/get-ticket-history';
import { useMarkTicketSeen } from '@/features/notification-center/api/ticket-seen';
import { useReplyToTicket } from '@/features/portal/api/reply-to-ticket';
import { CloseTicket } from '@/features/portal/components/close-ticket';
import { FollowUpOffer } from '@/features/portal/components/follow-up-offer';
import { PortalTicketDetails } from '@/features/portal/components/portal-ticket-details';
import { customerTicketActions } from '@/features/portal/utils/customer-ticket-rules';
import { DescriptionCard, TicketHeader } from '@/features/tracker/components/public-ticket-view';
import { PublicTimeline } from '@/features/tracker/components/public-timeline';
import { ReplyForm } from '@/features/tracker/components/reply-form';
import { SessionCard } from '@/features/tracker/components/session-card';
import { StatusSummary } from '@/features/tracker/components/status-summary';
import { SatisfactionWidget } from '@/features/tracker/components/satisfaction-widget';
import { useRateTicket, useTicketSatisfaction } from '@/features/portal/api/ticket-satisfaction';

/**
 * `/portal/tickets/:ticketId` (reference, number or uuid): the requester's own ticket — status in
 * plain words, details (assigned or not, never to whom; no priority), the session with its join
 * link, their request and its files, the public history (replies with their files: thumbnails
 * and downloads fetched with the session's token), then what they may do (portal/utils/
 * customer-ticket-rules.ts): reply and close while it is open; on a CLOSED ticket, a follow-up
 * ticket, never a reopening. Another requester's ticket is "not found", as the API answers.
 */
export function PortalTicketRoute() {
  const { t } = useTranslation();
  const { ticketId = '' } = useParams();
  const ticket = usePortalTicket(ticketId);
  // Opened: its "New reply" marker clears (docs/product.md "Unread markers").
  useMarkTicketSeen(ticket.data?.id, ticket.data?.version);

  const backLink = (
    <Link className="back-link" to={paths.portal.getHref()}>
      {t('portal.ticket.back')}
    </Link>
  );

  if (ticket.data === undefined) {
    if (ticket.isPending) return <Loading />;
    return (
      <div className="customer-narrow">
        {backLink}
        <LoadError
          title={t('portal.ticket.error')}
          notFoundTitle={t('portal.ticket.notFound')}
          error={ticket.error}
          onRetry={() => void ticket.refetch()}
        />
      </div>
    );
  }

  return (
    <PortalTicketPage
      ticket={ticket.data}
      backLink={backLink}
      onClosedMeanwhile={() => void ticket.refetch()}
    />
  );
}

function PortalTicketPage({
  ticket,
  backLink,
  onClosedMeanwhile,
}: {
  ticket: CustomerTicket;
  backLink: ReactNode;
  /** The ticket turned CLOSED while the requester wrote: reload it. */
  onClosedMeanwhile: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const actions = customerTicketActions(ticket.status);
  const history = useTicketHistory(ticket);
  const send = useReplyToTicket(ticket.id);

  return (
    <div className="customer-narrow">
      <title>{t('app.pageTitle', { page: `${ticket.reference} ${ticket.subject}` })}</title>
      {backLink}
      <article className="public-ticket" aria-labelledby={`${id}-subject`}>
        <TicketHeader ticket={ticket} headingId={`${id}-subject`} />

        <StatusSummary status={ticket.status} />
        <PortalTicketDetails ticket={ticket} ticketHref={paths.portalTicket.getHref} />
        {ticket.session ? <SessionCard session={ticket.session} /> : null}

        <DescriptionCard title={t('portal.ticket.description')} description={ticket.description} />
        <AttachmentsCard attachments={ticket.attachments} />

        <section className="conversation" aria-labelledby={`${id}-history`}>
          <h2 id={`${id}-history`} className="section-title">
            {t('portal.ticket.history')}
          </h2>
          {history.data !== undefined ? (
            <PublicTimeline
              items={history.data}
              renderAttachments={(files) => <AttachmentList attachments={files} />}
            />
          ) : history.isPending ? (
            <Loading />
          ) : (
            <LoadError
              title={t('portal.ticket.historyError')}
              error={history.error}
              onRetry={() => void history.refetch()}
            />
          )}
        </section>

        {actions.canReply ? (
          <ReplyForm
            send={send}
            reopens={actions.replyReopens}
            onTicketClosed={() => {
              onClosedMeanwhile();
              void history.refetch();
            }}
          />
        ) : null}
        {ticket.resolvedAt ? <PortalSatisfaction ticket={ticket} /> : null}
        {actions.canClose ? (
          <CloseTicket ticket={ticket} resolved={ticket.status === 'RESOLVED'} />
        ) : null}
        {actions.offerFollowUp ? (
          <FollowUpOffer href={paths.portalNewTicket.getHref(ticket.reference)} />
        ) : null}
      </article>
    </div>
  );
}

/** "How did we do?" for the requester's resolved ticket (docs/product.md "Satisfaction"). */
function PortalSatisfaction({ ticket }: { ticket: CustomerTicket }) {
  const state = useTicketSatisfaction(ticket.id);
  const rate = useRateTicket(ticket.id);
  if (state.data === undefined) return null;
  return (
    <SatisfactionWidget
      key={ticket.resolvedAt ?? ''}
      state={state.data}
      submit={(body) => rate.mutateAsync(body)}
    />
  );
}
