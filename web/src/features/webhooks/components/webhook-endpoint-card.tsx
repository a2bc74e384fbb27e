import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WebhookEndpoint } from '@docket/server/contract/webhooks';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { DateTime } from '@/components/ui/date-time';
import { errorMessage } from '@/lib/form-errors';
import { useDeleteWebhook } from '../api/delete-webhook';
import { useUpdateWebhook } from '../api/update-webhook';
import { DeliveryLog } from './delivery-log';
import { eventTypeLabel } from './event-type-label';

/**
 * One endpoint: its URL and state (enabled, disabled and why, failing since), the events it
 * receives; enable or disable it, delete it (asked twice), open its delivery log.
 */
export function WebhookEndpointCard({ endpoint }: { endpoint: WebhookEndpoint }) {
  const { t } = useTranslation();
  const [showLog, setShowLog] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const update = useUpdateWebhook();
  const remove = useDeleteWebhook();
  const error = update.error ?? remove.error;

  return (
    <article className="card webhook-card" aria-label={endpoint.url}>
      <div className="webhook-card__header">
        <div>
          <h2 className="webhook-card__url">{endpoint.url}</h2>
          {endpoint.description ? <p className="webhook-muted">{endpoint.description}</p> : null}
        </div>
        <span className={`badge webhook-state webhook-state--${endpoint.enabled ? 'on' : 'off'}`}>
          {endpoint.enabled ? t('webhooks.endpoint.enabled') : t('webhooks.endpoint.disabled')}
        </span>
      </div>
      {!endpoint.enabled && endpoint.disabledReason ? (
        <Alert tone="error" title={t('webhooks.endpoint.disabledTitle')}>
          <p>
            {endpoint.disabledReason}
            {endpoint.disabledAt ? (
              <>
                {' · '}
                <DateTime value={endpoint.disabledAt} />
              </>
            ) : null}
          </p>
        </Alert>
      ) : null}
      {endpoint.enabled && endpoint.failingSince ? (
        <Alert tone="info">
          {t('webhooks.endpoint.failingSince')} <DateTime value={endpoint.failingSince} />
        </Alert>
      ) : null}
      <p className="webhook-card__events">
        <span className="webhook-muted">{t('webhooks.endpoint.events')}: </span>
        {endpoint.eventTypes.map((type) => eventTypeLabel(type, t)).join(', ')}
        {endpoint.includeInternal ? ` · ${t('webhooks.endpoint.internalNotes')}` : ''}
      </p>
      {error ? <Alert tone="error">{errorMessage(error, t)}</Alert> : null}
      <div className="webhook-actions">
        <Button
          variant="secondary"
          disabled={update.isPending}
          onClick={() => update.mutate({ id: endpoint.id, body: { enabled: !endpoint.enabled } })}
        >
          {endpoint.enabled ? t('webhooks.endpoint.disable') : t('webhooks.endpoint.enable')}
        </Button>
        <Button variant="secondary" aria-expanded={showLog} onClick={() => setShowLog((v) => !v)}>
          {showLog ? t('webhooks.endpoint.hideDeliveries') : t('webhooks.endpoint.showDeliveries')}
        </Button>
        {confirmDelete ? (
          <>
            <Button disabled={remove.isPending} onClick={() => remove.mutate(endpoint.id)}>
              {t('webhooks.endpoint.confirmDelete')}
            </Button>
            <Button variant="ghost" onClick={() => setConfirmDelete(false)}>
              {t('webhooks.endpoint.cancel')}
            </Button>
          </>
        ) : (
          <Button variant="ghost" onClick={() => setConfirmDelete(true)}>
            {t('webhooks.endpoint.delete')}
          </Button>
        )}
      </div>
      {showLog ? <DeliveryLog endpointId={endpoint.id} enabled={endpoint.enabled} /> : null}
    </article>
  );
}
