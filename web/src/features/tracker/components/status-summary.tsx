import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { TicketStatus } from '@docket/server/contract/domain';
import { explainStatus } from '../utils/status-explanation';

/**
 * The ticket's status for its requester: the status's name (with the dashboard's status colours)
 * and what it means for them in plain words (utils/status-explanation.ts). A RESOLVED ticket
 * also invites a reply if the problem persists (docs/product.md "Notifications": resolved "inviting a
 * reply"; a requester's reply reopens it).
 */
export function StatusSummary({ status }: { status: TicketStatus }) {
  const { t } = useTranslation();
  const id = useId();
  const explanation = explainStatus(status);
  return (
    <section
      className={`status-summary status-summary--${explanation.tone}`}
      aria-labelledby={`${id}-title`}
      data-testid="status-summary"
      data-status={status}
    >
      <h2 id={`${id}-title`} className="status-summary__title">
        <span className="status-summary__label">{t('publicTicket.status')}</span>{' '}
        <span
          className={`badge badge--status badge--status-${status.toLowerCase().replaceAll('_', '-')}`}
        >
          {t(`status.${status}`)}
        </span>
      </h2>
      <p className="status-summary__explanation">{t(explanation.explanationKey)}</p>
      {status === 'RESOLVED' ? (
        <p className="status-summary__invite" data-testid="resolved-invite">
          {t('publicTicket.resolvedInvite')}
        </p>
      ) : null}
    </section>
  );
}
