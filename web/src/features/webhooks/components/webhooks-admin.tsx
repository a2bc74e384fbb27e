import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '@/components/ui/alert';
import { Loading } from '@/components/ui/loading';
import { errorMessage } from '@/lib/form-errors';
import { useWebhooks } from '../api/get-webhooks';
import { CreateWebhookForm } from './create-webhook-form';
import { SecretNotice } from './secret-notice';
import { WebhookEndpointCard } from './webhook-endpoint-card';

/** The admins' webhook page: the endpoints, a form to add one, the secret of the one just added. */
export function WebhooksAdmin() {
  const { t } = useTranslation();
  const webhooks = useWebhooks();
  const [secret, setSecret] = useState<string | null>(null);

  return (
    <>
      <p className="webhook-muted">{t('webhooks.intro')}</p>
      {secret ? <SecretNotice secret={secret} onDismiss={() => setSecret(null)} /> : null}
      {webhooks.isPending ? <Loading /> : null}
      {webhooks.isError ? <Alert tone="error">{errorMessage(webhooks.error, t)}</Alert> : null}
      {webhooks.data?.data.length === 0 ? (
        <p className="webhook-muted">{t('webhooks.empty')}</p>
      ) : null}
      {webhooks.data?.data.map((endpoint) => (
        <WebhookEndpointCard key={endpoint.id} endpoint={endpoint} />
      ))}
      <CreateWebhookForm onCreated={(endpoint) => setSecret(endpoint.secret)} />
    </>
  );
}
