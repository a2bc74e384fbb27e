import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerTicket } from '@docket/server/contract/tickets';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { isApiError } from '@/lib/api-client';
import { errorMessage } from '@/lib/form-errors';
import { useCloseTicket } from '../api/close-ticket';

/**
 * "Close ticket" for the requester (docs/product.md roles table: "close own ticket only"), asked twice:
 * closing is final (nobody reopens a CLOSED ticket), so the button opens a confirmation saying
 * so, in the page rather than a browser dialog. Sent with the version the requester saw
 * (If-Match): if the ticket changed meanwhile (412), nothing is closed and the page shows the
 * ticket as it is now.
 */
export function CloseTicket({
  ticket,
  resolved = false,
}: {
  ticket: Pick<CustomerTicket, 'id' | 'version'>;
  /** The ticket is RESOLVED: the button confirms the solution rather than giving up. */
  resolved?: boolean;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [confirming, setConfirming] = useState(false);
  const returnFocus = useRef(false);
  const close = useCloseTicket();

  // "Keep it open" hands the focus back to the button that asked, not to the page's top.
  const openerRef = (button: HTMLButtonElement | null) => {
    if (button && returnFocus.current) {
      returnFocus.current = false;
      button.focus();
    }
  };

  const stale = isApiError(close.error) && close.error.status === 412;
  const failure = close.error && !stale ? errorMessage(close.error, t) : null;

  if (!confirming) {
    return (
      <section className="close-ticket" aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`} className="visually-hidden">
          {t('portal.close.heading')}
        </h2>
        {resolved ? <p className="close-ticket__lead">{t('portal.close.resolvedLead')}</p> : null}
        {stale ? <Alert tone="info">{t('portal.close.stale')}</Alert> : null}
        {failure ? <Alert tone="error">{failure}</Alert> : null}
        <button
          ref={openerRef}
          type="button"
          className="button button--secondary"
          onClick={() => {
            close.reset();
            setConfirming(true);
          }}
        >
          {t('portal.close.button')}
        </button>
      </section>
    );
  }

  return (
    <section
      className="close-ticket close-ticket--confirming"
      role="group"
      aria-labelledby={`${id}-confirm-title`}
      aria-describedby={`${id}-confirm-body`}
    >
      <h2 id={`${id}-confirm-title`} className="close-ticket__title">
        {t('portal.close.confirmTitle')}
      </h2>
      <p id={`${id}-confirm-body`}>{t('portal.close.confirmBody')}</p>
      <div className="form__actions">
        <Button
          autoFocus
          disabled={close.isPending}
          onClick={() =>
            close.mutate(ticket, {
              onSettled: () => setConfirming(false),
            })
          }
        >
          {close.isPending ? t('portal.close.closing') : t('portal.close.confirm')}
        </Button>
        <Button
          variant="ghost"
          disabled={close.isPending}
          onClick={() => {
            setConfirming(false);
            returnFocus.current = true;
          }}
        >
          {t('portal.close.cancel')}
        </Button>
      </div>
    </section>
  );
}
