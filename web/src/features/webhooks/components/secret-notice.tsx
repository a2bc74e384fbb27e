import { useTranslation } from 'react-i18next';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';

/** The signing secret of a new endpoint, shown once (the server never shows it again). */
export function SecretNotice({ secret, onDismiss }: { secret: string; onDismiss: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert
      tone="success"
      title={t('webhooks.secret.title')}
      action={
        <Button variant="secondary" onClick={onDismiss}>
          {t('webhooks.secret.dismiss')}
        </Button>
      }
    >
      <p>{t('webhooks.secret.body')}</p>
      <code className="webhook-secret" aria-label={t('webhooks.secret.title')}>
        {secret}
      </code>
    </Alert>
  );
}
