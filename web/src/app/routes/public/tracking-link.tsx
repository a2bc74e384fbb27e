import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { LoadError } from '@/components/ui/load-error';
import { Loading } from '@/components/ui/loading';
import { FollowUpClosedNotice, TrackedTicketView } from '@/app/components/tracked-ticket-view';
import { paths } from '@/config/paths';
import { useTrackedTicket } from '@/features/tracker/api/get-tracked-ticket';
import { useReplyByToken } from '@/features/tracker/api/reply-by-token';
import { RateLimitNotice } from '@/features/tracker/components/rate-limit-notice';
import { ReplyForm } from '@/features/tracker/components/reply-form';
import { TrackerSatisfaction } from '@/features/tracker/components/tracker-satisfaction';
import { useRateLimit } from '@/features/tracker/utils/countdown';
import { explainStatus } from '@/features/tracker/utils/status-explanation';
import { isApiError } from '@/lib/api-client';

/**
 * `/t/:token`, the signed link of every notification email (docs/product.md "Customers"; the server
 * builds `${PUBLIC_URL}/t/<token>`): the ticket's public view and public files without typing
 * anything, and the requester's reply with files (which reopens a RESOLVED ticket: the page invites it). A bad link (404) and
 * an expired one (410) each say what to do instead; a 429 counts down its Retry-After.
 */
export function TrackingLinkRoute() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const ticket = useTrackedTicket(token);
  const send = useReplyByToken(token);
  const rateLimit = useRateLimit(ticket.data === undefined ? ticket.error : null);

  const lookUp = (
    <Link className="button button--secondary" to={paths.trackTicket.getHref()}>
      {t('tracker.link.lookUp')}
    </Link>
  );

  if (ticket.data === undefined) {
    if (ticket.isPending) return <Loading />;
    const status = isApiError(ticket.error) ? ticket.error.status : 0;
    return (
      <div className="customer-narrow">
        <title>{t('app.pageTitle', { page: t('tracker.title') })}</title>
        {rateLimit ? (
          <>
            <RateLimitNotice secondsLeft={rateLimit.secondsLeft} />
            <div className="form__actions">
              <Button
                variant="secondary"
                disabled={rateLimit.secondsLeft !== 0 && rateLimit.secondsLeft !== null}
                onClick={() => void ticket.refetch()}
              >
                {t('common.retry')}
              </Button>
            </div>
          </>
        ) : status === 404 ? (
          <Alert tone="error" title={t('tracker.link.invalidTitle')} action={lookUp}>
            {t('tracker.link.invalid')}
          </Alert>
        ) : status === 410 ? (
          <Alert tone="error" title={t('tracker.link.expiredTitle')} action={lookUp}>
            {t('tracker.link.expired')}
          </Alert>
        ) : (
          <LoadError
            title={t('tracker.link.error')}
            error={ticket.error}
            onRetry={() => void ticket.refetch()}
          />
        )}
      </div>
    );
  }

  const view = ticket.data;
  const explanation = explainStatus(view.status);
  return (
    <div className="customer-narrow">
      <title>{t('app.pageTitle', { page: `${view.reference} ${view.subject}` })}</title>
      <TrackedTicketView ticket={view}>
        {view.resolvedAt ? <TrackerSatisfaction token={token} /> : null}
        {explanation.canReply ? (
          <ReplyForm
            send={send}
            reopens={explanation.replyReopens}
            onTicketClosed={() => void ticket.refetch()}
          />
        ) : (
          <FollowUpClosedNotice reference={view.reference} />
        )}
      </TrackedTicketView>
    </div>
  );
}
