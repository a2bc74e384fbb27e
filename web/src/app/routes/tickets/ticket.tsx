import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { AnyTicket } from '@docket/server/contract';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Loading } from '@/components/ui/loading';
import { paths } from '@/config/paths';
import { AttachmentList } from '@/features/attachments';
import { useCurrentUser } from '@/features/auth/components/current-user';
import { useTicket } from '@/features/tickets/api/get-ticket';
import { useTicketResponses } from '@/features/tickets/api/get-ticket-responses';
import { ReplyComposer } from '@/features/tickets/components/reply-composer';
import { ResponseTimeline } from '@/features/tickets/components/response-timeline';
import { TicketSummary } from '@/features/tickets/components/ticket-summary';
import { isApiError } from '@/lib/api-client';
import { errorMessage } from '@/lib/form-errors';

export function TicketRoute() {
  const { t } = useTranslation();
  const { ticketId = '' } = useParams();
  const ticket = useTicket(ticketId);

  const backLink = (
    <Link className="back-link" to={paths.tickets.getHref()}>
      {t('ticket.backToList')}
    </Link>
  );

  if (ticket.data === undefined) {
    if (ticket.isPending) return <Loading />;
    const notFound = isApiError(ticket.error) && ticket.error.status === 404;
    return (
      <>
        {backLink}
        <Alert
          tone="error"
          title={notFound ? t('ticket.notFound') : t('ticket.error')}
          action={
            notFound ? null : (
              <Button variant="secondary" onClick={() => void ticket.refetch()}>
                {t('common.retry')}
              </Button>
            )
          }
        >
          {notFound ? null : errorMessage(ticket.error, t)}
        </Alert>
      </>
    );
  }

  return (
    <div className="ticket-page">
      <title>
        {t('app.pageTitle', { page: `${ticket.data.reference} ${ticket.data.subject}` })}
      </title>
      {backLink}
      <TicketSummary ticket={ticket.data} />
      {ticket.data.attachments.length ? (
        <section className="ticket-attachments" aria-labelledby="ticket-attachments-heading">
          <h2 id="ticket-attachments-heading" className="section-title">
            {t('attachments.heading')}
          </h2>
          <AttachmentList attachments={ticket.data.attachments} />
        </section>
      ) : null}
      <TicketConversation ticket={ticket.data} />
    </div>
  );
}

function TicketConversation({ ticket }: { ticket: AnyTicket }) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const responses = useTicketResponses(ticket.id);
  const isCustomer = user.role === 'CUSTOMER';

  return (
    <section className="conversation" aria-labelledby="conversation-heading">
      <h2 id="conversation-heading" className="section-title">
        {t('ticket.timeline')}
      </h2>
      {responses.data !== undefined ? (
        <ResponseTimeline responses={responses.data} />
      ) : responses.isPending ? (
        <Loading />
      ) : (
        <Alert
          tone="error"
          title={t('ticket.responsesError')}
          action={
            <Button variant="secondary" onClick={() => void responses.refetch()}>
              {t('common.retry')}
            </Button>
          }
        >
          {errorMessage(responses.error, t)}
        </Alert>
      )}
      {/* SPEC: a customer cannot reply to a CLOSED ticket; a follow-up is a new ticket. */}
      {isCustomer && ticket.status === 'CLOSED' ? (
        <Alert tone="info">{t('composer.closed')}</Alert>
      ) : (
        <ReplyComposer ticketId={ticket.id} canWriteInternalNotes={!isCustomer} />
      )}
    </section>
  );
}
