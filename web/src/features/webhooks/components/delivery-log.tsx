import { useTranslation } from 'react-i18next';
import type { WebhookDelivery } from '@docket/server/contract/webhooks';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { DateTime } from '@/components/ui/date-time';
import { Loading } from '@/components/ui/loading';
import { errorMessage } from '@/lib/form-errors';
import { useWebhookDeliveries } from '../api/get-webhook-deliveries';
import { useRetryWebhookDelivery } from '../api/retry-webhook-delivery';
import { eventTypeLabel } from './event-type-label';

/**
 * An endpoint's delivery log, newest first: the event, its status, attempts, the last answer
 * (status code and latency), the next retry, and why the last attempt failed (error and the start
 * of the answer). Failed and delivered deliveries can be sent again ("Retry").
 */
export function DeliveryLog({ endpointId, enabled }: { endpointId: string; enabled: boolean }) {
  const { t } = useTranslation();
  const deliveries = useWebhookDeliveries(endpointId);
  const retry = useRetryWebhookDelivery(endpointId);

  if (deliveries.isPending) return <Loading />;
  if (deliveries.isError) return <Alert tone="error">{errorMessage(deliveries.error, t)}</Alert>;
  const rows = deliveries.data.pages.flatMap((page) => page.data);

  return (
    <section className="delivery-log" aria-label={t('webhooks.deliveries.heading')}>
      <div className="delivery-log__header">
        <h3>{t('webhooks.deliveries.heading')}</h3>
        <Button variant="ghost" onClick={() => void deliveries.refetch()}>
          {t('webhooks.deliveries.refresh')}
        </Button>
      </div>
      {retry.isError ? <Alert tone="error">{errorMessage(retry.error, t)}</Alert> : null}
      {rows.length === 0 ? (
        <p className="webhook-muted">{t('webhooks.deliveries.empty')}</p>
      ) : (
        <div className="table-scroll">
          <table className="delivery-log__table">
            <thead>
              <tr>
                <th scope="col">{t('webhooks.deliveries.event')}</th>
                <th scope="col">{t('webhooks.deliveries.status')}</th>
                <th scope="col">{t('webhooks.deliveries.attempts')}</th>
                <th scope="col">{t('webhooks.deliveries.answer')}</th>
                <th scope="col">{t('webhooks.deliveries.nextRetry')}</th>
                <th scope="col">{t('webhooks.deliveries.error')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('webhooks.deliveries.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((delivery) => (
                <DeliveryRow
                  key={delivery.id}
                  delivery={delivery}
                  canRetry={enabled && !retry.isPending}
                  onRetry={() => retry.mutate(delivery.id)}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {deliveries.hasNextPage ? (
        <Button
          variant="secondary"
          onClick={() => void deliveries.fetchNextPage()}
          disabled={deliveries.isFetchingNextPage}
        >
          {t('webhooks.deliveries.loadMore')}
        </Button>
      ) : null}
    </section>
  );
}

function DeliveryRow({
  delivery,
  canRetry,
  onRetry,
}: {
  delivery: WebhookDelivery;
  canRetry: boolean;
  onRetry: () => void;
}) {
  const { t } = useTranslation();
  return (
    <tr>
      <td>
        {eventTypeLabel(delivery.eventType, t)}
        <br />
        <DateTime value={delivery.createdAt} />
      </td>
      <td>
        <span className={`badge delivery-status delivery-status--${delivery.status.toLowerCase()}`}>
          {t(`webhooks.deliveries.statuses.${delivery.status}`)}
        </span>
      </td>
      <td>
        {t('webhooks.deliveries.attemptsOf', {
          count: delivery.attempts,
          max: delivery.maxAttempts,
        })}
      </td>
      <td>
        {delivery.lastStatusCode !== null
          ? delivery.lastStatusCode
          : delivery.attempts > 0
            ? t('webhooks.deliveries.noAnswer')
            : '—'}
        {delivery.lastLatencyMs !== null ? (
          <span className="webhook-muted">
            {' '}
            · {t('webhooks.deliveries.latency', { ms: delivery.lastLatencyMs })}
          </span>
        ) : null}
      </td>
      <td>{delivery.nextAttemptAt ? <DateTime value={delivery.nextAttemptAt} /> : '—'}</td>
      <td className="delivery-log__error">
        {delivery.lastError ?? ''}
        {delivery.responseExcerpt ? (
          <pre className="delivery-log__excerpt">{delivery.responseExcerpt}</pre>
        ) : null}
      </td>
      <td>
        {delivery.status !== 'PENDING' ? (
          <Button variant="secondary" onClick={onRetry} disabled={!canRetry}>
            {t('webhooks.deliveries.retry')}
          </Button>
        ) : null}
      </td>
    </tr>
  );
}
