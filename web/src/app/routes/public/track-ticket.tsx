import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { PublicTicket } from '@docket/server/contract/public';
import { Button } from '@/components/ui/button';
import { FollowUpClosedNotice, TrackedTicketView } from '@/app/components/tracked-ticket-view';
import { paths } from '@/config/paths';
import { TrackTicketForm } from '@/features/tracker/components/track-ticket-form';

/**
 * `/track-ticket`, no sign-in (docs/product.md "Customers"): the requester types the ticket reference
 * and their email and sees the ticket's public view. Replying needs the signed link of an email
 * (the look-up proves knowledge of two facts, not ownership of the mailbox), so the page points
 * there; a CLOSED ticket points to a follow-up in the portal.
 */
export function TrackTicketRoute() {
  const { t } = useTranslation();
  const [ticket, setTicket] = useState<PublicTicket | null>(null);
  const resultRef = useRef<HTMLDivElement>(null);

  // The answer replaces the form: move the reader (and a screen reader's cursor) to it.
  useEffect(() => {
    if (ticket) resultRef.current?.focus();
  }, [ticket]);

  if (ticket) {
    return (
      <div className="customer-narrow" ref={resultRef} tabIndex={-1}>
        <title>{t('app.pageTitle', { page: `${ticket.reference} ${ticket.subject}` })}</title>
        <TrackedTicketView ticket={ticket}>
          {ticket.status === 'CLOSED' ? (
            <FollowUpClosedNotice reference={ticket.reference} />
          ) : (
            <p className="customer-note">{t('tracker.replyHint')}</p>
          )}
        </TrackedTicketView>
        <div className="form__actions">
          <Button variant="secondary" onClick={() => setTicket(null)}>
            {t('tracker.another')}
          </Button>
        </div>
      </div>
    );
  }

  return (
    <div className="customer-narrow">
      <title>{t('app.pageTitle', { page: t('tracker.title') })}</title>
      <div className="page-header">
        <h1>{t('tracker.title')}</h1>
      </div>
      <p className="customer-intro">{t('tracker.intro')}</p>
      <div className="card">
        <TrackTicketForm onFound={setTicket} />
      </div>
      <p className="customer-note">
        <Link to={paths.signIn.getHref(paths.portal.getHref())}>{t('tracker.signInForAll')}</Link>
      </p>
    </div>
  );
}
